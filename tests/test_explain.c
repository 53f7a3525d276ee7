// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr explain against the real program: random tables and random packets,
 * each asked of explain (state/explain.c) and then sent through the program
 * itself, loaded as an instance is, with BPF_PROG_TEST_RUN. Explain's
 * answer must be the program's (verdict, reason, bytes out, destination
 * counter), its reading of the maps must agree with both, and asking must
 * never count in the instance's counters.
 *
 * The router's own checks are drawn too: martian sources and destinations,
 * the interfaces' forwarding, rp_filter and route_localnet flags, local
 * sources, small egress MTUs, IPv6 link-local senders, with the kernel
 * holding the destinations as routes or not. The namespace has a route
 * (10.1.0.0/16 via xe0) and a blackhole (10.2.0.0/16) for rp_filter's way
 * back, and IPv4 forwarding on.
 *
 * In a network namespace of its own (ingress interfaces and devmap entries
 * need real devices). XBR_SEED repeats a run; XBR_TABLES sets how many tables.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <cmocka.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "sys.h"
#include "xbr.h"
#include "state/explain.h"
#include "state/pins.h"
#include "xbr.skel.h"

#define N_DEVS	    4
#define N_ROUTES    24
#define N_PACKETS   40
#define N_TABLES    60
#define BAD_IFINDEX 999

static struct {
	struct xbr_bpf *live; /* the instance: the program and maps a packet meets */
	struct xbr_pins pins; /* the same maps, as commands open them */
	struct explain e;
	__u32 dev[N_DEVS];
	__u8 dev_mac[N_DEVS][6];
	int ncpu;
	unsigned int seed;
	unsigned long asked, by_reason[XBR_REASON_MAX];
	__u8 local[4][4]; /* this table's addresses of the host, for local_v4 */
} fx;

static unsigned int rnd(unsigned int n)
{
	return n ? (unsigned int)random() % n : 0;
}

static void rnd_bytes(__u8 *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = rnd(256);
}

/*
 * The keys a table wrote into a trie, to remove them before the next one
 * (deleting what was written needs no walk of the trie).
 */
struct written {
	struct xbr_lpm_v6 key[N_ROUTES];
	int n;
};

static void map_clear(struct bpf_map *m, struct written *w)
{
	for (int i = 0; i < w->n; i++)
		bpf_map_delete_elem(bpf_map__fd(m), &w->key[i]);
	w->n = 0;
}

static void map_write(struct bpf_map *m, struct written *w, const struct xbr_lpm_v6 *key,
		      const void *val)
{
	if (!bpf_map_update_elem(bpf_map__fd(m), key, val, BPF_ANY))
		w->key[w->n++] = *key;
}

/* Addresses from a small pool, so that tables and packets overlap. */
static void pool_addr(int family, __u8 *a)
{
	memset(a, 0, 16);
	if (family == AF_INET) {
		a[0] = 10;
		a[1] = rnd(4);
		a[2] = rnd(4);
		a[3] = rnd(4) * 64 + rnd(64);
	} else {
		a[0] = 0x20, a[1] = 0x01, a[2] = 0x0d, a[3] = 0xb8;
		a[5] = rnd(4);
		a[7] = rnd(4);
		a[15] = rnd(256);
	}
}

static void table_routes(int family)
{
	struct bpf_map *m = family == AF_INET ? fx.live->maps.routes_v4 : fx.live->maps.routes_v6;
	static struct written w[2];
	static const __u32 actions[] = { XBR_ROUTE_FORWARD, XBR_ROUTE_FORWARD, XBR_ROUTE_FORWARD,
					 XBR_ROUTE_DEFER,   XBR_ROUTE_DEFER,   7 };
	__u32 bits = family == AF_INET ? 32 : 128;

	map_clear(m, &w[family == AF_INET6]);
	for (int i = 0; i < N_ROUTES; i++) {
		struct xbr_lpm_v6 key = {};
		struct xbr_route v = {
			.action = actions[rnd(6)],
			.gateway = rnd(10) ? rnd(4) : rnd(20), /* now and then out of range */
			.dest_index = rnd(10) ? rnd(8) : XBR_DEST_STATS_MAX + rnd(4),
			.flags = rnd(4) == 0 ? XBR_ROUTE_F_SHADOWS : 0,
		};

		pool_addr(family, key.addr);
		key.prefixlen = family == AF_INET ? 8 + rnd(25) : 32 + rnd(97);
		if (rnd(3) == 0)
			key.prefixlen = bits;
		if (rnd(200) == 0)
			key.prefixlen = 0;
		/* host bits are left in now and then: the trie ignores them */
		map_write(m, &w[family == AF_INET6], &key, &v);
	}
}

static void table_allow(int family)
{
	struct bpf_map *m = family == AF_INET ? fx.live->maps.allow_v4 : fx.live->maps.allow_v6;
	static struct written w[2];
	__u32 one = XBR_ALLOW_ENTRY;

	map_clear(m, &w[family == AF_INET6]);
	for (int i = rnd(4); i > 0; i--) {
		struct xbr_lpm_v6 key = {};

		pool_addr(family, key.addr);
		key.prefixlen = family == AF_INET ? 16 + rnd(17) : 48 + rnd(81);
		map_write(m, &w[family == AF_INET6], &key, &one);
	}
}

static __u64 mono_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (__u64)t.tv_sec * 1000000000ULL + t.tv_nsec;
}

/* Now and then: forwarding off, rp_filter strict or loose, route_localnet. */
static __u8 iface_flags_random(void)
{
	__u8 f = 0;

	if (rnd(12) == 0)
		f |= XBR_IFACE_F_NO_FWD4;
	if (rnd(12) == 0)
		f |= XBR_IFACE_F_NO_FWD6;
	if (rnd(5) == 0)
		f |= rnd(2) ? XBR_IFACE_F_RP_STRICT : XBR_IFACE_F_RP_LOOSE;
	if (rnd(3) == 0)
		f |= XBR_IFACE_F_ROUTE_LOCALNET;
	return f;
}

/*
 * The host's addresses for this table, from the pool, in local_v4; their
 * bloom bits, or none now and then (accept_local).
 */
static void table_local(__u32 *bloom)
{
	__u32 one = XBR_LOCAL_ENTRY, a;

	*bloom = 0;
	for (int i = 0; i < 4; i++)
		bpf_map_delete_elem(bpf_map__fd(fx.live->maps.local_v4), fx.local[i]);
	for (int i = 0; i < 4; i++) {
		__u8 addr[16];

		pool_addr(AF_INET, addr);
		memcpy(fx.local[i], addr, 4);
		bpf_map_update_elem(bpf_map__fd(fx.live->maps.local_v4), fx.local[i], &one,
				    BPF_ANY);
		memcpy(&a, fx.local[i], 4);
		*bloom |= 1U << xbr_local_bloom_bit(fx.local[i]);
	}
	if (rnd(4) == 0)
		*bloom = 0;
}

static void table_random(void)
{
	struct xbr_liveness l = { .rpd_state = rnd(4), .role = rnd(3), .override = rnd(4) };
	struct xbr_settings cfg = { .flags = rnd(3) == 0 ? XBR_SETTINGS_F_KERNEL_ROUTES : 0,
				    .ip_default_ttl = 64,
				    .ip6_hop_limit = 64 };
	__u32 zero = 0, bloom;

	bpf_map_update_elem(bpf_map__fd(fx.live->maps.settings), &zero, &cfg, BPF_ANY);

	table_routes(AF_INET);
	table_routes(AF_INET6);
	table_allow(AF_INET);
	table_allow(AF_INET6);
	for (__u32 slot = 0; slot < XBR_GATEWAYS_MAX; slot++) {
		struct xbr_gateway g = { .configured = rnd(5) != 0,
					 .resolved = rnd(4) != 0,
					 .family = slot & 1 ? AF_INET6 : AF_INET };

		rnd_bytes(g.mac, 6);
		rnd_bytes(g.src_mac, 6);
		rnd_bytes(g.addr, 16);
		rnd_bytes(g.src_addr, 16);
		g.mtu = rnd(3) == 0 ? 40 + rnd(40)
			: rnd(2)    ? 1500
				    : 0; /* now and then below the frame */
		g.egress_ifindex = rnd(8) ? fx.dev[rnd(N_DEVS)] : BAD_IFINDEX;
		bpf_map_update_elem(bpf_map__fd(fx.live->maps.gateways), &slot, &g, BPF_ANY);
	}
	table_local(&bloom);
	for (int i = 0; i < N_DEVS; i++) {
		struct bpf_devmap_val port = { .ifindex = fx.dev[i] };
		struct xbr_iface v = { .prog_id = rnd(5) ? 1 : 0,
				       .xdp_mode = XBR_XDP_NATIVE,
				       .flags = rnd(3) == 0 ? XBR_IFACE_F_ALLOW_LIST : 0,
				       .local_v4_bloom = bloom };
		struct xbr_iface_v6 v6 = {};

		v.flags |= iface_flags_random();
		rnd_bytes(v6.link_local, 16);
		v6.link_local[0] = 0xfe, v6.link_local[1] = 0x80;
		rnd_bytes(v6.global, 16);
		if (rnd(4))
			bpf_map_update_elem(bpf_map__fd(fx.live->maps.iface_v6), &fx.dev[i], &v6,
					    BPF_ANY);
		else
			bpf_map_delete_elem(bpf_map__fd(fx.live->maps.iface_v6), &fx.dev[i]);

		if (rnd(4))
			bpf_map_update_elem(bpf_map__fd(fx.live->maps.egress_ports), &fx.dev[i],
					    &port, BPF_ANY);
		else
			bpf_map_delete_elem(bpf_map__fd(fx.live->maps.egress_ports), &fx.dev[i]);
		memcpy(v.mac, fx.dev_mac[i], 6);
		if (rnd(8) == 0)
			rnd_bytes(v.mac, 6);
		bpf_map_update_elem(bpf_map__fd(fx.live->maps.ifaces), &fx.dev[i], &v, BPF_ANY);
	}
	/* A heartbeat deadline that is either fresh (a stamp ahead of now) or long past. */
	if (rnd(2)) {
		l.heartbeat_timeout_ns = 1000000000ULL;
		l.heartbeat_ns = rnd(2) ? mono_ns() + 3600000000000ULL : 1;
	}
	bpf_map_update_elem(bpf_map__fd(fx.live->maps.rpd_liveness), &zero, &l, BPF_ANY);
}

/* One of the addresses the router's checks judge, as source or destination. */
static void query_special(struct explain_query *q)
{
	static const __u8 v4[][4] = { { 0, 0, 0, 0 },	{ 127, 0, 0, 1 }, { 127, 9, 8, 7 },
				      { 224, 1, 2, 3 }, { 239, 9, 9, 9 }, { 255, 255, 255, 255 },
				      { 0, 1, 2, 3 },	{ 240, 0, 0, 1 } };
	static const __u8 v6[][16] = {
		{ 0 },
		{ [15] = 1 },
		{ 0xff, 0x02, [15] = 1 },
		{ 0xfe, 0x80, [15] = 9 },
		{ 0xfe, 0xc0, [15] = 9 },
	};

	if (q->family == AF_INET) {
		if (rnd(3) == 0)
			memcpy(q->src, fx.local[rnd(4)], 4);
		else
			memcpy(rnd(2) ? q->src : q->dst, v4[rnd(8)], 4);
	} else {
		memcpy(rnd(3) ? q->src : q->dst, v6[rnd(5)], 16);
	}
}

static void query_random(struct explain_query *q)
{
	struct xbr_iface v;
	int d = rnd(N_DEVS);

	memset(q, 0, sizeof(*q));
	q->family = rnd(2) ? AF_INET : AF_INET6;
	pool_addr(q->family, q->dst);
	pool_addr(q->family, q->src);
	if (rnd(30) == 0) { /* multicast, and now and then a link-local source */
		if (q->family == AF_INET)
			q->dst[0] = 224 + rnd(16);
		else if (rnd(2))
			q->dst[0] = 0xff;
		else
			q->src[0] = 0xfe, q->src[1] = 0x80;
	}
	if (rnd(6) == 0)
		query_special(q);
	q->ifindex = fx.dev[d];
	bpf_map_lookup_elem(bpf_map__fd(fx.live->maps.ifaces), &q->ifindex, &v);
	switch (rnd(8)) {
	case 0:
		rnd_bytes(q->dst_mac, 6);
		q->dst_mac[0] &= 0xfe;
		break;
	case 1:
		memcpy(q->dst_mac, "\xff\xff\xff\xff\xff\xff", 6);
		break;
	case 2:
		memcpy(q->dst_mac, fx.dev_mac[d], 6);
		break;
	default:
		memcpy(q->dst_mac, v.mac, 6);
	}
}

/* A per-CPU map of struct xbr_counter, every entry and CPU summed: one batch read. */
static void counters_total(struct bpf_map *m, __u32 max, struct xbr_counter *sum)
{
	struct xbr_counter *v = calloc((size_t)max * fx.ncpu, sizeof(*v));
	__u32 *keys = calloc(max, sizeof(*keys)), count = max, out;
	LIBBPF_OPTS(bpf_map_batch_opts, opts);

	assert_non_null(v);
	assert_non_null(keys);
	memset(sum, 0, sizeof(*sum));
	if (bpf_map_lookup_batch(bpf_map__fd(m), NULL, &out, keys, v, &count, &opts))
		assert_int_equal(errno, ENOENT);
	assert_int_equal(count, max);
	for (size_t i = 0; i < (size_t)count * fx.ncpu; i++) {
		sum->packets += v[i].packets;
		sum->bytes += v[i].bytes;
	}
	free(v);
	free(keys);
}

/* Packets of each reason in the live counters, every CPU summed. */
static void reason_packets(__u64 packets[XBR_REASON_MAX])
{
	for (__u32 k = 0; k < XBR_REASON_MAX; k++) {
		struct xbr_counter v[256] = {};

		packets[k] = 0;
		bpf_map_lookup_elem(bpf_map__fd(fx.live->maps.counters), &k, v);
		for (int c = 0; c < fx.ncpu; c++)
			packets[k] += v[c].packets;
	}
}

/* The live program's reason and destination for a frame: the counter that moved. */
static void live_run(const struct explain_result *r, __u32 ifindex, const struct xbr_counter *d0,
		     __u32 *verdict, __u32 *reason, __u32 *dest, __u8 *out, __u32 *out_len)
{
	struct xdp_md ctx = { .data_end = r->len_in, .ingress_ifindex = ifindex };
	__u64 before[XBR_REASON_MAX], after[XBR_REASON_MAX];
	__u8 buf[EXPLAIN_FRAME_MAX + 64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = r->frame_in, .data_size_in = r->len_in,
		    .data_out = buf, .data_size_out = sizeof(buf), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);
	struct xbr_counter d1;

	reason_packets(before);
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(fx.live->progs.xbr_xdp), &opts), 0);
	counters_total(fx.live->maps.dest_stats, XBR_DEST_STATS_MAX, &d1);
	reason_packets(after);
	*reason = XBR_REASON_MAX;
	for (__u32 k = 0; k < XBR_REASON_MAX; k++) {
		if (after[k] == before[k])
			continue;
		assert_int_equal(after[k], before[k] + 1);
		assert_int_equal(*reason, XBR_REASON_MAX); /* one reason only */
		*reason = k;
	}
	*dest = d1.packets - d0->packets; /* 1 when a destination counted it */
	*verdict = opts.retval;
	*out_len = opts.data_size_out;
	memcpy(out, buf, opts.data_size_out < sizeof(buf) ? opts.data_size_out : sizeof(buf));
}

/*
 * An ICMP error about IPv4 carries a random IP ID (as the kernel's, from
 * ip_select_ident()): its ID and header checksum are not compared.
 */
static void mask_ip_id(const struct explain_query *q, __u32 reason, __u8 *frame)
{
	if (q->family != AF_INET ||
	    (reason != XBR_ICMP_TOO_BIG && reason != XBR_ICMP_TIME_EXCEEDED))
		return;
	memset(frame + 14 + 4, 0, 2);
	memset(frame + 14 + 10, 0, 2);
}

static void report(const struct explain_query *q, const struct explain_result *r, __u32 live)
{
	char d[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN];

	inet_ntop(q->family, q->dst, d, sizeof(d));
	inet_ntop(q->family, q->src, s, sizeof(s));
	fprintf(stderr,
		"XBR_SEED=%u: %s -> %s in on ifindex %u: program %s, explain %s, reading %s\n",
		fx.seed, s, d, q->ifindex, xbr_reason_name(live), xbr_reason_name(r->reason),
		xbr_reason_name(r->walk_reason));
}

static void test_random_tables(void **state)
{
	const char *e = getenv("XBR_TABLES");
	int tables = e ? atoi(e) : N_TABLES, mismatches = 0;

	(void)state;
	for (int t = 0; t < tables; t++) {
		table_random();
		for (int i = 0; i < N_PACKETS; i++) {
			struct xbr_counter c0, c1, s0, s1;
			__u32 verdict, reason, dest, out_len;
			__u8 out[EXPLAIN_FRAME_MAX + 64] = {};
			struct explain_result r;
			struct explain_query q;

			query_random(&q);
			counters_total(fx.live->maps.counters, XBR_REASON_MAX, &c0);
			counters_total(fx.live->maps.dest_stats, XBR_DEST_STATS_MAX, &s0);
			assert_int_equal(explain_run(&fx.e, &fx.pins, &q, &r), 0);
			counters_total(fx.live->maps.counters, XBR_REASON_MAX, &c1);
			counters_total(fx.live->maps.dest_stats, XBR_DEST_STATS_MAX, &s1);
			/* asking counts nowhere */
			assert_memory_equal(&c0, &c1, sizeof(c0));
			assert_memory_equal(&s0, &s1, sizeof(s0));

			live_run(&r, q.ifindex, &s1, &verdict, &reason, &dest, out, &out_len);
			fx.asked++;
			if (reason < XBR_REASON_MAX)
				fx.by_reason[reason]++;
			if (reason != r.reason || !explain_agree(r.walk_reason, reason)) {
				report(&q, &r, reason);
				mismatches++;
				continue;
			}
			assert_int_equal(verdict, r.verdict);
			assert_int_equal(out_len, r.len_out);
			mask_ip_id(&q, reason, out);
			mask_ip_id(&q, reason, r.frame_out);
			assert_memory_equal(out, r.frame_out, out_len);
			/* a destination counted it in both, or in neither */
			assert_int_equal(dest, r.dest_index != ~0U);
		}
	}
	printf("explain: %lu questions over %d tables, %d disagreements (XBR_SEED=%u)\n", fx.asked,
	       tables, mismatches, fx.seed);
	for (__u32 k = 0; k < XBR_REASON_MAX; k++)
		if (fx.by_reason[k])
			printf("  %-20s %lu\n", xbr_reason_name(k), fx.by_reason[k]);
	assert_int_equal(mismatches, 0);
}

/*
 * The errors xbr answers itself, which random tables reach too seldom to
 * count on: a fixed table, a packet over the egress MTU (40 bytes, below
 * explain's frame) and a link-local sender, with and without the kernel
 * holding the destinations as routes.
 * Run first, on empty maps, and removed after.
 */
static void test_answers(void **state)
{
	static const struct {
		int family;
		const char *dst, *src;
		bool kernel_routes;
		__u32 reason, verdict;
	} cases[] = {
		{ AF_INET, "10.0.0.5", "10.3.3.3", false, XBR_ICMP_TOO_BIG, XDP_REDIRECT },
		{ AF_INET, "10.0.0.5", "10.3.3.3", true, XBR_PASS_TOO_BIG, XDP_PASS },
		{ AF_INET6, "2001:db8::5", "fe80::9", false, XBR_ICMP_BEYOND_SCOPE, XDP_TX },
		{ AF_INET6, "2001:db8::5", "fe80::9", true, XBR_PASS_MULTICAST, XDP_PASS },
		{ AF_INET6, "2001:db8::5", "2001:db8:9::9", false, XBR_FWD_REDIRECT, XDP_REDIRECT },
	};
	struct xbr_lpm_v6 k4 = { .prefixlen = 8, .addr = { 10 } };
	struct xbr_lpm_v6 k6 = { .prefixlen = 32, .addr = { 0x20, 0x01, 0x0d, 0xb8 } };
	struct xbr_route r4 = { .action = XBR_ROUTE_FORWARD, .gateway = 0 };
	struct xbr_route r6 = { .action = XBR_ROUTE_FORWARD, .gateway = 1 };
	struct xbr_gateway g4 = { .resolved = 1,
				  .family = AF_INET,
				  .mtu = 40,
				  .configured = 1,
				  .src_addr = { 10, 9, 0, 2 } };
	struct xbr_gateway g6 = { .resolved = 1, .family = AF_INET6, .mtu = 1500, .configured = 1 };
	struct xbr_iface in = { .prog_id = 1, .xdp_mode = XBR_XDP_NATIVE };
	struct xbr_iface_v6 v6 = { .link_local = { 0xfe, 0x80, [15] = 1 } };
	struct bpf_devmap_val port = { .ifindex = fx.dev[1] };
	struct xbr_liveness l = { .rpd_state = XBR_RPD_DOWN };
	__u32 zero = 0, one = 1;

	(void)state;
	g4.egress_ifindex = g6.egress_ifindex = fx.dev[1];
	memcpy(in.mac, fx.dev_mac[0], 6);
	assert_int_equal(bpf_map_update_elem(bpf_map__fd(fx.live->maps.routes_v4), &k4, &r4, 0), 0);
	assert_int_equal(bpf_map_update_elem(bpf_map__fd(fx.live->maps.routes_v6), &k6, &r6, 0), 0);
	assert_int_equal(bpf_map_update_elem(bpf_map__fd(fx.live->maps.gateways), &zero, &g4, 0),
			 0);
	assert_int_equal(bpf_map_update_elem(bpf_map__fd(fx.live->maps.gateways), &one, &g6, 0), 0);
	assert_int_equal(bpf_map_update_elem(bpf_map__fd(fx.live->maps.ifaces), &fx.dev[0], &in, 0),
			 0);
	assert_int_equal(
		bpf_map_update_elem(bpf_map__fd(fx.live->maps.iface_v6), &fx.dev[0], &v6, 0), 0);
	assert_int_equal(
		bpf_map_update_elem(bpf_map__fd(fx.live->maps.egress_ports), &fx.dev[1], &port, 0),
		0);
	assert_int_equal(bpf_map_update_elem(bpf_map__fd(fx.live->maps.rpd_liveness), &zero, &l, 0),
			 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct xbr_settings cfg = { .ip_default_ttl = 64, .ip6_hop_limit = 64 };
		__u8 out[EXPLAIN_FRAME_MAX + 64] = {};
		__u32 verdict, reason, dest, out_len;
		struct explain_result r;
		struct explain_query q = { .family = cases[i].family, .ifindex = fx.dev[0] };
		struct xbr_counter d0;

		if (cases[i].kernel_routes)
			cfg.flags = XBR_SETTINGS_F_KERNEL_ROUTES;
		assert_int_equal(
			bpf_map_update_elem(bpf_map__fd(fx.live->maps.settings), &zero, &cfg, 0),
			0);
		assert_int_equal(inet_pton(q.family, cases[i].dst, q.dst), 1);
		assert_int_equal(inet_pton(q.family, cases[i].src, q.src), 1);
		memcpy(q.dst_mac, fx.dev_mac[0], 6);
		assert_int_equal(explain_run(&fx.e, &fx.pins, &q, &r), 0);
		counters_total(fx.live->maps.dest_stats, XBR_DEST_STATS_MAX, &d0);
		live_run(&r, q.ifindex, &d0, &verdict, &reason, &dest, out, &out_len);
		assert_string_equal(xbr_reason_name(reason), xbr_reason_name(cases[i].reason));
		assert_string_equal(xbr_reason_name(r.reason), xbr_reason_name(cases[i].reason));
		assert_string_equal(xbr_reason_name(r.walk_reason),
				    xbr_reason_name(cases[i].reason));
		assert_int_equal(verdict, cases[i].verdict);
		assert_int_equal(r.verdict, cases[i].verdict);
		assert_int_equal(out_len, r.len_out);
		mask_ip_id(&q, reason, out);
		mask_ip_id(&q, reason, r.frame_out);
		assert_memory_equal(out, r.frame_out, out_len);
		assert_int_equal(r.checked, true);
		assert_int_equal(r.kernel_routes, cases[i].kernel_routes);
	}
	bpf_map_delete_elem(bpf_map__fd(fx.live->maps.routes_v4), &k4);
	bpf_map_delete_elem(bpf_map__fd(fx.live->maps.routes_v6), &k6);
	bpf_map_delete_elem(bpf_map__fd(fx.live->maps.iface_v6), &fx.dev[0]);
}

/* A reason every table exercises at least once would be luck: these must all occur. */
static void test_coverage(void **state)
{
	static const __u32 must[] = { XBR_FWD_REDIRECT,	      XBR_FWD_TX,
				      XBR_PASS_NOT_OURS,      XBR_PASS_MULTICAST,
				      XBR_PASS_NOT_IN_EFFECT, XBR_PASS_NO_ROUTE,
				      XBR_PASS_DEFER,	      XBR_PASS_UNRESOLVED,
				      XBR_PASS_NO_EGRESS,     XBR_PASS_NOT_IFACE,
				      XBR_PASS_NOT_ALLOWED,   XBR_PASS_MARTIAN,
				      XBR_DROP_MARTIAN,	      XBR_DROP_NOT_FORWARDING };

	(void)state;
	if (getenv("XBR_TABLES"))
		skip();
	for (size_t i = 0; i < sizeof(must) / sizeof(must[0]); i++) {
		if (!fx.by_reason[must[i]])
			fprintf(stderr, "never seen: %s\n", xbr_reason_name(must[i]));
		assert_true(fx.by_reason[must[i]] > 0);
	}
}

static int setup(void **state)
{
	const char *seed = getenv("XBR_SEED");
	struct bpf_map *m;

	(void)state;
	if (unshare(CLONE_NEWNET)) {
		perror("test_explain: unshare(CLONE_NEWNET)");
		return -1;
	}
	if (sys_run("ip link add xe0 type veth peer name xe1") ||
	    sys_run("ip link add xe2 type veth peer name xe3") ||
	    sys_run("for i in 0 1 2 3; do ip link set xe$i up; done") ||
	    sys_run("sysctl -qw net.ipv4.conf.all.forwarding=1") ||
	    sys_run("ip addr add 10.9.0.2/24 dev xe0") ||
	    sys_run("ip neigh add 10.9.0.1 lladdr 02:00:00:00:09:01 dev xe0 nud permanent") ||
	    sys_run("ip route add 10.1.0.0/16 via 10.9.0.1 dev xe0") ||
	    sys_run("ip route add blackhole 10.2.0.0/16"))
		return -1;
	for (int i = 0; i < N_DEVS; i++) {
		char name[IF_NAMESIZE];

		snprintf(name, sizeof(name), "xe%d", i);
		fx.dev[i] = if_nametoindex(name);
		if (!fx.dev[i])
			return -1;
		for (int b = 0; b < 6; b++)
			fx.dev_mac[i][b] = 0x02 + (b ? i * 16 + b : 0);
		if (sys_run("ip link set xe%d address %02x:%02x:%02x:%02x:%02x:%02x", i,
			    fx.dev_mac[i][0], fx.dev_mac[i][1], fx.dev_mac[i][2], fx.dev_mac[i][3],
			    fx.dev_mac[i][4], fx.dev_mac[i][5]))
			return -1;
	}
	fx.ncpu = libbpf_num_possible_cpus();
	fx.live = xbr_bpf__open_and_load();
	if (!fx.live) {
		fprintf(stderr, "test_explain: cannot load the XDP object\n");
		return -1;
	}
	/* The instance as a command opens it: a second, unloaded object on the same maps. */
	pins_init(&fx.pins, "(test)");
	fx.pins.skel = xbr_bpf__open();
	if (!fx.pins.skel)
		return -1;
	bpf_object__for_each_map(m, fx.pins.skel->obj)
	{
		struct bpf_map *live = bpf_object__find_map_by_name(fx.live->obj, bpf_map__name(m));

		if (!bpf_map__is_internal(m) && (!live || bpf_map__reuse_fd(m, bpf_map__fd(live))))
			return -1;
	}
	if (explain_open(&fx.e, &fx.pins)) {
		fprintf(stderr, "test_explain: explain_open: %s\n", xbr_why(-1));
		return -1;
	}
	fx.seed = seed ? strtoul(seed, NULL, 0) : (unsigned int)time(NULL);
	srandom(fx.seed);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	explain_close(&fx.e);
	pins_close(&fx.pins);
	xbr_bpf__destroy(fx.live);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_random_tables),
		cmocka_unit_test(test_coverage),
	};

	return cmocka_run_group_tests_name("explain", tests, setup, teardown);
}
