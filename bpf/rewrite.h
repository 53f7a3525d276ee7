/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Header rewrites for a forwarded packet: next-hop MACs, TTL / hop limit. The
 * caller has bounds-checked every header it passes in.
 */
#ifndef XBR_REWRITE_H
#define XBR_REWRITE_H

#include "bpf/consts.h"

/* As the kernel's ether_addr_copy(): three 16-bit stores, both sides 2-byte aligned. */
static __always_inline void eth_addr_copy(__u8 *dst, const __u8 *src)
{
	__u16 *d = (__u16 *)dst;
	const __u16 *s = (const __u16 *)src;

	d[0] = s[0];
	d[1] = s[1];
	d[2] = s[2];
}

/* Address the frame from the egress interface to the gateway. */
static __always_inline void eth_rewrite(struct ethhdr *eth, const struct xbr_gateway *gw)
{
	eth_addr_copy(eth->h_dest, gw->mac);
	eth_addr_copy(eth->h_source, gw->src_mac);
}

/*
 * TTL − 1 with the header checksum updated incrementally, RFC 1624 eqn. 3:
 * HC' = ~(~HC + ~m + m'). TTL is the high byte of its 16-bit word, so
 * ~m + m' = −0x0100 and HC' = HC + 0x0100 in one's complement arithmetic; the
 * end-around carry is folded in with (check >= 0xffff), which also maps the
 * sum 0xffff to 0x0000 as eqn. 3 does (never 0xffff, the eqn. 2 pitfall).
 * Same as the kernel's ip_decrease_ttl(). Works in network byte order: one's
 * complement sums are byte-order independent (RFC 1071).
 */
static __always_inline void ipv4_decrease_ttl(struct iphdr *iph)
{
	__u32 check = (__u32)iph->check;

	check += (__u32)bpf_htons(0x0100);
	iph->check = (__sum16)(check + (check >= 0xffff));
	iph->ttl--;
}

/* No checksum in the IPv6 header (RFC 8200). */
static __always_inline void ipv6_decrease_hop_limit(struct ipv6hdr *ip6)
{
	ip6->hop_limit--;
}

#endif /* XBR_REWRITE_H */
