/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the configuration fuzzers (fuzz_config.c, fuzz_xml.c, fuzz_json.c)
 * check of every input, beyond the sanitizers' own findings. Each input is
 * read in one syntax, as three nodes (unknown, re0, node1), and it aborts
 * when:
 *   - a result or an error breaks the API's promises (an error without a
 *     message, a place outside the input, the error returned not the first
 *     listed, a result with no destination);
 *   - the backup routers written back (config_write(), as check --display
 *     writes them) in any of the four syntaxes do not read back as the
 *     same backup routers;
 *   - the statement tree written as set lines does not read back as the
 *     same tree (the writer and the parser disagree about a word).
 */
#ifndef XBR_FUZZ_COMMON_H
#define XBR_FUZZ_COMMON_H

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config/config.h"
#include "config/junos/junos.h"

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz: %s\n", what);
		abort();
	}
}

/* Lines and columns stay within the input: no place is made up. */
static void check_loc(struct cfg_loc loc, const uint8_t *data, size_t size)
{
	size_t lines = 1, i;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	check(loc.line >= 0 && (size_t)loc.line <= lines, "line outside the input");
	check(loc.col >= 0 && (size_t)loc.col <= size + 1, "column outside the input");
}

static void check_br(const struct cfg_backup_router *b, int family, const uint8_t *data,
		     size_t size)
{
	size_t i;

	if (!b->present) {
		check(!b->dests && !b->n_dests, "destinations without a backup router");
		return;
	}
	check(b->gateway.family == family, "gateway of the wrong family");
	check(b->n_dests > 0, "a backup router without destinations");
	check_loc(b->loc, data, size);
	for (i = 0; i < b->n_dests; i++) {
		check(b->dests[i].addr.family == family, "destination of the wrong family");
		check(b->dests[i].len <= (family == AF_INET ? 32u : 128u), "prefix too long");
		check_loc(b->dests[i].loc, data, size);
	}
}

/* What check --display writes, in every syntax, reads back as what was read. */
static void check_display(const struct xbr_config *c)
{
	static const enum cfg_format fmts[] = { CFG_FORMAT_SET, CFG_FORMAT_TEXT, CFG_FORMAT_JSON,
						CFG_FORMAT_XML };
	size_t i, n;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		struct cfg_options o = { .format = fmts[i] };
		struct xbr_config back;
		struct cfg_diag e;
		char *out = NULL;
		FILE *f = open_memstream(&out, &n);

		check(f != NULL, "open_memstream");
		check(config_write(c, fmts[i], f) == 0, "config_write failed");
		fclose(f);
		if (config_parse_opts(out, n, "display", &o, &back, &e)) {
			fprintf(stderr, "--- %s:\n%s--- %d:%d: %s\n", cfg_format_name(fmts[i]), out,
				e.loc.line, e.loc.col, e.msg);
			check(false, "what config_write() wrote does not read back");
		}
		if (!cfg_backup_router_same(&c->inet, &back.inet) ||
		    !cfg_backup_router_same(&c->inet6, &back.inet6)) {
			fprintf(stderr, "--- %s:\n%s", cfg_format_name(fmts[i]), out);
			check(false,
			      "what config_write() wrote reads back as other backup routers");
		}
		config_free(&back);
		free(out);
	}
}

static void parse_as(const uint8_t *data, size_t size, const char *node, enum cfg_format fmt)
{
	struct cfg_options o = { .node = node, .format = fmt, .now = 1718719371 };
	struct xbr_config c;
	struct cfg_diag e;
	size_t i;

	if (config_parse_opts((const char *)data, size, "fuzz", &o, &c, &e)) {
		check(e.msg[0] != '\0', "an error without a message");
		check_loc(e.loc, data, size);
		check(!c.file && !c.inet.dests && !c.inet6.dests, "an error left a result");
		check(c.n_errors >= 1 && c.n_errors <= 101, "errors not listed");
		check(!strcmp(c.errors[0].msg, e.msg) && c.errors[0].loc.line == e.loc.line &&
			      c.errors[0].loc.col == e.loc.col,
		      "the error returned is not the first listed");
		for (i = 0; i < c.n_errors; i++) {
			check(c.errors[i].msg[0] != '\0', "an error without a message");
			check_loc(c.errors[i].loc, data, size);
		}
		config_free(&c);
		return;
	}
	check(!c.n_errors && !c.errors, "errors listed on success");
	check_br(&c.inet, AF_INET, data, size);
	check_br(&c.inet6, AF_INET6, data, size);
	check(c.n_warnings <= 101, "too many warnings");
	for (i = 0; i < c.n_warnings; i++)
		check(c.warnings[i].msg[0] != '\0', "a warning without a message");
	check_display(&c);
	config_free(&c);
}

/* The tree of text read as fmt, as set lines (*n bytes: strings may hold NULs); NULL: errors. */
static char *tree_as_set(const char *text, size_t len, enum cfg_format fmt, size_t *n)
{
	struct cfg_diag e;
	struct jtree t;
	char *out = NULL;
	FILE *f;
	int r;

	if (jtree_init(&t))
		return NULL;
	if (fmt == CFG_FORMAT_XML)
		r = jxml_parse(&t, text, len, &e);
	else if (fmt == CFG_FORMAT_JSON)
		r = jjson_parse(&t, text, len, &e);
	else
		r = jparse_as(&t, text, len, fmt == CFG_FORMAT_SET ? JSYNTAX_SET : JSYNTAX_AUTO,
			      &e);
	if (r) {
		jtree_free(&t);
		return NULL;
	}
	f = open_memstream(&out, n);
	check(f != NULL, "open_memstream");
	check(jtree_write_set(&t, f) == 0, "jtree_write_set failed");
	fclose(f);
	jtree_free(&t);
	return out;
}

static void round_trip(const uint8_t *data, size_t size, enum cfg_format fmt)
{
	size_t na, nb;
	char *a = tree_as_set((const char *)data, size, fmt, &na), *b;

	if (!a)
		return;
	b = tree_as_set(a, na, CFG_FORMAT_SET, &nb);
	check(b != NULL, "set lines written from a tree do not parse");
	if (na != nb || memcmp(a, b, na)) {
		fprintf(stderr, "--- first:\n%s--- read back:\n%s", a, b);
		check(false, "set lines written from a tree read back as another tree");
	}
	free(a);
	free(b);
}

/* Everything, for one input in syntax fmt. */
static int fuzz_one(const uint8_t *data, size_t size, enum cfg_format fmt)
{
	parse_as(data, size, NULL, fmt);
	parse_as(data, size, "re0", fmt);
	parse_as(data, size, "node1", fmt);
	round_trip(data, size, fmt);
	return 0;
}

#endif /* XBR_FUZZ_COMMON_H */
