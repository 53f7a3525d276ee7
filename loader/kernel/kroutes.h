/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * --install-routes: while backup destinations are in effect, the daemon also
 * installs them as kernel routes, so that traffic the box sends itself (its
 * SSH replies), which never passes XDP, reaches the management networks too —
 * what Junos does in its forwarding table. They carry their own protocol
 * number and the highest metric we use, so any other route wins.
 */
#ifndef XBR_KROUTES_H
#define XBR_KROUTES_H

#include <stdbool.h>
#include "state/pins.h"

#define XBR_RTPROT	 250	     /* `ip route show proto 250` */
#define XBR_ROUTE_METRIC 4294967040U /* 2^32 - 256: below every other route */

/*
 * Make the kernel's routes of protocol XBR_RTPROT in table match the backup
 * destinations in the pinned tables (in_effect) or remove them all (!in_effect).
 * Returns the number of routes installed, or a negative errno.
 */
int kroutes_sync(const struct xbr_pins *p, unsigned int table, bool in_effect);

#endif /* XBR_KROUTES_H */
