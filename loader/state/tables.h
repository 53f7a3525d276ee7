/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Make the pinned tables say what a configuration says, hitlessly: used by
 * attach (on empty tables), `xbr reload` and the daemon's SIGHUP.
 */
#ifndef XBR_TABLES_H
#define XBR_TABLES_H

#include "config/config.h"
#include "kernel/gateway.h"
#include "state/mirror.h"
#include "state/pins.h"

struct tables_diff {
	unsigned int added;	   /* destinations new in this configuration */
	unsigned int changed;	   /* kept, with another gateway */
	unsigned int removed;	   /* gone from the configuration */
	unsigned int kept;	   /* untouched */
	unsigned int gateways_set; /* gateway slots written */
};

/*
 * Order of the writes, so that a packet never meets an inconsistent table:
 * 1. a new or changed gateway is written to its family's *other* slot, never
 *    over the one routes point at (a packet could read it half-written);
 * 2. egress ports are added;
 * 3. destinations are added or re-pointed (one atomic trie update each), new
 *    ones with their counters zeroed first — a destination present before and
 *    after is never without a route;
 * 4. destinations no longer configured are deleted;
 * 5. gateway slots and egress ports nothing points at any more are cleared.
 * A destination the kernel has a route to exactly (mirror_shadows()) is
 * written as DEFER with XBR_ROUTE_F_SHADOWS; other defer entries are the
 * mirror's (write them before, prune after) and are not touched here. The
 * mirror learns each destination's gateway slot and counter as written.
 */
int tables_apply(const struct xbr_pins *p, const struct xbr_config *cfg,
		 const struct gateway_plan *plans, int n_plans, struct mirror *mirror,
		 struct tables_diff *diff);

#endif /* XBR_TABLES_H */
