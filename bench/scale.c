// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Table size: for 1 .. 1,000,000 random prefixes per family, in a fresh xbr
 * object each time,
 *   - the hit path's cost (harness, BPF_PROG_TEST_RUN), with the empty
 *     program timed in the same rounds,
 *   - the time to load the prefixes with bpf_map_update_batch(), and to
 *     install the same prefixes as kernel routes with `ip -batch`,
 *   - the trie's memory as the kernel accounts it (fdinfo "memlock"), and for
 *     IPv4 the kernel FIB's (/proc/net/fib_triestat, "Total size").
 *
 * Prefix lengths follow what global routing tables hold: IPv4 mostly /24,
 * then /22, /23, /20, /16 and the rest of /8../24; IPv6 mostly /48, then
 * /32, /40, /44, /36 and /29../64. Addresses are random in 1.0.0.0 -
 * 223.255.255.255 (without 127/8 and 169.254/16, which the kernel routes
 * use as their gateway) and in 2000::/3.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench/xbrbench.h"
#include "tests/sys.h"
#include "bench_progs.skel.h"
#include "bench_lookup.skel.h"
#include "bench/progs/bench_spray.h"

#define SCALE_PROBES 8	     /* destinations timed per table: a hit inside 8 random prefixes */
#define ROUTE_IF     "bx-rt" /* kernel routes go via 169.254.0.2 / fd00::2 on it */

struct prefix {
	__u8 addr[16];
	__u8 len;
};

/* Cumulative weights (per mille) over prefix lengths. */
struct len_weight {
	__u8 len;
	__u16 upto;
};

static const struct len_weight v4_lengths[] = {
	{ 24, 600 }, { 22, 700 }, { 23, 780 }, { 20, 830 }, { 21, 870 }, { 16, 900 }, { 19, 930 },
	{ 18, 950 }, { 17, 965 }, { 12, 975 }, { 14, 985 }, { 15, 995 }, { 8, 1000 },
};

static const struct len_weight v6_lengths[] = {
	{ 48, 450 }, { 32, 600 }, { 40, 680 }, { 44, 760 }, { 36, 800 }, { 29, 830 },  { 46, 860 },
	{ 47, 880 }, { 64, 910 }, { 42, 930 }, { 56, 960 }, { 33, 980 }, { 28, 1000 },
};

static __u8 pick_len(const struct len_weight *w, size_t n)
{
	__u16 r = bench_rnd() % 1000;
	size_t i;

	for (i = 0; i < n - 1; i++)
		if (r < w[i].upto)
			break;
	return w[i].len;
}

static void mask(struct prefix *p, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++) {
		int bits = (int)p->len - i * 8;

		if (bits <= 0)
			p->addr[i] = 0;
		else if (bits < 8)
			p->addr[i] &= (__u8)(0xff << (8 - bits));
	}
}

static void prefix_random(struct prefix *p, bool v6)
{
	__u64 a = bench_rnd(), b = bench_rnd();

	memset(p, 0, sizeof(*p));
	memcpy(p->addr, &a, 8);
	memcpy(p->addr + 8, &b, 8);
	if (v6) {
		p->addr[0] = 0x20 | (p->addr[0] & 0x1f);
		p->len = pick_len(v6_lengths, sizeof(v6_lengths) / sizeof(v6_lengths[0]));
		mask(p, 16);
	} else {
		do
			p->addr[0] = 1 + bench_rnd() % 223;
		while (p->addr[0] == 127 || p->addr[0] == 169);
		p->len = pick_len(v4_lengths, sizeof(v4_lengths) / sizeof(v4_lengths[0]));
		mask(p, 4);
		/* Bytes past the address must not tell equal prefixes apart. */
		memset(p->addr + 4, 0, 12);
	}
}

static int prefix_cmp(const void *a, const void *b)
{
	const struct prefix *x = a, *y = b;
	int c = memcmp(x->addr, y->addr, 16);

	return c ? c : x->len - y->len;
}

/* n distinct random prefixes, in random order (the order routes would arrive in). */
static struct prefix *prefixes_make(size_t n, bool v6)
{
	size_t have = 0, i, j;
	struct prefix *p = calloc(n + n / 8 + 16, sizeof(*p)), t;

	if (!p)
		return NULL;
	while (have < n) {
		size_t want = n - have + (n - have) / 8 + 16;

		for (i = 0; i < want; i++)
			prefix_random(&p[have + i], v6);
		qsort(p, have + want, sizeof(*p), prefix_cmp);
		for (i = 1, j = 1; i < have + want; i++)
			if (prefix_cmp(&p[i], &p[j - 1]))
				p[j++] = p[i];
		have = j < n ? j : n;
	}
	for (i = n - 1; i > 0; i--) {
		j = bench_rnd() % (i + 1);
		t = p[i];
		p[i] = p[j];
		p[j] = t;
	}
	return p;
}

/* Kernel's own accounting of a map's memory, as `bpftool map show` prints it. */
static long long map_memlock(int fd)
{
	char path[64], line[256];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "memlock: %lld", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* The main table's size in /proc/net/fib_triestat (kB), for this namespace. */
static long long fib_main_kb(void)
{
	char line[256];
	bool main_table = false;
	long long v = -1;
	FILE *f = fopen("/proc/net/fib_triestat", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Main:", 5))
			main_table = true;
		if (main_table && sscanf(line, " Total size: %lld", &v) == 1)
			break;
	}
	fclose(f);
	return v;
}

/* Load all prefixes into the trie in one bpf_map_update_batch(); returns ns or < 0. */
static double trie_load(struct fixture *f, const struct prefix *p, size_t n, bool v6)
{
	size_t ksz = v6 ? sizeof(struct xbr_lpm_v6) : sizeof(struct xbr_lpm_v4);
	struct bpf_map *map = v6 ? f->xbr->maps.routes_v6 : f->xbr->maps.routes_v4;
	__u8 *keys = calloc(n, ksz);
	struct xbr_route *vals = calloc(n, sizeof(*vals));
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	__u32 count = n;
	double t0, t;
	size_t i;
	int err;

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	for (i = 0; i < n; i++) {
		__u32 len = p[i].len;

		memcpy(keys + i * ksz, &len, 4);
		memcpy(keys + i * ksz + 4, p[i].addr, v6 ? 16 : 4);
		vals[i] = (struct xbr_route){ XBR_ROUTE_FORWARD, v6 ? XBR_GW_INET6 : XBR_GW_INET,
					      i % XBR_DEST_STATS_MAX, 0 };
	}
	t0 = now_ns();
	err = bpf_map_update_batch(bpf_map__fd(map), keys, vals, &count, &opts);
	t = now_ns() - t0;
	if (err || count != n) {
		fprintf(stderr, "xbrbench: bpf_map_update_batch: %s (%u of %zu)\n", strerror(errno),
			count, n);
		t = -1;
	}
	free(keys);
	free(vals);
	return t;
}

/* The same prefixes as kernel routes through `ip -batch`; returns ns or < 0. */
static double kernel_routes(const struct prefix *p, size_t n, bool v6, long long *fib_kb)
{
	char path[] = "/tmp/xbrbench-routes.XXXXXX", a[INET6_ADDRSTRLEN];
	double t0, t = -1;
	size_t i;
	FILE *f;
	int fd;

	*fib_kb = -1;
	/* A fresh interface each time: deleting it takes its routes along. */
	if (sys_run("ip link add " ROUTE_IF " type veth peer name " ROUTE_IF "p && "
		    "ip link set " ROUTE_IF " up && ip link set " ROUTE_IF "p up && "
		    "ip addr add 169.254.0.1/30 dev " ROUTE_IF " && "
		    "ip addr add fd00::1/64 dev " ROUTE_IF " nodad"))
		return -1;
	fd = mkstemp(path);
	if (fd < 0)
		goto out;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		goto unlink;
	}
	for (i = 0; i < n; i++) {
		inet_ntop(v6 ? AF_INET6 : AF_INET, p[i].addr, a, sizeof(a));
		fprintf(f, "route add %s/%u via %s\n", a, p[i].len, v6 ? "fd00::2" : "169.254.0.2");
	}
	if (fclose(f))
		goto unlink;
	t0 = now_ns();
	if (sys_run("ip -batch %s", path) == 0)
		t = now_ns() - t0;
	if (!v6)
		*fib_kb = fib_main_kb();
unlink:
	unlink(path);
out:
	sys_run("ip link del " ROUTE_IF);
	return t;
}

/* A random address inside p: any hit forwards, the longest match may be deeper. */
static void addr_inside(const struct prefix *p, bool v6, __u8 *out)
{
	__u64 a = bench_rnd(), b = bench_rnd();
	int byte;

	memcpy(out, p->addr, 16);
	for (byte = 0; byte < (v6 ? 16 : 4); byte++) {
		int bits = (int)p->len - byte * 8;
		__u8 r = byte < 8 ? a >> (byte * 8) : b >> ((byte - 8) * 8);
		__u8 keep = bits >= 8 ? 0xff : bits <= 0 ? 0 : (__u8)(0xff << (8 - bits));

		out[byte] = (out[byte] & keep) | (r & ~keep);
	}
	/* Neither a multicast nor a link-local address, which pass before the lookup. */
	if (!v6 && out[0] >= 224)
		out[0] = 100;
}

/* BENCH_SPRAY_N destinations inside random prefixes of the table, for xbr_bench_spray. */
static int spray_fill(struct fixture *f, const struct prefix *p, size_t n, bool v6)
{
	struct bench_spray_addr *a = calloc(BENCH_SPRAY_N, sizeof(*a));
	__u32 *keys = calloc(BENCH_SPRAY_N, sizeof(*keys)), count = BENCH_SPRAY_N;
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	int err = a && keys ? 0 : -1;

	for (__u32 i = 0; !err && i < BENCH_SPRAY_N; i++) {
		keys[i] = i;
		addr_inside(&p[bench_rnd() % n], v6, a[i].addr);
	}
	if (!err)
		err = bpf_map_update_batch(bpf_map__fd(f->harness->maps.spray_addrs), keys, a,
					   &count, &opts);
	free(a);
	free(keys);
	return err;
}

/* What is timed at each table size, interleaved in every round. */
enum scale_measure { S_EMPTY, S_HIT, S_HIT_TRIE, S_SPRAY, S_SPRAY_TRIE, S_MAX };

static const struct {
	const char *name;
	bool cache, spray;
	const char *what;
} scale_measures[S_MAX] = {
	[S_EMPTY] = { "empty", false, false, "the empty program" },
	[S_HIT] = { "xbr_hit", true, false, "steady flows: the same destinations again (cached)" },
	[S_HIT_TRIE] = { "xbr_hit_trie", false, false,
			 "steady flows, the cache off: every packet asks the trie" },
	[S_SPRAY] = { "xbr_spray", true, true, "every packet a new destination (cache on)" },
	[S_SPRAY_TRIE] = { "xbr_spray_trie", false, true,
			   "every packet a new destination, the cache off" },
};

/* One sample: ns per packet, every repeat checked to be forwarded; *misses: the cache's. */
static double scale_sample(struct fixture *f, int fd, const __u8 *frame, __u32 repeat, bool v6,
			   __u64 *misses)
{
	__u64 fwd = fixture_reason_packets(f, XBR_FWD_REDIRECT);
	__u64 missed = fixture_cache_misses(f, v6 ? AF_INET6 : AF_INET);
	__u32 retval;
	double ns = prog_run(fd, frame, BENCH_FRAME_LEN, f->if_in, repeat, &retval, NULL);

	if (ns < 0 || retval != XDP_REDIRECT ||
	    fixture_reason_packets(f, XBR_FWD_REDIRECT) - fwd != repeat)
		return -1;
	*misses += fixture_cache_misses(f, v6 ? AF_INET6 : AF_INET) - missed;
	return ns;
}

static int prefix_len_cmp(const void *a, const void *b)
{
	return (int)((const struct prefix *)a)->len - (int)((const struct prefix *)b)->len;
}

/*
 * Fill the DIR-24 table from IPv4 prefixes of /24 or shorter: shortest first,
 * so that a longer prefix overwrites the /24 slots it covers.
 */
static int dir24_fill(struct bench_lookup_bpf *l, const struct prefix *p, size_t n)
{
	/* two /24 per entry, an entry 8 bytes: a plain array of __u32 */
	size_t tbl_size = (size_t)bpf_map__max_entries(l->maps.dir24) * 2 * sizeof(__u32);
	size_t routes_size =
		(size_t)bpf_map__max_entries(l->maps.dir24_routes) * sizeof(struct xbr_route);
	struct prefix *s = malloc(n * sizeof(*s));
	__u32 *tbl = mmap(NULL, tbl_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			  bpf_map__fd(l->maps.dir24), 0);
	struct xbr_route *routes = mmap(NULL, routes_size, PROT_READ | PROT_WRITE, MAP_SHARED,
					bpf_map__fd(l->maps.dir24_routes), 0);
	int err =
		s && tbl != MAP_FAILED && routes != MAP_FAILED && n <= routes_size / sizeof(*routes)
			? 0
			: -1;

	if (!err) {
		memcpy(s, p, n * sizeof(*s));
		qsort(s, n, sizeof(*s), prefix_len_cmp);
	}
	for (size_t i = 0; !err && i < n; i++) {
		__u32 a = (__u32)s[i].addr[0] << 16 | (__u32)s[i].addr[1] << 8 | s[i].addr[2];

		if (s[i].len > 24) {
			err = -1;
			break;
		}
		routes[i] = (struct xbr_route){ XBR_ROUTE_FORWARD, XBR_GW_INET,
						i % XBR_DEST_STATS_MAX, 0 };
		for (__u32 k = 0; k < 1U << (24 - s[i].len); k++)
			tbl[a + k] = i + 1;
	}
	if (tbl != MAP_FAILED)
		munmap(tbl, tbl_size);
	if (routes != MAP_FAILED)
		munmap(routes, routes_size);
	free(s);
	return err;
}

/*
 * The IPv4 lookup alone at the largest table: the trie against a DIR-24
 * table, steady and sprayed, the empty program beside them (bench_lookup.bpf.c).
 */
static int lookup_compare(const struct bench_opts *o, struct fixture *f, int empty_fd,
			  const struct prefix *p, size_t n, const __u8 *frame)
{
	static const char *names[] = { "empty", "lookup_trie", "lookup_trie_spray", "lookup_dir24",
				       "lookup_dir24_spray" };
	struct bench_lookup_bpf *l = bench_lookup_bpf__open();
	struct samples sm[5] = {};
	struct bpf_map *m, *ours;
	int fds[5], rc = -1, err = l ? 0 : -1;

	/* xbr's maps from the fixture, the spray table from the harness */
	if (l)
		bpf_object__for_each_map(m, l->obj)
		{
			ours = bpf_object__find_map_by_name(f->xbr->obj, bpf_map__name(m));
			if (!ours)
				ours = bpf_object__find_map_by_name(f->harness->obj,
								    bpf_map__name(m));
			if (ours && !bpf_map__is_internal(m))
				err |= bpf_map__reuse_fd(m, bpf_map__fd(ours));
		}
	if (err || bench_lookup_bpf__load(l) || dir24_fill(l, p, n)) {
		fprintf(stderr, "xbrbench: cannot set up the lookup comparison\n");
		goto out;
	}
	fds[0] = empty_fd;
	fds[1] = bpf_program__fd(l->progs.lookup_trie);
	fds[2] = bpf_program__fd(l->progs.lookup_trie_spray);
	fds[3] = bpf_program__fd(l->progs.lookup_dir24);
	fds[4] = bpf_program__fd(l->progs.lookup_dir24_spray);
	for (int round = 0; round < o->rounds; round++)
		for (int m = 0; m < 5; m++) {
			__u32 retval;
			double ns = prog_run(fds[m], frame, BENCH_FRAME_LEN, f->if_in,
					     o->repeat / 2, &retval, NULL);

			if (ns < 0 || retval != (m ? XDP_TX : XDP_PASS)) {
				fprintf(stderr, "xbrbench: %s: no FORWARD entry found\n", names[m]);
				goto out;
			}
			samples_add(&sm[m], ns);
		}
	for (int m = 1; m < 5; m++)
		emit("scale", names[m], samples_median(&sm[m]), "ns/packet", "median", sm[m].n,
		     "\"prefixes\": %zu, \"family\": \"ipv4\", \"min\": %.0f, \"empty\": %.1f, "
		     "\"memlock\": %lld, \"what\": \"the lookup alone\"",
		     n, samples_min(&sm[m]), samples_median(&sm[0]),
		     map_memlock(bpf_map__fd(m < 3 ? f->xbr->maps.routes_v4 : l->maps.dir24)) +
			     (m < 3 ? 0 : map_memlock(bpf_map__fd(l->maps.dir24_routes))));
	rc = 0;
out:
	bench_lookup_bpf__destroy(l);
	return rc;
}

/*
 * At one table size: the hit path with steady flows and with a spray, each
 * with the route cache on and off; the empty program in the same rounds.
 */
static int scale_one(const struct bench_opts *o, int empty_fd, size_t n, bool v6, bool largest)
{
	const char *fam = v6 ? "ipv6" : "ipv4";
	struct samples sm[S_MAX] = {};
	__u64 misses[S_MAX] = {}, packets[S_MAX] = {};
	struct prefix *p = prefixes_make(n, v6);
	__u8 frames[SCALE_PROBES][BENCH_FRAME_LEN];
	long long memlock, cache_bytes, fib_kb = -1;
	double load_ns, ip_ns = -1;
	__u32 repeat = o->repeat / 4;
	struct fixture f = {};
	int round, i, m, rc = -1;

	if (!p)
		return -1;
	if (fixture_load(&f))
		goto out;
	load_ns = trie_load(&f, p, n, v6);
	if (load_ns < 0 || spray_fill(&f, p, n, v6))
		goto out;
	memlock = map_memlock(bpf_map__fd(v6 ? f.xbr->maps.routes_v6 : f.xbr->maps.routes_v4));
	cache_bytes = map_memlock(
		bpf_map__fd(v6 ? f.xbr->maps.route_cache_v6 : f.xbr->maps.route_cache_v4));
	for (i = 0; i < SCALE_PROBES; i++) {
		__u8 d[16];

		addr_inside(&p[bench_rnd() % n], v6, d);
		frame_build_raw(frames[i], v6 ? AF_INET6 : AF_INET, d);
	}

	for (round = 0; round < o->rounds; round++) {
		/* every other round backwards: no measure always follows the same one */
		for (int k = 0; k < S_MAX; k++) {
			m = round % 2 ? S_MAX - 1 - k : k;
			int fd = m == S_EMPTY ? empty_fd
				 : scale_measures[m].spray
					 ? bpf_program__fd(f.harness->progs.xbr_bench_spray)
					 : f.harness_fd;

			if (fixture_route_cache(&f, scale_measures[m].cache))
				goto out;
			/* a spray is one stream of new destinations; steady flows, one per probe */
			for (i = 0; i < (scale_measures[m].spray ? 1 : SCALE_PROBES); i++) {
				__u32 r = scale_measures[m].spray ? repeat * 2 : repeat;
				__u32 retval;
				double ns;

				if (m == S_EMPTY)
					ns = prog_run(fd, frames[i], BENCH_FRAME_LEN, f.if_in, r,
						      &retval, NULL);
				else
					ns = scale_sample(&f, fd, frames[i], r, v6, &misses[m]);
				if (ns < 0) {
					fprintf(stderr,
						"xbrbench: scale %s %zu: %s not forwarded\n", fam,
						n, scale_measures[m].name);
					goto out;
				}
				samples_add(&sm[m], ns);
				packets[m] += r;
			}
		}
	}
	if (largest && !v6 && lookup_compare(o, &f, empty_fd, p, n, frames[0]))
		goto out;
	fixture_destroy(&f);

	if (!o->quick || n <= 100000)
		ip_ns = kernel_routes(p, n, v6, &fib_kb);

	for (m = 0; m < S_MAX; m++) {
		char name[32];

		snprintf(name, sizeof(name), "%s%s", scale_measures[m].name,
			 m == S_EMPTY ? ""
			 : v6	      ? "_v6"
				      : "_v4");
		if (scale_measures[m].cache)
			emit("scale", name, samples_median(&sm[m]), "ns/packet", "median", sm[m].n,
			     "\"prefixes\": %zu, \"family\": \"%s\", \"min\": %.0f, \"max\": %.0f, "
			     "\"hit_ratio\": %.4f, \"what\": \"%s\"",
			     n, fam, samples_min(&sm[m]), samples_max(&sm[m]),
			     1.0 - (double)misses[m] / packets[m], scale_measures[m].what);
		else
			emit("scale", name, samples_median(&sm[m]), "ns/packet", "median", sm[m].n,
			     "\"prefixes\": %zu, \"family\": \"%s\", \"min\": %.0f, \"max\": %.0f, "
			     "\"what\": \"%s\"",
			     n, fam, samples_min(&sm[m]), samples_max(&sm[m]),
			     scale_measures[m].what);
	}
	emit("scale", "bpf_batch_load", load_ns / 1e6, "ms", "single", 1,
	     "\"prefixes\": %zu, \"family\": \"%s\", \"ns_per_prefix\": %.0f", n, fam, load_ns / n);
	if (ip_ns >= 0)
		emit("scale", "ip_batch_routes", ip_ns / 1e6, "ms", "single", 1,
		     "\"prefixes\": %zu, \"family\": \"%s\", \"ns_per_prefix\": %.0f", n, fam,
		     ip_ns / n);
	emit("scale", "trie_memlock", (double)memlock, "bytes", "kernel", 1,
	     "\"prefixes\": %zu, \"family\": \"%s\", \"bytes_per_prefix\": %.1f", n, fam,
	     (double)memlock / n);
	emit("scale", "cache_memlock", (double)cache_bytes, "bytes", "kernel", 1,
	     "\"prefixes\": %zu, \"family\": \"%s\", \"cpus\": %d, \"slots\": %u, "
	     "\"bytes_per_cpu\": %.0f, \"what\": \"the route cache, all CPUs\"",
	     n, fam, libbpf_num_possible_cpus(), XBR_CACHE_SLOTS,
	     (double)cache_bytes / libbpf_num_possible_cpus());
	if (fib_kb >= 0)
		emit("scale", "kernel_fib_size", fib_kb * 1024.0, "bytes", "kernel", 1,
		     "\"prefixes\": %zu, \"family\": \"%s\", \"bytes_per_prefix\": %.1f", n, fam,
		     fib_kb * 1024.0 / n);
	fprintf(stderr, "  scale: %s %zu prefixes done\n", fam, n);
	rc = 0;
out:
	if (rc)
		fixture_destroy(&f);
	free(p);
	return rc;
}

int cmd_scale(const struct bench_opts *o)
{
	static const size_t full[] = { 1, 100, 1000, 10000, 100000, 1000000 };
	static const size_t quick[] = { 1, 100, 1000, 10000 };
	const size_t *sizes = o->quick ? quick : full;
	size_t n = o->quick ? sizeof(quick) / sizeof(quick[0]) : sizeof(full) / sizeof(full[0]);
	struct bench_progs_bpf *refs;
	int fam, i, rc = 0;

	if (bench_netns())
		return -1;
	refs = bench_progs_bpf__open_and_load();
	if (!refs)
		return -1;
	for (i = 0; i < (int)n && !rc; i++)
		for (fam = 0; fam < 2 && !rc; fam++)
			rc = scale_one(o, bpf_program__fd(refs->progs.bench_empty), sizes[i], fam,
				       i == (int)n - 1);
	bench_progs_bpf__destroy(refs);
	return rc;
}
