/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Backup destinations of a config → entries of the routes_v4 / routes_v6 tries. */
#ifndef XBR_ROUTES_H
#define XBR_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include "maps/xbr_maps.h"
#include "config/config.h"

struct route_entry {
	int family; /* AF_INET: key.v4, AF_INET6: key.v6 */
	union {
		struct xbr_lpm_v4 v4;
		struct xbr_lpm_v6 v6;
	} key;
	struct xbr_route val;
	const struct cfg_prefix *prefix; /* where it came from */
};

/* One FORWARD entry per destination; dest_index numbers them from 0, inet first. */
int routes_compile(const struct xbr_config *cfg, struct route_entry **out, size_t *n);

/* A configured destination: FORWARD, or DEFER standing in for it (XBR_ROUTE_F_SHADOWS). */
static inline bool routes_is_dest(const struct xbr_route *val)
{
	return val->action == XBR_ROUTE_FORWARD || (val->flags & XBR_ROUTE_F_SHADOWS);
}

/*
 * Every entry of a family's trie (fd), or only the destinations: a new array
 * in *out (prefix is NULL; NULL when empty or on error), *n entries. 0 or -ENOMEM.
 */
int routes_read(int fd, int family, bool dests_only, struct route_entry **out, size_t *n);

/* LPM key ↔ text, "172.16.0.0/13". */
void routes_key_str(int family, const void *key, char *buf, size_t size);

#endif /* XBR_ROUTES_H */
