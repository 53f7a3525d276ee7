// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Junos configuration parser: both text syntaxes into one statement tree.
 *
 * `set` syntax (`show configuration | display set`, `load set`): one
 * configuration-mode command per line. `set`, `delete`, `activate`,
 * `deactivate`, `protect` and `unprotect` take a path of words, the last of
 * which may be a `[ list ]`; `edit`, `up`, `top` and `exit` move the level
 * the others work at; `insert`, `rename` and `copy` reorder, rename and
 * duplicate a statement; `annotate` adds a comment, which changes nothing.
 *
 * Hierarchy (`show configuration`, `load merge`): statements end in `;` or
 * open a `{ block }`, may carry the tags of a file for `load merge` and
 * `load replace` (`inactive:`, `active:`, `protect:`, `unprotect:`,
 * `replace:`, `delete:`), and a leaf statement may end in a `[ list ]`.
 * Newlines do not matter.
 *
 * A file is one or the other, decided by its first statement unless the
 * caller says: Junos loads them with different commands, so a mix is a
 * mistake worth pointing at. Blocks are kept on an explicit stack: the
 * nesting depth of the input never becomes recursion depth.
 *
 * After a mistake the parser reports it and goes on with the next
 * statement (the next line, the next ";" or the end of the block), as
 * Junos lists every error of a file; after a mistake of the lexer (an
 * unterminated string or comment) or of the syntax (a brace in a file of
 * set commands) nothing that follows can be trusted, and it stops.
 */
#include <stdlib.h>
#include <string.h>
#include "config/junos/junos.h"

enum jcmd {
	JCMD_SET,
	JCMD_DELETE,
	JCMD_ACTIVATE,
	JCMD_DEACTIVATE,
	JCMD_PROTECT,
	JCMD_UNPROTECT,
	JCMD_EDIT,
	JCMD_UP,
	JCMD_TOP,
	JCMD_EXIT,
	JCMD_QUIT,
	JCMD_ANNOTATE,
	JCMD_INSERT,
	JCMD_RENAME,
	JCMD_COPY,
	JCMD_WILDCARD, /* known to Junos, not read here */
	JCMD_REPLACE,
	JCMD_NONE
};

static const char *const jparse_cmds[] = {
	[JCMD_SET] = "set",	      [JCMD_DELETE] = "delete",
	[JCMD_ACTIVATE] = "activate", [JCMD_DEACTIVATE] = "deactivate",
	[JCMD_PROTECT] = "protect",   [JCMD_UNPROTECT] = "unprotect",
	[JCMD_EDIT] = "edit",	      [JCMD_UP] = "up",
	[JCMD_TOP] = "top",	      [JCMD_EXIT] = "exit",
	[JCMD_QUIT] = "quit",	      [JCMD_ANNOTATE] = "annotate",
	[JCMD_INSERT] = "insert",     [JCMD_RENAME] = "rename",
	[JCMD_COPY] = "copy",	      [JCMD_WILDCARD] = "wildcard",
	[JCMD_REPLACE] = "replace",
};

#define JCMD_LIST                                                                              \
	"set, delete, activate, deactivate, protect, unprotect, edit, up, top, exit, insert, " \
	"rename, copy or annotate"

/* `delete:` is done by the parser itself: the statement is never set. */
enum {
	JTAG_DELETE = 1u << 24,
};

static const struct {
	const char *word;
	uint32_t flag;
} jparse_tags[] = {
	{ "inactive:", JN_INACTIVE }, { "active:", JN_UNSET_INACTIVE },
	{ "protect:", JN_PROTECT },   { "unprotect:", JN_UNSET_PROTECT },
	{ "replace:", JN_REPLACE },   { "delete:", JTAG_DELETE },
};

/*
 * Keywords that name an object by the identifier after them: `unit 0` is
 * one level for `up`, as Junos counts them (`interfaces` and `ge-0/0/0`
 * are two). Best effort: only the levels above the top and system, where
 * backup routers are, matter, and those have none of these.
 */
static const char *const jparse_keyed[] = {
	"unit",		"family",	 "group",
	"neighbor",	"term",		 "policy-statement",
	"prefix-list",	"community",	 "as-path",
	"route",	"interface",	 "area",
	"filter",	"security-zone", "policy",
	"address-book", "address",	 "address-set",
	"user",		"class",	 "file",
	"host",		"server",	 "instance",
	"rib",		"rule",		 "rule-set",
	"pool",		"application",	 "application-set",
	NULL,
};

struct jblock {
	struct jnode *base;	 /* where the header's path starts */
	struct jnode *node;	 /* the header's last word: the block's statements go here */
	struct cfg_loc stmt_loc; /* the header's first word */
};

/* After a mistake in a statement: where the next one starts. */
enum jresume {
	JRESUME_DONE, /* right after it */
	JRESUME_HERE, /* after the ";" or the block from the current token on */
};

struct jparser {
	struct jlex lx;
	struct jtree *t;
	struct cfg_diag *err; /* the mistake at hand: &e */
	struct cfg_diag e;
	struct cfg_diag first; /* the first reported */
	unsigned int errors;
	bool fatal; /* nothing more can be read */
	enum jresume resume;
	struct jtok tok;
	bool pushed_back; /* tok is to be read again */
	struct jword *words;
	size_t n_words, cap_words;
	struct jword *items;
	size_t n_items, cap_items;
	struct jblock *blocks;
	size_t depth, cap_blocks;
	struct cfg_loc first_loc; /* first statement: the syntax of the file */
	bool forced;		  /* the syntax was given, not seen */
	/* Set syntax: the level `edit` went to, and the ones before each edit (for `exit`). */
	struct jnode *level;
	struct jnode **hist;
	size_t n_hist, cap_hist;
	const struct jnode **path; /* scratch for `up` */
	size_t cap_path;
};

static void jp_report(struct jparser *p)
{
	if (!p->errors++)
		p->first = *p->err;
	jtree_error(p->t, p->err);
}

static int jp_next(struct jparser *p)
{
	if (p->pushed_back) {
		p->pushed_back = false;
		return 0;
	}
	if (jlex_next(&p->lx, &p->tok, p->err)) {
		p->fatal = true;
		return -1;
	}
	return 0;
}

static int jp_next_skip_newlines(struct jparser *p)
{
	do {
		if (jp_next(p))
			return -1;
	} while (p->tok.type == JTOK_NEWLINE);
	return 0;
}

static bool jp_is_word(const struct jtok *tok)
{
	return tok->type == JTOK_WORD || tok->type == JTOK_STRING;
}

static bool jp_tok_is(const struct jtok *tok, const char *s)
{
	size_t n = strlen(s);

	return tok->type == JTOK_WORD && tok->len == n && !memcmp(tok->text, s, n);
}

static bool jp_word_is(const struct jword *w, const char *s)
{
	return !w->quoted && w->len == strlen(s) && !memcmp(w->s, s, w->len);
}

static enum jcmd jp_command_of(const char *s, size_t len)
{
	int i;

	for (i = 0; i < JCMD_NONE; i++)
		if (len == strlen(jparse_cmds[i]) && !memcmp(s, jparse_cmds[i], len))
			return i;
	return JCMD_NONE;
}

static enum jcmd jp_command(const struct jtok *tok)
{
	return tok->type == JTOK_WORD ? jp_command_of(tok->text, tok->len) : JCMD_NONE;
}

static uint32_t jp_tag(const struct jtok *tok)
{
	size_t i;

	for (i = 0; i < sizeof(jparse_tags) / sizeof(jparse_tags[0]); i++)
		if (jp_tok_is(tok, jparse_tags[i].word))
			return jparse_tags[i].flag;
	return 0;
}

static int jp_oom(struct jparser *p)
{
	jdiag_set(p->err, p->tok.loc, "out of memory");
	p->fatal = true;
	return -1;
}

/* Room in v for at least n + 1 elements. */
static int jp_grow(struct jparser *p, void **v, size_t *cap, size_t n, size_t elem)
{
	size_t ncap = *cap ? *cap : 16;
	void *nv;

	if (n < *cap)
		return 0;
	while (ncap <= n)
		ncap *= 2;
	nv = realloc(*v, ncap * elem);
	if (!nv)
		return jp_oom(p);
	*v = nv;
	*cap = ncap;
	return 0;
}

/* Append the current word token to v, with `\"` and `\\` unescaped. */
static int jp_push(struct jparser *p, struct jword **v, size_t *n, size_t *cap)
{
	const struct jtok *tok = &p->tok;
	struct jword *w;
	size_t i, o = 0;
	char *d;

	if (jp_grow(p, (void **)v, cap, *n, sizeof(**v)))
		return -1;
	w = &(*v)[(*n)++];
	w->s = tok->text;
	w->len = tok->len;
	w->loc = tok->loc;
	w->end = tok->end;
	w->quoted = tok->type == JTOK_STRING;
	if (!tok->escaped)
		return 0;
	d = jtree_strdup(p->t, tok->text, tok->len);
	if (!d)
		return jp_oom(p);
	for (i = 0; i < tok->len; i++) {
		if (d[i] == '\\' && i + 1 < tok->len && (d[i + 1] == '"' || d[i + 1] == '\\'))
			i++;
		d[o++] = d[i];
	}
	w->s = d;
	w->len = o;
	return 0;
}

static void jp_stmt(struct jparser *p, struct jstmt *st, uint32_t tags, struct cfg_loc loc,
		    bool has_list)
{
	st->words = p->words;
	st->n_words = p->n_words;
	st->items = p->items;
	st->n_items = has_list ? p->n_items : 0;
	st->has_list = has_list;
	st->tags = tags;
	st->loc = loc;
}

/* The current token is "[": read the items up to "]". */
static int jp_list(struct jparser *p, bool allow_newlines)
{
	struct cfg_loc open = p->tok.loc;

	p->n_items = 0;
	for (;;) {
		if (jp_next(p))
			return -1;
		if (p->tok.type == JTOK_NEWLINE && allow_newlines)
			continue;
		if (jp_is_word(&p->tok)) {
			if (jp_push(p, &p->items, &p->n_items, &p->cap_items))
				return -1;
			continue;
		}
		if (p->tok.type == JTOK_RBRACKET && p->n_items)
			return 0;
		if (p->tok.type == JTOK_RBRACKET)
			jdiag_set(p->err, open, "empty list \"[ ]\"");
		else
			jdiag_set(p->err, p->tok.loc, "missing \"]\" for \"[\" opened at %d:%d",
				  open.line, open.col);
		return -1;
	}
}

static int jp_expected_semi(struct jparser *p, const struct jtok *after)
{
	char w[64];

	jdiag_set(p->err, after->end, "expected \";\" after \"%s\"",
		  after->type == JTOK_RBRACKET ? "]"
					       : jdiag_word(w, sizeof(w), after->text, after->len));
	return -1;
}

/* `replace:` on a leaf: the values it had go (the statement's last word is the new one). */
static void jp_replace_leaf(struct jparser *p, struct jnode *base, const struct jstmt *st)
{
	size_t n = st->has_list ? st->n_words : st->n_words - 1;
	struct jnode *k = n ? jtree_find(p->t, base, st->words, n) : NULL;

	while (k && k->first)
		jtree_unlink(p->t, k->first);
}

/* A statement ended by ";". */
static int jp_leaf(struct jparser *p, struct jnode *base, struct jstmt *st)
{
	p->resume = JRESUME_DONE;
	if (st->tags & JTAG_DELETE)
		return jtree_apply(p->t, base, st, JOP_DELETE, "delete") ? jp_oom(p) : 0;
	if (st->tags & JN_REPLACE)
		jp_replace_leaf(p, base, st);
	return jtree_set(p->t, base, st, false, p->err) ? 0 : -1;
}

static int jp_open_block(struct jparser *p, struct jstmt *st, struct jnode *base)
{
	struct jblock *b;
	struct jnode *n;

	n = jtree_set(p->t, base, st, true, p->err);
	if (!n)
		return -1;
	if (st->tags & JN_REPLACE) {
		while (n->first)
			jtree_unlink(p->t, n->first);
	}
	if (jp_grow(p, (void **)&p->blocks, &p->cap_blocks, p->depth, sizeof(*p->blocks)))
		return -1;
	b = &p->blocks[p->depth++];
	b->base = base;
	b->node = n;
	b->stmt_loc = st->loc;
	return 0;
}

/*
 * Skip the rest of a statement, from the current token on: up to its ";"
 * or over its block, or up to (not over) the "}" that closes the block it
 * stands in.
 */
static void jp_skip(struct jparser *p)
{
	struct cfg_loc open = p->tok.loc;
	size_t depth = 0;

	for (;;) {
		switch (p->tok.type) {
		case JTOK_EOF:
			if (depth) {
				jdiag_set(p->err, p->tok.loc,
					  "missing \"}\" for the block opened at %d:%d", open.line,
					  open.col);
				jp_report(p);
			}
			p->pushed_back = true;
			return;
		case JTOK_SEMI:
			if (!depth)
				return;
			break;
		case JTOK_LBRACE:
			if (!depth++)
				open = p->tok.loc;
			break;
		case JTOK_RBRACE:
			if (!depth) {
				p->pushed_back = true;
				return;
			}
			if (!--depth)
				return;
			break;
		default:
			break;
		}
		if (jp_next(p)) {
			jp_report(p);
			return;
		}
	}
}

/* A hierarchy statement, from its first word (or tag) to its ";" or "{". */
static int jp_statement(struct jparser *p)
{
	struct jnode *base = p->depth ? p->blocks[p->depth - 1].node : &p->t->root;
	struct cfg_loc loc = p->tok.loc;
	struct jtok last = p->tok;
	uint32_t tags = 0, tag;
	struct jstmt st;
	char w[64];

	p->resume = JRESUME_HERE;
	while ((tag = jp_tag(&p->tok))) {
		tags |= tag;
		last = p->tok;
		if (jp_next_skip_newlines(p))
			return -1;
		if (!jp_is_word(&p->tok)) {
			jdiag_set(p->err, last.loc, "\"%s\" must be followed by a statement",
				  jdiag_word(w, sizeof(w), last.text, last.len));
			return -1;
		}
	}
	if (!p->depth && jp_command(&p->tok) != JCMD_NONE) {
		if (p->forced)
			jdiag_set(p->err, p->tok.loc,
				  "\"%s\" command in a configuration read as a hierarchy; use one "
				  "syntax per file",
				  jparse_cmds[jp_command(&p->tok)]);
		else
			jdiag_set(p->err, p->tok.loc,
				  "\"%s\" command in a configuration written as a hierarchy (first "
				  "statement at %d:%d); use one syntax per file",
				  jparse_cmds[jp_command(&p->tok)], p->first_loc.line,
				  p->first_loc.col);
		p->fatal = true;
		return -1;
	}

	p->n_words = 0;
	for (;;) {
		switch (p->tok.type) {
		case JTOK_WORD:
		case JTOK_STRING:
			if (jp_push(p, &p->words, &p->n_words, &p->cap_words))
				return -1;
			last = p->tok;
			break;
		case JTOK_NEWLINE:
			break;
		case JTOK_LBRACKET:
			if (jp_list(p, true))
				return -1;
			last = p->tok;
			if (jp_next_skip_newlines(p))
				return -1;
			if (p->tok.type != JTOK_SEMI)
				return jp_expected_semi(p, &last);
			jp_stmt(p, &st, tags, loc, true);
			return jp_leaf(p, base, &st);
		case JTOK_SEMI:
			jp_stmt(p, &st, tags, loc, false);
			return jp_leaf(p, base, &st);
		case JTOK_LBRACE:
			jp_stmt(p, &st, tags, loc, false);
			if (tags & JTAG_DELETE) {
				/* The statement goes, whatever its block says. */
				if (jtree_apply(p->t, base, &st, JOP_DELETE, "delete"))
					return jp_oom(p);
				jp_skip(p);
				return 0;
			}
			return jp_open_block(p, &st, base);
		case JTOK_RBRACKET:
			jdiag_set(p->err, p->tok.loc, "unbalanced \"]\"");
			return -1;
		case JTOK_RBRACE:
		case JTOK_EOF:
			return jp_expected_semi(p, &last);
		}
		if (jp_next(p))
			return -1;
	}
}

/* `missing "}" for "interfaces ge-0/0/0 {" opened at 12:5`, at the end of the file. */
static void jp_missing_brace(struct jparser *p)
{
	enum { SHOWN = 6 };
	const struct jblock *b = &p->blocks[p->depth - 1];
	const struct jnode *n, *first[SHOWN];
	size_t count = 0, i, o = 0;
	char hdr[160], w[64];
	int r;

	/* Walking up meets the header's words last first: keep the first few. */
	for (n = b->node; n && n != b->base; n = n->parent)
		first[count++ % SHOWN] = n;
	hdr[0] = '\0';
	for (i = 0; i < count && i < SHOWN; i++) {
		n = first[(count - 1 - i) % SHOWN];
		r = snprintf(hdr + o, sizeof(hdr) - o, "%s%s", i ? " " : "",
			     jdiag_word(w, sizeof(w), n->word, n->len));
		if (r < 0 || (size_t)r >= sizeof(hdr) - o)
			break;
		o += (size_t)r;
	}
	jdiag_set(p->err, p->tok.loc, "missing \"}\" for \"%s%s {\" opened at %d:%d", hdr,
		  count > SHOWN ? " ..." : "", b->stmt_loc.line, b->stmt_loc.col);
	jp_report(p);
}

static void jp_hierarchy(struct jparser *p)
{
	while (!p->fatal) {
		if (jp_next_skip_newlines(p)) {
			jp_report(p);
			return;
		}
		switch (p->tok.type) {
		case JTOK_EOF:
			if (p->depth)
				jp_missing_brace(p);
			return;
		case JTOK_RBRACE:
			if (!p->depth) {
				jdiag_set(p->err, p->tok.loc, "unbalanced \"}\": no block is open");
				jp_report(p);
			} else {
				p->depth--;
			}
			break;
		case JTOK_SEMI:
			jdiag_set(p->err, p->tok.loc, "unexpected \";\": empty statement");
			jp_report(p);
			break;
		case JTOK_LBRACE:
			jdiag_set(p->err, p->tok.loc,
				  "unexpected \"{\": a block needs a name before it");
			jp_report(p);
			jp_skip(p);
			break;
		case JTOK_LBRACKET:
			jdiag_set(p->err, p->tok.loc,
				  "unexpected \"[\": a list needs a name before it");
			jp_report(p);
			jp_skip(p);
			break;
		case JTOK_RBRACKET:
			jdiag_set(p->err, p->tok.loc, "unbalanced \"]\"");
			jp_report(p);
			break;
		default:
			if (!jp_statement(p))
				break;
			jp_report(p);
			if (!p->fatal && p->resume == JRESUME_HERE)
				jp_skip(p);
		}
	}
}

/* A line of a set-command file that does not start with a command. */
static int jp_not_a_command(struct jparser *p)
{
	struct jlex ahead = p->lx;
	struct cfg_diag ignore;
	struct jtok tok;
	char w[64], where[64];

	if (p->forced)
		snprintf(where, sizeof(where), "read as set commands");
	else
		snprintf(where, sizeof(where), "first command at %d:%d", p->first_loc.line,
			 p->first_loc.col);
	/* A line with braces or a ";" is the other syntax: say so. */
	while (!jlex_next(&ahead, &tok, &ignore) && tok.type != JTOK_NEWLINE &&
	       tok.type != JTOK_EOF) {
		if (tok.type == JTOK_LBRACE || tok.type == JTOK_RBRACE || tok.type == JTOK_SEMI) {
			jdiag_set(p->err, p->tok.loc,
				  "hierarchy statement \"%s\" in a configuration of set commands "
				  "(%s); use one syntax per file",
				  jdiag_word(w, sizeof(w), p->tok.text, p->tok.len), where);
			p->fatal = true;
			return -1;
		}
	}
	jdiag_set(p->err, p->tok.loc, "unknown command \"%s\": expected " JCMD_LIST,
		  jdiag_word(w, sizeof(w), p->tok.text, p->tok.len));
	return -1;
}

/* The level n words up from p->level (`up N`), counted as Junos counts them. */
static int jp_up(struct jparser *p, unsigned long n)
{
	const struct jnode *a;
	size_t depth = 0, i, k;

	for (a = p->level; a != &p->t->root; a = a->parent)
		depth++;
	if (jp_grow(p, (void **)&p->path, &p->cap_path, depth, sizeof(*p->path)))
		return -1;
	for (a = p->level, i = depth; a != &p->t->root; a = a->parent)
		p->path[--i] = a;
	/* From the end: each level ends at a word that is not a keyword of the next. */
	for (i = depth; i > 0 && n > 0; n--) {
		i--;
		for (k = 0; i > 0 && jparse_keyed[k]; k++) {
			if (p->path[i - 1]->len == strlen(jparse_keyed[k]) &&
			    !memcmp(p->path[i - 1]->word, jparse_keyed[k], p->path[i - 1]->len)) {
				i--;
				break;
			}
		}
	}
	p->level = i ? (struct jnode *)p->path[i - 1] : &p->t->root;
	return 0;
}

/* "insert PATH ID before|after ID2", "rename|copy PATH ID to ID2". */
static int jp_move(struct jparser *p, enum jcmd cmd, const struct jtok *cmd_tok)
{
	size_t k, at = 0;
	enum jtree_move_op op = cmd == JCMD_RENAME ? JMOVE_RENAME : JMOVE_COPY;
	struct jstmt st;

	for (k = 1; k + 1 < p->n_words; k++) {
		const struct jword *w = &p->words[k];

		if (cmd == JCMD_INSERT && (jp_word_is(w, "before") || jp_word_is(w, "after"))) {
			at = k;
			op = jp_word_is(w, "before") ? JMOVE_BEFORE : JMOVE_AFTER;
		} else if (cmd != JCMD_INSERT && jp_word_is(w, "to")) {
			at = k;
		}
	}
	if (!at) {
		jdiag_set(p->err, cmd_tok->loc, "\"%s\" needs %s", jparse_cmds[cmd],
			  cmd == JCMD_INSERT ? "a statement, \"before\" or \"after\", and another"
					     : "a statement, \"to\", and the new name");
		return -1;
	}
	jp_stmt(p, &st, 0, cmd_tok->loc, false);
	st.n_words = at;
	return jtree_move_op(p->t, p->level, &st, p->words + at + 1, p->n_words - at - 1, op,
			     p->err);
}

/* "[edit interfaces ge-0/0/0 unit 0]", the level n is, into buf. */
static void jp_level_name(const struct jtree *t, const struct jnode *n, char *buf, size_t size)
{
	enum { SHOWN = 8 };
	const struct jnode *path[SHOWN];
	size_t count = 0, i, o;
	char w[64];
	int r;

	for (; n && n != &t->root; n = n->parent)
		path[count++ % SHOWN] = n;
	o = (size_t)snprintf(buf, size, "[edit%s", count > SHOWN ? " ..." : "");
	for (i = count > SHOWN ? count - SHOWN : 0; i < count && o < size; i++) {
		n = path[(count - 1 - i) % SHOWN];
		r = snprintf(buf + o, size - o, " %s", jdiag_word(w, sizeof(w), n->word, n->len));
		if (r < 0)
			return;
		o += (size_t)r;
	}
	if (o < size)
		snprintf(buf + o, size - o, "]");
}

/*
 * Junos has `system` and `groups` at the top only (and `system` at the top
 * of a group): below, they are a mistake, most often an `up` too few.
 */
static int jp_level_check(struct jparser *p, struct cfg_loc loc)
{
	const struct jnode *l = p->level;
	char where[200];

	if (l == &p->t->root || !p->n_words ||
	    (!jp_word_is(&p->words[0], "system") && !jp_word_is(&p->words[0], "groups")))
		return 0;
	if (jp_word_is(&p->words[0], "system") && l->parent && l->parent->parent == &p->t->root &&
	    l->parent->len == 6 && !memcmp(l->parent->word, "groups", 6))
		return 0;
	jp_level_name(p->t, l, where, sizeof(where));
	jdiag_set(p->err, loc,
		  "%.*s is a statement of the top level, not of %s: \"top\" goes back there",
		  (int)p->words[0].len, p->words[0].s, where);
	return -1;
}

/* A number of levels for `up`: 1 unless the first word says. */
static unsigned long jp_count(struct jparser *p, size_t *used)
{
	const struct jword *w = p->n_words ? &p->words[0] : NULL;
	unsigned long n = 0;
	size_t i;

	*used = 0;
	if (!w || w->quoted || !w->len || w->len > 6)
		return 1;
	for (i = 0; i < w->len; i++) {
		if (w->s[i] < '0' || w->s[i] > '9')
			return 1;
		n = n * 10 + (unsigned long)(w->s[i] - '0');
	}
	*used = 1;
	return n;
}

/* The words are the command's; run it at p->level. */
static int jp_apply(struct jparser *p, enum jcmd cmd, const struct jtok *cmd_tok, bool has_list)
{
	static const enum jtree_op ops[] = {
		[JCMD_DELETE] = JOP_DELETE,	    [JCMD_ACTIVATE] = JOP_ACTIVATE,
		[JCMD_DEACTIVATE] = JOP_DEACTIVATE, [JCMD_PROTECT] = JOP_PROTECT,
		[JCMD_UNPROTECT] = JOP_UNPROTECT,
	};
	struct jstmt st;
	struct jnode *n;
	size_t used;

	for (;;) {
		jp_stmt(p, &st, 0, cmd_tok->loc, has_list);
		switch (cmd) {
		case JCMD_TOP:
		case JCMD_UP:
			if (cmd == JCMD_TOP) {
				used = 0;
				p->level = &p->t->root;
			} else if (jp_up(p, jp_count(p, &used))) {
				return -1;
			}
			/* `top set system ...`: what follows is a command of its own. */
			if (p->n_words == used && !has_list)
				return 0;
			if (p->n_words == used || p->words[used].quoted ||
			    (cmd = jp_command_of(p->words[used].s, p->words[used].len)) ==
				    JCMD_NONE) {
				jdiag_set(p->err, cmd_tok->loc,
					  "\"%s\" is followed by a command: " JCMD_LIST,
					  jparse_cmds[jp_command(cmd_tok)]);
				return -1;
			}
			memmove(p->words, p->words + used + 1,
				(p->n_words - used - 1) * sizeof(*p->words));
			p->n_words -= used + 1;
			continue;
		case JCMD_EXIT:
		case JCMD_QUIT:
			p->level = p->n_hist ? p->hist[--p->n_hist] : &p->t->root;
			return 0;
		case JCMD_ANNOTATE:
			if (p->n_words < 2 || has_list || !p->words[p->n_words - 1].quoted) {
				jdiag_set(p->err, cmd_tok->loc,
					  "\"annotate\" needs a statement and a comment in quotes");
				return -1;
			}
			return 0; /* comments change nothing */
		case JCMD_INSERT:
		case JCMD_RENAME:
		case JCMD_COPY:
			if (has_list) {
				jdiag_set(p->err, cmd_tok->loc, "\"%s\" takes no [ list ]",
					  jparse_cmds[cmd]);
				return -1;
			}
			return jp_move(p, cmd, cmd_tok);
		case JCMD_WILDCARD:
		case JCMD_REPLACE:
			jdiag_set(
				p->err, cmd_tok->loc,
				"\"%s\" is not read by xbr: apply it on the router and export the "
				"configuration again",
				cmd == JCMD_WILDCARD ? "wildcard delete" : "replace pattern");
			return -1;
		default:
			break;
		}
		if (!p->n_words && !(cmd == JCMD_DELETE && !has_list)) {
			jdiag_set(p->err, cmd_tok->loc, "\"%s\" needs a statement path",
				  jparse_cmds[cmd]);
			return -1;
		}
		if (cmd == JCMD_EDIT) {
			if (has_list) {
				jdiag_set(p->err, cmd_tok->loc, "\"edit\" takes no [ list ]");
				return -1;
			}
			if (jp_level_check(p, cmd_tok->loc))
				return -1;
			n = jtree_set(p->t, p->level, &st, true, p->err);
			if (!n || jp_grow(p, (void **)&p->hist, &p->cap_hist, p->n_hist,
					  sizeof(*p->hist)))
				return -1;
			p->hist[p->n_hist++] = p->level;
			p->level = n;
			return 0;
		}
		if (cmd == JCMD_SET) {
			if (jp_level_check(p, cmd_tok->loc))
				return -1;
			return jtree_set(p->t, p->level, &st, false, p->err) ? 0 : -1;
		}
		return jtree_apply(p->t, p->level, &st, ops[cmd], jparse_cmds[cmd]) ? jp_oom(p) : 0;
	}
}

/* One line of set commands, from its first token. */
static int jp_set_line(struct jparser *p)
{
	struct jtok cmd_tok;
	bool has_list;
	enum jcmd cmd;

	if (p->tok.type == JTOK_LBRACE || p->tok.type == JTOK_RBRACE || p->tok.type == JTOK_SEMI) {
		if (p->forced)
			jdiag_set(p->err, p->tok.loc,
				  "unexpected \"%c\" in a configuration read as set commands; use "
				  "one syntax per file",
				  *p->tok.text);
		else
			jdiag_set(p->err, p->tok.loc,
				  "unexpected \"%c\" in a configuration of set commands (first "
				  "command at %d:%d); use one syntax per file",
				  *p->tok.text, p->first_loc.line, p->first_loc.col);
		p->fatal = true;
		return -1;
	}
	cmd = jp_command(&p->tok);
	if (cmd == JCMD_NONE)
		return jp_not_a_command(p);
	cmd_tok = p->tok;
	has_list = false;
	p->n_words = 0;
	for (;;) {
		if (jp_next(p))
			return -1;
		if (p->tok.type == JTOK_NEWLINE || p->tok.type == JTOK_EOF)
			break;
		if (has_list) {
			jdiag_set(p->err, p->tok.loc, "expected the end of the line after \"]\"");
			return -1;
		}
		switch (p->tok.type) {
		case JTOK_WORD:
		case JTOK_STRING:
			if (jp_push(p, &p->words, &p->n_words, &p->cap_words))
				return -1;
			break;
		case JTOK_LBRACKET:
			if (jp_list(p, false))
				return -1;
			has_list = true;
			break;
		case JTOK_SEMI:
			jdiag_set(p->err, p->tok.loc,
				  "unexpected \";\": a set command ends at the end of the line");
			return -1;
		case JTOK_RBRACKET:
			jdiag_set(p->err, p->tok.loc, "unbalanced \"]\"");
			return -1;
		default:
			jdiag_set(
				p->err, p->tok.loc,
				"unexpected \"%c\" in a set command (first command at %d:%d); use "
				"one syntax per file",
				*p->tok.text, p->first_loc.line, p->first_loc.col);
			p->fatal = true;
			return -1;
		}
	}
	return jp_apply(p, cmd, &cmd_tok, has_list);
}

static void jp_set_lines(struct jparser *p)
{
	p->level = &p->t->root;
	while (!p->fatal) {
		if (jp_next_skip_newlines(p)) {
			jp_report(p);
			return;
		}
		if (p->tok.type == JTOK_EOF)
			return;
		if (!jp_set_line(p))
			continue;
		jp_report(p);
		/* The rest of the line goes with the mistake. */
		while (!p->fatal && p->tok.type != JTOK_NEWLINE && p->tok.type != JTOK_EOF) {
			if (jp_next(p))
				jp_report(p);
		}
	}
}

bool jparse_is_set(const char *text, size_t len)
{
	struct cfg_diag ignore;
	struct jlex lx;
	struct jtok tok;

	jlex_init(&lx, text, len);
	do {
		if (jlex_next(&lx, &tok, &ignore))
			return false;
	} while (tok.type == JTOK_NEWLINE);
	return jp_command(&tok) != JCMD_NONE;
}

int jparse_as(struct jtree *t, const char *text, size_t len, enum jsyntax syntax,
	      struct cfg_diag *err)
{
	return jparse_at(t, text, len, syntax, (struct cfg_loc){ 1, 1 }, err);
}

int jparse_at(struct jtree *t, const char *text, size_t len, enum jsyntax syntax,
	      struct cfg_loc start, struct cfg_diag *err)
{
	struct jparser p = { .t = t };
	bool set;

	p.err = &p.e;
	jlex_init(&p.lx, text, len);
	p.lx.pos = start;
	if (jp_next_skip_newlines(&p)) {
		jp_report(&p);
		goto out;
	}
	if (p.tok.type == JTOK_EOF)
		goto out;
	p.first_loc = p.tok.loc;
	p.pushed_back = true;
	p.forced = syntax != JSYNTAX_AUTO;
	set = syntax == JSYNTAX_SET || (syntax == JSYNTAX_AUTO && jp_command(&p.tok) != JCMD_NONE);
	if (set)
		jp_set_lines(&p);
	else
		jp_hierarchy(&p);
out:
	free(p.words);
	free(p.items);
	free(p.blocks);
	free(p.hist);
	free(p.path);
	if (!p.errors)
		return 0;
	if (err)
		*err = p.first;
	return -1;
}

int jparse(struct jtree *t, const char *text, size_t len, struct cfg_diag *err)
{
	return jparse_as(t, text, len, JSYNTAX_AUTO, err);
}
