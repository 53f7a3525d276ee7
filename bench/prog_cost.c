// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Program cost with BPF_PROG_TEST_RUN: ns per packet of xbr's paths next to
 * an empty program and the minimal forwarder (bench/progs/bench_progs.bpf.c), all in
 * the same rounds; and two flows on two CPUs at once (multicore).
 *
 * The kernel times its own run loop, so every figure includes the loop's
 * per-repeat overhead; the empty program is exactly that overhead, and
 * "xbr − empty" is what xbr itself costs. Forwarded frames go through the
 * harness (bench/progs/xbr_bench.bpf.c), which puts TTL and checksum back so that
 * every repeat is a hit; its own cost is measured too (harness on a miss
 * minus xbr on a miss).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench/xbrbench.h"
#include "bench_progs.skel.h"
#include "bench_shared.skel.h"

/*
 * Two flows on two CPUs: short runs, many of them. On a busy machine a long
 * run shares its CPU with other processes, and the two flows end up taking
 * turns rather than running at the same instant.
 */
#define MULTICORE_REPEAT 200000

/* Destinations in the tries while the paths are timed (the goal is stated for 1,000). */
#define PROG_DESTS 1000

/* Offsets of IPv4 TTL / IPv6 hop limit in our frames. */
#define TTL_OFF_V4 (ETH_HLEN + 8)
#define TTL_OFF_V6 (ETH_HLEN + 7)

enum liveness_mode { LIVE_DOWN, LIVE_UP, LIVE_UP_HEARTBEAT };

struct prog_case {
	const char *name;
	int prog; /* index into progs[] */
	const char *dst;
	enum liveness_mode live;
	__u32 verdict;
	int reason; /* -1: not an xbr program */
	const char *what;
	bool trie; /* the route cache off (route_gen 0): every packet asks the trie */
};

enum { P_EMPTY, P_FLOOR, P_XBR, P_HARNESS, P_MAX };

static const struct prog_case cases[] = {
	{ "empty", P_EMPTY, "172.16.5.10", LIVE_DOWN, XDP_PASS, -1, "XDP_PASS only", false },
	{ "floor", P_FLOOR, "172.16.5.10", LIVE_DOWN, XDP_REDIRECT, -1,
	  "minimal forwarder: Ethernet check, MACs, bpf_redirect_map", false },
	{ "xbr_hit_v4", P_HARNESS, "172.16.5.10", LIVE_DOWN, XDP_REDIRECT, XBR_FWD_REDIRECT,
	  "IPv4 backup destination, forwarded (harness)", false },
	{ "xbr_hit_v6", P_HARNESS, "2001:db8:ffff::10", LIVE_DOWN, XDP_REDIRECT, XBR_FWD_REDIRECT,
	  "IPv6 backup destination, forwarded (harness)", false },
	{ "xbr_hit_v4_trie", P_HARNESS, "172.16.5.10", LIVE_DOWN, XDP_REDIRECT, XBR_FWD_REDIRECT,
	  "the same, the route cache off: the trie for every packet", true },
	{ "xbr_hit_v6_trie", P_HARNESS, "2001:db8:ffff::10", LIVE_DOWN, XDP_REDIRECT,
	  XBR_FWD_REDIRECT, "the same, the route cache off: the trie for every packet", true },
	{ "xbr_miss_v4", P_XBR, "10.255.255.1", LIVE_DOWN, XDP_PASS, XBR_PASS_NO_ROUTE,
	  "IPv4, no backup destination", false },
	{ "xbr_miss_v6", P_XBR, "2001:db8:fffe::1", LIVE_DOWN, XDP_PASS, XBR_PASS_NO_ROUTE,
	  "IPv6, no backup destination", false },
	{ "xbr_defer_v4", P_XBR, "172.16.7.1", LIVE_DOWN, XDP_PASS, XBR_PASS_DEFER,
	  "IPv4, kernel route inside a backup destination", false },
	{ "xbr_rpd_up", P_XBR, "172.16.5.10", LIVE_UP, XDP_PASS, XBR_PASS_NOT_IN_EFFECT,
	  "rpd up: backup destinations not in effect", false },
	{ "xbr_rpd_up_heartbeat", P_XBR, "172.16.5.10", LIVE_UP_HEARTBEAT, XDP_PASS,
	  XBR_PASS_NOT_IN_EFFECT, "rpd up with a heartbeat deadline", false },
	{ "harness_miss_v4", P_HARNESS, "10.255.255.1", LIVE_DOWN, XDP_PASS, XBR_PASS_NO_ROUTE,
	  "the harness on a miss: xbr_miss_v4 + the harness's own cost", false },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static int route_v4(struct fixture *f, const char *pfx, __u32 len, __u32 action, __u32 dest)
{
	struct xbr_lpm_v4 key = { .prefixlen = len };
	struct xbr_route val = { .action = action, .gateway = XBR_GW_INET, .dest_index = dest };

	inet_pton(AF_INET, pfx, key.addr);
	return bpf_map_update_elem(bpf_map__fd(f->xbr->maps.routes_v4), &key, &val, 0);
}

static int route_v6(struct fixture *f, const char *pfx, __u32 len, __u32 action, __u32 dest)
{
	struct xbr_lpm_v6 key = { .prefixlen = len };
	struct xbr_route val = { .action = action, .gateway = XBR_GW_INET6, .dest_index = dest };

	inet_pton(AF_INET6, pfx, key.addr);
	return bpf_map_update_elem(bpf_map__fd(f->xbr->maps.routes_v6), &key, &val, 0);
}

/*
 * The demo's backup destinations and a defer entry, plus random /16../24 and
 * /32../48 fillers up to PROG_DESTS per family, kept out of the prefixes the
 * cases use (first octet 11..99; 2001:db9:: and up), as the table a large
 * management network would give.
 */
static int prog_tables(struct fixture *f)
{
	int i, err = 0;

	err |= route_v4(f, "172.16.0.0", 13, XBR_ROUTE_FORWARD, 0);
	err |= route_v4(f, "172.24.0.0", 13, XBR_ROUTE_FORWARD, 1);
	err |= route_v4(f, "172.16.7.0", 24, XBR_ROUTE_DEFER, 0);
	err |= route_v6(f, "2001:db8:ffff::", 48, XBR_ROUTE_FORWARD, 2);
	for (i = 3; i < PROG_DESTS; i++) {
		struct xbr_lpm_v4 k4 = { .prefixlen = 16 + bench_rnd() % 9 };
		struct xbr_lpm_v6 k6 = { .prefixlen = 32 + bench_rnd() % 17 };
		struct xbr_route v4 = { XBR_ROUTE_FORWARD, XBR_GW_INET, i, 0 };
		struct xbr_route v6 = { XBR_ROUTE_FORWARD, XBR_GW_INET6, i, 0 };
		__u64 r = bench_rnd();

		k4.addr[0] = 11 + r % 89;
		k4.addr[1] = r >> 8;
		k4.addr[2] = r >> 16;
		k6.addr[0] = 0x20;
		k6.addr[1] = 0x01;
		k6.addr[2] = 0x0d;
		k6.addr[3] = 0xb9 + (r >> 24) % 0x40;
		k6.addr[4] = r >> 32;
		k6.addr[5] = r >> 40;
		/* The kernel keys by the masked prefix; extra bits would be ignored anyway. */
		err |= bpf_map_update_elem(bpf_map__fd(f->xbr->maps.routes_v4), &k4, &v4, 0);
		err |= bpf_map_update_elem(bpf_map__fd(f->xbr->maps.routes_v6), &k6, &v6, 0);
	}
	err |= fixture_route_cache(f, true);
	return err ? -1 : 0;
}

static int set_liveness(struct fixture *f, enum liveness_mode m)
{
	switch (m) {
	case LIVE_DOWN:
		return fixture_liveness(f, XBR_RPD_DOWN, 0);
	case LIVE_UP:
		return fixture_liveness(f, XBR_RPD_UP, 0);
	case LIVE_UP_HEARTBEAT:
		return fixture_liveness(f, XBR_RPD_UP, 3600ULL * 1000000000ULL);
	}
	return -1;
}

static struct bench_progs_bpf *refs_load(struct fixture *f)
{
	struct bench_progs_bpf *r = bench_progs_bpf__open();
	struct bpf_devmap_val dv = { .ifindex = f->if_out };
	__u32 zero = 0;
	int i;

	if (!r)
		return NULL;
	for (i = 0; i < 3; i++) {
		r->rodata->floor_dmac[i] = ((const __u16 *)bench_mac_in)[i];
		r->rodata->floor_smac[i] = ((const __u16 *)bench_mac_out)[i];
	}
	if (bench_progs_bpf__load(r) ||
	    bpf_map_update_elem(bpf_map__fd(r->maps.floor_ports), &zero, &dv, 0)) {
		fprintf(stderr, "xbrbench: cannot load the reference programs\n");
		bench_progs_bpf__destroy(r);
		return NULL;
	}
	return r;
}

/* One sample of one case, checked: the verdict, the reason, every repeat still a hit. */
static double prog_sample(struct fixture *f, const int *fds, const struct prog_case *c,
			  __u32 repeat)
{
	__u8 frame[BENCH_FRAME_LEN], out[BENCH_FRAME_LEN];
	__u64 before = 0, after;
	size_t len = frame_build(frame, c->dst);
	bool v6 = strchr(c->dst, ':') != NULL;
	__u32 retval;
	double ns;

	if (set_liveness(f, c->live) || fixture_route_cache(f, !c->trie))
		return -1;
	if (c->reason >= 0)
		before = fixture_reason_packets(f, c->reason);
	ns = prog_run(fds[c->prog], frame, len, f->if_in, repeat, &retval, out);
	if (ns < 0)
		return -1;
	if (retval != c->verdict) {
		fprintf(stderr, "xbrbench: %s: verdict %u, expected %u\n", c->name, retval,
			c->verdict);
		return -1;
	}
	if (c->reason >= 0) {
		after = fixture_reason_packets(f, c->reason);
		if (after - before != repeat) {
			fprintf(stderr, "xbrbench: %s: %llu of %u repeats took the measured path\n",
				c->name, (unsigned long long)(after - before), repeat);
			return -1;
		}
	}
	if (out[v6 ? TTL_OFF_V6 : TTL_OFF_V4] != 64) {
		fprintf(stderr, "xbrbench: %s: the frame was not restored between repeats\n",
			c->name);
		return -1;
	}
	return ns;
}

int cmd_prog(const struct bench_opts *o)
{
	/* each case, and each case minus the empty program of the same round */
	struct samples s[N_CASES] = {}, d[N_CASES] = {};
	struct bench_progs_bpf *refs = NULL;
	struct fixture f = {};
	int fds[P_MAX], round, i, rc = -1;

	if (bench_netns() || fixture_load(&f) || prog_tables(&f))
		goto out;
	refs = refs_load(&f);
	if (!refs)
		goto out;
	fds[P_EMPTY] = bpf_program__fd(refs->progs.bench_empty);
	fds[P_FLOOR] = bpf_program__fd(refs->progs.bench_floor);
	fds[P_XBR] = f.xbr_fd;
	fds[P_HARNESS] = f.harness_fd;

	/* Warm up caches and the CPU's frequency before the first sample counts. */
	for (i = 0; i < (int)N_CASES; i++)
		if (prog_sample(&f, fds, &cases[i], o->repeat / 10) < 0)
			goto out;
	for (round = 0; round < o->rounds; round++) {
		double empty = 0;

		for (i = 0; i < (int)N_CASES; i++) {
			double ns = prog_sample(&f, fds, &cases[i], o->repeat);

			if (ns < 0)
				goto out;
			if (cases[i].prog == P_EMPTY)
				empty = ns;
			samples_add(&s[i], ns);
			samples_add(&d[i], ns - empty);
		}
		fprintf(stderr, "  prog: round %d/%d\n", round + 1, o->rounds);
	}
	for (i = 0; i < (int)N_CASES; i++) {
		double med = samples_median(&s[i]);

		/*
		 * What the program itself costs, round by round: other tenants'
		 * load comes and goes, and takes the empty program of the same
		 * round along with it.
		 */
		emit("prog", cases[i].name, med, "ns/packet", "median", s[i].n,
		     "\"min\": %.0f, \"max\": %.0f, \"minus_empty\": %.1f, \"minus_empty_min\": "
		     "%.0f, \"minus_empty_max\": %.0f, \"repeat\": %u, \"destinations\": %d, "
		     "\"what\": \"%s\"",
		     samples_min(&s[i]), samples_max(&s[i]), samples_median(&d[i]),
		     samples_min(&d[i]), samples_max(&d[i]), o->repeat, PROG_DESTS, cases[i].what);
	}
	rc = 0;
out:
	bench_progs_bpf__destroy(refs);
	fixture_destroy(&f);
	return rc;
}

/* ---- two flows on two CPUs ----------------------------------------------- */

struct flow {
	pthread_t thread;
	pthread_barrier_t *start;
	int cpu, prog_fd;
	__u32 if_in, repeat;
	__u8 frame[BENCH_FRAME_LEN];
	double ns;	       /* per packet, by this thread's CPU time */
	double t_start, t_end; /* wall clock, to see how long the flows ran together */
};

static void *flow_run(void *arg)
{
	struct flow *fl = arg;
	cpu_set_t set;
	__u32 retval;
	double t0;

	CPU_ZERO(&set);
	CPU_SET(fl->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (fl->start)
		pthread_barrier_wait(fl->start);
	/*
	 * The thread's CPU time, not the kernel's figure: that one is whole
	 * ns per repeat, too coarse to tell 1.9 from 2.0 times the rate.
	 */
	fl->t_start = now_ns();
	t0 = bench_cpu_ns();
	if (prog_run(fl->prog_fd, fl->frame, BENCH_FRAME_LEN, fl->if_in, fl->repeat, &retval,
		     NULL) < 0 ||
	    retval != XDP_REDIRECT)
		fl->ns = -1;
	else
		fl->ns = (bench_cpu_ns() - t0) / fl->repeat;
	fl->t_end = now_ns();
	return NULL;
}

/*
 * Run n flows (n = 1 or 2) at once; returns their total rate in Mpps, or < 0.
 * *overlap: the share of the longer run during which both ran, for n = 2.
 */
static double flows_run(struct flow *fl, int n, double *overlap)
{
	pthread_barrier_t start;
	double mpps = 0;
	int i;

	pthread_barrier_init(&start, NULL, n);
	for (i = 0; i < n; i++) {
		fl[i].start = &start;
		pthread_create(&fl[i].thread, NULL, flow_run, &fl[i]);
	}
	for (i = 0; i < n; i++)
		pthread_join(fl[i].thread, NULL);
	pthread_barrier_destroy(&start);
	for (i = 0; i < n; i++) {
		if (fl[i].ns <= 0)
			return -1;
		mpps += 1e3 / fl[i].ns;
	}
	if (n == 2) {
		double from = fl[0].t_start > fl[1].t_start ? fl[0].t_start : fl[1].t_start;
		double to = fl[0].t_end < fl[1].t_end ? fl[0].t_end : fl[1].t_end;
		double d0 = fl[0].t_end - fl[0].t_start, d1 = fl[1].t_end - fl[1].t_start;

		*overlap = to > from ? (to - from) / (d0 > d1 ? d0 : d1) : 0;
	}
	return mpps;
}

/* Packets forwarded per CPU for destination d (dest_stats): where the counting happened. */
static void dest_per_cpu(struct fixture *f, __u32 d, __u64 *per_cpu)
{
	struct xbr_counter vals[f->ncpus];
	int cpu;

	memset(vals, 0, sizeof(vals));
	bpf_map_lookup_elem(bpf_map__fd(f->xbr->maps.dest_stats), &d, vals);
	for (cpu = 0; cpu < f->ncpus; cpu++)
		per_cpu[cpu] = vals[cpu].packets;
}

/*
 * Two flows (to dest 0 and dest 1) on CPUs 0 and 1, first one alone, then
 * both at once: with per-CPU counters nothing is written that the other CPU
 * reads, so the two together should forward about twice what one does.
 * bench_shared adds one shared atomic counter for contrast.
 */
int cmd_multicore(const struct bench_opts *o)
{
	struct samples solo[2] = {}, both[2] = {}, overlap[2] = {};
	struct bench_shared_bpf *shared = NULL;
	struct flow fl[2] = {};
	struct bpf_map *map, *ours;
	struct fixture f = {};
	int round, p, rc = -1, ncpu_online = sysconf(_SC_NPROCESSORS_ONLN);
	int rounds = o->quick ? 5 : 15;
	int fds[2];
	const char *names[2] = { "xbr_percpu", "shared_counter" };

	if (ncpu_online < 2) {
		fprintf(stderr, "xbrbench: multicore needs 2 CPUs, %d online: skipped\n",
			ncpu_online);
		return 0;
	}
	if (bench_netns() || fixture_load(&f) || prog_tables(&f) ||
	    fixture_liveness(&f, XBR_RPD_DOWN, 0))
		goto out;
	shared = bench_shared_bpf__open();
	if (!shared)
		goto out;
	bpf_object__for_each_map(map, shared->obj)
	{
		ours = bpf_object__find_map_by_name(f.xbr->obj, bpf_map__name(map));
		if (ours && bpf_map__reuse_fd(map, bpf_map__fd(ours)))
			goto out;
	}
	if (bench_shared_bpf__load(shared))
		goto out;
	fds[0] = f.harness_fd;
	fds[1] = bpf_program__fd(shared->progs.bench_shared);

	for (p = 0; p < 2; p++) {
		fl[p].cpu = p;
		fl[p].if_in = f.if_in;
		fl[p].repeat = MULTICORE_REPEAT;
		frame_build(fl[p].frame, p ? "172.24.1.1" : "172.16.5.10");
	}
	for (round = 0; round < rounds; round++) {
		for (p = 0; p < 2; p++) {
			double one, two, ov = 0;

			fl[0].prog_fd = fl[1].prog_fd = fds[p];
			one = flows_run(fl, 1, NULL);
			two = flows_run(fl, 2, &ov);
			if (one < 0 || two < 0)
				goto out;
			samples_add(&solo[p], one);
			samples_add(&both[p], two);
			samples_add(&overlap[p], ov);
		}
		if ((round + 1) % 5 == 0)
			fprintf(stderr, "  multicore: round %d/%d\n", round + 1, rounds);
	}
	for (p = 0; p < 2; p++) {
		double s1 = samples_median(&solo[p]), s2 = samples_median(&both[p]);

		emit("multicore", names[p], s1, "Mpps", "median", solo[p].n,
		     "\"cpus\": 1, \"what\": \"one flow, CPU 0\"");
		emit("multicore", names[p], s2, "Mpps", "median", both[p].n,
		     "\"cpus\": 2, \"what\": \"two flows, CPUs 0 and 1 at once\"");
		emit("multicore", names[p], s2 / s1, "x", "median", both[p].n,
		     "\"cpus\": 2, \"what\": \"scaling: 2 CPUs over 1 (ideal 2)\"");
		emit("multicore", names[p], samples_median(&overlap[p]), "fraction", "median",
		     overlap[p].n,
		     "\"cpus\": 2, \"what\": \"share of the run the two flows ran together\"");
	}
	{
		__u64 d0[f.ncpus], d1[f.ncpus];

		dest_per_cpu(&f, 0, d0);
		dest_per_cpu(&f, 1, d1);
		/* Flow 0 (dest 0) only ever ran on CPU 0, flow 1 (dest 1) on CPU 1. */
		emit("multicore", "dest0_on_cpu1", (double)d0[1], "packets", "count", 1,
		     "\"what\": \"flow 0 counted on CPU 1 (expect 0)\", \"on_cpu0\": %llu",
		     (unsigned long long)d0[0]);
		emit("multicore", "dest1_on_cpu0", (double)d1[0], "packets", "count", 1,
		     "\"what\": \"flow 1 counted on CPU 0 (expect 0)\", \"on_cpu1\": %llu",
		     (unsigned long long)d1[1]);
	}
	rc = 0;
out:
	bench_shared_bpf__destroy(shared);
	fixture_destroy(&f);
	return rc;
}
