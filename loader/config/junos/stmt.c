// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Statements on the tree: `set` (every syntax ends up here), and `delete`,
 * `deactivate`, `activate`, `protect`, `unprotect`, `insert`, `rename`,
 * `copy` on an existing path.
 * Inside the containers of schema.c, words are read the way Junos
 * reads them: keyword-value pairs and values whose keyword is implied.
 */
#include <stdio.h>
#include <string.h>
#include "config/junos/junos.h"

/* A statement's tags on n: the flags they set, and the ones they take away. */
static void jtree_tag(struct jnode *n, uint32_t tags)
{
	n->flags |= tags & (JN_INACTIVE | JN_PROTECT | JN_REPLACE);
	if (tags & JN_UNSET_INACTIVE)
		n->flags &= ~JN_INACTIVE;
	if (tags & JN_UNSET_PROTECT)
		n->flags &= ~JN_PROTECT;
}

static void jtree_end_here(struct jnode *n, const struct jword *w, uint32_t tags, uint32_t seq)
{
	n->n_term++;
	n->last = w->loc;
	jtree_tag(n, tags);
	n->seq = seq;
}

static struct jnode *jtree_step(struct jtree *t, struct jnode *parent, const struct jword *w,
				struct cfg_loc prev_end)
{
	struct jnode *n = jtree_add(t, parent, w, prev_end);

	if (n)
		n->seq = t->seq;
	return n;
}

/* A single-valued keyword got value v: the values it had before go, with a word about it. */
static void jtree_replace(struct jtree *t, const struct jnode *c, struct jnode *kw,
			  const struct jnode *v, struct cfg_loc at)
{
	struct jnode *old, *next;
	char a[64], b[64], o[64], msg[256];

	for (old = kw->first; old; old = next) {
		next = old->next;
		if (old == v)
			continue;
		if (t->warn) {
			snprintf(msg, sizeof(msg), "%s %s replaces %s (set at %d:%d)",
				 jdiag_word(a, sizeof(a), c->word, c->len),
				 jdiag_word(b, sizeof(b), v->word, v->len),
				 jdiag_word(o, sizeof(o), old->word, old->len), old->last.line,
				 old->last.col);
			t->warn(t->warn_arg, at, msg);
		}
		jtree_unlink(t, old);
	}
}

/* The keyword a bare value stands for, placed where the value is. */
static struct jword jtree_implied(const struct jcontainer *jc, const struct jword *value)
{
	struct jword k = { .s = jc->nokeyword,
			   .len = strlen(jc->nokeyword),
			   .loc = value->loc,
			   .end = value->loc };

	return k;
}

static struct jnode *jtree_oom(const struct jstmt *st, struct cfg_diag *err)
{
	jdiag_set(err, st->loc, "out of memory");
	return NULL;
}

/*
 * A single-valued keyword given a second value within one statement. Across
 * a line break the statement was meant to end on the line before; on one
 * line it is a mistake too (Junos takes one), most often a list of
 * destinations written without brackets.
 */
static struct jnode *jtree_twice(const struct jnode *c, const char *kw, size_t kw_len,
				 const struct jword *first, struct cfg_loc first_prev,
				 const struct jword *w, const struct jnode *prev_kw,
				 struct cfg_loc prev, struct cfg_diag *err)
{
	char a[64], b[64], k[64], kn[64], hint[192] = "";

	if (first_prev.line && first->loc.line > first_prev.line) {
		jdiag_set(err, first_prev, "expected \";\" before \"%s\"",
			  jdiag_word(b, sizeof(b), first->s, first->len));
		return NULL;
	}
	jdiag_word(a, sizeof(a), w->s, w->len);
	if (prev.line && w->loc.line > prev.line) {
		jdiag_set(err, prev, "expected \";\" before \"%s\"", a);
		return NULL;
	}
	if (prev_kw && !(prev_kw->len == kw_len && !memcmp(prev_kw->word, kw, kw_len))) {
		jdiag_word(k, sizeof(k), prev_kw->word, prev_kw->len);
		snprintf(hint, sizeof(hint), "; several values of %s are written %s [ ... ]", k, k);
	}
	jdiag_set(err, w->loc, "%s takes one %s: \"%s\" after \"%s\"%s",
		  jdiag_word(k, sizeof(k), c->word, c->len), jdiag_word(kn, sizeof(kn), kw, kw_len),
		  a, jdiag_word(b, sizeof(b), first->s, first->len), hint);
	return NULL;
}

/*
 * The rest of a statement (from word i) inside container c: keyword-value
 * pairs and bare values. Only the container itself takes a block, so a
 * block's statements always go back to it and values never get children.
 * A statement that names the container is about the container: its tags go
 * there. One that starts inside it (in its block) is about its values.
 */
static struct jnode *jtree_set_in(struct jtree *t, struct jnode *c, const struct jcontainer *jc,
				  const struct jstmt *st, size_t i, bool is_block,
				  struct cfg_loc prev, struct cfg_diag *err)
{
	uint32_t tags = i ? 0 : st->tags;
	struct cfg_loc none = { 0, 0 }, given_prev = none;
	struct jnode *kw, *open = NULL, *v, *prev_kw = NULL;
	const struct jword *w, *given = NULL;
	struct jword k;

	jtree_tag(c, i ? st->tags : 0);
	c->seq = t->seq;
	if (i == st->n_words && !st->has_list && !is_block && i)
		jtree_end_here(c, &st->words[i - 1], 0, t->seq);
	for (; i < st->n_words; i++) {
		w = &st->words[i];
		if (jschema_is_keyword(jc, w->s, w->len)) {
			kw = jtree_step(t, c, w, prev);
			if (!kw)
				return jtree_oom(st, err);
			prev = w->end;
			if (++i == st->n_words) {
				open = kw; /* its value is a list, or missing */
				break;
			}
			w = &st->words[i];
		} else {
			k = jtree_implied(jc, w);
			kw = jtree_step(t, c, &k, none);
			if (!kw)
				return jtree_oom(st, err);
		}
		if (jschema_is_single(jc, kw->word, kw->len)) {
			if (given)
				return jtree_twice(c, kw->word, kw->len, given, given_prev, w,
						   prev_kw, prev, err);
			given = w;
			given_prev = prev;
		}
		v = jtree_step(t, kw, w, prev);
		if (!v)
			return jtree_oom(st, err);
		jtree_end_here(v, w, tags, t->seq);
		if (jschema_is_single(jc, kw->word, kw->len))
			jtree_replace(t, c, kw, v, w->loc);
		prev = w->end;
		prev_kw = kw;
	}
	if (st->has_list) {
		/* Checked before the keyword is made: a mistake leaves nothing half set. */
		k = jtree_implied(jc, &st->items[0]);
		if (open) {
			k.s = open->word;
			k.len = open->len;
		}
		if (jschema_is_single(jc, k.s, k.len) && (given || st->n_items > 1))
			return jtree_twice(c, k.s, k.len, given ? given : &st->items[0], given_prev,
					   &st->items[given ? 0 : 1], NULL, none, err);
		kw = open;
		if (!kw) {
			kw = jtree_step(t, c, &k, none);
			if (!kw)
				return jtree_oom(st, err);
		}
		for (i = 0; i < st->n_items; i++) {
			v = jtree_step(t, kw, &st->items[i], none);
			if (!v)
				return jtree_oom(st, err);
			jtree_end_here(v, &st->items[i], tags, t->seq);
			if (jschema_is_single(jc, kw->word, kw->len))
				jtree_replace(t, c, kw, v, st->items[i].loc);
		}
	} else if (open && !is_block) {
		jtree_end_here(open, &st->words[st->n_words - 1], tags, t->seq);
	}
	return c;
}

struct jnode *jtree_set(struct jtree *t, struct jnode *base, const struct jstmt *st, bool is_block,
			struct cfg_diag *err)
{
	struct cfg_loc none = { 0, 0 }, prev = none;
	const struct jcontainer *jc;
	struct jnode *n = base, *item;
	size_t i;

	t->seq++;
	for (i = 0;; i++) {
		jc = jschema_container(t, n);
		if (jc)
			return jtree_set_in(t, n, jc, st, i, is_block, prev, err);
		if (i == st->n_words)
			break;
		n = jtree_step(t, n, &st->words[i], prev);
		if (!n)
			return jtree_oom(st, err);
		prev = st->words[i].end;
	}
	if (is_block) {
		jtree_tag(n, st->tags);
		return n;
	}
	if (!st->has_list) {
		if (st->n_words)
			jtree_end_here(n, &st->words[st->n_words - 1], st->tags, t->seq);
		return n;
	}
	for (i = 0; i < st->n_items; i++) {
		/* Items of a list are siblings, not a sentence: no line-break hints. */
		item = jtree_step(t, n, &st->items[i], none);
		if (!item)
			return jtree_oom(st, err);
		jtree_end_here(item, &st->items[i], st->tags, t->seq);
	}
	return n;
}

struct jnode *jtree_find(const struct jtree *t, struct jnode *base, const struct jword *w,
			 size_t n_words)
{
	const struct jcontainer *jc = NULL;
	struct jnode *n = base, *found = base;
	size_t i = 0;

	while (i < n_words) {
		jc = jc ? jc : jschema_container(t, n);
		if (!jc) {
			found = n = jtree_child(t, n, w[i].s, w[i].len);
			i++;
		} else if (jschema_is_keyword(jc, w[i].s, w[i].len)) {
			found = jtree_child(t, n, w[i].s, w[i].len);
			if (found && ++i < n_words) {
				found = jtree_child(t, found, w[i].s, w[i].len);
				i++;
			}
		} else {
			found = jtree_child(t, n, jc->nokeyword, strlen(jc->nokeyword));
			if (found)
				found = jtree_child(t, found, w[i].s, w[i].len);
			i++;
		}
		if (!found)
			return NULL;
	}
	return found;
}

static void jtree_path_str(char *buf, size_t size, const struct jstmt *st, bool with_list)
{
	size_t n = st->n_words + (with_list ? st->n_items + 2 : 0), i, o = 0;
	const struct jword *w;
	char b[64];
	int r;

	buf[0] = '\0';
	for (i = 0; i < n && o + 1 < size; i++) {
		if (i < st->n_words) {
			w = &st->words[i];
			r = snprintf(buf + o, size - o, "%s%s", i ? " " : "",
				     jdiag_word(b, sizeof(b), w->s, w->len));
		} else if (i == st->n_words) {
			r = snprintf(buf + o, size - o, "%s[", i ? " " : "");
		} else if (i == n - 1) {
			r = snprintf(buf + o, size - o, " ]");
		} else {
			w = &st->items[i - st->n_words - 1];
			r = snprintf(buf + o, size - o, " %s",
				     jdiag_word(b, sizeof(b), w->s, w->len));
		}
		if (r < 0)
			break;
		o += (size_t)r;
	}
}

static void jtree_warn_missing(struct jtree *t, const struct jstmt *st, const char *cmd,
			       const struct jword *item)
{
	char path[200], w[64], msg[256];

	if (!t->warn)
		return;
	jtree_path_str(path, sizeof(path), st, st->has_list && !item);
	snprintf(msg, sizeof(msg), "%s: statement not found: %s%s%s", cmd, path, item ? " " : "",
		 item ? jdiag_word(w, sizeof(w), item->s, item->len) : "");
	t->warn(t->warn_arg, st->loc, msg);
}

static void jtree_op(struct jtree *t, struct jnode *n, enum jtree_op op)
{
	struct jnode *p;

	switch (op) {
	case JOP_DELETE:
		/*
		 * What is left empty and was never a statement of its own goes
		 * too: deleting the last destination deletes "destination".
		 */
		do {
			p = n->parent;
			jtree_unlink(t, n);
			n = p;
		} while (n != &t->root && !n->first && !n->n_term);
		break;
	case JOP_DEACTIVATE:
		n->flags |= JN_INACTIVE;
		break;
	case JOP_ACTIVATE:
		n->flags &= ~JN_INACTIVE;
		break;
	case JOP_PROTECT:
		n->flags |= JN_PROTECT;
		break;
	case JOP_UNPROTECT:
		n->flags &= ~JN_PROTECT;
		break;
	}
}

int jtree_apply(struct jtree *t, struct jnode *base, const struct jstmt *st, enum jtree_op op,
		const char *cmd)
{
	const struct jcontainer *jc;
	struct jnode *n, *c;
	size_t i;

	t->seq++;
	/* A bare `delete` empties the configuration, as in `load set`. */
	if (op == JOP_DELETE && !st->n_words && !st->has_list) {
		while (base->first)
			jtree_unlink(t, base->first);
		return 0;
	}
	n = jtree_find(t, base, st->words, st->n_words);
	if (!n) {
		jtree_warn_missing(t, st, cmd, NULL);
		return 0;
	}
	if (!st->has_list) {
		jtree_op(t, n, op);
		return 0;
	}
	/* `[ a b ]` right after a container: bare values, under their implied keyword. */
	jc = jschema_container(t, n);
	if (jc)
		n = jtree_child(t, n, jc->nokeyword, strlen(jc->nokeyword));
	for (i = 0; i < st->n_items; i++) {
		c = n ? jtree_child(t, n, st->items[i].s, st->items[i].len) : NULL;
		if (c)
			jtree_op(t, c, op);
		else
			jtree_warn_missing(t, st, cmd, &st->items[i]);
	}
	return 0;
}

static bool jtree_word_is(const struct jword *w, const struct jnode *n)
{
	return w->len == n->len && !memcmp(w->s, n->word, n->len);
}

int jtree_move_op(struct jtree *t, struct jnode *base, const struct jstmt *st,
		  const struct jword *other, size_t n_other, enum jtree_move_op op,
		  struct cfg_diag *err)
{
	static const char *const cmds[] = { [JMOVE_BEFORE] = "insert",
					    [JMOVE_AFTER] = "insert",
					    [JMOVE_RENAME] = "rename",
					    [JMOVE_COPY] = "copy" };
	const char *cmd = cmds[op];
	struct jnode *n, *ref;
	char a[64], b[64], msg[256];

	t->seq++;
	n = jtree_find(t, base, st->words, st->n_words);
	if (!n) {
		jtree_warn_missing(t, st, cmd, NULL);
		return 0;
	}
	/* `term t2 before term t1`: the keyword may come again. */
	if (n_other == 2 && n->parent && jtree_word_is(&other[0], n->parent)) {
		other++;
		n_other--;
	}
	if (n_other != 1) {
		jdiag_set(err, n_other ? other[1].loc : st->loc,
			  "%s: expected one name after \"%s\"", cmd,
			  op == JMOVE_BEFORE  ? "before"
			  : op == JMOVE_AFTER ? "after"
					      : "to");
		return -1;
	}
	jdiag_word(a, sizeof(a), n->word, n->len);
	jdiag_word(b, sizeof(b), other->s, other->len);
	ref = jtree_child(t, n->parent, other->s, other->len);
	if (op == JMOVE_BEFORE || op == JMOVE_AFTER) {
		if (!ref) {
			snprintf(msg, sizeof(msg), "insert: no \"%s\" beside \"%s\" to put it %s",
				 b, a, op == JMOVE_BEFORE ? "before" : "after");
			if (t->warn)
				t->warn(t->warn_arg, other->loc, msg);
			return 0;
		}
		jtree_move(n, ref, op == JMOVE_BEFORE);
		return 0;
	}
	if (ref) {
		jdiag_set(err, other->loc, "%s: \"%s\" exists already beside \"%s\"", cmd, b, a);
		return -1;
	}
	if (op == JMOVE_RENAME ? jtree_rename_node(t, n, other) : !jtree_copy_node(t, n, other)) {
		jdiag_set(err, st->loc, "out of memory");
		return -1;
	}
	return 0;
}
