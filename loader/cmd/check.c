// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr check prints what the configuration means on this node: each family's
 * backup router and destinations with where each was written (FILE:LINE:COL,
 * and the configuration group it was inherited from), then the warnings:
 * the configuration's own, and those only the kernel's table can tell (a
 * destination shadowed by a static route, shadow.h). Exit 0 with warnings,
 * 1 with an error.
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

static void check_json(const struct xbr_config *cfg, const struct check_warnings *kw)
{
	json_object *root = json_object_new_object(), *w = json_object_new_array();
	char buf[600];

	json_object_object_add(root, "file", json_object_new_string(cfg->file));
	json_object_object_add(root, "node", cfg->node ? json_object_new_string(cfg->node) : NULL);
	json_object_object_add(root, "inet", check_family_json(cfg, &cfg->inet));
	json_object_object_add(root, "inet6", check_family_json(cfg, &cfg->inet6));
	for (size_t i = 0; i < cfg->n_warnings + kw->n; i++) {
		cfg_diag_format(i < cfg->n_warnings ? &cfg->warnings[i]
						    : &kw->v[i - cfg->n_warnings],
				buf, sizeof(buf));
		json_object_array_add(w, json_object_new_string(buf));
	}
	json_object_object_add(root, "warnings", w);
	cmd_json_print(root);
}

static void check_text(const struct xbr_config *cfg, const struct check_warnings *kw)
{
	char buf[600];

	if (cfg->node)
		printf("%-6s %s\n", "node", cfg->node);
	check_family_text(cfg, "inet", &cfg->inet);
	check_family_text(cfg, "inet6", &cfg->inet6);
	if (!cfg->n_warnings && !kw->n)
		return;
	printf("\nwarnings\n");
	for (size_t i = 0; i < cfg->n_warnings + kw->n; i++) {
		cfg_diag_format(i < cfg->n_warnings ? &cfg->warnings[i]
						    : &kw->v[i - cfg->n_warnings],
				buf, sizeof(buf));
		printf("  %s\n", buf);
	}
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
	/* The warnings are part of what check prints. */
	err = apply_load_config(o, &cfg, false);
	if (err) {
		xbr_report(err, "cannot read the configuration");
		return XBR_EXIT_FAIL;
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
