// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "xbr.h"
#include "kernel/netlink.h"
#include "kernel/sysctl.h"
#include "state/settings.h"

/*
 * net.ipv6.icmp.ratemask is a list of ranges ("0-1,3-127"); the types that
 * matter here are below 32.
 */
static int ratemask6(__u32 *mask)
{
	char buf[512], *p, *end;
	int err = sysctl_text("ipv6/icmp/ratemask", buf, sizeof(buf));

	if (err)
		return err;
	*mask = 0;
	for (p = buf; *p && *p != '\n';) {
		unsigned long lo = strtoul(p, &end, 10), hi = lo;

		if (end == p)
			return -EINVAL;
		p = end;
		if (*p == '-') {
			hi = strtoul(p + 1, &end, 10);
			if (end == p + 1)
				return -EINVAL;
			p = end;
		}
		for (unsigned long t = lo; t <= hi && t < 32; t++)
			*mask |= 1U << t;
		if (*p == ',')
			p++;
	}
	return 0;
}

int settings_read(struct xbr_settings *s)
{
	int v[7], err = 0;

	memset(s, 0, sizeof(*s));
	err = sysctl_int("ipv4/ip_default_ttl", &v[0]);
	if (!err)
		err = sysctl_conf("ipv6", "default", "hop_limit", &v[1]);
	if (!err)
		err = sysctl_int("ipv4/icmp_ratelimit", &v[2]);
	if (!err)
		err = sysctl_int("ipv4/icmp_ratemask", &v[3]);
	if (!err)
		err = sysctl_int("ipv6/icmp/ratelimit", &v[4]);
	if (!err)
		err = sysctl_int("ipv4/icmp_msgs_per_sec", &v[5]);
	if (!err)
		err = sysctl_int("ipv4/icmp_msgs_burst", &v[6]);
	if (!err)
		err = ratemask6(&s->icmp6_ratemask);
	if (err)
		return err;
	s->ip_default_ttl = v[0];
	s->ip6_hop_limit = v[1];
	s->icmp_ratelimit_ms = v[2] > 0 ? v[2] : 0;
	s->icmp_ratemask = v[3];
	s->icmp6_ratelimit_ms = v[4] > 0 ? v[4] : 0;
	s->icmp_msgs_per_sec = v[5] > 0 ? v[5] : 0;
	s->icmp_msgs_burst = v[6] > 0 ? v[6] : 0;
	return 0;
}

int settings_write(const struct xbr_pins *p, bool kernel_routes)
{
	struct xbr_settings s;
	__u32 zero = 0;
	int err = settings_read(&s);

	if (err)
		return err;
	s.flags = kernel_routes ? XBR_SETTINGS_F_KERNEL_ROUTES : 0;
	return bpf_map_update_elem(pins_fd(p, settings), &zero, &s, BPF_ANY) ? -errno : 0;
}

int settings_kernel_routes(const struct xbr_pins *p, bool on)
{
	struct xbr_settings s;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(pins_fd(p, settings), &zero, &s))
		return -errno;
	s.flags = on ? s.flags | XBR_SETTINGS_F_KERNEL_ROUTES
		     : s.flags & ~XBR_SETTINGS_F_KERNEL_ROUTES;
	return bpf_map_update_elem(pins_fd(p, settings), &zero, &s, BPF_EXIST) ? -errno : 0;
}

/*
 * As the kernel combines them (include/linux/inetdevice.h): forwarding is
 * the interface's own, rp_filter the larger of all and the interface,
 * accept_local and route_localnet either. IPv6 forwards when all.forwarding
 * or the interface's force_forwarding says so, and not when it is disabled.
 */
int settings_iface(int ifindex, struct xbr_iface *val, __u32 bloom)
{
	int fwd4, rpf, rpf_all, local, local_all, lnet, lnet_all, fwd6, force6 = 0, off6 = 0;
	char name[IF_NAMESIZE];
	int err;

	if (!if_indextoname(ifindex, name))
		return -errno;
	err = sysctl_conf("ipv4", name, "forwarding", &fwd4);
	if (!err)
		err = sysctl_conf("ipv4", name, "rp_filter", &rpf);
	if (!err)
		err = sysctl_conf("ipv4", "all", "rp_filter", &rpf_all);
	if (!err)
		err = sysctl_conf("ipv4", name, "accept_local", &local);
	if (!err)
		err = sysctl_conf("ipv4", "all", "accept_local", &local_all);
	if (!err)
		err = sysctl_conf("ipv4", name, "route_localnet", &lnet);
	if (!err)
		err = sysctl_conf("ipv4", "all", "route_localnet", &lnet_all);
	if (!err)
		err = sysctl_conf("ipv6", "all", "forwarding", &fwd6);
	if (err)
		return err;
	/* An interface without IPv6 has no ipv6/conf entry: it forwards no IPv6. */
	if (sysctl_conf("ipv6", name, "disable_ipv6", &off6))
		off6 = 1;
	sysctl_conf("ipv6", name, "force_forwarding", &force6); /* kernels before 6.17: none */

	val->flags &= XBR_IFACE_F_ALLOW_LIST;
	if (!fwd4)
		val->flags |= XBR_IFACE_F_NO_FWD4;
	if ((!fwd6 && !force6) || off6)
		val->flags |= XBR_IFACE_F_NO_FWD6;
	if (rpf_all > rpf)
		rpf = rpf_all;
	if (rpf == 1)
		val->flags |= XBR_IFACE_F_RP_STRICT;
	else if (rpf >= 2)
		val->flags |= XBR_IFACE_F_RP_LOOSE;
	if (lnet || lnet_all)
		val->flags |= XBR_IFACE_F_ROUTE_LOCALNET;
	val->local_v4_bloom = local || local_all ? 0 : bloom;
	return 0;
}

struct addrs_ctx {
	const struct xbr_pins *p;
	const __u32 *ifindex;
	int n;
	__u32 bloom;
	int err;
	/* the addresses written, to remove the others afterwards */
	__u32 v4[XBR_LOCAL_V4_MAX];
	size_t n_v4;
	struct xbr_iface_v6 v6[XBR_IFACES_MAX];
};

static void addrs_cb(const struct nl_ifaddr_info *a, void *data)
{
	struct addrs_ctx *c = data;
	const __u32 one = XBR_LOCAL_ENTRY;
	__u32 v4;

	if (a->addr.family == AF_INET) {
		memcpy(&v4, &a->addr.v4, 4);
		if (c->n_v4 == XBR_LOCAL_V4_MAX) {
			c->err = -ENOSPC;
			return;
		}
		c->v4[c->n_v4++] = v4;
		c->bloom |= 1U << xbr_local_bloom_bit((const __u8 *)&v4);
		if (bpf_map_update_elem(pins_fd(c->p, local_v4), &v4, &one, BPF_ANY))
			c->err = -errno;
		return;
	}
	for (int i = 0; i < c->n; i++) {
		bool ll = a->addr.v6.s6_addr[0] == 0xfe && (a->addr.v6.s6_addr[1] & 0xc0) == 0x80;
		__u8 *slot = ll ? c->v6[i].link_local : c->v6[i].global;
		static const __u8 zero[16];

		/* The first address of each scope, as the kernel lists them. */
		if ((int)c->ifindex[i] == a->ifindex && !memcmp(slot, zero, 16))
			memcpy(slot, &a->addr.v6, 16);
	}
}

static bool v4_listed(const struct addrs_ctx *c, __u32 a)
{
	for (size_t i = 0; i < c->n_v4; i++)
		if (c->v4[i] == a)
			return true;
	return false;
}

int settings_addrs(const struct xbr_pins *p, const __u32 *ifindex, int n, __u32 *bloom)
{
	struct addrs_ctx *c = calloc(1, sizeof(*c));
	__u32 key, next, stale[64];
	int err, n_stale;

	if (!c)
		return -ENOMEM;
	c->p = p;
	c->ifindex = ifindex;
	c->n = n < XBR_IFACES_MAX ? n : XBR_IFACES_MAX;
	err = nl_ifaddrs_dump(AF_UNSPEC, addrs_cb, c);
	if (!err)
		err = c->err;
	/* Addresses gone since: removed after the new ones are in (a batch at a time). */
	do {
		void *prev = NULL;

		n_stale = 0;
		while (!err && n_stale < 64 &&
		       !bpf_map_get_next_key(pins_fd(p, local_v4), prev, &next)) {
			key = next;
			prev = &key;
			if (!v4_listed(c, key))
				stale[n_stale++] = key;
		}
		for (int i = 0; i < n_stale; i++)
			bpf_map_delete_elem(pins_fd(p, local_v4), &stale[i]);
	} while (!err && n_stale == 64);
	for (int i = 0; !err && i < c->n; i++)
		if (bpf_map_update_elem(pins_fd(p, iface_v6), &ifindex[i], &c->v6[i], BPF_ANY))
			err = -errno;
	if (bloom)
		*bloom = c->bloom;
	free(c);
	return err;
}

int settings_sync(const struct xbr_pins *p)
{
	__u32 ifindex[XBR_IFACES_MAX], bloom = 0;
	struct xbr_iface val[XBR_IFACES_MAX];
	struct xbr_settings s, old;
	__u32 zero = 0;
	int n, err;

	n = pins_ifaces(p, ifindex, val, XBR_IFACES_MAX);
	if (n < 0)
		return n;
	err = settings_addrs(p, ifindex, n, &bloom);
	for (int i = 0; !err && i < n; i++) {
		err = settings_iface(ifindex[i], &val[i], bloom);
		if (!err &&
		    bpf_map_update_elem(pins_fd(p, ifaces), &ifindex[i], &val[i], BPF_EXIST))
			err = -errno;
	}
	/* The kernel-routes flag is the daemon's: kept as it is. */
	if (!err)
		err = settings_read(&s);
	if (!err && bpf_map_lookup_elem(pins_fd(p, settings), &zero, &old))
		err = -errno;
	if (!err) {
		s.flags = old.flags;
		if (bpf_map_update_elem(pins_fd(p, settings), &zero, &s, BPF_EXIST))
			err = -errno;
	}
	return err;
}
