/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The per-packet decision (docs/design.md §3), as one inline function, xbr_datapath(),
 * so that the XDP program (xbr.bpf.c) and its benchmark harness
 * (bench/progs/xbr_bench.bpf.c) run the very same code.
 *
 * Every packet leaves through xbr_exit(), which counts it under exactly one
 * enum xbr_reason: the first check it fails. Anything not forwarded is
 * XDP_PASS, untouched: the kernel stays in charge of everything we do not
 * understand. No loops, no locks, no allocation.
 *
 * Checks run cheapest first, so that the packets that are not forwarded, all
 * of them while rpd is up, cost as little as possible: header checks, then
 * liveness (an array the verifier inlines), the LPM lookup, and only for a
 * backup destination the lookup of the ingress interface to see that the
 * frame was addressed to us, then (with --allow-from) the source's LPM
 * lookup. A frame for another host is therefore counted as not_ours only
 * when it would have been forwarded; otherwise under the reason that
 * stopped it first.
 */
#ifndef XBR_DATAPATH_H
#define XBR_DATAPATH_H

#include "maps/xbr_maps.bpf.h"
#include "bpf/parse.h"
#include "bpf/rewrite.h"
#include "bpf/checks.h"
#include "bpf/icmp.h"

/*
 * The heartbeat's clock: CLOCK_MONOTONIC at tick resolution, the same clock
 * as heartbeat_ns, and at most one tick late on a deadline of seconds. It
 * moves only at a tick, so it is read (a helper call) once per tick on each
 * CPU and kept with the jiffies it was read at: bpf_jiffies64() is inlined,
 * one load. A reading that has not moved although jiffies did is not kept:
 * the tick has counted jiffies but not yet the clock.
 */
static __always_inline __u64 liveness_now(void)
{
	struct xbr_clock *k;
	__u64 jiffies = bpf_jiffies64(), t;
	__u32 key = 0;

	k = bpf_map_lookup_elem(&liveness_clock, &key);
	if (k && k->jiffies == jiffies)
		return k->coarse_ns;
	t = bpf_ktime_get_coarse_ns();
	if (k && t != k->coarse_ns) {
		k->jiffies = jiffies;
		k->coarse_ns = t;
	}
	return t;
}

/* The liveness rule of maps/xbr_maps.h on the rpd_liveness map. */
static __always_inline bool liveness_in_effect(void)
{
	const struct xbr_liveness *l;
	__u32 key = 0;

	l = bpf_map_lookup_elem(&rpd_liveness, &key);
	if (!l)
		return true; /* cannot happen (array), but fail safe like XBR_RPD_UNKNOWN */
	return xbr_liveness_in_effect(l, liveness_now);
}

static __always_inline void route_cache_missed(__u32 family)
{
	__u64 *n = bpf_map_lookup_elem(&route_cache_misses, &family);

	if (n)
		(*n)++;
}

static __always_inline __u64 route_gen_now(void)
{
	const struct xbr_route_gen *g;
	__u32 key = 0;

	g = bpf_map_lookup_elem(&route_gen, &key);
	return g ? g->gen : 0;
}

/*
 * The trie's answer for a destination: from this CPU's cache when it holds
 * one of the current generation, else from the trie, then kept. NULL: no
 * entry. The generation is read before the trie, so that an answer kept
 * under it was found after every change that generation follows.
 */
static __always_inline const struct xbr_route *route_lookup_v4(const struct iphdr *iph)
{
	struct xbr_lpm_v4 key = { .prefixlen = 32 };
	const struct xbr_route *route;
	struct xbr_cache_v4 *e;
	__u64 gen = route_gen_now();
	__u32 slot = (iph->daddr * 0x9e3779b1U) >> (32 - XBR_CACHE_BITS);

	e = bpf_map_lookup_elem(&route_cache_v4, &slot);
	if (!e)
		return NULL; /* cannot happen: the slot is in range */
	if (e->gen == gen && *(__u32 *)e->addr == iph->daddr && gen)
		return e->found ? &e->route : NULL;
	__builtin_memcpy(key.addr, &iph->daddr, sizeof(key.addr));
	route = bpf_map_lookup_elem(&routes_v4, &key);
	if (!gen)
		return route;
	route_cache_missed(0);
	if (route)
		e->route = *route;
	e->found = route != NULL;
	*(__u32 *)e->addr = iph->daddr;
	e->gen = gen;
	return route;
}

static __always_inline const struct xbr_route *route_lookup_v6(const struct ipv6hdr *ip6)
{
	struct xbr_lpm_v6 key = { .prefixlen = 128 };
	const struct xbr_route *route;
	struct xbr_cache_v6 *e;
	__u64 gen = route_gen_now();
	const __u32 *a = ip6->daddr.in6_u.u6_addr32;
	__u32 slot = ((a[0] ^ a[1] ^ a[2] ^ a[3]) * 0x9e3779b1U) >> (32 - XBR_CACHE_BITS);
	__u32 *k;

	e = bpf_map_lookup_elem(&route_cache_v6, &slot);
	if (!e)
		return NULL;
	k = (__u32 *)e->addr;
	if (e->gen == gen && gen && k[0] == a[0] && k[1] == a[1] && k[2] == a[2] && k[3] == a[3])
		return e->found ? &e->route : NULL;
	__builtin_memcpy(key.addr, &ip6->daddr, sizeof(key.addr));
	route = bpf_map_lookup_elem(&routes_v6, &key);
	if (!gen)
		return route;
	route_cache_missed(1);
	if (route)
		e->route = *route;
	e->found = route != NULL;
	__builtin_memcpy(e->addr, &ip6->daddr, sizeof(e->addr));
	e->gen = gen;
	return route;
}

/*
 * A FORWARD hit, on a frame sent to the MAC of an interface we are attached
 * to? Returns PARSE_OK and *ifacep, or the reason it is not.
 */
static __always_inline __u32 route_ours(const struct xbr_route *route, const struct ethhdr *eth,
					__u32 ifindex, const struct xbr_iface **ifacep)
{
	const struct xbr_iface *iface;

	if (!route)
		return XBR_PASS_NO_ROUTE;
	if (route->action != XBR_ROUTE_FORWARD)
		return XBR_PASS_DEFER; /* and any action this program does not know */

	iface = bpf_map_lookup_elem(&ifaces, &ifindex);
	if (!iface || !iface->prog_id)
		return XBR_PASS_NOT_IFACE;
	if (!eth_addr_equal(eth->h_dest, iface->mac))
		return XBR_PASS_NOT_OURS;
	*ifacep = iface;
	return PARSE_OK;
}

/*
 * --allow-from: only here, once a packet would be forwarded, and only when
 * a list is set, is its source looked up: no other packet pays for it.
 */
static __always_inline bool source_allowed_v4(const struct xbr_iface *iface,
					      const struct iphdr *iph)
{
	struct xbr_lpm_v4 key = { .prefixlen = 32 };

	if (!(iface->flags & XBR_IFACE_F_ALLOW_LIST))
		return true;
	__builtin_memcpy(key.addr, &iph->saddr, sizeof(key.addr));
	return bpf_map_lookup_elem(&allow_v4, &key) != NULL;
}

static __always_inline bool source_allowed_v6(const struct xbr_iface *iface,
					      const struct ipv6hdr *ip6)
{
	struct xbr_lpm_v6 key = { .prefixlen = 128 };

	if (!(iface->flags & XBR_IFACE_F_ALLOW_LIST))
		return true;
	__builtin_memcpy(key.addr, &ip6->saddr, sizeof(key.addr));
	return bpf_map_lookup_elem(&allow_v6, &key) != NULL;
}

/* The route's gateway slot, if it holds a backup router; NULL otherwise. */
static __always_inline const struct xbr_gateway *gateway_get(const struct xbr_route *route)
{
	const struct xbr_gateway *gw;
	__u32 slot = route->gateway;

	gw = bpf_map_lookup_elem(&gateways, &slot);
	if (!gw || !gw->configured)
		return NULL;
	return gw;
}

/*
 * From a resolved gateway to a verdict: the part both families share.
 * Returns the reason; on XBR_FWD_* sets *action.
 */
static __always_inline __u32 gateway_forward(const struct xbr_gateway *gw, __u32 ifindex,
					     int *action)
{
	__u32 egress = gw->egress_ifindex;

	if (!gw->resolved)
		return XBR_PASS_UNRESOLVED;
	if (egress == ifindex) {
		*action = XDP_TX;
		return XBR_FWD_TX;
	}
	/*
	 * bpf_redirect_map() only records the target; the frame is sent after
	 * we return. Calling it before the rewrite makes its own devmap lookup
	 * the presence check: a missing egress leaves the packet untouched for
	 * the kernel, with no second lookup and no window for the entry to
	 * vanish in between.
	 */
	*action = bpf_redirect_map(&egress_ports, egress, XDP_PASS);
	if (*action != XDP_REDIRECT)
		return XBR_PASS_NO_EGRESS;
	return XBR_FWD_REDIRECT;
}

/* The kernel has the backup destinations as routes (xbr run --install-routes)? */
static __always_inline bool kernel_has_routes(void)
{
	const struct xbr_settings *cfg = settings_get();

	return cfg && (cfg->flags & XBR_SETTINGS_F_KERNEL_ROUTES);
}

/*
 * What the kernel's forwarding path must do itself (IPv4 options, IPv6
 * hop-by-hop options, fragmentation): the kernel's when it has the route;
 * otherwise nothing can do it as Linux would, and the packet is dropped,
 * counted under drop (docs/design.md §3).
 */
static __always_inline __u32 kernel_or_drop(__u32 pass, __u32 drop, int *action)
{
	if (kernel_has_routes())
		return pass;
	*action = XDP_DROP;
	return drop;
}

/*
 * An ICMP error is due. The kernel sends it when it has the route (pass);
 * otherwise xbr does, from the global functions of bpf/icmp.h.
 */
static __always_inline __u32 answer_v4(struct xdp_md *ctx, __u32 type, __u32 code, __u32 info,
				       __u32 sent, __u32 pass, int *action)
{
	__u32 r;

	if (kernel_has_routes())
		return pass;
	r = xbr_icmp4_error(ctx, type, code, info, sent);
	*action = (int)(r >> 16);
	return r & 0xffff;
}

static __always_inline __u32 answer_v6(struct xdp_md *ctx, __u32 type, __u32 code, __u32 info,
				       __u32 sent, __u32 pass, int *action)
{
	__u32 r;

	if (kernel_has_routes())
		return pass;
	r = xbr_icmp6_error(ctx, type, code, info, sent);
	*action = (int)(r >> 16);
	return r & 0xffff;
}

/* Interface flags that send a packet of the family to the exception path. */
#define SLOW_FLAGS_V4                                                           \
	(XBR_IFACE_F_ALLOW_LIST | XBR_IFACE_F_NO_FWD4 | XBR_IFACE_F_RP_STRICT | \
	 XBR_IFACE_F_RP_LOOSE)
#define SLOW_FLAGS_V6 (XBR_IFACE_F_ALLOW_LIST | XBR_IFACE_F_NO_FWD6)

/*
 * The exceptions of IPv4 forwarding, in the kernel's order (ip_rcv_core,
 * ip_route_input_slow, fib_validate_source, ip_rcv_options, ip_forward):
 * header checksum, martians, forwarding off, source validation, options,
 * then TTL and MTU. --allow-from comes before what xbr would answer itself,
 * so that a source the list leaves to the kernel's firewall is the
 * kernel's alone. Returns the reason, or PARSE_OK when the packet is to be
 * forwarded after all. Out of line: the forwarding path only tests whether
 * it needs this, and keeps its registers.
 */
static __attribute__((noinline)) __u32 exceptions_v4(struct xdp_md *ctx,
						     const struct xbr_iface *iface,
						     const struct xbr_gateway *gw, int *action)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct iphdr *iph = data + ETH_HLEN;
	__u32 len;

	if ((void *)(iph + 1) > end)
		return XBR_PASS_MALFORMED; /* cannot happen: parsed before */
	if (*(__u8 *)iph != IPV4_VER_IHL_PLAIN)
		return kernel_or_drop(XBR_PASS_IP_OPTIONS, XBR_DROP_IP_OPTIONS, action);
	if (!ipv4_csum_ok(iph))
		return XBR_PASS_BAD_CSUM;
	if (ipv4_martian(iph, iface->flags))
		return XBR_PASS_MARTIAN;
	if (iface->flags & XBR_IFACE_F_NO_FWD4)
		return drop(XBR_DROP_NOT_FORWARDING, action);
	if ((iface->flags & (XBR_IFACE_F_RP_STRICT | XBR_IFACE_F_RP_LOOSE)) &&
	    !ipv4_rp_filter_ok(ctx, iph, iface->flags))
		return drop(XBR_DROP_MARTIAN, action);
	if (ipv4_source_local(iface, iph))
		return drop(XBR_DROP_MARTIAN, action);
	if (!source_allowed_v4(iface, iph))
		return XBR_PASS_NOT_ALLOWED;
	if (iph->ttl <= 1)
		return answer_v4(ctx, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0, XBR_ICMP_TIME_EXCEEDED,
				 XBR_PASS_TTL, action);
	if (!gw)
		return XBR_PASS_UNRESOLVED;
	len = bpf_ntohs(iph->tot_len);
	if (gw->mtu && len > gw->mtu) {
		if (!(iph->frag_off & bpf_htons(IP_DF)))
			return kernel_or_drop(XBR_PASS_TOO_BIG, XBR_DROP_NEEDS_FRAG, action);
		return answer_v4(ctx, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, gw->mtu,
				 XBR_ICMP_TOO_BIG, XBR_PASS_TOO_BIG, action);
	}
	return PARSE_OK;
}

/*
 * Does an IPv4 packet xbr would forward need exceptions_v4()? One pass of
 * cheap tests, all false for the packets that are simply forwarded.
 */
static __always_inline bool exceptional_v4(const struct iphdr *iph, const struct xbr_iface *iface,
					   const struct xbr_gateway *gw)
{
	__u32 len = bpf_ntohs(iph->tot_len);

	return *(__u8 *)iph != IPV4_VER_IHL_PLAIN || !ipv4_csum_ok(iph) ||
	       ipv4_maybe_martian(iph) || (iface->flags & SLOW_FLAGS_V4) ||
	       (iface->local_v4_bloom & (1U << xbr_local_bloom_bit((const __u8 *)iph + 12))) ||
	       iph->ttl <= 1 || !gw || (len > gw->mtu && gw->mtu);
}

/*
 * The same for IPv6 (ip6_rcv_core, ip6_forward): martians, forwarding off,
 * hop-by-hop options, hop limit, then the source rules that depend on the
 * way out, and the MTU (the loader gives the IPv6 one, at least 1280).
 */
static __attribute__((noinline)) __u32 exceptions_v6(struct xdp_md *ctx,
						     const struct xbr_iface *iface,
						     const struct xbr_gateway *gw, int *action)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ipv6hdr *ip6 = data + ETH_HLEN;
	enum ipv6_source src;
	__u32 reason, mtu;

	if ((void *)(ip6 + 1) > end)
		return XBR_PASS_MALFORMED; /* cannot happen: parsed before */
	reason = ipv6_checks(ip6, iface, &src, action);
	if (reason != PARSE_OK)
		return reason;
	if (!source_allowed_v6(iface, ip6))
		return XBR_PASS_NOT_ALLOWED;
	if (ip6->nexthdr == NEXTHDR_HOP)
		return kernel_or_drop(XBR_PASS_IP_OPTIONS, XBR_DROP_IP_OPTIONS, action);
	if (ip6->hop_limit <= 1)
		return answer_v6(ctx, ICMPV6_TIME_EXCEED, ICMPV6_EXC_HOPLIMIT, 0,
				 XBR_ICMP_TIME_EXCEEDED, XBR_PASS_TTL, action);
	if (!gw)
		return XBR_PASS_UNRESOLVED;
	/* ip6_forward(): back out of the ingress interface, the source is not judged. */
	if (src != IPV6_SRC_OK && gw->egress_ifindex != ctx->ingress_ifindex) {
		if (src == IPV6_SRC_ANY)
			return XBR_PASS_MARTIAN;
		return answer_v6(ctx, ICMPV6_DEST_UNREACH, ICMPV6_NOT_NEIGHBOUR, 0,
				 XBR_ICMP_BEYOND_SCOPE, XBR_PASS_MULTICAST, action);
	}
	mtu = gw->mtu < IPV6_MIN_MTU ? IPV6_MIN_MTU : gw->mtu;
	if (gw->mtu && ipv6_packet_len(ip6) > mtu)
		return answer_v6(ctx, ICMPV6_PKT_TOOBIG, 0, mtu, XBR_ICMP_TOO_BIG, XBR_PASS_TOO_BIG,
				 action);
	return PARSE_OK;
}

static __always_inline bool exceptional_v6(const struct ipv6hdr *ip6, const struct xbr_iface *iface,
					   const struct xbr_gateway *gw)
{
	return (iface->flags & SLOW_FLAGS_V6) || ipv6_maybe_special(ip6) ||
	       ip6->nexthdr == NEXTHDR_HOP || ip6->hop_limit <= 1 || !gw ||
	       (ipv6_packet_len(ip6) > gw->mtu && gw->mtu);
}

/*
 * One function per family, each with its own header pointer: a shared body
 * testing "iph ? ... : ip6" is merged by the compiler into a shape the
 * verifier cannot follow (it does not know a packet pointer is non-NULL).
 */
static __always_inline __u32 forward_v4(struct xdp_md *ctx, struct cursor *c, struct ethhdr *eth,
					__u32 ifindex, int *action, __u32 *dest_index)
{
	const struct xbr_iface *iface = NULL;
	const struct xbr_gateway *gw;
	const struct xbr_route *route;
	struct iphdr *iph;
	__u32 reason;

	reason = ipv4_parse(c, &iph);
	if (reason != PARSE_OK)
		return reason;
	if (!liveness_in_effect())
		return XBR_PASS_NOT_IN_EFFECT;

	route = route_lookup_v4(iph);
	reason = route_ours(route, eth, ifindex, &iface);
	if (reason != PARSE_OK)
		return reason;
	gw = gateway_get(route);
	if (exceptional_v4(iph, iface, gw)) {
		reason = exceptions_v4(ctx, iface, gw, action);
		if (reason != PARSE_OK || !gw)
			return reason;
		/* exceptions_v4() may have looked at the packet with helpers: take it again. */
		eth = (void *)(long)ctx->data;
		iph = (void *)(eth + 1);
		if ((void *)(iph + 1) > (void *)(long)ctx->data_end)
			return XBR_PASS_MALFORMED;
	}
	reason = gateway_forward(gw, ifindex, action);
	if (reason != XBR_FWD_REDIRECT && reason != XBR_FWD_TX)
		return reason;

	ipv4_decrease_ttl(iph);
	eth_rewrite(eth, gw);
	*dest_index = route->dest_index;
	return reason;
}

static __always_inline __u32 forward_v6(struct xdp_md *ctx, struct cursor *c, struct ethhdr *eth,
					__u32 ifindex, int *action, __u32 *dest_index)
{
	const struct xbr_iface *iface = NULL;
	const struct xbr_gateway *gw;
	const struct xbr_route *route;
	struct ipv6hdr *ip6;
	__u32 reason;

	reason = ipv6_parse(c, &ip6);
	if (reason != PARSE_OK)
		return reason;
	if (!liveness_in_effect())
		return XBR_PASS_NOT_IN_EFFECT;

	route = route_lookup_v6(ip6);
	reason = route_ours(route, eth, ifindex, &iface);
	if (reason != PARSE_OK)
		return reason;
	gw = gateway_get(route);
	if (exceptional_v6(ip6, iface, gw)) {
		reason = exceptions_v6(ctx, iface, gw, action);
		if (reason != PARSE_OK || !gw)
			return reason;
		eth = (void *)(long)ctx->data;
		ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > (void *)(long)ctx->data_end)
			return XBR_PASS_MALFORMED;
	}
	reason = gateway_forward(gw, ifindex, action);
	if (reason != XBR_FWD_REDIRECT && reason != XBR_FWD_TX)
		return reason;

	ipv6_decrease_hop_limit(ip6);
	eth_rewrite(eth, gw);
	*dest_index = route->dest_index;
	return reason;
}

/*
 * Decide and, when forwarding, rewrite. Returns the reason; *action and
 * *dest_index are set for forwarded packets only.
 */
static __always_inline __u32 xbr_forward(struct xdp_md *ctx, __u32 ifindex, int *action,
					 __u32 *dest_index)
{
	struct cursor c = {
		.pos = (void *)(long)ctx->data,
		.end = (void *)(long)ctx->data_end,
	};
	struct ethhdr *eth;
	int proto;

	proto = eth_parse(&c, &eth);
	if (proto < 0)
		return XBR_PASS_MALFORMED;
	if (eth_proto_is_vlan(proto))
		return vlan_tag_complete(&c) ? XBR_PASS_VLAN : XBR_PASS_MALFORMED;
	if (proto != bpf_htons(ETH_P_IP) && proto != bpf_htons(ETH_P_IPV6))
		return XBR_PASS_NOT_IP;
	/* Broadcasts and multicasts are never ours to route. */
	if (eth_addr_is_group(eth->h_dest))
		return XBR_PASS_NOT_OURS;

	if (proto == bpf_htons(ETH_P_IP))
		return forward_v4(ctx, &c, eth, ifindex, action, dest_index);
	return forward_v6(ctx, &c, eth, ifindex, action, dest_index);
}

static __always_inline void counter_add(void *map, __u32 key, __u64 bytes)
{
	struct xbr_counter *cnt = bpf_map_lookup_elem(map, &key);

	/* Per-CPU values: plain adds, no atomics needed. */
	if (cnt) {
		cnt->packets++;
		cnt->bytes += bytes;
	}
}

/*
 * The single exit: count the reason, and the destination and ingress
 * interface of a forwarded packet.
 */
static __always_inline int xbr_exit(__u32 reason, int action, __u32 dest_index, __u32 ifindex,
				    __u64 bytes)
{
	counter_add(&counters, reason, bytes);
	/* Out of range (either index): the array lookup fails and nothing is counted. */
	if (reason == XBR_FWD_REDIRECT || reason == XBR_FWD_TX) {
		counter_add(&dest_stats, dest_index, bytes);
		counter_add(&iface_stats, ifindex, bytes);
	}
	return action;
}

static __always_inline int xbr_datapath(struct xdp_md *ctx)
{
	/*
	 * Length as received, taken before an ICMP error reshapes the frame.
	 * Pointer minus pointer: the verifier allows it to programs loaded with
	 * CAP_PERFMON, as xbr's are (root).
	 */
	__u64 bytes = (void *)(long)ctx->data_end - (void *)(long)ctx->data;
	/* Read once: the verifier makes the field three dependent loads. */
	__u32 ifindex = ctx->ingress_ifindex;
	__u32 dest_index = 0;
	int action = XDP_PASS;
	__u32 reason;

	reason = xbr_forward(ctx, ifindex, &action, &dest_index);
	return xbr_exit(reason, action, dest_index, ifindex, bytes);
}

#endif /* XBR_DATAPATH_H */
