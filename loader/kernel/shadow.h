/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Backup destinations that a static route shadows. Junos: "with static
 * routes through the management interface, destinations must be more
 * specific than those statics"; a destination equal to such a route is
 * never used, as the static route, an active route of the same prefix,
 * wins. Only the kernel's table can tell: checked by check and attach.
 */
#ifndef XBR_SHADOW_H
#define XBR_SHADOW_H

#include "config/config.h"

/*
 * Each destination of br (of cfg) equal to a static route (protocol boot
 * or static) of the main table whose output interface is ifindex, the
 * interface the backup router is connected to: a warning with the
 * destination's FILE:LINE:COL to warn(d, arg). Returns the number of
 * warnings, or a negative errno when the kernel's routes cannot be read.
 */
int shadow_check(const struct xbr_config *cfg, const struct cfg_backup_router *br, int ifindex,
		 void (*warn)(const struct cfg_diag *d, void *arg), void *arg);

#endif /* XBR_SHADOW_H */
