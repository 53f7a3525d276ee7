// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr explain (explain.h): the program asked on a frame, and the maps read by
 * hand, step by step as docs/design.md §3 takes them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/rtnetlink.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xbr.h"
#include "state/explain.h"
#include "state/liveness.h"
#include "state/pins.h"
#include "kernel/netlink.h"

#define EXPLAIN_TTL	 64
#define EXPLAIN_UDP_PORT 33434
#define EXPLAIN_PAYLOAD	 18
#define EXPLAIN_SRC_MAC                            \
	{                                          \
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01 \
	}
#define EXPLAIN_NO_REASON XBR_REASON_MAX

/*
 * The maps the program counts in are per-CPU; the second program gets its
 * own (as it gets its own internal data), and its own ICMP rate limits, the
 * other maps it writes; everything else is the instance's.
 */
static bool explain_map_private(const struct bpf_map *m)
{
	if (!strcmp(bpf_map__name(m), "icmp_rate") || !strcmp(bpf_map__name(m), "icmp_peers"))
		return true;
	switch (bpf_map__type(m)) {
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
		return true;
	default:
		return bpf_map__is_internal(m);
	}
}

int explain_open(struct explain *e, const struct xbr_pins *p)
{
	struct bpf_map *m;
	int err;

	e->prog_fd = -1;
	e->skel = xbr_bpf__open();
	if (!e->skel)
		return xbr_fail(-errno, "cannot open the embedded BPF object: %s", strerror(errno));
	bpf_object__for_each_map(m, e->skel->obj)
	{
		struct bpf_map *live;
		int fd;

		if (explain_map_private(m))
			continue;
		live = bpf_object__find_map_by_name(p->skel->obj, bpf_map__name(m));
		fd = live ? bpf_map__fd(live) : -1;
		err = fd < 0 ? -ENOENT : bpf_map__reuse_fd(m, fd);
		if (err) {
			explain_close(e);
			return xbr_fail(err, "cannot use %s/%s: %s", p->dir, bpf_map__name(m),
					strerror(-err));
		}
	}
	err = xbr_bpf__load(e->skel);
	if (err) {
		explain_close(e);
		return xbr_fail(err, "cannot load the XDP program to ask it: %s (-v shows why)",
				strerror(-err));
	}
	e->prog_fd = bpf_program__fd(e->skel->progs.xbr_xdp);
	return 0;
}

void explain_close(struct explain *e)
{
	xbr_bpf__destroy(e->skel);
	e->skel = NULL;
	e->prog_fd = -1;
}

static __u16 csum_fold(__u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

static __u32 csum_add(__u32 sum, const void *buf, size_t len)
{
	const __u8 *b = buf;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (__u32)b[i] << 8 | b[i + 1];
	if (len & 1)
		sum += (__u32)b[len - 1] << 8;
	return sum;
}

static void put16(__u8 *p, __u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

size_t explain_frame(const struct explain_query *q, __u8 f[EXPLAIN_FRAME_MAX])
{
	static const __u8 src_mac[6] = EXPLAIN_SRC_MAC;
	size_t alen = q->family == AF_INET ? 4 : 16, ip_len = q->family == AF_INET ? 20 : 40;
	size_t udp_len = 8 + EXPLAIN_PAYLOAD;
	__u8 *ip = f + ETH_HLEN, *udp = ip + ip_len, *src, *dst;
	__u32 sum;

	memset(f, 0, EXPLAIN_FRAME_MAX);
	memcpy(f, q->dst_mac, 6);
	memcpy(f + 6, src_mac, 6);
	put16(f + 12, q->family == AF_INET ? ETH_P_IP : ETH_P_IPV6);
	if (q->family == AF_INET) {
		ip[0] = 0x45;
		put16(ip + 2, ip_len + udp_len);
		put16(ip + 6, 0x4000); /* DF */
		ip[8] = EXPLAIN_TTL;
		ip[9] = IPPROTO_UDP;
		src = ip + 12;
		dst = ip + 16;
	} else {
		ip[0] = 0x60;
		put16(ip + 4, udp_len);
		ip[6] = IPPROTO_UDP;
		ip[7] = EXPLAIN_TTL;
		src = ip + 8;
		dst = ip + 24;
	}
	memcpy(src, q->src, alen);
	memcpy(dst, q->dst, alen);
	if (q->family == AF_INET)
		put16(ip + 10, csum_fold(csum_add(0, ip, ip_len)));
	put16(udp, 40000);
	put16(udp + 2, EXPLAIN_UDP_PORT);
	put16(udp + 4, udp_len);
	for (size_t i = 0; i < EXPLAIN_PAYLOAD; i++)
		udp[8 + i] = 'a' + i;
	/* The UDP checksum over the pseudo-header: mandatory in IPv6. */
	sum = csum_add(0, src, alen);
	sum = csum_add(sum, dst, alen);
	sum += IPPROTO_UDP + udp_len;
	sum = csum_add(sum, udp, udp_len);
	put16(udp + 6, csum_fold(sum) ? csum_fold(sum) : 0xffff);
	return ETH_HLEN + ip_len + udp_len;
}

/*
 * The entry of a private per-CPU map of struct xbr_counter that moved (~0:
 * none), read in one batch and zeroed again for the next question.
 */
static int explain_moved(struct bpf_map *m, __u32 max, __u32 *moved)
{
	int ncpu = libbpf_num_possible_cpus(), fd = bpf_map__fd(m), err = 0;
	struct xbr_counter *vals = NULL, *zero = NULL;
	__u32 *keys = NULL, count = max, out = 0;
	LIBBPF_OPTS(bpf_map_batch_opts, opts);

	*moved = ~0U;
	if (ncpu <= 0)
		return -EINVAL;
	keys = calloc(max, sizeof(*keys));
	vals = calloc((size_t)max * ncpu, sizeof(*vals));
	zero = calloc(ncpu, sizeof(*zero));
	if (!keys || !vals || !zero)
		err = -ENOMEM;
	if (!err && bpf_map_lookup_batch(fd, NULL, &out, keys, vals, &count, &opts) &&
	    errno != ENOENT)
		err = -errno;
	for (__u32 i = 0; !err && i < count; i++) {
		__u64 packets = 0;

		for (int c = 0; c < ncpu; c++)
			packets += vals[(size_t)i * ncpu + c].packets;
		if (!packets)
			continue;
		if (*moved != ~0U)
			err = -EPROTO; /* one packet, two entries: never */
		*moved = keys[i];
		if (bpf_map_update_elem(fd, &keys[i], zero, BPF_ANY))
			err = -errno;
	}
	free(keys);
	free(vals);
	free(zero);
	return err;
}

/* The program's own answer, on the frame. */
static int explain_program(const struct explain *e, const struct explain_query *q,
			   struct explain_result *r)
{
	struct xdp_md ctx = { .data_end = r->len_in, .ingress_ifindex = q->ifindex };
	__u8 out[EXPLAIN_FRAME_MAX + 64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = r->frame_in, .data_size_in = r->len_in,
		    .data_out = out, .data_size_out = sizeof(out), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);
	int err;

	if (bpf_prog_test_run_opts(e->prog_fd, &opts))
		return xbr_fail(-errno, "cannot run the XDP program on the frame: %s",
				strerror(errno));
	r->verdict = opts.retval;
	r->len_out =
		opts.data_size_out < EXPLAIN_FRAME_MAX ? opts.data_size_out : EXPLAIN_FRAME_MAX;
	memcpy(r->frame_out, out, r->len_out);
	err = explain_moved(e->skel->maps.counters, XBR_REASON_MAX, &r->reason);
	if (!err)
		err = explain_moved(e->skel->maps.dest_stats, XBR_DEST_STATS_MAX, &r->dest_index);
	if (r->reason == ~0U)
		r->reason = EXPLAIN_NO_REASON;
	if (err)
		return xbr_fail(err, "cannot read the second program's counters: %s",
				strerror(-err));
	return 0;
}

static bool prefix_holds(const __u8 *key, __u32 len, const __u8 *addr)
{
	__u32 bytes = len / 8, bits = len % 8;

	if (memcmp(key, addr, bytes))
		return false;
	return !bits || !((key[bytes] ^ addr[bytes]) & (0xff00 >> bits));
}

/* The longest entry of the trie holding addr, as the LPM lookup finds it. */
static int explain_match(const struct xbr_pins *p, int family, const __u8 *addr, bool *matched,
			 struct route_entry *entry)
{
	struct route_entry *all;
	size_t n;
	int err = routes_read(pins_routes_fd(p, family), family, false, &all, &n);
	__u32 best = 0;

	*matched = false;
	for (size_t i = 0; !err && i < n; i++) {
		const __u8 *key = family == AF_INET ? all[i].key.v4.addr : all[i].key.v6.addr;
		__u32 len = all[i].key.v4.prefixlen; /* the same place in both keys */

		if (prefix_holds(key, len, addr) && (!*matched || len > best)) {
			*matched = true;
			*entry = all[i];
			best = len;
		}
	}
	free(all);
	return err;
}

static bool mac_is_group(const __u8 *mac)
{
	return mac[0] & 1;
}

static bool v6_link_local(const __u8 *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

/* The destinations no route is looked up for: multicast, broadcast, IPv6 link-local. */
static bool explain_multicast(const struct explain_query *q)
{
	static const __u8 bcast[4] = { 255, 255, 255, 255 };

	if (q->family == AF_INET)
		return (q->dst[0] & 0xf0) == 0xe0 || !memcmp(q->dst, bcast, 4);
	return q->dst[0] == 0xff || v6_link_local(q->dst);
}

/* :: (last 0) or ::1 (last 1)? */
static bool v6_upper_zero(const __u8 *a, __u8 last)
{
	static const __u8 zero[15];

	return !memcmp(a, zero, 15) && a[15] == last;
}

/*
 * rp_filter's route back to the source (bpf/checks.h): through its backup
 * router for a source inside a backup destination, otherwise the kernel's
 * unicast route to it. Its output interface; 0: none.
 */
static int explain_route_back(const struct xbr_pins *p, const struct explain_query *q, __u32 *oif)
{
	struct nl_route_match m;
	struct route_entry entry;
	struct xbr_gateway gw;
	struct cfg_addr to = { .family = AF_INET };
	bool matched = false;
	__u32 slot;
	int err = 0;

	*oif = 0;
	if (q->src[0] != 127) /* the local table's, which the trie does not mirror */
		err = explain_match(p, AF_INET, q->src, &matched, &entry);
	if (err)
		return err;
	if (matched && entry.val.action == XBR_ROUTE_FORWARD) {
		slot = entry.val.gateway;
		if (slot < XBR_GATEWAYS_MAX &&
		    !bpf_map_lookup_elem(pins_fd(p, gateways), &slot, &gw) && gw.configured)
			*oif = gw.egress_ifindex;
		return 0;
	}
	memcpy(&to.v6, q->src, 4);
	err = nl_route_match(&to, &m);
	if (!err && m.found && m.type == RTN_UNICAST)
		*oif = m.oif;
	return err;
}

/*
 * The IPv4 checks before --allow-from, in the program's order: martians,
 * forwarding, rp_filter, a local source. The reason that stops the packet
 * (r->check says why), or EXPLAIN_NO_REASON when none does.
 */
static __u32 explain_checks_v4(const struct xbr_pins *p, const struct explain_query *q,
			       struct explain_result *r, int *err)
{
	__u8 fl = r->iface.flags, *s = (__u8 *)q->src;
	__u32 sa, da, oif, v;

	memcpy(&sa, q->src, 4);
	memcpy(&da, q->dst, 4);
	if (!sa || (s[0] & 0xf0) == 0xe0 || sa == 0xffffffff) {
		r->check = "a martian source (0.0.0.0, multicast, broadcast)";
		return XBR_PASS_MARTIAN;
	}
	if (!da || q->dst[0] == 127) {
		r->check = "a martian destination (0.0.0.0, 127/8)";
		return XBR_PASS_MARTIAN;
	}
	if (s[0] == 127 && !(fl & XBR_IFACE_F_ROUTE_LOCALNET)) {
		r->check = "a 127/8 source, and route_localnet is off";
		return XBR_PASS_MARTIAN;
	}
	if (fl & XBR_IFACE_F_NO_FWD4) {
		r->check = "IPv4 forwarding is off on the interface";
		return XBR_DROP_NOT_FORWARDING;
	}
	if (fl & (XBR_IFACE_F_RP_STRICT | XBR_IFACE_F_RP_LOOSE)) {
		*err = explain_route_back(p, q, &oif);
		if (*err)
			return EXPLAIN_NO_REASON;
		if (!oif || ((fl & XBR_IFACE_F_RP_STRICT) && oif != q->ifindex)) {
			r->check = fl & XBR_IFACE_F_RP_STRICT
					   ? "rp_filter (strict): the route back to the source is "
					     "not through the interface"
					   : "rp_filter (loose): no route back to the source";
			return XBR_DROP_MARTIAN;
		}
	}
	if ((r->iface.local_v4_bloom & (1U << xbr_local_bloom_bit(q->src))) &&
	    !bpf_map_lookup_elem(pins_fd(p, local_v4), q->src, &v)) {
		r->check = "the source is an address of this host (accept_local is off)";
		return XBR_DROP_MARTIAN;
	}
	return EXPLAIN_NO_REASON;
}

/* The IPv6 checks before --allow-from: forwarding, then ip6_rcv_core()'s martians. */
static __u32 explain_checks_v6(const struct explain_query *q, struct explain_result *r)
{
	if (r->iface.flags & XBR_IFACE_F_NO_FWD6) {
		r->check = "IPv6 forwarding is off on the interface";
		return XBR_DROP_NOT_FORWARDING;
	}
	if (q->src[0] == 0xff || v6_upper_zero(q->src, 1)) {
		r->check = "a martian source (multicast, ::1)";
		return XBR_PASS_MARTIAN;
	}
	if (v6_upper_zero(q->dst, 1)) {
		r->check = "a martian destination (::1)";
		return XBR_PASS_MARTIAN;
	}
	return EXPLAIN_NO_REASON;
}

/*
 * What the program answers for itself once the gateway is known: the IPv6
 * source rules that depend on the way out, then the egress MTU. The reason,
 * or EXPLAIN_NO_REASON.
 */
static __u32 explain_way_out(const struct explain_query *q, struct explain_result *r)
{
	__u32 mtu = r->gateway.mtu;

	if (q->family == AF_INET6 && r->gateway.egress_ifindex != q->ifindex) {
		if (v6_upper_zero(q->src, 0)) {
			r->check = "the unspecified source, forwarded only back out of its "
				   "interface";
			return XBR_PASS_MARTIAN;
		}
		if (v6_link_local(q->src)) {
			r->check = "a link-local source, which may not leave its link";
			return r->kernel_routes ? XBR_PASS_MULTICAST : XBR_ICMP_BEYOND_SCOPE;
		}
	}
	if (q->family == AF_INET6 && mtu && mtu < 1280)
		mtu = 1280;
	if (mtu && r->len_in - ETH_HLEN > mtu) {
		r->check = "larger than the egress MTU";
		return r->kernel_routes ? XBR_PASS_TOO_BIG : XBR_ICMP_TOO_BIG;
	}
	return EXPLAIN_NO_REASON;
}

bool explain_agree(__u32 walk_reason, __u32 reason)
{
	switch (walk_reason) {
	case XBR_ICMP_TIME_EXCEEDED:
	case XBR_ICMP_TOO_BIG:
	case XBR_ICMP_BEYOND_SCOPE:
		return reason == walk_reason || reason == XBR_DROP_ICMP_RATELIMIT ||
		       reason == XBR_DROP_NO_ICMP || reason == XBR_PASS_ICMP_UNRESOLVED;
	default:
		return reason == walk_reason;
	}
}

static bool explain_allowed(const struct xbr_pins *p, const struct explain_query *q)
{
	struct xbr_lpm_v6 key = { .prefixlen = q->family == AF_INET ? 32 : 128 };
	__u32 v;

	memcpy(key.addr, q->src, q->family == AF_INET ? 4 : 16);
	return !bpf_map_lookup_elem(
		q->family == AF_INET ? pins_fd(p, allow_v4) : pins_fd(p, allow_v6), &key, &v);
}

/* The reading: each step in the program's order, to the first that stops the packet. */
static __u32 explain_walk(const struct xbr_pins *p, const struct explain_query *q,
			  struct explain_result *r, int *err)
{
	struct xbr_settings settings;
	struct bpf_devmap_val port;
	__u32 slot, egress, reason, zero = 0;

	*err = 0;
	if (mac_is_group(q->dst_mac))
		return XBR_PASS_NOT_OURS;
	if (explain_multicast(q))
		return XBR_PASS_MULTICAST;
	r->header_ok = true;
	*err = liveness_read(pins_fd(p, rpd_liveness), &r->liveness);
	if (*err)
		return EXPLAIN_NO_REASON;
	r->in_effect = liveness_in_effect(&r->liveness);
	if (!r->in_effect)
		return XBR_PASS_NOT_IN_EFFECT;
	*err = explain_match(p, q->family, q->dst, &r->matched, &r->entry);
	if (*err)
		return EXPLAIN_NO_REASON;
	if (!r->matched)
		return XBR_PASS_NO_ROUTE;
	if (r->entry.val.action != XBR_ROUTE_FORWARD)
		return XBR_PASS_DEFER;
	r->iface_attached = q->ifindex < XBR_IFINDEX_MAX &&
			    !bpf_map_lookup_elem(pins_fd(p, ifaces), &q->ifindex, &r->iface) &&
			    r->iface.prog_id;
	if (!r->iface_attached)
		return XBR_PASS_NOT_IFACE;
	if (memcmp(q->dst_mac, r->iface.mac, 6))
		return XBR_PASS_NOT_OURS;
	r->checked = true;
	r->kernel_routes = !bpf_map_lookup_elem(pins_fd(p, settings), &zero, &settings) &&
			   (settings.flags & XBR_SETTINGS_F_KERNEL_ROUTES);
	reason = q->family == AF_INET ? explain_checks_v4(p, q, r, err) : explain_checks_v6(q, r);
	if (reason != EXPLAIN_NO_REASON || *err)
		return reason;
	r->allow_read = true;
	r->allow_list = r->iface.flags & XBR_IFACE_F_ALLOW_LIST;
	r->allowed = !r->allow_list || explain_allowed(p, q);
	if (!r->allowed)
		return XBR_PASS_NOT_ALLOWED;
	slot = r->entry.val.gateway;
	if (slot >= XBR_GATEWAYS_MAX ||
	    bpf_map_lookup_elem(pins_fd(p, gateways), &slot, &r->gateway) || !r->gateway.configured)
		return XBR_PASS_UNRESOLVED;
	reason = explain_way_out(q, r);
	if (reason != EXPLAIN_NO_REASON)
		return reason;
	r->gateway_ok = r->gateway.resolved;
	if (!r->gateway_ok)
		return XBR_PASS_UNRESOLVED;
	egress = r->gateway.egress_ifindex;
	if (egress == q->ifindex) {
		r->egress_ok = true;
		return XBR_FWD_TX;
	}
	r->egress_ok = !bpf_map_lookup_elem(pins_fd(p, egress_ports), &egress, &port);
	return r->egress_ok ? XBR_FWD_REDIRECT : XBR_PASS_NO_EGRESS;
}

int explain_run(const struct explain *e, const struct xbr_pins *p, const struct explain_query *q,
		struct explain_result *r)
{
	int err;

	memset(r, 0, sizeof(*r));
	r->len_in = explain_frame(q, r->frame_in);
	/* The reading first: a change between the two shows as a disagreement. */
	r->walk_reason = explain_walk(p, q, r, &err);
	if (err)
		return xbr_fail(err, "cannot read the maps in %s: %s", p->dir, strerror(-err));
	return explain_program(e, q, r);
}
