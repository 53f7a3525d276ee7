/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The oracle test's frames: classes of valid, edge and hostile frames a
 * client sends to the lab's router (tests/lab/lab.sh), each drawn from a
 * seed. The router's routes back and its neighbours are set up by
 * tests/lab/test_oracle.sh for these addresses.
 */
#ifndef XBR_ORACLE_FRAMES_H
#define XBR_ORACLE_FRAMES_H

#include <stdbool.h>
#include <linux/types.h>

#include "tests/model/rng.h"

#define FRAME_MAX 1600

/* Who is who in the lab: the MACs, read from the interfaces. */
struct lab_macs {
	__u8 client[6]; /* cl0 */
	__u8 router[6]; /* rt-cl, the router's side of the client link */
};

struct frame {
	__u8 data[FRAME_MAX];
	__u32 len;
};

/* Which frames a run sends (the router's sysctls differ between profiles). */
enum frame_profile {
	PROFILE_ALL,	 /* every class: the defaults, rate limits off */
	PROFILE_SOURCES, /* classes whose outcome rp_filter, accept_local, route_localnet change */
	PROFILE_V4,	 /* IPv4 classes (forwarding off on the ingress) */
	PROFILE_RATELIMIT, /* a burst of expired packets from one sender, the default limits */
};

struct frame_class {
	const char *name;
	int family; /* 4, 6, or 0 (not IP) */
	unsigned int weight;
	bool sources; /* in PROFILE_SOURCES */
	void (*gen)(struct rng *r, const struct lab_macs *m, int fam, struct frame *f);
};

extern const struct frame_class frame_classes[];
extern const unsigned int n_frame_classes;

/* Frame n of a run: its class (an index into frame_classes), the frame itself. */
unsigned int frame_draw(__u64 seed, __u64 n, enum frame_profile profile, const struct lab_macs *m,
			struct frame *f);

/* The markers that close a frame's window (tests/oracle/oracle.c). */
void frame_marker_gw(const struct lab_macs *m, __u32 seq, struct frame *f);
void frame_marker_cl(const struct lab_macs *m, __u32 seq, struct frame *f);
bool frame_is_marker_gw(const __u8 *p, __u32 len, __u32 seq);
bool frame_is_marker_cl(const __u8 *p, __u32 len, __u32 seq);

#endif /* XBR_ORACLE_FRAMES_H */
