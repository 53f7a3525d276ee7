/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The rpd_liveness map, as people read it. */
#ifndef XBR_LIVENESS_H
#define XBR_LIVENESS_H

#include <stdbool.h>
#include <stddef.h>
#include "maps/xbr_maps.h"

struct xbr_pins;

const char *liveness_rpd_name(__u32 state);
const char *liveness_override_name(__u32 override);
const char *liveness_role_name(__u32 role);

/* Are backup destinations in effect now? The same rule as the datapath. */
bool liveness_in_effect(const struct xbr_liveness *l);

int liveness_read(int fd, struct xbr_liveness *l);
void liveness_print(const struct xbr_liveness *l);

/*
 * Write one __u32 field (at offset in struct xbr_liveness), under the map's
 * own lock (pins_liveness_lock()), and tell a running daemon (SIGUSR1); *l:
 * what the map holds now. 0 or -errno, the reason kept.
 */
int liveness_set_field(struct xbr_pins *p, size_t offset, __u32 value, struct xbr_liveness *l);

#endif /* XBR_LIVENESS_H */
