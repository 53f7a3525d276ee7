// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbrbench: the BPF side of `make bench` (bench/run.sh drives it).
 *
 *   xbrbench prog      [--quick]   program cost, BPF_PROG_TEST_RUN (prog_cost.c)
 *   xbrbench multicore [--quick]   two flows on two CPUs (prog_cost.c)
 *   xbrbench scale     [--quick]   cost, load time and memory against table size (scale.c)
 *   xbrbench attach    KIND IFACE [EGRESS GW_MAC]   attach a reference program (lab.c)
 *   xbrbench livegen   IFACE DST_MAC SRC_MAC COUNT  live-frames generator (lab.c)
 *
 * Measurements go to stdout, one JSON object per line (see emit()); progress
 * and errors to stderr. Timings are printed, never judged: the machines are
 * shared and noisy, so each figure is the minimum or median of samples taken
 * in interleaved rounds, next to the baselines measured in the same rounds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench/csum.h"
#include "bench/xbrbench.h"
#include "tests/sys.h"

const __u8 bench_mac_in[6] = { 0x02, 0xbe, 0x00, 0x00, 0x0a, 0x01 };
const __u8 bench_mac_out[6] = { 0x02, 0xbe, 0x00, 0x00, 0x0b, 0x01 };
const __u8 bench_mac_peer[6] = { 0x02, 0xbe, 0x00, 0x00, 0x0c, 0x01 };

double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* This thread's CPU time: what it ran, in its context, softirqs included. */
double bench_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* xorshift64*: the same "random" tables on every run, for comparable results. */
__u64 bench_rnd(void)
{
	static __u64 state = 0x9e3779b97f4a7c15ULL;

	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dULL;
}

void samples_add(struct samples *s, double v)
{
	if (s->n < BENCH_SAMPLES_MAX)
		s->v[s->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double samples_min(struct samples *s)
{
	qsort(s->v, s->n, sizeof(s->v[0]), cmp_double);
	return s->n ? s->v[0] : 0;
}

double samples_max(struct samples *s)
{
	return s->n ? (samples_min(s), s->v[s->n - 1]) : 0;
}

double samples_median(struct samples *s)
{
	qsort(s->v, s->n, sizeof(s->v[0]), cmp_double);
	if (!s->n)
		return 0;
	return s->n & 1 ? s->v[s->n / 2] : (s->v[s->n / 2 - 1] + s->v[s->n / 2]) / 2;
}

void emit(const char *group, const char *name, double value, const char *unit, const char *stat,
	  int samples, const char *extra_fmt, ...)
{
	char extra[512] = "";
	va_list ap;

	va_start(ap, extra_fmt);
	vsnprintf(extra, sizeof(extra), extra_fmt, ap);
	va_end(ap);
	printf("{\"group\": \"%s\", \"name\": \"%s\", \"value\": %.6g, \"unit\": \"%s\", "
	       "\"stat\": \"%s\", \"samples\": %d%s%s}\n",
	       group, name, value, unit, stat, samples, extra[0] ? ", " : "", extra);
	fflush(stdout);
}

__u32 bench_ifindex(const char *name)
{
	__u32 i = if_nametoindex(name);

	if (!i)
		fprintf(stderr, "xbrbench: no interface %s: %s\n", name, strerror(errno));
	return i;
}

/*
 * A namespace of our own: devmap entries and ingress_ifindex need real
 * interfaces, and whatever we make dies with the process, even on a crash.
 */
int bench_netns(void)
{
	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "xbrbench: unshare(CLONE_NEWNET): %s (needs root)\n",
			strerror(errno));
		return -1;
	}
	if (sys_run("ip link add " BENCH_IF_IN " type veth peer name " BENCH_IF_OUT) ||
	    sys_run("ip link set " BENCH_IF_IN " up && ip link set " BENCH_IF_OUT " up"))
		return -1;
	return 0;
}

size_t frame_build_raw(__u8 *buf, int family, const void *daddr)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	struct udphdr *udp;

	memset(buf, 0, BENCH_FRAME_LEN);
	memcpy(eth->h_dest, bench_mac_in, ETH_ALEN);
	memcpy(eth->h_source, bench_mac_peer, ETH_ALEN);
	if (family == AF_INET) {
		struct iphdr *ip = (struct iphdr *)(eth + 1);

		eth->h_proto = htons(ETH_P_IP);
		ip->version = 4;
		ip->ihl = 5;
		ip->tot_len = htons(BENCH_FRAME_LEN - sizeof(*eth));
		ip->ttl = 64;
		ip->protocol = IPPROTO_UDP;
		inet_pton(AF_INET, "198.51.100.2", &ip->saddr);
		memcpy(&ip->daddr, daddr, 4);
		ip->check = ipv4_csum(ip, sizeof(*ip));
		udp = (struct udphdr *)(ip + 1);
	} else {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)(eth + 1);

		eth->h_proto = htons(ETH_P_IPV6);
		ip6->version = 6;
		ip6->payload_len = htons(BENCH_FRAME_LEN - sizeof(*eth) - sizeof(*ip6));
		ip6->nexthdr = IPPROTO_UDP;
		ip6->hop_limit = 64;
		inet_pton(AF_INET6, "2001:db8:c::2", &ip6->saddr);
		memcpy(&ip6->daddr, daddr, 16);
		udp = (struct udphdr *)(ip6 + 1);
	}
	udp->source = htons(9);
	udp->dest = htons(9);
	udp->len = htons(buf + BENCH_FRAME_LEN - (__u8 *)udp);
	return BENCH_FRAME_LEN;
}

size_t frame_build(__u8 *buf, const char *dst)
{
	__u8 addr[16];

	if (inet_pton(AF_INET, dst, addr) == 1)
		return frame_build_raw(buf, AF_INET, addr);
	if (inet_pton(AF_INET6, dst, addr) == 1)
		return frame_build_raw(buf, AF_INET6, addr);
	fprintf(stderr, "xbrbench: bad address %s\n", dst);
	exit(1);
}

double prog_run(int prog_fd, const __u8 *frame, size_t len, __u32 ifindex, __u32 repeat,
		__u32 *retval, __u8 *out)
{
	__u8 raw_out[BENCH_FRAME_LEN + 256];
	struct xdp_md ctx = { .data_end = len, .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = len,
		    .data_out = raw_out, .data_size_out = sizeof(raw_out), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = repeat);

	if (bpf_prog_test_run_opts(prog_fd, &opts)) {
		fprintf(stderr, "xbrbench: BPF_PROG_TEST_RUN: %s\n", strerror(errno));
		return -1;
	}
	if (retval)
		*retval = opts.retval;
	if (out)
		memcpy(out, raw_out, len);
	return opts.duration;
}

static int map_set(struct bpf_map *map, const void *key, const void *val)
{
	int err = bpf_map_update_elem(bpf_map__fd(map), key, val, 0);

	if (err)
		fprintf(stderr, "xbrbench: update %s: %s\n", bpf_map__name(map), strerror(errno));
	return err;
}

int fixture_liveness(struct fixture *f, __u32 rpd_state, __u64 heartbeat_timeout_ns)
{
	struct xbr_liveness l = { .rpd_state = rpd_state };
	__u32 zero = 0;

	if (heartbeat_timeout_ns) {
		l.heartbeat_ns = now_ns();
		l.heartbeat_timeout_ns = heartbeat_timeout_ns;
	}
	return map_set(f->xbr->maps.rpd_liveness, &zero, &l);
}

int fixture_route_cache(struct fixture *f, bool on)
{
	struct xbr_route_gen g = { .gen = on ? ++f->gen : 0 };
	__u32 zero = 0;

	return map_set(f->xbr->maps.route_gen, &zero, &g);
}

__u64 fixture_cache_misses(struct fixture *f, int family)
{
	__u64 vals[f->ncpus], sum = 0;
	__u32 key = family == AF_INET6;

	if (bpf_map_lookup_elem(bpf_map__fd(f->xbr->maps.route_cache_misses), &key, vals))
		return 0;
	for (int cpu = 0; cpu < f->ncpus; cpu++)
		sum += vals[cpu];
	return sum;
}

static const char *const bench_local_v4[] = { "198.51.100.1", "192.0.2.1", "127.0.0.1" };

int fixture_load(struct fixture *f)
{
	struct xbr_iface iface = { .xdp_mode = XBR_XDP_NATIVE, .prog_id = 1 };
	struct bpf_devmap_val dv = {};
	struct bpf_map *map, *ours;
	__u32 k;

	memset(f, 0, sizeof(*f));
	f->if_in = bench_ifindex(BENCH_IF_IN);
	f->if_out = bench_ifindex(BENCH_IF_OUT);
	f->ncpus = libbpf_num_possible_cpus();
	if (!f->if_in || !f->if_out || f->ncpus <= 0)
		return -1;
	f->xbr = xbr_bpf__open_and_load();
	if (!f->xbr) {
		fprintf(stderr, "xbrbench: cannot load the xbr object\n");
		return -1;
	}
	f->harness = xbr_bench_bpf__open();
	if (!f->harness)
		return -1;
	bpf_object__for_each_map(map, f->harness->obj)
	{
		ours = bpf_object__find_map_by_name(f->xbr->obj, bpf_map__name(map));
		if (ours && bpf_map__reuse_fd(map, bpf_map__fd(ours)))
			return -1;
	}
	if (xbr_bench_bpf__load(f->harness)) {
		fprintf(stderr, "xbrbench: cannot load the benchmark harness\n");
		return -1;
	}
	f->xbr_fd = bpf_program__fd(f->xbr->progs.xbr_xdp);
	f->harness_fd = bpf_program__fd(f->harness->progs.xbr_bench);

	memcpy(iface.mac, bench_mac_in, ETH_ALEN);
	/* The lab router's own addresses, as the loader writes them (none is the source). */
	for (k = 0; k < sizeof(bench_local_v4) / sizeof(bench_local_v4[0]); k++) {
		__u32 a;
		const __u32 one = XBR_LOCAL_ENTRY;

		inet_pton(AF_INET, bench_local_v4[k], &a);
		iface.local_v4_bloom |= 1U << xbr_local_bloom_bit((const __u8 *)&a);
		if (map_set(f->xbr->maps.local_v4, &a, &one))
			return -1;
	}
	if (map_set(f->xbr->maps.ifaces, &f->if_in, &iface))
		return -1;
	for (k = XBR_GW_INET; k <= XBR_GW_INET6; k++) {
		struct xbr_gateway gw = {
			.resolved = 1,
			.configured = 1,
			.family = k == XBR_GW_INET ? AF_INET : AF_INET6,
			.mtu = 1500,
			.egress_ifindex = f->if_out,
		};

		memcpy(gw.mac, bench_mac_in, ETH_ALEN);
		memcpy(gw.src_mac, bench_mac_out, ETH_ALEN);
		if (map_set(f->xbr->maps.gateways, &k, &gw))
			return -1;
	}
	dv.ifindex = f->if_out;
	if (map_set(f->xbr->maps.egress_ports, &f->if_out, &dv))
		return -1;
	return fixture_liveness(f, XBR_RPD_UNKNOWN, 0);
}

void fixture_destroy(struct fixture *f)
{
	xbr_bench_bpf__destroy(f->harness);
	xbr_bpf__destroy(f->xbr);
	memset(f, 0, sizeof(*f));
}

__u64 fixture_reason_packets(struct fixture *f, __u32 reason)
{
	struct xbr_counter vals[f->ncpus];
	__u64 sum = 0;
	int cpu;

	if (bpf_map_lookup_elem(bpf_map__fd(f->xbr->maps.counters), &reason, vals))
		return 0;
	for (cpu = 0; cpu < f->ncpus; cpu++)
		sum += vals[cpu].packets;
	return sum;
}

static void usage(void)
{
	fprintf(stderr, "usage: xbrbench prog|multicore|scale [--quick]\n"
			"       xbrbench attach empty|drop|floor|off IFACE [EGRESS GW_MAC]\n"
			"       xbrbench livegen IFACE DST_MAC SRC_MAC COUNT\n");
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

int main(int argc, char **argv)
{
	struct bench_opts o = { .repeat = 100000, .rounds = 41 };

	if (argc < 2) {
		usage();
		return 2;
	}
	libbpf_set_print(libbpf_quiet);
	if (argc > 2 && !strcmp(argv[2], "--quick")) {
		o.quick = true;
		o.repeat = 100000;
		o.rounds = 5;
	}
	if (!strcmp(argv[1], "prog"))
		return cmd_prog(&o) ? 1 : 0;
	if (!strcmp(argv[1], "multicore"))
		return cmd_multicore(&o) ? 1 : 0;
	if (!strcmp(argv[1], "scale"))
		return cmd_scale(&o) ? 1 : 0;
	if (!strcmp(argv[1], "attach"))
		return cmd_attach(argc - 2, argv + 2) ? 1 : 0;
	if (!strcmp(argv[1], "livegen"))
		return cmd_livegen(argc - 2, argv + 2) ? 1 : 0;
	usage();
	return 2;
}
