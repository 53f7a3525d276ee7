// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr attach.
 *
 * attach: config → gateways located and resolved → program loaded, attached
 * with bpf_xdp_attach() (docs/design.md §8) and pinned → tables filled → the
 * interfaces enabled. The program runs on after we exit; later commands find
 * it through the pins. Any failure unwinds it all and prints one line.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include "xbr.h"
#include "state/allow.h"
#include "cmd/cmds.h"
#include "config/config.h"
#include "kernel/firewall.h"
#include "kernel/netlink.h"
#include "state/pins.h"
#include "kernel/gateway.h"
#include "state/apply.h"
#include "state/mirror.h"
#include "state/settings.h"
#include "state/tables.h"
#include "state/upgrade.h"

struct attach_iface {
	const char *name;
	struct nl_link link;
	bool attached;
};

static __u32 attach_mode_flag(int mode)
{
	return mode == XBR_XDP_SKB ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
}

/* Resolve and check the interfaces named on the command line. */
static int attach_ifaces_resolve(const struct xbr_opts *o, struct attach_iface *ifs)
{
	for (int i = 0; i < o->n_args; i++) {
		int ifindex = if_nametoindex(o->args[i]);

		ifs[i].name = o->args[i];
		if (!ifindex)
			return xbr_fail(-ENODEV, "no interface named %s", o->args[i]);
		if (ifindex >= XBR_IFINDEX_MAX)
			return xbr_fail(
				-ERANGE,
				"%s has ifindex %d; xbr handles interfaces up to ifindex %d",
				o->args[i], ifindex, XBR_IFINDEX_MAX - 1);
		for (int j = 0; j < i; j++)
			if (ifs[j].link.ifindex == ifindex)
				return xbr_fail(-EINVAL, "interface %s named twice", o->args[i]);
		if (nl_link_get(ifindex, &ifs[i].link))
			return xbr_fail(-ENODEV, "cannot read interface %s", o->args[i]);
		if (!ifs[i].link.has_mac)
			return xbr_fail(
				-EINVAL,
				"%s has no Ethernet address; xbr routes Ethernet frames only",
				o->args[i]);
	}
	return 0;
}

/* An interface that already runs an XDP program (ours or another tool's) is refused. */
static int attach_iface_free(const struct attach_iface *ifc)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	__u32 id;

	if (bpf_xdp_query(ifc->link.ifindex, 0, &q))
		return 0; /* nothing to say: attaching will tell */
	id = q.drv_prog_id ? q.drv_prog_id : q.skb_prog_id ? q.skb_prog_id : q.hw_prog_id;
	if (!id)
		return 0;
	return xbr_fail(-EEXIST,
			"%s already has an XDP program (id %u); detach it first ('xbr detach %s' "
			"if it is xbr's, else 'ip link set dev %s xdp off')",
			ifc->name, id, ifc->name, ifc->name);
}

/* Never over another program: XDP_FLAGS_UPDATE_IF_NOEXIST. */
static int attach_one(int prog_fd, struct attach_iface *ifc, int mode)
{
	int err = bpf_xdp_attach(ifc->link.ifindex, prog_fd,
				 XDP_FLAGS_UPDATE_IF_NOEXIST | attach_mode_flag(mode), NULL);

	if (!err) {
		ifc->attached = true;
		return 0;
	}
	if (mode == XBR_XDP_NATIVE && (err == -EOPNOTSUPP || err == -EINVAL))
		return xbr_fail(err, "%s does not support native XDP (%s); try -m skb", ifc->name,
				strerror(-err));
	if (err == -EBUSY || err == -EEXIST)
		return xbr_fail(err,
				"%s already has an XDP program in another mode; detach it "
				"first",
				ifc->name);
	if (err == -EPERM)
		return xbr_fail(err, "attaching to %s was refused (%s); run as root", ifc->name,
				strerror(-err));
	return xbr_fail(err, "cannot attach to %s in %s mode: %s (-v shows libbpf's log)",
			ifc->name, xbr_mode_name(mode), strerror(-err));
}

/* Only our program, and only if it is still there (XDP_FLAGS_REPLACE). */
static void attach_undo(int prog_fd, const struct attach_iface *ifc, int mode)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = prog_fd);

	bpf_xdp_detach(ifc->link.ifindex, XDP_FLAGS_REPLACE | attach_mode_flag(mode), &opts);
}

static __u32 attach_prog_id(int prog_fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(prog_fd, &info, &len) ? 0 : info.id;
}

static int attach_liveness(struct xbr_pins *p)
{
	struct xbr_liveness live = {
		.rpd_state = XBR_RPD_UNKNOWN,
		.role = XBR_ROLE_PRIMARY,
		.override = XBR_OVERRIDE_AUTO,
	};
	__u32 zero = 0;

	return bpf_map_update_elem(pins_fd(p, rpd_liveness), &zero, &live, BPF_ANY) ? -errno : 0;
}

/*
 * Last: until an interface is in ifaces, every packet goes to the kernel.
 * Before: the router's sysctls and addresses the datapath follows
 * (state/settings.h), so that the first packet already sees them.
 */
static int attach_ifaces(struct xbr_pins *p, const struct xbr_opts *o, struct attach_iface *ifs,
			 __u32 prog_id, const struct allow_list *allow)
{
	__u32 ifindex[XBR_MAX_IFACES], bloom = 0;
	int err;

	for (int i = 0; i < o->n_args; i++)
		ifindex[i] = ifs[i].link.ifindex;
	err = settings_write(p, false);
	if (!err)
		err = settings_addrs(p, ifindex, o->n_args, &bloom);
	for (int i = 0; !err && i < o->n_args; i++) {
		struct xbr_iface val = { .xdp_mode = o->xdp_mode,
					 .prog_id = prog_id,
					 .flags = allow->any ? 0 : XBR_IFACE_F_ALLOW_LIST };

		memcpy(val.mac, ifs[i].link.mac, 6);
		err = settings_iface(ifindex[i], &val, bloom);
		if (!err && bpf_map_update_elem(pins_fd(p, ifaces), &ifindex[i], &val, BPF_ANY))
			err = -errno;
	}
	return err;
}

static void attach_print(const struct xbr_opts *o, const struct attach_iface *ifs,
			 const struct gateway_plan *gws, int n_gws, size_t mirrored,
			 const struct allow_list *allow)
{
	char addr[INET6_ADDRSTRLEN], mac[18];

	for (int i = 0; i < o->n_args; i++)
		printf("attached to %s (%s mode), pin dir %s\n", ifs[i].name,
		       xbr_mode_name(o->xdp_mode), o->pin_dir);
	for (int g = 0; g < n_gws; g++) {
		const struct cfg_backup_router *br = gws[g].br;

		cfg_addr_str(&br->gateway, addr, sizeof(addr));
		xbr_mac_str(gws[g].val.mac, mac);
		printf("%-5s backup router %s via %s, %s, %zu destination%s\n",
		       gws[g].family_slot == XBR_GW_INET ? "inet" : "inet6", addr,
		       gws[g].egress.name, gws[g].val.resolved ? mac : "not resolved", br->n_dests,
		       br->n_dests == 1 ? "" : "s");
	}
	printf("%zu kernel route%s and local address%s inside them take precedence (table %u)\n",
	       mirrored, mirrored == 1 ? "" : "s", mirrored == 1 ? "" : "es", o->table);
	if (!allow->any)
		printf("forwarding only for sources in the %zu --allow-from prefix%s; packets from "
		       "others go to the kernel\n",
		       allow->n, allow->n == 1 ? "" : "es");
	printf("rpd unknown: backup destinations are in effect until 'xbr rpd up' or "
	       "'xbr role'; later route and neighbour changes are followed only by 'xbr run'\n");
}

/* One instance per pin dir: say where it runs and how to go on. */
static int attach_existing(const struct xbr_opts *o)
{
	__u32 ifindex[XBR_IFACES_MAX];
	struct xbr_iface val[XBR_IFACES_MAX];
	char names[256] = "", name[IF_NAMESIZE];
	struct xbr_pins pins;
	int n, err;

	err = pins_open(&pins, o->pin_dir, true);
	if (err) {
		pins_close(&pins);
		return err;
	}
	if (pins.mismatched) {
		/* Never written into: the program that reads them expects other layouts. */
		err = xbr_fail(-EEXIST,
			       "pin dir %s holds maps of another xbr build (%s does not match this "
			       "one); 'xbr detach' removes them (or detach with the version that "
			       "attached them), then attach again",
			       o->pin_dir, pins.mismatched);
		pins_close(&pins);
		return err;
	}
	n = pins_fd(&pins, ifaces) >= 0 ? pins_ifaces(&pins, ifindex, val, XBR_IFACES_MAX) : 0;
	pins_close(&pins);
	for (int i = 0; i < n; i++) {
		if (!if_indextoname(ifindex[i], name))
			snprintf(name, sizeof(name), "#%u", ifindex[i]);
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 i ? ", " : "", name);
		for (int a = 0; a < o->n_args; a++)
			if (!strcmp(o->args[a], name))
				return xbr_fail(-EEXIST,
						"xbr is already attached to %s (pin dir %s); 'xbr "
						"detach %s' first",
						name, o->pin_dir, name);
	}
	return xbr_fail(-EEXIST,
			"an xbr instance is already attached with pin dir %s (on %s); 'xbr detach' "
			"it first, or use --pin-dir DIR for a second instance",
			o->pin_dir, n ? names : "no interface");
}

/* Everything that can fail on bad input or a busy interface, before anything is changed. */
static int attach_check(const struct xbr_opts *o, struct xbr_config *cfg, struct allow_list *allow,
			struct attach_iface *ifs)
{
	int err = apply_load_inputs(o, cfg, allow, "nothing to forward");

	if (!err)
		err = attach_ifaces_resolve(o, ifs);
	if (!err && pins_present(o->pin_dir)) {
		/* An older build's instance on these interfaces: taken over in place (1). */
		err = upgrade_instance(o->pin_dir, o->args, o->n_args);
		if (!err)
			err = attach_existing(o);
	}
	for (int i = 0; !err && i < o->n_args; i++)
		err = attach_iface_free(&ifs[i]);
	return err;
}

int cmd_attach_keeping(struct xbr_opts *o, struct mirror *m)
{
	struct attach_iface ifs[XBR_MAX_IFACES] = {};
	struct gateway_plan gws[2] = {};
	struct tables_diff diff;
	struct xbr_bpf *skel = NULL;
	struct xbr_config cfg = {};
	struct xbr_pins pins;
	struct allow_list allow = { .any = true };
	bool pinned = false;
	int n_gws = 0, prog_fd = -1, err, i;

	pins_init(&pins, o->pin_dir);
	if (o->n_args > XBR_MAX_IFACES) {
		xbr_err("at most %d interfaces", XBR_MAX_IFACES);
		return XBR_EXIT_USAGE;
	}
	if (xbr_require_root("attach"))
		return XBR_EXIT_FAIL;
	err = attach_check(o, &cfg, &allow, ifs);
	if (err == 1) {
		/* The older instance now runs this build's program: give it this configuration. */
		err = apply_reload(o, GATEWAY_RESOLVE_MS, m);
		if (!err)
			printf("took over the instance in %s in place (xbr %s)\n", o->pin_dir,
			       xbr_version);
		goto cleanup;
	}
	if (!err)
		err = gateway_plan_all(&cfg, o->mgmt, GATEWAY_RESOLVE_MS, gws, &n_gws);
	if (err)
		goto cleanup;

	err = pins_create(&pins, o->pin_dir);
	if (err)
		goto unwind;
	/* Checked again under the lock: another attach may have won the race. */
	if (pins_present(o->pin_dir)) {
		err = xbr_fail(-EEXIST, "xbr was attached with pin dir %s meanwhile", o->pin_dir);
		pins_close(&pins);
		goto cleanup;
	}

	skel = xbr_bpf__open();
	if (!skel) {
		err = xbr_fail(-errno, "cannot open the embedded BPF object: %s", strerror(errno));
		goto unwind;
	}
	err = xbr_bpf__load(skel);
	if (err) {
		err = xbr_fail(err,
			       "the kernel refused the XDP program: %s (-v shows the verifier's "
			       "log)",
			       strerror(-err));
		goto unwind;
	}
	prog_fd = bpf_program__fd(skel->progs.xbr_xdp);
	/*
	 * Until the tables are filled every packet misses the ifaces table and
	 * goes to the kernel, as if xbr were not there.
	 */
	err = attach_one(prog_fd, &ifs[0], o->xdp_mode);
	if (err)
		goto unwind;
	err = pins_pin(&pins, skel, prog_fd);
	pinned = true;
	if (!err)
		err = attach_liveness(&pins);
	if (!err)
		err = apply_config(&pins, o, &cfg, gws, n_gws, true, &diff, m);
	/* The sources first: an interface's flag refers to them. */
	if (!err && !allow.any)
		err = allow_apply(&pins, &allow);
	if (!err)
		err = attach_ifaces(&pins, o, ifs, attach_prog_id(prog_fd), &allow);
	if (err) {
		xbr_fail(err, "cannot fill the maps in %s: %s", o->pin_dir, xbr_why(err));
		goto unwind;
	}
	for (i = 1; i < o->n_args; i++) {
		err = attach_one(prog_fd, &ifs[i], o->xdp_mode);
		if (err)
			goto unwind;
	}
	attach_print(o, ifs, gws, n_gws, mirror_count(m), &allow);
	if (!o->allow_from)
		firewall_warn_bypass();
	goto cleanup;

unwind:
	for (i = 0; i < o->n_args; i++)
		if (ifs[i].attached)
			attach_undo(prog_fd, &ifs[i], o->xdp_mode);
	if (pinned || pins.lock_fd >= 0)
		pins_remove(&pins);
cleanup:
	if (err)
		xbr_report(err, "attach failed");
	pins_close(&pins);
	xbr_bpf__destroy(skel);
	config_free(&cfg);
	allow_free(&allow);
	return err ? XBR_EXIT_FAIL : XBR_EXIT_OK;
}

int cmd_attach(struct xbr_opts *o)
{
	struct mirror m;
	int ret, err;

	err = mirror_init(&m, NULL, o->table, o->ignore_proto);
	if (err) {
		xbr_report(err, "attach failed");
		return XBR_EXIT_FAIL;
	}
	ret = cmd_attach_keeping(o, &m);
	mirror_free(&m);
	return ret;
}
