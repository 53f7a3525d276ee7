// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target for the Junos configuration parser (make fuzz).
 *
 * Every input is read as a whole configuration three times: with the node
 * unknown, as re0 and as node1, so that group selection is explored too.
 * Beyond the sanitizers' own findings, it aborts when:
 *   - a result or an error breaks the API's promises (an error without a
 *     message, a place outside the input, the error returned not the first
 *     listed, a result with no destination);
 *   - the statement tree written as set lines does not read back as the
 *     same tree (the writer and the parser disagree about a word).
 */
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
		fprintf(stderr, "fuzz_config: %s\n", what);
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

static void parse_as(const uint8_t *data, size_t size, const char *node)
{
	struct cfg_options o = { .node = node };
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
	check_br(&c.inet, AF_INET, data, size);
	check_br(&c.inet6, AF_INET6, data, size);
	check(c.n_warnings <= 101, "too many warnings");
	for (i = 0; i < c.n_warnings; i++)
		check(c.warnings[i].msg[0] != '\0', "a warning without a message");
	config_free(&c);
}

/* The tree as set lines (*n bytes: strings may hold NULs); NULL when the text does not parse. */
static char *tree_as_set(const char *text, size_t len, size_t *n)
{
	struct cfg_diag e;
	struct jtree t;
	char *out = NULL;
	FILE *f;

	if (jtree_init(&t))
		return NULL;
	if (jparse(&t, text, len, &e)) {
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

static void round_trip(const uint8_t *data, size_t size)
{
	size_t na, nb;
	char *a = tree_as_set((const char *)data, size, &na), *b;

	if (!a)
		return;
	b = tree_as_set(a, na, &nb);
	check(b != NULL, "set lines written from a tree do not parse");
	if (na != nb || memcmp(a, b, na)) {
		fprintf(stderr, "--- first:\n%s--- read back:\n%s", a, b);
		check(false, "set lines written from a tree read back as another tree");
	}
	free(a);
	free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_as(data, size, NULL);
	parse_as(data, size, "re0");
	parse_as(data, size, "node1");
	round_trip(data, size);
	return 0;
}
