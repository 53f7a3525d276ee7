// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The Junos statement tree: one node per word, children in order of first
 * appearance, found by (parent, word) through one hash table so that a node
 * with 100,000 children (a long prefix-list) costs no more than a small one.
 * Nodes and copied strings live in an arena freed in one go.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config/junos/junos.h"

#define JARENA_CHUNK (64 * 1024)

struct jarena_chunk {
	struct jarena_chunk *next;
	size_t used;
	size_t size;
	_Alignas(max_align_t) unsigned char data[];
};

static void *jarena_alloc(struct jtree *t, size_t size)
{
	struct jarena_chunk *c = t->chunks;
	size_t align = _Alignof(max_align_t);

	size = (size + align - 1) & ~(align - 1);
	if (!c || c->size - c->used < size) {
		size_t cap = size > JARENA_CHUNK / 4 ? size : JARENA_CHUNK;

		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->size = cap;
		c->used = 0;
		/* A dedicated chunk for a big block goes behind the current one. */
		if (cap != JARENA_CHUNK && t->chunks) {
			c->next = t->chunks->next;
			t->chunks->next = c;
		} else {
			c->next = t->chunks;
			t->chunks = c;
		}
	}
	c->used += size;
	return c->data + c->used - size;
}

char *jtree_strdup(struct jtree *t, const char *s, size_t len)
{
	char *d = jarena_alloc(t, len + 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

int jtree_init(struct jtree *t)
{
	memset(t, 0, sizeof(*t));
	t->n_buckets = 1024;
	t->buckets = calloc(t->n_buckets, sizeof(*t->buckets));
	return t->buckets ? 0 : -ENOMEM;
}

void jtree_free(struct jtree *t)
{
	struct jarena_chunk *c = t->chunks, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	free(t->buckets);
	memset(t, 0, sizeof(*t));
}

static uint32_t jtree_hash(const struct jnode *parent, const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	/* Mix in the parent and spread every bit to the low ones the table uses. */
	h ^= (uintptr_t)parent;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (uint32_t)h;
}

struct jnode *jtree_child(const struct jtree *t, const struct jnode *parent, const char *word,
			  size_t len)
{
	uint32_t h = jtree_hash(parent, word, len);
	struct jnode *n = t->buckets[h & (t->n_buckets - 1)];

	for (; n; n = n->hnext) {
		if (n->hash == h && n->parent == parent && n->len == len &&
		    !(n->flags & JN_DELETED) && !memcmp(n->word, word, len))
			return n;
	}
	return NULL;
}

static void jtree_grow(struct jtree *t)
{
	size_t n = t->n_buckets * 2, i;
	struct jnode **b = calloc(n, sizeof(*b));
	struct jnode *node, *next;

	if (!b)
		return; /* longer chains, still correct */
	for (i = 0; i < t->n_buckets; i++) {
		for (node = t->buckets[i]; node; node = next) {
			next = node->hnext;
			node->hnext = b[node->hash & (n - 1)];
			b[node->hash & (n - 1)] = node;
		}
	}
	free(t->buckets);
	t->buckets = b;
	t->n_buckets = n;
}

struct jnode *jtree_add(struct jtree *t, struct jnode *parent, const struct jword *w,
			struct cfg_loc prev_end)
{
	struct jnode *n;
	uint32_t h;

	if (w->len > UINT32_MAX)
		return NULL;
	/*
	 * Consecutive statements mostly share their start: try the newest
	 * child first. A node without children needs no lookup at all.
	 */
	n = parent->last_child;
	if (!n)
		goto create;
	if (n->len == w->len && !memcmp(n->word, w->s, w->len))
		return n;
	n = jtree_child(t, parent, w->s, w->len);
	if (n)
		return n;
create:
	n = jarena_alloc(t, sizeof(*n));
	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	h = jtree_hash(parent, w->s, w->len);
	n->word = w->s;
	n->len = w->len;
	n->hash = h;
	n->flags = w->quoted ? JN_QUOTED : 0;
	n->loc = w->loc;
	n->prev_end = prev_end;
	n->parent = parent;
	n->prev = parent->last_child;
	if (parent->last_child)
		parent->last_child->next = n;
	else
		parent->first = n;
	parent->last_child = n;
	n->hnext = t->buckets[h & (t->n_buckets - 1)];
	t->buckets[h & (t->n_buckets - 1)] = n;
	if (++t->n_nodes > t->n_buckets)
		jtree_grow(t);
	return n;
}

/* Out of the hash chain n hangs in (it must be in it). */
static void jtree_unhash(struct jtree *t, struct jnode *n)
{
	struct jnode **pp = &t->buckets[n->hash & (t->n_buckets - 1)];

	while (*pp && *pp != n)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = n->hnext;
	n->hnext = NULL;
}

/* Take n out of its parent's list of children (not out of the hash table). */
static void jtree_detach(struct jnode *n)
{
	struct jnode *p = n->parent;

	if (n->prev)
		n->prev->next = n->next;
	else
		p->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		p->last_child = n->prev;
	n->prev = n->next = NULL;
}

void jtree_unlink(struct jtree *t, struct jnode *n)
{
	jtree_detach(n);
	/*
	 * Out of the hash table too, or `set a` / `delete a` repeated would
	 * grow one chain without end. Its descendants hang off a node no
	 * lookup can reach any more.
	 */
	jtree_unhash(t, n);
	n->flags |= JN_DELETED;
}

/*
 * Post-order over the subtree without recursion or a stack: parent and
 * sibling links lead back up, and a node is settled once its last child is.
 */
bool jnode_live(struct jnode *top)
{
	struct jnode *n = top, *c;
	bool live;

	for (;;) {
		while (!(n->flags & (JN_LIVE_SET | JN_INACTIVE)) && n->first)
			n = n->first;
		for (;;) {
			if (!(n->flags & JN_LIVE_SET)) {
				live = !(n->flags & JN_INACTIVE) && !n->first;
				for (c = n->first; c && !live && !(n->flags & JN_INACTIVE);
				     c = c->next)
					live = c->flags & JN_LIVE;
				n->flags |= JN_LIVE_SET | (live ? JN_LIVE : 0);
			}
			if (n == top)
				return n->flags & JN_LIVE;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
	}
}

void jtree_error(struct jtree *t, const struct cfg_diag *d)
{
	if (!t->n_errors++)
		t->first_error = *d;
	if (t->error)
		t->error(t->error_arg, d->loc, d->msg);
}

void jtree_errorf(struct jtree *t, struct cfg_loc loc, const char *fmt, ...)
{
	struct cfg_diag d;
	va_list ap;

	memset(&d, 0, sizeof(d));
	d.loc = loc;
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	va_end(ap);
	jtree_error(t, &d);
}

int jtree_rename_node(struct jtree *t, struct jnode *n, const struct jword *w)
{
	if (w->len > UINT32_MAX)
		return -1;
	jtree_unhash(t, n);
	n->word = w->s;
	n->len = (uint32_t)w->len;
	n->hash = jtree_hash(n->parent, w->s, w->len);
	n->flags = (n->flags & ~JN_QUOTED) | (w->quoted ? JN_QUOTED : 0);
	n->hnext = t->buckets[n->hash & (t->n_buckets - 1)];
	t->buckets[n->hash & (t->n_buckets - 1)] = n;
	return 0;
}

void jtree_move(struct jnode *n, struct jnode *ref, bool before)
{
	struct jnode *p = n->parent;

	if (n == ref || ref->parent != p)
		return;
	jtree_detach(n);
	if (before) {
		n->prev = ref->prev;
		n->next = ref;
		if (ref->prev)
			ref->prev->next = n;
		else
			p->first = n;
		ref->prev = n;
	} else {
		n->next = ref->next;
		n->prev = ref;
		if (ref->next)
			ref->next->prev = n;
		else
			p->last_child = n;
		ref->next = n;
	}
}

/* A new last child of parent, a copy of src's word, flags and places. */
static struct jnode *jtree_clone(struct jtree *t, struct jnode *parent, const struct jnode *src,
				 const struct jword *w)
{
	struct jword word = { .s = src->word, .len = src->len, .loc = src->loc };
	struct jnode *n;

	if (w)
		word = *w;
	if (jtree_child(t, parent, word.s, word.len))
		return NULL; /* jtree_copy_node() checks the top; below, src has no twins */
	n = jtree_add(t, parent, &word, src->prev_end);
	if (!n)
		return NULL;
	n->flags = src->flags & (JN_INACTIVE | JN_PROTECT | JN_REPLACE | JN_QUOTED);
	if (w)
		n->flags = (n->flags & ~JN_QUOTED) | (w->quoted ? JN_QUOTED : 0);
	n->seq = src->seq;
	n->n_term = src->n_term;
	n->last = src->last;
	return n;
}

/*
 * Pre-order over src's subtree and the copy at the same time: no stack and
 * no recursion, whatever the depth.
 */
struct jnode *jtree_copy_node(struct jtree *t, struct jnode *src, const struct jword *w)
{
	struct jnode *top = jtree_clone(t, src->parent, src, w), *s = src, *d = top;

	if (!top)
		return NULL;
	while (s) {
		if (s->first) {
			s = s->first;
			d = jtree_clone(t, d, s, NULL);
			if (!d)
				return NULL;
			continue;
		}
		while (s != src && !s->next) {
			s = s->parent;
			d = d->parent;
		}
		if (s == src)
			break;
		s = s->next;
		d = jtree_clone(t, d->parent, s, NULL);
		if (!d)
			return NULL;
	}
	return top;
}
