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

/*
 * Subscribe to the kernel's events, before anything reads its tables, so
 * that no change falls in between: t->m is then set up, empty, for attach or
 * adoption to fill (cmd/run.c). The events wait in the socket meanwhile.
 */
int track_open(struct track *t, const struct xbr_opts *o);

/*
 * Go on with the daemon's pins: the events queued since track_open() come
 * next, and unresolved gateways are asked for.
 */
void track_start(struct track *t, const struct xbr_pins *p);

/*
 * Destinations and defer entries again, from the maps and the kernel: after
 * `xbr reload` changed the destinations, or the kernel dropped events. Takes
 * seconds at a million routes: the daemon runs it beside its event loop
 * (daemon/job.h), which meanwhile leaves the event socket alone.
 */
int track_resync(struct track *t);

/* Ask the kernel to resolve every gateway that is not resolved (after a reload too). */
void track_resolve(struct track *t);

/*
 * The event socket is readable: handle a batch of events, few enough that
 * the event loop answers a routing daemon's death within a millisecond (it
 * comes back for the rest). True when the kernel dropped events: resync.
 */
bool track_events(struct track *t);

/* The retry timer fired. */
void track_retry(struct track *t);

void track_stop(struct track *t);

#endif /* XBR_TRACK_H */
