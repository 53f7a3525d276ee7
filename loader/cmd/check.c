// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr check prints what the configuration means on this node: each family's
 * backup router and destinations with where each was written (FILE:LINE:COL,
 * and the configuration group it was inherited from), then the warnings:
 * the configuration's own, and those only the kernel's table can tell (a
 * destination shadowed by a static route, shadow.h). Exit 0 with warnings,
 * 1 with errors: every one of them is check's output too (the first is the
 * one line on stderr). With -j all of it is JSON on stdout, errors
 * included; with --display, the backup routers in effect are written back
 * as configuration (set, text, json or xml) and nothing else.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "xbr.h"
#include "cmd/cmds.h"
#include "kernel/netlink.h"
#include "kernel/shadow.h"
#include "state/apply.h"

/* "FILE:LINE:COL" and, when inherited, ", group NAME". */
static void check_where(const struct xbr_config *cfg, struct cfg_loc loc, const char *group,
			char *buf, size_t size)
{
	snprintf(buf, size, "%s:%d:%d%s%s", cfg->file, loc.line, loc.col, group ? ", group " : "",
		 group ? group : "");
}

static void check_loc_json(json_object *o, const struct xbr_config *cfg, struct cfg_loc loc,
			   const char *group)
{
	char where[320];

	snprintf(where, sizeof(where), "%s:%d:%d", cfg->file, loc.line, loc.col);
	json_object_object_add(o, "location", json_object_new_string(where));
	json_object_object_add(o, "group", group ? json_object_new_string(group) : NULL);
}

/* 0.0.0.0/0 or ::/0, written or implied. */
static bool check_every_destination(const struct cfg_backup_router *br)
{
	for (size_t i = 0; i < br->n_dests; i++)
		if (!br->dests[i].len)
			return true;
	return false;
}

static json_object *check_family_json(const struct xbr_config *cfg,
				      const struct cfg_backup_router *br)
{
	char buf[INET6_ADDRSTRLEN + 8];
	json_object *o, *dests;

	if (!br->present)
		return NULL;
	o = json_object_new_object();
	cfg_addr_str(&br->gateway, buf, sizeof(buf));
	json_object_object_add(o, "gateway", json_object_new_string(buf));
	check_loc_json(o, cfg, br->loc, br->group);
	json_object_object_add(o, "every_destination",
			       json_object_new_boolean(check_every_destination(br)));
	json_object_object_add(o, "destination_implied",
			       json_object_new_boolean(br->default_implied));
	dests = json_object_new_array();
	for (size_t i = 0; i < br->n_dests; i++) {
		json_object *d = json_object_new_object();

		cfg_prefix_str(&br->dests[i], buf, sizeof(buf));
		json_object_object_add(d, "prefix", json_object_new_string(buf));
		if (!br->default_implied)
			check_loc_json(d, cfg, br->dests[i].loc, br->dests[i].group);
		json_object_array_add(dests, d);
	}
	json_object_object_add(o, "destinations", dests);
	return o;
}

static void check_family_text(const struct xbr_config *cfg, const char *family,
			      const struct cfg_backup_router *br)
{
	char buf[INET6_ADDRSTRLEN + 8], where[400];

	if (!br->present) {
		printf("%-6s no backup router\n", family);
		return;
	}
	cfg_addr_str(&br->gateway, buf, sizeof(buf));
	check_where(cfg, br->loc, br->group, where, sizeof(where));
	printf("%-6s backup router %s  (%s)\n", family, buf, where);
	for (size_t i = 0; i < br->n_dests; i++) {
		cfg_prefix_str(&br->dests[i], buf, sizeof(buf));
		if (br->default_implied) {
			printf("       destination %s  (no destination statement: every "
			       "destination)\n",
			       buf);
			continue;
		}
		check_where(cfg, br->dests[i].loc, br->dests[i].group, where, sizeof(where));
		printf("       destination %-20s (%s%s)\n", buf, where,
		       br->dests[i].len ? "" : ": every destination");
	}
}

/* Warnings beyond the configuration's own. */
struct check_warnings {
	struct cfg_diag *v;
	size_t n;
};

static void check_add_warning(const struct cfg_diag *d, void *arg)
{
	struct check_warnings *w = arg;
	struct cfg_diag *v = realloc(w->v, (w->n + 1) * sizeof(*v));

	if (v) {
		v[w->n++] = *d;
		w->v = v;
	}
}

/*
 * Destinations a static route shadows, when the backup router is connected
 * here: check may well run on another machine than the router, so a
 * gateway that is not connected, or a table that cannot be read, is no
 * reason for a warning (attach says what matters then).
 */
static void check_kernel(const struct xbr_config *cfg, struct check_warnings *w)
{
	const struct cfg_backup_router *brs[] = { &cfg->inet, &cfg->inet6 };
	char checked[512];
	int ifindex;

	for (size_t i = 0; i < 2; i++) {
		if (!brs[i]->present ||
		    nl_find_connected(&brs[i]->gateway, 0, &ifindex, checked, sizeof(checked)))
			continue;
		shadow_check(cfg, brs[i], ifindex, check_add_warning, w);
	}
}

/*
 * "errors" and "warnings" as "FILE:LINE:COL: message" lines, and all of
 * them again in "diagnostics", as objects a script need not split.
 */
static void check_diags_json(json_object *root, const struct cfg_diag *errors, size_t n_errors,
			     const struct cfg_diag *w1, size_t n1, const struct cfg_diag *w2,
			     size_t n2)
{
	const struct {
		const struct cfg_diag *v;
		size_t n;
		const char *severity;
	} lists[] = { { errors, n_errors, "error" }, { w1, n1, "warning" }, { w2, n2, "warning" } };
	json_object *e = json_object_new_array(), *w = json_object_new_array();
	json_object *all = json_object_new_array();
	char buf[600];

	for (size_t l = 0; l < 3; l++) {
		for (size_t i = 0; i < lists[l].n; i++) {
			const struct cfg_diag *d = &lists[l].v[i];
			json_object *o = json_object_new_object();

			cfg_diag_format(d, buf, sizeof(buf));
			json_object_array_add(l ? w : e, json_object_new_string(buf));
			json_object_object_add(o, "severity",
					       json_object_new_string(lists[l].severity));
			json_object_object_add(o, "file", json_object_new_string(d->file));
			json_object_object_add(o, "line", json_object_new_int(d->loc.line));
			json_object_object_add(o, "column", json_object_new_int(d->loc.col));
			json_object_object_add(o, "message", json_object_new_string(d->msg));
			json_object_array_add(all, o);
		}
	}
	json_object_object_add(root, "errors", e);
	json_object_object_add(root, "warnings", w);
	json_object_object_add(root, "diagnostics", all);
}

static void check_json(const struct xbr_config *cfg, const struct check_warnings *kw)
{
	json_object *root = json_object_new_object();

	json_object_object_add(root, "file", json_object_new_string(cfg->file));
	json_object_object_add(root, "node", cfg->node ? json_object_new_string(cfg->node) : NULL);
	json_object_object_add(root, "format",
			       json_object_new_string(cfg_format_name(cfg->format)));
	json_object_object_add(root, "inet", check_family_json(cfg, &cfg->inet));
	json_object_object_add(root, "inet6", check_family_json(cfg, &cfg->inet6));
	check_diags_json(root, NULL, 0, cfg->warnings, cfg->n_warnings, kw->v, kw->n);
	cmd_json_print(root);
}

/* A configuration that did not load, for -j: what went wrong. */
static void check_json_failed(const struct xbr_opts *o, const struct xbr_config *cfg,
			      const struct cfg_diag *first)
{
	json_object *root = json_object_new_object();

	json_object_object_add(root, "file", json_object_new_string(first->file));
	json_object_object_add(root, "node", o->node ? json_object_new_string(o->node) : NULL);
	json_object_object_add(root, "format",
			       cfg->n_errors ? json_object_new_string(cfg_format_name(cfg->format))
					     : NULL);
	json_object_object_add(root, "inet", NULL);
	json_object_object_add(root, "inet6", NULL);
	check_diags_json(root, cfg->n_errors ? cfg->errors : first,
			 cfg->n_errors ? cfg->n_errors : 1, cfg->warnings, cfg->n_warnings, NULL,
			 0);
	cmd_json_print(root);
}

/* "errors" or "warnings" and their lines (the first list does not start with a blank line). */
static void check_diags_text(const char *title, bool first, const struct cfg_diag *v, size_t n,
			     const struct cfg_diag *v2, size_t n2)
{
	char buf[600];

	if (!n && !n2)
		return;
	printf("%s%s\n", first ? "" : "\n", title);
	for (size_t i = 0; i < n + n2; i++) {
		cfg_diag_format(i < n ? &v[i] : &v2[i - n], buf, sizeof(buf));
		printf("  %s\n", buf);
	}
}

static void check_text(const struct xbr_config *cfg, const struct check_warnings *kw)
{
	if (cfg->node)
		printf("%-6s %s\n", "node", cfg->node);
	check_family_text(cfg, "inet", &cfg->inet);
	check_family_text(cfg, "inet6", &cfg->inet6);
	check_diags_text("warnings", false, cfg->warnings, cfg->n_warnings, kw->v, kw->n);
}

/*
 * Load -c for --node as check reads it. When it does not load, its errors
 * (all of them, and the warnings) are check's output on stdout, and the
 * first is kept for the one line on stderr.
 */
static int check_read(const struct xbr_opts *o, struct xbr_config *cfg)
{
	const char *path = o->config ? o->config : XBR_CONFIG_DEFAULT;
	struct cfg_options opts = { .node = o->node, .format = o->config_format };
	struct cfg_diag first;
	int err;

	if (!config_load_opts(path, &opts, cfg, &first))
		return 0;
	if (o->json) {
		check_json_failed(o, cfg, &first);
	} else if (cfg->n_errors) {
		check_diags_text("errors", true, cfg->errors, cfg->n_errors, NULL, 0);
		check_diags_text("warnings", false, cfg->warnings, cfg->n_warnings, NULL, 0);
	}
	err = apply_config_failed(o, cfg, &first, "all are listed on stdout");
	config_free(cfg);
	return err;
}

/* --display: the backup routers as configuration on stdout, ready to paste; the warnings aside. */
static int check_display(const struct xbr_opts *o, const struct xbr_config *cfg)
{
	char buf[600];

	for (size_t i = 0; i < cfg->n_warnings; i++) {
		cfg_diag_format(&cfg->warnings[i], buf, sizeof(buf));
		xbr_warn("%s", buf);
	}
	if (config_write(cfg, (enum cfg_format)o->display, stdout)) {
		xbr_err("cannot write the configuration to stdout");
		return XBR_EXIT_FAIL;
	}
	return XBR_EXIT_OK;
}

int cmd_check(struct xbr_opts *o)
{
	struct check_warnings kw = { 0 };
	struct xbr_config cfg = {};
	int err;

	if (o->n_args) {
		xbr_err("check takes no arguments (got \"%s\"); the config is given with -c",
			o->args[0]);
		return XBR_EXIT_USAGE;
	}
	/* The warnings, and the errors, are part of what check prints. */
	err = check_read(o, &cfg);
	if (err) {
		xbr_report(err, "cannot read the configuration");
		return XBR_EXIT_FAIL;
	}
	if (o->display) {
		err = check_display(o, &cfg);
		config_free(&cfg);
		return err;
	}
	check_kernel(&cfg, &kw);
	if (o->json)
		check_json(&cfg, &kw);
	else
		check_text(&cfg, &kw);
	free(kw.v);
	config_free(&cfg);
	return XBR_EXIT_OK;
}
