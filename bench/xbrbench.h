/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bench/xbrbench: the measurements of bench/run.sh that need BPF from C.
 * xbrbench.c holds what they share: the fixture (the real xbr object and its
 * benchmark harness on maps set up for forwarding, in a network namespace of
 * our own), frames, BPF_PROG_TEST_RUN, statistics and the JSON lines every
 * measurement is printed as.
 */
#ifndef XBRBENCH_H
#define XBRBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "maps/xbr_maps.h"
#include "xbr.skel.h"
#include "xbr_bench.skel.h"

#define BENCH_FRAME_LEN	  64 /* 64-byte UDP frames, as on the wire without FCS */
#define BENCH_SAMPLES_MAX 512

/* Interfaces of the fixture's namespace: the ingress, and the egress it forwards to. */
#define BENCH_IF_IN  "bx-in"
#define BENCH_IF_OUT "bx-out"

extern const __u8 bench_mac_in[6];
extern const __u8 bench_mac_out[6];
extern const __u8 bench_mac_peer[6];

struct fixture {
	struct xbr_bpf *xbr;
	struct xbr_bench_bpf *harness;
	int xbr_fd;	/* the XDP program as attached */
	__u64 gen;	/* the last route_gen written */
	int harness_fd; /* the same datapath, TTL and checksum restored after each run */
	__u32 if_in, if_out;
	int ncpus;
};

/* How hard to try: bench/run.sh passes --quick for `make bench-quick`. */
struct bench_opts {
	bool quick;
	__u32 repeat; /* BPF_PROG_TEST_RUN repeats per sample */
	int rounds;   /* samples per measurement, interleaved */
};

/* One sample set: sorted on demand. */
struct samples {
	double v[BENCH_SAMPLES_MAX];
	int n;
};

void samples_add(struct samples *s, double v);
double samples_min(struct samples *s);
double samples_max(struct samples *s);
double samples_median(struct samples *s);

/* Network namespace of our own with the BENCH_IF_IN / BENCH_IF_OUT veth pair. */
int bench_netns(void);
__u32 bench_ifindex(const char *name);

/*
 * Load xbr and the harness on shared maps, set up to forward: rpd unknown,
 * BENCH_IF_IN attached, both gateways resolved out of BENCH_IF_OUT. The
 * gateways' MAC is BENCH_IF_IN's own, so a forwarded frame stays addressed
 * to us for the next repeat.
 */
int fixture_load(struct fixture *f);
void fixture_destroy(struct fixture *f);
int fixture_liveness(struct fixture *f, __u32 rpd_state, __u64 heartbeat_timeout_ns);
/*
 * The route cache on (a new route_gen, as the loader writes after every
 * change of the tries) or off (route_gen 0: every packet asks the trie).
 */
int fixture_route_cache(struct fixture *f, bool on);
/* Packets the cache did not hold a destination for (AF_INET / AF_INET6), all CPUs. */
__u64 fixture_cache_misses(struct fixture *f, int family);
/* Sum of a reason counter over the CPUs. */
__u64 fixture_reason_packets(struct fixture *f, __u32 reason);

/* A 64-byte UDP frame to BENCH_IF_IN's MAC; family from the address. */
size_t frame_build(__u8 *buf, const char *dst);
size_t frame_build_raw(__u8 *buf, int family, const void *daddr);

/*
 * BPF_PROG_TEST_RUN of prog_fd on frame, arriving on ifindex; returns ns per
 * repeat as the kernel measured it (time in its run loop / repeat), or a
 * negative value on error. *retval and out (the frame after the last run, may
 * be NULL) as the program left them.
 */
double prog_run(int prog_fd, const __u8 *frame, size_t len, __u32 ifindex, __u32 repeat,
		__u32 *retval, __u8 *out);

/* One measurement as a JSON line on stdout; extra is "" or `"key": value, ...`. */
void emit(const char *group, const char *name, double value, const char *unit, const char *stat,
	  int samples, const char *extra_fmt, ...) __attribute__((format(printf, 7, 8)));

double now_ns(void);
double bench_cpu_ns(void);
__u64 bench_rnd(void);

int cmd_prog(const struct bench_opts *o);
int cmd_multicore(const struct bench_opts *o);
int cmd_scale(const struct bench_opts *o);
int cmd_attach(int argc, char **argv);
int cmd_livegen(int argc, char **argv);

#endif /* XBRBENCH_H */
