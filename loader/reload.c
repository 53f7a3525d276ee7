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
#include "cmds.h"
#include "gateway.h"
#include "pins.h"
#include "tables.h"

int reload_apply(const struct xbr_opts *o)
{
	struct gateway_plan gws[2] = {};
	struct xbr_config cfg = {};
	struct tables_diff diff;
	struct xbr_pins pins;
	int n_gws = 0, err;

	/* Everything that can fail on bad input is checked before the tables are touched. */
	if (cmd_config_load(o, &cfg))
		return -EINVAL;
	if (!cfg.inet.present && !cfg.inet6.present) {
		xbr_err("%s has no 'system backup-router' or 'system inet6-backup-router'; to stop "
			"forwarding, use 'xbr detach'",
			cfg.file);
		config_free(&cfg);
		return -EINVAL;
	}
	err = gateway_plan_all(&cfg, o->mgmt, GATEWAY_RESOLVE_MS, gws, &n_gws);
	if (!err)
		err = pins_open(&pins, o->pin_dir, false);
	if (!err) {
		err = tables_apply(&pins, &cfg, gws, n_gws, &diff);
		if (err)
			xbr_err("reload stopped part way: %s; the tables hold a mix of both "
				"configurations, run 'xbr reload' again",
				strerror(-err));
		else
			xbr_notice("reloaded %s: %u destination%s added, %u re-pointed, %u removed, "
				   "%u unchanged",
				   cfg.file, diff.added, diff.added == 1 ? "" : "s", diff.changed,
				   diff.removed, diff.kept);
		pins_close(&pins);
	}
	config_free(&cfg);
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
	return reload_apply(o) ? XBR_EXIT_FAIL : XBR_EXIT_OK;
}
