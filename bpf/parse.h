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
 * IPv4 header (RFC 791). Only what forwarding by destination needs is
 * checked; the kernel validates the rest of whatever we pass to it. Fragments
 * are routed by destination like any other packet, so frag_off is not read.
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
	if (ver_ihl != IPV4_VER_IHL_PLAIN) {
		if ((ver_ihl >> 4) != 4 || (ver_ihl & 0x0f) < 5)
			return XBR_PASS_MALFORMED;
		tot_len = bpf_ntohs(iph->tot_len);
		if (tot_len < (ver_ihl & 0x0fU) * 4 || (void *)iph + tot_len > c->end)
			return XBR_PASS_MALFORMED;
		/* Options (record route, timestamps, ...) need the kernel. */
		return XBR_PASS_IP_OPTIONS;
	}

	tot_len = bpf_ntohs(iph->tot_len);
	/* Frames may carry Ethernet padding beyond tot_len, never less. */
	if (tot_len < IPV4_HDR_LEN || (void *)iph + tot_len > c->end)
		return XBR_PASS_MALFORMED;

	/* 224.0.0.0/4 multicast, 255.255.255.255 limited broadcast (RFC 919). */
	if ((iph->daddr & bpf_htonl(0xf0000000)) == bpf_htonl(0xe0000000) ||
	    iph->daddr == bpf_htonl(0xffffffff))
		return XBR_PASS_MULTICAST;

	/* The kernel must answer with ICMP time exceeded (RFC 1812 5.3.1). */
	if (iph->ttl <= 1)
		return XBR_PASS_TTL;

	c->pos = (void *)iph + IPV4_HDR_LEN;
	*iphp = iph;
	return PARSE_OK;
}

/* ff00::/8 (RFC 4291 2.7). */
static __always_inline bool ipv6_addr_is_multicast(const struct in6_addr *a)
{
	return a->in6_u.u6_addr8[0] == 0xff;
}

/* fe80::/10 (RFC 4291 2.5.6). */
static __always_inline bool ipv6_addr_is_link_local(const struct in6_addr *a)
{
	return a->in6_u.u6_addr8[0] == 0xfe && (a->in6_u.u6_addr8[1] & 0xc0) == 0x80;
}

/* IPv6 header (RFC 8200). Extension headers are not parsed: routing is by destination. */
static __always_inline __u32 ipv6_parse(struct cursor *c, struct ipv6hdr **ip6p)
{
	struct ipv6hdr *ip6 = c->pos;
	__u32 payload_len;

	if ((void *)(ip6 + 1) > c->end)
		return XBR_PASS_MALFORMED;
	if ((*(__u8 *)ip6 >> 4) != 6)
		return XBR_PASS_MALFORMED;

	/* 0 means a jumbogram (RFC 2675): hop-by-hop option, the kernel's business. */
	payload_len = bpf_ntohs(ip6->payload_len);
	if (payload_len == 0 || (void *)(ip6 + 1) + payload_len > c->end)
		return XBR_PASS_MALFORMED;

	/* Link-local packets must not leave their link (RFC 4291 2.5.6). */
	if (ipv6_addr_is_multicast(&ip6->daddr) || ipv6_addr_is_link_local(&ip6->daddr) ||
	    ipv6_addr_is_link_local(&ip6->saddr))
		return XBR_PASS_MULTICAST;

	/* ICMPv6 time exceeded comes from the kernel (RFC 4443 3.3). */
	if (ip6->hop_limit <= 1)
		return XBR_PASS_TTL;

	c->pos = ip6 + 1;
	*ip6p = ip6;
	return PARSE_OK;
}

#endif /* XBR_PARSE_H */
