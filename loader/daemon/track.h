/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Live tracking for `xbr run` (docs/design.md §4): rtnetlink events keep the tables
 * true while the daemon runs —
 *  - routes and local addresses inside backup destinations → defer entries;
 *  - the gateway's neighbour entry (new MAC, failed, gone) → its gateway entry,
 *    with resolution retried with backoff while it is missing;
 *  - the egress link down / up → gateway unresolved (packets to the kernel,
 *    counted as pass_unresolved) / resolved again;
 *  - an attached interface deleted → forgotten, logged.
 */
#ifndef XBR_TRACK_H
#define XBR_TRACK_H

#include "xbr.h"
#include "state/mirror.h"
#include "state/pins.h"

struct mnl_socket;

struct track {
	const struct xbr_opts *o;
	const struct xbr_pins *p;
	struct mirror m;
	struct mnl_socket *nl;
	int fd;		 /* the event socket, for epoll */
	int retry_timer; /* neighbour resolution retries, for epoll */
	unsigned int retry_s;
};

/* Subscribe, then read the kernel's tables: no change is missed in between. */
int track_start(struct track *t, const struct xbr_pins *p, const struct xbr_opts *o);

/* After the configuration changed (SIGHUP): destinations and defer entries again. */
int track_resync(struct track *t);

/* The event socket is readable. */
void track_events(struct track *t);

/* The retry timer fired. */
void track_retry(struct track *t);

void track_stop(struct track *t);

#endif /* XBR_TRACK_H */
