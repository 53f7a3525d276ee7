// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Differential test: the real XDP program, run with BPF_PROG_TEST_RUN on
 * random tables and random frames, against the reference model in
 * tests/model/. For every frame the verdict, the bytes out, the one reason
 * counter that moves (by one packet and the frame's length) and the
 * destination counter must agree; any other counter moving is a mismatch too.
 *
 * The tables change every XBR_PER_TABLE frames (default 1000); XBR_PACKETS
 * frames in all (default 1,000,000); XBR_SEED fixes the run (default: from
 * the clock, printed first). A mismatch prints a reproducer, the run goes on
 * to count them all and fails. XBR_REPRO=TABLE:PACKET runs that one frame
 * and prints it whatever the outcome.
 *
 * The route cache is on (route_gen is bumped after every write of the tries,
 * as the loader does), so every table is also a test of what sits in front
 * of the tries. test_churn changes the tables under traffic: every 1 to
 * XBR_CHURN_EVERY frames (default 6) one change (a trie entry around a
 * destination just sent, a gateway, liveness, an interface, an egress port),
 * and most frames are the last few sent again, whose destinations the
 * cache holds: each must get the answer of the tables as they are now.
 * XBR_CHURN_PACKETS frames (default 200,000); its reproducer is the seed.
 *
 * Needs root. Runs in a network namespace of its own with three veth pairs,
 * so that ingress ifindexes and devmap entries are real devices; both go
 * with the process. The namespace also has addresses, routes and neighbours
 * behind the veths (env_setup()): the FIB the program asks for the way back
 * of an ICMP error and for rp_filter, which the model is given as a table.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <inttypes.h>
#include <linux/bpf.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "maps/xbr_maps.h"
#include "tests/sys.h"
#include "xbr.skel.h"
#include "model/dump.h"
#include "model/gen.h"
#include "model/selftest.h"

#define SEC	    1000000000ULL
#define MAX_REPORTS 5 /* reproducers printed in full; the rest only counted */

struct fixture {
	struct xbr_bpf *skel;
	int prog, v4, v6, gws, egress, ifaces, live, counters, dest, allow4, allow6, gen;
	int settings, icmp_rate;
	int ncpus;
	struct gen_env env;
	struct gen_tables tab; /* what the maps hold now */
	__u32 table;	       /* its number */
	__u64 seed;
	struct xbr_counter last[XBR_REASON_MAX];       /* counters after the last frame */
	struct xbr_counter shadow[XBR_DEST_STATS_MAX]; /* what dest_stats must hold */
	struct xbr_counter *scratch;		       /* ncpus × XBR_DEST_STATS_MAX */
	__u64 compared, mismatches;
	__u64 seen[XBR_REASON_MAX][2]; /* frames per expected reason, IPv4 / IPv6 */
	bool quiet;		       /* comparator self-test: count, do not print */
	bool verbose;		       /* XBR_REPRO: print the frame even when both agree */
	bool stale;	 /* comparator self-test: trie changes without a new route_gen */
	__u64 churned;	 /* changes made under traffic */
	__u64 looked_up; /* frames the model says reached the tries */
};

static struct fixture fx;

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * SEC + ts.tv_nsec;
}

/* Per-CPU counters 0..n-1 summed over CPUs, in one syscall. */
static void counters_read(int fd, __u32 n, struct xbr_counter *sum)
{
	static __u32 keys[XBR_DEST_STATS_MAX];
	__u32 count = n, out_batch, i;
	int cpu, err;

	err = bpf_map_lookup_batch(fd, NULL, &out_batch, keys, fx.scratch, &count, NULL);
	assert_true(err == 0 || errno == ENOENT);
	assert_int_equal(count, n);
	memset(sum, 0, n * sizeof(*sum));
	for (i = 0; i < n; i++) {
		for (cpu = 0; cpu < fx.ncpus; cpu++) {
			sum[keys[i]].packets += fx.scratch[i * fx.ncpus + cpu].packets;
			sum[keys[i]].bytes += fx.scratch[i * fx.ncpus + cpu].bytes;
		}
	}
}

static struct xbr_counter dest_read(__u32 key)
{
	struct xbr_counter sum = {};
	int cpu;

	assert_int_equal(bpf_map_lookup_elem(fx.dest, &key, fx.scratch), 0);
	for (cpu = 0; cpu < fx.ncpus; cpu++) {
		sum.packets += fx.scratch[cpu].packets;
		sum.bytes += fx.scratch[cpu].bytes;
	}
	return sum;
}

/*
 * Delete what the model says a pair of tries holds. An xbr_lpm_v4 key is the
 * first 8 bytes of an xbr_lpm_v6 one: one key serves both.
 */
static void tries_clear(int fd4, const struct model_route *v4, __u32 n4, int fd6,
			const struct model_route *v6, __u32 n6)
{
	__u32 i;

	for (i = 0; i < n4 + n6; i++) {
		const struct model_route *e = i < n4 ? &v4[i] : &v6[i - n4];
		struct xbr_lpm_v6 key = { .prefixlen = e->prefixlen };

		memcpy(key.addr, e->addr, 16);
		assert_int_equal(bpf_map_delete_elem(i < n4 ? fd4 : fd6, &key), 0);
	}
}

static void trie_put(int fd4, int fd6, const struct gen_put *p, const void *val)
{
	struct xbr_lpm_v6 key = { .prefixlen = p->prefixlen };

	memcpy(key.addr, p->addr, 16);
	assert_int_equal(bpf_map_update_elem(p->family == 4 ? fd4 : fd6, &key, val, BPF_ANY), 0);
}

/* After a write of the tries: a new route_gen, as the loader does (pins_routes_changed). */
static void routes_changed(void)
{
	struct xbr_route_gen g;
	__u32 zero = 0;

	if (fx.stale)
		return;
	assert_int_equal(bpf_map_lookup_elem(fx.gen, &zero, &g), 0);
	g.gen++;
	assert_int_equal(bpf_map_update_elem(fx.gen, &zero, &g, BPF_ANY), 0);
}

/* Empty the maps of the previous tables, then write these. */
static void tables_install(const struct gen_tables *g)
{
	const struct model_tables *old = &fx.tab.model, *t = &g->model;
	const __u32 allowed = XBR_ALLOW_ENTRY;
	struct bpf_devmap_val dv = {};
	__u32 i, k;

	tries_clear(fx.v4, old->v4, old->n_v4, fx.v6, old->v6, old->n_v6);
	tries_clear(fx.allow4, old->allow4, old->n_allow4, fx.allow6, old->allow6, old->n_allow6);
	for (i = 0; i < g->n_puts; i++)
		trie_put(fx.v4, fx.v6, &g->puts[i], &g->puts[i].val);
	routes_changed();
	for (i = 0; i < g->n_allow; i++)
		trie_put(fx.allow4, fx.allow6, &g->allow[i], &allowed);
	for (k = 0; k < XBR_GATEWAYS_MAX; k++)
		assert_int_equal(bpf_map_update_elem(fx.gws, &k, &t->gateways[k], 0), 0);
	for (i = 0; i < t->n_ifaces; i++)
		assert_int_equal(
			bpf_map_update_elem(fx.ifaces, &t->ifaces[i].ifindex, &t->ifaces[i].val, 0),
			0);
	for (i = 0; i < fx.env.n_if; i++)
		bpf_map_delete_elem(fx.egress, &fx.env.ifindex[i]);
	for (i = 0; i < t->n_egress; i++) {
		dv.ifindex = t->egress[i];
		assert_int_equal(bpf_map_update_elem(fx.egress, &t->egress[i], &dv, 0), 0);
	}
	k = 0;
	assert_int_equal(bpf_map_update_elem(fx.live, &k, &t->live, 0), 0);
	assert_int_equal(bpf_map_update_elem(fx.settings, &k, &t->settings, 0), 0);
	/* A fresh bucket for all senders: it refills at its first use. */
	assert_int_equal(bpf_map_update_elem(fx.icmp_rate, &k, &(struct xbr_icmp_rate){}, 0), 0);
	fx.tab = *g;
}

static void table_load(__u32 table)
{
	static struct gen_tables g;
	struct rng r;

	rng_seed(&r, fx.seed, table, ~0ULL);
	fx.env.now_ns = now_ns();
	gen_tables(&g, &r, &fx.env);
	tables_install(&g);
	fx.table = table;
}

static void report(__u32 n, __u32 ingress, const __u8 *in, __u32 len,
		   const struct model_result *want, __u32 verdict, const __u8 *out, __u32 out_len,
		   const struct xbr_counter *moved, const char *what)
{
	__u32 i;

	if (fx.quiet)
		return;
	if (fx.mismatches > MAX_REPORTS) {
		if (fx.mismatches == MAX_REPORTS + 1)
			fprintf(stderr, "more mismatches: counted, not printed\n");
		return;
	}
	fprintf(stderr,
		"\n%s: table %u packet %u (reproduce: XBR_SEED=%#" PRIx64 " XBR_REPRO=%u:%u)\n",
		what, fx.table, n, (uint64_t)fx.seed, fx.table, n);
	fprintf(stderr, "  ingress ifindex %u, %u bytes:\n    ", ingress, len);
	dump_hex(stderr, in, len);
	fprintf(stderr, "  model:   %s, %s", dump_verdict(want->verdict),
		dump_reason_names[want->reason]);
	if (want->counts_dest)
		fprintf(stderr, ", dest_stats[%u]", want->dest_index);
	fprintf(stderr, "\n  program: %s, counters moved:", dump_verdict(verdict));
	for (i = 0; i < XBR_REASON_MAX; i++)
		if (moved[i].packets || moved[i].bytes)
			fprintf(stderr, " %s +%llu/+%llu B", dump_reason_names[i],
				(unsigned long long)moved[i].packets,
				(unsigned long long)moved[i].bytes);
	fprintf(stderr, "\n");
	if (out_len != want->len || memcmp(out, want->out, out_len))
		dump_hexdiff(stderr, want->out, want->len, out, out_len);
	fprintf(stderr, "  tables:\n");
	dump_tables(stderr, &fx.tab);
}

static int prog_run(const __u8 *in, __u32 len, __u32 ingress, __u8 *out, __u32 *out_len,
		    __u32 *verdict)
{
	struct xdp_md ctx = { .data_end = len, .ingress_ifindex = ingress };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in, .data_size_in = len, .data_out = out,
		    .data_size_out = GEN_FRAME_MAX + 64, .ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		    .repeat = 1);
	int err = bpf_prog_test_run_opts(fx.prog, &opts);

	*out_len = opts.data_size_out;
	*verdict = opts.retval;
	return err;
}

/* Counters since the last frame: did only `reason` move, by one frame of len bytes? */
static bool reasons_agree(__u32 reason, __u32 len, struct xbr_counter *moved)
{
	static struct xbr_counter now[XBR_REASON_MAX];
	bool ok = true;
	__u32 i;

	counters_read(fx.counters, XBR_REASON_MAX, now);
	for (i = 0; i < XBR_REASON_MAX; i++) {
		__u64 want = i == reason;

		moved[i].packets = now[i].packets - fx.last[i].packets;
		moved[i].bytes = now[i].bytes - fx.last[i].bytes;
		ok &= moved[i].packets == want && moved[i].bytes == want * len;
	}
	memcpy(fx.last, now, sizeof(fx.last));
	return ok;
}

/* dest_stats against fx.shadow: all of it, or the one entry the frame should move. */
static bool dest_agree(const struct model_result *want, __u32 len, bool full)
{
	static struct xbr_counter now[XBR_DEST_STATS_MAX];
	__u32 k = want->dest_index, i;
	__u32 first = full ? 0 : k, last = full ? XBR_DEST_STATS_MAX : k + 1;
	bool ok = true;

	if (want->counts_dest) {
		fx.shadow[k].packets++;
		fx.shadow[k].bytes += len;
	}
	if (full)
		counters_read(fx.dest, XBR_DEST_STATS_MAX, now);
	else if (want->counts_dest)
		now[k] = dest_read(k);
	else
		return true;
	for (i = first; i < last; i++) {
		if (!memcmp(&now[i], &fx.shadow[i], sizeof(now[i])))
			continue;
		if (!fx.quiet)
			fprintf(stderr, "  dest_stats[%u]: %llu/%llu B, expected %llu/%llu B\n", i,
				(unsigned long long)now[i].packets,
				(unsigned long long)now[i].bytes,
				(unsigned long long)fx.shadow[i].packets,
				(unsigned long long)fx.shadow[i].bytes);
		fx.shadow[i] = now[i];
		ok = false;
	}
	return ok;
}

/*
 * One frame through both; true if they agree. With full_dest every entry of
 * dest_stats is read back after the frame (slow: used to find the frame that
 * moved one it should not have).
 */
static bool compare_frame(__u32 n, const __u8 *in, __u32 len, __u32 ingress, bool full_dest,
			  void (*tamper)(struct model_result *))
{
	static __u8 out[GEN_FRAME_MAX + 64];
	static struct model_result want;
	struct xbr_counter moved[XBR_REASON_MAX];
	__u32 out_len, verdict;
	const char *what = NULL;

	model_run(&fx.tab.model, ingress, in, len, &want);
	fx.seen[want.reason][in[12] == 0x86 && in[13] == 0xdd]++;
	/* past the lookup for sure (pass_not_ours comes before it too) */
	fx.looked_up += want.reason <= XBR_FWD_TX || want.reason >= XBR_PASS_NO_ROUTE;
	if (tamper)
		tamper(&want);
	assert_int_equal(prog_run(in, len, ingress, out, &out_len, &verdict), 0);
	model_take_ip_id(&want, out, out_len);
	fx.compared++;

	if (!reasons_agree(want.reason, len, moved))
		what = "counters differ";
	if (out_len != want.len || memcmp(out, want.out, out_len))
		what = "bytes out differ";
	if (verdict != want.verdict)
		what = "verdicts differ";
	if (!dest_agree(&want, len, full_dest))
		what = "dest_stats differ";
	if (!what && !fx.verbose)
		return true;
	fx.mismatches += !!what;
	report(n, ingress, in, len, &want, verdict, out, out_len, moved, what ? what : "agree");
	return !what;
}

static bool compare_one(__u32 n, bool full_dest, void (*tamper)(struct model_result *))
{
	static __u8 in[GEN_FRAME_MAX];
	__u32 ingress, len;
	struct rng r;

	rng_seed(&r, fx.seed, fx.table, n);
	len = gen_packet(&fx.tab.model, &r, &fx.env, in, &ingress);
	return compare_frame(n, in, len, ingress, full_dest, tamper);
}

/*
 * A table's frames. dest_stats is checked per frame only where the model
 * expects it to move, and in full at the end; if something else moved, the
 * frames are run again reading it all after each one, to name the culprit.
 */
static void run_table(__u32 table, __u32 count)
{
	static struct xbr_counter after[XBR_DEST_STATS_MAX];
	__u32 n;

	table_load(table);
	counters_read(fx.counters, XBR_REASON_MAX, fx.last);
	counters_read(fx.dest, XBR_DEST_STATS_MAX, fx.shadow);
	for (n = 0; n < count; n++)
		compare_one(n, false, NULL);
	counters_read(fx.dest, XBR_DEST_STATS_MAX, after);
	if (!memcmp(after, fx.shadow, sizeof(after)))
		return;
	fprintf(stderr, "table %u: dest_stats moved where the model expects nothing; replaying\n",
		table);
	memcpy(fx.shadow, after, sizeof(after));
	for (n = 0; n < count; n++)
		compare_one(n, true, NULL);
	fx.mismatches++;
}

static __u64 env_u64(const char *name, __u64 def)
{
	const char *s = getenv(name);

	return s && *s ? strtoull(s, NULL, 0) : def;
}

/*
 * What the frames exercised. A generator that stopped reaching some reason
 * would leave the program untested there: every one must come up.
 */
static void coverage_check(void)
{
	__u32 i;

	printf("differential: expected reasons (frames of EtherType IPv6 after the +)");
	for (i = 0; i < XBR_REASON_MAX; i++) {
		printf("%s %s %" PRIu64 " + %" PRIu64, i % 4 ? "," : "\n ", dump_reason_names[i],
		       (uint64_t)fx.seen[i][0], (uint64_t)fx.seen[i][1]);
	}
	printf("\n");
	for (i = 0; i < XBR_REASON_MAX; i++) {
		switch (i) {
		case XBR_DROP_ICMP_RATELIMIT:
			break; /* the tables keep the limits out of reach: test_datapath times them
				*/
		case XBR_PASS_NOT_IP:
		case XBR_PASS_VLAN:
		case XBR_PASS_MALFORMED:
			assert_true(fx.seen[i][0] + fx.seen[i][1]);
			break;
		case XBR_PASS_BAD_CSUM:	  /* IPv4 alone has a header checksum, */
		case XBR_DROP_MARTIAN:	  /* local sources and rp_filter, */
		case XBR_DROP_NEEDS_FRAG: /* fragmentation by routers */
			assert_true(fx.seen[i][0]);
			break;
		case XBR_ICMP_BEYOND_SCOPE: /* IPv6 alone has a scope for sources */
			assert_true(fx.seen[i][1]);
			break;
		default:
			assert_true(fx.seen[i][0] && fx.seen[i][1]);
		}
	}
}

static void test_differential(void **state)
{
	__u64 packets = env_u64("XBR_PACKETS", 1000000);
	__u32 per_table = env_u64("XBR_PER_TABLE", 1000), table = 0;
	__u64 start = now_ns(), done = 0;

	assert_true(per_table > 0);
	memset(fx.seen, 0, sizeof(fx.seen));
	while (done < packets) {
		__u32 count = packets - done < per_table ? packets - done : per_table;

		run_table(table++, count);
		/* A soak runs for a while: say how far it got every 10 million frames. */
		if ((done + count) / 10000000 != done / 10000000)
			printf("differential: %" PRIu64 " packets, %" PRIu64
			       " mismatches, %.0f s\n",
			       (uint64_t)(done + count), (uint64_t)fx.mismatches,
			       (now_ns() - start) / 1e9);
		done += count;
	}
	printf("differential: %" PRIu64 " packets over %u tables compared in %.1f s, "
	       "%" PRIu64 " mismatches (seed %#" PRIx64 ")\n",
	       (uint64_t)done, table, (now_ns() - start) / 1e9, (uint64_t)fx.mismatches,
	       (uint64_t)fx.seed);
	assert_int_equal(fx.mismatches, 0);
	if (packets >= 100000)
		coverage_check();
	(void)state;
}

/* ---- tables changing under traffic ------------------------------------------- */

#define CHURN_RECENT 16

struct recent_frame {
	__u8 in[GEN_FRAME_MAX];
	__u32 len, ingress;
};

static struct recent_frame recent[CHURN_RECENT];
static __u32 n_recent;

/* The IP destination of an untagged frame: 4 or 6, or 0 for anything else. */
static int frame_dst(const struct recent_frame *f, __u8 *dst)
{
	__u32 type = f->len >= 14 ? (__u32)f->in[12] << 8 | f->in[13] : 0;

	if (type == 0x0800 && f->len >= 14 + 20) {
		memcpy(dst, f->in + 14 + 16, 4);
		return 4;
	}
	if (type == 0x86dd && f->len >= 14 + 40) {
		memcpy(dst, f->in + 14 + 24, 16);
		return 6;
	}
	return 0;
}

static void churn_route(struct rng *r)
{
	struct model_tables *t = &fx.tab.model;
	struct xbr_lpm_v6 key = {};
	__u8 dst[16] = {};
	int family = 0;
	__u32 n;

	if (n_recent)
		family = frame_dst(&recent[rng_below(r, n_recent)], dst);
	if (!family) {
		family = rng_pct(r, 50) ? 4 : 6;
		rng_bytes(r, dst, 16);
	}
	n = family == 4 ? t->n_v4 : t->n_v6;
	if (n && rng_pct(r, 35)) {
		/* a route goes: the destinations under it fall back to a shorter one */
		const struct model_route *e =
			family == 4 ? &t->v4[rng_below(r, n)] : &t->v6[rng_below(r, n)];

		key.prefixlen = e->prefixlen;
		memcpy(key.addr, e->addr, 16);
		assert_int_equal(model_route_del(t, family, key.addr, key.prefixlen), 0);
		assert_int_equal(bpf_map_delete_elem(family == 4 ? fx.v4 : fx.v6, &key), 0);
	} else {
		/* a route around the destination, or a new answer for one there */
		__u32 max = family == 4 ? 32 : 128;
		struct xbr_route val = {
			.action = rng_pct(r, 55)   ? XBR_ROUTE_FORWARD
				  : rng_pct(r, 90) ? XBR_ROUTE_DEFER
						   : rng_next(r),
			.gateway = rng_below(r, XBR_GATEWAYS_MAX + 2),
			.dest_index = rng_below(r, rng_pct(r, 95) ? 64 : XBR_DEST_STATS_MAX + 8),
			.flags = rng_pct(r, 20) ? XBR_ROUTE_F_SHADOWS : 0,
		};

		key.prefixlen = rng_pct(r, 40) ? max : rng_range(r, 0, max);
		memcpy(key.addr, dst, 16);
		if (model_route_put(t, family, key.addr, key.prefixlen, &val))
			return; /* the model's table is full */
		assert_int_equal(
			bpf_map_update_elem(family == 4 ? fx.v4 : fx.v6, &key, &val, BPF_ANY), 0);
	}
	routes_changed();
}

/* One change: mostly the tries, the rest what the datapath reads beside them. */
static void churn_one(struct rng *r)
{
	struct model_tables *t = &fx.tab.model;
	__u32 kind = rng_below(r, 100), k, i;

	fx.churned++;
	if (kind < 60) {
		churn_route(r);
	} else if (kind < 75) {
		/* the neighbour table: resolved or not, another MAC */
		k = rng_below(r, XBR_GATEWAYS_MAX);
		if (rng_pct(r, 50))
			t->gateways[k].resolved = !t->gateways[k].resolved;
		else
			rng_bytes(r, t->gateways[k].mac, 6);
		assert_int_equal(bpf_map_update_elem(fx.gws, &k, &t->gateways[k], 0), 0);
	} else if (kind < 85) {
		/* rpd, `xbr rpd`, `xbr role`; the heartbeat fields stay */
		t->live.rpd_state = rng_below(r, 3);
		t->live.override = rng_pct(r, 70) ? XBR_OVERRIDE_AUTO : rng_range(r, 1, 2);
		t->live.role = rng_pct(r, 85) ? XBR_ROLE_PRIMARY : XBR_ROLE_BACKUP;
		k = 0;
		assert_int_equal(bpf_map_update_elem(fx.live, &k, &t->live, 0), 0);
	} else if (kind < 95) {
		/* an interface attached or detached */
		i = rng_below(r, t->n_ifaces);
		t->ifaces[i].val.prog_id = t->ifaces[i].val.prog_id ? 0 : rng_range(r, 1, 1000);
		assert_int_equal(
			bpf_map_update_elem(fx.ifaces, &t->ifaces[i].ifindex, &t->ifaces[i].val, 0),
			0);
	} else {
		/* an egress port added or removed */
		struct bpf_devmap_val dv = { .ifindex = fx.env.ifindex[rng_below(r, fx.env.n_if)] };

		for (i = 0; i < t->n_egress && t->egress[i] != dv.ifindex; i++)
			;
		if (i < t->n_egress) {
			t->egress[i] = t->egress[--t->n_egress];
			assert_int_equal(bpf_map_delete_elem(fx.egress, &dv.ifindex), 0);
		} else if (t->n_egress < XBR_EGRESS_MAX) {
			t->egress[t->n_egress++] = dv.ifindex;
			assert_int_equal(bpf_map_update_elem(fx.egress, &dv.ifindex, &dv, 0), 0);
		}
	}
}

/* count frames on tables that change every 1..every frames; mismatches are counted. */
static void run_churn(__u32 table, __u64 count, __u32 every)
{
	static struct recent_frame f;
	struct rng r;
	__u32 next = 0, last = 0;

	table_load(table);
	counters_read(fx.counters, XBR_REASON_MAX, fx.last);
	counters_read(fx.dest, XBR_DEST_STATS_MAX, fx.shadow);
	rng_seed(&r, fx.seed, table, ~1ULL);
	n_recent = 0;
	for (__u64 n = 0; n < count; n++) {
		if (n == next) {
			churn_one(&r);
			next = n + rng_range(&r, 1, every);
		}
		/* the last few again, mostly: their answers are in the cache */
		if (n_recent && rng_pct(&r, 60)) {
			f = recent[(last + CHURN_RECENT -
				    rng_below(&r, n_recent < 4 ? n_recent : 4)) %
				   CHURN_RECENT];
		} else {
			f.len = gen_packet(&fx.tab.model, &r, &fx.env, f.in, &f.ingress);
			last = (last + 1) % CHURN_RECENT;
			recent[last] = f;
			n_recent += n_recent < CHURN_RECENT;
		}
		compare_frame(n, f.in, f.len, f.ingress, false, NULL);
	}
}

/* Trie lookups the cache could not answer, both families, all CPUs. */
static __u64 cache_misses(void)
{
	__u64 vals[fx.ncpus], sum = 0;

	/* valgrind sees one CPU's value of a per-CPU lookup written, not all */
	memset(vals, 0, sizeof(vals));
	for (__u32 k = 0; k < 2; k++) {
		assert_int_equal(bpf_map_lookup_elem(bpf_map__fd(fx.skel->maps.route_cache_misses),
						     &k, vals),
				 0);
		for (int c = 0; c < fx.ncpus; c++)
			sum += vals[c];
	}
	return sum;
}

static void test_churn(void **state)
{
	cpu_set_t one, all;

	__u64 packets = env_u64("XBR_CHURN_PACKETS", 200000), done = 0, start = now_ns();
	__u32 every = env_u64("XBR_CHURN_EVERY", 6), table = 1000000;
	__u64 misses = cache_misses(), hits;

	assert_true(every > 0);
	fx.churned = fx.looked_up = 0;
	/* one CPU, one cache: a frame sent again finds what the last one left */
	sched_getaffinity(0, sizeof(all), &all);
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	sched_setaffinity(0, sizeof(one), &one);
	/* a fresh table now and then: its gateways, interfaces and egress ports too */
	while (done < packets) {
		__u64 count = packets - done < 20000 ? packets - done : 20000;

		run_churn(table++, count, every);
		done += count;
	}
	misses = cache_misses() - misses;
	hits = fx.looked_up > misses ? fx.looked_up - misses : 0;
	printf("differential: %" PRIu64 " packets with %" PRIu64
	       " table changes under them in %.1f s, %" PRIu64 " mismatches (seed %#" PRIx64
	       "); at least %" PRIu64 " of %" PRIu64 " lookups answered by the cache\n",
	       (uint64_t)done, (uint64_t)fx.churned, (now_ns() - start) / 1e9,
	       (uint64_t)fx.mismatches, (uint64_t)fx.seed, (uint64_t)hits, (uint64_t)fx.looked_up);
	assert_int_equal(fx.mismatches, 0);
	/* the answers compared were the cache's too, not only the trie's */
	assert_true(hits > fx.looked_up / 10);
	sched_setaffinity(0, sizeof(all), &all);
	(void)state;
}

/*
 * The churn comparison must be able to fail: with trie changes that leave
 * route_gen alone, the cache's answers from before them are caught.
 */
static void test_churn_stale(void **state)
{
	__u64 before = fx.mismatches;

	fx.quiet = fx.stale = true;
	run_churn(2000000, 20000, 2);
	fx.quiet = fx.stale = false;
	assert_true(fx.mismatches > before);
	fx.mismatches = before;
	(void)state;
}

/* XBR_REPRO=T:P: one frame, printed whatever the outcome. */
static void test_repro(void **state)
{
	unsigned int table, n;

	assert_int_equal(sscanf(getenv("XBR_REPRO"), "%u:%u", &table, &n), 2);
	fx.verbose = true;
	run_table(table, 0);
	assert_true(compare_one(n, true, NULL));
	(void)state;
}

static void flip_byte(struct model_result *want)
{
	want->out[want->len - 1] ^= 1;
}

static void other_reason(struct model_result *want)
{
	want->reason = (want->reason + 1) % XBR_REASON_MAX;
}

/* The comparison must be able to fail: a wrong expectation is caught. */
static void test_comparator(void **state)
{
	__u64 before = fx.mismatches;

	fx.quiet = true;
	run_table(0, 0);
	assert_false(compare_one(0, false, flip_byte));
	assert_false(compare_one(1, false, other_reason));
	assert_true(compare_one(2, false, NULL));
	fx.quiet = false;
	fx.mismatches = before;
	(void)state;
}

/* A veth's MAC (sysfs would show the namespace it was mounted in). */
static int if_mac(const char *name, __u8 *mac)
{
	struct ifreq ifr = {};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc;

	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	rc = ioctl(fd, SIOCGIFHWADDR, &ifr);
	close(fd);
	if (rc)
		return -1;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

/* A veth's IPv6 link-local address (from its MAC, EUI-64: addr_gen_mode 0). */
static void if_link_local(const __u8 *mac, __u8 *a)
{
	memset(a, 0, 16);
	a[0] = 0xfe;
	a[1] = 0x80;
	a[8] = mac[0] ^ 0x02;
	a[9] = mac[1];
	a[10] = mac[2];
	a[11] = 0xff;
	a[12] = 0xfe;
	a[13] = mac[3];
	a[14] = mac[4];
	a[15] = mac[5];
}

static struct model_back *back_add(int family, const char *prefix, __u32 len,
				   enum model_back_kind kind, __u32 ifindex, const __u8 *smac,
				   const char *dmac, const char *src)
{
	struct model_back *b = &fx.env.back[fx.env.n_back++];
	int af = family == 4 ? AF_INET : AF_INET6;

	assert_true(fx.env.n_back <= MODEL_BACK_MAX);
	memset(b, 0, sizeof(*b));
	b->family = family;
	assert_int_equal(inet_pton(af, prefix, b->addr), 1);
	b->prefixlen = len;
	b->kind = kind;
	b->ifindex = ifindex;
	if (smac)
		memcpy(b->smac, smac, 6);
	if (dmac)
		assert_int_equal(sscanf(dmac, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &b->dmac[0],
					&b->dmac[1], &b->dmac[2], &b->dmac[3], &b->dmac[4],
					&b->dmac[5]),
				 6);
	if (src)
		assert_int_equal(inet_pton(af, src, b->src), 1);
	return b;
}

/*
 * The namespace's FIB and the model's copy of it. xd0a and xd1a have
 * subnets with one resolved neighbour each, xd1a a route through its
 * neighbour; a blackhole and a route through an unresolved neighbour; every
 * veth its link-local subnet, xd0a a resolved link-local neighbour. The
 * addresses and broadcasts of this host are routes the program must not send
 * errors to (the kernel's are local).
 */
static int env_setup(void)
{
	static const char *const names[] = { "xd0a", "xd0b", "xd1a", "xd1b", "xd2a", "xd2b" };
	__u8 mac[6][6], ll[16];
	__u32 i, x0, x1;

	if (sys_run("sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0 "
		    "net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1") ||
	    sys_run("ip link set lo up && ip link add xd0a type veth peer name xd0b && "
		    "ip link add xd1a type veth peer name xd1b && "
		    "ip link add xd2a type veth peer name xd2b") ||
	    sys_run("for i in xd0a xd0b xd1a xd1b xd2a xd2b; do ip link set $i up || exit 1; done"))
		return -1;
	fx.env.ifindex[fx.env.n_if++] = 1; /* lo */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(fx.env.ifindex[fx.env.n_if++] = if_nametoindex(names[i])) ||
		    if_mac(names[i], mac[i]))
			return -1;
	}
	x0 = fx.env.ifindex[1];
	x1 = fx.env.ifindex[3];
	if (sys_run("ip addr add 10.200.0.1/24 dev xd0a && "
		    "ip addr add 2001:db8:200::1/64 dev xd0a nodad && "
		    "ip addr add 10.201.0.1/24 dev xd1a && "
		    "ip addr add 2001:db8:201::1/64 dev xd1a nodad") ||
	    sys_run("ip neigh add 10.200.0.2 lladdr 02:00:00:00:02:02 dev xd0a nud permanent && "
		    "ip neigh add 2001:db8:200::2 lladdr 02:00:00:00:02:02 dev xd0a nud permanent "
		    "&& "
		    "ip neigh add fe80::2 lladdr 02:00:00:00:02:22 dev xd0a nud permanent && "
		    "ip neigh add 10.201.0.2 lladdr 02:00:00:00:02:12 dev xd1a nud permanent && "
		    "ip neigh add 2001:db8:201::2 lladdr 02:00:00:00:02:12 dev xd1a nud "
		    "permanent") ||
	    sys_run("ip route add 10.250.0.0/16 via 10.201.0.2 && "
		    "ip route add 2001:db8:250::/48 via 2001:db8:201::2 && "
		    "ip route add blackhole 10.251.0.0/16 && ip route add blackhole "
		    "2001:db8:251::/48 && "
		    "ip route add 10.252.0.0/16 via 10.200.0.3 && "
		    "ip route add 2001:db8:252::/48 via 2001:db8:200::3"))
		return -1;

	back_add(4, "10.200.0.0", 24, MODEL_BACK_NO_NEIGH, x0, mac[0], NULL, "10.200.0.1");
	back_add(4, "10.200.0.2", 32, MODEL_BACK_OK, x0, mac[0], "02:00:00:00:02:02", "10.200.0.1");
	back_add(4, "10.201.0.0", 24, MODEL_BACK_NO_NEIGH, x1, mac[2], NULL, "10.201.0.1");
	back_add(4, "10.201.0.2", 32, MODEL_BACK_OK, x1, mac[2], "02:00:00:00:02:12", "10.201.0.1");
	back_add(4, "10.250.0.0", 16, MODEL_BACK_OK, x1, mac[2], "02:00:00:00:02:12", "10.201.0.1");
	back_add(4, "10.251.0.0", 16, MODEL_BACK_NONE, 0, NULL, NULL, NULL);
	back_add(4, "10.252.0.0", 16, MODEL_BACK_NO_NEIGH, x0, mac[0], NULL, "10.200.0.1");
	/* The local table: own addresses, broadcasts. */
	back_add(4, "10.200.0.1", 32, MODEL_BACK_NONE, 0, NULL, NULL, NULL);
	back_add(4, "10.200.0.255", 32, MODEL_BACK_NONE, 0, NULL, NULL, NULL);
	back_add(4, "10.201.0.1", 32, MODEL_BACK_NONE, 0, NULL, NULL, NULL);
	back_add(4, "10.201.0.255", 32, MODEL_BACK_NONE, 0, NULL, NULL, NULL);
	back_add(6, "2001:db8:200::", 64, MODEL_BACK_NO_NEIGH, x0, mac[0], NULL, "2001:db8:200::1");
	back_add(6, "2001:db8:200::2", 128, MODEL_BACK_OK, x0, mac[0], "02:00:00:00:02:02",
		 "2001:db8:200::1");
	back_add(6, "2001:db8:250::", 48, MODEL_BACK_OK, x1, mac[2], "02:00:00:00:02:12",
		 "2001:db8:201::1");
	back_add(6, "2001:db8:251::", 48, MODEL_BACK_NONE, 0, NULL, NULL, NULL);
	back_add(6, "2001:db8:252::", 48, MODEL_BACK_NO_NEIGH, x0, mac[0], NULL, "2001:db8:200::1");
	/* Own addresses, and the subnet-router anycast address of a router (RFC 4291 2.6.1). */
	back_add(6, "2001:db8:200::1", 128, MODEL_BACK_NONE, 0, NULL, NULL, NULL);
	back_add(6, "2001:db8:200::", 128, MODEL_BACK_NONE, 0, NULL, NULL, NULL);
	/*
	 * iface_v6 for the veths but the last (whose link-local senders get no
	 * errors): their link-local addresses; xd0a's and xd1a's global ones.
	 */
	for (i = 0; i < 5; i++) {
		if_link_local(mac[i], fx.env.v6addr[1 + i].link_local);
		fx.env.has_v6[1 + i] = true;
	}
	inet_pton(AF_INET6, "2001:db8:200::1", fx.env.v6addr[1].global);
	inet_pton(AF_INET6, "2001:db8:201::1", fx.env.v6addr[3].global);
	(void)ll;
	inet_pton(AF_INET, "10.200.0.1", fx.env.local4[fx.env.n_local4++]);
	inet_pton(AF_INET, "10.201.0.1", fx.env.local4[fx.env.n_local4++]);
	inet_pton(AF_INET, "127.0.0.1", fx.env.local4[fx.env.n_local4++]);
	return 0;
}

static int group_setup(void **state)
{
	const __u32 one = XBR_LOCAL_ENTRY;
	__u32 i;

	if (unshare(CLONE_NEWNET)) {
		perror("test_differential: unshare(CLONE_NEWNET)");
		return -1;
	}
	if (env_setup())
		return -1;
	fx.env.margin_ns = 10 * SEC;

	fx.ncpus = libbpf_num_possible_cpus();
	fx.skel = xbr_bpf__open_and_load();
	if (!fx.skel || fx.ncpus <= 0) {
		fprintf(stderr, "test_differential: cannot load the XDP object\n");
		return -1;
	}
	fx.scratch = calloc((size_t)fx.ncpus * XBR_DEST_STATS_MAX, sizeof(*fx.scratch));
	if (!fx.scratch)
		return -1;
	fx.prog = bpf_program__fd(fx.skel->progs.xbr_xdp);
	fx.v4 = bpf_map__fd(fx.skel->maps.routes_v4);
	fx.v6 = bpf_map__fd(fx.skel->maps.routes_v6);
	fx.allow4 = bpf_map__fd(fx.skel->maps.allow_v4);
	fx.allow6 = bpf_map__fd(fx.skel->maps.allow_v6);
	fx.gws = bpf_map__fd(fx.skel->maps.gateways);
	fx.egress = bpf_map__fd(fx.skel->maps.egress_ports);
	fx.ifaces = bpf_map__fd(fx.skel->maps.ifaces);
	fx.live = bpf_map__fd(fx.skel->maps.rpd_liveness);
	fx.counters = bpf_map__fd(fx.skel->maps.counters);
	fx.dest = bpf_map__fd(fx.skel->maps.dest_stats);
	fx.gen = bpf_map__fd(fx.skel->maps.route_gen);
	fx.settings = bpf_map__fd(fx.skel->maps.settings);
	fx.icmp_rate = bpf_map__fd(fx.skel->maps.icmp_rate);
	for (i = 0; i < fx.env.n_local4; i++)
		if (bpf_map_update_elem(bpf_map__fd(fx.skel->maps.local_v4), fx.env.local4[i], &one,
					0))
			return -1;
	for (i = 0; i < fx.env.n_if; i++)
		if (fx.env.has_v6[i] &&
		    bpf_map_update_elem(bpf_map__fd(fx.skel->maps.iface_v6), &fx.env.ifindex[i],
					&fx.env.v6addr[i], 0))
			return -1;
	(void)state;
	return 0;
}

static int group_teardown(void **state)
{
	xbr_bpf__destroy(fx.skel);
	free(fx.scratch);
	(void)state;
	return 0; /* the namespace and its veths go with the process */
}

int main(void)
{
	const struct CMUnitTest all[] = {
		cmocka_unit_test(model_selftest),    cmocka_unit_test(test_comparator),
		cmocka_unit_test(test_differential), cmocka_unit_test(test_churn_stale),
		cmocka_unit_test(test_churn),
	};
	const struct CMUnitTest one[] = {
		cmocka_unit_test(test_repro),
	};

	if (geteuid() != 0) {
		fprintf(stderr, "test_differential: needs root (BPF, network namespaces)\n");
		return 77;
	}
	fx.seed = env_u64("XBR_SEED", now_ns() ^ ((__u64)getpid() << 32));
	printf("differential: seed %#" PRIx64 "\n", (uint64_t)fx.seed);
	if (getenv("XBR_REPRO"))
		return cmocka_run_group_tests(one, group_setup, group_teardown);
	return cmocka_run_group_tests(all, group_setup, group_teardown);
}
