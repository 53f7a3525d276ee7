/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The xbr commands; each returns an exit status (XBR_EXIT_*). */
#ifndef XBR_CMDS_H
#define XBR_CMDS_H

#include "xbr.h"
#include "config/config.h"

int cmd_check(struct xbr_opts *o);
int cmd_attach(struct xbr_opts *o);
int cmd_reload(struct xbr_opts *o);
int cmd_detach(struct xbr_opts *o);
int cmd_status(struct xbr_opts *o);
int cmd_stats(struct xbr_opts *o);
int cmd_rpd(struct xbr_opts *o);
int cmd_role(struct xbr_opts *o);

int cmd_run(struct xbr_opts *o);

#include <stdbool.h>

struct xbr_pins;
struct gateway_plan;
struct tables_diff;

/*
 * Make the tables say what cfg says, kernel routes taking precedence: mirror
 * the kernel's routes inside the destinations as defer entries, apply the
 * destinations, prune stale defer entries (not needed when fresh: the tables
 * were empty). *mirrored: defer prefixes.
 */
int config_apply(const struct xbr_pins *p, const struct xbr_opts *o, const struct xbr_config *cfg,
		 const struct gateway_plan *gws, int n_gws, bool fresh, struct tables_diff *diff,
		 size_t *mirrored);

/*
 * Apply -c to the running instance in place (reload, SIGHUP); 0 or -errno,
 * errors printed. resolve_ms: how long to wait for an unresolved gateway.
 */
int reload_apply(const struct xbr_opts *o, int resolve_ms);

/* Load -c (default XBR_CONFIG_DEFAULT), print its warnings; 0 or -1 with the error printed. */
int cmd_config_load(const struct xbr_opts *o, struct xbr_config *cfg);

#endif /* XBR_CMDS_H */
