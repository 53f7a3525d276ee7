/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Shared by config*.c only. */
#ifndef XBR_CONFIG_PRIV_H
#define XBR_CONFIG_PRIV_H

#include "config/config.h"
#include "config/junos/junos.h"

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

/* ---- configuration groups (groups.c) ---- */

/* A container a family's statements come from: the main configuration's or a group's. */
struct cfg_source {
	struct jnode *br; /* system backup-router (or inet6-backup-router) there */
	const struct jnode
		*group;	  /* the group's name under "groups"; NULL: the main configuration */
	const char *name; /* the group's name as stored in struct xbr_config */
	bool on;	  /* applied here, and nothing on its path inactive */
};

/* In priority order: the first address found wins, destinations add up. */
struct cfg_sources {
	struct cfg_source *v;
	size_t n, cap;
};

#define CFG_NODE_NAMES 16

/* What the node decides, gathered over both families. */
struct cfg_nodes {
	const char *node; /* struct cfg_options; NULL: not known */
	size_t node_len;
	/* Node names met (groups applied per node, "${node}" candidates), for messages. */
	const struct jnode *names[CFG_NODE_NAMES];
	size_t n_names;
	bool more_names; /* more than CFG_NODE_NAMES */
	/* Node unknown: the first per-node group that would set a backup router. */
	const struct jnode *depends;
	const struct jnode *depends_group;
	const char *depends_family;
	bool warned; /* the node's missing group was pointed at already */
};

/*
 * The sources of statement family ("backup-router" or "inet6-backup-router"),
 * appended to *out. 0, or -1 with *err set (out of memory).
 */
int cfg_sources_find(struct jtree *t, const char *family, struct cfg_nodes *nodes,
		     struct cfg_warns *warns, struct cfg_sources *out, struct cfg_diag *err);

/* "re0, re1" into buf. */
void cfg_node_names(const struct cfg_nodes *nodes, char *buf, size_t size);

/* Every group's container for family, applied or not (all are checked). */
int cfg_group_containers(struct jtree *t, const char *family,
			 int (*fn)(struct jnode *br, void *arg), void *arg);

/* ---- backup routers (backup.c) ---- */

/*
 * Check every backup-router container, in effect or not, in the main
 * configuration and in every group. false with *err set (loc and msg) to
 * the earliest mistake.
 */
bool cfg_check_all(struct jtree *t, struct cfg_diag *err);

/*
 * The backup router of family (AF_INET or AF_INET6) from srcs, checked
 * already. 0, or -1 with *err set (loc and msg). *out is to be freed.
 */
int cfg_family_read(int family, const struct cfg_sources *srcs, struct cfg_backup_router *out,
		    struct cfg_warns *warns, struct cfg_diag *err);

/* ---- per node (nodes.c) ---- */

/* Fill cfg->inet and cfg->inet6 from a parsed tree. 0, or -1 with *err set (loc and msg). */
int cfg_backup_routers(struct jtree *t, const struct cfg_options *opts, struct xbr_config *cfg,
		       struct cfg_warns *warns, struct cfg_diag *err);

#endif /* XBR_CONFIG_PRIV_H */
