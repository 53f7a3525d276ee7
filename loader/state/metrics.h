/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The instance's state as Prometheus metrics, in the text exposition format
 * (version 0.0.4): what `xbr stats --prometheus` prints and what the daemon
 * serves on /metrics (docs/design.md §6.4). Read from the maps alone, so both
 * say the same; safe to call from a thread other than the daemon's loop (it
 * keeps no message with xbr_fail() and no static buffer).
 */
#ifndef XBR_METRICS_H
#define XBR_METRICS_H

#include <stdio.h>

struct xbr_pins;

/* The content type of what metrics_write() writes. */
#define METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* Every metric, to f. 0 or -errno (a map that cannot be read). */
int metrics_write(const struct xbr_pins *p, FILE *f);

#endif /* XBR_METRICS_H */
