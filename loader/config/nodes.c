// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Backup routers as one node sees them.
 *
 * Groups named after a node (re0, node1, "${node}": groups.c) apply
 * only on that node, so the result depends on which node this is. When the
 * node is not named and such a group would set a backup router, the result
 * is read as each node the configuration names would see it. If they all
 * agree (the two nodes of an SRX cluster often share one backup router),
 * that is the result, with a warning saying so; if not, it is an error
 * naming the nodes: a guess would send management traffic to the wrong
 * gateway on one of them.
 */
#include <stdlib.h>
#include <string.h>
#include "config/config_priv.h"

/* Both families, and the group names they point to. */
struct cfg_reading {
	struct cfg_backup_router br[2];
	char *names;
};

static void cfg_reading_free(struct cfg_reading *r)
{
	free(r->br[0].dests);
	free(r->br[1].dests);
	free(r->names);
	memset(r, 0, sizeof(*r));
}

/* The group names, copied: the tree goes once parsing is done. */
static int cfg_store_names(char **blob, struct cfg_sources *srcs, size_t n)
{
	size_t total = 0, i, j, o = 0;
	const struct jnode *g;

	for (i = 0; i < n; i++)
		for (j = 0; j < srcs[i].n; j++)
			if (srcs[i].v[j].group)
				total += srcs[i].v[j].group->len + 1;
	if (!total)
		return 0;
	*blob = malloc(total);
	if (!*blob)
		return -1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < srcs[i].n; j++) {
			g = srcs[i].v[j].group;
			if (!g)
				continue;
			srcs[i].v[j].name = *blob + o;
			memcpy(*blob + o, g->word, g->len);
			o += g->len;
			(*blob)[o++] = '\0';
		}
	}
	return 0;
}

/* A group that would set a backup router, whose `when` cannot be told here. */
static int cfg_undecided_error(const struct cfg_nodes *nodes, struct cfg_diag *err)
{
	const struct jnode *c = nodes->undecided, *v = c->first;
	char g[64], cw[64], vw[64];

	jdiag_word(g, sizeof(g), nodes->undecided_group->word, nodes->undecided_group->len);
	jdiag_set(err, c->loc, "%s is set in group %s, which applies only when %s%s%s: %s",
		  nodes->undecided_family, g, jdiag_word(cw, sizeof(cw), c->word, c->len),
		  v ? " " : "", v ? jdiag_word(vw, sizeof(vw), v->word, v->len) : "",
		  nodes->undecided_why);
	return -1;
}

/* Where the statements come from, for both families, as nodes->node sees it. */
static int cfg_find(struct jtree *t, struct cfg_nodes *nodes, struct cfg_sources srcs[2],
		    struct cfg_diags *warns, struct cfg_diag *err)
{
	if (cfg_sources_find(t, "backup-router", nodes, warns, &srcs[0], err) ||
	    cfg_sources_find(t, "inet6-backup-router", nodes, warns, &srcs[1], err))
		return -1;
	if (nodes->undecided)
		return cfg_undecided_error(nodes, err);
	return 0;
}

static int cfg_read(struct jtree *t, struct cfg_nodes *nodes, struct cfg_reading *r,
		    struct cfg_diags *warns, struct cfg_diag *err)
{
	struct cfg_sources srcs[2] = {};
	int ret = -1;

	memset(r, 0, sizeof(*r));
	if (cfg_find(t, nodes, srcs, warns, err))
		goto out;
	if (cfg_store_names(&r->names, srcs, 2)) {
		jdiag_set(err, (struct cfg_loc){ 0, 0 }, "out of memory");
		goto out;
	}
	if (cfg_family_read(AF_INET, &srcs[0], &r->br[0], warns, err) ||
	    cfg_family_read(AF_INET6, &srcs[1], &r->br[1], warns, err))
		goto out;
	ret = 0;
out:
	free(srcs[0].v);
	free(srcs[1].v);
	if (ret)
		cfg_reading_free(r);
	return ret;
}

static struct cfg_prefix *cfg_sorted(const struct cfg_backup_router *b)
{
	struct cfg_prefix *v = malloc(b->n_dests * sizeof(*v));

	if (v) {
		memcpy(v, b->dests, b->n_dests * sizeof(*v));
		qsort(v, b->n_dests, sizeof(*v), cfg_prefix_cmp);
	}
	return v;
}

bool cfg_backup_router_same(const struct cfg_backup_router *a, const struct cfg_backup_router *b)
{
	struct cfg_prefix *x, *y;
	bool same = true;
	size_t i;

	if (a->present != b->present)
		return false;
	if (!a->present)
		return true;
	if (a->default_implied != b->default_implied || a->n_dests != b->n_dests ||
	    cfg_prefix_cmp(&(struct cfg_prefix){ .addr = a->gateway },
			   &(struct cfg_prefix){ .addr = b->gateway }))
		return false;
	x = cfg_sorted(a);
	y = cfg_sorted(b);
	/* Out of memory: "not the same" asks for --node, which is never wrong. */
	for (i = 0; x && y && i < a->n_dests && same; i++)
		same = !cfg_prefix_cmp(&x[i], &y[i]);
	same = same && x && y;
	free(x);
	free(y);
	return same;
}

static int cfg_depends_error(const struct cfg_nodes *nodes, struct cfg_diag *err)
{
	char names[200], g[64], n[64];

	cfg_node_names(nodes, names, sizeof(names));
	jdiag_word(g, sizeof(g), nodes->depends_group->word, nodes->depends_group->len);
	jdiag_word(n, sizeof(n), nodes->depends_node->word, nodes->depends_node->len);
	jdiag_set(err, nodes->depends->loc,
		  "%s is set in group %s, which applies only on node %s: name this node with "
		  "--node NAME or XBR_NODE=NAME (nodes in this configuration: %s)",
		  nodes->depends_family, g, n, names);
	return -1;
}

/*
 * The node is unknown and matters: read the configuration as each node
 * would. The first reading keeps its warnings and is the result when all
 * agree; the others are compared with it and dropped.
 */
static int cfg_every_node(struct jtree *t, const struct cfg_nodes *nodes, struct cfg_reading *r,
			  struct cfg_diags *warns, struct cfg_diag *err)
{
	struct cfg_diags scratch = { .file = warns->file };
	struct cfg_reading other;
	struct cfg_nodes each;
	struct cfg_diag ignore;
	bool same = !nodes->more_names;
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < nodes->n_names && same; i++) {
		each = (struct cfg_nodes){ .node = nodes->names[i]->word,
					   .node_len = nodes->names[i]->len,
					   .now = nodes->now };
		if (i == 0) {
			same = !cfg_read(t, &each, r, warns, &ignore);
			continue;
		}
		same = !cfg_read(t, &each, &other, &scratch, &ignore) &&
		       cfg_backup_router_same(&r->br[0], &other.br[0]) &&
		       cfg_backup_router_same(&r->br[1], &other.br[1]);
		cfg_reading_free(&other);
	}
	free(scratch.v);
	if (!same) {
		cfg_reading_free(r);
		return cfg_depends_error(nodes, err);
	}
	return 0;
}

/* A node named, but no group of the configuration's is for it: probably a typing mistake. */
static void cfg_node_unmatched(const struct cfg_nodes *nodes, struct cfg_diags *warns)
{
	char names[200], n[64];
	size_t i;

	if (!nodes->n_names || nodes->warned)
		return;
	for (i = 0; i < nodes->n_names; i++)
		if (nodes->names[i]->len == nodes->node_len &&
		    !memcmp(nodes->names[i]->word, nodes->node, nodes->node_len))
			return;
	cfg_node_names(nodes, names, sizeof(names));
	cfg_warn(warns, (struct cfg_loc){ 0, 0 },
		 "node %s has no group here: only the groups for every node apply (nodes in this "
		 "configuration: %s)",
		 jdiag_word(n, sizeof(n), nodes->node, nodes->node_len), names);
}

int cfg_backup_routers(struct jtree *t, const struct cfg_options *opts, struct xbr_config *cfg,
		       struct cfg_diags *warns, struct cfg_diag *err)
{
	struct cfg_nodes nodes = { .node = opts ? opts->node : NULL, .now = opts ? opts->now : 0 };
	struct cfg_sources probe[2] = {};
	struct cfg_reading r;
	char names[200], first[64];
	int ret;

	if (nodes.node) {
		nodes.node_len = strlen(nodes.node);
		ret = cfg_read(t, &nodes, &r, warns, err);
		if (!ret)
			cfg_node_unmatched(&nodes, warns);
	} else {
		/* Whether the node matters is known once the sources are. */
		ret = cfg_find(t, &nodes, probe, warns, err);
		free(probe[0].v);
		free(probe[1].v);
		if (!ret && nodes.depends) {
			ret = cfg_every_node(t, &nodes, &r, warns, err);
			cfg_node_names(&nodes, names, sizeof(names));
			if (!ret)
				cfg_warn(
					warns, (struct cfg_loc){ 0, 0 },
					"the backup routers are the same on every node (%s): shown "
					"as on %s; --node NAME names this one",
					names,
					jdiag_word(first, sizeof(first), nodes.names[0]->word,
						   nodes.names[0]->len));
		} else if (!ret) {
			ret = cfg_read(t, &nodes, &r, warns, err);
		}
	}
	if (ret)
		return -1;
	cfg->inet = r.br[0];
	cfg->inet6 = r.br[1];
	cfg->group_names = r.names;
	return 0;
}
