// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr reload: apply a changed configuration to a running instance in place,
 * without detaching: the tables are diffed and updated in an order that never
 * drops a destination present in both configurations (see tables.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "xbr.h"
#include "state/allow.h"
#include "cmd/cmds.h"
#include "kernel/gateway.h"
#include "state/pins.h"
#include "state/mirror.h"
#include "state/tables.h"

int config_apply(const struct xbr_pins *p, const struct xbr_opts *o, const struct xbr_config *cfg,
		 const struct gateway_plan *gws, int n_gws, bool fresh, struct tables_diff *diff,
		 size_t *mirrored)
{
	struct mirror m;
	int err;

	err = mirror_init(&m, p, o->table, o->ignore_proto);
	if (!err)
		err = mirror_dests_from_config(&m, cfg);
	if (!err)
		err = mirror_scan(&m);
	/* Defer entries first: they only ever hand packets to the kernel. */
	if (!err)
		err = mirror_write(&m, false);
	if (!err)
		err = tables_apply(p, cfg, gws, n_gws, &m, diff);
	/* Fresh tables hold nothing stale (and no interface yet: any order is safe). */
	if (!err && !fresh)
		err = mirror_prune(&m);
	if (mirrored)
		*mirrored = mirror_count(&m);
	mirror_free(&m);
	return err;
}

int reload_apply(const struct xbr_opts *o, int resolve_ms)
{
	struct gateway_plan gws[2] = {};
	struct xbr_config cfg = {};
	struct tables_diff diff;
	struct allow_list allow = { .any = true };
	struct xbr_pins pins;
	char why[256];
	int n_gws = 0, err;

	/* Everything that can fail on bad input is checked before the tables are touched. */
	if (o->allow_from && allow_parse(o->allow_from, &allow, why, sizeof(why))) {
		xbr_err("--allow-from: %s", why);
		return -EINVAL;
	}
	if (cmd_config_load(o, &cfg)) {
		allow_free(&allow);
		return -EINVAL;
	}
	if (!cfg.inet.present && !cfg.inet6.present) {
		xbr_err("%s has no 'system backup-router' or 'system inet6-backup-router'; to stop "
			"forwarding, use 'xbr detach'",
			cfg.file);
		config_free(&cfg);
		allow_free(&allow);
		return -EINVAL;
	}
	err = gateway_plan_all(&cfg, o->mgmt, resolve_ms, gws, &n_gws);
	if (!err && pins_open(&pins, o->pin_dir, false)) {
		pins_close(&pins); /* the lock too: a daemon reloads again later */
		err = -ENOENT;
	} else if (!err) {
		err = config_apply(&pins, o, &cfg, gws, n_gws, false, &diff, NULL);
		if (err)
			xbr_err("reload stopped part way: %s; the tables hold a mix of both "
				"configurations, run 'xbr reload' again",
				strerror(-err));
		/* No --allow-from: the list stays as it is. */
		if (!err && o->allow_from) {
			err = allow_apply(&pins, &allow);
			if (err)
				xbr_err("cannot write the --allow-from list into %s: %s; run 'xbr "
					"reload' again",
					o->pin_dir, strerror(-err));
		}
		if (!err)
			xbr_notice(
				"reloaded %s: %u destination%s added, %u re-pointed, %u removed, "
				"%u unchanged%s",
				cfg.file, diff.added, diff.added == 1 ? "" : "s", diff.changed,
				diff.removed, diff.kept,
				!o->allow_from ? ""
				: allow.any    ? "; every source forwarded"
					       : "; --allow-from applied");
		pins_close(&pins);
	}
	config_free(&cfg);
	allow_free(&allow);
	return err;
}

int cmd_reload(struct xbr_opts *o)
{
	if (o->n_args) {
		xbr_err("reload takes no interfaces (got \"%s\"); it changes the configuration of "
			"the running instance",
			o->args[0]);
		return XBR_EXIT_USAGE;
	}
	if (xbr_require_root("reload"))
		return XBR_EXIT_FAIL;
	return reload_apply(o, GATEWAY_RESOLVE_MS) ? XBR_EXIT_FAIL : XBR_EXIT_OK;
}
