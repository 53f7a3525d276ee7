/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Shared by config.c and config_backup.c only. */
#ifndef XBR_CONFIG_PRIV_H
#define XBR_CONFIG_PRIV_H

#include "config.h"
#include "junos.h"

/* Enough to say what is wrong; a file with more than that has one mistake many times. */
#define CFG_MAX_WARNINGS 100

struct cfg_warns {
	struct cfg_diag
		*v; /* CFG_MAX_WARNINGS + 1 slots: the last one tells how many were dropped */
	size_t n;
	size_t dropped;
	const char *file;
};

void cfg_warn(struct cfg_warns *w, struct cfg_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

bool cfg_loc_before(struct cfg_loc a, struct cfg_loc b);

/* Fill cfg->inet and cfg->inet6 from a parsed tree. 0, or -1 with *err set (loc and msg). */
int cfg_backup_routers(struct jtree *t, struct xbr_config *cfg, struct cfg_warns *warns,
		       struct cfg_diag *err);

#endif /* XBR_CONFIG_PRIV_H */
