/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A backup router as the datapath needs it: where it is connected, its MAC. */
#ifndef XBR_GATEWAY_H
#define XBR_GATEWAY_H

#include "maps/xbr_maps.h"
#include "config/config.h"
#include "kernel/netlink.h"

/* How long ARP/ND may take to answer for a gateway. */
#define GATEWAY_RESOLVE_MS 3000

struct gateway_plan {
	const struct cfg_backup_router *br;
	__u32 family_slot;	/* XBR_GW_INET or XBR_GW_INET6 */
	struct nl_link egress;	/* the interface it is directly connected to */
	struct xbr_gateway val; /* what the gateways map should hold */
};

/*
 * What the datapath needs of gw's egress interface, from the kernel: the
 * MTU of gw's family (IPv6: the interface's IPv6 MTU, at least 1280), 0 if
 * unknown; and the address the kernel sends its own packets to gw from, the
 * source of ICMP errors sent through it (all zero if none).
 */
void gateway_egress(struct xbr_gateway *gw);

/*
 * Locate every backup router of cfg (on mgmt only, when named): connected
 * subnet, egress MAC, and its own MAC, resolving it when missing (waiting up
 * to resolve_ms). Fills plans[0..*n). 0 or -errno, the reason kept.
 */
int gateway_plan_all(const struct xbr_config *cfg, const char *mgmt, int resolve_ms,
		     struct gateway_plan plans[2], int *n);

#endif /* XBR_GATEWAY_H */
