/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Precedence (docs/design.md §4): "active routes and more specific routes take
 * precedence over backup destinations". Every kernel route (of the mirrored
 * table) and every local address that lies inside or equals a backup
 * destination is mirrored into the same LPM trie as a DEFER entry, so one
 * lookup answers precedence. A route equal to a destination replaces it in the
 * trie (DEFER with XBR_ROUTE_F_SHADOWS, keeping the destination's gateway and
 * counter index) until it goes away. Routes xbr installs itself (protocol
 * XBR_RTPROT) and protocols named in --ignore-proto are never mirrored.
 */
#ifndef XBR_MIRROR_H
#define XBR_MIRROR_H

#include <stdbool.h>
#include "maps/xbr_maps.h"
#include "config/config.h"
#include "state/keyset.h"
#include "kernel/netlink.h"
#include "state/pins.h"

struct mirror_dest {
	struct keyset_key key; /* KEYSET_PREFIX */
	struct xbr_route val;  /* as configured: FORWARD, its gateway and counter */
};

struct mirror {
	const struct xbr_pins *p;
	unsigned int table; /* routing table mirrored (254: main) */
	bool ignore[256];   /* route protocols left out */
	struct mirror_dest *dests;
	size_t n_dests;
	struct keyset routes;	/* each kernel route / local address inside a destination */
	struct keyset prefixes; /* prefix → how many of those it has */
	unsigned long writes;	/* trie updates made, for messages */
	bool out_of_memory;	/* a route could not be recorded: the mirror is incomplete */
};

/*
 * --ignore-proto: a comma-separated list of route protocol names or numbers,
 * set in ignore[]. -EINVAL with why when a word is neither (checked while
 * the options are parsed, so that a typo is a usage error).
 */
int mirror_ignore_parse(const char *list, bool ignore[256], char *why, size_t why_size);

/* ignore: NULL, or a list for mirror_ignore_parse(). */
int mirror_init(struct mirror *m, const struct xbr_pins *p, unsigned int table, const char *ignore);
void mirror_free(struct mirror *m);

/* The backup destinations: from a configuration about to be applied, or as the tries hold them. */
int mirror_dests_from_config(struct mirror *m, const struct xbr_config *cfg);
int mirror_dests_from_maps(struct mirror *m);

/* A destination as tables_apply() wrote it (its gateway slot, its counter): FORWARD. */
void mirror_dest_applied(struct mirror *m, int family, const void *lpm_key,
			 const struct xbr_route *val);

/* Read every kernel route and local address inside a destination (forgets earlier ones). */
int mirror_scan(struct mirror *m);

/*
 * Write a DEFER entry for each mirrored prefix: for those equal to a
 * destination too when dests_too (else tables_apply() writes them).
 */
int mirror_write(struct mirror *m, bool dests_too);

/* Remove DEFER entries nothing mirrors any more (a destination's comes back as FORWARD). */
int mirror_prune(struct mirror *m);

/* Does the kernel have a route (or local address) with exactly this LPM key? */
bool mirror_shadows(const struct mirror *m, int family, const void *lpm_key);

/* A route or address appeared (add) or went away: update the trie at once. */
int mirror_route_event(struct mirror *m, bool add, const struct nl_route_info *r);
int mirror_addr_event(struct mirror *m, bool add, const struct nl_ifaddr_info *a);

/* Number of mirrored prefixes. */
size_t mirror_count(const struct mirror *m);

#endif /* XBR_MIRROR_H */
