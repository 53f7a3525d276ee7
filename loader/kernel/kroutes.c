// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "xbr.h"
#include "kernel/kroutes.h"
#include "kernel/netlink.h"
#include "state/routes.h"

struct kroutes_set {
	struct cfg_prefix *want;
	size_t n_want;
	struct cfg_prefix *stale; /* ours in the kernel, not wanted */
	size_t n_stale;
	size_t cap_stale;
	unsigned int *stale_metric;
};

static bool kroutes_same(const struct cfg_prefix *a, const struct cfg_prefix *b)
{
	size_t len = a->addr.family == AF_INET ? 4 : 16;

	return a->addr.family == b->addr.family && a->len == b->len &&
	       !memcmp(&a->addr.v6, &b->addr.v6, len);
}

static void kroutes_collect(const struct cfg_prefix *dst, unsigned int metric, void *data)
{
	struct kroutes_set *s = data;

	for (size_t i = 0; i < s->n_want; i++)
		if (kroutes_same(&s->want[i], dst) && metric == XBR_ROUTE_METRIC)
			return;
	if (s->n_stale == s->cap_stale) {
		size_t cap = s->cap_stale ? s->cap_stale * 2 : 16;
		struct cfg_prefix *p = realloc(s->stale, cap * sizeof(*p));
		unsigned int *m = realloc(s->stale_metric, cap * sizeof(*m));

		if (p)
			s->stale = p;
		if (m)
			s->stale_metric = m;
		if (!p || !m)
			return;
		s->cap_stale = cap;
	}
	s->stale_metric[s->n_stale] = metric;
	s->stale[s->n_stale++] = *dst;
}

/* Install one family's FORWARD destinations; add them to s->want. */
static int kroutes_family(const struct xbr_pins *p, int family, unsigned int table,
			  struct kroutes_set *s)
{
	size_t alen = family == AF_INET ? 4 : 16, n;
	struct route_entry *r;
	int installed = 0, err;

	err = routes_read(pins_routes_fd(p, family), family, true, &r, &n);
	for (size_t i = 0; !err && i < n; i++) {
		const struct xbr_lpm_v4 *k4 = &r[i].key.v4;
		const struct xbr_lpm_v6 *k6 = &r[i].key.v6;
		struct cfg_prefix dst = {}, *grown;
		struct cfg_addr via = {};
		struct xbr_gateway gw;

		/* an equal kernel route already carries this destination */
		if (r[i].val.action != XBR_ROUTE_FORWARD ||
		    bpf_map_lookup_elem(pins_fd(p, gateways), &r[i].val.gateway, &gw) ||
		    !gw.configured)
			continue;
		dst.addr.family = via.family = family;
		dst.len = family == AF_INET ? k4->prefixlen : k6->prefixlen;
		memcpy(&dst.addr.v6, family == AF_INET ? k4->addr : k6->addr, alen);
		memcpy(&via.v6, gw.addr, alen);
		grown = realloc(s->want, (s->n_want + 1) * sizeof(*grown));
		if (!grown) {
			err = -ENOMEM;
			break;
		}
		s->want = grown;
		s->want[s->n_want++] = dst;
		err = nl_route_replace(&dst, &via, gw.egress_ifindex, table, XBR_RTPROT,
				       XBR_ROUTE_METRIC);
		if (err) {
			char buf[INET6_ADDRSTRLEN + 8];

			cfg_prefix_str(&dst, buf, sizeof(buf));
			xbr_fail(err, "cannot install kernel route %s: %s", buf, strerror(-err));
		}
		installed++;
	}
	free(r);
	return err ? err : installed;
}

int kroutes_sync(const struct xbr_pins *p, unsigned int table, bool in_effect)
{
	struct kroutes_set s = {};
	int installed = 0, err = 0;

	for (int f = 0; in_effect && f < 2 && err >= 0; f++) {
		err = kroutes_family(p, f ? AF_INET6 : AF_INET, table, &s);
		if (err > 0)
			installed += err;
	}
	/* Then remove ours that are not wanted (any left by an earlier run too). */
	for (int f = 0; f < 2 && err >= 0; f++)
		err = nl_route_dump(f ? AF_INET6 : AF_INET, table, XBR_RTPROT, kroutes_collect, &s);
	for (size_t i = 0; i < s.n_stale && err >= 0; i++) {
		int e = nl_route_delete(&s.stale[i], table, XBR_RTPROT, s.stale_metric[i]);

		if (e && e != -ESRCH)
			err = e;
	}
	free(s.want);
	free(s.stale);
	free(s.stale_metric);
	return err < 0 ? err : installed;
}
