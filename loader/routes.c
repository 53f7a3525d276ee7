// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "xbr.h"
#include "routes.h"

static void routes_add(struct route_entry *r, const struct cfg_prefix *p, __u32 gateway,
		       __u32 dest_index)
{
	memset(r, 0, sizeof(*r));
	r->family = p->addr.family;
	r->prefix = p;
	if (p->addr.family == AF_INET) {
		r->key.v4.prefixlen = p->len;
		memcpy(r->key.v4.addr, &p->addr.v4, sizeof(r->key.v4.addr));
	} else {
		r->key.v6.prefixlen = p->len;
		memcpy(r->key.v6.addr, &p->addr.v6, sizeof(r->key.v6.addr));
	}
	r->val.action = XBR_ROUTE_FORWARD;
	r->val.gateway = gateway;
	r->val.dest_index = dest_index;
}

int routes_compile(const struct xbr_config *cfg, struct route_entry **out, size_t *n)
{
	const struct cfg_backup_router *br[] = { &cfg->inet, &cfg->inet6 };
	const __u32 slot[] = { XBR_GW_INET, XBR_GW_INET6 };
	size_t total = 0, k = 0;
	struct route_entry *r;

	for (int f = 0; f < 2; f++)
		if (br[f]->present)
			total += br[f]->n_dests;
	if (total > XBR_DEST_STATS_MAX) {
		xbr_err("%zu backup destinations; at most %u are supported", total,
			XBR_DEST_STATS_MAX);
		return -E2BIG;
	}
	r = calloc(total ? total : 1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	for (int f = 0; f < 2; f++) {
		if (!br[f]->present)
			continue;
		for (size_t i = 0; i < br[f]->n_dests; i++, k++)
			routes_add(&r[k], &br[f]->dests[i], slot[f], k);
	}
	*out = r;
	*n = total;
	return 0;
}

void routes_key_str(int family, const void *key, char *buf, size_t size)
{
	char addr[INET6_ADDRSTRLEN];
	__u32 len;

	if (family == AF_INET) {
		const struct xbr_lpm_v4 *k = key;

		inet_ntop(AF_INET, &k->addr, addr, sizeof(addr));
		len = k->prefixlen;
	} else {
		const struct xbr_lpm_v6 *k = key;

		inet_ntop(AF_INET6, k->addr, addr, sizeof(addr));
		len = k->prefixlen;
	}
	snprintf(buf, size, "%s/%u", addr, len);
}
