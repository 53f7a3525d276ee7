/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Header parsing over a cursor. Every helper bounds-checks with
 * `ptr + 1 > end` before it reads (the verifier rejects any packet access it
 * cannot prove in bounds), advances the cursor, and either returns the next
 * protocol or a verdict reason from maps/xbr_maps.h. All __always_inline: the
 * verifier tracks packet pointers across inlined code for free, while a real
 * BPF-to-BPF call would cost a call and lose the packet range on return.
 */
#ifndef XBR_PARSE_H
#define XBR_PARSE_H

#include "bpf/consts.h"

struct cursor {
	void *pos; /* next unparsed byte */
	void *end; /* ctx->data_end */
};

/*
 * Parsers return PARSE_OK to go on, or the xbr_reason the packet is passed
 * with. 0 is also XBR_FWD_REDIRECT, which no parser ever returns.
 */
#define PARSE_OK 0
_Static_assert(XBR_FWD_REDIRECT == PARSE_OK && XBR_FWD_TX < XBR_PASS_NOT_IP,
	       "pass reasons must be non-zero");

/* Ethernet II header: returns h_proto (network byte order), or -1 if truncated. */
static __always_inline int eth_parse(struct cursor *c, struct ethhdr **ethp)
{
	struct ethhdr *eth = c->pos;

	if ((void *)(eth + 1) > c->end)
		return -1;
	c->pos = eth + 1;
	*ethp = eth;
	return eth->h_proto;
}

static __always_inline bool eth_proto_is_vlan(__be16 proto)
{
	return proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD);
}

/* A VLAN tag we leave to the kernel still has to be complete to count as VLAN. */
static __always_inline bool vlan_tag_complete(const struct cursor *c)
{
	return c->pos + sizeof(struct vlan_hdr) <= c->end;
}

/* Multicast and broadcast MACs have the I/G bit, the LSB of the first octet, set. */
static __always_inline bool eth_addr_is_group(const __u8 *addr)
{
	return addr[0] & 0x01;
}

/*
 * As the kernel's ether_addr_equal(): three 16-bit compares. Ethernet
 * addresses in the frame and in our map values are 2-byte aligned.
 */
static __always_inline bool eth_addr_equal(const __u8 *a, const __u8 *b)
{
	const __u16 *x = (const __u16 *)a;
	const __u16 *y = (const __u16 *)b;

	return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2])) == 0;
}

/*
 * IPv4 header (RFC 791): what every packet needs before the route lookup.
 * Lengths are checked as ip_rcv_core() does (tot_len within the frame, not
 * below the header); the checksum, the addresses and the TTL only matter
 * for a packet xbr would route, and are checked on that path alone
 * (bpf/checks.h). A header with options (ver_ihl != IPV4_VER_IHL_PLAIN) is
 * returned too: whether the kernel or xbr handles it depends on the route.
 */
static __always_inline __u32 ipv4_parse(struct cursor *c, struct iphdr **iphp)
{
	struct iphdr *iph = c->pos;
	__u8 ver_ihl;
	__u32 tot_len;

	if ((void *)(iph + 1) > c->end)
		return XBR_PASS_MALFORMED;

	/* One compare for the common case: version 4, IHL 5. */
	ver_ihl = *(__u8 *)iph;
	tot_len = bpf_ntohs(iph->tot_len);
	if (ver_ihl != IPV4_VER_IHL_PLAIN) {
		if ((ver_ihl >> 4) != 4 || (ver_ihl & 0x0f) < 5)
			return XBR_PASS_MALFORMED;
		if (tot_len < (ver_ihl & 0x0fU) * 4 || (void *)iph + tot_len > c->end)
			return XBR_PASS_MALFORMED;
	} else if (tot_len < IPV4_HDR_LEN || (void *)iph + tot_len > c->end) {
		/* Frames may carry Ethernet padding beyond tot_len, never less. */
		return XBR_PASS_MALFORMED;
	}

	/* 224.0.0.0/4 multicast, 255.255.255.255 limited broadcast (RFC 919). */
	if ((iph->daddr & bpf_htonl(0xf0000000)) == bpf_htonl(0xe0000000) ||
	    iph->daddr == bpf_htonl(0xffffffff))
		return XBR_PASS_MULTICAST;

	c->pos = (void *)iph + IPV4_HDR_LEN;
	*iphp = iph;
	return PARSE_OK;
}

/* ff00::/8 (RFC 4291 2.7). */
static __always_inline bool ipv6_addr_is_multicast(const struct in6_addr *a)
{
	return a->in6_u.u6_addr8[0] == 0xff;
}

/* :: (RFC 4291 2.5.2). */
static __always_inline bool ipv6_addr_any(const struct in6_addr *a)
{
	return !(a->in6_u.u6_addr32[0] | a->in6_u.u6_addr32[1] | a->in6_u.u6_addr32[2] |
		 a->in6_u.u6_addr32[3]);
}

/* fe80::/10 (RFC 4291 2.5.6). */
static __always_inline bool ipv6_addr_is_link_local(const struct in6_addr *a)
{
	return a->in6_u.u6_addr8[0] == 0xfe && (a->in6_u.u6_addr8[1] & 0xc0) == 0x80;
}

/*
 * The length of the IPv6 packet as ip6_rcv_core() takes it: payload_len 0
 * means an empty payload, unless a hop-by-hop header follows (a jumbogram,
 * RFC 2675, which the kernel's option processing judges).
 */
static __always_inline __u32 ipv6_packet_len(const struct ipv6hdr *ip6)
{
	return IPV6_HDR_LEN + bpf_ntohs(ip6->payload_len);
}

/*
 * IPv6 header (RFC 8200). Extension headers are not parsed here: routing
 * is by destination; a hop-by-hop header is judged once the route is known.
 */
static __always_inline __u32 ipv6_parse(struct cursor *c, struct ipv6hdr **ip6p)
{
	struct ipv6hdr *ip6 = c->pos;

	if ((void *)(ip6 + 1) > c->end)
		return XBR_PASS_MALFORMED;
	if ((*(__u8 *)ip6 >> 4) != 6)
		return XBR_PASS_MALFORMED;
	if ((void *)ip6 + ipv6_packet_len(ip6) > c->end)
		return XBR_PASS_MALFORMED;

	/* Multicast and link-local destinations are the kernel's, route or not. */
	if (ipv6_addr_is_multicast(&ip6->daddr) || ipv6_addr_is_link_local(&ip6->daddr))
		return XBR_PASS_MULTICAST;

	c->pos = ip6 + 1;
	*ip6p = ip6;
	return PARSE_OK;
}

#endif /* XBR_PARSE_H */
