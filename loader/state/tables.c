// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xbr.h"
#include "state/routes.h"
#include "state/tables.h"

/* A family's current backup destinations, read back from its trie. */
struct tables_family {
	int family;
	int fd;
	size_t key_size;
	struct route_entry *cur;
	size_t n_cur;
};

static int tables_read_family(struct tables_family *t)
{
	return routes_read(t->fd, t->family, true, &t->cur, &t->n_cur);
}

static const struct route_entry *tables_find(const struct tables_family *t,
					     const struct route_entry *r)
{
	for (size_t i = 0; i < t->n_cur; i++)
		if (!memcmp(&t->cur[i].key, &r->key, t->key_size))
			return &t->cur[i];
	return NULL;
}

static int tables_zero_stats(const struct xbr_pins *p, __u32 index)
{
	int ncpu = libbpf_num_possible_cpus();
	struct xbr_counter *zero;
	int err = 0;

	zero = calloc(ncpu > 0 ? ncpu : 1, sizeof(*zero));
	if (!zero)
		return -ENOMEM;
	if (bpf_map_update_elem(pins_fd(p, dest_stats), &index, zero, BPF_ANY))
		err = -errno;
	free(zero);
	return err;
}

/* Which slot each family's routes point at after this apply, writing new gateways. */
static int tables_gateways(const struct xbr_pins *p, const struct gateway_plan *plans, int n_plans,
			   __u32 new_slot[2], struct tables_diff *diff)
{
	for (__u32 f = 0; f < 2; f++) {
		const struct gateway_plan *want = NULL;
		struct xbr_gateway cur[2] = {};
		__u32 slots[2] = { f, f + XBR_GW_ALT };
		int active = -1;

		for (int i = 0; i < n_plans; i++)
			if (plans[i].family_slot == f)
				want = &plans[i];
		for (int s = 0; s < 2; s++)
			if (!bpf_map_lookup_elem(pins_fd(p, gateways), &slots[s], &cur[s]) &&
			    cur[s].configured && active < 0)
				active = s;
		new_slot[f] = slots[0];
		if (!want)
			continue;
		if (active >= 0 && !memcmp(&cur[active], &want->val, sizeof(want->val))) {
			new_slot[f] = slots[active];
			continue;
		}
		new_slot[f] = active == 0 ? slots[1] : slots[0];
		if (bpf_map_update_elem(pins_fd(p, gateways), &new_slot[f], &want->val, BPF_ANY))
			return -errno;
		diff->gateways_set++;
	}
	for (int i = 0; i < n_plans; i++) {
		struct bpf_devmap_val port = { .ifindex = plans[i].val.egress_ifindex };
		__u32 ifindex = plans[i].val.egress_ifindex;

		if (bpf_map_update_elem(pins_fd(p, egress_ports), &ifindex, &port, BPF_ANY))
			return -errno;
	}
	return 0;
}

/* Clear what nothing points at any more: other gateway slots, unused egress ports. */
static void tables_gc(const struct xbr_pins *p, const struct gateway_plan *plans, int n_plans,
		      const __u32 new_slot[2])
{
	const struct xbr_gateway unused = {};
	__u32 key, next;
	void *prev = NULL;

	for (__u32 f = 0; f < 2; f++) {
		bool wanted = false;

		for (int i = 0; i < n_plans; i++)
			wanted |= plans[i].family_slot == f;
		for (__u32 s = f; s < XBR_GW_ALT * 2; s += XBR_GW_ALT)
			if (!wanted || s != new_slot[f])
				bpf_map_update_elem(pins_fd(p, gateways), &s, &unused, BPF_ANY);
	}
	while (!bpf_map_get_next_key(pins_fd(p, egress_ports), prev, &next)) {
		bool used = false;

		key = next;
		for (int i = 0; i < n_plans; i++)
			used |= plans[i].val.egress_ifindex == key;
		if (!used && !bpf_map_delete_elem(pins_fd(p, egress_ports), &key))
			continue; /* deleted: restart from the same predecessor */
		prev = &key;
	}
}

int tables_apply(const struct xbr_pins *p, const struct xbr_config *cfg,
		 const struct gateway_plan *plans, int n_plans, struct mirror *mirror,
		 struct tables_diff *diff)
{
	struct tables_family fam[2] = {
		{ .family = AF_INET,
		  .fd = pins_fd(p, routes_v4),
		  .key_size = sizeof(struct xbr_lpm_v4) },
		{ .family = AF_INET6,
		  .fd = pins_fd(p, routes_v6),
		  .key_size = sizeof(struct xbr_lpm_v6) },
	};
	struct route_entry *want = NULL;
	unsigned char *used = NULL;
	char buf[INET6_ADDRSTRLEN + 8];
	__u32 new_slot[2], next_free = 0;
	size_t n_want = 0;
	int err;

	memset(diff, 0, sizeof(*diff));
	err = routes_compile(cfg, &want, &n_want);
	if (err)
		return err;
	used = calloc(XBR_DEST_STATS_MAX, 1);
	err = used ? 0 : -ENOMEM;
	for (int f = 0; !err && f < 2; f++)
		err = tables_read_family(&fam[f]);
	if (err)
		goto out;
	/* Counters stay with their destination: a kept destination keeps its index. */
	for (int f = 0; f < 2; f++)
		for (size_t i = 0; i < fam[f].n_cur; i++)
			if (fam[f].cur[i].val.dest_index < XBR_DEST_STATS_MAX)
				used[fam[f].cur[i].val.dest_index] = 1;

	err = tables_gateways(p, plans, n_plans, new_slot, diff);
	if (err)
		goto out;
	for (size_t i = 0; i < n_want; i++) {
		struct tables_family *t = &fam[want[i].family == AF_INET ? 0 : 1];
		const struct route_entry *cur = tables_find(t, &want[i]);
		int fd = t->fd;

		want[i].val.gateway =
			new_slot[want[i].family == AF_INET ? XBR_GW_INET : XBR_GW_INET6];
		if (mirror && mirror_shadows(mirror, want[i].family, &want[i].key)) {
			want[i].val.action = XBR_ROUTE_DEFER;
			want[i].val.flags = XBR_ROUTE_F_SHADOWS;
		}
		if (cur) {
			want[i].val.dest_index = cur->val.dest_index;
			if (mirror)
				mirror_dest_applied(mirror, want[i].family, &want[i].key,
						    &want[i].val);
			if (!memcmp(&cur->val, &want[i].val, sizeof(cur->val))) {
				diff->kept++;
				continue;
			}
			diff->changed++;
		} else {
			while (next_free < XBR_DEST_STATS_MAX && used[next_free])
				next_free++;
			if (next_free == XBR_DEST_STATS_MAX) {
				err = xbr_fail(
					-E2BIG,
					"no free destination counter: at most %u destinations",
					XBR_DEST_STATS_MAX);
				goto out;
			}
			used[next_free] = 1;
			want[i].val.dest_index = next_free;
			if (mirror)
				mirror_dest_applied(mirror, want[i].family, &want[i].key,
						    &want[i].val);
			err = tables_zero_stats(p, next_free);
			if (err)
				goto out;
			diff->added++;
		}
		if (bpf_map_update_elem(fd, &want[i].key, &want[i].val, BPF_ANY)) {
			err = -errno;
			routes_key_str(want[i].family, &want[i].key, buf, sizeof(buf));
			xbr_fail(err, "cannot install destination %s: %s", buf, strerror(-err));
			goto out;
		}
	}
	for (int f = 0; f < 2; f++) {
		for (size_t i = 0; i < fam[f].n_cur; i++) {
			bool wanted = false;

			for (size_t k = 0; k < n_want && !wanted; k++)
				wanted = want[k].family == fam[f].family &&
					 !memcmp(&want[k].key, &fam[f].cur[i].key, fam[f].key_size);
			if (wanted)
				continue;
			diff->removed++;
			if (fam[f].cur[i].val.flags & XBR_ROUTE_F_SHADOWS) {
				/* still the kernel's route: a plain defer entry until the mirror
				 * prunes it */
				const struct xbr_route plain = { .action = XBR_ROUTE_DEFER };

				if (bpf_map_update_elem(fam[f].fd, &fam[f].cur[i].key, &plain,
							BPF_ANY)) {
					err = -errno;
					goto out;
				}
				continue;
			}
			if (bpf_map_delete_elem(fam[f].fd, &fam[f].cur[i].key) && errno != ENOENT) {
				err = -errno;
				goto out;
			}
		}
	}
	/* Before the old slots are cleared: a kept answer may still point at one. */
	pins_routes_changed(p);
	tables_gc(p, plans, n_plans, new_slot);
out:
	if (err)
		pins_routes_changed(p); /* whatever was written before the failure */
	for (int f = 0; f < 2; f++)
		free(fam[f].cur);
	free(used);
	free(want);
	return err;
}
