// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Where each backup router is connected, and its MAC (kernel/gateway.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include "xbr.h"
#include "kernel/gateway.h"
#include "kernel/shadow.h"
#include "kernel/sysctl.h"

void gateway_egress(struct xbr_gateway *gw)
{
	struct cfg_addr to = { .family = gw->family }, src;
	char name[IF_NAMESIZE];
	struct nl_link link;
	int mtu6;

	gw->mtu = 0;
	memset(gw->src_addr, 0, sizeof(gw->src_addr));
	if (gw->family == AF_INET) {
		if (!nl_link_get(gw->egress_ifindex, &link))
			gw->mtu = link.mtu > 0xffff ? 0xffff : link.mtu;
	} else if (if_indextoname(gw->egress_ifindex, name) &&
		   !sysctl_conf("ipv6", name, "mtu", &mtu6) && mtu6 > 0) {
		/* ip6_forward() never takes less than the minimum link MTU (RFC 8200 §5). */
		gw->mtu = mtu6 < 1280 ? 1280 : mtu6 > 0xffff ? 0xffff : mtu6;
	}
	memcpy(&to.v6, gw->addr, gw->family == AF_INET ? 4 : 16);
	if (!nl_route_src(&to, &src))
		memcpy(gw->src_addr, &src.v6, gw->family == AF_INET ? 4 : 16);
}

static const char *gateway_statement(__u32 family_slot)
{
	return family_slot == XBR_GW_INET ? "backup-router" : "inet6-backup-router";
}

/* Errors about a gateway point at it in the config: FILE:LINE:COL first. */
static int gateway_locate_error(const struct gateway_plan *gw, const char *where, const char *addr,
				int err, const char *checked)
{
	if (err == -ENETUNREACH)
		return xbr_fail(
			err,
			"%s: %s %s is not on a directly connected subnet (checked: %s); a backup "
			"router must be reachable without routing",
			where, gateway_statement(gw->family_slot), addr, checked);
	if (err == -EADDRINUSE)
		return xbr_fail(
			err,
			"%s: %s %s is an address of this host (%s); it must be the other router's "
			"address",
			where, gateway_statement(gw->family_slot), addr, checked);
	if (err == -EINVAL)
		return xbr_fail(err,
				"%s: %s %s is link-local; name its interface with --mgmt IFACE",
				where, gateway_statement(gw->family_slot), addr);
	return xbr_fail(err, "%s: cannot locate %s: %s (%s)", where, addr, strerror(-err), checked);
}

static void gateway_shadow_warn(const struct cfg_diag *d, void *arg)
{
	char buf[600];

	cfg_diag_format(d, buf, sizeof(buf));
	xbr_warn("%s", buf);
}

static int gateway_locate(struct gateway_plan *gw, const struct xbr_config *cfg, int mgmt,
			  int resolve_ms)
{
	const struct cfg_backup_router *br = gw->br;
	enum nl_neigh_state state = NL_NEIGH_NONE;
	char addr[INET6_ADDRSTRLEN], checked[512] = "", where[320];
	int ifindex = 0, err;

	cfg_addr_str(&br->gateway, addr, sizeof(addr));
	snprintf(where, sizeof(where), "%s:%d:%d", cfg->file, br->loc.line, br->loc.col);
	err = nl_find_connected(&br->gateway, mgmt, &ifindex, checked, sizeof(checked));
	if (err)
		return gateway_locate_error(gw, where, addr, err, checked);
	/* Junos refuses nothing here, but such a destination does nothing: say so. */
	shadow_check(cfg, br, ifindex, gateway_shadow_warn, NULL);
	err = nl_link_get(ifindex, &gw->egress);
	if (err || !gw->egress.has_mac)
		return xbr_fail(err ? err : -EINVAL,
				"%s: backup router %s is on %s, which has no Ethernet address",
				where, addr, gw->egress.name);

	memset(&gw->val, 0, sizeof(gw->val));
	err = nl_neigh_wait(ifindex, &br->gateway, resolve_ms, gw->val.mac, &state);
	if (err)
		return xbr_fail(err, "cannot look up the neighbour entry of %s on %s: %s", addr,
				gw->egress.name, strerror(-err));
	if (state != NL_NEIGH_VALID && !resolve_ms) {
		/* the daemon does not wait: its neighbour events bring the answer */
		memset(gw->val.mac, 0, sizeof(gw->val.mac));
		xbr_warn("backup router %s on %s not resolved yet; its destinations go to the "
			 "kernel until it is",
			 addr, gw->egress.name);
	} else if (state != NL_NEIGH_VALID) {
		memset(gw->val.mac, 0, sizeof(gw->val.mac));
		xbr_warn("backup router %s on %s did not answer %s within %d ms; its destinations "
			 "go to the kernel until it resolves (and 'xbr run' follows it)",
			 addr, gw->egress.name, br->gateway.family == AF_INET ? "ARP" : "ND",
			 resolve_ms);
	}
	gw->val.resolved = state == NL_NEIGH_VALID;
	gw->val.family = br->gateway.family;
	memcpy(gw->val.src_mac, gw->egress.mac, 6);
	gw->val.egress_ifindex = ifindex;
	gw->val.configured = 1;
	if (br->gateway.family == AF_INET)
		memcpy(gw->val.addr, &br->gateway.v4, 4);
	else
		memcpy(gw->val.addr, &br->gateway.v6, 16);
	gateway_egress(&gw->val);
	return 0;
}

int gateway_plan_all(const struct xbr_config *cfg, const char *mgmt, int resolve_ms,
		     struct gateway_plan plans[2], int *n)
{
	int mgmt_ifindex = 0, err;

	*n = 0;
	if (mgmt) {
		mgmt_ifindex = if_nametoindex(mgmt);
		if (!mgmt_ifindex)
			return xbr_fail(-ENODEV, "--mgmt: no interface named %s", mgmt);
	}
	if (cfg->inet.present)
		plans[(*n)++] =
			(struct gateway_plan){ .br = &cfg->inet, .family_slot = XBR_GW_INET };
	if (cfg->inet6.present)
		plans[(*n)++] =
			(struct gateway_plan){ .br = &cfg->inet6, .family_slot = XBR_GW_INET6 };
	for (int i = 0; i < *n; i++) {
		err = gateway_locate(&plans[i], cfg, mgmt_ifindex, resolve_ms);
		if (err)
			return err;
	}
	return 0;
}
