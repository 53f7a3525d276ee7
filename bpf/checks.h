/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What Linux checks before it forwards a packet it has a route for, made
 * cheap for the packets that pass: ip_rcv_core()'s header checksum,
 * ip_route_input_slow()'s martian addresses, fib_validate_source()'s local
 * sources and rp_filter, ip6_rcv_core()'s and ip6_forward()'s address rules
 * (docs/design.md §3, "The oracle is Linux"). Only packets xbr would
 * forward run these: every other one goes to the kernel, which checks it.
 */
#ifndef XBR_CHECKS_H
#define XBR_CHECKS_H

#include "bpf/consts.h"

/* Drop reasons leave the packet with XDP_DROP: Linux drops it, a kernel without the route would
 * not. */
static __always_inline __u32 drop(__u32 reason, int *action)
{
	*action = XDP_DROP;
	return reason;
}

/*
 * The header checksum of a 20-byte IPv4 header: its one's complement sum,
 * checksum included, is 0xffff (RFC 1071). Five 32-bit words summed in 64
 * bits (below 5 * 2^32), then folded by 16 bits twice: the first leaves at
 * most 0x5fffe, the second at most 0x10004, and a sum congruent to 0 mod
 * 0xffff other than 0 always ends as 0xffff, which no value above it can
 * fold to, so the last end-around carry is not needed. On x86 the words
 * may be unaligned (the header starts 14 bytes into the frame).
 */
static __always_inline bool ipv4_csum_ok(const struct iphdr *iph)
{
	const __u32 *w = (const __u32 *)iph;
	__u64 s = (__u64)w[0] + w[1] + w[2] + w[3] + w[4];

	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return s == 0xffff;
}

/*
 * Groups of four first octets that hold a martian address, one bit each
 * (octet / 4): sources 0.0.0.0, 127/8, 224/4 and 255.255.255.255,
 * destinations 0.0.0.0 and 127/8. A packet outside them needs no more.
 */
#define MARTIAN_SRC_GROUPS \
	((1ULL << (0 / 4)) | (1ULL << (127 / 4)) | (0xfULL << (224 / 4)) | (1ULL << (255 / 4)))
#define MARTIAN_DST_GROUPS ((1ULL << (0 / 4)) | (1ULL << (127 / 4)))

static __always_inline bool ipv4_maybe_martian(const struct iphdr *iph)
{
	__u8 s = *(const __u8 *)&iph->saddr, d = *(const __u8 *)&iph->daddr;

	return ((MARTIAN_SRC_GROUPS >> (s / 4)) | (MARTIAN_DST_GROUPS >> (d / 4))) & 1;
}

/*
 * ip_route_input_slow()'s martians, which it drops before the route lookup
 * (so a kernel without the route drops them too): multicast, limited
 * broadcast and 0.0.0.0 sources, 0.0.0.0 destinations (ipv4_is_zeronet():
 * the rest of 0/8 is an ordinary range since Linux 5.3), 127/8 sources and
 * destinations unless route_localnet. A 127/8 destination with
 * route_localnet is local: the kernel's as well.
 */
static __always_inline bool ipv4_martian(const struct iphdr *iph, __u8 iface_flags)
{
	__u8 s = *(const __u8 *)&iph->saddr, d = *(const __u8 *)&iph->daddr;

	if (!iph->saddr || (s & 0xf0) == 0xe0 || iph->saddr == 0xffffffff)
		return true;
	if (!iph->daddr || d == 127)
		return true;
	return s == 127 && !(iface_flags & XBR_IFACE_F_ROUTE_LOCALNET);
}

/*
 * fib_validate_source() without rp_filter: a source that is an address of
 * this host is martian (unless accept_local, for which the loader leaves
 * the bloom bits empty). The bloom filter answers most packets with one bit;
 * a set bit costs the hash lookup of local_v4.
 */
static __always_inline bool ipv4_source_local(const struct xbr_iface *iface,
					      const struct iphdr *iph)
{
	__u8 addr[4];

	if (!(iface->local_v4_bloom & (1U << xbr_local_bloom_bit((const __u8 *)&iph->saddr))))
		return false;
	__builtin_memcpy(addr, &iph->saddr, sizeof(addr));
	return bpf_map_lookup_elem(&local_v4, addr) != NULL;
}

/*
 * rp_filter (RFC 3704), as __fib_validate_source() judges it: the route
 * back to the source must be a unicast route, through the ingress
 * interface for strict mode (1), through any for loose mode (2). A source
 * inside a backup destination is routed by its backup router, as the
 * kernel would with the destinations as routes; any other by the kernel's
 * FIB, one bpf_fib_lookup() paid only on interfaces with rp_filter on.
 */
static __always_inline bool ipv4_rp_filter_ok(struct xdp_md *ctx, const struct iphdr *iph,
					      __u8 iface_flags)
{
	struct bpf_fib_lookup fib = {
		.family = AF_INET,
		.tos = iph->tos,
		.ipv4_src = iph->daddr,
		.ipv4_dst = iph->saddr,
		.ifindex = ctx->ingress_ifindex,
	};
	struct xbr_lpm_v4 key = { .prefixlen = 32 };
	const struct xbr_route *route;
	long rc;

	__builtin_memcpy(key.addr, &iph->saddr, 4);
	/* 127/8 is the kernel's local table's, which the trie does not mirror. */
	route = key.addr[0] == 127 ? NULL : bpf_map_lookup_elem(&routes_v4, &key);
	if (route && route->action == XBR_ROUTE_FORWARD) {
		__u32 slot = route->gateway;
		const struct xbr_gateway *gw = bpf_map_lookup_elem(&gateways, &slot);

		if (!gw || !gw->configured)
			return false;
		fib.ifindex = gw->egress_ifindex;
	} else {
		rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), BPF_FIB_LOOKUP_SKIP_NEIGH);
		if (rc != BPF_FIB_LKUP_RET_SUCCESS)
			return false;
	}
	return !(iface_flags & XBR_IFACE_F_RP_STRICT) || fib.ifindex == ctx->ingress_ifindex;
}

/* :: (RFC 4291 2.5.2) and ::1 (2.5.3): all of the first 15 bytes zero. */
static __always_inline bool ipv6_addr_upper_zero(const struct in6_addr *a)
{
	return (a->in6_u.u6_addr32[0] | a->in6_u.u6_addr32[1] | a->in6_u.u6_addr32[2] |
		(a->in6_u.u6_addr8[12] | a->in6_u.u6_addr8[13] | a->in6_u.u6_addr8[14])) == 0;
}

/* What needs a closer look: a source in ::/8, fe00::/8 or ff00::/8, a destination in ::/8. */
static __always_inline bool ipv6_maybe_special(const struct ipv6hdr *ip6)
{
	__u8 s = ip6->saddr.in6_u.u6_addr8[0];

	return s == 0 || s >= 0xfe || ip6->daddr.in6_u.u6_addr8[0] == 0;
}

/* How ip6_forward() sees the source, for what depends on the way out. */
enum ipv6_source {
	IPV6_SRC_OK,
	IPV6_SRC_ANY,	     /* ::, forwarded only back out of the ingress interface */
	IPV6_SRC_LINK_LOCAL, /* fe80::/10, likewise; else ICMPv6 "beyond scope" */
};

/*
 * ip6_rcv_core() drops loopback sources and destinations and multicast
 * sources before any route lookup: the kernel's, route or not. Returns
 * PARSE_OK (and *src), or the reason.
 */
static __always_inline __u32 ipv6_checks(const struct ipv6hdr *ip6, const struct xbr_iface *iface,
					 enum ipv6_source *src, int *action)
{
	*src = IPV6_SRC_OK;
	if (iface->flags & XBR_IFACE_F_NO_FWD6)
		return drop(XBR_DROP_NOT_FORWARDING, action);
	if (!ipv6_maybe_special(ip6))
		return PARSE_OK;
	if (ipv6_addr_is_multicast(&ip6->saddr))
		return XBR_PASS_MARTIAN;
	if (ipv6_addr_upper_zero(&ip6->daddr) && ip6->daddr.in6_u.u6_addr8[15] == 1)
		return XBR_PASS_MARTIAN;
	if (ipv6_addr_upper_zero(&ip6->saddr)) {
		if (ip6->saddr.in6_u.u6_addr8[15] == 1)
			return XBR_PASS_MARTIAN;
		if (ip6->saddr.in6_u.u6_addr8[15] == 0)
			*src = IPV6_SRC_ANY;
	} else if (ipv6_addr_is_link_local(&ip6->saddr)) {
		*src = IPV6_SRC_LINK_LOCAL;
	}
	return PARSE_OK;
}

#endif /* XBR_CHECKS_H */
