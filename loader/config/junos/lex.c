// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Junos configuration lexer.
 *
 * Tokens: bare words, "quoted strings", { } [ ] ; and newlines (which end a
 * `set` command). Dropped here: `#` comments to the end of the line (the
 * `## Last commit` header, `## SECRET-DATA` trailers) and C-style slash-star
 * comments, which is how Junos shows annotations. A `#` or a slash-star
 * starts a comment only at the start of a token: inside a word they are part
 * of it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "config/junos/junos.h"

void jdiag_set(struct cfg_diag *d, struct cfg_loc loc, const char *fmt, ...)
{
	va_list ap;

	d->loc = loc;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
}

const char *jdiag_word(char *buf, size_t size, const char *s, size_t len)
{
	/* Long enough for any address or prefix, short enough for one line. */
	const size_t max = 48;
	size_t i, o = 0;

	if (!size)
		return buf;
	for (i = 0; i < len && i < max && o + 1 < size; i++) {
		unsigned char c = s[i];

		buf[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (i < len && o + 4 < size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

void jlex_init(struct jlex *lx, const char *text, size_t len)
{
	lx->p = text;
	lx->end = text + len;
	lx->pos.line = 1;
	lx->pos.col = 1;
	/* A UTF-8 byte order mark, as some editors write, is not content. */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		lx->p += 3;
}

static void jlex_advance(struct jlex *lx)
{
	if (*lx->p == '\n') {
		lx->pos.line++;
		lx->pos.col = 1;
	} else {
		lx->pos.col++;
	}
	lx->p++;
}

static bool jlex_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool jlex_is_control(unsigned char c)
{
	return (c < 0x20 && !jlex_is_space(c) && c != '\n') || c == 0x7f;
}

/* Characters that end a bare word. */
static bool jlex_is_delim(unsigned char c)
{
	return jlex_is_space(c) || c == '\n' || c == '{' || c == '}' || c == '[' || c == ']' ||
	       c == ';' || c == '"';
}

static int jlex_comment(struct jlex *lx, struct cfg_diag *err)
{
	struct cfg_loc start = lx->pos;

	jlex_advance(lx);
	jlex_advance(lx);
	while (lx->p < lx->end) {
		if (*lx->p == '*' && lx->p + 1 < lx->end && lx->p[1] == '/') {
			jlex_advance(lx);
			jlex_advance(lx);
			return 0;
		}
		jlex_advance(lx);
	}
	jdiag_set(err, start, "unterminated comment: \"/*\" without \"*/\"");
	return -1;
}

static int jlex_string(struct jlex *lx, struct jtok *tok, struct cfg_diag *err)
{
	tok->type = JTOK_STRING;
	tok->escaped = false;
	jlex_advance(lx);
	tok->text = lx->p;
	while (lx->p < lx->end) {
		if (*lx->p == '"') {
			tok->len = lx->p - tok->text;
			jlex_advance(lx);
			tok->end = lx->pos;
			return 0;
		}
		if (*lx->p == '\\') {
			tok->escaped = true;
			jlex_advance(lx);
			if (lx->p >= lx->end)
				break;
		}
		jlex_advance(lx);
	}
	jdiag_set(err, tok->loc, "unterminated string: no closing '\"'");
	return -1;
}

int jlex_next(struct jlex *lx, struct jtok *tok, struct cfg_diag *err)
{
	static const enum jtok_type punct[128] = {
		['{'] = JTOK_LBRACE,   ['}'] = JTOK_RBRACE, ['['] = JTOK_LBRACKET,
		[']'] = JTOK_RBRACKET, [';'] = JTOK_SEMI,   ['\n'] = JTOK_NEWLINE,
	};
	unsigned char c;

	for (;;) {
		while (lx->p < lx->end && jlex_is_space(*lx->p))
			jlex_advance(lx);
		tok->loc = lx->pos;
		tok->text = lx->p;
		tok->len = 0;
		tok->escaped = false;
		if (lx->p >= lx->end) {
			tok->type = JTOK_EOF;
			tok->end = lx->pos;
			return 0;
		}
		c = *lx->p;
		if (c == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				jlex_advance(lx);
			continue;
		}
		if (c == '/' && lx->p + 1 < lx->end && lx->p[1] == '*') {
			if (jlex_comment(lx, err))
				return -1;
			continue;
		}
		break;
	}

	if (c < 128 && punct[c] != JTOK_EOF) {
		tok->type = punct[c];
		tok->len = 1;
		jlex_advance(lx);
		tok->end = lx->pos;
		return 0;
	}
	if (c == '"')
		return jlex_string(lx, tok, err);

	tok->type = JTOK_WORD;
	while (lx->p < lx->end && !jlex_is_delim(*lx->p)) {
		if (jlex_is_control(*lx->p)) {
			jdiag_set(err, lx->pos, "invalid character 0x%02x", (unsigned char)*lx->p);
			return -1;
		}
		jlex_advance(lx);
	}
	tok->len = lx->p - tok->text;
	tok->end = lx->pos;
	return 0;
}

static bool jloc_bom(const struct jlocator *l)
{
	return l->len >= 3 && !memcmp(l->text, "\xef\xbb\xbf", 3);
}

void jloc_init(struct jlocator *l, const char *text, size_t len)
{
	l->text = text;
	l->len = len;
	l->off = jloc_bom(l) ? 3 : 0;
	l->pos.line = 1;
	l->pos.col = 1;
}

struct cfg_loc jloc_at(struct jlocator *l, size_t off)
{
	size_t start = jloc_bom(l) ? 3 : 0, i;

	if (off > l->len)
		off = l->len;
	if (off < start)
		off = start;
	if (off < l->off) {
		size_t lines = 0;

		for (i = off; i < l->off; i++)
			lines += l->text[i] == '\n';
		l->pos.line -= (int)lines;
		for (i = off; lines && i > start && l->text[i - 1] != '\n'; i--)
			;
		l->pos.col = lines ? (int)(off - i) + 1 : l->pos.col - (int)(l->off - off);
		l->off = off;
		return l->pos;
	}
	for (; l->off < off; l->off++) {
		if (l->text[l->off] == '\n') {
			l->pos.line++;
			l->pos.col = 1;
		} else {
			l->pos.col++;
		}
	}
	return l->pos;
}
