/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * From the options to the tables: load the configuration they name, and make
 * the running instance's tables say what it says (attach, reload, SIGHUP).
 * Nothing here prints an error (docs/design.md §10).
 */
#ifndef XBR_APPLY_H
#define XBR_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include "xbr.h"
#include "config/config.h"
#include "kernel/gateway.h"
#include "state/allow.h"
#include "state/mirror.h"
#include "state/pins.h"
#include "state/tables.h"

/*
 * Load -c (default XBR_CONFIG_DEFAULT, in --format) for --node; print its
 * warnings when asked. An error is kept (FILE:LINE:COL: message, the first
 * of the file's, saying how many there are) for the command: -EINVAL.
 */
int apply_load_config(const struct xbr_opts *o, struct xbr_config *cfg, bool warnings);

/*
 * The kept error for a configuration that did not load (cfg as
 * config_load_opts() left it, first its first error): -EINVAL. more: where
 * the others can be seen, when there are others.
 */
int apply_config_failed(const struct xbr_opts *o, const struct xbr_config *cfg,
			const struct cfg_diag *first, const char *more);

/*
 * Everything that can fail on bad input, checked before the tables are
 * touched: --allow-from into allow, the configuration into cfg, which must
 * have a backup router (if_none: what to say when it has none).
 */
int apply_load_inputs(const struct xbr_opts *o, struct xbr_config *cfg, struct allow_list *allow,
		      const char *if_none);

/*
 * Make the tables say what cfg says, kernel routes taking precedence: mirror
 * the kernel's routes inside the destinations as defer entries into m (set
 * up with mirror_init(); the caller keeps it, and `xbr run` follows the
 * kernel from there), apply the destinations, prune stale defer entries (not
 * needed when fresh: the tables were empty).
 */
int apply_config(const struct xbr_pins *p, const struct xbr_opts *o, const struct xbr_config *cfg,
		 const struct gateway_plan *gws, int n_gws, bool fresh, struct tables_diff *diff,
		 struct mirror *m);

/*
 * Apply -c (and --allow-from, when given) to the running instance in place:
 * `xbr reload` and the daemon's SIGHUP. resolve_ms: how long to wait for an
 * unresolved gateway. m: the daemon's mirror, made anew for the new
 * destinations; NULL for one of its own. 0 or -errno, the reason kept.
 */
int apply_reload(const struct xbr_opts *o, int resolve_ms, struct mirror *m);

#endif /* XBR_APPLY_H */
