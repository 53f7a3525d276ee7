// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Junos configuration parser: both syntaxes into one statement tree.
 *
 * `set` syntax (`show configuration | display set`, `load set`): one command
 * per line, `set`, `delete`, `activate`, `deactivate`, `protect` or
 * `unprotect`, then a path of words, the last of which may be a `[ list ]`.
 *
 * Hierarchy (`show configuration`, `load merge`): statements end in `;` or
 * open a `{ block }`, may carry `inactive:`, `protect:` and `replace:` tags,
 * and a leaf statement may end in a `[ list ]`. Newlines do not matter.
 *
 * A file is one or the other, decided by its first statement: Junos loads
 * them with different commands, so a mix is a mistake worth pointing at.
 * Blocks are kept on an explicit stack: the nesting depth of the input never
 * becomes recursion depth.
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
	JCMD_NONE
};

static const char *const jparse_cmds[] = {
	[JCMD_SET] = "set",	      [JCMD_DELETE] = "delete",
	[JCMD_ACTIVATE] = "activate", [JCMD_DEACTIVATE] = "deactivate",
	[JCMD_PROTECT] = "protect",   [JCMD_UNPROTECT] = "unprotect",
};

static const struct {
	const char *word;
	uint32_t flag;
} jparse_tags[] = {
	{ "inactive:", JN_INACTIVE },
	{ "protect:", JN_PROTECT },
	{ "replace:", JN_REPLACE },
};

struct jblock {
	struct jnode *base;	 /* where the header's path starts */
	struct jnode *node;	 /* the header's last word: the block's statements go here */
	struct cfg_loc stmt_loc; /* the header's first word */
};

struct jparser {
	struct jlex lx;
	struct jtree *t;
	struct cfg_diag *err;
	struct jtok tok;
	bool pushed_back; /* tok is to be read again */
	struct jword *words;
	size_t n_words, cap_words;
	struct jword *items;
	size_t n_items, cap_items;
	struct jblock *blocks;
	size_t depth, cap_blocks;
	struct cfg_loc first; /* first statement: the syntax of the file */
};

static int jp_next(struct jparser *p)
{
	if (p->pushed_back) {
		p->pushed_back = false;
		return 0;
	}
	return jlex_next(&p->lx, &p->tok, p->err);
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

static enum jcmd jp_command(const struct jtok *tok)
{
	int i;

	for (i = 0; i < JCMD_NONE; i++)
		if (jp_tok_is(tok, jparse_cmds[i]))
			return i;
	return JCMD_NONE;
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
	return -1;
}

static int jp_grow(struct jparser *p, void **v, size_t *cap, size_t n, size_t elem)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	void *nv;

	if (n < *cap)
		return 0;
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

static int jp_open_block(struct jparser *p, const struct jstmt *st, struct jnode *base)
{
	struct jnode *n = jtree_set(p->t, base, st, true, p->err);
	struct jblock *b;

	if (!n)
		return -1;
	if (jp_grow(p, (void **)&p->blocks, &p->cap_blocks, p->depth, sizeof(*p->blocks)))
		return -1;
	b = &p->blocks[p->depth++];
	b->base = base;
	b->node = n;
	b->stmt_loc = st->loc;
	return 0;
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
		jdiag_set(p->err, p->tok.loc,
			  "\"%s\" command in a configuration written as a hierarchy (first "
			  "statement at %d:%d); use one syntax per file",
			  jparse_cmds[jp_command(&p->tok)], p->first.line, p->first.col);
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
			return jtree_set(p->t, base, &st, false, p->err) ? 0 : -1;
		case JTOK_SEMI:
			jp_stmt(p, &st, tags, loc, false);
			return jtree_set(p->t, base, &st, false, p->err) ? 0 : -1;
		case JTOK_LBRACE:
			jp_stmt(p, &st, tags, loc, false);
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
static int jp_missing_brace(struct jparser *p)
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
	return -1;
}

static int jp_hierarchy(struct jparser *p)
{
	for (;;) {
		if (jp_next_skip_newlines(p))
			return -1;
		switch (p->tok.type) {
		case JTOK_EOF:
			return p->depth ? jp_missing_brace(p) : 0;
		case JTOK_RBRACE:
			if (!p->depth) {
				jdiag_set(p->err, p->tok.loc, "unbalanced \"}\": no block is open");
				return -1;
			}
			p->depth--;
			break;
		case JTOK_SEMI:
			jdiag_set(p->err, p->tok.loc, "unexpected \";\": empty statement");
			return -1;
		case JTOK_LBRACE:
			jdiag_set(p->err, p->tok.loc,
				  "unexpected \"{\": a block needs a name before it");
			return -1;
		case JTOK_LBRACKET:
			jdiag_set(p->err, p->tok.loc,
				  "unexpected \"[\": a list needs a name before it");
			return -1;
		case JTOK_RBRACKET:
			jdiag_set(p->err, p->tok.loc, "unbalanced \"]\"");
			return -1;
		default:
			if (jp_statement(p))
				return -1;
		}
	}
}

/* A line of a set-command file that does not start with a command. */
static int jp_not_a_command(struct jparser *p)
{
	struct jlex ahead = p->lx;
	struct cfg_diag ignore;
	struct jtok tok;
	char w[64];

	/* A line with braces or a ";" is the other syntax: say so. */
	while (!jlex_next(&ahead, &tok, &ignore) && tok.type != JTOK_NEWLINE &&
	       tok.type != JTOK_EOF) {
		if (tok.type == JTOK_LBRACE || tok.type == JTOK_RBRACE || tok.type == JTOK_SEMI) {
			jdiag_set(p->err, p->tok.loc,
				  "hierarchy statement \"%s\" in a configuration of set commands "
				  "(first command at %d:%d); use one syntax per file",
				  jdiag_word(w, sizeof(w), p->tok.text, p->tok.len), p->first.line,
				  p->first.col);
			return -1;
		}
	}
	jdiag_set(p->err, p->tok.loc,
		  "unknown command \"%s\": expected set, delete, activate, deactivate, protect or "
		  "unprotect",
		  jdiag_word(w, sizeof(w), p->tok.text, p->tok.len));
	return -1;
}

static int jp_apply(struct jparser *p, enum jcmd cmd, const struct jtok *cmd_tok, bool has_list)
{
	static const enum jtree_op ops[] = {
		[JCMD_DELETE] = JOP_DELETE,	    [JCMD_ACTIVATE] = JOP_ACTIVATE,
		[JCMD_DEACTIVATE] = JOP_DEACTIVATE, [JCMD_PROTECT] = JOP_PROTECT,
		[JCMD_UNPROTECT] = JOP_UNPROTECT,
	};
	struct jstmt st;

	jp_stmt(p, &st, 0, cmd_tok->loc, has_list);
	if (!p->n_words && !(cmd == JCMD_DELETE && !has_list)) {
		jdiag_set(p->err, cmd_tok->loc, "\"%s\" needs a statement path", jparse_cmds[cmd]);
		return -1;
	}
	if (cmd == JCMD_SET)
		return jtree_set(p->t, &p->t->root, &st, false, p->err) ? 0 : -1;
	return jtree_apply(p->t, &p->t->root, &st, ops[cmd], jparse_cmds[cmd]) ? jp_oom(p) : 0;
}

static int jp_set_lines(struct jparser *p)
{
	struct jtok cmd_tok;
	bool has_list;
	enum jcmd cmd;

	for (;;) {
		if (jp_next_skip_newlines(p))
			return -1;
		if (p->tok.type == JTOK_EOF)
			return 0;
		if (p->tok.type == JTOK_LBRACE || p->tok.type == JTOK_RBRACE ||
		    p->tok.type == JTOK_SEMI) {
			jdiag_set(p->err, p->tok.loc,
				  "unexpected \"%c\" in a configuration of set commands (first "
				  "command at %d:%d); use one syntax per file",
				  *p->tok.text, p->first.line, p->first.col);
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
				jdiag_set(p->err, p->tok.loc,
					  "expected the end of the line after \"]\"");
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
					  "unexpected \";\": a set command ends at the end of the "
					  "line");
				return -1;
			case JTOK_RBRACKET:
				jdiag_set(p->err, p->tok.loc, "unbalanced \"]\"");
				return -1;
			default:
				jdiag_set(p->err, p->tok.loc,
					  "unexpected \"%c\" in a set command (first command at "
					  "%d:%d); use one syntax per file",
					  *p->tok.text, p->first.line, p->first.col);
				return -1;
			}
		}
		if (jp_apply(p, cmd, &cmd_tok, has_list))
			return -1;
		if (p->tok.type == JTOK_EOF)
			return 0;
	}
}

int jparse(struct jtree *t, const char *text, size_t len, struct cfg_diag *err)
{
	struct jparser p = { .t = t, .err = err };
	int ret;

	jlex_init(&p.lx, text, len);
	if (jp_next_skip_newlines(&p))
		return -1;
	if (p.tok.type == JTOK_EOF)
		return 0;
	p.first = p.tok.loc;
	p.pushed_back = true;
	if (jp_command(&p.tok) != JCMD_NONE)
		ret = jp_set_lines(&p);
	else
		ret = jp_hierarchy(&p);
	free(p.words);
	free(p.items);
	free(p.blocks);
	return ret;
}
