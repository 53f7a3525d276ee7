/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Shared by config*.c only. */
#ifndef XBR_CONFIG_PRIV_H
#define XBR_CONFIG_PRIV_H

#include "config/config.h"
#include "config/junos/junos.h"

/* Enough to say what is wrong; a file with more than that has one mistake many times. */
#define CFG_MAX_DIAGS 100

/* Errors or warnings as they are found; shown in file order, the first CFG_MAX_DIAGS. */
struct cfg_diags {
	struct cfg_diag *v; /* cap + 1 slots: the last one tells how many were dropped */
	size_t n, cap;
	size_t dropped;
	const char *file;
	const char *noun; /* "warnings" or "errors", for the note on the dropped ones */
};

void cfg_warn(struct cfg_diags *w, struct cfg_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Add d (its loc and msg). */
void cfg_diags_add(struct cfg_diags *w, const struct cfg_diag *d);

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
	const struct jnode *depends_node; /* the node it is for: the group's name, or its when's */
	const char *depends_family;
	bool warned;   /* the node's missing group was pointed at already */
	long long now; /* struct cfg_options: for `when time` */
	/* A group applied with a `when` nobody can decide here, that would set a backup router. */
	const struct jnode *undecided; /* its condition */
	const struct jnode *undecided_group;
	const char *undecided_family;
	char undecided_why[160];
};

/* ---- conditional groups (when.c) ---- */

enum cfg_when {
	CFG_WHEN_YES,	    /* applies here */
	CFG_WHEN_NO,	    /* does not */
	CFG_WHEN_NODE,	    /* depends on the node, which is not named */
	CFG_WHEN_UNDECIDED, /* cannot be told here (the model, the time given wrong, ...) */
};

struct cfg_when_info {
	const struct jnode *cond; /* the condition that decided (NO, NODE, UNDECIDED) */
	const struct jnode *node; /* NODE: the node name it wants (re0, node1), or NULL */
	char why[160];		  /* UNDECIDED: what cannot be told */
	bool by_time;		  /* the time of day took part */
};

/*
 * Whether group g (a child of "groups") applies on nodes->node at
 * nodes->now: all the conditions of its `when` must hold, as in Junos.
 */
enum cfg_when cfg_when_decide(const struct jnode *g, const struct cfg_nodes *nodes,
			      struct cfg_when_info *info);

/*
 * The sources of statement family ("backup-router" or "inet6-backup-router"),
 * appended to *out. 0, or -1 with *err set (out of memory).
 */
int cfg_sources_find(struct jtree *t, const char *family, struct cfg_nodes *nodes,
		     struct cfg_diags *warns, struct cfg_sources *out, struct cfg_diag *err);

/* "re0, re1" into buf. */
void cfg_node_names(const struct cfg_nodes *nodes, char *buf, size_t size);

/* Every group's container for family, applied or not (all are checked). */
int cfg_group_containers(struct jtree *t, const char *family,
			 int (*fn)(struct jnode *br, void *arg), void *arg);

/* ---- backup routers (backup.c) ---- */

/*
 * Check every backup-router container, in effect or not, in the main
 * configuration and in every group: each mistake goes to *errs. false
 * when there was one.
 */
bool cfg_check_all(struct jtree *t, struct cfg_diags *errs);

/*
 * The backup router of family (AF_INET or AF_INET6) from srcs, checked
 * already. 0, or -1 with *err set (loc and msg). *out is to be freed.
 */
int cfg_family_read(int family, const struct cfg_sources *srcs, struct cfg_backup_router *out,
		    struct cfg_diags *warns, struct cfg_diag *err);

/* ---- per node (nodes.c) ---- */

/* Fill cfg->inet and cfg->inet6 from a parsed tree. 0, or -1 with *err set (loc and msg). */
int cfg_backup_routers(struct jtree *t, const struct cfg_options *opts, struct xbr_config *cfg,
		       struct cfg_diags *warns, struct cfg_diag *err);

#endif /* XBR_CONFIG_PRIV_H */
