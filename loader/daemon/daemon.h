/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The daemon of `xbr run` (docs/design.md §5). */
#ifndef XBR_DAEMON_H
#define XBR_DAEMON_H

#include "xbr.h"

struct mirror;
struct track;

/*
 * Take over the instance in the pin dir: it must be attached to the
 * interfaces named, and gets the configuration of -c, mirroring the kernel's
 * routes into m. 0 or -errno, the reason kept.
 */
int daemon_adopt(const struct xbr_opts *o, struct mirror *m);

/*
 * Follow the routing daemon until SIGTERM/SIGINT: the event loop, with the
 * instance already attached and t (track_open(), its mirror filled by the
 * attach or adoption) following the kernel; t is stopped on return. Prints
 * its own log; returns an exit status.
 */
int daemon_serve(struct xbr_opts *o, struct track *t);

#endif /* XBR_DAEMON_H */
