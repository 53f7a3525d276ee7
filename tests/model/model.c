// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The reference model: what maps/README.md says the program does with a frame,
 * one check after another in the order the counters are defined by ("the first
 * check it fails, cheapest first"). Bytes are read one at a time, in network
 * order, with no header structs: nothing here mirrors how bpf/ parses.
 *
 * Order of the checks, and where it comes from:
 *   Ethernet, tags, EtherType, and     docs/design.md §3.1 ("IPv4/IPv6 unicast ...")
 *     a group destination MAC
 *   IP header sanity, multicast and    docs/design.md §3.2, enum xbr_reason
 *     link-local destinations
 *   liveness                           docs/design.md §3.3, §5
 *   longest prefix: miss, defer        docs/design.md §3.4, §4
 *   ingress attached, frame addressed  maps/README.md "counters": the ingress
 *     to its MAC                       interface is looked at only once the
 *                                      tries said forward
 *   what Linux checks before it        the kernel's ip_rcv_core(),
 *     forwards: options, checksum,     ip_route_input_slow(), fib_validate_
 *     martians, forwarding, source     source(), ip_forward() / ip6_rcv_core(),
 *     validation, --allow-from, TTL,   ip6_forward(); maps/README.md for
 *     gateway, source scope, MTU       --allow-from and the reasons
 *   gateway resolved                   docs/design.md §3.5
 *   egress port                        docs/design.md §3.7
 * A frame handed to the kernel (XDP_PASS) must reach it as it arrived; an
 * ICMP error is built here byte by byte from RFC 792 / 4443 and the
 * kernel's __icmp_send() / icmp6_send().
 */
#include <stddef.h>
#include <string.h>
#include <linux/bpf.h>

#include "model.h"

#define ETH_HLEN 14
#define IP4_HLEN 20
#define IP6_HLEN 40

static __u32 be16(const __u8 *p)
{
	return (__u32)p[0] << 8 | p[1];
}

static void mask_prefix(__u8 *addr, __u32 bytes, __u32 prefixlen)
{
	__u32 i;

	for (i = 0; i < bytes; i++) {
		__u32 bits = prefixlen > i * 8 ? prefixlen - i * 8 : 0;

		if (bits < 8)
			addr[i] &= (__u8)(0xff00 >> bits);
	}
}

/* Insert or replace in a table of max entries: what a trie update does. */
static int put(struct model_route *tab, __u32 *n, __u32 max, int family, const __u8 *addr,
	       __u32 prefixlen, const struct xbr_route *val)
{
	__u32 bytes = family == 4 ? 4 : 16, i;
	struct model_route r = { .prefixlen = prefixlen, .val = *val };

	if (prefixlen > bytes * 8)
		return -1;
	memcpy(r.addr, addr, bytes);
	mask_prefix(r.addr, bytes, prefixlen);
	for (i = 0; i < *n; i++) {
		if (tab[i].prefixlen == prefixlen && !memcmp(tab[i].addr, r.addr, bytes)) {
			tab[i] = r;
			return 0;
		}
	}
	if (*n == max)
		return -1;
	tab[(*n)++] = r;
	return 0;
}

int model_route_put(struct model_tables *t, int family, const __u8 *addr, __u32 prefixlen,
		    const struct xbr_route *val)
{
	return put(family == 4 ? t->v4 : t->v6, family == 4 ? &t->n_v4 : &t->n_v6, MODEL_ROUTES_MAX,
		   family, addr, prefixlen, val);
}

int model_route_del(struct model_tables *t, int family, const __u8 *addr, __u32 prefixlen)
{
	struct model_route *tab = family == 4 ? t->v4 : t->v6;
	__u32 *n = family == 4 ? &t->n_v4 : &t->n_v6, bytes = family == 4 ? 4 : 16, i;
	__u8 key[16] = {};

	if (prefixlen > bytes * 8)
		return -1;
	memcpy(key, addr, bytes);
	mask_prefix(key, bytes, prefixlen);
	for (i = 0; i < *n; i++) {
		if (tab[i].prefixlen == prefixlen && !memcmp(tab[i].addr, key, bytes)) {
			tab[i] = tab[--*n];
			return 0;
		}
	}
	return -1;
}

int model_allow_put(struct model_tables *t, int family, const __u8 *addr, __u32 prefixlen)
{
	const struct xbr_route none = {};

	return put(family == 4 ? t->allow4 : t->allow6, family == 4 ? &t->n_allow4 : &t->n_allow6,
		   MODEL_ALLOW_MAX, family, addr, prefixlen, &none);
}

/* Linear longest-prefix scan of tab[0..n); NULL on a miss. */
static const struct model_route *lpm(const struct model_route *tab, __u32 n, int family,
				     const __u8 *dst)
{
	const struct model_route *best = NULL;
	__u32 bytes = family == 4 ? 4 : 16, i;
	__u8 masked[16];

	for (i = 0; i < n; i++) {
		memcpy(masked, dst, bytes);
		mask_prefix(masked, bytes, tab[i].prefixlen);
		if (memcmp(masked, tab[i].addr, bytes))
			continue;
		if (!best || tab[i].prefixlen > best->prefixlen)
			best = &tab[i];
	}
	return best;
}

bool model_in_effect(const struct xbr_liveness *live, __u64 now_ns)
{
	if (live->role == XBR_ROLE_BACKUP)
		return true;
	if (live->override == XBR_OVERRIDE_RPD_UP)
		return false;
	if (live->override == XBR_OVERRIDE_RPD_DOWN)
		return true;
	/* Auto: in effect unless rpd is known to be up. */
	if (live->rpd_state != XBR_RPD_UP)
		return true;
	if (!live->heartbeat_timeout_ns)
		return false;
	/* "No older than the timeout"; one stamped after now is not old at all. */
	if (live->heartbeat_ns >= now_ns)
		return false;
	return now_ns - live->heartbeat_ns > live->heartbeat_timeout_ns;
}

/* 224.0.0.0/4, 255.255.255.255 (docs/design.md §3.2: "multicast, broadcast"). */
static bool v4_special(const __u8 *a)
{
	static const __u8 bcast[4] = { 255, 255, 255, 255 };

	return (a[0] & 0xf0) == 0xe0 || !memcmp(a, bcast, 4);
}

static bool v6_multicast(const __u8 *a)
{
	return a[0] == 0xff;
}

static bool v6_link_local(const __u8 *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

/* :: (n = 0) or ::1 (n = 1). */
static bool v6_is(const __u8 *a, __u8 n)
{
	static const __u8 zero[15];

	return !memcmp(a, zero, 15) && a[15] == n;
}

/*
 * IP checks made for every frame (§3.2). Returns the reason the frame fails,
 * or XBR_REASON_MAX when it may be routed; *ip_len is the packet's length.
 */
static __u32 check_ipv4(const __u8 *ip, __u32 room, __u32 *ip_len)
{
	__u32 ihl, tot_len;

	if (room < IP4_HLEN)
		return XBR_PASS_MALFORMED;
	ihl = (ip[0] & 0x0f) * 4U;
	tot_len = be16(ip + 2);
	if (ip[0] >> 4 != 4 || ihl < IP4_HLEN || tot_len < ihl || tot_len > room)
		return XBR_PASS_MALFORMED;
	if (v4_special(ip + 16))
		return XBR_PASS_MULTICAST;
	*ip_len = tot_len;
	return XBR_REASON_MAX;
}

static __u32 check_ipv6(const __u8 *ip, __u32 room, __u32 *ip_len)
{
	__u32 payload;

	if (room < IP6_HLEN)
		return XBR_PASS_MALFORMED;
	payload = be16(ip + 4);
	/* payload_len 0 is an empty payload, as ip6_rcv_core() trims it (or a jumbogram). */
	if (ip[0] >> 4 != 6 || payload > room - IP6_HLEN)
		return XBR_PASS_MALFORMED;
	if (v6_multicast(ip + 24) || v6_link_local(ip + 24))
		return XBR_PASS_MULTICAST;
	*ip_len = IP6_HLEN + payload;
	return XBR_REASON_MAX;
}

static const struct xbr_iface *iface_of(const struct model_tables *t, __u32 ifindex)
{
	__u32 i;

	for (i = 0; i < t->n_ifaces; i++)
		if (t->ifaces[i].ifindex == ifindex)
			return &t->ifaces[i].val;
	return NULL;
}

static bool egress_present(const struct model_tables *t, __u32 ifindex)
{
	__u32 i;

	for (i = 0; i < t->n_egress; i++)
		if (t->egress[i] == ifindex)
			return true;
	return false;
}

/* RFC 1071 over bytes, as 16-bit big-endian words, from a running sum. */
static __u32 sum16(const __u8 *p, __u32 len, __u32 sum)
{
	__u32 i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (__u32)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (__u32)p[len - 1] << 8;
	return sum;
}

static __u16 fold(__u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

static void put16(__u8 *p, __u32 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(__u8 *p, __u32 v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/* TTL − 1 and the header checksum updated as RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). */
static void ipv4_decrement_ttl(__u8 *ip)
{
	__u32 hc = be16(ip + 10), m = be16(ip + 8), m2, sum;

	ip[8]--;
	m2 = be16(ip + 8);
	sum = (~hc & 0xffff) + (~m & 0xffff) + m2;
	sum = ~fold(sum) & 0xffff;
	ip[10] = sum >> 8;
	ip[11] = sum & 0xff;
}

__u32 model_bloom_bit(const __u8 *a)
{
	return a[3] % 32; /* the last octet's low five bits */
}

static bool is_local4(const struct model_tables *t, const __u8 *a)
{
	__u32 i;

	for (i = 0; i < t->n_local4; i++)
		if (!memcmp(t->local4[i], a, 4))
			return true;
	return false;
}

static const struct xbr_iface_v6 *v6addr_of(const struct model_tables *t, __u32 ifindex)
{
	__u32 i;

	for (i = 0; i < t->n_v6addr; i++)
		if (t->v6addr[i].ifindex == ifindex)
			return &t->v6addr[i].val;
	return NULL;
}

/*
 * The route back to addr, for rp_filter (for_error false) and for an ICMP
 * error (true), as *b; false when there is none. A link-local sender is on
 * the ingress link, at the frame's source MAC, answered from the link's
 * link-local address. A backup destination's FORWARD entry routes through
 * its backup router, as the kernel would with the destinations as routes;
 * anything else goes by the environment's routes.
 */
static bool back_of(const struct model_tables *t, int family, const __u8 *addr, __u32 ingress,
		    const __u8 *frame, struct model_back *b)
{
	const struct model_back *best = NULL;
	const struct model_route *route;
	__u32 bytes = family == 4 ? 4 : 16, i;
	__u8 masked[16];

	if (family == 6 && v6_link_local(addr)) {
		const struct xbr_iface_v6 *a6 = v6addr_of(t, ingress);
		const struct xbr_iface *iface = iface_of(t, ingress);

		if (!a6 || !iface)
			return false;
		memset(b, 0, sizeof(*b));
		b->kind = MODEL_BACK_OK;
		b->ifindex = ingress;
		memcpy(b->smac, iface->mac, 6);
		memcpy(b->dmac, frame + 6, 6);
		memcpy(b->src, a6->link_local, 16);
		return true;
	}
	/* 127/8: the kernel's local table, no backup destination's. */
	route = family == 4 ? (addr[0] == 127 ? NULL : lpm(t->v4, t->n_v4, 4, addr))
			    : lpm(t->v6, t->n_v6, 6, addr);
	if (route && route->val.action == XBR_ROUTE_FORWARD) {
		const struct xbr_gateway *gw = route->val.gateway < XBR_GATEWAYS_MAX
						       ? &t->gateways[route->val.gateway]
						       : NULL;

		if (!gw || !gw->configured)
			return false;
		memset(b, 0, sizeof(*b));
		b->kind = gw->resolved ? MODEL_BACK_OK : MODEL_BACK_NO_NEIGH;
		b->ifindex = gw->egress_ifindex;
		memcpy(b->smac, gw->src_mac, 6);
		memcpy(b->dmac, gw->mac, 6);
		memcpy(b->src, gw->src_addr, 16);
		return true;
	}
	for (i = 0; i < t->n_back; i++) {
		const struct model_back *e = &t->back[i];

		if (e->family != family)
			continue;
		memcpy(masked, addr, bytes);
		mask_prefix(masked, bytes, e->prefixlen);
		if (memcmp(masked, e->addr, bytes))
			continue;
		if (!best || e->prefixlen > best->prefixlen)
			best = e;
	}
	if (!best || best->kind == MODEL_BACK_NONE)
		return false;
	*b = *best;
	return true;
}

static void pass(struct model_result *res, __u32 reason)
{
	res->verdict = XDP_PASS;
	res->reason = reason;
}

static void drop(struct model_result *res, __u32 reason)
{
	res->verdict = XDP_DROP;
	res->reason = reason;
}

static bool kernel_routes(const struct model_tables *t)
{
	return t->settings.flags & XBR_SETTINGS_F_KERNEL_ROUTES;
}

/* Options, hop-by-hop options, fragmentation: the kernel's with the route, else dropped. */
static void kernel_or_drop(const struct model_tables *t, struct model_result *res, __u32 p, __u32 d)
{
	if (kernel_routes(t))
		pass(res, p);
	else
		drop(res, d);
}

/*
 * Which ICMP errors the rules of RFC 1122 3.2.2 / RFC 4443 2.4 allow, as
 * __icmp_send() and icmp6_send() apply them.
 */
static bool icmp4_allowed(const __u8 *ip, __u32 ip_len)
{
	/* ICMP types that are errors, or unknown: 1..7, 9..12, and above 18. */
	static const bool error[19] = { [1] = 1, [2] = 1, [3] = 1,  [4] = 1,  [5] = 1, [6] = 1,
					[7] = 1, [9] = 1, [10] = 1, [11] = 1, [12] = 1 };

	if (be16(ip + 6) & 0x1fff)
		return false; /* not the first fragment */
	if (ip[9] != 1)
		return true;
	if (ip_len <= IP4_HLEN)
		return false; /* the ICMP type is not there */
	return ip[20] <= 18 && !error[ip[20]];
}

static bool icmp6_allowed(const __u8 *ip, __u32 ip_len)
{
	__u32 off = IP6_HLEN, n;
	__u16 frag_off = 0;
	__u8 next = ip[6];

	if (v6_multicast(ip + 8) || v6_is(ip + 8, 0))
		return false; /* the source names no single node */
	/* The extension headers, as ipv6_skip_exthdr() walks them. */
	for (n = 0;; n++) {
		if (next != 0 && next != 43 && next != 44 && next != 51 && next != 59 && next != 60)
			break;
		if (n == 256)
			return false; /* longer than the program walks: no error */
		if (next == 59 || off + 4 > ip_len)
			return true; /* the walk fails: not known to be ineligible */
		if (next == 44) {
			frag_off = be16(ip + off + 2);
			if (frag_off & ~7)
				break; /* next header stays "fragment" */
			next = ip[off];
			off += 8;
		} else if (next == 51) {
			next = ip[off];
			off += (ip[off + 1] + 2U) * 4;
		} else {
			next = ip[off];
			off += (ip[off + 1] + 1U) * 8;
		}
	}
	if (next != 58)
		return true;
	if (off >= ip_len)
		return frag_off != 0;
	return ip[off] & 0x80; /* informational messages only */
}

/*
 * Turn the frame in res->out into an ICMP error about its packet (ip at
 * ETH_HLEN, ip_len long): type, code, info (the MTU, or 0); sent is the
 * reason when it goes out.
 */
static void icmp_error(const struct model_tables *t, struct model_result *res, bool v6,
		       __u32 ip_len, __u32 ingress, __u8 type, __u8 code, __u32 info, __u32 sent)
{
	__u8 *f = res->out, quote[MODEL_FRAME_MAX];
	const __u32 hlen = v6 ? IP6_HLEN : IP4_HLEN, max = v6 ? 1280 : 576;
	static const __u8 zero16[16];
	struct model_back back, *b = &back;
	__u8 *ip = f + ETH_HLEN, sender[16], tos = ip[1];
	__u32 q = ip_len, sum;

	if (!(v6 ? icmp6_allowed(ip, ip_len) : icmp4_allowed(ip, ip_len)))
		return drop(res, XBR_DROP_NO_ICMP);
	memcpy(sender, ip + (v6 ? 8 : 12), v6 ? 16 : 4);
	if (!back_of(t, v6 ? 6 : 4, sender, ingress, f, b))
		return drop(res, XBR_DROP_NO_ICMP);
	if (b->kind == MODEL_BACK_NO_NEIGH)
		return pass(res, XBR_PASS_ICMP_UNRESOLVED);
	/* icmp6_send(): the source is chosen as if the error left by the ingress interface. */
	if (v6 && !v6_link_local(sender)) {
		const struct xbr_iface_v6 *a6 = v6addr_of(t, ingress);

		if (a6 && memcmp(a6->global, zero16, 16))
			memcpy(b->src, a6->global, 16);
	}
	/* IPv6 needs an address to send from (IPv4 has RFC 7600's). */
	if (v6 && !memcmp(b->src, zero16, 16))
		return drop(res, XBR_DROP_NO_ICMP);

	if (q > max - hlen - 8)
		q = max - hlen - 8;
	memcpy(quote, ip, q);
	memset(f, 0, ETH_HLEN + hlen + 8 + q);
	memcpy(f, b->dmac, 6);
	memcpy(f + 6, b->smac, 6);
	put16(f + 12, v6 ? 0x86dd : 0x0800);
	memcpy(ip + hlen + 8, quote, q);
	ip[hlen] = type;
	ip[hlen + 1] = code;
	put32(ip + hlen + 4, info);
	if (v6) {
		ip[0] = 0x60; /* traffic class 0, flow label 0 */
		put16(ip + 4, 8 + q);
		ip[6] = 58;
		ip[7] = t->settings.ip6_hop_limit;
		memcpy(ip + 8, b->src, 16);
		memcpy(ip + 24, sender, 16);
		sum = sum16(ip + 8, 32, 8 + q + 58); /* the pseudo-header (RFC 8200 8.1) */
	} else {
		static const __u8 dummy[4] = { 192, 0, 0, 8 }; /* no address: RFC 7600's */
		static const __u8 zero[4];

		ip[0] = 0x45;
		ip[1] = 0xc0 | (tos & 0x1e); /* precedence "internetwork control" */
		put16(ip + 2, IP4_HLEN + 8 + q);
		ip[8] = t->settings.ip_default_ttl;
		ip[9] = 1;
		memcpy(ip + 12, memcmp(b->src, zero, 4) ? b->src : dummy, 4);
		memcpy(ip + 16, sender, 4);
		put16(ip + 10, ~fold(sum16(ip, IP4_HLEN, 0)) & 0xffff);
		res->ip_id_off = ETH_HLEN + 4;
		sum = 0;
	}
	put16(ip + hlen + 2, ~fold(sum16(ip + hlen, 8 + q, sum)) & 0xffff);
	res->len = ETH_HLEN + hlen + 8 + q;
	res->verdict = b->ifindex == ingress ? XDP_TX : XDP_REDIRECT;
	res->reason = sent;
}

void model_take_ip_id(struct model_result *res, const __u8 *got, __u32 got_len)
{
	__u8 *ip = res->out + ETH_HLEN;
	__u32 off = res->ip_id_off;

	if (!off || got_len < off + 2)
		return;
	res->out[off] = got[off];
	res->out[off + 1] = got[off + 1];
	put16(ip + 10, 0);
	put16(ip + 10, ~fold(sum16(ip, IP4_HLEN, 0)) & 0xffff);
}

/* An ICMP error is due: the kernel's with the route, else the model's. */
static void answer(const struct model_tables *t, struct model_result *res, bool v6, __u32 ip_len,
		   __u32 ingress, __u8 type, __u8 code, __u32 info, __u32 sent, __u32 kernel)
{
	if (kernel_routes(t))
		return pass(res, kernel);
	icmp_error(t, res, v6, ip_len, ingress, type, code, info, sent);
}

/*
 * IPv4 from "the route says forward" to "forward": what the kernel checks
 * before ip_forward() sends it on. Returns false with res set, or true.
 */
static bool forward4_ok(const struct model_tables *t, struct model_result *res,
			const struct xbr_iface *iface, const struct xbr_gateway *gw, __u32 ip_len,
			__u32 ingress)
{
	const __u8 *ip = res->out + ETH_HLEN, *src = ip + 12, *dst = ip + 16;
	struct model_back b;

	if ((ip[0] & 0x0f) != 5) {
		kernel_or_drop(t, res, XBR_PASS_IP_OPTIONS, XBR_DROP_IP_OPTIONS);
		return false;
	}
	if (fold(sum16(ip, IP4_HLEN, 0)) != 0xffff) {
		pass(res, XBR_PASS_BAD_CSUM);
		return false;
	}
	/*
	 * ip_route_input_slow()'s martians: multicast, broadcast, 0.0.0.0 (not
	 * the rest of 0/8: ipv4_is_zeronet()), loopback.
	 */
	if ((src[0] & 0xf0) == 0xe0 ||
	    (src[0] == 255 && src[1] == 255 && src[2] == 255 && src[3] == 255) ||
	    !(src[0] | src[1] | src[2] | src[3]) || !(dst[0] | dst[1] | dst[2] | dst[3]) ||
	    dst[0] == 127 || (src[0] == 127 && !(iface->flags & XBR_IFACE_F_ROUTE_LOCALNET))) {
		pass(res, XBR_PASS_MARTIAN);
		return false;
	}
	if (iface->flags & XBR_IFACE_F_NO_FWD4) {
		drop(res, XBR_DROP_NOT_FORWARDING);
		return false;
	}
	if (iface->flags & (XBR_IFACE_F_RP_STRICT | XBR_IFACE_F_RP_LOOSE)) {
		if (!back_of(t, 4, src, ingress, res->out, &b) ||
		    ((iface->flags & XBR_IFACE_F_RP_STRICT) && b.ifindex != ingress)) {
			drop(res, XBR_DROP_MARTIAN);
			return false;
		}
	}
	/* A local source, as far as the bloom bits say to look. */
	if ((iface->local_v4_bloom >> model_bloom_bit(src) & 1) && is_local4(t, src)) {
		drop(res, XBR_DROP_MARTIAN);
		return false;
	}
	if ((iface->flags & XBR_IFACE_F_ALLOW_LIST) && !lpm(t->allow4, t->n_allow4, 4, src)) {
		pass(res, XBR_PASS_NOT_ALLOWED);
		return false;
	}
	if (ip[8] <= 1) {
		answer(t, res, false, ip_len, ingress, 11, 0, 0, XBR_ICMP_TIME_EXCEEDED,
		       XBR_PASS_TTL);
		return false;
	}
	if (!gw) {
		pass(res, XBR_PASS_UNRESOLVED);
		return false;
	}
	if (gw->mtu && ip_len > gw->mtu) {
		if (!(be16(ip + 6) & 0x4000))
			kernel_or_drop(t, res, XBR_PASS_TOO_BIG, XBR_DROP_NEEDS_FRAG);
		else
			answer(t, res, false, ip_len, ingress, 3, 4, gw->mtu, XBR_ICMP_TOO_BIG,
			       XBR_PASS_TOO_BIG);
		return false;
	}
	return true;
}

static bool forward6_ok(const struct model_tables *t, struct model_result *res,
			const struct xbr_iface *iface, const struct xbr_gateway *gw, __u32 ip_len,
			__u32 ingress)
{
	const __u8 *ip = res->out + ETH_HLEN, *src = ip + 8, *dst = ip + 24;
	__u32 mtu;

	if (iface->flags & XBR_IFACE_F_NO_FWD6) {
		drop(res, XBR_DROP_NOT_FORWARDING);
		return false;
	}
	/* ip6_rcv_core(): multicast sources, loopback sources and destinations. */
	if (v6_multicast(src) || v6_is(src, 1) || v6_is(dst, 1)) {
		pass(res, XBR_PASS_MARTIAN);
		return false;
	}
	if ((iface->flags & XBR_IFACE_F_ALLOW_LIST) && !lpm(t->allow6, t->n_allow6, 6, src)) {
		pass(res, XBR_PASS_NOT_ALLOWED);
		return false;
	}
	if (ip[6] == 0) {
		kernel_or_drop(t, res, XBR_PASS_IP_OPTIONS, XBR_DROP_IP_OPTIONS);
		return false;
	}
	if (ip[7] <= 1) {
		answer(t, res, true, ip_len, ingress, 3, 0, 0, XBR_ICMP_TIME_EXCEEDED,
		       XBR_PASS_TTL);
		return false;
	}
	if (!gw) {
		pass(res, XBR_PASS_UNRESOLVED);
		return false;
	}
	/* ip6_forward(): only a packet that leaves by another interface has its source judged. */
	if (gw->egress_ifindex != ingress && v6_is(src, 0)) {
		pass(res, XBR_PASS_MARTIAN);
		return false;
	}
	if (gw->egress_ifindex != ingress && v6_link_local(src)) {
		answer(t, res, true, ip_len, ingress, 1, 2, 0, XBR_ICMP_BEYOND_SCOPE,
		       XBR_PASS_MULTICAST);
		return false;
	}
	mtu = gw->mtu < 1280 ? 1280 : gw->mtu;
	if (gw->mtu && ip_len > mtu) {
		answer(t, res, true, ip_len, ingress, 2, 0, mtu, XBR_ICMP_TOO_BIG,
		       XBR_PASS_TOO_BIG);
		return false;
	}
	return true;
}

void model_run(const struct model_tables *t, __u32 ingress_ifindex, const __u8 *frame, __u32 len,
	       struct model_result *res)
{
	const struct model_route *route;
	const struct xbr_gateway *gw;
	const struct xbr_iface *iface;
	__u32 type, reason, ip_len = 0;
	const __u8 *dst;
	bool v6;

	memset(res, 0, offsetof(struct model_result, out));
	res->len = len;
	memcpy(res->out, frame, len);

	if (len < ETH_HLEN)
		return pass(res, XBR_PASS_MALFORMED);
	type = be16(frame + 12);
	if (type == 0x8100 || type == 0x88a8)
		return pass(res, len < ETH_HLEN + 4 ? XBR_PASS_MALFORMED : XBR_PASS_VLAN);
	if (type != 0x0800 && type != 0x86dd)
		return pass(res, XBR_PASS_NOT_IP);
	/* Not unicast: nobody's own MAC. This needs no table, so it comes first. */
	if (frame[0] & 1)
		return pass(res, XBR_PASS_NOT_OURS);
	v6 = type == 0x86dd;
	reason = v6 ? check_ipv6(frame + ETH_HLEN, len - ETH_HLEN, &ip_len)
		    : check_ipv4(frame + ETH_HLEN, len - ETH_HLEN, &ip_len);
	if (reason != XBR_REASON_MAX)
		return pass(res, reason);

	if (!model_in_effect(&t->live, t->now_ns))
		return pass(res, XBR_PASS_NOT_IN_EFFECT);

	dst = frame + ETH_HLEN + (v6 ? 24 : 16);
	route = v6 ? lpm(t->v6, t->n_v6, 6, dst) : lpm(t->v4, t->n_v4, 4, dst);
	if (!route)
		return pass(res, XBR_PASS_NO_ROUTE);
	/* Only FORWARD sends anything anywhere; any other action leaves it to the kernel. */
	if (route->val.action != XBR_ROUTE_FORWARD)
		return pass(res, XBR_PASS_DEFER);

	iface = iface_of(t, ingress_ifindex);
	if (!iface || !iface->prog_id)
		return pass(res, XBR_PASS_NOT_IFACE);
	if (memcmp(frame, iface->mac, 6))
		return pass(res, XBR_PASS_NOT_OURS);

	gw = route->val.gateway < XBR_GATEWAYS_MAX ? &t->gateways[route->val.gateway] : NULL;
	if (gw && !gw->configured)
		gw = NULL;
	if (!(v6 ? forward6_ok(t, res, iface, gw, ip_len, ingress_ifindex)
		 : forward4_ok(t, res, iface, gw, ip_len, ingress_ifindex)))
		return;

	if (gw->resolved != 1)
		return pass(res, XBR_PASS_UNRESOLVED);
	if (gw->egress_ifindex == ingress_ifindex) {
		res->verdict = XDP_TX;
		res->reason = XBR_FWD_TX;
	} else if (egress_present(t, gw->egress_ifindex)) {
		res->verdict = XDP_REDIRECT;
		res->reason = XBR_FWD_REDIRECT;
	} else {
		return pass(res, XBR_PASS_NO_EGRESS);
	}

	memcpy(res->out, gw->mac, 6);
	memcpy(res->out + 6, gw->src_mac, 6);
	if (v6)
		res->out[ETH_HLEN + 7]--;
	else
		ipv4_decrement_ttl(res->out + ETH_HLEN);
	res->counts_dest = route->val.dest_index < XBR_DEST_STATS_MAX;
	res->dest_index = route->val.dest_index;
}
