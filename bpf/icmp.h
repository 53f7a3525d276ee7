/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ICMP errors built in XDP, for when the kernel has no route to answer with
 * (plain `xbr attach`): time exceeded, fragmentation needed / packet too
 * big, and ICMPv6 "beyond scope of source address". The rules are the
 * kernel's, from __icmp_send() and icmp6_send(): which packets get none,
 * the rate limits (icmp_ratelimit, icmp_ratemask, icmp_msgs_per_sec,
 * icmp_msgs_burst, their IPv6 twins), the route back to the sender and the
 * source address it gives, and the bytes: as much of the packet as fits in
 * 576 bytes (IPv4) or 1280 (IPv6), TOS "internetwork control", the
 * router's default TTL / hop limit, no DF. See docs/design.md §3.
 *
 * All of it runs on the slow path: expired and oversize packets only. The
 * entry points are global functions, verified once and kept out of the
 * forwarding path's instructions; they take the frame as it arrived, turn
 * it into the error in place (bpf_xdp_adjust_head() for the new headers in
 * front, bpf_xdp_adjust_tail() to cut the quote), and return the reason
 * and the verdict packed by icmp_result().
 */
#ifndef XBR_ICMP_H
#define XBR_ICMP_H

#include "bpf/consts.h"

#define SEC_NS 1000000000ULL

/* A global function returns one scalar: the reason, and the XDP action above it. */
static __always_inline __u32 icmp_result(__u32 reason, int action)
{
	return reason | (__u32)action << 16;
}

static __always_inline __u16 icmp_csum_fold(__u64 s)
{
	s = (s & 0xffffffff) + (s >> 32);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)s;
}

/* Largest ICMP message (header + quote) summed: IPv6's 1280 − 40. */
#define ICMP_SUM_MAX (ICMP6_ERROR_MAX - IPV6_HDR_LEN)

/*
 * One's complement sum (RFC 1071) of len bytes of the frame from off, in
 * network order as 16-bit words, not folded. off is where an ICMP header
 * starts: 14 + 20 or 14 + 40.
 */
__attribute__((noinline)) __u64 xbr_icmp_csum(struct xdp_md *ctx, __u64 off, __u64 len)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 sum = 0;
	__u8 *p;
	__u32 i;

	/* 64-bit arguments: a 32-bit one is zero-extended again after the check, unbounded. */
	if (off > ETH_HLEN + IPV6_HDR_LEN || len > ICMP_SUM_MAX)
		return 0;
	p = data + off;
	for (i = 0; i < ICMP_SUM_MAX / 4; i++) {
		if (i * 4 + 4 > len || (void *)(p + 4) > end)
			break;
		sum += *(__u32 *)p;
		p += 4;
	}
	/* The last 1..3 bytes, the odd one padded with zero (RFC 1071). */
	if (i * 4 + 2 <= len && (void *)(p + 2) <= end) {
		sum += *(__u16 *)p;
		p += 2;
		i = i * 4 + 2;
	} else {
		i = i * 4;
	}
	if (i < len && (void *)(p + 1) <= end)
		sum += *p; /* the high byte of a word, as stored (network order) */
	return sum;
}

/* ---- rate limits: the kernel's icmp_global_allow() and inet_peer_xrlim_allow() ---- */

/* Is the bucket for all senders not empty (refilled if it may be)? */
static __always_inline bool icmp_global_allow(const struct xbr_settings *cfg, __u64 now)
{
	struct xbr_icmp_rate *g;
	__u32 key = 0;
	__u64 delta, incr;
	bool ok = true;

	g = bpf_map_lookup_elem(&icmp_rate, &key);
	if (!g)
		return true;
	bpf_spin_lock(&g->lock);
	if (g->credit <= 0) {
		delta = now - g->stamp_ns;
		if (!g->stamp_ns || delta > SEC_NS)
			delta = SEC_NS;
		incr = delta < SEC_NS / 50 ? 0 : cfg->icmp_msgs_per_sec * delta / SEC_NS;
		if (!incr) {
			ok = false;
		} else {
			__s64 c = g->credit + (__s64)incr;

			g->stamp_ns = now;
			g->credit =
				c > cfg->icmp_msgs_burst ? (__s32)cfg->icmp_msgs_burst : (__s32)c;
		}
	}
	bpf_spin_unlock(&g->lock);
	return ok;
}

/* One error sent: its credit. (The kernel takes 0, 1 or 2 at random, 1 on average.) */
static __always_inline void icmp_global_consume(void)
{
	struct xbr_icmp_rate *g;
	__u32 key = 0;

	g = bpf_map_lookup_elem(&icmp_rate, &key);
	if (!g)
		return;
	bpf_spin_lock(&g->lock);
	g->credit--;
	bpf_spin_unlock(&g->lock);
}

/*
 * The sender's own bucket. A new one is as inet_getpeer() makes it: last
 * refilled 60 s ago, so that it starts with 60 s, or XBR_ICMP_BURST errors'
 * worth if that is less.
 */
static __always_inline bool icmp_peer_allow(__u32 family, const void *addr, __u64 timeout,
					    __u64 now)
{
	struct xbr_icmp_peer_key key = { .family = family };
	struct xbr_icmp_peer *peer, fresh = { .last_ns = now };
	__u64 tokens, cap = XBR_ICMP_BURST * timeout;
	bool ok;

	__builtin_memcpy(key.addr, addr, family == AF_INET ? 4 : 16);
	peer = bpf_map_lookup_elem(&icmp_peers, &key);
	if (!peer) {
		tokens = 60 * SEC_NS < cap ? 60 * SEC_NS : cap;
		ok = tokens >= timeout;
		fresh.tokens_ns = ok ? tokens - timeout : tokens;
		bpf_map_update_elem(&icmp_peers, &key, &fresh, BPF_ANY);
		return ok;
	}
	tokens = peer->tokens_ns + (now - peer->last_ns);
	peer->last_ns = now;
	if (tokens > cap)
		tokens = cap;
	if (tokens < timeout) {
		peer->tokens_ns = tokens;
		return false;
	}
	peer->tokens_ns = tokens - timeout;
	return true;
}

/*
 * Does the error's type fall under the rate limits, and do they let it
 * through? As the kernel: types outside the ratemask, and IPv4
 * fragmentation needed ("don't limit PMTU discovery"), are never limited;
 * the others need credit in the bucket for all senders, then in the
 * sender's (when the per-sender limit is not 0); only then is a credit
 * taken from the first.
 */
static __always_inline bool icmp_rate_allow(const struct xbr_settings *cfg, __u32 family, __u8 type,
					    __u8 code, const void *sender)
{
	__u64 now = bpf_ktime_get_coarse_ns(), timeout;
	__u32 mask;

	if (family == AF_INET) {
		if (type > NR_ICMP_TYPES || (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED))
			return true;
		mask = cfg->icmp_ratemask;
		timeout = (__u64)cfg->icmp_ratelimit_ms * 1000000;
	} else {
		mask = cfg->icmp6_ratemask;
		/*
		 * icmpv6_xrlim_allow() gives wider prefixes more: the limit is
		 * shifted right by (128 − the prefix length of the route to the
		 * sender) / 32. Taken here for a /33../64 route, as a connected
		 * /64 network is.
		 */
		timeout = ((__u64)cfg->icmp6_ratelimit_ms * 1000000) >> 2;
	}
	if (type >= 32 || !((mask >> type) & 1))
		return true;
	if (!icmp_global_allow(cfg, now))
		return false;
	if (timeout && !icmp_peer_allow(family, sender, timeout, now))
		return false;
	icmp_global_consume();
	return true;
}

/* ---- the way back ------------------------------------------------------------- */

/*
 * The route to the sender, as icmp_route_lookup() / icmpv6_route_lookup()
 * take it, with the source address it gives: a unicast route and a
 * resolved next hop, or no error is sent. A sender inside a backup
 * destination is reached through its backup router, as the kernel would
 * with the destinations as routes (the trie's defer entries say where a
 * kernel route takes precedence); any other through the kernel's FIB (the
 * route's preferred source, else the address chosen for it). Returns
 * PARSE_OK, XBR_DROP_NO_ICMP (no unicast way back: the kernel sends nothing
 * either), or XBR_PASS_ICMP_UNRESOLVED (the next hop needs resolving: the
 * kernel does that).
 */
static __always_inline __u32 icmp_route(struct xdp_md *ctx, struct bpf_fib_lookup *fib)
{
	const struct xbr_gateway *gw = NULL;
	const struct xbr_route *route;
	bool on_link = fib->family == AF_INET6 &&
		       ipv6_addr_is_link_local((const struct in6_addr *)fib->ipv6_dst);
	long rc;

	if (fib->family == AF_INET) {
		struct xbr_lpm_v4 key = { .prefixlen = 32 };

		__builtin_memcpy(key.addr, &fib->ipv4_dst, 4);
		/* 127/8 is the kernel's local table's, which the trie does not mirror. */
		route = key.addr[0] == 127 ? NULL : bpf_map_lookup_elem(&routes_v4, &key);
	} else {
		struct xbr_lpm_v6 key = { .prefixlen = 128 };

		__builtin_memcpy(key.addr, fib->ipv6_dst, 16);
		route = bpf_map_lookup_elem(&routes_v6, &key);
	}
	/*
	 * A link-local sender is on the ingress link, whatever the destinations
	 * say, at the MAC it sent from; the error comes from the link's own
	 * link-local address (icmp6_send() chooses on the ingress interface).
	 * bpf_fib_lookup() does not look up link-local addresses.
	 */
	if (on_link) {
		__u32 ifindex = ctx->ingress_ifindex;
		const struct xbr_iface *iface = bpf_map_lookup_elem(&ifaces, &ifindex);
		const struct xbr_iface_v6 *v6 = bpf_map_lookup_elem(&iface_v6, &ifindex);
		void *data = (void *)(long)ctx->data;
		struct ethhdr *eth = data;

		if (!iface || !v6 || (void *)(eth + 1) > (void *)(long)ctx->data_end)
			return XBR_DROP_NO_ICMP;
		fib->ifindex = ifindex;
		__builtin_memcpy(fib->dmac, eth->h_source, ETH_ALEN);
		__builtin_memcpy(fib->smac, iface->mac, ETH_ALEN);
		__builtin_memcpy(fib->ipv6_src, v6->link_local, 16);
		return PARSE_OK;
	}
	if (route && route->action == XBR_ROUTE_FORWARD) {
		__u32 slot = route->gateway;

		gw = bpf_map_lookup_elem(&gateways, &slot);
		if (!gw || !gw->configured)
			return XBR_DROP_NO_ICMP;
		if (!gw->resolved)
			return XBR_PASS_ICMP_UNRESOLVED;
		fib->ifindex = gw->egress_ifindex;
		__builtin_memcpy(fib->smac, gw->src_mac, ETH_ALEN);
		__builtin_memcpy(fib->dmac, gw->mac, ETH_ALEN);
		__builtin_memcpy(fib->ipv6_src, gw->src_addr, 16);
		return PARSE_OK;
	}

	fib->ifindex = ctx->ingress_ifindex;
	rc = bpf_fib_lookup(ctx, fib, sizeof(*fib), BPF_FIB_LOOKUP_SRC);
	if (rc == BPF_FIB_LKUP_RET_SUCCESS)
		return PARSE_OK;
	if (rc == BPF_FIB_LKUP_RET_NO_NEIGH)
		return XBR_PASS_ICMP_UNRESOLVED;
	return XBR_DROP_NO_ICMP;
}

/* Out of the ingress interface, or into the one the route back names. */
static __always_inline int icmp_xmit(struct xdp_md *ctx, __u32 ifindex)
{
	if (ifindex == ctx->ingress_ifindex)
		return XDP_TX;
	return bpf_redirect(ifindex, 0);
}

/*
 * The frame made into the error's: hdr_len bytes of new headers in front of
 * the packet as it came, which is cut to its first quote bytes, and the
 * Ethernet header of the way back. False when the frame cannot be reshaped.
 * The packet pointers are then to be taken again.
 */
static __always_inline bool icmp_reshape(struct xdp_md *ctx, __u32 hdr_len, __u32 quote,
					 const struct bpf_fib_lookup *fib, __be16 proto)
{
	__u32 len = ctx->data_end - ctx->data;
	struct ethhdr *eth;

	if (bpf_xdp_adjust_head(ctx, -(int)hdr_len))
		return false;
	if (bpf_xdp_adjust_tail(ctx, (int)(ETH_HLEN + quote) - (int)len))
		return false;
	eth = (void *)(long)ctx->data;
	if ((void *)(eth + 1) > (void *)(long)ctx->data_end)
		return false;
	__builtin_memcpy(eth->h_dest, fib->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib->smac, ETH_ALEN);
	eth->h_proto = proto;
	return true;
}

static __always_inline const struct xbr_settings *settings_get(void)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(&settings, &key);
}

/* ---- IPv4 -------------------------------------------------------------------------- */

/* ICMP types that are errors (icmp_pointers[].error): 1..7, 9..12. */
#define ICMP_ERROR_TYPES 0x1efeU

/*
 * RFC 1122 3.2.2, as __icmp_send(): no error about a fragment other than
 * the first, nor about an ICMP error (or an ICMP message too short to tell,
 * or of a type the kernel does not know).
 */
static __always_inline bool icmp4_eligible(const struct iphdr *iph, const void *end)
{
	const __u8 *inner = (const __u8 *)(iph + 1);

	if (iph->frag_off & bpf_htons(IP_OFFSET))
		return false;
	if (iph->protocol != IPPROTO_ICMP)
		return true;
	if (bpf_ntohs(iph->tot_len) <= IPV4_HDR_LEN || (const void *)(inner + 1) > end)
		return false;
	return *inner <= NR_ICMP_TYPES && !((ICMP_ERROR_TYPES >> *inner) & 1);
}

/*
 * The IPv4 packet of the frame (20-byte header, checked by ipv4_parse()
 * and ipv4_checks()) answered with ICMP type/code; info is the MTU of
 * fragmentation needed, else 0. Returns icmp_result().
 */
__attribute__((noinline)) __u32 xbr_icmp4_error(struct xdp_md *ctx, __u32 type, __u32 code,
						__u32 info, __u32 sent_reason)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct bpf_fib_lookup fib = { .family = AF_INET };
	const struct xbr_settings *cfg = settings_get();
	struct iphdr *iph = data + ETH_HLEN, *ip;
	struct icmphdr *icmp;
	__u32 tot_len, quote, reason, saddr, sender;
	__u64 sum;
	__u8 tos;
	int action;

	if ((void *)(iph + 1) > end || !cfg)
		return icmp_result(XBR_DROP_NO_ICMP, XDP_DROP);
	if (!icmp4_eligible(iph, end))
		return icmp_result(XBR_DROP_NO_ICMP, XDP_DROP);
	sender = iph->saddr;
	tos = iph->tos;
	tot_len = bpf_ntohs(iph->tot_len);
	fib.ipv4_dst = sender;
	reason = icmp_route(ctx, &fib);
	if (reason != PARSE_OK)
		return icmp_result(reason, reason == XBR_DROP_NO_ICMP ? XDP_DROP : XDP_PASS);
	if (!icmp_rate_allow(cfg, AF_INET, type, code, &sender))
		return icmp_result(XBR_DROP_ICMP_RATELIMIT, XDP_DROP);
	saddr = fib.ipv4_src ? fib.ipv4_src : bpf_htonl(INADDR_DUMMY);

	/* The quote: the packet as it came, no more than the 576-byte error holds. */
	quote = tot_len;
	if (quote > ICMP_ERROR_MAX - IPV4_HDR_LEN - sizeof(*icmp))
		quote = ICMP_ERROR_MAX - IPV4_HDR_LEN - sizeof(*icmp);
	if (!icmp_reshape(ctx, IPV4_HDR_LEN + sizeof(*icmp), quote, &fib, bpf_htons(ETH_P_IP)))
		return icmp_result(XBR_DROP_NO_ICMP, XDP_DROP);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	ip = data + ETH_HLEN;
	icmp = (void *)(ip + 1);
	if ((void *)(icmp + 1) > end)
		return icmp_result(XBR_DROP_NO_ICMP, XDP_DROP);

	*(__u8 *)ip = IPV4_VER_IHL_PLAIN;
	ip->tos = (tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL;
	ip->tot_len = bpf_htons(IPV4_HDR_LEN + sizeof(*icmp) + quote);
	ip->id = (__be16)bpf_get_prandom_u32();
	ip->frag_off = 0;
	ip->ttl = cfg->ip_default_ttl;
	ip->protocol = IPPROTO_ICMP;
	ip->check = 0;
	ip->saddr = saddr;
	ip->daddr = sender;
	ip->check = ~icmp_csum_fold((__u64)((__u32 *)ip)[0] + ((__u32 *)ip)[1] + ((__u32 *)ip)[2] +
				    ((__u32 *)ip)[3] + ((__u32 *)ip)[4]);

	icmp->type = type;
	icmp->code = code;
	icmp->checksum = 0;
	icmp->un.gateway = bpf_htonl(info);
	sum = xbr_icmp_csum(ctx, ETH_HLEN + IPV4_HDR_LEN, sizeof(*icmp) + quote);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	icmp = data + ETH_HLEN + IPV4_HDR_LEN;
	if ((void *)(icmp + 1) > end)
		return icmp_result(XBR_DROP_NO_ICMP, XDP_DROP);
	icmp->checksum = ~icmp_csum_fold(sum);

	action = icmp_xmit(ctx, fib.ifindex);
	return icmp_result(sent_reason, action);
}

/* ---- IPv6 -------------------------------------------------------------------------- */

/* Extension headers is_ineligible() walks through, as ipv6_skip_exthdr() does. */
#define IPV6_EXTHDR_MAX 256

static __always_inline bool ipv6_ext_hdr(__u8 nexthdr)
{
	return nexthdr == NEXTHDR_HOP || nexthdr == NEXTHDR_ROUTING ||
	       nexthdr == NEXTHDR_FRAGMENT || nexthdr == NEXTHDR_AUTH || nexthdr == NEXTHDR_NONE ||
	       nexthdr == NEXTHDR_DEST;
}

/* The walk's state, for bpf_loop(): one callback, verified once, per header. */
struct exthdr_walk {
	struct xdp_md *ctx;
	__u32 off;	/* of the header to look at, from the IPv6 header */
	__u32 len;	/* of the IPv6 packet */
	__u16 frag_off; /* of the last fragment header, host order */
	__u8 nexthdr;
	__u8 state; /* WALK_* */
};

enum { WALK_ON, WALK_DONE, WALK_FAILED };

static long exthdr_step(__u32 i, void *arg)
{
	struct exthdr_walk *w = arg;
	__u8 h[4];
	__u32 hdrlen;

	if (!ipv6_ext_hdr(w->nexthdr)) {
		w->state = WALK_DONE;
		return 1;
	}
	if (w->nexthdr == NEXTHDR_NONE || w->off + 4 > w->len ||
	    bpf_xdp_load_bytes(w->ctx, ETH_HLEN + w->off, h, sizeof(h))) {
		w->state = WALK_FAILED; /* ipv6_skip_exthdr() fails */
		return 1;
	}
	if (w->nexthdr == NEXTHDR_FRAGMENT) {
		w->frag_off = (__u16)h[2] << 8 | h[3];
		if (w->frag_off & ~0x7) {
			w->state = WALK_DONE; /* a non-first fragment: nexthdr stays "fragment" */
			return 1;
		}
		hdrlen = 8;
	} else if (w->nexthdr == NEXTHDR_AUTH) {
		hdrlen = ((__u32)h[1] + 2) << 2;
	} else {
		hdrlen = ((__u32)h[1] + 1) << 3;
	}
	w->nexthdr = h[0];
	w->off += hdrlen;
	return 0;
}

/*
 * RFC 4443 2.4(e), as icmp6_send()'s is_ineligible(): no error about an
 * ICMPv6 error, nor about an ICMPv6 message whose type is not in the packet
 * (unless a non-first fragment). A chain longer than IPV6_EXTHDR_MAX
 * headers gets no error.
 */
static __always_inline bool icmp6_eligible(struct xdp_md *ctx, const struct ipv6hdr *ip6)
{
	struct exthdr_walk w = {
		.ctx = ctx,
		.off = IPV6_HDR_LEN,
		.len = ipv6_packet_len(ip6),
		.nexthdr = ip6->nexthdr,
	};
	__u8 type;

	bpf_loop(IPV6_EXTHDR_MAX, exthdr_step, &w, 0);
	if (w.state == WALK_FAILED)
		return true;
	if (w.state != WALK_DONE)
		return false;
	if (w.nexthdr != IPPROTO_ICMPV6)
		return true;
	if (w.off >= w.len || bpf_xdp_load_bytes(ctx, ETH_HLEN + w.off, &type, 1))
		return w.frag_off != 0;
	return (type & ICMPV6_INFOMSG_MASK) != 0;
}

/*
 * The IPv6 packet of the frame answered with ICMPv6 type/code; info is the
 * MTU of packet too big, else 0. Returns icmp_result().
 */
__attribute__((noinline)) __u32 xbr_icmp6_error(struct xdp_md *ctx, __u32 type, __u32 code,
						__u32 info, __u32 sent_reason)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct bpf_fib_lookup fib = { .family = AF_INET6 };
	const struct xbr_settings *cfg = settings_get();
	struct ipv6hdr *ip6 = data + ETH_HLEN, *ip;
	struct in6_addr sender;
	struct icmp6hdr *icmp;
	__u32 quote, reason, i;
	__u64 sum;
	int action;

	if ((void *)(ip6 + 1) > end || !cfg)
		return icmp_result(XBR_DROP_NO_ICMP, XDP_DROP);
	/* No error to :: or a multicast source: it names no single node (RFC 4443 2.4). */
	if (ipv6_addr_is_multicast(&ip6->saddr) || ipv6_addr_any(&ip6->saddr))
		return icmp_result(XBR_DROP_NO_ICMP, XDP_DROP);
	if (!icmp6_eligible(ctx, ip6))
		return icmp_result(XBR_DROP_NO_ICMP, XDP_DROP);
	sender = ip6->saddr;
	quote = ipv6_packet_len(ip6);
	__builtin_memcpy(fib.ipv6_dst, &sender, sizeof(sender));
	reason = icmp_route(ctx, &fib);
	if (reason != PARSE_OK)
		return icmp_result(reason, reason == XBR_DROP_NO_ICMP ? XDP_DROP : XDP_PASS);
	/* icmp6_send(): the source is chosen on the ingress interface (RFC 6724 rule 5). */
	if (!ipv6_addr_is_link_local(&sender)) {
		__u32 ifindex = ctx->ingress_ifindex;
		const struct xbr_iface_v6 *v6 = bpf_map_lookup_elem(&iface_v6, &ifindex);

		if (v6 && !ipv6_addr_any((const struct in6_addr *)v6->global))
			__builtin_memcpy(fib.ipv6_src, v6->global, 16);
	}
	/* No address to send from: ip6_route_output() would find none either. */
	if (ipv6_addr_any((const struct in6_addr *)fib.ipv6_src))
		return icmp_result(XBR_DROP_NO_ICMP, XDP_DROP);
	if (!icmp_rate_allow(cfg, AF_INET6, type, code, &sender))
		return icmp_result(XBR_DROP_ICMP_RATELIMIT, XDP_DROP);

	if (quote > ICMP6_ERROR_MAX - IPV6_HDR_LEN - sizeof(*icmp))
		quote = ICMP6_ERROR_MAX - IPV6_HDR_LEN - sizeof(*icmp);
	if (!icmp_reshape(ctx, IPV6_HDR_LEN + sizeof(*icmp), quote, &fib, bpf_htons(ETH_P_IPV6)))
		return icmp_result(XBR_DROP_NO_ICMP, XDP_DROP);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	ip = data + ETH_HLEN;
	icmp = (void *)(ip + 1);
	if ((void *)(icmp + 1) > end)
		return icmp_result(XBR_DROP_NO_ICMP, XDP_DROP);

	/* Traffic class 0, flow label 0 (the kernel hashes one from the flow). */
	*(__u32 *)ip = bpf_htonl(0x60000000);
	ip->payload_len = bpf_htons(sizeof(*icmp) + quote);
	ip->nexthdr = IPPROTO_ICMPV6;
	ip->hop_limit = cfg->ip6_hop_limit;
	__builtin_memcpy(&ip->saddr, fib.ipv6_src, sizeof(ip->saddr));
	ip->daddr = sender;

	icmp->icmp6_type = type;
	icmp->icmp6_code = code;
	icmp->icmp6_cksum = 0;
	icmp->icmp6_dataun.un_data32[0] = bpf_htonl(info);

	/* RFC 8200 8.1: the pseudo-header, then the message. */
	sum = (__u64)bpf_htonl(sizeof(*icmp) + quote) + bpf_htonl(IPPROTO_ICMPV6);
	for (i = 0; i < 4; i++)
		sum += (__u64)ip->saddr.in6_u.u6_addr32[i] + ip->daddr.in6_u.u6_addr32[i];
	sum += xbr_icmp_csum(ctx, ETH_HLEN + IPV6_HDR_LEN, sizeof(*icmp) + quote);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	icmp = data + ETH_HLEN + IPV6_HDR_LEN;
	if ((void *)(icmp + 1) > end)
		return icmp_result(XBR_DROP_NO_ICMP, XDP_DROP);
	icmp->icmp6_cksum = ~icmp_csum_fold(sum);

	action = icmp_xmit(ctx, fib.ifindex);
	return icmp_result(sent_reason, action);
}

#endif /* XBR_ICMP_H */
