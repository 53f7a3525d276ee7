// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The little of the Junos schema the statement tree has to know.
 *
 * One word per node puts `backup-router 10.0.0.1 destination X` on the path
 * backup-router → 10.0.0.1 → destination → X, but in Junos the address is
 * a value whose keyword ("address") is left out, and `destination` is its
 * sibling: `deactivate system backup-router destination X` must find X
 * whether or not the address was given on the same line. For the containers
 * listed here the tree is built the way Junos sees it:
 * backup-router → { address → 10.0.0.1, destination → X }.
 */
#include <stdio.h>
#include <string.h>
#include "config/junos/junos.h"

/*
 * apply-groups and apply-groups-except may stand at any level (groups.c):
 * inside the container they are keywords, not a bare address.
 */
static const char *const jschema_backup_router_keywords[] = { "address", "destination",
							      "apply-groups", "apply-groups-except",
							      NULL };
/* One backup router per family: a new address replaces the old one. */
static const char *const jschema_backup_router_single[] = { "address", NULL };

static const struct jcontainer jschema_containers[] = {
	{ "backup-router", "system", "address", jschema_backup_router_keywords,
	  jschema_backup_router_single },
	{ "inet6-backup-router", "system", "address", jschema_backup_router_keywords,
	  jschema_backup_router_single },
};

static bool jschema_word_is(const char *word, size_t len, const char *s)
{
	return len == strlen(s) && !memcmp(word, s, len);
}

/* The top of the configuration, or of a configuration group (`groups NAME`). */
static bool jschema_is_top(const struct jtree *t, const struct jnode *n)
{
	if (n == &t->root)
		return true;
	return n->parent && n->parent->parent == &t->root &&
	       jschema_word_is(n->parent->word, n->parent->len, "groups");
}

const struct jcontainer *jschema_container(const struct jtree *t, const struct jnode *n)
{
	const struct jcontainer *c;
	size_t i;

	if (n == &t->root || !n->parent || n->parent == &t->root)
		return NULL;
	for (i = 0; i < sizeof(jschema_containers) / sizeof(jschema_containers[0]); i++) {
		c = &jschema_containers[i];
		if (jschema_word_is(n->word, n->len, c->name) &&
		    jschema_word_is(n->parent->word, n->parent->len, c->parent) &&
		    jschema_is_top(t, n->parent->parent))
			return c;
	}
	return NULL;
}

static bool jschema_in(const char *const *list, const char *word, size_t len)
{
	for (; *list; list++)
		if (jschema_word_is(word, len, *list))
			return true;
	return false;
}

bool jschema_is_keyword(const struct jcontainer *c, const char *word, size_t len)
{
	return jschema_in(c->keywords, word, len);
}

bool jschema_is_single(const struct jcontainer *c, const char *word, size_t len)
{
	return jschema_in(c->single, word, len);
}

void jschema_keywords(const struct jcontainer *c, char *buf, size_t size)
{
	size_t i, o = 0, n = 0;
	int r;

	while (c->keywords[n])
		n++;
	if (size)
		buf[0] = '\0';
	for (i = 0; i < n && o < size; i++) {
		r = snprintf(buf + o, size - o, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "",
			     c->keywords[i]);
		if (r < 0 || (size_t)r >= size - o)
			return;
		o += (size_t)r;
	}
}
