/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Random tables and random frames for the differential test. Everything is
 * drawn from a struct rng, so the seed and the numbers of a table and a packet
 * rebuild them exactly.
 */
#ifndef XBR_MODEL_GEN_H
#define XBR_MODEL_GEN_H

#include "model.h"
#include "rng.h"

#define GEN_IFS_MAX   8
#define GEN_PUTS_MAX  (2 * MODEL_ROUTES_MAX)
#define GEN_ALLOW_MAX (2 * MODEL_ALLOW_MAX)
#define GEN_FRAME_MAX 1600

/* What exists where the program runs. */
struct gen_env {
	__u32 ifindex[GEN_IFS_MAX]; /* real devices: ingress and devmap candidates */
	__u32 n_if;
	__u64 now_ns;	 /* the clock when the tables are written */
	__u64 margin_ns; /* heartbeat ages stay this far from their deadline */
	/* The namespace's routes back (tables point at them), and addresses of its own. */
	struct model_back back[MODEL_BACK_MAX];
	__u32 n_back;
	__u8 local4[MODEL_LOCAL_MAX][4];
	__u32 n_local4;
	struct xbr_iface_v6 v6addr[GEN_IFS_MAX]; /* ifindex[i]'s own IPv6 addresses, if has_v6[i] */
	bool has_v6[GEN_IFS_MAX];
};

/* One trie update in the order it is applied; addr may have host bits set. */
struct gen_put {
	int family;
	__u8 addr[16];
	__u32 prefixlen;
	struct xbr_route val;
};

struct gen_tables {
	struct model_tables model;
	struct gen_put puts[GEN_PUTS_MAX];
	__u32 n_puts;
	struct gen_put allow[GEN_ALLOW_MAX]; /* allow_v4 / allow_v6 updates (val unused) */
	__u32 n_allow;
};

void gen_tables(struct gen_tables *g, struct rng *r, const struct gen_env *env);

/* A frame of at least 14 bytes (test_run's minimum) and the ingress it arrives on. */
__u32 gen_packet(const struct model_tables *t, struct rng *r, const struct gen_env *env,
		 __u8 *frame, __u32 *ingress);

#endif /* XBR_MODEL_GEN_H */
