// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Live tracking for `xbr run` (daemon/track.h). Its event handlers are the
 * daemon's: each failure is one line in its log, and the next resync repairs.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <bpf/bpf.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include "xbr.h"
#include "kernel/gateway.h"
#include "kernel/netlink.h"
#include "daemon/track.h"
#include "state/settings.h"

/* Neighbour resolution retries: 1 s, doubling up to this. */
#define TRACK_RETRY_MAX_S 30

/*
 * Events handled per wakeup: each costs a few microseconds (a trie update),
 * so that a burst of route changes keeps the event loop answering within a
 * millisecond; the loop comes back for the rest.
 */
#define TRACK_EVENTS_BATCH 64

/*
 * The event socket's receive buffer: events queue there while the tables are
 * read at start or resynced (seconds at a million routes). Beyond it the
 * kernel drops events and the daemon reads everything again.
 */
#define TRACK_RCVBUF (16 << 20)

/* ---- gateways -------------------------------------------------------------- */

/* The slot routes of family f point at, and its gateway; -1 when none is configured. */
static int track_gateway_get(const struct track *t, __u32 f, struct xbr_gateway *gw)
{
	for (__u32 slot = f; slot < 2 * XBR_GW_ALT; slot += XBR_GW_ALT)
		if (!bpf_map_lookup_elem(pins_fd(t->p, gateways), &slot, gw) && gw->configured)
			return slot;
	return -1;
}

/*
 * Change a gateway without a packet ever reading it half-written: write the
 * family's other slot, re-point the destinations at it, clear the old one.
 */
static void track_gateway_set(struct track *t, __u32 f, int old_slot, const struct xbr_gateway *gw)
{
	const struct xbr_gateway unused = {};
	__u32 slot = old_slot == (int)f ? f + XBR_GW_ALT : f, old = old_slot;
	int family = f == XBR_GW_INET ? AF_INET : AF_INET6;

	if (bpf_map_update_elem(pins_fd(t->p, gateways), &slot, gw, BPF_ANY)) {
		xbr_err("cannot write gateway slot %u: %s", slot, strerror(errno));
		return;
	}
	for (size_t i = 0; i < t->m.n_dests; i++) {
		struct mirror_dest *d = &t->m.dests[i];
		int fd = pins_routes_fd(t->p, family);
		union {
			struct xbr_lpm_v4 v4;
			struct xbr_lpm_v6 v6;
		} key = {};
		struct xbr_route r;

		if (d->key.family != family)
			continue;
		d->val.gateway = slot;
		if (family == AF_INET) {
			key.v4.prefixlen = d->key.len;
			memcpy(key.v4.addr, d->key.addr, 4);
		} else {
			key.v6.prefixlen = d->key.len;
			memcpy(key.v6.addr, d->key.addr, 16);
		}
		/* FORWARD, or DEFER standing in for it: only the gateway changes */
		if (!bpf_map_lookup_elem(fd, &key, &r)) {
			r.gateway = slot;
			bpf_map_update_elem(fd, &key, &r, BPF_EXIST);
		}
	}
	/* Kept answers point at the old slot until this; then it may go. */
	pins_routes_changed(t->p);
	bpf_map_update_elem(pins_fd(t->p, gateways), &old, &unused, BPF_ANY);
}

static void track_arm_retry(struct track *t)
{
	struct itimerspec its = { .it_value = { t->retry_s ? t->retry_s : 1, 0 } };

	timerfd_settime(t->retry_timer, 0, &its, NULL);
}

static void gateway_str(const struct xbr_gateway *gw, char *buf, size_t size)
{
	inet_ntop(gw->family == AF_INET6 ? AF_INET6 : AF_INET, gw->addr, buf, size);
}

/* New neighbour or link facts for family f's gateway: update it if they change it. */
static void track_gateway_update(struct track *t, __u32 f, bool resolved, const unsigned char *mac,
				 const char *why)
{
	struct xbr_gateway gw, next;
	char addr[INET6_ADDRSTRLEN], m[18];
	int slot = track_gateway_get(t, f, &gw);

	if (slot < 0)
		return;
	next = gw;
	next.resolved = resolved;
	if (resolved)
		memcpy(next.mac, mac, 6);
	if (!memcmp(&next, &gw, sizeof(gw)))
		return;
	track_gateway_set(t, f, slot, &next);
	gateway_str(&gw, addr, sizeof(addr));
	xbr_mac_str(next.mac, m);
	if (resolved) {
		xbr_notice("backup router %s is at %s (%s)", addr, m, why);
		t->retry_s = 0;
	} else {
		xbr_warn("backup router %s unresolved (%s): its destinations go to the kernel",
			 addr, why);
		track_arm_retry(t);
	}
}

static bool addr_equal(const struct cfg_addr *a, const __u8 *gw_addr)
{
	return !memcmp(&a->v6, gw_addr, a->family == AF_INET ? 4 : 16);
}

static void track_neigh(struct track *t, const struct nlmsghdr *nlh)
{
	struct nl_neigh_info n;
	struct xbr_gateway gw;

	if (nl_neigh_parse(nlh, &n))
		return;
	for (__u32 f = 0; f < 2; f++) {
		if (track_gateway_get(t, f, &gw) < 0 || gw.family != n.addr.family ||
		    (int)gw.egress_ifindex != n.ifindex || !addr_equal(&n.addr, gw.addr))
			continue;
		if (n.state == NL_NEIGH_VALID)
			track_gateway_update(t, f, true, n.mac, "neighbour table");
		else if (n.state != NL_NEIGH_INCOMPLETE)
			track_gateway_update(t, f, false, NULL,
					     n.state == NL_NEIGH_NONE ? "neighbour entry deleted"
								      : "neighbour entry failed");
	}
}

/* Ask the kernel to resolve every gateway that is not; take what it already knows. */
void track_resolve(struct track *t)
{
	struct xbr_gateway gw;
	bool pending = false;

	for (__u32 f = 0; f < 2; f++) {
		struct cfg_addr a = {};
		enum nl_neigh_state state;
		struct nl_link link;
		unsigned char mac[6];

		if (track_gateway_get(t, f, &gw) < 0 || gw.resolved)
			continue;
		if (nl_link_get(gw.egress_ifindex, &link) || !link.up || !link.running)
			continue; /* the link event will bring us back */
		a.family = gw.family;
		memcpy(&a.v6, gw.addr, gw.family == AF_INET ? 4 : 16);
		nl_neigh_resolve(gw.egress_ifindex, &a);
		if (!nl_neigh_get(gw.egress_ifindex, &a, mac, &state) && state == NL_NEIGH_VALID)
			track_gateway_update(t, f, true, mac, "resolved");
		else
			pending = true;
	}
	if (pending) {
		t->retry_s = t->retry_s ? t->retry_s * 2 : 1;
		if (t->retry_s > TRACK_RETRY_MAX_S)
			t->retry_s = TRACK_RETRY_MAX_S;
		track_arm_retry(t);
	}
}

/*
 * The egress facts of family f's gateway again (MTU, the source of errors
 * sent through it), after its interface or addresses changed.
 */
static void track_gateway_egress(struct track *t, __u32 f, int ifindex)
{
	struct xbr_gateway gw, next;
	char addr[INET6_ADDRSTRLEN];
	int slot = track_gateway_get(t, f, &gw);

	if (slot < 0 || (int)gw.egress_ifindex != ifindex)
		return;
	next = gw;
	gateway_egress(&next);
	if (next.mtu == gw.mtu && !memcmp(next.src_addr, gw.src_addr, sizeof(gw.src_addr)))
		return;
	track_gateway_set(t, f, slot, &next);
	gateway_str(&gw, addr, sizeof(addr));
	if (next.mtu != gw.mtu)
		xbr_notice("backup router %s: egress MTU %u (was %u)", addr, next.mtu, gw.mtu);
}

static void track_link(struct track *t, const struct nlmsghdr *nlh)
{
	struct nl_link_event l;
	struct xbr_iface iface;
	struct xbr_gateway gw;
	__u32 ifindex;

	if (nl_link_parse(nlh, &l))
		return;
	ifindex = l.ifindex;
	if (l.deleted && ifindex < XBR_IFINDEX_MAX &&
	    !bpf_map_lookup_elem(pins_fd(t->p, ifaces), &ifindex, &iface) && iface.prog_id) {
		pins_iface_clear(t->p, ifindex);
		xbr_warn("attached interface #%u was deleted; xbr forgets it", ifindex);
	}
	for (__u32 f = 0; f < 2; f++) {
		if (track_gateway_get(t, f, &gw) < 0 || (int)gw.egress_ifindex != l.ifindex)
			continue;
		if (l.deleted || !l.up || !l.running)
			track_gateway_update(t, f, false, NULL,
					     l.deleted ? "egress interface deleted"
						       : "egress link down");
		else if (!gw.resolved)
			track_resolve(t);
		/* RTM_NEWLINK carries the MTU: an egress MTU change is followed at once. */
		if (!l.deleted && l.mtu && l.mtu != gw.mtu)
			track_gateway_egress(t, f, l.ifindex);
	}
}

/* The router's addresses or sysctls changed: what the datapath follows of them, again. */
static void track_settings(struct track *t, int ifindex)
{
	int err = settings_sync(t->p);

	if (err)
		xbr_report(err, "cannot follow the router's addresses and sysctls");
	for (__u32 f = 0; ifindex && f < 2; f++)
		track_gateway_egress(t, f, ifindex);
}

/* ---- events ------------------------------------------------------------------ */

static int track_cb(const struct nlmsghdr *nlh, void *data)
{
	struct track *t = data;
	struct nl_route_info r;
	struct nl_ifaddr_info a;
	int err = 0;

	switch (nlh->nlmsg_type) {
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		if (!nl_route_parse(nlh, &r))
			err = mirror_route_event(&t->m, nlh->nlmsg_type == RTM_NEWROUTE, &r);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if (!nl_ifaddr_parse(nlh, &a)) {
			err = mirror_addr_event(&t->m, nlh->nlmsg_type == RTM_NEWADDR, &a);
			track_settings(t, a.ifindex);
		}
		break;
	case RTM_NEWNETCONF:
	case RTM_DELNETCONF:
		/* forwarding, rp_filter: the interfaces' flags again */
		track_settings(t, 0);
		break;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		track_neigh(t, nlh);
		break;
	case RTM_NEWLINK:
	case RTM_DELLINK:
		track_link(t, nlh);
		break;
	}
	/* One line for the event; the next resync puts the trie right. */
	if (err)
		xbr_report(err, "cannot follow a route change");
	return MNL_CB_OK;
}

bool track_events(struct track *t)
{
	char buf[MNL_SOCKET_BUFFER_SIZE * 4];
	ssize_t n = 0;

	for (int i = 0; i < TRACK_EVENTS_BATCH; i++) {
		n = mnl_socket_recvfrom(t->nl, buf, sizeof(buf));
		if (n <= 0)
			break;
		mnl_cb_run(buf, n, 0, 0, track_cb, t);
	}
	if (n < 0 && errno == ENOBUFS) {
		/* the kernel dropped events (a burst of route changes): read it all again */
		xbr_warn("route events overflowed; reading the kernel's tables again");
		return true;
	}
	return false;
}

void track_retry(struct track *t)
{
	__u64 expirations;

	if (read(t->retry_timer, &expirations, sizeof(expirations)) < 0 && errno != EAGAIN)
		return;
	track_resolve(t);
}

int track_resync(struct track *t)
{
	int err = mirror_dests_from_maps(&t->m);
	struct xbr_gateway gw;

	if (!err)
		err = settings_sync(t->p);
	/* The egress facts again too: a change before the events were heard is not lost. */
	for (__u32 f = 0; !err && f < 2; f++)
		if (track_gateway_get(t, f, &gw) >= 0)
			track_gateway_egress(t, f, gw.egress_ifindex);

	if (!err)
		err = mirror_scan(&t->m);
	if (!err)
		err = mirror_write(&t->m, true);
	if (!err)
		err = mirror_prune(&t->m);
	track_resolve(t);
	return err;
}

int track_open(struct track *t, const struct xbr_opts *o)
{
	static const unsigned int groups[] = {
		RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV4_IFADDR,  RTNLGRP_IPV6_IFADDR,
		RTNLGRP_NEIGH,	    RTNLGRP_LINK,	RTNLGRP_IPV4_NETCONF, RTNLGRP_IPV6_NETCONF,
	};
	int err, rcvbuf = TRACK_RCVBUF;

	memset(t, 0, sizeof(*t));
	t->o = o;
	t->fd = t->retry_timer = -1;
	err = mirror_init(&t->m, NULL, o->table, o->ignore_proto);
	if (err)
		return err;
	t->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!t->nl || mnl_socket_bind(t->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		int g = groups[i];

		if (mnl_socket_setsockopt(t->nl, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) < 0)
			goto fail;
	}
	t->fd = mnl_socket_get_fd(t->nl);
	/* Beyond rmem_max with CAP_NET_ADMIN; else as much as it allows. */
	if (setsockopt(t->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(t->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	t->retry_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (t->retry_timer < 0)
		goto fail;
	return 0;
fail:
	err = xbr_fail(-errno, "cannot follow route, address and neighbour changes (rtnetlink): %s",
		       strerror(errno));
	track_stop(t);
	return err;
}

void track_start(struct track *t, const struct xbr_pins *p)
{
	t->p = p;
	t->m.p = p;
	track_resolve(t);
}

void track_stop(struct track *t)
{
	if (t->nl)
		mnl_socket_close(t->nl);
	if (t->retry_timer >= 0)
		close(t->retry_timer);
	t->nl = NULL;
	t->fd = t->retry_timer = -1;
	mirror_free(&t->m);
}
