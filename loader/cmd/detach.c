// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr detach: take our program off every interface it runs on (found by its
 * id, so that a damaged instance or one of another version can be removed
 * too), then remove the pins. Also the daemon's last act: rtnetlink tells
 * anyone which program runs where, and CAP_NET_ADMIN takes it off.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xbr.h"
#include "cmd/cmds.h"
#include "state/pins.h"

/* An interface where one of our programs runs. */
struct detach_target {
	int ifindex;
	char name[IF_NAMESIZE];
	__u32 prog_id;
	__u32 mode_flag; /* XDP_FLAGS_DRV_MODE or XDP_FLAGS_SKB_MODE */
	bool chosen;
};

static bool detach_is_ours(__u32 id, const __u32 *ids, int n_ids)
{
	for (int i = 0; id && i < n_ids; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Our program on this interface (by id), in whichever mode it runs. */
static int detach_find_one(const struct if_nameindex *it, const __u32 *ids, int n_ids,
			   struct detach_target *t)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	__u32 id;

	if (bpf_xdp_query(it->if_index, 0, &q))
		return 0;
	if (detach_is_ours(q.drv_prog_id, ids, n_ids))
		id = q.drv_prog_id;
	else if (detach_is_ours(q.skb_prog_id, ids, n_ids))
		id = q.skb_prog_id;
	else
		return 0;
	*t = (struct detach_target){ .ifindex = it->if_index,
				     .prog_id = id,
				     .mode_flag = id == q.drv_prog_id ? XDP_FLAGS_DRV_MODE
								      : XDP_FLAGS_SKB_MODE };
	snprintf(t->name, sizeof(t->name), "%s", it->if_name);
	return 1;
}

/* Detach what detach_find_one() found, only if it is still that program. */
static int detach_one(const struct detach_target *t, int prog_fd, __u32 pinned_id)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts);
	__u32 flags = t->mode_flag;

	if (prog_fd >= 0 && t->prog_id == pinned_id) {
		opts.old_prog_fd = prog_fd;
		flags |= XDP_FLAGS_REPLACE;
	}
	return bpf_xdp_detach(t->ifindex, flags, &opts);
}

/*
 * Find our program on this namespace's interfaces by id. Ids come from the
 * pinned program and the ifaces map, so detach works even when the instance
 * is damaged or from another version.
 */
static int detach_find(const __u32 *ids, int n_ids, struct detach_target *t, int max)
{
	struct if_nameindex *all = if_nameindex(), *it;
	int n = 0;

	for (it = all; it && it->if_index && n < max; it++)
		n += detach_find_one(it, ids, n_ids, &t[n]);
	if_freenameindex(all);
	return n;
}

int cmd_detach(struct xbr_opts *o)
{
	struct detach_target t[XBR_IFACES_MAX];
	struct xbr_iface val[XBR_IFACES_MAX];
	__u32 ids[XBR_IFACES_MAX + 1], recorded[XBR_IFACES_MAX];
	struct bpf_prog_info info = {};
	__u32 info_len = sizeof(info);
	int n_ids = 0, n_rec = 0, n, done = 0, err = 0;
	char failed[256] = "";
	struct xbr_pins pins;

	if (xbr_require_root("detach"))
		return XBR_EXIT_FAIL;
	err = pins_open(&pins, o->pin_dir, true);
	if (err) {
		xbr_report(err, "cannot open the instance in %s", o->pin_dir);
		pins_close(&pins);
		return XBR_EXIT_FAIL;
	}
	if (pins.prog_fd >= 0 && !bpf_obj_get_info_by_fd(pins.prog_fd, &info, &info_len))
		ids[n_ids++] = info.id;
	if (pins_fd(&pins, ifaces) >= 0)
		n_rec = pins_ifaces(&pins, recorded, val, XBR_IFACES_MAX);
	for (int i = 0; i < n_rec; i++)
		ids[n_ids++] = val[i].prog_id;
	n = detach_find(ids, n_ids, t, XBR_IFACES_MAX);

	/* Every named interface must be ours before anything is changed. */
	for (int a = 0; a < o->n_args; a++) {
		int k;

		for (k = 0; k < n && strcmp(t[k].name, o->args[a]); k++)
			;
		if (k == n) {
			xbr_err("xbr is not attached to %s (pin dir %s); 'xbr status' lists where "
				"it is",
				o->args[a], o->pin_dir);
			pins_close(&pins);
			return XBR_EXIT_FAIL;
		}
		t[k].chosen = true;
	}
	for (int k = 0; k < n; k++) {
		int e;

		if (o->n_args && !t[k].chosen)
			continue;
		e = detach_one(&t[k], pins.prog_fd, info.id);
		if (e) {
			snprintf(failed + strlen(failed), sizeof(failed) - strlen(failed),
				 "%s%s (%s)", err ? ", " : "", t[k].name, strerror(-e));
			err = e;
			continue;
		}
		if (pins_fd(&pins, ifaces) >= 0)
			pins_iface_clear(&pins, t[k].ifindex);
		done++;
		printf("detached from %s\n", t[k].name);
	}
	if (!err && done == n) {
		for (int i = 0; i < n_rec; i++) {
			bool seen = false;

			for (int k = 0; k < n; k++)
				seen |= t[k].ifindex == (int)recorded[i];
			if (!seen)
				xbr_warn("interface #%u had xbr attached but has no xbr program "
					 "here (deleted, or in another network namespace)",
					 recorded[i]);
		}
		pins_remove(&pins);
		printf("removed pins in %s\n", o->pin_dir);
	}
	if (err)
		xbr_err("cannot detach from %s; the pins in %s are kept for another try", failed,
			o->pin_dir);
	pins_close(&pins);
	return err ? XBR_EXIT_FAIL : XBR_EXIT_OK;
}
