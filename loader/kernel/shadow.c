// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include "kernel/netlink.h"
#include "kernel/shadow.h"

/* The static routes through the interface, sorted for lookups. */
struct shadow_statics {
	int family;
	int ifindex;
	struct cfg_prefix *v;
	size_t n, cap;
	int err;
};

static void shadow_collect(const struct nl_route_info *r, void *data)
{
	struct shadow_statics *s = data;

	if (r->dst.addr.family != s->family || r->table != RT_TABLE_MAIN ||
	    r->type != RTN_UNICAST || r->oif != s->ifindex ||
	    (r->proto != RTPROT_BOOT && r->proto != RTPROT_STATIC) || s->err)
		return;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct cfg_prefix *v = realloc(s->v, cap * sizeof(*v));

		if (!v) {
			s->err = -ENOMEM;
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = r->dst;
}

int shadow_check(const struct xbr_config *cfg, const struct cfg_backup_router *br, int ifindex,
		 void (*warn)(const struct cfg_diag *d, void *arg), void *arg)
{
	struct shadow_statics s = { .family = br->gateway.family, .ifindex = ifindex };
	char p[INET6_ADDRSTRLEN + 8], dev[IF_NAMESIZE];
	struct cfg_diag d;
	int err, n = 0;
	size_t i;

	if (!br->present)
		return 0;
	err = nl_routes_dump(s.family, shadow_collect, &s);
	if (err || s.err) {
		free(s.v);
		return err ? err : s.err;
	}
	qsort(s.v, s.n, sizeof(*s.v), cfg_prefix_cmp);
	if (!if_indextoname(ifindex, dev))
		snprintf(dev, sizeof(dev), "#%d", ifindex);
	for (i = 0; i < br->n_dests && s.n; i++) {
		if (!bsearch(&br->dests[i], s.v, s.n, sizeof(*s.v), cfg_prefix_cmp))
			continue;
		memset(&d, 0, sizeof(d));
		snprintf(d.file, sizeof(d.file), "%s", cfg->file);
		d.loc = br->dests[i].loc;
		cfg_prefix_str(&br->dests[i], p, sizeof(p));
		snprintf(d.msg, sizeof(d.msg),
			 "%s %s equals a static route through %s, the backup router's interface: "
			 "the route wins, this is never used; use more specific prefixes",
			 br->default_implied ? "the implied destination" : "destination", p, dev);
		warn(&d, arg);
		n++;
	}
	free(s.v);
	return n;
}
