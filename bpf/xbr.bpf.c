// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr datapath: forward backup-router destinations while rpd is not up.
 * See DESIGN §3. Maps are defined in bpf/xbr_maps.bpf.h from maps/xbr_maps.h.
 *
 * Every packet leaves through xbr_exit(), which counts it under exactly one
 * enum xbr_reason. Anything not forwarded is XDP_PASS, untouched: the kernel
 * stays in charge of everything we do not understand. No loops, no locks, no
 * allocation; on a hit: one hash, two array and one LPM lookup.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpf/xbr_maps.bpf.h"
#include "bpf/parse.h"
#include "bpf/rewrite.h"

/*
 * Are the backup destinations in effect (DESIGN §5)? Always on a backup RE /
 * secondary node; otherwise while rpd is not known to be up.
 */
static __always_inline bool liveness_in_effect(void)
{
	const struct xbr_liveness *l;
	__u32 key = 0;
	__u64 age;

	l = bpf_map_lookup_elem(&XBR_MAP_LIVENESS, &key);
	if (!l)
		return true; /* cannot happen (array), but fail safe like XBR_RPD_UNKNOWN */
	if (l->role == XBR_ROLE_BACKUP)
		return true;
	if (l->override == XBR_OVERRIDE_RPD_UP)
		return false;
	if (l->override == XBR_OVERRIDE_RPD_DOWN)
		return true;
	if (l->rpd_state != XBR_RPD_UP)
		return true;
	if (l->heartbeat_timeout_ns == 0)
		return false;
	/*
	 * Signed: a heartbeat stamped a moment after we read the clock (another
	 * CPU) is fresh, not 584 years old.
	 */
	age = bpf_ktime_get_ns() - l->heartbeat_ns;
	return (__s64)age > (__s64)l->heartbeat_timeout_ns;
}

static __always_inline const struct xbr_route *route_lookup_v4(const struct iphdr *iph)
{
	struct xbr_lpm_v4 key = { .prefixlen = 32 };

	__builtin_memcpy(key.addr, &iph->daddr, sizeof(key.addr));

	return bpf_map_lookup_elem(&XBR_MAP_ROUTES_V4, &key);
}

static __always_inline const struct xbr_route *route_lookup_v6(const struct ipv6hdr *ip6)
{
	struct xbr_lpm_v6 key = { .prefixlen = 128 };

	__builtin_memcpy(key.addr, &ip6->daddr, sizeof(key.addr));
	return bpf_map_lookup_elem(&XBR_MAP_ROUTES_V6, &key);
}

/*
 * From a route lookup result to a gateway and a verdict: the part both
 * families share. Returns the reason; on XBR_FWD_* sets *gwp and *action.
 */
static __always_inline __u32 route_resolve(const struct xbr_route *route, __u32 ifindex,
					   const struct xbr_gateway **gwp, int *action)
{
	const struct xbr_gateway *gw;
	__u32 slot, egress;

	if (!route)
		return XBR_PASS_NO_ROUTE;
	if (route->action != XBR_ROUTE_FORWARD)
		return XBR_PASS_DEFER; /* and any action this program does not know */

	slot = route->gateway;
	gw = bpf_map_lookup_elem(&XBR_MAP_GATEWAYS, &slot);
	if (!gw || !gw->configured || !gw->resolved)
		return XBR_PASS_UNRESOLVED;
	*gwp = gw;

	egress = gw->egress_ifindex;
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
	*action = bpf_redirect_map(&XBR_MAP_EGRESS, egress, XDP_PASS);
	if (*action != XDP_REDIRECT)
		return XBR_PASS_NO_EGRESS;
	return XBR_FWD_REDIRECT;
}

/*
 * One function per family, each with its own header pointer: a shared body
 * testing "iph ? ... : ip6" is merged by the compiler into a shape the
 * verifier cannot follow (it does not know a packet pointer is non-NULL).
 */
static __always_inline __u32 forward_v4(struct cursor *c, struct ethhdr *eth, __u32 ifindex,
					int *action, __u32 *dest_index)
{
	const struct xbr_gateway *gw = NULL;
	const struct xbr_route *route;
	struct iphdr *iph;
	__u32 reason;

	reason = ipv4_parse(c, &iph);
	if (reason != PARSE_OK)
		return reason;
	if (!liveness_in_effect())
		return XBR_PASS_NOT_IN_EFFECT;

	route = route_lookup_v4(iph);
	reason = route_resolve(route, ifindex, &gw, action);
	if (reason != XBR_FWD_REDIRECT && reason != XBR_FWD_TX)
		return reason;

	ipv4_decrease_ttl(iph);
	eth_rewrite(eth, gw);
	*dest_index = route->dest_index;
	return reason;
}

static __always_inline __u32 forward_v6(struct cursor *c, struct ethhdr *eth, __u32 ifindex,
					int *action, __u32 *dest_index)
{
	const struct xbr_gateway *gw = NULL;
	const struct xbr_route *route;
	struct ipv6hdr *ip6;
	__u32 reason;

	reason = ipv6_parse(c, &ip6);
	if (reason != PARSE_OK)
		return reason;
	if (!liveness_in_effect())
		return XBR_PASS_NOT_IN_EFFECT;

	route = route_lookup_v6(ip6);
	reason = route_resolve(route, ifindex, &gw, action);
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
static __always_inline __u32 xbr_forward(struct xdp_md *ctx, int *action, __u32 *dest_index)
{
	struct cursor c = {
		.pos = (void *)(long)ctx->data,
		.end = (void *)(long)ctx->data_end,
	};
	const struct xbr_iface *iface;
	struct ethhdr *eth;
	__u32 ifindex;
	int proto;

	proto = eth_parse(&c, &eth);
	if (proto < 0)
		return XBR_PASS_MALFORMED;
	if (eth_proto_is_vlan(proto))
		return vlan_tag_complete(&c) ? XBR_PASS_VLAN : XBR_PASS_MALFORMED;
	if (proto != bpf_htons(ETH_P_IP) && proto != bpf_htons(ETH_P_IPV6))
		return XBR_PASS_NOT_IP;
	/* Broadcasts and multicasts are never ours to route: skip the hash lookup. */
	if (eth_addr_is_group(eth->h_dest))
		return XBR_PASS_NOT_OURS;

	ifindex = ctx->ingress_ifindex;
	iface = bpf_map_lookup_elem(&XBR_MAP_IFACES, &ifindex);
	if (!iface)
		return XBR_PASS_NOT_IFACE;
	if (!eth_addr_equal(eth->h_dest, iface->mac))
		return XBR_PASS_NOT_OURS;

	if (proto == bpf_htons(ETH_P_IP))
		return forward_v4(&c, eth, ifindex, action, dest_index);
	return forward_v6(&c, eth, ifindex, action, dest_index);
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

/* The single exit: count the reason, and the destination of a forwarded packet. */
static __always_inline int xbr_exit(__u32 reason, int action, __u32 dest_index, __u64 bytes)
{
	counter_add(&XBR_MAP_COUNTERS, reason, bytes);
	/* Out-of-range dest_index: the array lookup fails and nothing is counted. */
	if (reason == XBR_FWD_REDIRECT || reason == XBR_FWD_TX)
		counter_add(&XBR_MAP_DEST_STATS, dest_index, bytes);
	return action;
}

SEC("xdp")
int xbr_xdp(struct xdp_md *ctx)
{
	/* Length as received, before any rewrite (which never changes it anyway). */
	__u64 bytes = (void *)(long)ctx->data_end - (void *)(long)ctx->data;
	__u32 dest_index = 0;
	int action = XDP_PASS;
	__u32 reason;

	reason = xbr_forward(ctx, &action, &dest_index);
	if (reason != XBR_FWD_REDIRECT && reason != XBR_FWD_TX)
		action = XDP_PASS;
	return xbr_exit(reason, action, dest_index, bytes);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
