// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The statements on the path to a backup router, checked against the shape
 * Junos gives them.
 *
 * One node per word (junos.h) reads any run of words, so a statement Junos
 * would refuse can still land in the tree and take a backup router with
 * it: `host-name r1` without its ";" and `backup-router 10.0.0.1;` on the
 * next line make one statement, host-name → r1 → backup-router → ...,
 * and no backup router. Junos rejects that file; so does this check, for
 * the statements at the top of the configuration (and of each group) and
 * in [edit system], whose shapes it knows:
 *
 *   - a statement that takes one value (host-name, version) with more
 *     words after it, a flag (no-redirects) with any, a list of values
 *     (apply-groups) whose values have words after them: an error, at the
 *     word that does not belong ("expected ;" when it starts a line);
 *   - any statement run on over a line break into a word that is the name
 *     of a statement of that level: an error, a ";" is missing there
 *     (text only: XML and JSON have no such thing);
 *   - a name that is not a statement but is close to one xbr reads
 *     (inet6-backuprouter, backup-routers, sytem): a warning naming it.
 *
 * Statements it does not know are read and ignored, as before: a later
 * Junos release has statements this list lacks.
 */
#include <stdio.h>
#include <string.h>
#include "config/junos/junos.h"

enum jshape {
	JSHAPE_ANY,   /* a container, a list of objects, or one xbr does not check */
	JSHAPE_VALUE, /* one value: host-name r1 */
	JSHAPE_FLAG,  /* no value: no-redirects */
	JSHAPE_LIST,  /* values: authentication-order [ radius password ] */
};

struct jstatement {
	const char *name;
	enum jshape shape;
};

/* The top of a configuration, and of a group (`when` is only there). */
static const struct jstatement jshape_top[] = {
	{ "version", JSHAPE_VALUE },
	{ "rcsid", JSHAPE_VALUE },
	{ "apply-groups", JSHAPE_LIST },
	{ "apply-groups-except", JSHAPE_LIST },
	{ "groups", JSHAPE_ANY },
	{ "when", JSHAPE_ANY },
	{ "system", JSHAPE_ANY },
	{ "chassis", JSHAPE_ANY },
	{ "interfaces", JSHAPE_ANY },
	{ "snmp", JSHAPE_ANY },
	{ "forwarding-options", JSHAPE_ANY },
	{ "routing-options", JSHAPE_ANY },
	{ "protocols", JSHAPE_ANY },
	{ "policy-options", JSHAPE_ANY },
	{ "class-of-service", JSHAPE_ANY },
	{ "firewall", JSHAPE_ANY },
	{ "routing-instances", JSHAPE_ANY },
	{ "logical-systems", JSHAPE_ANY },
	{ "security", JSHAPE_ANY },
	{ "services", JSHAPE_ANY },
	{ "applications", JSHAPE_ANY },
	{ "access", JSHAPE_ANY },
	{ "access-profile", JSHAPE_ANY },
	{ "accounting-options", JSHAPE_ANY },
	{ "bridge-domains", JSHAPE_ANY },
	{ "event-options", JSHAPE_ANY },
	{ "ethernet-switching-options", JSHAPE_ANY },
	{ "vlans", JSHAPE_ANY },
	{ "switch-options", JSHAPE_ANY },
	{ "virtual-chassis", JSHAPE_ANY },
	{ "multi-chassis", JSHAPE_ANY },
	{ "multicast-snooping-options", JSHAPE_ANY },
	{ "dynamic-profiles", JSHAPE_ANY },
	{ "fabric", JSHAPE_ANY },
	{ "poe", JSHAPE_ANY },
	{ "schedulers", JSHAPE_ANY },
	{ "smtp", JSHAPE_ANY },
	{ "tenants", JSHAPE_ANY },
	{ "vmhost", JSHAPE_ANY },
	{ "wlan", JSHAPE_ANY },
	{ "apply-macro", JSHAPE_ANY },
	{ NULL, JSHAPE_ANY },
};

/* [edit system]. */
static const struct jstatement jshape_system[] = {
	{ "host-name", JSHAPE_VALUE },
	{ "domain-name", JSHAPE_VALUE },
	{ "time-zone", JSHAPE_VALUE },
	{ "dump-device", JSHAPE_VALUE },
	{ "max-configurations-on-flash", JSHAPE_VALUE },
	{ "max-configuration-rollbacks", JSHAPE_VALUE },
	{ "saved-core-files", JSHAPE_VALUE },
	{ "nd-maxmcast-solicit", JSHAPE_VALUE },
	{ "nd-retransmit-timer", JSHAPE_VALUE },
	{ "radius-disconnect-port", JSHAPE_VALUE },
	{ "domain-search", JSHAPE_LIST },
	{ "authentication-order", JSHAPE_LIST },
	{ "apply-groups", JSHAPE_LIST },
	{ "apply-groups-except", JSHAPE_LIST },
	{ "allow-v4mapped-packets", JSHAPE_FLAG },
	{ "auto-snapshot", JSHAPE_FLAG },
	{ "compress-configuration-files", JSHAPE_FLAG },
	{ "no-compress-configuration-files", JSHAPE_FLAG },
	{ "default-address-selection", JSHAPE_FLAG },
	{ "donot-disable-ip6op-ondad", JSHAPE_FLAG },
	{ "dump-on-panic", JSHAPE_FLAG },
	{ "encrypt-configuration-files", JSHAPE_FLAG },
	{ "management-instance", JSHAPE_FLAG },
	{ "mirror-flash-on-disk", JSHAPE_FLAG },
	{ "no-multicast-echo", JSHAPE_FLAG },
	{ "no-neighbor-learn", JSHAPE_FLAG },
	{ "no-ping-record-route", JSHAPE_FLAG },
	{ "no-ping-time-stamp", JSHAPE_FLAG },
	{ "no-redirects", JSHAPE_FLAG },
	{ "no-redirects-ipv6", JSHAPE_FLAG },
	{ "saved-core-context", JSHAPE_FLAG },
	{ "no-saved-core-context", JSHAPE_FLAG },
	{ "use-imported-time-zones", JSHAPE_FLAG },
	{ "backup-router", JSHAPE_ANY }, /* schema.c and backup.c read these */
	{ "inet6-backup-router", JSHAPE_ANY },
	{ "accounting", JSHAPE_ANY },
	{ "apply-macro", JSHAPE_ANY },
	{ "archival", JSHAPE_ANY },
	{ "arp", JSHAPE_ANY },
	{ "autoinstallation", JSHAPE_ANY },
	{ "commit", JSHAPE_ANY },
	{ "configuration-database", JSHAPE_ANY },
	{ "ddos-protection", JSHAPE_ANY },
	{ "diag-port-authentication", JSHAPE_ANY },
	{ "dynamic-profile-options", JSHAPE_ANY },
	{ "export-format", JSHAPE_ANY },
	{ "extensions", JSHAPE_ANY },
	{ "fips", JSHAPE_ANY },
	{ "health-monitor", JSHAPE_ANY },
	{ "internet-options", JSHAPE_ANY },
	{ "kernel-replication", JSHAPE_ANY },
	{ "license", JSHAPE_ANY },
	{ "location", JSHAPE_ANY },
	{ "login", JSHAPE_ANY },
	{ "master-password", JSHAPE_ANY },
	{ "name-server", JSHAPE_ANY },
	{ "no-hidden-commands", JSHAPE_ANY },
	{ "ntp", JSHAPE_ANY },
	{ "packet-forwarding-options", JSHAPE_ANY },
	{ "phone-home", JSHAPE_ANY },
	{ "pic-console-authentication", JSHAPE_ANY },
	{ "ports", JSHAPE_ANY },
	{ "processes", JSHAPE_ANY },
	{ "proxy", JSHAPE_ANY },
	{ "radius-options", JSHAPE_ANY },
	{ "radius-server", JSHAPE_ANY },
	{ "root-authentication", JSHAPE_ANY },
	{ "scripts", JSHAPE_ANY },
	{ "security-profile", JSHAPE_ANY },
	{ "services", JSHAPE_ANY },
	{ "static-host-mapping", JSHAPE_ANY },
	{ "syslog", JSHAPE_ANY },
	{ "tacplus-options", JSHAPE_ANY },
	{ "tacplus-server", JSHAPE_ANY },
	{ "tracing", JSHAPE_ANY },
	{ NULL, JSHAPE_ANY },
};

/* The statements xbr reads at each level: a near miss of one loses a backup router. */
static const char *const jshape_top_read[] = { "system", "groups", "apply-groups",
					       "apply-groups-except", NULL };
static const char *const jshape_system_read[] = { "backup-router", "inet6-backup-router",
						  "apply-groups", "apply-groups-except", NULL };

struct jshape_level {
	const struct jstatement *known;
	const char *const *read;
	const char *where; /* for messages: "" or "system " */
};

static const struct jshape_level jshape_levels[] = {
	{ jshape_top, jshape_top_read, "" },
	{ jshape_system, jshape_system_read, "system " },
};

static bool jshape_is(const struct jnode *n, const char *s)
{
	return n->len == strlen(s) && !memcmp(n->word, s, n->len);
}

static const struct jstatement *jshape_find(const struct jstatement *v, const struct jnode *n)
{
	for (; v->name; v++)
		if (jshape_is(n, v->name))
			return v;
	return NULL;
}

unsigned int jschema_distance(const char *a, size_t alen, const char *b, size_t blen,
			      unsigned int max)
{
	enum { MAXLEN = 64 };
	unsigned int rows[3][MAXLEN + 1], *pp = rows[0], *p = rows[1], *c = rows[2], *t, best;
	size_t i, j;

	if (alen > MAXLEN || blen > MAXLEN || (alen > blen ? alen - blen : blen - alen) > max)
		return max + 1;
	for (j = 0; j <= blen; j++)
		p[j] = (unsigned int)j;
	for (i = 1; i <= alen; i++) {
		c[0] = (unsigned int)i;
		best = c[0];
		for (j = 1; j <= blen; j++) {
			unsigned int v = p[j - 1] + (a[i - 1] != b[j - 1]);

			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		/* Two rows back, one back, this one: the oldest is written next. */
		t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[blen] > max ? max + 1 : p[blen];
}

struct jshape_walk {
	struct jtree *t;
	bool text;
};

/* A word that runs a statement on past the end of its line: the ";" before it is missing. */
static bool jshape_line_break(const struct jnode *n)
{
	return n->prev_end.line && n->loc.line > n->prev_end.line;
}

static void jshape_missing_semi(struct jshape_walk *w, const struct jnode *n)
{
	char a[64];

	jtree_errorf(w->t, n->prev_end, "expected \";\" before \"%s\"",
		     jdiag_word(a, sizeof(a), n->word, n->len));
}

/* The words after a value, or after a flag. */
static void jshape_extra(struct jshape_walk *w, const struct jnode *stmt, const struct jnode *value,
			 const struct jnode *extra)
{
	char a[64], b[64], c[64];

	if (jshape_line_break(extra)) {
		jshape_missing_semi(w, extra);
		return;
	}
	jdiag_word(a, sizeof(a), stmt->word, stmt->len);
	jdiag_word(c, sizeof(c), extra->word, extra->len);
	if (!value) {
		jtree_errorf(w->t, extra->loc, "%s takes no value: \"%s\"", a, c);
		return;
	}
	jdiag_word(b, sizeof(b), value->word, value->len);
	jtree_errorf(w->t, extra->loc, "%s takes one value: \"%s\" after \"%s\"", a, c, b);
}

static void jshape_statement(struct jshape_walk *w, const struct jnode *n,
			     const struct jstatement *s)
{
	const struct jnode *v;
	char a[64];

	switch (s->shape) {
	case JSHAPE_FLAG:
		if (n->first)
			jshape_extra(w, n, NULL, n->first);
		break;
	case JSHAPE_VALUE:
	case JSHAPE_LIST:
		if (!n->first && n->n_term) {
			jtree_errorf(w->t, n->loc, "%s needs a value",
				     jdiag_word(a, sizeof(a), n->word, n->len));
			break;
		}
		for (v = n->first; v; v = v->next)
			if (v->first)
				jshape_extra(w, n, v, v->first);
		break;
	case JSHAPE_ANY:
		break;
	}
}

/*
 * Below a statement of the level, any word that starts a line and is the
 * name of a statement of the level: pre-order without a stack.
 */
static void jshape_run_on(struct jshape_walk *w, const struct jnode *top,
			  const struct jstatement *known)
{
	const struct jnode *n = top->first;

	while (n) {
		if (jshape_line_break(n) && jshape_find(known, n)) {
			jshape_missing_semi(w, n);
			return; /* one per statement: the rest is the same mistake */
		}
		if (n->first) {
			n = n->first;
			continue;
		}
		while (n != top && !n->next)
			n = n->parent;
		n = n == top ? NULL : n->next;
	}
}

/* Not a statement of the level: close to one xbr reads? */
static void jshape_near(struct jshape_walk *w, const struct jnode *n, const struct jshape_level *lv)
{
	const char *const *r;
	unsigned int max = n->len >= 8 ? 2 : 1;
	char a[64], msg[256];

	if (!w->t->warn || (n->flags & JN_QUOTED))
		return;
	for (r = lv->read; *r; r++) {
		if (jschema_distance(n->word, n->len, *r, strlen(*r), max) > max)
			continue;
		snprintf(msg, sizeof(msg),
			 "%s\"%s\" is not a statement xbr knows: did you mean \"%s\"? (read and "
			 "ignored)",
			 lv->where, jdiag_word(a, sizeof(a), n->word, n->len), *r);
		w->t->warn(w->t->warn_arg, n->loc, msg);
		return;
	}
}

/* The statements under parent, which stands at level lv. */
static void jshape_level(struct jshape_walk *w, const struct jnode *parent,
			 const struct jshape_level *lv)
{
	const struct jstatement *s;
	const struct jnode *n;

	for (n = parent->first; n; n = n->next) {
		s = jshape_find(lv->known, n);
		if (!s) {
			jshape_near(w, n, lv);
		} else {
			jshape_statement(w, n, s);
		}
		/* system has a level of its own; a group's content is checked as a top. */
		if (lv == &jshape_levels[0] && (jshape_is(n, "system") || jshape_is(n, "groups")))
			continue;
		if (w->text && !(s && s->shape != JSHAPE_ANY))
			jshape_run_on(w, n, lv->known);
	}
}

static void jshape_top_level(struct jshape_walk *w, const struct jnode *top)
{
	const struct jnode *sys = jtree_child(w->t, top, "system", 6);

	jshape_level(w, top, &jshape_levels[0]);
	if (sys)
		jshape_level(w, sys, &jshape_levels[1]);
}

void jschema_check(struct jtree *t, bool text)
{
	struct jshape_walk w = { .t = t, .text = text };
	const struct jnode *groups = jtree_child(t, &t->root, "groups", 6), *g;

	jshape_top_level(&w, &t->root);
	for (g = groups ? groups->first : NULL; g; g = g->next)
		jshape_top_level(&w, g);
}
