// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Kernel routes over rtnetlink: the daemon's own, installed with --install-routes. */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <net/if.h>
#include <linux/rtnetlink.h>
#include "kernel/netlink.h"
#include "kernel/netlink_priv.h"

static size_t nl_addr_len(int family)
{
	return family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
}

static struct nlmsghdr *nl_route_msg(char *buf, int type, int flags, const struct cfg_prefix *dst,
				     unsigned int table, unsigned char proto, unsigned int metric)
{
	struct nlmsghdr *nlh = nl_request_hdr(buf, type, flags);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	rtm->rtm_family = dst->addr.family;
	rtm->rtm_dst_len = dst->len;
	rtm->rtm_table = table < 256 ? table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = proto;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_DST, nl_addr_len(dst->addr.family), &dst->addr.v6);
	mnl_attr_put_u32(nlh, RTA_TABLE, table);
	mnl_attr_put_u32(nlh, RTA_PRIORITY, metric);
	return nlh;
}

int nl_route_replace(const struct cfg_prefix *dst, const struct cfg_addr *gw, int ifindex,
		     unsigned int table, unsigned char proto, unsigned int metric)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_route_msg(buf, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, dst,
					    table, proto, metric);

	mnl_attr_put(nlh, RTA_GATEWAY, nl_addr_len(gw->family), &gw->v6);
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	return nl_talk(nlh, false, NULL, NULL);
}

int nl_route_delete(const struct cfg_prefix *dst, unsigned int table, unsigned char proto,
		    unsigned int metric)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	return nl_talk(nl_route_msg(buf, RTM_DELROUTE, 0, dst, table, proto, metric), false, NULL,
		       NULL);
}

static int nl_route_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, RTA_MAX) >= 0)
		tb[type] = attr;
	return MNL_CB_OK;
}

int nl_route_parse(const struct nlmsghdr *nlh, struct nl_route_info *r)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1] = {};
	size_t alen;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*rtm)) ||
	    (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6))
		return -EINVAL;
	alen = nl_addr_len(rtm->rtm_family);
	memset(r, 0, sizeof(*r));
	if (mnl_attr_parse(nlh, sizeof(*rtm), nl_route_attr, tb) < 0)
		return -EINVAL;
	r->dst.addr.family = rtm->rtm_family;
	r->dst.len = rtm->rtm_dst_len;
	if (r->dst.len > alen * 8)
		return -EINVAL;
	if (tb[RTA_DST] && mnl_attr_get_payload_len(tb[RTA_DST]) == alen)
		memcpy(&r->dst.addr.v6, mnl_attr_get_payload(tb[RTA_DST]), alen);
	r->table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	r->proto = rtm->rtm_protocol;
	r->type = rtm->rtm_type;
	r->metric = tb[RTA_PRIORITY] ? mnl_attr_get_u32(tb[RTA_PRIORITY]) : 0;
	r->oif = tb[RTA_OIF] ? (int)mnl_attr_get_u32(tb[RTA_OIF]) : 0;
	return 0;
}

struct nl_routes_dump_ctx {
	void (*cb)(const struct nl_route_info *r, void *data);
	void *data;
};

static int nl_routes_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nl_routes_dump_ctx *c = data;
	struct nl_route_info r;

	if (!nl_route_parse(nlh, &r))
		c->cb(&r, c->data);
	return MNL_CB_OK;
}

int nl_routes_dump(int family, void (*cb)(const struct nl_route_info *r, void *data), void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_request_hdr(buf, RTM_GETROUTE, NLM_F_DUMP);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	struct nl_routes_dump_ctx c = { .cb = cb, .data = data };

	rtm->rtm_family = family;
	return nl_talk(nlh, true, nl_routes_cb, &c);
}

struct nl_route_filter {
	unsigned int table;
	unsigned char proto;
	void (*cb)(const struct cfg_prefix *dst, unsigned int metric, void *data);
	void *data;
};

static void nl_route_filter_cb(const struct nl_route_info *r, void *data)
{
	const struct nl_route_filter *f = data;

	if (r->proto == f->proto && r->table == f->table)
		f->cb(&r->dst, r->metric, f->data);
}

int nl_route_dump(int family, unsigned int table, unsigned char proto,
		  void (*cb)(const struct cfg_prefix *dst, unsigned int metric, void *data),
		  void *data)
{
	struct nl_route_filter f = { .table = table, .proto = proto, .cb = cb, .data = data };

	return nl_routes_dump(family, nl_route_filter_cb, &f);
}

static int nl_ifaddr_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, IFA_MAX) >= 0)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

int nl_ifaddr_parse(const struct nlmsghdr *nlh, struct nl_ifaddr_info *a)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1] = {};
	const struct nlattr *local;
	size_t alen;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifa)) ||
	    (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
		return -EINVAL;
	alen = nl_addr_len(ifa->ifa_family);
	if (mnl_attr_parse(nlh, sizeof(*ifa), nl_ifaddr_attr, tb) < 0)
		return -EINVAL;
	/* IFA_LOCAL is our own address on point-to-point links; IFA_ADDRESS the peer there. */
	local = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!local || mnl_attr_get_payload_len(local) != alen)
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	a->addr.family = ifa->ifa_family;
	memcpy(&a->addr.v6, mnl_attr_get_payload(local), alen);
	a->ifindex = ifa->ifa_index;
	return 0;
}

struct nl_ifaddrs_dump_ctx {
	void (*cb)(const struct nl_ifaddr_info *a, void *data);
	void *data;
};

static int nl_ifaddrs_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nl_ifaddrs_dump_ctx *c = data;
	struct nl_ifaddr_info a;

	if (!nl_ifaddr_parse(nlh, &a))
		c->cb(&a, c->data);
	return MNL_CB_OK;
}

int nl_ifaddrs_dump(int family, void (*cb)(const struct nl_ifaddr_info *a, void *data), void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_request_hdr(buf, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	struct nl_ifaddrs_dump_ctx c = { .cb = cb, .data = data };

	ifa->ifa_family = family;
	return nl_talk(nlh, true, nl_ifaddrs_cb, &c);
}

int nl_neigh_parse(const struct nlmsghdr *nlh, struct nl_neigh_info *n)
{
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	bool has_mac = false;
	size_t alen;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ndm)) ||
	    (ndm->ndm_family != AF_INET && ndm->ndm_family != AF_INET6))
		return -EINVAL;
	alen = nl_addr_len(ndm->ndm_family);
	memset(n, 0, sizeof(*n));
	n->ifindex = ndm->ndm_ifindex;
	n->addr.family = ndm->ndm_family;
	mnl_attr_for_each(attr, nlh, sizeof(*ndm))
	{
		if (mnl_attr_get_type(attr) == NDA_DST && mnl_attr_get_payload_len(attr) == alen)
			memcpy(&n->addr.v6, mnl_attr_get_payload(attr), alen);
		if (mnl_attr_get_type(attr) == NDA_LLADDR && mnl_attr_get_payload_len(attr) == 6) {
			memcpy(n->mac, mnl_attr_get_payload(attr), 6);
			has_mac = true;
		}
	}
	if (nlh->nlmsg_type == RTM_DELNEIGH || ndm->ndm_state == NUD_NONE)
		n->state = NL_NEIGH_NONE;
	else if (ndm->ndm_state & NL_NUD_VALID)
		/* a usable entry without an Ethernet address (NOARP device) is no gateway */
		n->state = has_mac ? NL_NEIGH_VALID : NL_NEIGH_FAILED;
	else if (ndm->ndm_state & NUD_INCOMPLETE)
		n->state = NL_NEIGH_INCOMPLETE;
	else
		n->state = NL_NEIGH_FAILED;
	return 0;
}

int nl_link_parse(const struct nlmsghdr *nlh, struct nl_link_event *l)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return -EINVAL;
	l->ifindex = ifi->ifi_index;
	l->deleted = nlh->nlmsg_type == RTM_DELLINK;
	l->up = ifi->ifi_flags & IFF_UP;
	l->running = ifi->ifi_flags & IFF_RUNNING;
	l->mtu = 0;
	mnl_attr_for_each(attr, nlh,
			  sizeof(*ifi)) if (mnl_attr_get_type(attr) == IFLA_MTU &&
					    mnl_attr_get_payload_len(attr) >= sizeof(uint32_t))
		l->mtu = mnl_attr_get_u32(attr);
	return 0;
}

struct route_src {
	size_t len;
	unsigned char addr[16];
	bool found;
};

static int route_src_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RTA_MAX + 1] = {};
	struct route_src *s = data;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_attr_parse(nlh, sizeof(struct rtmsg), nl_route_attr, tb) < 0)
		return MNL_CB_OK;
	if (tb[RTA_PREFSRC] && mnl_attr_get_payload_len(tb[RTA_PREFSRC]) == s->len) {
		memcpy(s->addr, mnl_attr_get_payload(tb[RTA_PREFSRC]), s->len);
		s->found = true;
	}
	return MNL_CB_OK;
}

/* `ip route get` of one address (flags: RTM_F_*), the answer to cb. */
static int route_get(const struct cfg_addr *to, unsigned int flags, mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_request_hdr(buf, RTM_GETROUTE, 0);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	size_t len = nl_addr_len(to->family);

	rtm->rtm_family = to->family;
	rtm->rtm_dst_len = len * 8;
	rtm->rtm_flags = flags;
	mnl_attr_put(nlh, RTA_DST, len, &to->v6);
	return nl_talk(nlh, false, cb, data);
}

int nl_route_src(const struct cfg_addr *to, struct cfg_addr *src)
{
	struct route_src s = { .len = nl_addr_len(to->family) };
	int err = route_get(to, 0, route_src_cb, &s);

	if (err)
		return err;
	if (!s.found)
		return -EADDRNOTAVAIL;
	memset(src, 0, sizeof(*src));
	src->family = to->family;
	memcpy(&src->v6, s.addr, s.len);
	return 0;
}

static int route_match_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1] = {};
	struct nl_route_match *m = data;

	if (nlh->nlmsg_type != RTM_NEWROUTE || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*rtm)) ||
	    mnl_attr_parse(nlh, sizeof(*rtm), nl_route_attr, tb) < 0)
		return MNL_CB_OK;
	m->type = rtm->rtm_type;
	if (tb[RTA_OIF] && mnl_attr_get_payload_len(tb[RTA_OIF]) >= sizeof(uint32_t)) {
		m->oif = mnl_attr_get_u32(tb[RTA_OIF]);
	} else if (tb[RTA_MULTIPATH] &&
		   mnl_attr_get_payload_len(tb[RTA_MULTIPATH]) >= sizeof(struct rtnexthop)) {
		const struct rtnexthop *nh = mnl_attr_get_payload(tb[RTA_MULTIPATH]);

		m->oif = nh->rtnh_ifindex; /* the first path */
	}
	m->found = true;
	return MNL_CB_OK;
}

int nl_route_match(const struct cfg_addr *to, struct nl_route_match *m)
{
	int err;

	memset(m, 0, sizeof(*m));
	err = route_get(to, RTM_F_FIB_MATCH, route_match_cb, m);
	/* No unicast route: none (ENETUNREACH), unreachable, prohibit, blackhole (EINVAL). */
	if (err == -ENETUNREACH || err == -EHOSTUNREACH || err == -EACCES || err == -EINVAL)
		return 0; /* found stays false */
	return err;
}
