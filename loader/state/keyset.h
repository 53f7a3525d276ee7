/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A hash map from fixed-size keys (struct keyset_key) to counters, for the
 * kernel routes the daemon mirrors: up to millions of entries, so open
 * addressing with linear probing in one array.
 */
#ifndef XBR_KEYSET_H
#define XBR_KEYSET_H

#include <stddef.h>
#include <linux/types.h>

/* A prefix, plus what tells two routes to it apart (metric, or ifindex for an address). */
struct keyset_key {
	__u8 family;
	__u8 len;
	__u8 kind; /* KEYSET_* */
	__u8 pad;
	__u32 extra;
	__u8 addr[16];
};

enum { KEYSET_PREFIX = 0, KEYSET_ROUTE = 1, KEYSET_ADDR = 2 };

struct keyset {
	struct keyset_slot *slots;
	size_t cap;   /* power of two */
	size_t used;  /* live entries */
	size_t dirty; /* live + deleted: probing stops only at never-used slots */
};

/* Pointer to key's counter, or NULL. */
__u32 *keyset_get(const struct keyset *s, const struct keyset_key *k);
/* Counter of key, created at 0 if missing; NULL when out of memory. */
__u32 *keyset_put(struct keyset *s, const struct keyset_key *k);
void keyset_del(struct keyset *s, const struct keyset_key *k);
/* Calls cb for every entry; cb must not change the set. */
void keyset_each(const struct keyset *s, void (*cb)(const struct keyset_key *k, __u32 v, void *d),
		 void *d);
void keyset_free(struct keyset *s);

#endif /* XBR_KEYSET_H */
