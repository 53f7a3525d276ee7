/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the datapath follows of the router's own configuration, so that a
 * packet ends as Linux would end it (docs/design.md §3): the sysctls that
 * shape ICMP errors (settings map), the interfaces' forwarding, rp_filter,
 * accept_local and route_localnet (xbr_iface flags), this host's IPv4
 * addresses (local_v4 and the bloom bits) and the interfaces' own IPv6
 * addresses (iface_v6), the sources of ICMPv6 errors. Read from /proc/sys/net and rtnetlink
 * at attach, reload and SIGHUP; `xbr run` follows address and netconf
 * events. Nothing here prints (docs/design.md §10).
 */
#ifndef XBR_SETTINGS_H
#define XBR_SETTINGS_H

#include <stdbool.h>
#include "maps/xbr_maps.h"
#include "state/pins.h"

/* The sysctls of the settings map (flags left 0), as the kernel has them now. */
int settings_read(struct xbr_settings *s);

/* Write the settings map, its kernel-routes flag as given. */
int settings_write(const struct xbr_pins *p, bool kernel_routes);

/* Set or clear only the kernel-routes flag (xbr run --install-routes). */
int settings_kernel_routes(const struct xbr_pins *p, bool on);

/*
 * ifindex's flags from its sysctls, into val->flags (XBR_IFACE_F_ALLOW_LIST
 * kept), and the local addresses' bloom bits (0 when accept_local is on).
 */
int settings_iface(int ifindex, struct xbr_iface *val, __u32 bloom);

/*
 * The kernel's IPv4 addresses into local_v4; their bloom bits (*bloom, may
 * be NULL); the IPv6 addresses of each of the n interfaces into iface_v6.
 */
int settings_addrs(const struct xbr_pins *p, const __u32 *ifindex, int n, __u32 *bloom);

/* All of it again for the attached interfaces: a resync, or an address / netconf event. */
int settings_sync(const struct xbr_pins *p);

#endif /* XBR_SETTINGS_H */
