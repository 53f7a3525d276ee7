// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "xbr.h"
#include "state/routes.h"

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
	if (total > XBR_DEST_STATS_MAX)
		return xbr_fail(-E2BIG, "%zu backup destinations; at most %u are supported", total,
				XBR_DEST_STATS_MAX);
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

/* Append one entry; 0 or -ENOMEM (and *all freed). */
static int routes_append(struct route_entry **all, size_t *n, size_t *cap,
			 const struct route_entry *e)
{
	struct route_entry *grown;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		grown = realloc(*all, *cap * sizeof(*grown));
		if (!grown) {
			free(*all);
			*all = NULL;
			return -ENOMEM;
		}
		*all = grown;
	}
	(*all)[(*n)++] = *e;
	return 0;
}

int routes_read(int fd, int family, bool dests_only, struct route_entry **out, size_t *n)
{
	enum { CHUNK = 8192 };
	size_t key_size = family == AF_INET ? sizeof(struct xbr_lpm_v4) : sizeof(struct xbr_lpm_v6);
	struct route_entry e = { .family = family };
	/* Zeroed: memory checkers do not see what the kernel writes into them. */
	struct xbr_route *vals = calloc(CHUNK, sizeof(*vals));
	unsigned char *keys = calloc(CHUNK, key_size);
	size_t cap = 0;
	union {
		struct xbr_lpm_v4 v4;
		struct xbr_lpm_v6 v6;
	} in, next;
	bool first = true;
	int err = 0;

	*n = 0;
	*out = NULL;
	/* Batches: a table of a million defer entries is read in a few hundred syscalls. */
	while (keys && vals && !err) {
		LIBBPF_OPTS(bpf_map_batch_opts, opts);
		__u32 count = CHUNK;
		int ret = bpf_map_lookup_batch(fd, first ? NULL : &in, &next, keys, vals, &count,
					       &opts);

		if (ret && errno != ENOENT) {
			err = -errno;
			break;
		}
		for (__u32 i = 0; i < count && !err; i++) {
			if (dests_only && !routes_is_dest(&vals[i]))
				continue;
			memset(&e.key, 0, sizeof(e.key));
			memcpy(&e.key, keys + i * key_size, key_size);
			e.val = vals[i];
			err = routes_append(out, n, &cap, &e);
		}
		if (ret) /* ENOENT: that was the last batch */
			break;
		in = next;
		first = false;
	}
	if (!keys || !vals)
		err = -ENOMEM;
	free(keys);
	free(vals);
	if (err) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return err;
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
