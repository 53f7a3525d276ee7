// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Junos JSON into the statement tree, read with json-c.
 *
 * `show configuration | display json` and the JSON of <get-configuration
 * format="json">, in the two styles Junos has written (Junos XML API guide,
 * "Mapping configuration statements to JSON"; [edit system export-format
 * json]):
 *
 *   ietf (since 16.1)                      verbose (before, and on request)
 *   "system" : { ... }                     "system" : [{ ... }]
 *   "host-name" : "r1"                     "host-name" : [{ "data" : "r1" }]
 *   "no-redirects" : [null]                "no-redirects" : [{ "data" : [null] }]
 *   "destination" : ["A", "B"]             "destination" : [{ "data" : "A" }, ...]
 *   "groups" : [{ "name" : "re0", ... }]   "groups" : [{ "name" : [{ "data" : "re0" }], ... }]
 *   "@" : { "inactive" : true }            "attributes" : { "inactive" : "inactive" }
 *   "@host-name" : { "inactive" : true }   (the attributes beside "data")
 *
 * and integers with or without quotes (releases before 16.1R4 quote
 * them). Every statement becomes the words the text gives it (xml.c says
 * how), the "configuration" object is the top, and "@" members, junos:*
 * attributes and annotations are read and ignored. A wrong type where
 * xbr reads (an object for apply-groups, an array for system) and an
 * unknown member of backup-router are errors.
 *
 * json-c parses and decodes (strictly, UTF-8 checked, nesting at most
 * JJ_DEPTH deep); it keeps no places, so a cursor walks the text it
 * accepted beside its objects, member by member in the same order, for
 * the FILE:LINE:COL of each key and value. After the document, only white
 * space or the CLI's banner line ({master:0}) may follow.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "config/junos/junos.h"

#define JJ_DEPTH 256

/* What a member is where xbr reads: else anything goes. */
enum jj_want {
	JJ_ANY,
	JJ_OBJECT,  /* a container: system */
	JJ_LIST,    /* objects with a name: groups */
	JJ_SCALAR,  /* one value: version, address */
	JJ_STRINGS, /* values: apply-groups, destination */
};

struct jj_state {
	struct jtree *t;
	const char *text;
	size_t len;
	struct jlocator loc;
	bool verbose;
	bool oom;
};

/* A place in the text json-c accepted: the start of a value, or of a key. */
struct jj_cur {
	size_t off;
};

/* An error at byte off of the text. */
#define jj_error(x, off, ...) jtree_errorf((x)->t, jloc_at(&(x)->loc, (off)), __VA_ARGS__)

static void jj_ws(const struct jj_state *x, struct jj_cur *c)
{
	while (c->off < x->len && strchr(" \t\r\n", x->text[c->off]) && x->text[c->off])
		c->off++;
}

static char jj_at(const struct jj_state *x, const struct jj_cur *c)
{
	return c->off < x->len ? x->text[c->off] : '\0';
}

/* Past a string, from its opening quote. */
static void jj_skip_string(const struct jj_state *x, struct jj_cur *c)
{
	for (c->off++; c->off < x->len && x->text[c->off] != '"'; c->off++)
		if (x->text[c->off] == '\\')
			c->off++;
	if (c->off < x->len)
		c->off++;
}

/* Past any value json-c accepted; nesting is bounded by JJ_DEPTH, so is this. */
static void jj_skip(const struct jj_state *x, struct jj_cur *c)
{
	size_t depth = 0;

	do {
		jj_ws(x, c);
		switch (jj_at(x, c)) {
		case '"':
			jj_skip_string(x, c);
			break;
		case '{':
		case '[':
			depth++;
			c->off++;
			break;
		case '}':
		case ']':
			depth--;
			c->off++;
			break;
		case ',':
		case ':':
			c->off++;
			break;
		case '\0':
			return;
		default:
			while (c->off < x->len && !strchr(" \t\r\n,:]}", x->text[c->off]) &&
			       x->text[c->off])
				c->off++;
		}
	} while (depth);
}

/* Step over a "," or a ":", and the white space around. */
static void jj_punct(const struct jj_state *x, struct jj_cur *c)
{
	jj_ws(x, c);
	if (jj_at(x, c) == ',' || jj_at(x, c) == ':')
		c->off++;
	jj_ws(x, c);
}

/*
 * The value of member key of the object whose "{" is at obj: true with *v
 * at its first character.
 */
static bool jj_find(const struct jj_state *x, struct jj_cur obj, const char *key, struct jj_cur *v)
{
	size_t klen = strlen(key), k;

	if (jj_at(x, &obj) != '{')
		return false;
	obj.off++;
	for (;;) {
		jj_ws(x, &obj);
		if (jj_at(x, &obj) != '"')
			return false;
		k = obj.off;
		jj_skip_string(x, &obj);
		if (obj.off - k == klen + 2 && !memcmp(x->text + k + 1, key, klen)) {
			jj_punct(x, &obj);
			*v = obj;
			return true;
		}
		jj_punct(x, &obj);
		jj_skip(x, &obj);
		jj_punct(x, &obj);
	}
}

/* A word of a statement, at off, kept in the tree's arena. */
static bool jj_word(struct jj_state *x, struct jword *w, const char *s, size_t len, size_t off,
		    size_t end)
{
	char *d = jtree_strdup(x->t, s, len);

	if (!d) {
		if (!x->oom)
			jj_error(x, off, "out of memory");
		x->oom = true;
		return false;
	}
	w->s = d;
	w->len = len;
	w->loc = jloc_at(&x->loc, off);
	w->end = jloc_at(&x->loc, end);
	w->quoted = false;
	return true;
}

/* A scalar as a word: a string decoded, anything else as written. */
static bool jj_scalar_word(struct jj_state *x, json_object *v, const struct jj_cur *at,
			   struct jword *w)
{
	struct jj_cur end = *at;

	jj_skip(x, &end);
	if (json_object_is_type(v, json_type_string))
		return jj_word(x, w, json_object_get_string(v),
			       (size_t)json_object_get_string_len(v), at->off, end.off);
	return jj_word(x, w, x->text + at->off, end.off - at->off, at->off, end.off);
}

static bool jj_is_scalar(json_object *v)
{
	return v && !json_object_is_type(v, json_type_object) &&
	       !json_object_is_type(v, json_type_array);
}

static const char *jj_type(json_object *v)
{
	if (!v)
		return "null";
	switch (json_object_get_type(v)) {
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	case json_type_boolean:
		return "a boolean";
	default:
		return "a number";
	}
}

/* Attributes of a statement: "@" (ietf) or "attributes" (verbose). */
static uint32_t jj_tags(json_object *attrs)
{
	static const struct {
		const char *name;
		uint32_t on, off;
	} known[] = {
		{ "inactive", JN_INACTIVE, 0 }, { "active", JN_UNSET_INACTIVE, JN_INACTIVE },
		{ "protect", JN_PROTECT, 0 },	{ "unprotect", JN_UNSET_PROTECT, 0 },
		{ "replace", JN_REPLACE, 0 },
	};
	uint32_t tags = 0;
	json_object *v;
	size_t i;

	if (!attrs || !json_object_is_type(attrs, json_type_object))
		return 0;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (!json_object_object_get_ex(attrs, known[i].name, &v) || !v)
			continue;
		/* true (ietf), "inactive" (verbose); active: false is the YANG metadata's inactive.
		 */
		if (json_object_is_type(v, json_type_boolean))
			tags |= json_object_get_boolean(v) ? known[i].on : known[i].off;
		else if (json_object_is_type(v, json_type_string) &&
			 !strcmp(json_object_get_string(v), known[i].name))
			tags |= known[i].on;
	}
	return tags;
}

static bool jj_deleted(json_object *attrs)
{
	json_object *v;

	if (!attrs || !json_object_is_type(attrs, json_type_object))
		return false;
	if (json_object_object_get_ex(attrs, "delete", &v) && v &&
	    (json_object_get_boolean(v) || (json_object_is_type(v, json_type_string) &&
					    !strcmp(json_object_get_string(v), "delete"))))
		return true;
	return json_object_object_get_ex(attrs, "operation", &v) && v &&
	       json_object_is_type(v, json_type_string) &&
	       (!strcmp(json_object_get_string(v), "delete") ||
		!strcmp(json_object_get_string(v), "remove"));
}

/* One statement of words, under base: a block (its node returned), a leaf, or deleted. */
static struct jnode *jj_set(struct jj_state *x, struct jnode *base, const struct jword *words,
			    size_t n, uint32_t tags, bool block, bool del)
{
	struct jstmt st = { .words = words, .n_words = n, .tags = tags, .loc = words[0].loc };
	struct cfg_diag e;
	struct jnode *node, *k;

	if (del) {
		if (jtree_apply(x->t, base, &st, JOP_DELETE, "delete"))
			x->oom = true;
		return NULL;
	}
	if ((tags & JN_REPLACE) && !block && (k = jtree_find(x->t, base, words, 1)))
		while (k->first)
			jtree_unlink(x->t, k->first);
	node = jtree_set(x->t, base, &st, block, &e);
	if (!node) {
		jtree_error(x->t, &e);
		return NULL;
	}
	if (block && (tags & JN_REPLACE))
		while (node->first)
			jtree_unlink(x->t, node->first);
	return node;
}

static void jj_object(struct jj_state *x, json_object *obj, struct jj_cur *c, struct jnode *node,
		      const char *skip_key);

/* What xbr reads must have the shape Junos gives it. */
static enum jj_want jj_want(const struct jj_state *x, const struct jnode *node, const char *key)
{
	const struct jcontainer *jc = jschema_container(x->t, node);
	bool top = node == &x->t->root ||
		   (node->parent && node->parent->parent == &x->t->root && node->parent->len == 6 &&
		    !memcmp(node->parent->word, "groups", 6));

	if (!strcmp(key, "apply-groups") || !strcmp(key, "apply-groups-except"))
		return JJ_STRINGS;
	if (jc)
		return jschema_is_single(jc, key, strlen(key)) ? JJ_SCALAR : JJ_STRINGS;
	if (top && !strcmp(key, "system"))
		return JJ_OBJECT;
	if (top && !strcmp(key, "version"))
		return JJ_SCALAR;
	if (node == &x->t->root && !strcmp(key, "groups"))
		return JJ_LIST;
	if (node->parent && (node->len == 6 && !memcmp(node->word, "system", 6)) &&
	    (!strcmp(key, "backup-router") || !strcmp(key, "inet6-backup-router")))
		return JJ_OBJECT;
	return JJ_ANY;
}

/* ietf: does value v fit what the member must be? */
static bool jj_fits(json_object *v, enum jj_want want)
{
	size_t i, n;

	switch (want) {
	case JJ_OBJECT:
		return json_object_is_type(v, json_type_object);
	case JJ_SCALAR:
		return jj_is_scalar(v);
	case JJ_STRINGS:
		if (jj_is_scalar(v))
			return true;
		if (!json_object_is_type(v, json_type_array))
			return false;
		for (i = 0, n = json_object_array_length(v); i < n; i++)
			if (!jj_is_scalar(json_object_array_get_idx(v, i)))
				return false;
		return true;
	case JJ_LIST:
		if (!json_object_is_type(v, json_type_array))
			return false;
		for (i = 0, n = json_object_array_length(v); i < n; i++) {
			json_object *e = json_object_array_get_idx(v, i), *name;

			if (!e || !json_object_is_type(e, json_type_object) ||
			    !json_object_object_get_ex(e, "name", &name) || !jj_is_scalar(name))
				return false;
		}
		return true;
	default:
		return true;
	}
}

static const char *const jj_wants[] = {
	[JJ_OBJECT] = "an object of statements",
	[JJ_LIST] = "an array of objects, each with its \"name\"",
	[JJ_SCALAR] = "one value, a string",
	[JJ_STRINGS] = "a string, or an array of them",
};

/* The "name" of a list entry, as a word: "re0", or (verbose) [{ "data" : "re0" }]. */
static bool jj_key(struct jj_state *x, json_object *entry, const struct jj_cur *at, struct jword *w)
{
	struct jj_cur c;
	json_object *v, *e, *d;

	if (!json_object_object_get_ex(entry, "name", &v) || !jj_find(x, *at, "name", &c))
		return false;
	if (!x->verbose)
		return jj_is_scalar(v) && jj_scalar_word(x, v, &c, w);
	e = json_object_is_type(v, json_type_array) ? json_object_array_get_idx(v, 0) : NULL;
	if (!e || !json_object_is_type(e, json_type_object) ||
	    !json_object_object_get_ex(e, "data", &d) || !jj_is_scalar(d))
		return false;
	c.off++; /* [ */
	jj_ws(x, &c);
	return jj_find(x, c, "data", &c) && jj_scalar_word(x, d, &c, w);
}

/* A container, or (in_list) an entry of a list with its name: a block of statements. */
static void jj_block(struct jj_state *x, const struct jword *name, json_object *v, struct jj_cur *c,
		     struct jnode *base, uint32_t tags, bool del, bool in_list)
{
	json_object *attrs = NULL;
	struct jword words[2];
	struct jnode *node;
	size_t n = 0;

	words[n++] = *name;
	if (json_object_object_get_ex(v, x->verbose ? "attributes" : "@", &attrs))
		tags |= jj_tags(attrs);
	del = del || jj_deleted(attrs);
	if (in_list && jj_key(x, v, c, &words[n]))
		n++;
	if (x->oom)
		return;
	node = jj_set(x, base, words, n, tags, true, del);
	if (!node) {
		jj_skip(x, c);
		return;
	}
	jj_object(x, v, c, node, n == 2 ? "name" : NULL);
}

/* A value of a leaf, or a flag (no value), under base. */
static void jj_leaf(struct jj_state *x, const struct jword *name, json_object *v,
		    const struct jj_cur *at, struct jnode *base, uint32_t tags, bool del)
{
	struct jword words[2];
	size_t n = 0;

	words[n++] = *name;
	if (v && jj_is_scalar(v)) {
		if (!jj_scalar_word(x, v, at, &words[n]))
			return;
		n++;
	}
	jj_set(x, base, words, n, tags, false, del);
}

/* "[null]": a flag. */
static bool jj_flag(json_object *v)
{
	return json_object_is_type(v, json_type_array) && json_object_array_length(v) == 1 &&
	       !json_object_array_get_idx(v, 0);
}

/* The attributes of element i of a leaf-list: an array beside it, or one for all. */
static json_object *jj_item_attrs(json_object *attrs, size_t i)
{
	if (attrs && json_object_is_type(attrs, json_type_array))
		return json_object_array_get_idx(attrs, i);
	return attrs;
}

/* One member of an object, in ietf style: key at c, its value after. */
static void jj_member_ietf(struct jj_state *x, const struct jword *name, json_object *v,
			   struct jj_cur *c, struct jnode *base, json_object *attrs)
{
	uint32_t tags = jj_tags(attrs);
	bool del = jj_deleted(attrs);
	size_t i, n;

	if (!v || jj_is_scalar(v) || jj_flag(v)) {
		jj_leaf(x, name, jj_flag(v) ? NULL : v, c, base, tags, del);
		jj_skip(x, c);
		return;
	}
	if (json_object_is_type(v, json_type_object)) {
		jj_block(x, name, v, c, base, tags, del, false);
		return;
	}
	/* An array: of values (a leaf-list), or of objects (a list). */
	c->off++;
	for (i = 0, n = json_object_array_length(v); i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);
		json_object *ea = jj_item_attrs(attrs, i);

		jj_ws(x, c);
		if (e && json_object_is_type(e, json_type_object)) {
			jj_block(x, name, e, c, base, tags, del, true);
		} else if (!e || jj_is_scalar(e)) {
			jj_leaf(x, name, e, c, base, jj_tags(ea), jj_deleted(ea));
			jj_skip(x, c);
		} else {
			jj_error(x, c->off, "\"%s\" holds %s inside an array: Junos writes none",
				 name->s, jj_type(e));
			jj_skip(x, c);
		}
		jj_punct(x, c);
	}
	jj_ws(x, c);
	c->off++; /* ] */
}

/*
 * One member in verbose style: always an array, of objects that are a value
 * ({"data" : ...}) or statements (a container, or an object with its name).
 */
static void jj_member_verbose(struct jj_state *x, const struct jword *name, json_object *v,
			      struct jj_cur *c, struct jnode *base)
{
	enum jj_want want = jj_want(x, base, name->s);
	size_t i, n;

	if (!json_object_is_type(v, json_type_array)) {
		jj_error(x, c->off, "\"%s\" is %s: in verbose JSON every statement is an array",
			 name->s, jj_type(v));
		jj_skip(x, c);
		return;
	}
	c->off++;
	for (i = 0, n = json_object_array_length(v); i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i), *data, *attrs = NULL;

		jj_ws(x, c);
		if (!e || !json_object_is_type(e, json_type_object)) {
			jj_error(x, c->off,
				 "\"%s\" holds %s: in verbose JSON each element is an object",
				 name->s, jj_type(e));
			jj_skip(x, c);
		} else if (json_object_object_get_ex(e, "data", &data)) {
			struct jj_cur d = *c;

			json_object_object_get_ex(e, "attributes", &attrs);
			if (want == JJ_SCALAR && i > 0)
				jj_error(x, c->off, "\"%s\" takes one value: %zu are given",
					 name->s, n);
			else if (jj_find(x, *c, "data", &d))
				jj_leaf(x, name, jj_flag(data) ? NULL : data, &d, base,
					jj_tags(attrs), jj_deleted(attrs));
			jj_skip(x, c);
		} else if (want == JJ_SCALAR || want == JJ_STRINGS) {
			jj_error(x, c->off, "\"%s\" holds statements, where Junos writes %s",
				 name->s, want == JJ_SCALAR ? "one value" : "values");
			jj_skip(x, c);
		} else {
			jj_block(x, name, e, c, base, 0, false, true);
		}
		jj_punct(x, c);
	}
	jj_ws(x, c);
	c->off++;
}

/* Whether the member key of node can be read; says why not. */
static bool jj_member_ok(struct jj_state *x, const struct jnode *node, const char *key,
			 json_object *v, size_t key_off, size_t val_off)
{
	const struct jcontainer *jc = jschema_container(x->t, node);
	enum jj_want want;
	char k[160];

	if (jc && !jschema_is_keyword(jc, key, strlen(key))) {
		jschema_keywords(jc, k, sizeof(k));
		jj_error(x, key_off, "unknown statement \"%s\" under %.*s: expected %s", key,
			 (int)node->len, node->word, k);
		return false;
	}
	want = jj_want(x, node, key);
	if (x->verbose || jj_fits(v, want))
		return true;
	jj_error(x, val_off, "\"%s\" is %s, where Junos writes %s", key, jj_type(v),
		 jj_wants[want]);
	return false;
}

/*
 * json-c keeps one member of a name, the last given, where the first was:
 * two of one name are said before anything of the object is read. True
 * when there are none.
 */
static bool jj_once(struct jj_state *x, json_object *obj, struct jj_cur c)
{
	size_t n = 0, i, j, klen_i, klen_j;
	struct jj_cur k, *keys;
	bool once = true;

	for (k = c, k.off++;; n++) {
		jj_ws(x, &k);
		if (jj_at(x, &k) != '"')
			break;
		jj_skip_string(x, &k);
		jj_punct(x, &k);
		jj_skip(x, &k);
		jj_punct(x, &k);
	}
	if (n == (size_t)json_object_object_length(obj))
		return true;
	keys = malloc(n * sizeof(*keys));
	if (!keys) {
		jj_error(x, c.off, "out of memory");
		return false;
	}
	for (k = c, k.off++, i = 0; i < n; i++) {
		jj_ws(x, &k);
		keys[i] = k;
		jj_skip_string(x, &k);
		jj_punct(x, &k);
		jj_skip(x, &k);
		jj_punct(x, &k);
	}
	for (i = 1; i < n && once; i++) {
		for (j = 0; j < i && once; j++) {
			struct jj_cur a = keys[i], b = keys[j];
			struct cfg_loc l;

			jj_skip_string(x, &a);
			jj_skip_string(x, &b);
			klen_i = a.off - keys[i].off;
			klen_j = b.off - keys[j].off;
			if (klen_i != klen_j ||
			    memcmp(x->text + keys[i].off, x->text + keys[j].off, klen_i))
				continue;
			l = jloc_at(&x->loc, keys[j].off);
			jj_error(x, keys[i].off, "%.*s given twice in one object (also at %d:%d)",
				 (int)klen_i, x->text + keys[i].off, l.line, l.col);
			once = false;
		}
	}
	free(keys);
	if (once)
		jj_error(x, c.off, "a member given twice in one object");
	return false;
}

/* The members of obj, whose "{" is at c, as statements under node; c ends past its "}". */
static void jj_object(struct jj_state *x, json_object *obj, struct jj_cur *c, struct jnode *node,
		      const char *skip_key)
{
	struct json_object_iterator it = json_object_iter_begin(obj);
	struct json_object_iterator end = json_object_iter_end(obj);

	if (!jj_once(x, obj, *c)) {
		jj_skip(x, c);
		return;
	}
	c->off++;
	for (;;) {
		struct jj_cur key, val;
		json_object *v, *attrs = NULL;
		const char *name;
		struct jword w;
		char at[300];

		jj_ws(x, c);
		if (jj_at(x, c) != '"')
			break; /* "}" */
		key = *c;
		jj_skip_string(x, c);
		jj_punct(x, c);
		val = *c;
		/* jj_once(): the text and json-c have the members in one order. */
		if (json_object_iter_equal(&it, &end))
			break;
		name = json_object_iter_peek_name(&it);
		v = json_object_iter_peek_value(&it);
		json_object_iter_next(&it);
		if (x->oom || name[0] == '@' || (skip_key && !strcmp(name, skip_key)) ||
		    (x->verbose && !strcmp(name, "attributes")) ||
		    !jj_word(x, &w, name, strlen(name), key.off, key.off + strlen(name) + 2) ||
		    !jj_member_ok(x, node, name, v, key.off, val.off)) {
			jj_skip(x, c);
			jj_punct(x, c);
			continue;
		}
		if (x->verbose) {
			jj_member_verbose(x, &w, v, c, node);
		} else {
			snprintf(at, sizeof(at), "@%s", name);
			json_object_object_get_ex(obj, at, &attrs);
			jj_member_ietf(x, &w, v, c, node, attrs);
		}
		jj_punct(x, c);
	}
	jj_ws(x, c);
	if (jj_at(x, c) == '}')
		c->off++;
}

/* What the CLI prints after a command's output, before the prompt: {master:0}. */
static bool jj_banner(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		while (i < len && strchr(" \t\r\n", s[i]) && s[i])
			i++;
		if (i == len)
			return true;
		if (s[i++] != '{')
			return false;
		while (i < len && s[i] != '}' && s[i] != '\n' && s[i] != '"')
			i++;
		if (i == len || s[i++] != '}')
			return false;
	}
	return true;
}

/* The "configuration" member of the document, where c is at its "{". */
static void jj_configuration(struct jj_state *x, json_object *doc, struct jj_cur *c)
{
	json_object *cfg = NULL;
	struct jj_cur k;

	if (!json_object_is_type(doc, json_type_object)) {
		jj_error(x, c->off,
			 "the JSON is %s: Junos writes an object, { \"configuration\" : "
			 "... }",
			 jj_type(doc));
		return;
	}
	if (!json_object_object_get_ex(doc, "configuration", &cfg)) {
		jj_error(x, c->off,
			 "no \"configuration\" in this JSON: it is not a Junos "
			 "configuration");
		return;
	}
	if (!jj_find(x, *c, "configuration", &k))
		return;
	x->verbose = cfg && json_object_is_type(cfg, json_type_array);
	if (x->verbose) {
		json_object *top = json_object_array_get_idx(cfg, 0);

		if (json_object_array_length(cfg) != 1 || !top ||
		    !json_object_is_type(top, json_type_object)) {
			jj_error(x, k.off,
				 "\"configuration\" is an array of %zu: verbose JSON has "
				 "one object there",
				 json_object_array_length(cfg));
			return;
		}
		k.off++; /* [ */
		jj_ws(x, &k);
		jj_object(x, top, &k, &x->t->root, NULL);
		return;
	}
	if (!cfg || !json_object_is_type(cfg, json_type_object)) {
		jj_error(x, k.off, "\"configuration\" is %s, where Junos writes an object",
			 jj_type(cfg));
		return;
	}
	jj_object(x, cfg, &k, &x->t->root, NULL);
}

int jjson_parse(struct jtree *t, const char *text, size_t len, struct cfg_diag *err)
{
	struct jj_state x = { .t = t, .text = text, .len = len };
	unsigned int before = t->n_errors;
	struct json_tokener *tok;
	struct jj_cur c = { 0 };
	json_object *doc = NULL;
	size_t end;

	jloc_init(&x.loc, text, len);
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		c.off = 3;
	if (len > INT_MAX) {
		jj_error(&x, 0, "too large for JSON");
		goto out;
	}
	tok = json_tokener_new_ex(JJ_DEPTH);
	if (!tok) {
		jj_error(&x, 0, "out of memory");
		goto out;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS |
					    JSON_TOKENER_VALIDATE_UTF8);
	doc = json_tokener_parse_ex(tok, text + c.off, (int)(len - c.off));
	end = c.off + json_tokener_get_parse_end(tok);
	if (!doc && json_tokener_get_error(tok) != json_tokener_success) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		jj_error(&x, end > len ? len : end, "invalid JSON: %s",
			 e == json_tokener_continue ? "the text ends before the document does"
						    : json_tokener_error_desc(e));
		json_tokener_free(tok);
		goto out;
	}
	json_tokener_free(tok);
	if (!jj_banner(text + end, len - end)) {
		c.off = end;
		jj_ws(&x, &c);
		jj_error(&x, c.off, "text after the JSON document");
		goto out;
	}
	jj_ws(&x, &c);
	jj_configuration(&x, doc, &c);
out:
	json_object_put(doc);
	if (t->n_errors == before)
		return 0;
	if (err)
		*err = t->first_error;
	return -1;
}
