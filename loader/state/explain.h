/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xbr explain: what the datapath would do right now with one packet, and why
 * (docs/design.md §6.5). Two answers, which must agree:
 *
 *  - the program's own: the embedded XDP program, loaded a second time with
 *    the instance's maps (BPF_PROG_TEST_RUN on a frame built from the
 *    question), except the per-CPU maps it counts in and the ICMP rate
 *    limits' state, which are its own, so that asking never counts in the
 *    live counters nor takes an error's credit;
 *  - the reading: each step of docs/design.md §3 taken by hand on the same
 *    maps, which says which entry matched, which gateway, why.
 */
#ifndef XBR_EXPLAIN_H
#define XBR_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include "maps/xbr_maps.h"
#include "state/routes.h"

struct xbr_pins;
struct xbr_bpf;

#define EXPLAIN_FRAME_MAX 128

/* The packet asked about. */
struct explain_query {
	int family;   /* AF_INET or AF_INET6 */
	__u8 dst[16]; /* network order; IPv4 in dst[0..3] */
	__u8 src[16];
	__u32 ifindex;	 /* the ingress interface */
	__u8 dst_mac[6]; /* the frame's destination MAC: the interface's own */
};

/* The program's answer and the reading of the maps. */
struct explain_result {
	/* the program */
	__u32 reason;  /* the one reason its counters moved by; XBR_REASON_MAX: none */
	__u32 verdict; /* XDP_PASS, XDP_TX, XDP_REDIRECT */
	__u8 frame_in[EXPLAIN_FRAME_MAX];
	__u8 frame_out[EXPLAIN_FRAME_MAX];
	__u32 len_in, len_out;
	__u32 dest_index; /* the dest_stats entry that moved; ~0: none */
	/* the reading, step by step, to the first that stops the packet */
	__u32 walk_reason;
	bool header_ok; /* a unicast destination the program routes at all */
	struct xbr_liveness liveness;
	bool in_effect;
	bool matched;		  /* an entry of the trie holds dst */
	struct route_entry entry; /* the longest one */
	bool iface_attached;
	struct xbr_iface iface;
	/* the router's checks of docs/design.md §3, reached on a FORWARD hit addressed to us */
	bool checked;
	const char *check;  /* the one that stopped the packet, in words; NULL: none did */
	bool kernel_routes; /* settings: the kernel has the destinations as routes */
	bool allow_read;    /* the walk came to the allow list */
	bool allow_list;    /* the interface has --allow-from */
	bool allowed;
	bool gateway_ok; /* configured and resolved */
	struct xbr_gateway gateway;
	bool egress_ok; /* same interface (XDP_TX) or in egress_ports */
};

/* A program loaded beside the instance's; explain_close() unloads it. */
struct explain {
	struct xbr_bpf *skel;
	int prog_fd;
};

/* Load the second program over p's maps. 0 or -errno (kept). */
int explain_open(struct explain *e, const struct xbr_pins *p);
void explain_close(struct explain *e);

/*
 * The frame for q: Ethernet to q->dst_mac, IPv4 or IPv6 with TTL 64, UDP to
 * port 33434 (traceroute's), checksums right. Its length.
 */
size_t explain_frame(const struct explain_query *q, __u8 frame[EXPLAIN_FRAME_MAX]);

/*
 * Do the reading and the program agree? Where the reading finds an ICMP
 * error due, the program may also have found the rate limit empty or no
 * way back to the sender (maps/README.md), which it alone can see.
 */
bool explain_agree(__u32 walk_reason, __u32 reason);

/* Ask both. 0 or -errno (kept). */
int explain_run(const struct explain *e, const struct xbr_pins *p, const struct explain_query *q,
		struct explain_result *r);

#endif /* XBR_EXPLAIN_H */
