/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Reference model of the XDP datapath, written from docs/design.md §3–§5 and
 * maps/README.md alone: it shares the maps/ ABI with the program and nothing
 * else. Its tables are plain arrays scanned linearly, so that a wrong answer
 * from the LPM trie, the devmap or the program's branch order shows up as a
 * disagreement with the real program (tests/test_differential.c).
 */
#ifndef XBR_MODEL_H
#define XBR_MODEL_H

#include <stdbool.h>
#include <linux/types.h>

#include "maps/xbr_maps.h"

#define MODEL_ROUTES_MAX 256 /* per family */
#define MODEL_ALLOW_MAX	 64  /* per family */
#define MODEL_IFACES_MAX 16
#define MODEL_LOCAL_MAX	 16
#define MODEL_BACK_MAX	 32
#define MODEL_FRAME_MAX	 4096

/* One trie entry; addr is kept masked to prefixlen, as the trie compares it. */
struct model_route {
	__u8 addr[16];
	__u32 prefixlen;
	struct xbr_route val;
};

/* An ifaces entry the test wrote; any other ifindex reads as all zero. */
struct model_iface {
	__u32 ifindex;
	struct xbr_iface val;
};

/*
 * What the kernel's FIB answers for a route back to an address (the
 * namespace the program runs in holds these routes and neighbours): the
 * route to a sender of an ICMP error, and rp_filter's route to a source.
 */
enum model_back_kind {
	MODEL_BACK_NONE = 0, /* no route, or a blackhole / unreachable one */
	MODEL_BACK_NO_NEIGH, /* a unicast route, its next hop unresolved */
	MODEL_BACK_OK,	     /* a unicast route and a resolved next hop */
};

struct model_back {
	int family; /* 4 or 6 */
	__u8 addr[16];
	__u32 prefixlen;
	enum model_back_kind kind;
	__u32 ifindex; /* the route's interface */
	__u8 smac[6];  /* its MAC */
	__u8 dmac[6];  /* the next hop's */
	__u8 src[16];  /* the source address the route gives (IPv4 in src[0..3]) */
};

/* Everything the datapath reads, plus the clock it would read. */
struct model_tables {
	struct model_route v4[MODEL_ROUTES_MAX];
	struct model_route v6[MODEL_ROUTES_MAX];
	__u32 n_v4, n_v6;
	struct xbr_gateway gateways[XBR_GATEWAYS_MAX];
	struct model_iface ifaces[MODEL_IFACES_MAX];
	__u32 n_ifaces;
	__u32 egress[XBR_EGRESS_MAX]; /* egress_ports keys */
	__u32 n_egress;
	struct xbr_liveness live;
	__u64 now_ns; /* CLOCK_MONOTONIC as the packets see it (bpf_ktime_get_coarse_ns) */
	/* allow_v4 / allow_v6: --allow-from source prefixes (val unused) */
	struct model_route allow4[MODEL_ALLOW_MAX];
	struct model_route allow6[MODEL_ALLOW_MAX];
	__u32 n_allow4, n_allow6;
	struct xbr_settings settings;
	__u8 local4[MODEL_LOCAL_MAX][4]; /* local_v4 */
	__u32 n_local4;
	/*
	 * The routes back, longest prefix first wins (fixed by the
	 * environment, not the tables). The model takes the rate limits to let
	 * every error through: the tables keep them out of reach.
	 */
	const struct model_back *back;
	__u32 n_back;
	/* iface_v6: an interface's own IPv6 addresses, the sources of ICMPv6 errors */
	struct {
		__u32 ifindex;
		struct xbr_iface_v6 val;
	} v6addr[MODEL_IFACES_MAX];
	__u32 n_v6addr;
};

/* What the program must do with one frame. */
struct model_result {
	__u32 verdict;	  /* XDP_PASS, XDP_DROP, XDP_TX or XDP_REDIRECT */
	__u32 reason;	  /* enum xbr_reason: the one counter that moves */
	bool counts_dest; /* dest_stats[dest_index] moves too */
	__u32 dest_index;
	/*
	 * An IPv4 ICMP error: the offset of its IP identification in out. The
	 * kernel draws it at random; so does the program: take it from the
	 * program's frame with model_take_ip_id().
	 */
	__u32 ip_id_off;
	__u32 len; /* out is the frame as the program leaves it */
	__u8 out[MODEL_FRAME_MAX];
};

/* Insert or replace a trie entry (family 4 or 6), as a map update would. */
int model_route_put(struct model_tables *t, int family, const __u8 *addr, __u32 prefixlen,
		    const struct xbr_route *val);

/* Delete a trie entry, as a map delete would; -1 when there is none. */
int model_route_del(struct model_tables *t, int family, const __u8 *addr, __u32 prefixlen);

/* Insert an allow_v4 / allow_v6 prefix (family 4 or 6); a duplicate is one entry. */
int model_allow_put(struct model_tables *t, int family, const __u8 *addr, __u32 prefixlen);

/* The model's answer for frame[0..len) received on ingress_ifindex. */
void model_run(const struct model_tables *t, __u32 ingress_ifindex, const __u8 *frame, __u32 len,
	       struct model_result *res);

/* Backup destinations in effect at t->now_ns (docs/design.md §5). */
bool model_in_effect(const struct xbr_liveness *live, __u64 now_ns);

/*
 * Copy the IP identification of an ICMP error the program built (got) into
 * the model's (res), and make the header checksum right for it.
 */
void model_take_ip_id(struct model_result *res, const __u8 *got, __u32 got_len);

/* The bit of xbr_iface.local_v4_bloom an IPv4 address sets, as maps/README.md gives it. */
__u32 model_bloom_bit(const __u8 *addr);

#endif /* XBR_MODEL_H */
