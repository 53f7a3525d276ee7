// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The IPv4 route lookup alone, two ways, for bench/scale.c to compare at a
 * million prefixes: the LPM trie xbr uses (routes_v4, the fixture's own map)
 * (its maps are xbr's, all handed over from the fixture) and a DIR-24
 * table, the first level of DPDK's DIR-24-8 (one array entry per
 * /24, holding the index of the longest prefix of /24 or shorter that covers
 * it; the benchmark's IPv4 prefixes are all /24 or shorter, so no second
 * level is needed). Never part of xbr: the measurement behind the choice of
 * a cache in front of the trie (docs/design.md §3.4).
 *
 * Each program takes the destination from the frame, or in the _spray
 * variants the next one of the spray table (bench/progs/bench_spray.h), and
 * returns XDP_TX for a FORWARD entry, XDP_PASS otherwise.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "maps/xbr_maps.bpf.h"
#include "bench/progs/bench_spray.bpf.h"

#define DIR24_SLOTS  (1U << 24)
#define DIR24_ROUTES (1U << 21)

/*
 * /24 → 1 + index into dir24_routes; 0: no prefix covers it. Two /24 to an
 * entry: an array's entries are 8 bytes apart, whatever their size.
 */
struct dir24_pair {
	__u32 slot[2];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, DIR24_SLOTS / 2);
	__type(key, __u32);
	__type(value, struct dir24_pair);
} dir24 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, DIR24_ROUTES);
	__type(key, __u32);
	__type(value, struct xbr_route);
} dir24_routes SEC(".maps");

/* The destination, network order: the frame's, or the spray table's next. 0: none. */
static __always_inline __u32 daddr(struct xdp_md *ctx, bool spray)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct iphdr *iph = data + sizeof(struct ethhdr);
	const struct bench_spray_addr *a;
	__u32 d;

	if (!spray)
		return (void *)(iph + 1) <= end ? iph->daddr : 0;
	a = spray_take();
	if (!a)
		return 0;
	__builtin_memcpy(&d, a->addr, 4);
	return d;
}

static __always_inline int verdict(const struct xbr_route *r)
{
	return r && r->action == XBR_ROUTE_FORWARD ? XDP_TX : XDP_PASS;
}

static __always_inline int trie(struct xdp_md *ctx, bool spray)
{
	struct xbr_lpm_v4 key = { .prefixlen = 32 };
	__u32 d = daddr(ctx, spray);

	__builtin_memcpy(key.addr, &d, 4);
	return verdict(bpf_map_lookup_elem(&routes_v4, &key));
}

static __always_inline int dir24_lookup(struct xdp_md *ctx, bool spray)
{
	__u32 slot = bpf_ntohl(daddr(ctx, spray)) >> 8, pair = slot >> 1, i;
	struct dir24_pair *e;

	e = bpf_map_lookup_elem(&dir24, &pair);
	if (!e || !e->slot[slot & 1])
		return XDP_PASS;
	i = e->slot[slot & 1] - 1;
	return verdict(bpf_map_lookup_elem(&dir24_routes, &i));
}

SEC("xdp")
int lookup_trie(struct xdp_md *ctx)
{
	return trie(ctx, false);
}

SEC("xdp")
int lookup_trie_spray(struct xdp_md *ctx)
{
	return trie(ctx, true);
}

SEC("xdp")
int lookup_dir24(struct xdp_md *ctx)
{
	return dir24_lookup(ctx, false);
}

SEC("xdp")
int lookup_dir24_spray(struct xdp_md *ctx)
{
	return dir24_lookup(ctx, true);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
