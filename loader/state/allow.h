/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * --allow-from: the source prefixes xbr forwards for. What xbr forwards never
 * passes netfilter, so a router's FORWARD rules do not see it; with a list,
 * packets from any other source go to the kernel and meet those rules.
 */
#ifndef XBR_ALLOW_H
#define XBR_ALLOW_H

#include <stdbool.h>
#include <stddef.h>
#include "config/config.h"
#include "state/pins.h"

/* The word that removes a list (on reload) or says "every source" (attach). */
#define ALLOW_ANY "any"

struct allow_list {
	struct cfg_prefix *p;
	size_t n;
	bool any; /* no list: every source is forwarded */
};

/* "PREFIX[,PREFIX...]" (either family) or "any". 0, or -1 with the reason in why. */
int allow_parse(const char *text, struct allow_list *l, char *why, size_t why_size);

void allow_free(struct allow_list *l);

/*
 * Make allow_v4 / allow_v6 and the attached interfaces' flag say what l says.
 * Order: new prefixes in, then the flag on, then stale prefixes out; to
 * remove the list, the flag off first. A source allowed before and after is
 * never refused in between. 0 or -errno.
 */
int allow_apply(const struct xbr_pins *p, const struct allow_list *l);

/*
 * What the instance holds: l->any when no attached interface has the flag,
 * else the prefixes in the tries. 0 or -errno.
 */
int allow_read(const struct xbr_pins *p, struct allow_list *l);

#endif /* XBR_ALLOW_H */
