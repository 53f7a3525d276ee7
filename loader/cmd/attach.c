// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr attach.
 *
 * attach: config → gateways located and resolved → program loaded and attached
 * through libxdp → tables filled → everything pinned. The program runs on after
 * we exit; later commands find it through the pins. Any failure unwinds it all.
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
#include <xdp/libxdp.h>
#include "xbr.h"
#include "state/allow.h"
#include "cmd/cmds.h"
#include "config/config.h"
#include "kernel/firewall.h"
#include "kernel/netlink.h"
#include "state/pins.h"
#include "kernel/gateway.h"
#include "state/tables.h"
#include "xbr.skel.h"

struct attach_iface {
	const char *name;
	struct nl_link link;
	bool attached;
};

static enum xdp_attach_mode attach_libxdp_mode(int mode)
{
	return mode == XBR_XDP_SKB ? XDP_MODE_SKB : XDP_MODE_NATIVE;
}

/* Resolve and check the interfaces named on the command line. */
static int attach_ifaces_resolve(const struct xbr_opts *o, struct attach_iface *ifs)
{
	for (int i = 0; i < o->n_args; i++) {
		int ifindex = if_nametoindex(o->args[i]);

		ifs[i].name = o->args[i];
		if (!ifindex) {
			xbr_err("no interface named %s", o->args[i]);
			return -ENODEV;
		}
		if (ifindex >= XBR_IFINDEX_MAX) {
			xbr_err("%s has ifindex %d; xbr handles interfaces up to ifindex %d",
				o->args[i], ifindex, XBR_IFINDEX_MAX - 1);
			return -ERANGE;
		}
		for (int j = 0; j < i; j++) {
			if (ifs[j].link.ifindex == ifindex) {
				xbr_err("interface %s named twice", o->args[i]);
				return -EINVAL;
			}
		}
		if (nl_link_get(ifindex, &ifs[i].link)) {
			xbr_err("cannot read interface %s", o->args[i]);
			return -ENODEV;
		}
		if (!ifs[i].link.has_mac) {
			xbr_err("%s has no Ethernet address; xbr routes Ethernet frames only",
				o->args[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* An interface that already runs an XDP program (ours or another tool's) is refused. */
static int attach_iface_free(const struct attach_iface *ifc)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(ifc->link.ifindex);
	struct xdp_program *main_prog;
	int err = 0;

	if (libxdp_get_error(mp))
		return 0;
	main_prog = xdp_multiprog__main_prog(mp);
	if (main_prog || xdp_multiprog__program_count(mp) > 0) {
		xbr_err("%s already has an XDP program (%s, id %u); detach it first "
			"('xbr detach %s' if it is xbr's, else 'xdp-loader unload %s --all')",
			ifc->name, main_prog ? xdp_program__name(main_prog) : "dispatcher",
			main_prog ? xdp_program__id(main_prog) : 0, ifc->name, ifc->name);
		err = -EEXIST;
	}
	xdp_multiprog__close(mp);
	return err;
}

static int attach_one(struct xdp_program *prog, struct attach_iface *ifc, int mode)
{
	int err = xdp_program__attach(prog, ifc->link.ifindex, attach_libxdp_mode(mode), 0);

	if (!err) {
		ifc->attached = true;
		return 0;
	}
	if (mode == XBR_XDP_NATIVE && (err == -EOPNOTSUPP || err == -EINVAL))
		xbr_err("%s does not support native XDP (%s); try -m skb", ifc->name,
			strerror(-err));
	else if (err == -EBUSY || err == -EEXIST)
		xbr_err("%s already has an XDP program in another mode; detach it first",
			ifc->name);
	else if (err == -EPERM)
		xbr_err("attaching to %s was refused (%s); run as root", ifc->name, strerror(-err));
	else
		xbr_err("cannot attach to %s in %s mode: %s (-v shows libbpf's log)", ifc->name,
			xbr_mode_name(mode), strerror(-err));
	return err;
}

static int attach_liveness(struct xbr_pins *p)
{
	struct xbr_liveness live = {
		.rpd_state = XBR_RPD_UNKNOWN,
		.role = XBR_ROLE_PRIMARY,
		.override = XBR_OVERRIDE_AUTO,
	};
	__u32 zero = 0;

	return bpf_map_update_elem(p->fd[PIN_LIVENESS], &zero, &live, BPF_ANY) ? -errno : 0;
}

/* Last: until an interface is in ifaces, every packet goes to the kernel. */
static int attach_ifaces(struct xbr_pins *p, const struct xbr_opts *o, struct attach_iface *ifs,
			 __u32 prog_id, const struct allow_list *allow)
{
	for (int i = 0; i < o->n_args; i++) {
		struct xbr_iface val = { .xdp_mode = o->xdp_mode,
					 .prog_id = prog_id,
					 .flags = allow->any ? 0 : XBR_IFACE_F_ALLOW_LIST };
		__u32 ifindex = ifs[i].link.ifindex;

		memcpy(val.mac, ifs[i].link.mac, 6);
		if (bpf_map_update_elem(p->fd[PIN_IFACES], &ifindex, &val, BPF_ANY))
			return -errno;
	}
	return 0;
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
	int n;

	if (pins_open(&pins, o->pin_dir, true)) {
		pins_close(&pins);
		return -EEXIST;
	}
	if (pins.mismatched) {
		/* Never written into: the program that reads them expects other layouts. */
		xbr_err("pin dir %s holds maps of another xbr build (%s does not match this "
			"one); 'xbr detach' removes them (or detach with the version that attached "
			"them), then attach again",
			o->pin_dir, pins.mismatched);
		pins_close(&pins);
		return -EEXIST;
	}
	n = pins.fd[PIN_IFACES] >= 0 ? pins_ifaces(&pins, ifindex, val, XBR_IFACES_MAX) : 0;
	pins_close(&pins);
	for (int i = 0; i < n; i++) {
		if (!if_indextoname(ifindex[i], name))
			snprintf(name, sizeof(name), "#%u", ifindex[i]);
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 i ? ", " : "", name);
		for (int a = 0; a < o->n_args; a++) {
			if (!strcmp(o->args[a], name)) {
				xbr_err("xbr is already attached to %s (pin dir %s); 'xbr detach "
					"%s' first",
					name, o->pin_dir, name);
				return -EEXIST;
			}
		}
	}
	xbr_err("an xbr instance is already attached with pin dir %s (on %s); 'xbr detach' "
		"it first, or use --pin-dir DIR for a second instance",
		o->pin_dir, n ? names : "no interface");
	return -EEXIST;
}

int cmd_attach(struct xbr_opts *o)
{
	struct attach_iface ifs[XBR_MAX_IFACES] = {};
	struct gateway_plan gws[2] = {};
	struct tables_diff diff;
	struct xdp_program *prog = NULL;
	struct xbr_bpf *skel = NULL;
	struct xbr_config cfg = {};
	struct xbr_pins pins = { .lock_fd = -1, .prog_fd = -1 };
	struct allow_list allow = { .any = true };
	char why[256];
	bool pinned = false;
	size_t mirrored = 0;
	int n_gws = 0, err, i;

	if (o->n_args > XBR_MAX_IFACES) {
		xbr_err("at most %d interfaces", XBR_MAX_IFACES);
		return XBR_EXIT_USAGE;
	}
	if (xbr_require_root("attach"))
		return XBR_EXIT_FAIL;
	if (o->allow_from && allow_parse(o->allow_from, &allow, why, sizeof(why))) {
		xbr_err("--allow-from: %s", why);
		return XBR_EXIT_USAGE;
	}
	if (cmd_config_load(o, &cfg)) {
		allow_free(&allow);
		return XBR_EXIT_FAIL;
	}
	if (!cfg.inet.present && !cfg.inet6.present) {
		xbr_err("%s has no 'system backup-router' or 'system inet6-backup-router'; "
			"nothing to forward",
			cfg.file);
		config_free(&cfg);
		allow_free(&allow);
		return XBR_EXIT_FAIL;
	}
	for (int i = 0; i < PIN_MAP_COUNT; i++)
		pins.fd[i] = -1;

	err = attach_ifaces_resolve(o, ifs);
	if (!err && pins_present(o->pin_dir))
		err = attach_existing(o);
	for (i = 0; !err && i < o->n_args; i++)
		err = attach_iface_free(&ifs[i]);
	if (!err)
		err = gateway_plan_all(&cfg, o->mgmt, GATEWAY_RESOLVE_MS, gws, &n_gws);
	if (err)
		goto cleanup;

	err = pins_create(&pins, o->pin_dir);
	if (err)
		goto cleanup;
	/* Checked again under the lock: another attach may have won the race. */
	if (pins_present(o->pin_dir)) {
		xbr_err("xbr was attached with pin dir %s meanwhile", o->pin_dir);
		err = -EEXIST;
		pins_close(&pins);
		goto cleanup;
	}

	skel = xbr_bpf__open();
	if (!skel) {
		err = -errno;
		xbr_err("cannot open the embedded BPF object: %s", strerror(errno));
		goto unwind;
	}
	DECLARE_LIBXDP_OPTS(xdp_program_opts, prog_opts, .obj = skel->obj, .prog_name = "xbr_xdp");
	prog = xdp_program__create(&prog_opts);
	err = libxdp_get_error(prog);
	if (err) {
		prog = NULL;
		xbr_err("cannot prepare the XDP program: %s", strerror(-err));
		goto unwind;
	}
	/*
	 * libxdp loads the object when it first attaches. Until the tables are
	 * filled every packet misses the ifaces table and goes to the kernel, as
	 * if xbr were not there.
	 */
	err = attach_one(prog, &ifs[0], o->xdp_mode);
	if (err)
		goto unwind;
	err = pins_pin(&pins, skel, xdp_program__fd(prog));
	pinned = true;
	if (!err)
		err = attach_liveness(&pins);
	if (!err)
		err = config_apply(&pins, o, &cfg, gws, n_gws, true, &diff, &mirrored);
	/* The sources first: an interface's flag refers to them. */
	if (!err && !allow.any)
		err = allow_apply(&pins, &allow);
	if (!err)
		err = attach_ifaces(&pins, o, ifs, xdp_program__id(prog), &allow);
	if (err) {
		xbr_err("cannot fill the maps in %s: %s", o->pin_dir, strerror(-err));
		goto unwind;
	}
	for (i = 1; i < o->n_args; i++) {
		err = attach_one(prog, &ifs[i], o->xdp_mode);
		if (err)
			goto unwind;
	}
	attach_print(o, ifs, gws, n_gws, mirrored, &allow);
	if (!o->allow_from)
		firewall_warn_bypass();
	goto cleanup;

unwind:
	for (i = 0; i < o->n_args; i++)
		if (ifs[i].attached)
			xdp_program__detach(prog, ifs[i].link.ifindex,
					    attach_libxdp_mode(o->xdp_mode), 0);
	if (pinned || pins.lock_fd >= 0)
		pins_remove(&pins);
	pins_close(&pins);
cleanup:
	pins_close(&pins);
	xdp_program__close(prog);
	xbr_bpf__destroy(skel);
	config_free(&cfg);
	allow_free(&allow);
	return err ? XBR_EXIT_FAIL : XBR_EXIT_OK;
}
