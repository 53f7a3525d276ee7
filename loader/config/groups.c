// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Configuration groups: which containers a backup router's statements come
 * from.
 *
 * `groups { NAME { ... } }` holds configuration that `apply-groups [ NAME ]`
 * brings in at the level where it stands: the top, [edit system], or the
 * backup-router statement itself. `apply-groups-except` at that level or
 * below keeps a group out. Priority, from the Junos CLI guide ("Applying a
 * Junos configuration group", "Disabling inheritance"): what the
 * configuration says itself wins over what it inherits, a group applied
 * deeper wins over one applied higher up, and within one apply-groups the
 * first group listed wins. A single value (the address) comes from the first
 * of these that has one; a set (the destinations) is merged, as "when sets
 * of statements exist in configuration groups, all values are inherited".
 *
 * Groups named after a node apply only on that node: re0 and re1 on a dual
 * Routing Engine system, node0 and node1 on an SRX chassis cluster, lcc0-re0
 * and the like in a routing matrix. "${node}" in apply-groups stands for the
 * node itself. Both need the node's name (struct cfg_options); without it a
 * backup router that such a group would set is an error, not a guess.
 *
 * A group with a `when` applies only where its conditions hold (when.c).
 *
 * Not matched: wildcard names (<ge-*>) in groups, which select interfaces
 * and the like, never the system statements read here; apply-groups inside
 * a group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "config/config_priv.h"

#define CFG_NODE_VAR "${node}"

/* The levels of the path to a backup router: the top, system, the container. */
enum { LV_TOP, LV_SYSTEM, LV_BR, LV_N };

static bool cfg_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return len > 0;
}

static bool cfg_starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

bool cfg_is_node_name(const char *s, size_t len)
{
	const char *dash = memchr(s, '-', len);

	/* A Routing Engine of a routing matrix: lccN-reM, sfcN-reM, scc-reM. */
	if (dash &&
	    (cfg_starts(s, len, "lcc") || cfg_starts(s, len, "sfc") || cfg_starts(s, len, "scc"))) {
		size_t n = (size_t)(dash - s) - 3;

		if (cfg_starts(s, len, "scc") ? n != 0 : !cfg_digits(s + 3, n))
			return false;
		len -= (size_t)(dash + 1 - s);
		s = dash + 1;
	} else if (cfg_starts(s, len, "node")) {
		return cfg_digits(s + 4, len - 4);
	}
	return cfg_starts(s, len, "re") && cfg_digits(s + 2, len - 2);
}

static bool cfg_is(const struct jnode *n, const char *s, size_t len)
{
	return n->len == len && !memcmp(n->word, s, len);
}

static bool cfg_off(const struct jnode *n)
{
	return n && (n->flags & JN_INACTIVE);
}

static struct jnode *cfg_child(const struct jtree *t, const struct jnode *n, const char *word)
{
	return n ? jtree_child(t, n, word, strlen(word)) : NULL;
}

/* Remember a node name for messages (the first few, once each). */
static void cfg_node_seen(struct cfg_nodes *nodes, const struct jnode *name)
{
	size_t i;

	for (i = 0; i < nodes->n_names; i++)
		if (cfg_is(nodes->names[i], name->word, name->len))
			return;
	if (nodes->n_names < CFG_NODE_NAMES)
		nodes->names[nodes->n_names++] = name;
	else
		nodes->more_names = true;
}

/* Where one family's search stands. */
struct cfg_walk {
	struct jtree *t;
	const char *family;
	struct jnode *lv[LV_N]; /* the main configuration's nodes on the path, or NULL */
	struct jnode *groups;	/* "groups", or NULL */
	bool main_off;		/* system or the container is inactive: nothing inherited counts */
	struct cfg_nodes *nodes;
	struct cfg_diags *warns;
	struct cfg_sources *out;
	struct cfg_diag *err;
};

/* apply-groups-except at the level a group is applied at, or deeper. */
static bool cfg_excepted(const struct cfg_walk *w, int level, const char *name, size_t len)
{
	const struct jnode *ex, *g;

	for (; level < LV_N; level++) {
		ex = cfg_child(w->t, w->lv[level], "apply-groups-except");
		if (!ex || cfg_off(ex))
			continue;
		g = jtree_child(w->t, ex, name, len);
		if (g && !cfg_off(g))
			return true;
	}
	return false;
}

/* The group's container for this family, and whether it is in effect. */
static struct jnode *cfg_group_br(const struct cfg_walk *w, const struct jnode *g, bool *on)
{
	struct jnode *sys = cfg_child(w->t, g, "system");
	struct jnode *br = cfg_child(w->t, sys, w->family);

	*on = br && !w->main_off && !cfg_off(w->groups) && !cfg_off(g) && jnode_live(sys) &&
	      jnode_live(br);
	return br;
}

static int cfg_source_add(struct cfg_walk *w, struct jnode *br, const struct jnode *g, bool on)
{
	struct cfg_sources *s = w->out;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		struct cfg_source *v = realloc(s->v, cap * sizeof(*v));

		if (!v) {
			jdiag_set(w->err, br->loc, "out of memory");
			return -1;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = (struct cfg_source){ .br = br, .group = g, .on = on };
	return 0;
}

/*
 * A per-node group while the node is not known: harmless unless it would
 * set this family's backup router.
 */
static void cfg_node_unknown(struct cfg_walk *w, int level, const struct jnode *g)
{
	const struct jnode *br;
	bool on;

	cfg_node_seen(w->nodes, g);
	if (w->nodes->depends || cfg_excepted(w, level, g->word, g->len))
		return;
	br = cfg_group_br(w, g, &on);
	if (br && on) {
		w->nodes->depends = br;
		w->nodes->depends_group = g;
		w->nodes->depends_node = g;
		w->nodes->depends_family = w->family;
	}
}

static struct jnode *cfg_group(const struct cfg_walk *w, const char *name, size_t len)
{
	return w->groups ? jtree_child(w->t, w->groups, name, len) : NULL;
}

static void cfg_undefined(struct cfg_walk *w, struct jnode *item, const char *name, size_t len)
{
	char a[64], b[64];

	if (item->flags & JN_NOTED)
		return;
	item->flags |= JN_NOTED;
	jdiag_word(a, sizeof(a), item->word, item->len);
	if (name == item->word) {
		cfg_warn(w->warns, item->loc,
			 "apply-groups names \"%s\", which is not defined under groups: nothing is "
			 "inherited from it",
			 a);
		return;
	}
	w->nodes->warned = true;
	cfg_warn(w->warns, item->loc,
		 "apply-groups \"%s\" stands for %s, this node, which has no group: nothing is "
		 "inherited from it",
		 a, jdiag_word(b, sizeof(b), name, len));
}

/* "${node}": each per-node group defined could be the one meant. */
static void cfg_node_var(struct cfg_walk *w, int level)
{
	const struct jnode *g;

	for (g = w->groups ? w->groups->first : NULL; g; g = g->next) {
		if (!cfg_is_node_name(g->word, g->len))
			continue;
		if (w->nodes->node)
			cfg_node_seen(w->nodes, g);
		else
			cfg_node_unknown(w, level, g);
	}
}

/*
 * The group's `when`, for a group about to be applied: 0 when it applies,
 * 1 when it does not (or cannot be told: nodes->undecided says so when it
 * matters).
 */
static int cfg_apply_when(struct cfg_walk *w, struct jnode *g)
{
	struct cfg_when_info wi;
	struct jnode *br;
	char a[64], t[16];
	struct tm tm;
	time_t now;
	bool on;

	switch (cfg_when_decide(g, w->nodes, &wi)) {
	case CFG_WHEN_YES:
		br = cfg_group_br(w, g, &on);
		/* Decided by the clock: true now, maybe not in an hour. */
		if (wi.by_time && br && on && !(g->flags & JN_NOTED)) {
			g->flags |= JN_NOTED;
			now = w->nodes->now ? (time_t)w->nodes->now : time(NULL);
			localtime_r(&now, &tm);
			strftime(t, sizeof(t), "%H:%M", &tm);
			cfg_warn(w->warns, g->loc,
				 "group %s applies by its \"when time\" as of %s, when the "
				 "configuration was read: xbr does not decide again until a reload",
				 jdiag_word(a, sizeof(a), g->word, g->len), t);
		}
		return 0;
	case CFG_WHEN_NO:
		return 1;
	case CFG_WHEN_NODE:
		cfg_node_seen(w->nodes, wi.node);
		br = cfg_group_br(w, g, &on);
		if (!w->nodes->depends && br && on) {
			w->nodes->depends = br;
			w->nodes->depends_group = g;
			w->nodes->depends_node = wi.node;
			w->nodes->depends_family = w->family;
		}
		return 1;
	case CFG_WHEN_UNDECIDED:
		br = cfg_group_br(w, g, &on);
		if (!w->nodes->undecided && br && on) {
			w->nodes->undecided = wi.cond;
			w->nodes->undecided_group = g;
			w->nodes->undecided_family = w->family;
			snprintf(w->nodes->undecided_why, sizeof(w->nodes->undecided_why), "%s",
				 wi.why);
		}
		return 1;
	}
	return 1;
}

/* One name of an apply-groups list at level. */
static int cfg_apply_one(struct cfg_walk *w, int level, struct jnode *item)
{
	const struct cfg_nodes *nodes = w->nodes;
	const char *name = item->word;
	size_t len = item->len;
	struct jnode *g, *br;
	bool on;

	if (cfg_is(item, CFG_NODE_VAR, strlen(CFG_NODE_VAR))) {
		cfg_node_var(w, level);
		if (!nodes->node)
			return 0;
		name = nodes->node;
		len = nodes->node_len;
	} else if (cfg_is_node_name(name, len)) {
		g = cfg_group(w, name, len);
		if (!nodes->node && g) {
			cfg_node_unknown(w, level, g);
			return 0;
		}
		cfg_node_seen(w->nodes, item);
		/* Another node's group, or this one's while the node is unknown. */
		if (!nodes->node || len != nodes->node_len || memcmp(name, nodes->node, len))
			return 0;
	}
	if (cfg_excepted(w, level, name, len))
		return 0;
	g = cfg_group(w, name, len);
	if (!g) {
		cfg_undefined(w, item, name, len);
		return 0;
	}
	if (cfg_apply_when(w, g))
		return 0;
	br = cfg_group_br(w, g, &on);
	/* Applied at a deeper level already, with a higher priority. */
	if (!br || (g->flags & JN_MARK))
		return 0;
	if (cfg_source_add(w, br, g, on))
		return -1;
	g->flags |= JN_MARK; /* cleared by cfg_sources_find() */
	return 0;
}

int cfg_sources_find(struct jtree *t, const char *family, struct cfg_nodes *nodes,
		     struct cfg_diags *warns, struct cfg_sources *out, struct cfg_diag *err)
{
	struct cfg_walk w = {
		.t = t, .family = family, .nodes = nodes, .warns = warns, .out = out, .err = err
	};
	struct jnode *ag, *item;
	size_t first = out->n, i;
	int level, ret = 0;

	w.lv[LV_TOP] = &t->root;
	w.lv[LV_SYSTEM] = cfg_child(t, &t->root, "system");
	w.lv[LV_BR] = cfg_child(t, w.lv[LV_SYSTEM], family);
	w.groups = cfg_child(t, &t->root, "groups");
	w.main_off = cfg_off(w.lv[LV_SYSTEM]) || cfg_off(w.lv[LV_BR]);
	if (w.lv[LV_BR] && cfg_source_add(&w, w.lv[LV_BR], NULL,
					  jnode_live(w.lv[LV_SYSTEM]) && jnode_live(w.lv[LV_BR])))
		return -1;
	for (level = LV_BR; level >= LV_TOP && !ret; level--) {
		ag = cfg_child(t, w.lv[level], "apply-groups");
		if (!ag || cfg_off(ag))
			continue;
		for (item = ag->first; item && !ret; item = item->next)
			if (!cfg_off(item))
				ret = cfg_apply_one(&w, level, item);
	}
	for (i = first; i < out->n; i++)
		if (out->v[i].group)
			((struct jnode *)out->v[i].group)->flags &= ~JN_MARK;
	return ret;
}

void cfg_node_names(const struct cfg_nodes *nodes, char *buf, size_t size)
{
	size_t i, o = 0;
	char w[64];
	int r;

	buf[0] = '\0';
	for (i = 0; i < nodes->n_names; i++) {
		r = snprintf(buf + o, size - o, "%s%s", i ? ", " : "",
			     jdiag_word(w, sizeof(w), nodes->names[i]->word, nodes->names[i]->len));
		if (r < 0 || (size_t)r >= size - o)
			return;
		o += (size_t)r;
	}
	if (nodes->more_names)
		snprintf(buf + o, size - o, ", ...");
}

int cfg_group_containers(struct jtree *t, const char *family,
			 int (*fn)(struct jnode *br, void *arg), void *arg)
{
	struct jnode *groups = cfg_child(t, &t->root, "groups"), *g, *br;
	int ret = 0;

	for (g = groups ? groups->first : NULL; g && !ret; g = g->next) {
		br = cfg_child(t, cfg_child(t, g, "system"), family);
		if (br)
			ret = fn(br, arg);
	}
	return ret;
}
