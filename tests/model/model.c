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
 *   IP header sanity, options,         docs/design.md §3.2, enum xbr_reason
 *     multicast/link-local, TTL
 *   liveness                           docs/design.md §3.3, §5
 *   longest prefix: miss, defer        docs/design.md §3.4, §4
 *   ingress attached, frame addressed  maps/README.md "counters": the ingress
 *     to its MAC                       interface is looked at only once the
 *                                      tries said forward
 *   source allowed, when the ingress   maps/README.md "allow_v4, allow_v6"
 *     interface has an allow list
 *   gateway resolved                   docs/design.md §3.5
 *   egress port                        docs/design.md §3.7
 * A frame handed to the kernel (XDP_PASS) must reach it as it arrived.
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

/*
 * IP checks of §3.2. Returns the reason the frame fails, or XBR_REASON_MAX
 * when it may be routed; *dst and *src point at the addresses.
 */
static __u32 check_ipv4(const __u8 *ip, __u32 room, const __u8 **dst, const __u8 **src)
{
	__u32 ihl, tot_len;

	if (room < IP4_HLEN)
		return XBR_PASS_MALFORMED;
	ihl = (ip[0] & 0x0f) * 4U;
	tot_len = be16(ip + 2);
	if (ip[0] >> 4 != 4 || ihl < IP4_HLEN || tot_len < ihl || tot_len > room)
		return XBR_PASS_MALFORMED;
	if (ihl > IP4_HLEN)
		return XBR_PASS_IP_OPTIONS;
	/* Destinations only: docs/design.md §3.2 names no source check for IPv4. */
	if (v4_special(ip + 16))
		return XBR_PASS_MULTICAST;
	if (ip[8] <= 1)
		return XBR_PASS_TTL;
	*dst = ip + 16;
	*src = ip + 12;
	return XBR_REASON_MAX;
}

static __u32 check_ipv6(const __u8 *ip, __u32 room, const __u8 **dst, const __u8 **src)
{
	__u32 payload;

	if (room < IP6_HLEN)
		return XBR_PASS_MALFORMED;
	payload = be16(ip + 4);
	/* payload_len 0 is a jumbogram (RFC 2675): its length is in an option we do not read. */
	if (ip[0] >> 4 != 6 || payload == 0 || payload > room - IP6_HLEN)
		return XBR_PASS_MALFORMED;
	/*
	 * docs/design.md §3.2: multicast or link-local destination; and a link-local
	 * source, which must not leave its link either (RFC 4291 §2.5.6, the
	 * "destination/source" of enum xbr_reason).
	 */
	if (v6_multicast(ip + 24) || v6_link_local(ip + 24) || v6_link_local(ip + 8))
		return XBR_PASS_MULTICAST;
	if (ip[7] <= 1)
		return XBR_PASS_TTL;
	*dst = ip + 24;
	*src = ip + 8;
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

/* TTL − 1 and the header checksum updated as RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). */
static void ipv4_decrement_ttl(__u8 *ip)
{
	__u32 hc = be16(ip + 10), m = be16(ip + 8), m2, sum;

	ip[8]--;
	m2 = be16(ip + 8);
	sum = (~hc & 0xffff) + (~m & 0xffff) + m2;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	ip[10] = sum >> 8;
	ip[11] = sum & 0xff;
}

static void pass(struct model_result *res, __u32 reason)
{
	res->verdict = XDP_PASS;
	res->reason = reason;
}

void model_run(const struct model_tables *t, __u32 ingress_ifindex, const __u8 *frame, __u32 len,
	       struct model_result *res)
{
	const struct model_route *route;
	const struct xbr_gateway *gw;
	const struct xbr_iface *iface;
	const __u8 *dst = NULL, *src = NULL;
	__u32 type, reason;
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
	reason = v6 ? check_ipv6(frame + ETH_HLEN, len - ETH_HLEN, &dst, &src)
		    : check_ipv4(frame + ETH_HLEN, len - ETH_HLEN, &dst, &src);
	if (reason != XBR_REASON_MAX)
		return pass(res, reason);

	if (!model_in_effect(&t->live, t->now_ns))
		return pass(res, XBR_PASS_NOT_IN_EFFECT);

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
	/* Only the flag's own bit turns the list on; a hit on any entry allows. */
	if ((iface->flags & XBR_IFACE_F_ALLOW_LIST) &&
	    !(v6 ? lpm(t->allow6, t->n_allow6, 6, src) : lpm(t->allow4, t->n_allow4, 4, src)))
		return pass(res, XBR_PASS_NOT_ALLOWED);

	gw = route->val.gateway < XBR_GATEWAYS_MAX ? &t->gateways[route->val.gateway] : NULL;
	if (!gw || !gw->configured || gw->resolved != 1)
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
