// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Kernel routes over rtnetlink: the daemon's own, installed with --install-routes. */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include "netlink.h"
#include "netlink_priv.h"

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

struct nl_route_filter {
	unsigned int table;
	unsigned char proto;
	void (*cb)(const struct cfg_prefix *dst, unsigned int metric, void *data);
	void *data;
};

static int nl_route_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, RTA_MAX) >= 0)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int nl_route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nl_route_filter *f = data;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1] = {};
	struct cfg_prefix dst = {};
	unsigned int table = rtm->rtm_table;

	if (rtm->rtm_protocol != f->proto)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*rtm), nl_route_attr, tb);
	if (tb[RTA_TABLE])
		table = mnl_attr_get_u32(tb[RTA_TABLE]);
	if (table != f->table)
		return MNL_CB_OK;
	dst.addr.family = rtm->rtm_family;
	dst.len = rtm->rtm_dst_len;
	if (tb[RTA_DST] && mnl_attr_get_payload_len(tb[RTA_DST]) == nl_addr_len(rtm->rtm_family))
		memcpy(&dst.addr.v6, mnl_attr_get_payload(tb[RTA_DST]),
		       nl_addr_len(rtm->rtm_family));
	f->cb(&dst, tb[RTA_PRIORITY] ? mnl_attr_get_u32(tb[RTA_PRIORITY]) : 0, f->data);
	return MNL_CB_OK;
}

int nl_route_dump(int family, unsigned int table, unsigned char proto,
		  void (*cb)(const struct cfg_prefix *dst, unsigned int metric, void *data),
		  void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_request_hdr(buf, RTM_GETROUTE, NLM_F_DUMP);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	struct nl_route_filter f = { .table = table, .proto = proto, .cb = cb, .data = data };

	rtm->rtm_family = family;
	return nl_talk(nlh, true, nl_route_cb, &f);
}
