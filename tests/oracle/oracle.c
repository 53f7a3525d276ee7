// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The kernel-oracle test's driver (tests/lab/test_oracle.sh runs it):
 *
 *   oracle pass NETNS IFACE
 *       XDP_PASS on IFACE in NETNS (a veth peer that must take XDP_TX frames).
 *   oracle run --client NETNS --gateway NETNS --seed S --frames N --profile P --out FILE
 *       send N frames (tests/oracle/frames.c) from cl0 to the router, one at
 *       a time, and write what reached the gateway (on gw-rt) and what came
 *       back to the client (on cl0) for each.
 *   oracle compare [--expect-nothing CLASS,...] REFERENCE FILE
 *       compare FILE with REFERENCE (Linux's own forwarding) frame by frame;
 *       print the counts per class; exit 1 on any difference. The classes
 *       named are expected to leave nothing at all in FILE: what xbr drops
 *       by design where the kernel has no route, and errors it does not send
 *       where Linux 6.18 does against RFC 1812 (docs/design.md §3).
 *
 * A frame's window closes with two markers: a packet every deployment
 * forwards (seen at the gateway), then an echo request the router answers
 * (seen at the client), each sent once the one before it has been seen. The
 * lab's veths deliver in order, and the router's kernel answers a frame
 * before it takes the next: whatever the frame caused arrives before its
 * markers. Frames every run of the lab makes on its own (ARP, neighbour
 * discovery, MLD, redirects, which depend on what came before) are left out.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tests/oracle/capture.h"
#include "tests/oracle/frames.h"
#include "capture.skel.h"

#define OUT_MAX	    16		  /* frames kept per side and window */
#define WAIT_NS	    2000000000ULL /* for a marker */
#define DIFFS_SHOWN 10

static int usage(void)
{
	fprintf(stderr, "usage: oracle pass NETNS IFACE\n"
			"       oracle run --client NETNS --gateway NETNS --seed S --frames N "
			"--profile all|sources|v4|ratelimit --out FILE\n"
			"       oracle compare [--expect-nothing CLASS,...] REFERENCE FILE\n");
	return 2;
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Run fn in network namespace ns (a name under /run/netns), then come back. */
static int in_netns(const char *ns, int (*fn)(void *), void *arg)
{
	char path[256];
	int self = open("/proc/self/ns/net", O_RDONLY), fd, rc;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY);
	if (self < 0 || fd < 0 || setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "oracle: cannot enter network namespace %s: %s\n", ns,
			strerror(errno));
		return -1;
	}
	rc = fn(arg);
	if (setns(self, CLONE_NEWNET))
		abort();
	close(fd);
	close(self);
	return rc;
}

struct attach_arg {
	const char *ifname;
	int prog_fd;
	int ifindex;
	__u8 mac[6];
};

static int if_facts(struct attach_arg *a)
{
	struct ifreq ifr = {};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc;

	a->ifindex = if_nametoindex(a->ifname);
	if (fd < 0 || !a->ifindex)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", a->ifname);
	rc = ioctl(fd, SIOCGIFHWADDR, &ifr);
	close(fd);
	if (rc)
		return -1;
	memcpy(a->mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

static int do_attach(void *arg)
{
	struct attach_arg *a = arg;
	int err;

	if (if_facts(a))
		return -1;
	err = bpf_xdp_attach(a->ifindex, a->prog_fd, XDP_FLAGS_DRV_MODE, NULL);
	if (err)
		fprintf(stderr, "oracle: cannot attach to %s: %s\n", a->ifname, strerror(-err));
	return err;
}

static int do_detach(void *arg)
{
	struct attach_arg *a = arg;

	return bpf_xdp_detach(a->ifindex, XDP_FLAGS_DRV_MODE, NULL);
}

static int do_facts(void *arg)
{
	return if_facts(arg);
}

static int cmd_pass(int argc, char **argv)
{
	struct capture_bpf *skel;
	struct attach_arg a = {};

	if (argc != 4)
		return usage();
	skel = capture_bpf__open_and_load();
	if (!skel)
		return 1;
	a.ifname = argv[3];
	a.prog_fd = bpf_program__fd(skel->progs.pass);
	/* Attached through netlink: it stays when we exit, and goes with the interface. */
	return in_netns(argv[2], do_attach, &a) ? 1 : 0;
}

/* ---- run -------------------------------------------------------------------------- */

struct out {
	__u32 len;
	__u8 *data;
};

struct window {
	struct out gw[OUT_MAX], cl[OUT_MAX];
	int n_gw, n_cl;
	__u32 seq;
	bool gw_seen, cl_seen;
	int lost; /* more than OUT_MAX on a side */
};

/*
 * Left out: what the lab does on its own, around and between the frames. ARP,
 * IPv6 neighbour discovery, router solicitations and advertisements, MLD,
 * redirects: their timing and their rate limits depend on the past.
 */
static bool noise(const __u8 *p, __u32 len)
{
	__u32 type, off = 14;

	if (len < 14)
		return false;
	type = p[12] << 8 | p[13];
	if (type == 0x0806)
		return true;
	if (type == 0x0800 && len >= 34)
		return p[23] == 2 || (p[23] == 1 && (p[14] & 0x0f) == 5 && p[34] == 5);
	if (type != 0x86dd || len < off + 41)
		return false;
	/* hop-by-hop options first: MLD carries router alert */
	if (p[off + 6] == 0 && len >= off + 48)
		return p[off + 40] == 58 && len > off + 48 && p[off + 48] >= 130 &&
		       p[off + 48] <= 143;
	return p[off + 6] == 58 && p[off + 40] >= 130 && p[off + 40] <= 143 && p[off + 40] != 138;
}

static struct window *cur;

static int ring_cb(void *ctx, void *data, size_t size)
{
	const struct capture_rec *rec = data;
	struct window *w = cur;
	struct out *o;

	(void)ctx;
	if (size < sizeof(*rec) || !w || rec->len == 0 || noise(rec->data, rec->len))
		return 0;
	if (rec->side == CAPTURE_GATEWAY) {
		if (frame_is_marker_gw(rec->data, rec->len, w->seq)) {
			w->gw_seen = true;
			return 0;
		}
		if (w->n_gw == OUT_MAX) {
			w->lost++;
			return 0;
		}
		o = &w->gw[w->n_gw++];
	} else {
		if (frame_is_marker_cl(rec->data, rec->len, w->seq)) {
			w->cl_seen = true;
			return 0;
		}
		if (w->n_cl == OUT_MAX) {
			w->lost++;
			return 0;
		}
		o = &w->cl[w->n_cl++];
	}
	o->len = rec->len;
	o->data = malloc(rec->len);
	if (!o->data)
		abort();
	memcpy(o->data, rec->data, rec->len);
	return 0;
}

struct sender {
	int fd;
	int ifindex;
};

static int do_socket(void *arg)
{
	struct sender *s = arg;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };

	s->ifindex = if_nametoindex("cl0");
	s->fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (s->fd < 0 || !s->ifindex)
		return -1;
	sll.sll_ifindex = s->ifindex;
	return bind(s->fd, (struct sockaddr *)&sll, sizeof(sll));
}

static int send_frame(const struct sender *s, const struct frame *f)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_ifindex = s->ifindex,
				   .sll_halen = 6 };

	memcpy(sll.sll_addr, f->data, 6);
	if (sendto(s->fd, f->data, f->len, 0, (struct sockaddr *)&sll, sizeof(sll)) !=
	    (ssize_t)f->len) {
		fprintf(stderr, "oracle: sendto: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* Poll the ring until *seen, or the deadline. */
static int wait_for(struct ring_buffer *rb, bool *seen)
{
	__u64 deadline = now_ns() + WAIT_NS;

	while (!*seen) {
		ring_buffer__consume(rb);
		if (*seen)
			break;
		if (now_ns() > deadline)
			return -1;
		ring_buffer__poll(rb, 1);
	}
	return 0;
}

static void hex(FILE *f, const char *tag, const __u8 *p, __u32 len)
{
	fprintf(f, "%s ", tag);
	for (__u32 i = 0; i < len; i++)
		fprintf(f, "%02x", p[i]);
	fprintf(f, "\n");
}

static enum frame_profile profile_of(const char *s)
{
	if (!strcmp(s, "sources"))
		return PROFILE_SOURCES;
	if (!strcmp(s, "v4"))
		return PROFILE_V4;
	if (!strcmp(s, "ratelimit"))
		return PROFILE_RATELIMIT;
	return PROFILE_ALL;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = { { "client", required_argument, NULL, 'c' },
					      { "gateway", required_argument, NULL, 'g' },
					      { "seed", required_argument, NULL, 's' },
					      { "frames", required_argument, NULL, 'n' },
					      { "profile", required_argument, NULL, 'p' },
					      { "out", required_argument, NULL, 'o' },
					      {} };
	const char *cl_ns = NULL, *gw_ns = NULL, *out_path = NULL, *profile_name = "all";
	struct attach_arg cl = { .ifname = "cl0" }, gw = { .ifname = "gw-rt" };
	struct attach_arg rt = { .ifname = "rt-cl" };
	__u64 seed = 1, frames = 1000, n, start;
	struct ring_buffer *rb = NULL;
	struct capture_bpf *skel;
	struct sender snd = { .fd = -1 };
	struct lab_macs macs;
	FILE *out;
	int c, rc = 1;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			cl_ns = optarg;
			break;
		case 'g':
			gw_ns = optarg;
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			frames = strtoull(optarg, NULL, 0);
			break;
		case 'p':
			profile_name = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		default:
			return usage();
		}
	}
	if (!cl_ns || !gw_ns || !out_path)
		return usage();
	out = fopen(out_path, "w");
	skel = capture_bpf__open_and_load();
	if (!out || !skel) {
		fprintf(stderr, "oracle: cannot open %s or load the capture programs\n", out_path);
		return 1;
	}
	cl.prog_fd = bpf_program__fd(skel->progs.capture_cl);
	gw.prog_fd = bpf_program__fd(skel->progs.capture_gw);
	/* The router's MAC towards the client: the client's neighbour entry would do, sysfs not. */
	if (in_netns(cl_ns, do_attach, &cl) || in_netns(gw_ns, do_attach, &gw) ||
	    in_netns(cl_ns, do_socket, &snd)) {
		fprintf(stderr, "oracle: cannot set up the client and the gateway\n");
		goto out;
	}
	memcpy(macs.client, cl.mac, 6);
	{
		char *rt_ns = strdup(cl_ns), *p = strrchr(rt_ns, '-');

		/* the lab's names: PREFIX-cl and PREFIX-rt */
		if (!p) {
			free(rt_ns);
			goto out;
		}
		strcpy(p, "-rt");
		c = in_netns(rt_ns, do_facts, &rt);
		free(rt_ns);
		if (c)
			goto out;
		memcpy(macs.router, rt.mac, 6);
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.frames), ring_cb, NULL, NULL);
	if (!rb)
		goto out;
	fprintf(out, "run seed %#llx frames %llu profile %s\n", (unsigned long long)seed,
		(unsigned long long)frames, profile_name);
	start = now_ns();
	for (n = 0; n < frames; n++) {
		struct window w = { .seq = (__u32)n };
		struct frame f;
		unsigned int cls = frame_draw(seed, n, profile_of(profile_name), &macs, &f);
		int i;

		cur = &w;
		if (send_frame(&snd, &f))
			goto out;
		frame_marker_gw(&macs, w.seq, &f);
		if (send_frame(&snd, &f) || wait_for(rb, &w.gw_seen)) {
			fprintf(stderr, "oracle: frame %llu: the gateway's marker did not arrive\n",
				(unsigned long long)n);
			goto out;
		}
		frame_marker_cl(&macs, w.seq, &f);
		if (send_frame(&snd, &f) || wait_for(rb, &w.cl_seen)) {
			fprintf(stderr, "oracle: frame %llu: the client's marker did not arrive\n",
				(unsigned long long)n);
			goto out;
		}
		frame_draw(seed, n, profile_of(profile_name), &macs, &f);
		fprintf(out, "frame %llu %s", (unsigned long long)n, frame_classes[cls].name);
		hex(out, "", f.data, f.len);
		for (i = 0; i < w.n_gw; i++) {
			hex(out, "gw", w.gw[i].data, w.gw[i].len);
			free(w.gw[i].data);
		}
		for (i = 0; i < w.n_cl; i++) {
			hex(out, "cl", w.cl[i].data, w.cl[i].len);
			free(w.cl[i].data);
		}
		if (w.lost)
			fprintf(out, "lost %d\n", w.lost);
		cur = NULL;
	}
	fprintf(stderr, "oracle: %llu frames (%s) in %.1f s\n", (unsigned long long)frames,
		profile_name, (now_ns() - start) / 1e9);
	rc = 0;
out:
	ring_buffer__free(rb);
	in_netns(cl_ns, do_detach, &cl);
	in_netns(gw_ns, do_detach, &gw);
	if (snd.fd >= 0)
		close(snd.fd);
	capture_bpf__destroy(skel);
	if (fclose(out))
		rc = 1;
	return rc;
}

/* ---- compare ---------------------------------------------------------------------- */

struct rec_frame {
	char cls[48];
	char *in; /* hex */
	char *gw[OUT_MAX], *cl[OUT_MAX];
	int n_gw, n_cl, lost;
};

struct run {
	struct rec_frame *f;
	size_t n;
};

static int run_read(const char *path, struct run *r)
{
	char *line = NULL, tag[16];
	size_t cap = 0, alloc = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "oracle: cannot read %s: %s\n", path, strerror(errno));
		return -1;
	}
	memset(r, 0, sizeof(*r));
	while (getline(&line, &cap, f) > 0) {
		struct rec_frame *cur_f = r->n ? &r->f[r->n - 1] : NULL;
		char *sp = strchr(line, ' '), *hexs;
		unsigned long long idx;

		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "frame ", 6)) {
			if (r->n == alloc) {
				alloc = alloc ? 2 * alloc : 1024;
				r->f = realloc(r->f, alloc * sizeof(*r->f));
				if (!r->f)
					abort();
			}
			cur_f = &r->f[r->n++];
			memset(cur_f, 0, sizeof(*cur_f));
			hexs = malloc(strlen(line) + 1);
			if (!hexs ||
			    sscanf(line, "frame %llu %47s %s", &idx, cur_f->cls, hexs) != 3) {
				free(hexs);
				fprintf(stderr, "oracle: %s: bad line '%.60s'\n", path, line);
				fclose(f);
				return -1;
			}
			cur_f->in = hexs;
			continue;
		}
		if (!sp || !cur_f)
			continue;
		*sp = '\0';
		snprintf(tag, sizeof(tag), "%s", line);
		if (!strcmp(tag, "gw") && cur_f->n_gw < OUT_MAX)
			cur_f->gw[cur_f->n_gw++] = strdup(sp + 1);
		else if (!strcmp(tag, "cl") && cur_f->n_cl < OUT_MAX)
			cur_f->cl[cur_f->n_cl++] = strdup(sp + 1);
		else if (!strcmp(tag, "lost"))
			cur_f->lost = atoi(sp + 1);
	}
	free(line);
	fclose(f);
	return 0;
}

static __u32 unhex(const char *s, __u8 *p, __u32 max)
{
	__u32 n = 0;

	for (; s[0] && s[1] && n < max; s += 2) {
		unsigned int b;

		if (sscanf(s, "%2x", &b) != 1)
			break;
		p[n++] = b;
	}
	return n;
}

/*
 * A captured frame as compared: the IP packet's own length (what a NIC pads
 * does not count); and for a packet the router made itself (its source is
 * not the frame's), the IPv4 identification and header checksum, and the
 * IPv6 flow label, which the kernel draws at random, left out. The
 * checksum is checked first: a wrong one is a difference.
 */
static __u32 normalize(const __u8 *sent, __u32 sent_len, __u8 *p, __u32 len, bool *bad_csum)
{
	__u32 type, l;
	bool v6;

	*bad_csum = false;
	if (len < 14)
		return len;
	type = p[12] << 8 | p[13];
	if (type != 0x0800 && type != 0x86dd)
		return len;
	v6 = type == 0x86dd;
	if (len < (v6 ? 54U : 34U))
		return len;
	l = 14 + (v6 ? 40 + (p[18] << 8 | p[19]) : (p[16] << 8 | p[17]));
	if (l < len)
		len = l;
	if (sent_len >= (v6 ? 54U : 34U) &&
	    !memcmp(p + (v6 ? 22 : 26), sent + (v6 ? 22 : 26), v6 ? 16 : 4))
		return len;
	if (v6) {
		p[15] &= 0xf0;
		p[16] = p[17] = 0;
	} else {
		__u32 sum = 0, hl = (p[14] & 0x0f) * 4;

		for (__u32 i = 0; i < hl && 14 + i + 1 < len; i += 2)
			sum += p[14 + i] << 8 | p[15 + i];
		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		*bad_csum = sum != 0xffff;
		p[18] = p[19] = p[24] = p[25] = 0;
	}
	return len;
}

static bool outs_equal(const char *in_hex, char *const *a, int na, char *const *b, int nb,
		       bool *bad_csum)
{
	static __u8 in[FRAME_MAX], x[CAPTURE_MAX], y[CAPTURE_MAX];
	__u32 in_len = unhex(in_hex, in, sizeof(in));

	*bad_csum = false;
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++) {
		__u32 lx = unhex(a[i], x, sizeof(x)), ly = unhex(b[i], y, sizeof(y));
		bool bx, by;

		lx = normalize(in, in_len, x, lx, &bx);
		ly = normalize(in, in_len, y, ly, &by);
		if (bx || by)
			*bad_csum = true;
		if (lx != ly || memcmp(x, y, lx) || bx || by)
			return false;
	}
	return true;
}

static void show(const char *what, char *const *o, int n)
{
	for (int i = 0; i < n; i++)
		fprintf(stderr, "    %s %s\n", what, o[i]);
	if (!n)
		fprintf(stderr, "    %s (nothing)\n", what);
}

struct class_count {
	unsigned long frames, gw, cl, none, differ;
};

static int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = { { "expect-nothing", required_argument, NULL, 'd' },
					      {} };
	struct class_count counts[64] = {};
	const char *dropped = "";
	struct run ref, got;
	unsigned long diffs = 0;
	int c;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd')
			return usage();
		dropped = optarg;
	}
	if (argc - optind != 2)
		return usage();
	if (run_read(argv[optind], &ref) || run_read(argv[optind + 1], &got))
		return 1;
	if (ref.n != got.n) {
		fprintf(stderr, "oracle: %s has %zu frames, %s %zu\n", argv[optind], ref.n,
			argv[optind + 1], got.n);
		return 1;
	}
	for (size_t i = 0; i < ref.n; i++) {
		const struct rec_frame *a = &ref.f[i], *b = &got.f[i];
		unsigned int k;
		char key[64];
		bool drop, bad_gw, bad_cl, same;

		for (k = 0; k < n_frame_classes && strcmp(frame_classes[k].name, a->cls); k++)
			;
		if (k == n_frame_classes || strcmp(a->cls, b->cls) || strcmp(a->in, b->in)) {
			fprintf(stderr, "oracle: frame %zu: the runs sent different frames\n", i);
			return 1;
		}
		snprintf(key, sizeof(key), ",%s,", a->cls);
		{
			char list[512];

			snprintf(list, sizeof(list), ",%s,", dropped);
			drop = strstr(list, key) != NULL;
		}
		counts[k].frames++;
		counts[k].gw += a->n_gw > 0;
		counts[k].cl += a->n_cl > 0;
		counts[k].none += !a->n_gw && !a->n_cl;
		if (drop)
			same = !b->n_gw && !b->n_cl && !b->lost;
		else
			same = outs_equal(a->in, a->gw, a->n_gw, b->gw, b->n_gw, &bad_gw) &&
			       outs_equal(a->in, a->cl, a->n_cl, b->cl, b->n_cl, &bad_cl) &&
			       !a->lost && !b->lost;
		if (same)
			continue;
		counts[k].differ++;
		if (diffs++ < DIFFS_SHOWN) {
			fprintf(stderr, "difference: frame %zu, class %s%s\n    sent %s\n", i,
				a->cls, drop ? " (expected: nothing)" : "", a->in);
			fprintf(stderr, "  reference:\n");
			show("gw", a->gw, a->n_gw);
			show("cl", a->cl, a->n_cl);
			fprintf(stderr, "  this run:\n");
			show("gw", b->gw, b->n_gw);
			show("cl", b->cl, b->n_cl);
		}
	}
	printf("%-22s %7s %7s %7s %7s %7s\n", "class", "frames", "to gw", "to cl", "neither",
	       "differ");
	for (unsigned int k = 0; k < n_frame_classes; k++) {
		char key[64], list[512];

		if (!counts[k].frames)
			continue;
		snprintf(key, sizeof(key), ",%s,", frame_classes[k].name);
		snprintf(list, sizeof(list), ",%s,", dropped);
		printf("%-22s %7lu %7lu %7lu %7lu %7lu%s\n", frame_classes[k].name,
		       counts[k].frames, counts[k].gw, counts[k].cl, counts[k].none,
		       counts[k].differ, strstr(list, key) ? "  (nothing, by design)" : "");
	}
	printf("%zu frames, %lu differences\n", ref.n, diffs);
	return diffs ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (geteuid()) {
		fprintf(stderr, "oracle: needs root (BPF, network namespaces)\n");
		return 1;
	}
	libbpf_set_print(NULL);
	if (!strcmp(argv[1], "pass"))
		return cmd_pass(argc, argv);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc, argv);
	if (!strcmp(argv[1], "compare"))
		return cmd_compare(argc, argv);
	return usage();
}
