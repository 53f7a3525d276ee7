// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Junos configuration → backup routers: the entry points. Reading files,
 * telling the syntax, collecting errors and warnings and formatting
 * messages live here; the syntaxes are in junos/ and the meaning of the
 * backup-router statements in backup.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config/config_priv.h"

/* A whole router configuration is a few MiB at most. */
#define CFG_MAX_FILE (64u << 20)

bool cfg_loc_before(struct cfg_loc a, struct cfg_loc b)
{
	return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/*
 * Where a new warning goes. Once there are enough, the latest in the file
 * makes room: the ones shown are the first in the file, whatever the
 * order in which they were found.
 */
static struct cfg_diag *cfg_warn_slot(struct cfg_diags *w, struct cfg_loc loc)
{
	size_t i, last = 0;

	if (w->n == w->cap && w->n < CFG_MAX_DIAGS) {
		/* One more slot than shown, for the note on the dropped ones. */
		size_t cap = w->cap ? w->cap * 4 : 4;
		struct cfg_diag *v;

		cap = cap > CFG_MAX_DIAGS ? CFG_MAX_DIAGS + 1 : cap + 1;
		v = realloc(w->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		w->v = v;
		w->cap = cap - 1;
	}
	if (w->n < w->cap)
		return &w->v[w->n++];
	w->dropped++;
	for (i = 1; i < w->n; i++)
		if (!cfg_loc_before(w->v[i].loc, w->v[last].loc))
			last = i;
	return cfg_loc_before(loc, w->v[last].loc) ? &w->v[last] : NULL;
}

void cfg_warn(struct cfg_diags *w, struct cfg_loc loc, const char *fmt, ...)
{
	struct cfg_diag *d = cfg_warn_slot(w, loc);
	va_list ap;

	if (!d) {
		w->dropped += w->n < CFG_MAX_DIAGS; /* out of memory */
		return;
	}
	snprintf(d->file, sizeof(d->file), "%s", w->file);
	d->loc = loc;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
}

void cfg_diags_add(struct cfg_diags *w, const struct cfg_diag *d)
{
	cfg_warn(w, d->loc, "%s", d->msg);
}

static void cfg_tree_warn(void *arg, struct cfg_loc loc, const char *msg)
{
	cfg_warn(arg, loc, "%s", msg);
}

/* File order (stable: few enough for an insertion sort), then the overflow note. */
static void cfg_warns_finish(struct cfg_diags *w)
{
	struct cfg_diag tmp;
	size_t i, j;

	for (i = 1; i < w->n; i++) {
		tmp = w->v[i];
		for (j = i; j > 0 && cfg_loc_before(tmp.loc, w->v[j - 1].loc); j--)
			w->v[j] = w->v[j - 1];
		w->v[j] = tmp;
	}
	if (w->dropped && w->v) {
		struct cfg_diag *d = &w->v[w->n++];

		memset(d, 0, sizeof(*d));
		snprintf(d->file, sizeof(d->file), "%s", w->file);
		snprintf(d->msg, sizeof(d->msg), "%zu more %s not shown", w->dropped,
			 w->noun ? w->noun : "warnings");
	}
}

void config_free(struct xbr_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->file);
	free(cfg->node);
	free(cfg->group_names);
	free(cfg->inet.dests);
	free(cfg->inet6.dests);
	free(cfg->warnings);
	free(cfg->errors);
	memset(cfg, 0, sizeof(*cfg));
}

static const char *cfg_display_name(const char *fname)
{
	if (!fname)
		return "<config>";
	return strcmp(fname, "-") ? fname : "<stdin>";
}

int config_parse(const char *text, size_t len, const char *fname, struct xbr_config *cfg,
		 struct cfg_diag *err)
{
	return config_parse_opts(text, len, fname, NULL, cfg, err);
}

/* The statements of text, in its syntax, into t. */
static void cfg_read_tree(struct jtree *t, const char *text, size_t len, enum cfg_format f,
			  bool given, struct cfg_diag *err)
{
	switch (f) {
	case CFG_FORMAT_XML:
		jxml_parse(t, text, len, err);
		break;
	case CFG_FORMAT_JSON:
		jjson_parse(t, text, len, err);
		break;
	default:
		/* Seen, not given: the parser tells a mix of the two from its first statement. */
		jparse_as(t, text, len,
			  !given		? JSYNTAX_AUTO
			  : f == CFG_FORMAT_SET ? JSYNTAX_SET
						: JSYNTAX_TEXT,
			  err);
	}
}

int config_parse_opts(const char *text, size_t len, const char *fname,
		      const struct cfg_options *opts, struct xbr_config *cfg, struct cfg_diag *err)
{
	const char *name = cfg_display_name(fname);
	struct cfg_diags warns = { .file = name, .noun = "warnings" };
	struct cfg_diags errs = { .file = name, .noun = "errors" };
	enum cfg_format f = opts ? opts->format : CFG_FORMAT_AUTO;
	struct cfg_diag ignore, e;
	struct jtree t;

	if (!err)
		err = &ignore;
	memset(cfg, 0, sizeof(*cfg));
	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "%s", name);
	if (!text) {
		text = "";
		len = 0;
	}
	if (f == CFG_FORMAT_AUTO)
		f = cfg_format_detect(text, len);
	if (jtree_init(&t)) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		cfg->errors = calloc(1, sizeof(*cfg->errors));
		if (cfg->errors) {
			cfg->errors[0] = *err;
			cfg->n_errors = 1;
		}
		return -1;
	}
	t.warn = cfg_tree_warn;
	t.warn_arg = &warns;
	t.error = cfg_tree_warn;
	t.error_arg = &errs;
	/*
	 * Every error in the file, as Junos lists them: the parsers go on
	 * after a mistake, and the statements they could read are checked.
	 * Which backup routers are in effect is only worked out without any.
	 */
	cfg_read_tree(&t, text, len, f, opts && opts->format != CFG_FORMAT_AUTO, &e);
	jschema_check(&t, f == CFG_FORMAT_SET || f == CFG_FORMAT_TEXT);
	cfg_check_all(&t, &errs);
	memset(&e, 0, sizeof(e));
	if (!errs.n && cfg_backup_routers(&t, opts, cfg, &warns, &e))
		cfg_diags_add(&errs, &e);
	if (!errs.n) {
		cfg->file = strdup(name);
		if (opts && opts->node)
			cfg->node = strdup(opts->node);
		if (!cfg->file || (opts && opts->node && !cfg->node)) {
			jdiag_set(&e, (struct cfg_loc){ 0, 0 }, "out of memory");
			cfg_diags_add(&errs, &e);
		}
	}
	cfg_warns_finish(&warns);
	jtree_free(&t);
	if (errs.n) {
		config_free(cfg);
		cfg_warns_finish(&errs);
		cfg->errors = errs.v;
		cfg->n_errors = errs.n;
		cfg->warnings = warns.v;
		cfg->n_warnings = warns.n;
		cfg->format = f;
		if (errs.v) {
			*err = errs.v[0];
		} else {
			jdiag_set(err, (struct cfg_loc){ 0, 0 }, "out of memory");
		}
		return -1;
	}
	cfg->format = f;
	cfg->warnings = warns.v;
	cfg->n_warnings = warns.n;
	return 0;
}

static int cfg_io_error(struct cfg_diag *err, const char *name, const char *what, int e)
{
	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "%s", name);
	if (e)
		snprintf(err->msg, sizeof(err->msg), "%s: %s", what, strerror(e));
	else
		snprintf(err->msg, sizeof(err->msg), "%s", what);
	return -1;
}

int config_load(const char *path, struct xbr_config *cfg, struct cfg_diag *err)
{
	return config_load_opts(path, NULL, cfg, err);
}

int config_load_opts(const char *path, const struct cfg_options *opts, struct xbr_config *cfg,
		     struct cfg_diag *err)
{
	const char *name = cfg_display_name(path);
	bool is_stdin = path && !strcmp(path, "-");
	size_t len = 0, cap = 0;
	char *buf = NULL, *nb;
	struct cfg_diag ignore;
	int fd, ret = -1;
	ssize_t r;

	if (!err)
		err = &ignore;
	memset(cfg, 0, sizeof(*cfg));
	if (!path)
		return cfg_io_error(err, name, "no configuration file given", 0);
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cfg_io_error(err, name, "cannot open", errno);
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 64 * 1024;
			if (cap > CFG_MAX_FILE + 1)
				cap = CFG_MAX_FILE + 1;
			nb = len < cap ? realloc(buf, cap) : NULL;
			if (!nb) {
				cfg_io_error(err, name,
					     len > CFG_MAX_FILE ? "too large (more than 64 MiB)"
								: "cannot read",
					     len > CFG_MAX_FILE ? 0 : ENOMEM);
				goto out;
			}
			buf = nb;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			cfg_io_error(err, name, "cannot read", errno);
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	ret = config_parse_opts(buf, len, path, opts, cfg, err);
out:
	if (!is_stdin)
		close(fd);
	free(buf);
	return ret;
}

static const char *const cfg_format_names[] = {
	[CFG_FORMAT_AUTO] = "auto", [CFG_FORMAT_SET] = "set", [CFG_FORMAT_TEXT] = "text",
	[CFG_FORMAT_JSON] = "json", [CFG_FORMAT_XML] = "xml",
};

enum cfg_format cfg_format_from_name(const char *name)
{
	size_t i;

	for (i = CFG_FORMAT_SET; name && i <= CFG_FORMAT_XML; i++)
		if (!strcmp(name, cfg_format_names[i]))
			return (enum cfg_format)i;
	return CFG_FORMAT_AUTO;
}

const char *cfg_format_name(enum cfg_format f)
{
	return f <= CFG_FORMAT_XML ? cfg_format_names[f] : "?";
}

enum cfg_format cfg_format_detect(const char *text, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < len && strchr(" \t\r\n\f\v", text[i]) && text[i])
		i++;
	if (i < len && text[i] == '<')
		return CFG_FORMAT_XML;
	/* "{ system; }" is a mistake in the hierarchy, not JSON. */
	if (i < len && text[i] == '{') {
		for (i++; i < len && strchr(" \t\r\n", text[i]) && text[i]; i++)
			;
		if (i == len || text[i] == '"' || text[i] == '}')
			return CFG_FORMAT_JSON;
	}
	return jparse_is_set(text, len) ? CFG_FORMAT_SET : CFG_FORMAT_TEXT;
}

void cfg_diag_format(const struct cfg_diag *d, char *buf, size_t size)
{
	if (!size)
		return;
	if (d->loc.line > 0)
		snprintf(buf, size, "%s:%d:%d: %s", d->file, d->loc.line, d->loc.col, d->msg);
	else
		snprintf(buf, size, "%s: %s", d->file, d->msg);
}
