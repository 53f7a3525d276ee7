// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <stdlib.h>
#include <string.h>
#include "state/keyset.h"

enum { SLOT_FREE = 0, SLOT_LIVE = 1, SLOT_DELETED = 2 };

struct keyset_slot {
	struct keyset_key key;
	__u32 value;
	__u32 state;
};

/* The key as three words, each mixed in by a multiply (a million keys per second matter here). */
static size_t keyset_hash(const struct keyset_key *k)
{
	__u64 w[sizeof(*k) / 8], h = 0x9e3779b97f4a7c15ULL;

	_Static_assert(sizeof(*k) % 8 == 0, "keyset_key is whole words");
	memcpy(w, k, sizeof(w));
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		h = (h ^ w[i]) * 0xff51afd7ed558ccdULL;
	return (size_t)(h ^ (h >> 32));
}

static struct keyset_slot *keyset_find(const struct keyset *s, const struct keyset_key *k,
				       struct keyset_slot **first_free)
{
	size_t mask = s->cap - 1, i;

	if (first_free)
		*first_free = NULL;
	if (!s->cap)
		return NULL;
	for (i = keyset_hash(k) & mask;; i = (i + 1) & mask) {
		struct keyset_slot *slot = &s->slots[i];

		if (slot->state == SLOT_FREE) {
			if (first_free && !*first_free)
				*first_free = slot;
			return NULL;
		}
		if (slot->state == SLOT_DELETED) {
			if (first_free && !*first_free)
				*first_free = slot;
			continue;
		}
		if (!memcmp(&slot->key, k, sizeof(*k)))
			return slot;
	}
}

static int keyset_grow(struct keyset *s)
{
	struct keyset old = *s;
	size_t cap = s->cap ? s->cap * 2 : 64;

	/* Only live entries move, so a table full of deletions is rebuilt at the same size. */
	if (s->used * 4 < s->cap)
		cap = s->cap;
	s->slots = calloc(cap, sizeof(*s->slots));
	if (!s->slots) {
		*s = old;
		return -1;
	}
	s->cap = cap;
	s->used = s->dirty = 0;
	for (size_t i = 0; i < old.cap; i++) {
		if (old.slots[i].state != SLOT_LIVE)
			continue;
		*keyset_put(s, &old.slots[i].key) = old.slots[i].value;
	}
	free(old.slots);
	return 0;
}

__u32 *keyset_get(const struct keyset *s, const struct keyset_key *k)
{
	struct keyset_slot *slot = keyset_find(s, k, NULL);

	return slot ? &slot->value : NULL;
}

__u32 *keyset_put(struct keyset *s, const struct keyset_key *k)
{
	struct keyset_slot *slot, *free_slot;

	if ((s->dirty + 1) * 2 > s->cap && keyset_grow(s))
		return NULL;
	slot = keyset_find(s, k, &free_slot);
	if (slot)
		return &slot->value;
	if (free_slot->state == SLOT_FREE)
		s->dirty++;
	free_slot->key = *k;
	free_slot->value = 0;
	free_slot->state = SLOT_LIVE;
	s->used++;
	return &free_slot->value;
}

void keyset_del(struct keyset *s, const struct keyset_key *k)
{
	struct keyset_slot *slot = keyset_find(s, k, NULL);

	if (slot) {
		slot->state = SLOT_DELETED;
		s->used--;
	}
}

void keyset_each(const struct keyset *s, void (*cb)(const struct keyset_key *k, __u32 v, void *d),
		 void *d)
{
	for (size_t i = 0; i < s->cap; i++)
		if (s->slots[i].state == SLOT_LIVE)
			cb(&s->slots[i].key, s->slots[i].value, d);
}

void keyset_free(struct keyset *s)
{
	free(s->slots);
	memset(s, 0, sizeof(*s));
}
