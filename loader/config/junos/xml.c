// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Junos XML into the statement tree, read with libxml2's SAX2 parser.
 *
 * What automation stores: `show configuration | display xml`, a
 * <rpc-reply> around <configuration> (with <cli><banner> after it), and
 * the NETCONF reply to <get-config> with <data> between. The document is
 * an <rpc-reply> or a <configuration>; what is about the reply (<cli>,
 * <ok/>, ...) is read and ignored, an <rpc-error> is an error. A reply to
 * <get-configuration format="text"> (or "set"), <configuration-text> (or
 * <configuration-set>, <configuration-output> of a CLI command), holds the
 * text syntaxes: parse.c reads them where they are in the file (the
 * columns after an entity such as &lt; on its line are off by its length).
 *
 * Inside <configuration>, Junos maps statements to elements (Junos XML
 * API guide, "Mapping configuration statements to Junos XML"):
 *
 *   <system>...</system>                   container:  system { ... }
 *   <host-name>r1</host-name>              leaf:       host-name r1;
 *   <no-redirects/>                        flag:       no-redirects;
 *   <destination>A</destination> repeated  leaf-list:  destination [ A B ];
 *   <groups><name>re0</name>...</groups>   object with its identifier first:
 *                                                      groups { re0 { ... } }
 *
 * which are the words jtree_set() takes, so the tree is the one the text
 * forms give for what matters here (elsewhere the list keywords the text
 * leaves out, <interface> in <interfaces>, stay in: nothing reads them).
 * Attributes: inactive="inactive", protect="protect" are the text's tags,
 * as active, unprotect, delete, replace and NETCONF's operation are in a
 * file meant for loading; junos:* and namespaces are read and ignored, as
 * are comments, <junos:comment> annotations and <undocumented> (its
 * statements count as if it were not there).
 *
 * libxml2 reads the bytes as given: no network (XML_PARSE_NONET), no
 * entities but the five predefined (a DOCTYPE is refused before anything
 * of it is read), UTF-8 whatever the declaration says, so that its byte
 * offsets are the file's and every place is FILE:LINE:COL of the file.
 * The depth of the document is bounded by libxml2 (256).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include "config/junos/junos.h"

enum jx_kind {
	JX_REPLY,  /* <rpc-reply>, <data>: the envelope */
	JX_CONFIG, /* <configuration>: the top of the configuration */
	JX_STMT,   /* a statement: not known yet whether leaf, flag or block */
	JX_BLOCK,  /* a statement holding statements: its node is set */
	JX_KEY,	   /* the <name> that makes its parent an object with an identifier */
	JX_ERROR,  /* <rpc-error> */
	JX_TEXT,   /* <configuration-text>, -set, -output: the text syntaxes inside */
	JX_SKIP,   /* read and ignored, with everything in it */
};

struct jx_frame {
	enum jx_kind kind;
	struct jword word;  /* the element's name */
	struct jnode *base; /* where its statement starts */
	struct jnode *node; /* JX_BLOCK, JX_CONFIG: where the statements inside go */
	uint32_t tags;	    /* JN_INACTIVE, ..., from its attributes */
	bool del;	    /* delete="delete": the statement goes */
	bool children;	    /* an element came inside */
	bool keyed;	    /* its first element was <name>: key is its identifier */
	bool through;	    /* <undocumented>: as if it were not there */
	bool noted;	    /* a word about its text was said */
	struct jword key;
	size_t text_off; /* the byte after its start tag: where its text is */
	char *text;	 /* what it says, for a leaf */
	size_t text_len, text_cap;
};

struct jx_state {
	struct jtree *t;
	xmlParserCtxtPtr ctxt;
	struct jlocator loc;
	const char *text;
	size_t len;
	struct jx_frame *v;
	size_t n, cap;
	bool oom;
	bool seen_config;
	bool said;		    /* libxml2's first error was reported */
	unsigned int errors_before; /* the tree's count when this began */
};

static size_t jx_offset(const struct jx_state *x)
{
	const xmlParserInput *in = x->ctxt->input;
	size_t off = in ? (size_t)in->consumed + (size_t)(in->cur - in->base) : x->len;

	return off > x->len ? x->len : off;
}

static void jx_oom(struct jx_state *x)
{
	if (!x->oom)
		jtree_errorf(x->t, jloc_at(&x->loc, jx_offset(x)), "out of memory");
	x->oom = true;
	xmlStopParser(x->ctxt);
}

static bool jx_is(const struct jword *w, const char *s)
{
	return w->len == strlen(s) && !memcmp(w->s, s, w->len);
}

static bool jx_xml_is(const xmlChar *a, const char *b)
{
	return a && !strcmp((const char *)a, b);
}

static bool jx_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* What the elements around say: true for "junos:" and Junos's own namespaces. */
static bool jx_junos_ns(const xmlChar *prefix, const xmlChar *uri)
{
	return jx_xml_is(prefix, "junos") ||
	       (uri && !strncmp((const char *)uri, "http://xml.juniper.net/junos/", 29));
}

static struct jx_frame *jx_push(struct jx_state *x, enum jx_kind kind)
{
	struct jx_frame *f;

	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 32;
		struct jx_frame *v = realloc(x->v, cap * sizeof(*v));

		if (!v) {
			jx_oom(x);
			return NULL;
		}
		x->v = v;
		x->cap = cap;
	}
	f = &x->v[x->n++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	return f;
}

static void jx_pop(struct jx_state *x)
{
	free(x->v[--x->n].text);
}

/* The element's text, without the white space around it, and where it starts. */
static struct jword jx_text(struct jx_state *x, const struct jx_frame *f)
{
	struct jword w = { .s = f->text ? f->text : "", .len = f->text_len };
	size_t off = f->text_off;

	while (w.len && jx_space(*w.s)) {
		w.s++;
		w.len--;
	}
	while (w.len && jx_space(w.s[w.len - 1]))
		w.len--;
	/* The text starts after the start tag's white space (where a comment may be). */
	while (off < x->len && jx_space(x->text[off]))
		off++;
	w.loc = jloc_at(&x->loc, off);
	w.end = w.loc;
	w.end.col += (int)w.len;
	return w;
}

/* The words of f's statement: its name, and its identifier or value when it has one. */
static void jx_stmt(struct jstmt *st, struct jword words[2], const struct jx_frame *f,
		    const struct jword *second)
{
	size_t n = 0;

	words[n++] = f->word;
	if (second)
		words[n++] = *second;
	memset(st, 0, sizeof(*st));
	st->words = words;
	st->n_words = n;
	st->tags = f->tags;
	st->loc = f->word.loc;
}

/* A statement holding others: its node, where they go. */
static void jx_open(struct jx_state *x, struct jx_frame *f, const struct jword *key)
{
	struct jword words[2];
	struct cfg_diag e;
	struct jstmt st;

	jx_stmt(&st, words, f, key);
	f->node = jtree_set(x->t, f->base, &st, true, &e);
	if (!f->node) {
		jtree_errorf(x->t, e.loc, "%s", e.msg);
		f->kind = JX_SKIP;
		return;
	}
	if (f->tags & JN_REPLACE)
		while (f->node->first)
			jtree_unlink(x->t, f->node->first);
	f->kind = JX_BLOCK;
}

/* A leaf (its value when there is one), a flag, or a deletion, at the end of its element. */
static void jx_close_leaf(struct jx_state *x, struct jx_frame *f, const struct jword *value)
{
	struct jword words[2];
	struct cfg_diag e;
	struct jstmt st;
	struct jnode *k;

	jx_stmt(&st, words, f, value && value->len ? value : NULL);
	if (f->del) {
		if (jtree_apply(x->t, f->base, &st, JOP_DELETE, "delete"))
			jx_oom(x);
		return;
	}
	/* replace="replace" on a leaf: the values it had go. */
	if ((f->tags & JN_REPLACE) && (k = jtree_find(x->t, f->base, words, 1)))
		while (k->first)
			jtree_unlink(x->t, k->first);
	if (!jtree_set(x->t, f->base, &st, false, &e))
		jtree_errorf(x->t, e.loc, "%s", e.msg);
}

/* Attributes that are tags of the statement; the others are read and ignored. */
static void jx_attributes(struct jx_frame *f, int n, const xmlChar **a)
{
	int i;

	for (i = 0; i < n; i++, a += 5) {
		const char *name = (const char *)a[0], *v = (const char *)a[3];
		size_t len = (size_t)(a[4] - a[3]);
		bool yes = (len == strlen(name) && !memcmp(v, name, len)) ||
			   (len == 4 && !memcmp(v, "true", 4));

		if (jx_junos_ns(a[1], a[2]))
			continue;
		if (!strcmp(name, "inactive") && yes)
			f->tags |= JN_INACTIVE;
		else if (!strcmp(name, "active") && (len == 5 && !memcmp(v, "false", 5)))
			f->tags |= JN_INACTIVE; /* YANG metadata: active="false" */
		else if (!strcmp(name, "active") && yes)
			f->tags |= JN_UNSET_INACTIVE;
		else if (!strcmp(name, "protect") && yes)
			f->tags |= JN_PROTECT;
		else if (!strcmp(name, "unprotect") && yes)
			f->tags |= JN_UNSET_PROTECT;
		else if (!strcmp(name, "replace") && yes)
			f->tags |= JN_REPLACE;
		else if (!strcmp(name, "delete") && yes)
			f->del = true;
		else if (!strcmp(name, "operation") && ((len == 6 && !memcmp(v, "delete", 6)) ||
							(len == 6 && !memcmp(v, "remove", 6))))
			f->del = true;
		else if (!strcmp(name, "operation") && len == 7 && !memcmp(v, "replace", 7))
			f->tags |= JN_REPLACE;
	}
}

/*
 * In a container the schema knows (schema.c), only its keywords are
 * statements, each holding a value: anything else is a mistake to say, not
 * an address to guess.
 */
static bool jx_container_ok(struct jx_state *x, const struct jx_frame *parent,
			    const struct jx_frame *f)
{
	const struct jcontainer *jc = jschema_container(x->t, parent->node);
	char w[64], p[64], k[160];

	if (!jc || jschema_is_keyword(jc, f->word.s, f->word.len))
		return true;
	jschema_keywords(jc, k, sizeof(k));
	jtree_errorf(x->t, f->word.loc, "unknown statement <%s> under %s: expected %s",
		     jdiag_word(w, sizeof(w), f->word.s, f->word.len),
		     jdiag_word(p, sizeof(p), parent->node->word, parent->node->len), k);
	return false;
}

/* A copy in the tree's arena: the tree keeps pointers to its words. */
static bool jx_keep(struct jx_state *x, struct jword *w)
{
	char *d = jtree_strdup(x->t, w->s, w->len);

	if (!d) {
		jx_oom(x);
		return false;
	}
	w->s = d;
	return true;
}

/* Text in an element that holds statements: Junos has none there. */
static void jx_stray_text(struct jx_state *x, struct jx_frame *f, const char *s, size_t len)
{
	size_t i = 0, n;
	char w[64];

	while (i < len && jx_space(s[i]))
		i++;
	if (i == len || f->noted)
		return;
	f->noted = true;
	for (n = 0; i + n < len && !jx_space(s[i + n]); n++)
		;
	jtree_errorf(x->t, jloc_at(&x->loc, jx_offset(x)),
		     "text \"%s\" in <%.*s>, which holds statements",
		     jdiag_word(w, sizeof(w), s + i, n), (int)f->word.len, f->word.s);
}

static void jx_characters(void *ctx, const xmlChar *ch, int n)
{
	struct jx_state *x = ctx;
	struct jx_frame *f = x->n ? &x->v[x->n - 1] : NULL;
	size_t len = n > 0 ? (size_t)n : 0;

	if (!f || x->oom || f->kind == JX_SKIP)
		return;
	if (f->kind != JX_STMT && f->kind != JX_KEY) {
		if (f->kind == JX_BLOCK || f->kind == JX_CONFIG)
			jx_stray_text(x, f, (const char *)ch, len);
		return;
	}
	if (f->text_len + len + 1 > f->text_cap) {
		size_t cap = (f->text_len + len + 1) * 2;
		char *t = realloc(f->text, cap);

		if (!t) {
			jx_oom(x);
			return;
		}
		f->text = t;
		f->text_cap = cap;
	}
	memcpy(f->text + f->text_len, ch, len);
	f->text_len += len;
	f->text[f->text_len] = '\0';
}

/* f, a statement, turns out to hold others: it is a block, or (deleted) ignored. */
static bool jx_block(struct jx_state *x, struct jx_frame *f)
{
	struct jword t;

	if (f->kind == JX_BLOCK)
		return true;
	if (f->kind != JX_STMT || f->del)
		return false;
	t = jx_text(x, f);
	if (t.len && !f->noted) {
		f->noted = true;
		jx_stray_text(x, f, t.s, t.len);
	}
	jx_open(x, f, NULL);
	return f->kind == JX_BLOCK;
}

/* The kind of an element that is not a statement, by where it stands. */
static enum jx_kind jx_envelope(struct jx_state *x, const struct jx_frame *parent,
				const xmlChar *local, size_t lt)
{
	if (!parent) {
		if (jx_xml_is(local, "rpc-reply"))
			return JX_REPLY;
		if (jx_xml_is(local, "configuration"))
			return JX_CONFIG;
		jtree_errorf(
			x->t, jloc_at(&x->loc, lt),
			"<%s> is not Junos configuration: expected <configuration> or <rpc-reply>",
			(const char *)local);
		return JX_SKIP;
	}
	if (parent->kind == JX_REPLY) {
		if (jx_xml_is(local, "configuration"))
			return JX_CONFIG;
		if (jx_xml_is(local, "data") || jx_xml_is(local, "configuration-information"))
			return JX_REPLY;
		if (jx_xml_is(local, "rpc-error"))
			return JX_ERROR;
		if (jx_xml_is(local, "configuration-text") ||
		    jx_xml_is(local, "configuration-set") ||
		    jx_xml_is(local, "configuration-output"))
			return JX_TEXT;
		return JX_SKIP; /* <cli>, <ok/>, ... */
	}
	/* <rpc-error>: what it says, and how bad. */
	if (parent->kind == JX_ERROR)
		return jx_xml_is(local, "error-message") || jx_xml_is(local, "error-severity")
			       ? JX_KEY
			       : JX_SKIP;
	if (parent->kind == JX_KEY && x->n > 1 && x->v[x->n - 2].kind == JX_STMT)
		jtree_errorf(x->t, jloc_at(&x->loc, lt), "<name> holds a name, not <%s>",
			     (const char *)local);
	return JX_SKIP;
}

static void jx_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
		     int n_ns, const xmlChar **ns, int n_attrs, int n_defaulted,
		     const xmlChar **attrs)
{
	struct jx_state *x = ctx;
	struct jx_frame *parent = x->n ? &x->v[x->n - 1] : NULL, *f;
	size_t off = jx_offset(x), lt = off, name_len = strlen((const char *)local);
	bool first = parent && !parent->children, in_stmt;
	enum jx_kind kind;

	(void)n_ns;
	(void)ns;
	(void)n_defaulted;
	if (x->oom)
		return;
	if (parent && parent->kind == JX_SKIP) {
		jx_push(x, JX_SKIP);
		return;
	}
	if (parent)
		parent->children = true;
	/* libxml2 is at the ">" (or "/>") of the start tag; its "<" is the last one before. */
	while (lt > 0 && x->text[lt - 1] != '<')
		lt--;
	in_stmt = parent && (parent->kind == JX_CONFIG || parent->kind == JX_BLOCK ||
			     parent->kind == JX_STMT);
	if (!in_stmt)
		kind = jx_envelope(x, parent, local, lt);
	else if (jx_junos_ns(prefix, uri))
		kind = JX_SKIP; /* <junos:comment> */
	else
		kind = JX_STMT;
	f = jx_push(x, kind);
	if (!f)
		return;
	parent = x->n > 1 ? &x->v[x->n - 2] : NULL; /* the stack may have moved */
	f->word.s = (const char *)local;
	f->word.len = name_len;
	f->word.loc = jloc_at(&x->loc, lt + (prefix ? strlen((const char *)prefix) + 1 : 0));
	f->word.end = f->word.loc;
	f->word.end.col += (int)name_len;
	f->text_off = off < x->len && x->text[off] == '>' ? off + 1 : off;
	if (!jx_keep(x, &f->word))
		return;
	if (kind == JX_CONFIG || kind == JX_TEXT) {
		if (x->seen_config)
			jtree_errorf(x->t, f->word.loc,
				     "a second <configuration>: one configuration per file");
		x->seen_config = true;
		if (kind == JX_TEXT)
			return;
		f->kind = JX_BLOCK;
		f->node = &x->t->root;
		return;
	}
	if (kind != JX_STMT)
		return;
	jx_attributes(f, n_attrs, attrs);
	if (parent->kind == JX_STMT) {
		/* A keyword of a container (destination) holds a value, nothing else. */
		if (jschema_container(x->t, parent->base)) {
			jtree_errorf(x->t, f->word.loc, "<%s> holds a value, not <%s>",
				     parent->word.s, f->word.s);
			f->kind = JX_SKIP;
			parent->kind = JX_SKIP;
			return;
		}
		if (first && jx_is(&f->word, "name")) {
			f->kind = JX_KEY;
			parent->keyed = true;
			return;
		}
		if (!jx_block(x, parent)) {
			f->kind = JX_SKIP;
			return;
		}
	}
	if (jx_is(&f->word, "undocumented")) {
		f->kind = JX_BLOCK;
		f->through = true;
		f->node = parent->node;
		return;
	}
	f->base = parent->node;
	if (!jx_container_ok(x, parent, f))
		f->kind = JX_SKIP;
}

/* The <name> of an object: its parent becomes the object, or the one to delete. */
static void jx_end_key(struct jx_state *x, struct jx_frame *f, struct jx_frame *parent)
{
	struct jword key = jx_text(x, f);

	if (!key.len) {
		jtree_errorf(x->t, f->word.loc, "<name> of <%s> without a name", parent->word.s);
		parent->kind = JX_SKIP;
		return;
	}
	if (!jx_keep(x, &key))
		return;
	parent->key = key;
	if (!parent->del)
		jx_open(x, parent, &key);
}

static void jx_end_error(struct jx_state *x, struct jx_frame *f, struct jx_frame *parent)
{
	struct jword t = jx_text(x, f);

	if (jx_is(&f->word, "error-severity")) {
		parent->noted = jx_is(&t, "warning");
		return;
	}
	if (parent->noted) {
		char msg[256];

		snprintf(msg, sizeof(msg), "the reply carries a warning: %.*s", (int)t.len, t.s);
		if (x->t->warn)
			x->t->warn(x->t->warn_arg, parent->word.loc, msg);
		parent->keyed = true;
		return;
	}
	jtree_errorf(x->t, parent->word.loc, "the reply is an error, not a configuration: %.*s",
		     (int)t.len, t.s);
	parent->keyed = true;
}

/* A character reference's code point as UTF-8 into d; 0 when it is none. */
static size_t jx_utf8(unsigned long cp, char *d)
{
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | cp >> 6);
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | cp >> 12);
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | cp >> 18);
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * The text of s[0..n) as XML means it, from the file's own bytes: libxml2
 * would give it with every CR made a line feed, and its lines would not be
 * the file's. Entities and character references decoded, CDATA as it is,
 * a comment left as its line breaks only: the lines stay exact (a column
 * after an entity on its line is off by the difference). d holds n bytes.
 */
static size_t jx_raw_text(const char *s, size_t n, char *d)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {
		{ "lt;", '<' }, { "gt;", '>' }, { "amp;", '&' }, { "quot;", '"' }, { "apos;", '\'' }
	};
	size_t i = 0, o = 0, k, len;

	while (i < n) {
		if (s[i] == '&') {
			for (k = 0; k < sizeof(named) / sizeof(named[0]); k++) {
				len = strlen(named[k].name);
				if (n - i - 1 >= len && !memcmp(s + i + 1, named[k].name, len))
					break;
			}
			if (k < sizeof(named) / sizeof(named[0])) {
				d[o++] = named[k].c;
				i += 1 + strlen(named[k].name);
				continue;
			}
			if (i + 2 < n && s[i + 1] == '#') {
				bool hex = s[i + 2] == 'x';
				unsigned long cp = 0;
				size_t j = i + 2 + hex, w;

				for (; j < n && j < i + 12 && s[j] != ';'; j++) {
					int v = s[j] >= '0' && s[j] <= '9' ? s[j] - '0'
						: hex && s[j] >= 'a' && s[j] <= 'f'
							? s[j] - 'a' + 10
						: hex && s[j] >= 'A' && s[j] <= 'F'
							? s[j] - 'A' + 10
							: -1;

					if (v < 0)
						break;
					cp = cp * (hex ? 16 : 10) + (unsigned long)v;
				}
				/* Never longer than what it stands for: "&#x10FFFF;" is 10 bytes.
				 */
				if (j < n && s[j] == ';' && (w = jx_utf8(cp, d + o)) &&
				    w <= j + 1 - i) {
					o += w;
					i = j + 1;
					continue;
				}
			}
		} else if (s[i] == '<' && n - i >= 9 && !memcmp(s + i, "<![CDATA[", 9)) {
			for (i += 9; i < n && !(n - i >= 3 && !memcmp(s + i, "]]>", 3)); i++)
				d[o++] = s[i];
			i += 3;
			continue;
		} else if (s[i] == '<' && n - i >= 4 && !memcmp(s + i, "<!--", 4)) {
			for (i += 4; i < n && !(n - i >= 3 && !memcmp(s + i, "-->", 3)); i++)
				if (s[i] == '\n')
					d[o++] = '\n';
			i += 3;
			continue;
		}
		d[o++] = s[i++];
	}
	return o;
}

/* The text syntaxes in an element, read where they are. */
static void jx_end_text(struct jx_state *x, struct jx_frame *f)
{
	enum jsyntax syntax = jx_is(&f->word, "configuration-set")    ? JSYNTAX_SET
			      : jx_is(&f->word, "configuration-text") ? JSYNTAX_TEXT
								      : JSYNTAX_AUTO;
	size_t end = jx_offset(x), n;
	struct cfg_diag e;
	char *text;

	if (f->children) {
		jtree_errorf(x->t, f->word.loc,
			     "<%s> holds the configuration as text, not elements", f->word.s);
		return;
	}
	/* Up to the "<" of the end tag, which libxml2 has just read. */
	while (end > f->text_off && x->text[end - 1] != '<')
		end--;
	n = end > f->text_off ? end - 1 - f->text_off : 0;
	/* The tree keeps pointers to its words: the text lives as long as the tree. */
	text = jtree_strdup(x->t, x->text + f->text_off, n);
	if (!text) {
		jx_oom(x);
		return;
	}
	n = jx_raw_text(x->text + f->text_off, n, text);
	/* Its errors go to the tree as they are found; jxml_parse() counts them there. */
	jparse_at(x->t, text, n, syntax, jloc_at(&x->loc, f->text_off), &e);
}

static void jx_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct jx_state *x = ctx;
	struct jx_frame *f = x->n ? &x->v[x->n - 1] : NULL;
	struct jx_frame *parent = x->n > 1 ? &x->v[x->n - 2] : NULL;
	struct jword value;

	(void)local;
	(void)prefix;
	(void)uri;
	if (!f || x->oom)
		return;
	switch (f->kind) {
	case JX_KEY:
		if (parent->kind == JX_ERROR)
			jx_end_error(x, f, parent);
		else
			jx_end_key(x, f, parent);
		break;
	case JX_ERROR:
		if (!f->keyed)
			jtree_errorf(x->t, f->word.loc,
				     "the reply is an error, not a configuration");
		break;
	case JX_TEXT:
		jx_end_text(x, f);
		break;
	case JX_STMT:
		/* No element inside: a leaf with its value, or a flag; or one to delete. */
		value = f->keyed ? f->key : jx_text(x, f);
		if (value.len && !f->keyed && !jx_keep(x, &value))
			break;
		jx_close_leaf(x, f, &value);
		break;
	default:
		break;
	}
	jx_pop(x);
}

static void jx_serror(void *ctx, xmlErrorPtr e)
{
	struct jx_state *x = ctx;
	char msg[200];
	size_t n;

	if (!e || e->level < XML_ERR_ERROR || x->said)
		return;
	x->said = true;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "malformed");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	jtree_errorf(x->t, jloc_at(&x->loc, jx_offset(x)), "invalid XML: %s", msg);
}

/* A DOCTYPE could declare entities: none is read, whatever it says. */
static void jx_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	struct jx_state *x = ctx;

	(void)name;
	(void)ext;
	(void)sys;
	jtree_errorf(x->t, jloc_at(&x->loc, jx_offset(x)),
		     "a DOCTYPE has no place in Junos XML: it is not read");
	xmlStopParser(x->ctxt);
}

/* libxml2's messages that no handler of a parser takes: none is printed. */
static void jx_quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* UTF-16 or UCS-4, by their byte order marks or their zero bytes: not what Junos writes. */
static bool jx_wide(const char *text, size_t len)
{
	const unsigned char *u = (const unsigned char *)text;

	if (len >= 2 && ((u[0] == 0xfe && u[1] == 0xff) || (u[0] == 0xff && u[1] == 0xfe)))
		return true;
	return len >= 4 && memchr(text, '\0', 4);
}

int jxml_parse(struct jtree *t, const char *text, size_t len, struct cfg_diag *err)
{
	struct jx_state x = { .t = t, .text = text, .len = len, .errors_before = t->n_errors };
	xmlGenericErrorFunc generic;
	xmlSAXHandler *sax;
	void *generic_ctx;

	jloc_init(&x.loc, text, len);
	if (len > INT_MAX) {
		jtree_errorf(x.t, (struct cfg_loc){ 1, 1 }, "too large for XML");
		goto out;
	}
	/* Its byte offsets would not be the file's. */
	if (jx_wide(text, len)) {
		jtree_errorf(x.t, (struct cfg_loc){ 1, 1 },
			     "XML in UTF-16 or UCS-4: Junos writes UTF-8; save it as UTF-8");
		goto out;
	}
	xmlInitParser();
	generic = xmlGenericError;
	generic_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, jx_quiet);
	x.ctxt = xmlCreateMemoryParserCtxt(text, (int)len);
	if (!x.ctxt) {
		xmlSetGenericErrorFunc(generic_ctx, generic);
		jtree_errorf(x.t, (struct cfg_loc){ 1, 1 },
			     len ? "out of memory" : "no XML: the file is empty");
		goto out;
	}
	sax = x.ctxt->sax;
	memset(sax, 0, sizeof(*sax));
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = jx_start;
	sax->endElementNs = jx_end;
	sax->characters = jx_characters;
	sax->cdataBlock = jx_characters;
	sax->internalSubset = jx_doctype;
	sax->serror = jx_serror;
	x.ctxt->userData = &x;
	/* No network, no entity of a DTD, the bytes as the file has them. */
	xmlCtxtUseOptions(x.ctxt, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC);
	xmlParseDocument(x.ctxt);
	/*
	 * A SAX parse builds no tree, but an entity declaration read before
	 * the parser stopped makes libxml2 start one (a document and its DTD)
	 * to hold it: it is ours to free.
	 */
	if (x.ctxt->myDoc) {
		xmlFreeDoc(x.ctxt->myDoc);
		x.ctxt->myDoc = NULL;
	}
	if (!x.ctxt->wellFormed && t->n_errors == x.errors_before)
		jtree_errorf(x.t, jloc_at(&x.loc, jx_offset(&x)), "invalid XML");
	if (!x.seen_config && t->n_errors == x.errors_before)
		jtree_errorf(x.t, (struct cfg_loc){ 1, 1 },
			     "no <configuration> in this XML: it is not a Junos configuration");
	xmlFreeParserCtxt(x.ctxt);
	xmlSetGenericErrorFunc(generic_ctx, generic);
out:
	while (x.n)
		jx_pop(&x);
	free(x.v);
	if (t->n_errors == x.errors_before)
		return 0;
	if (err)
		*err = t->first_error;
	return -1;
}
