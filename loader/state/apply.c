// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * From the options to the tables: attach fills empty tables with
 * apply_config(); reload and the daemon's SIGHUP change a running instance in
 * place with apply_reload(), in an order that never drops a destination
 * present in both configurations (state/tables.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "xbr.h"
#include "state/allow.h"
#include "state/apply.h"
#include "state/mirror.h"
#include "state/settings.h"
#include "state/upgrade.h"

int apply_config_failed(const struct xbr_opts *o, const struct xbr_config *cfg,
			const struct cfg_diag *first, const char *more)
{
	char buf[600], tail[160] = "";

	cfg_diag_format(first, buf, sizeof(buf));
	if (!o->config && first->loc.line == 0)
		return xbr_fail(-EINVAL,
				"%s (the default config; name another with -c FILE, or -c - for "
				"stdin)",
				buf);
	/* One line: the first error, and how many there are. */
	if (cfg->n_errors > 1)
		snprintf(tail, sizeof(tail), " (the first of %s%zu errors: %s)",
			 cfg->n_errors > 100 ? "more than " : "",
			 cfg->n_errors > 100 ? (size_t)100 : cfg->n_errors, more);
	return xbr_fail(-EINVAL, "%s%s", buf, tail);
}

int apply_load_config(const struct xbr_opts *o, struct xbr_config *cfg, bool warnings)
{
	const char *path = o->config ? o->config : XBR_CONFIG_DEFAULT;
	struct cfg_options opts = { .node = o->node, .format = o->config_format };
	struct cfg_diag diag;
	char buf[600];
	int err;

	if (config_load_opts(path, &opts, cfg, &diag)) {
		err = apply_config_failed(o, cfg, &diag, "xbr check lists them all");
		config_free(cfg);
		return err;
	}
	for (size_t i = 0; warnings && i < cfg->n_warnings; i++) {
		cfg_diag_format(&cfg->warnings[i], buf, sizeof(buf));
		xbr_warn("%s", buf);
	}
	return 0;
}

int apply_config(const struct xbr_pins *p, const struct xbr_opts *o, const struct xbr_config *cfg,
		 const struct gateway_plan *gws, int n_gws, bool fresh, struct tables_diff *diff,
		 struct mirror *m)
{
	int err;

	m->p = p;
	err = mirror_dests_from_config(m, cfg);
	if (!err)
		err = mirror_scan(m);
	if (fresh) {
		/*
		 * Empty tables and no interface in ifaces yet, so any order is safe:
		 * the destinations first, while the tries hold nothing to read back.
		 */
		if (!err)
			err = tables_apply(p, cfg, gws, n_gws, m, diff);
		if (!err)
			err = mirror_write(m, false);
		return err;
	}
	/* Defer entries first: they only ever hand packets to the kernel. */
	if (!err)
		err = mirror_write(m, false);
	if (!err)
		err = tables_apply(p, cfg, gws, n_gws, m, diff);
	if (!err)
		err = mirror_prune(m);
	return err;
}

int apply_load_inputs(const struct xbr_opts *o, struct xbr_config *cfg, struct allow_list *allow,
		      const char *if_none)
{
	char why[256];
	int err;

	if (o->allow_from && allow_parse(o->allow_from, allow, why, sizeof(why)))
		return xbr_fail(-EINVAL, "--allow-from: %s", why);
	err = apply_load_config(o, cfg, true);
	if (err)
		return err;
	if (!cfg->inet.present && !cfg->inet6.present)
		return xbr_fail(-EINVAL,
				"%s has no 'system backup-router' or 'system "
				"inet6-backup-router'; %s",
				cfg->file, if_none);
	return 0;
}

static int apply_to_pins(const struct xbr_opts *o, const struct xbr_config *cfg,
			 const struct allow_list *allow, const struct gateway_plan *gws, int n_gws,
			 struct mirror *m)
{
	struct tables_diff diff;
	struct xbr_pins pins;
	int err;

	err = pins_open(&pins, o->pin_dir, false);
	if (!err) {
		err = apply_config(&pins, o, cfg, gws, n_gws, false, &diff, m);
		if (err)
			xbr_fail(err,
				 "reload stopped part way: %s; the tables hold a mix of both "
				 "configurations, run 'xbr reload' again",
				 xbr_why(err));
	}
	/* The router's sysctls and addresses may have changed too. */
	if (!err) {
		err = settings_sync(&pins);
		if (err)
			xbr_fail(err,
				 "cannot write the router's sysctls and addresses into %s: %s; run "
				 "'xbr reload' again",
				 o->pin_dir, xbr_why(err));
	}
	/* No --allow-from: the list stays as it is. */
	if (!err && o->allow_from) {
		err = allow_apply(&pins, allow);
		if (err)
			xbr_fail(err,
				 "cannot write the --allow-from list into %s: %s; run 'xbr reload' "
				 "again",
				 o->pin_dir, xbr_why(err));
	}
	/* A daemon follows kernel routes inside the destinations: the new ones too. */
	if (!err)
		pins_notify_daemon(&pins, SIGUSR2);
	if (!err)
		xbr_notice("reloaded %s: %u destination%s added, %u re-pointed, %u removed, "
			   "%u unchanged%s",
			   cfg->file, diff.added, diff.added == 1 ? "" : "s", diff.changed,
			   diff.removed, diff.kept,
			   !o->allow_from ? ""
			   : allow->any	  ? "; every source forwarded"
					  : "; --allow-from applied");
	pins_close(&pins); /* the lock too: a daemon reloads again later */
	return err;
}

int apply_reload(const struct xbr_opts *o, int resolve_ms, struct mirror *m)
{
	struct gateway_plan gws[2] = {};
	struct allow_list allow = { .any = true };
	struct xbr_config cfg = {};
	struct mirror own;
	int n_gws = 0, err;

	err = apply_load_inputs(o, &cfg, &allow, "to stop forwarding, use 'xbr detach'");
	if (!err)
		err = gateway_plan_all(&cfg, o->mgmt, resolve_ms, gws, &n_gws);
	/* An older build's instance is taken over first, once the inputs are known good. */
	if (!err)
		err = upgrade_instance(o->pin_dir, NULL, 0);
	if (err >= 0 && !m) {
		err = mirror_init(&own, NULL, o->table, o->ignore_proto);
		if (!err)
			err = apply_to_pins(o, &cfg, &allow, gws, n_gws, &own);
		mirror_free(&own);
	} else if (err >= 0) {
		err = apply_to_pins(o, &cfg, &allow, gws, n_gws, m);
		/* Stopped part way: the mirror follows the destinations the tables hold. */
		if (err && !mirror_dests_from_maps(m))
			mirror_scan(m);
	}
	config_free(&cfg);
	allow_free(&allow);
	return err;
}
