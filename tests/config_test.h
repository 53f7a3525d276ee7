/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Helpers of the configuration parser's test suites (test_config.c,
 * test_groups.c): results written out as text, exact-size parsing, fixtures.
 * Include after <cmocka.h>, "config.h" and "junos.h".
 */
#ifndef XBR_CONFIG_TEST_H
#define XBR_CONFIG_TEST_H

#include <libgen.h>
#include <time.h>
#include <sys/stat.h>

static char configs_dir[4096];
static char examples_dir[4096 + 32];

/* Leave out the places (describe() for results that must agree across syntaxes). */
static bool describe_no_places;

/* "@LINE:COL", and "(GROUP)" when inherited from a configuration group. */
static inline void describe_where(FILE *f, struct cfg_loc loc, const char *group)
{
	if (!describe_no_places)
		fprintf(f, "@%d:%d", loc.line, loc.col);
	if (group)
		fprintf(f, "(%s)", group);
}

static inline void describe_br(FILE *f, const char *name, const struct cfg_backup_router *b)
{
	char s[64];
	size_t i;

	if (!b->present) {
		fprintf(f, "%s none\n", name);
		return;
	}
	cfg_addr_str(&b->gateway, s, sizeof(s));
	fprintf(f, "%s %s", name, s);
	describe_where(f, b->loc, b->group);
	if (b->default_implied)
		fprintf(f, " default");
	for (i = 0; i < b->n_dests; i++) {
		cfg_prefix_str(&b->dests[i], s, sizeof(s));
		fprintf(f, " %s", s);
		describe_where(f, b->dests[i].loc, b->dests[i].group);
	}
	fputc('\n', f);
}

/* "W LINE:COL message" (kind W) or "E ..." lines, the places left out when asked. */
static inline void describe_diags(FILE *f, char kind, const struct cfg_diag *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (describe_no_places)
			fprintf(f, "%c %s\n", kind, v[i].msg);
		else
			fprintf(f, "%c %d:%d %s\n", kind, v[i].loc.line, v[i].loc.col, v[i].msg);
	}
}

/*
 * The whole result as text, e.g.
 *   inet 10.0.0.1@1:26 172.16.0.0/13@1:54
 *   inet6 2001:db8::1@5:30(re0) default ::/0@5:30(re0)
 *   W 1:68 172.16.128.0/13 has host bits set; using 172.16.0.0/13
 */
static inline char *describe(const struct xbr_config *c)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	describe_br(f, "inet", &c->inet);
	describe_br(f, "inet6", &c->inet6);
	describe_diags(f, 'W', c->warnings, c->n_warnings);
	fclose(f);
	return out;
}

/*
 * Whatever the parse gave, as text: describe()'s on success, else
 *   E 2:14 expected ";" before "backup-router"
 *   W 4:2 ...
 * with every error, then every warning.
 */
static inline char *describe_outcome(int r, const struct xbr_config *c)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	if (!r)
		return describe(c);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	describe_diags(f, 'E', c->errors, c->n_errors);
	describe_diags(f, 'W', c->warnings, c->n_warnings);
	fclose(f);
	return out;
}

/* Parse from an exact-size heap copy: reading past the end is caught by ASan/valgrind. */
static inline int parse_with(const char *text, size_t len, const struct cfg_options *o,
			     struct xbr_config *c, struct cfg_diag *e)
{
	char *copy = malloc(len ? len : 1);
	int r;

	assert_non_null(copy);
	memcpy(copy, text, len);
	r = config_parse_opts(copy, len, "t.conf", o, c, e);
	free(copy);
	return r;
}

static inline int parse_node(const char *text, size_t len, const char *node, struct xbr_config *c,
			     struct cfg_diag *e)
{
	struct cfg_options o = { .node = node };

	return parse_with(text, len, &o, c, e);
}

/* A table row: configuration in, read as node in syntax, describe_outcome()'s text out. */
struct outcome_case {
	const char *name;
	const char *node;
	enum cfg_format format;
	const char *text;
	const char *want;
};

/* Every row of a table, at the time now; all that differ are shown, then the test fails. */
static inline void check_outcomes(const struct outcome_case *v, size_t n, long long now)
{
	size_t i;
	int failed = 0;

	for (i = 0; i < n; i++) {
		struct cfg_options o = { .node = v[i].node, .format = v[i].format, .now = now };
		struct xbr_config c;
		struct cfg_diag e;
		int r = parse_with(v[i].text, strlen(v[i].text), &o, &c, &e);
		char *got = describe_outcome(r, &c);

		config_free(&c);
		if (strcmp(got, v[i].want)) {
			/* In pieces: cmocka cuts long messages. */
			print_error("case \"%s\":\n--- input:\n", v[i].name);
			print_error("%s", v[i].text);
			print_error("--- want:\n");
			print_error("%s", v[i].want);
			print_error("--- got:\n");
			print_error("%s\n", got);
			failed++;
		}
		free(got);
	}
	if (failed)
		fail_msg("%d of %zu cases differ", failed, n);
}

/* describe_outcome() of text read with o. */
static inline char *parse_outcome(const char *text, const struct cfg_options *o)
{
	struct xbr_config c;
	struct cfg_diag e;
	int r = parse_with(text, strlen(text), o, &c, &e);
	char *d = describe_outcome(r, &c);

	config_free(&c);
	return d;
}

static inline int parse_exact(const char *text, size_t len, struct xbr_config *c,
			      struct cfg_diag *e)
{
	return parse_node(text, len, NULL, c, e);
}

/* The result for node (may be NULL), as describe() writes it; an error fails the test. */
static inline char *parse_describe_node(const char *text, size_t len, const char *node)
{
	struct xbr_config c;
	struct cfg_diag e;
	char *d;

	if (parse_node(text, len, node, &c, &e))
		fail_msg("unexpected error %d:%d: %s\n--- input:\n%.*s", e.loc.line, e.loc.col,
			 e.msg, (int)len, text);
	d = describe(&c);
	config_free(&c);
	return d;
}

static inline char *parse_describe(const char *text)
{
	return parse_describe_node(text, strlen(text), NULL);
}

/*
 * How long a parse takes: wall-clock time is the figure people care about,
 * the thread's CPU time the one to assert on. The test machines are
 * shared, and another suite running beside this one can stretch wall-clock
 * time several times over without the parser being any slower.
 */
struct stopwatch {
	struct timespec wall, cpu;
};

static inline double stopwatch_diff(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

static inline void stopwatch_start(struct stopwatch *w)
{
	clock_gettime(CLOCK_MONOTONIC, &w->wall);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &w->cpu);
}

/* Prints "WHAT: N bytes parsed in W s (CPU C s)" (information only: no test judges a time); returns
 * the CPU time. */
static inline double stopwatch_report(const struct stopwatch *w, const char *what, size_t bytes)
{
	struct timespec wall, cpu;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
	clock_gettime(CLOCK_MONOTONIC, &wall);
	print_message("%s: %zu bytes parsed in %.3f s (CPU %.3f s)\n", what, bytes,
		      stopwatch_diff(&w->wall, &wall), stopwatch_diff(&w->cpu, &cpu));
	return stopwatch_diff(&w->cpu, &cpu);
}

/* The result for node must be want (describe()'s text). */
static inline void expect_result(const char *name, const char *text, const char *node,
				 const char *want)
{
	char *got = parse_describe_node(text, strlen(text), node);

	if (strcmp(got, want))
		fail_msg("case \"%s\":\n--- want:\n%s--- got:\n%s", name, want, got);
	free(got);
}

/* Parsing for node must fail at line:col with msg, and leave nothing to free. */
static inline void expect_error(size_t i, const char *text, const char *node, int line, int col,
				const char *msg)
{
	struct xbr_config c;
	struct cfg_diag e;

	memset(&c, 0x5a, sizeof(c));
	if (!parse_node(text, strlen(text), node, &c, &e)) {
		char *d = describe(&c);

		fail_msg("case %zu: accepted\n--- input:\n%s\n--- result:\n%s", i, text, d);
	}
	if (e.loc.line != line || e.loc.col != col || strcmp(e.msg, msg))
		fail_msg("case %zu:\n--- input:\n%s\n--- want: %d:%d: %s\n--- got:  %d:%d: %s", i,
			 text, line, col, msg, e.loc.line, e.loc.col, e.msg);
	assert_string_equal(e.file, "t.conf");
	/* Only the errors (the first is e) and the warnings are left. */
	assert_true(c.n_errors >= 1);
	assert_int_equal(c.errors[0].loc.line, line);
	assert_int_equal(c.errors[0].loc.col, col);
	assert_string_equal(c.errors[0].msg, msg);
	assert_string_equal(c.errors[0].file, "t.conf");
	assert_null(c.file);
	assert_null(c.node);
	assert_null(c.group_names);
	assert_false(c.inet.present);
	assert_null(c.inet.dests);
	assert_null(c.inet6.dests);
	config_free(&c);
}

static inline char *read_file(const char *dir, const char *name, size_t *len)
{
	char path[8192];
	struct stat st;
	char *buf;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	assert_int_equal(fstat(fileno(f), &st), 0);
	buf = malloc(st.st_size + 1);
	assert_non_null(buf);
	*len = fread(buf, 1, st.st_size, f);
	assert_int_equal(*len, (size_t)st.st_size);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* The statement tree of a text, written as set lines. */
static inline char *tree_dump(const char *text, size_t len)
{
	struct cfg_diag e;
	struct jtree t;
	char *out = NULL;
	size_t n = 0;
	FILE *f;

	memset(&e, 0, sizeof(e));
	assert_int_equal(jtree_init(&t), 0);
	if (jparse(&t, text, len, &e))
		fail_msg("parse error %d:%d: %s", e.loc.line, e.loc.col, e.msg);
	f = open_memstream(&out, &n);
	assert_non_null(f);
	assert_int_equal(jtree_write_set(&t, f), 0);
	fclose(f);
	jtree_free(&t);
	return out;
}

/* Fixtures are found from the working directory (the tree's top) or from the binary. */
static inline void find_dirs(const char *argv0)
{
	char exe[4096];
	struct stat st;

	if (getenv("XBR_TEST_CONFIGS")) {
		snprintf(configs_dir, sizeof(configs_dir), "%s", getenv("XBR_TEST_CONFIGS"));
		snprintf(examples_dir, sizeof(examples_dir), "%s/../../examples", configs_dir);
		return;
	}
	if (!stat("tests/configs", &st)) {
		snprintf(configs_dir, sizeof(configs_dir), "tests/configs");
		snprintf(examples_dir, sizeof(examples_dir), "examples");
		return;
	}
	snprintf(exe, sizeof(exe), "%s", argv0);
	snprintf(configs_dir, sizeof(configs_dir), "%s/../../tests/configs", dirname(exe));
	snprintf(exe, sizeof(exe), "%s", argv0);
	snprintf(examples_dir, sizeof(examples_dir), "%s/../../examples", dirname(exe));
}

#endif /* XBR_CONFIG_TEST_H */
