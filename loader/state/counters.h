/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The per-CPU counters (counters, dest_stats), summed over the CPUs. */
#ifndef XBR_COUNTERS_H
#define XBR_COUNTERS_H

#include "maps/xbr_maps.h"

struct xbr_pins;

/* One key of a per-CPU array of struct xbr_counter, summed. 0 or -errno. */
int counters_sum(int fd, __u32 key, struct xbr_counter *sum);

/* Every reason of the counters map. 0 or -errno (kept: which map). */
int counters_read(const struct xbr_pins *p, struct xbr_counter c[XBR_REASON_MAX]);

#endif /* XBR_COUNTERS_H */
