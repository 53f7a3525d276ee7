// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * `system backup-router` and `system inet6-backup-router`, read out of the
 * statement tree (junos.h).
 *
 * In the Junos schema a backup router is a container holding one address and
 * a list of destinations, which is why all of these mean the same:
 *
 *   set system backup-router 10.0.0.1 destination [ 172.16.0.0/13 ]
 *   set system backup-router 10.0.0.1
 *   set system backup-router destination 172.16.0.0/13
 *   system { backup-router 10.0.0.1 destination 172.16.0.0/13; }
 *   system { backup-router 10.0.0.1 { destination 172.16.0.0/13; } }
 *   system { backup-router { address 10.0.0.1; destination 172.16.0.0/13; } }
 *
 * and why a second address replaces the first (the last one set wins) while
 * destinations add up. Statements that are not in effect (inactive, or in a
 * group not applied here) are still checked, as Junos checks them when they
 * are loaded, but not used. Groups are resolved in groups.c: the
 * main configuration and the groups applied to it are read in priority
 * order, the first address wins and the destinations are merged.
 */
#include <stdlib.h>
#include <string.h>
#include "config/config_priv.h"

struct cfg_family {
	int family;
	const char *name;    /* its statement */
	const char *other;   /* the other family's statement */
	const char *ip;	     /* "IPv4" */
	const char *example; /* a prefix, for messages */
};

static const struct cfg_family cfg_inet = { AF_INET, "backup-router", "inet6-backup-router", "IPv4",
					    "172.16.0.0/13" };
static const struct cfg_family cfg_inet6 = { AF_INET6, "inet6-backup-router", "backup-router",
					     "IPv6", "2001:db8:ffff::/48" };

struct cfg_dest {
	struct cfg_prefix p;
	size_t order; /* in priority order, then the configuration's */
	size_t src;   /* index of its struct cfg_source */
	bool dup;
};

/* One family being read out of the tree. */
struct cfg_extract {
	const struct cfg_family *fam;
	struct cfg_diags *warns;
	struct cfg_diag *err;
	struct cfg_diags *errs;	    /* checking: every mistake goes here, and the walk goes on */
	const struct jnode *gw;	    /* the address in effect */
	const struct jnode *gw_off; /* an address not in effect (inactive) */
	struct cfg_addr gw_addr;
	size_t gw_src;
	size_t src;		     /* the source being read */
	const struct jnode *dest_kw; /* first "destination" in effect */
	struct cfg_dest *dests;
	size_t n_dests, cap_dests;
};

static bool cfg_word_is(const struct jnode *n, const char *s)
{
	return n->len == strlen(s) && !memcmp(n->word, s, n->len);
}

static const char *cfg_word(char *buf, size_t size, const struct jnode *n)
{
	return jdiag_word(buf, size, n->word, n->len);
}

/*
 * A statement that runs on into the next line, where the word that does not
 * belong starts: the likely mistake is a missing ";" at the end of the line.
 */
static bool cfg_line_break(const struct jnode *n)
{
	return n->prev_end.line && n->loc.line > n->prev_end.line;
}

/* *x->err is set: the end of the reading, or (checking) one more mistake and on to the next. */
static int cfg_fail(struct cfg_extract *x)
{
	if (!x->errs)
		return -1;
	cfg_diags_add(x->errs, x->err);
	return 0;
}

static int cfg_missing_semi(struct cfg_extract *x, const struct jnode *n)
{
	char w[64];

	jdiag_set(x->err, n->prev_end, "expected \";\" before \"%s\"", cfg_word(w, sizeof(w), n));
	return cfg_fail(x);
}

static int cfg_gateway(struct cfg_extract *x, const struct jnode *n, bool on)
{
	const struct cfg_family *f = x->fam;
	char w[64], why[96];
	struct cfg_prefix p;

	cfg_word(w, sizeof(w), n);
	if (cfg_prefix_parse(n->word, n->len, &p, NULL, why, sizeof(why))) {
		if (cfg_line_break(n))
			return cfg_missing_semi(x, n);
		/* Whatever it looks like, this statement wants its own family's address. */
		if (p.addr.family != f->family)
			jdiag_set(x->err, n->loc,
				  "unexpected \"%s\" under %s: expected the backup router's %s "
				  "address or \"destination\"",
				  w, f->name, f->ip);
		else
			jdiag_set(x->err, n->loc, "invalid %s address \"%s\": %s", f->ip, w, why);
		return cfg_fail(x);
	}
	if (memchr(n->word, '/', n->len)) {
		jdiag_set(x->err, n->loc,
			  "invalid %s address \"%s\": the backup router is an address, without "
			  "\"/length\"",
			  f->name, w);
		return cfg_fail(x);
	}
	if (p.addr.family != f->family) {
		jdiag_set(x->err, n->loc, "%s address %s under %s; use %s",
			  p.addr.family == AF_INET ? "IPv4" : "IPv6", w, f->name, f->other);
		return cfg_fail(x);
	}
	if (!cfg_addr_is_unicast(&p.addr)) {
		jdiag_set(x->err, n->loc, "%s address %s is not a unicast address", f->name, w);
		return cfg_fail(x);
	}
	if (!on) {
		x->gw_off = x->gw_off ? x->gw_off : n;
		return 0;
	}
	/*
	 * A container holds one address (schema.c); of several sources,
	 * the first (the highest priority) has its way.
	 */
	if (!x->gw) {
		x->gw = n;
		x->gw_addr = p.addr;
		x->gw_src = x->src;
	}
	return 0;
}

static int cfg_dest(struct cfg_extract *x, const struct jnode *n, bool on)
{
	const struct cfg_family *f = x->fam;
	char w[64], why[96], norm[96];
	struct cfg_dest *d;
	struct cfg_prefix p;
	bool host_bits;

	cfg_word(w, sizeof(w), n);
	if (cfg_prefix_parse(n->word, n->len, &p, &host_bits, why, sizeof(why))) {
		if (cfg_line_break(n))
			return cfg_missing_semi(x, n);
		if (p.addr.family != f->family)
			jdiag_set(x->err, n->loc,
				  "invalid destination \"%s\": expected an %s prefix such as %s", w,
				  f->ip, f->example);
		else
			jdiag_set(x->err, n->loc, "invalid %s prefix \"%s\": %s", f->ip, w, why);
		return cfg_fail(x);
	}
	if (p.addr.family != f->family) {
		jdiag_set(x->err, n->loc, "%s destination %s under %s; use %s",
			  p.addr.family == AF_INET ? "IPv4" : "IPv6", w, f->name, f->other);
		return cfg_fail(x);
	}
	if (!on)
		return 0;
	cfg_prefix_str(&p, norm, sizeof(norm));
	if (host_bits)
		cfg_warn(x->warns, n->loc, "%s has host bits set; using %s", w, norm);
	if (n->n_term > 1)
		cfg_warn(x->warns, n->last,
			 "duplicate destination %s (also at %d:%d); using it once", w, n->loc.line,
			 n->loc.col);
	if (x->n_dests == x->cap_dests) {
		size_t cap = x->cap_dests ? x->cap_dests * 2 : 8;
		struct cfg_dest *v = realloc(x->dests, cap * sizeof(*v));

		if (!v) {
			jdiag_set(x->err, n->loc, "out of memory");
			return -1;
		}
		x->dests = v;
		x->cap_dests = cap;
	}
	d = &x->dests[x->n_dests];
	d->p = p;
	d->p.loc = n->loc;
	d->order = x->n_dests++;
	d->src = x->src;
	d->dup = false;
	return 0;
}

/* "destination" and its prefixes (one, or each item of a list). */
static int cfg_dest_kw(struct cfg_extract *x, const struct jnode *kw, bool on)
{
	const struct jnode *c;

	if (!kw->first) {
		jdiag_set(
			x->err, kw->loc,
			"\"destination\" needs a prefix: destination %s, or destination [ %s ... ]",
			x->fam->example, x->fam->example);
		return cfg_fail(x);
	}
	on = on && jnode_live((struct jnode *)kw);
	if (on && !x->dest_kw)
		x->dest_kw = kw;
	for (c = kw->first; c; c = c->next)
		if (cfg_dest(x, c, on && jnode_live((struct jnode *)c)))
			return -1;
	return 0;
}

/*
 * The container's children: "destination" and "address" (given or implied),
 * and apply-groups, the only keywords the tree puts under it (schema.c).
 */
static int cfg_family_walk(struct cfg_extract *x, const struct jnode *br, bool on)
{
	const struct jnode *c, *a;
	bool con;

	for (c = br->first; c; c = c->next) {
		con = on && jnode_live((struct jnode *)c);
		if (cfg_word_is(c, "apply-groups") || cfg_word_is(c, "apply-groups-except"))
			continue; /* groups.c */
		if (cfg_word_is(c, "destination")) {
			if (cfg_dest_kw(x, c, con))
				return -1;
			continue;
		}
		if (!c->first) {
			jdiag_set(x->err, c->loc, "\"address\" needs the backup router's address");
			if (cfg_fail(x))
				return -1;
			continue;
		}
		for (a = c->first; a; a = a->next)
			if (cfg_gateway(x, a, con && jnode_live((struct jnode *)a)))
				return -1;
	}
	return 0;
}

static int cfg_dest_cmp(const void *pa, const void *pb)
{
	const struct cfg_dest *a = pa, *b = pb;
	int r = cfg_prefix_cmp(&a->p, &b->p);

	if (r)
		return r;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int cfg_order_cmp(const void *pa, const void *pb)
{
	const struct cfg_dest *a = pa, *b = pb;

	if (a->dup != b->dup)
		return a->dup ? 1 : -1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/*
 * Different spellings of one prefix ("10.0.0.1" and "10.0.0.1/32", or
 * "172.16.128.0/13" once normalised): keep the first. Sorting keeps this
 * O(n log n) for the longest lists.
 */
static void cfg_dedup(struct cfg_extract *x)
{
	struct cfg_dest *v = x->dests;
	size_t i, keep = 0, n = 0;
	char s[64];

	if (x->n_dests < 2)
		return;
	qsort(v, x->n_dests, sizeof(*v), cfg_dest_cmp);
	for (i = 1; i < x->n_dests; i++) {
		if (cfg_prefix_cmp(&v[keep].p, &v[i].p)) {
			keep = i;
			continue;
		}
		v[i].dup = true;
		/* A group and what it is applied to may well list the same prefix. */
		if (v[i].src != v[keep].src)
			continue;
		cfg_prefix_str(&v[i].p, s, sizeof(s));
		cfg_warn(x->warns, v[i].p.loc,
			 "duplicate destination %s (also at %d:%d); using it once", s,
			 v[keep].p.loc.line, v[keep].p.loc.col);
	}
	qsort(v, x->n_dests, sizeof(*v), cfg_order_cmp);
	while (n < x->n_dests && !v[n].dup)
		n++;
	x->n_dests = n;
}

int cfg_family_read(int family, const struct cfg_sources *srcs, struct cfg_backup_router *out,
		    struct cfg_diags *warns, struct cfg_diag *err)
{
	const struct cfg_family *f = family == AF_INET ? &cfg_inet : &cfg_inet6;
	struct cfg_extract x = { .fam = f, .warns = warns, .err = err };
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < srcs->n; i++) {
		x.src = i;
		if (cfg_family_walk(&x, srcs->v[i].br, srcs->v[i].on))
			goto fail;
	}
	if (!x.gw) {
		if (!x.dest_kw) {
			free(x.dests);
			return 0;
		}
		if (x.gw_off)
			jdiag_set(err, x.dest_kw->loc,
				  "%s destination without an address: the address at %d:%d is "
				  "inactive",
				  f->name, x.gw_off->loc.line, x.gw_off->loc.col);
		else
			jdiag_set(err, x.dest_kw->loc,
				  "%s destination without an address: give the backup router, as "
				  "in \"%s ADDRESS destination ...\"",
				  f->name, f->name);
		goto fail;
	}
	cfg_dedup(&x);
	if (!x.n_dests) {
		/* No destination: every destination, as one default route. */
		x.dests = malloc(sizeof(*x.dests));
		if (!x.dests) {
			jdiag_set(err, x.gw->loc, "out of memory");
			return -1;
		}
		memset(x.dests, 0, sizeof(*x.dests));
		x.dests[0].p.addr.family = f->family;
		x.dests[0].p.loc = x.gw->loc;
		x.dests[0].src = x.gw_src;
		x.n_dests = 1;
		out->default_implied = true;
	}
	out->dests = calloc(x.n_dests, sizeof(*out->dests));
	if (!out->dests) {
		jdiag_set(err, x.gw->loc, "out of memory");
		goto fail;
	}
	for (i = 0; i < x.n_dests; i++) {
		out->dests[i] = x.dests[i].p;
		out->dests[i].group = srcs->v[x.dests[i].src].name;
	}
	out->n_dests = x.n_dests;
	out->present = true;
	out->gateway = x.gw_addr;
	out->loc = x.gw->loc;
	out->group = srcs->v[x.gw_src].name;
	free(x.dests);
	return 0;
fail:
	free(x.dests);
	memset(out, 0, sizeof(*out));
	return -1;
}

/* Every mistake is reported, wherever it is. */
struct cfg_check {
	const struct cfg_family *fam;
	struct cfg_diags *errs;
};

static int cfg_check_container(struct jnode *br, void *arg)
{
	struct cfg_check *c = arg;
	struct cfg_diag e;
	struct cfg_extract x = { .fam = c->fam, .err = &e, .errs = c->errs };

	cfg_family_walk(&x, br, false);
	return 0;
}

bool cfg_check_all(struct jtree *t, struct cfg_diags *errs)
{
	const struct cfg_family *fams[] = { &cfg_inet, &cfg_inet6 };
	struct cfg_check c = { .errs = errs };
	struct jnode *sys = jtree_child(t, &t->root, "system", 6), *br;
	size_t i, before = errs->n + errs->dropped;

	for (i = 0; i < 2; i++) {
		c.fam = fams[i];
		br = sys ? jtree_child(t, sys, c.fam->name, strlen(c.fam->name)) : NULL;
		if (br)
			cfg_check_container(br, &c);
		cfg_group_containers(t, c.fam->name, cfg_check_container, &c);
	}
	return errs->n + errs->dropped == before;
}
