/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Junos configuration → a generic statement tree.
 *
 * Layers, each unaware of backup routers:
 *   lex.c     bytes → tokens (words, strings, punctuation, newlines);
 *             comments and annotations are dropped here.
 *   tree.c    the tree: one node per word, merged by path, with
 *             location, flags (inactive, protect, replace) and the
 *             order in which statements touched it.
 *   stmt.c    statements applied to the tree: set, delete, deactivate,
 *             insert, rename, copy...
 *   parse.c   both text syntaxes (`set` commands and the curly-brace
 *             hierarchy) → tree operations.
 *   xml.c     Junos XML (display xml, NETCONF replies) → the same
 *             operations, read with libxml2.
 *   json.c    Junos JSON (display json, ietf and verbose) → the same,
 *             read with json-c.
 *   schema.c  the few schema facts the tree needs (see there).
 *   shape.c   the statements on the way to a backup router checked
 *             against their Junos shape (a missing ";" is not silent).
 *   write.c   the tree back as `set` lines.
 *
 * Why one node per word: only the Junos schema knows where a statement's
 * keywords end and its values begin ("unit 0" is one object, "host-name foo"
 * a leaf and its value). Without the schema, splitting every statement into
 * single words makes `set system backup-router 10.0.0.1 destination X` and
 * `system { backup-router 10.0.0.1 destination X; }` land on the very same
 * nodes, which is also how `show configuration | display set` relates the two.
 *
 * Every input is untrusted: lengths are explicit (no NUL terminator needed),
 * nothing recurses on input depth, and every allocation failure is reported.
 */
#ifndef XBR_JUNOS_H
#define XBR_JUNOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "config/config.h"

/* ---- diagnostics shared by the layers ---- */

/* Set d->loc and d->msg (not d->file). */
void jdiag_set(struct cfg_diag *d, struct cfg_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A word quoted for a message: printable, at most ~48 bytes, "..." when cut. */
const char *jdiag_word(char *buf, size_t size, const char *s, size_t len);

/* ---- lexer ---- */

enum jtok_type {
	JTOK_EOF,
	JTOK_NEWLINE,
	JTOK_WORD,   /* bare word */
	JTOK_STRING, /* "quoted"; text excludes the quotes, escapes still in */
	JTOK_LBRACE,
	JTOK_RBRACE,
	JTOK_LBRACKET,
	JTOK_RBRACKET,
	JTOK_SEMI,
};

struct jtok {
	enum jtok_type type;
	const char *text; /* points into the input */
	size_t len;
	bool escaped;	    /* STRING holding backslash escapes */
	struct cfg_loc loc; /* first byte */
	struct cfg_loc end; /* just past the last byte */
};

struct jlex {
	const char *p;
	const char *end;
	struct cfg_loc pos;
};

void jlex_init(struct jlex *lx, const char *text, size_t len);
/* Next token into *tok: 0, or -1 with *err set (loc and msg). */
int jlex_next(struct jlex *lx, struct jtok *tok, struct cfg_diag *err);

/* ---- tree ---- */

enum {
	JN_INACTIVE = 1 << 0, /* `inactive:` / `deactivate`: subtree not applied */
	JN_PROTECT = 1 << 1,  /* `protect:` */
	JN_REPLACE = 1 << 2,  /* `replace:` (meaningful to `load replace` only) */
	JN_QUOTED = 1 << 3,   /* first seen as a quoted string */
	JN_DELETED = 1 << 4,  /* unlinked by `delete`; kept until the tree is freed */
	JN_LIVE_SET = 1 << 5, /* jnode_live() memo */
	JN_LIVE = 1 << 6,
	JN_MARK = 1 << 7,  /* scratch for a walk over the tree; cleared by whoever set it */
	JN_NOTED = 1 << 8, /* a warning about this node was given: once is enough */
	/* In a statement's tags only (`active:`, `unprotect:`): take the flag away instead. */
	JN_UNSET_INACTIVE = 1 << 16,
	JN_UNSET_PROTECT = 1 << 17,
};

struct jnode {
	const char *word; /* not NUL-terminated */
	uint32_t len;
	uint32_t flags;
	uint32_t hash;
	uint32_t seq;	     /* last statement that went through this node */
	uint32_t n_term;     /* statements that ended here */
	struct cfg_loc loc;  /* where the word first appeared */
	struct cfg_loc last; /* where a statement last ended here */
	/* End of the word before it in that first statement (line 0: none). */
	struct cfg_loc prev_end;
	struct jnode *parent;
	struct jnode *first, *last_child;
	struct jnode *prev, *next; /* siblings, in order of first appearance */
	struct jnode *hnext;	   /* hash chain */
};

struct jarena_chunk;

/* Called for tree-level warnings (e.g. `delete` of a missing statement), and errors. */
typedef void (*jtree_warn_fn)(void *arg, struct cfg_loc loc, const char *msg);

/* Not to be moved once initialised: node lookups are keyed by parent address, the root's too. */
struct jtree {
	struct jnode root;
	struct jarena_chunk *chunks;
	struct jnode **buckets;
	size_t n_buckets;
	size_t n_nodes;
	uint32_t seq;
	jtree_warn_fn warn;
	void *warn_arg;
	/* Every error of the input; the parsers go on after each. NULL: not collected. */
	jtree_warn_fn error;
	void *error_arg;
	unsigned int n_errors;
	struct cfg_diag first_error; /* the first reported */
};

/* Report an error (d->loc, d->msg) to t->error, and count it. */
void jtree_error(struct jtree *t, const struct cfg_diag *d);
void jtree_errorf(struct jtree *t, struct cfg_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One word of a statement, as the parser hands it over. */
struct jword {
	const char *s; /* unescaped; lives in the input or the tree's arena */
	size_t len;
	struct cfg_loc loc;
	struct cfg_loc end;
	bool quoted;
};

/* A statement: path words, then optionally a trailing `[ list ]`. */
struct jstmt {
	const struct jword *words;
	size_t n_words;
	const struct jword *items;
	size_t n_items;
	bool has_list;
	uint32_t tags; /* JN_INACTIVE | JN_PROTECT | JN_REPLACE | JN_UNSET_* */
	struct cfg_loc loc;
};

int jtree_init(struct jtree *t);
void jtree_free(struct jtree *t);
/* Copy of s in the tree's arena (for unescaped strings); NULL when out of memory. */
char *jtree_strdup(struct jtree *t, const char *s, size_t len);

/* The live (not deleted) child of parent named word, or NULL. */
struct jnode *jtree_child(const struct jtree *t, const struct jnode *parent, const char *word,
			  size_t len);

/* The child named w under parent, created when missing (prev_end: see struct jnode). NULL: OOM. */
struct jnode *jtree_add(struct jtree *t, struct jnode *parent, const struct jword *w,
			struct cfg_loc prev_end);

/* Take n (and so its subtree) out of the tree. */
void jtree_unlink(struct jtree *t, struct jnode *n);

/* Give n another word (w->s must live as long as the tree). -1: OOM. */
int jtree_rename_node(struct jtree *t, struct jnode *n, const struct jword *w);

/* Move n among its siblings, just before or after ref. */
void jtree_move(struct jnode *n, struct jnode *ref, bool before);

/* A copy of n's subtree as a new child of n's parent named w. NULL: OOM. */
struct jnode *jtree_copy_node(struct jtree *t, struct jnode *n, const struct jword *w);

/* ---- statements (stmt.c) ---- */

/*
 * `set`: walk and create the statement's path under base. A leaf statement
 * ends at its last word or at each list item; a block statement (is_block)
 * ends at its last word, which is returned so the block's statements go
 * under it. Tags go to where the statement ends, or to the container when
 * the statement enters one (schema.c): the container is then the
 * object the statement is about. NULL with *err set (loc and msg) when out
 * of memory, or when one statement gives a container's single value twice
 * (across a line break: a missing ";").
 */
struct jnode *jtree_set(struct jtree *t, struct jnode *base, const struct jstmt *st, bool is_block,
			struct cfg_diag *err);

/* Statement operations on an existing path; a missing path gives a warning. 0, or -1 on OOM. */
enum jtree_op { JOP_DELETE, JOP_DEACTIVATE, JOP_ACTIVATE, JOP_PROTECT, JOP_UNPROTECT };
int jtree_apply(struct jtree *t, struct jnode *base, const struct jstmt *st, enum jtree_op op,
		const char *cmd);

/* The node a path names, containers read as jtree_set() writes them; NULL: not there. */
struct jnode *jtree_find(const struct jtree *t, struct jnode *base, const struct jword *w,
			 size_t n_words);

/*
 * The configuration-mode commands that name a statement and another
 * identifier: `insert PATH ID before|after ID2`, `rename PATH ID to ID2`,
 * `copy PATH ID to ID2` (ID2 may repeat the keyword before ID, as in
 * `term t2 before term t1`). The statement is st's words; the other
 * identifier is other's. A missing statement gives a warning; 0, or -1
 * with *err set (loc and msg) when the command cannot be done.
 */
enum jtree_move_op { JMOVE_BEFORE, JMOVE_AFTER, JMOVE_RENAME, JMOVE_COPY };
int jtree_move_op(struct jtree *t, struct jnode *base, const struct jstmt *st,
		  const struct jword *other, size_t n_other, enum jtree_move_op op,
		  struct cfg_diag *err);

/*
 * A node counts when it is not inactive and either is a leaf or has a child
 * that counts: `inactive: backup-router 10.0.0.1 destination [ a b ];` marks
 * only a and b, which leaves 10.0.0.1 with nothing active under it. Ancestors
 * are not looked at: walk down from the root. Call once parsing is done.
 */
bool jnode_live(struct jnode *n);

/* The tree as `set` and `deactivate` lines, in order: for tests and debugging (write.c). */
int jtree_write_set(const struct jtree *t, FILE *f);

/* ---- schema (schema.c) ---- */

/*
 * A container whose one-line form mixes a value without its keyword with
 * keyword-value pairs: `backup-router 10.0.0.1 destination X` is
 * `backup-router { address 10.0.0.1; destination X; }`.
 */
struct jcontainer {
	const char *name;	     /* its keyword */
	const char *parent;	     /* its parent's, at the top or in a group */
	const char *nokeyword;	     /* the keyword a bare value stands for */
	const char *const *keywords; /* keywords taking one value or a [ list ]; NULL-ended */
	const char *const *single;   /* those of them whose new value replaces the old one */
};

/* n's container description, or NULL for an ordinary node. */
const struct jcontainer *jschema_container(const struct jtree *t, const struct jnode *n);
bool jschema_is_keyword(const struct jcontainer *c, const char *word, size_t len);
/* "address, destination, apply-groups or apply-groups-except" into buf. */
void jschema_keywords(const struct jcontainer *c, char *buf, size_t size);
bool jschema_is_single(const struct jcontainer *c, const char *word, size_t len);

/*
 * The statements on the path to a backup router (the top, groups, system)
 * against the shape Junos gives them: a statement that takes one value and
 * got more words, a flag that got any, a statement run on into the next
 * line where a known one starts (text: a missing ";") are errors; a name
 * close to one of those xbr reads (backup-routers) is a warning. Reported
 * through t->error and t->warn. text: the tree came from a text syntax.
 */
void jschema_check(struct jtree *t, bool text);

/* Levenshtein distance of a and b, with a swap of two neighbours counting one; at most max + 1. */
unsigned int jschema_distance(const char *a, size_t alen, const char *b, size_t blen,
			      unsigned int max);

/* ---- parsers ---- */

enum jsyntax {
	JSYNTAX_AUTO, /* from the first statement */
	JSYNTAX_SET,  /* set commands (load set) */
	JSYNTAX_TEXT, /* the curly-brace hierarchy (load merge) */
};

/*
 * Parse text in syntax into t. Errors go to t->error as they are found and
 * parsing goes on after each where the rest can still be read; 0, or -1
 * with *err set (loc and msg) to the first.
 */
int jparse_as(struct jtree *t, const char *text, size_t len, enum jsyntax syntax,
	      struct cfg_diag *err);
/* jparse_as() for text that starts at start of a larger file (its places are the file's). */
int jparse_at(struct jtree *t, const char *text, size_t len, enum jsyntax syntax,
	      struct cfg_loc start, struct cfg_diag *err);
/* jparse_as() with JSYNTAX_AUTO. */
int jparse(struct jtree *t, const char *text, size_t len, struct cfg_diag *err);
/* The first statement of text is a configuration-mode command (set, delete, edit, ...). */
bool jparse_is_set(const char *text, size_t len);

/* XML as Junos writes it into t; as jparse_as(). */
int jxml_parse(struct jtree *t, const char *text, size_t len, struct cfg_diag *err);

/* JSON as Junos writes it (ietf or verbose) into t; as jparse_as(). */
int jjson_parse(struct jtree *t, const char *text, size_t len, struct cfg_diag *err);

/*
 * Byte offsets of a text to lines and columns (1-based, in bytes, a byte
 * order mark not counted), as the lexer counts them. Cheap for offsets
 * that mostly go forward, as a parser's do.
 */
struct jlocator {
	const char *text;
	size_t len;
	size_t off; /* where pos is */
	struct cfg_loc pos;
};

void jloc_init(struct jlocator *l, const char *text, size_t len);
struct cfg_loc jloc_at(struct jlocator *l, size_t off);

#endif /* XBR_JUNOS_H */
