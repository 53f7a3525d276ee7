// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Junos configuration → backup routers: the entry points. Reading files,
 * collecting warnings and formatting messages live here; the syntax is in
 * junos/ and the meaning of the backup-router statements in
 * backup.c.
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
static struct cfg_diag *cfg_warn_slot(struct cfg_warns *w, struct cfg_loc loc)
{
	size_t i, last = 0;

	if (!w->v)
		w->v = calloc(CFG_MAX_WARNINGS + 1, sizeof(*w->v));
	if (!w->v)
		return NULL;
	if (w->n < CFG_MAX_WARNINGS)
		return &w->v[w->n++];
	w->dropped++;
	for (i = 1; i < w->n; i++)
		if (!cfg_loc_before(w->v[i].loc, w->v[last].loc))
			last = i;
	return cfg_loc_before(loc, w->v[last].loc) ? &w->v[last] : NULL;
}

void cfg_warn(struct cfg_warns *w, struct cfg_loc loc, const char *fmt, ...)
{
	struct cfg_diag *d = cfg_warn_slot(w, loc);
	va_list ap;

	if (!d) {
		w->dropped += !w->v;
		return;
	}
	snprintf(d->file, sizeof(d->file), "%s", w->file);
	d->loc = loc;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
}

static void cfg_tree_warn(void *arg, struct cfg_loc loc, const char *msg)
{
	cfg_warn(arg, loc, "%s", msg);
}

/* File order (stable: few enough for an insertion sort), then the overflow note. */
static void cfg_warns_finish(struct cfg_warns *w)
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
		snprintf(d->msg, sizeof(d->msg), "%zu more warnings not shown", w->dropped);
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

int config_parse_opts(const char *text, size_t len, const char *fname,
		      const struct cfg_options *opts, struct xbr_config *cfg, struct cfg_diag *err)
{
	const char *name = cfg_display_name(fname);
	struct cfg_warns warns = { .file = name };
	struct cfg_diag ignore;
	struct jtree t;

	if (!err)
		err = &ignore;
	memset(cfg, 0, sizeof(*cfg));
	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "%s", name);
	if (!text)
		len = 0;
	if (jtree_init(&t)) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	t.warn = cfg_tree_warn;
	t.warn_arg = &warns;
	if (jparse(&t, text ? text : "", len, err) ||
	    cfg_backup_routers(&t, opts, cfg, &warns, err))
		goto fail;
	cfg->file = strdup(name);
	if (opts && opts->node)
		cfg->node = strdup(opts->node);
	if (!cfg->file || (opts && opts->node && !cfg->node)) {
		jdiag_set(err, (struct cfg_loc){ 0, 0 }, "out of memory");
		goto fail;
	}
	cfg_warns_finish(&warns);
	cfg->warnings = warns.v;
	cfg->n_warnings = warns.n;
	jtree_free(&t);
	return 0;
fail:
	free(warns.v);
	jtree_free(&t);
	config_free(cfg);
	return -1;
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

void cfg_diag_format(const struct cfg_diag *d, char *buf, size_t size)
{
	if (!size)
		return;
	if (d->loc.line > 0)
		snprintf(buf, size, "%s:%d:%d: %s", d->file, d->loc.line, d->loc.col, d->msg);
	else
		snprintf(buf, size, "%s: %s", d->file, d->msg);
}
