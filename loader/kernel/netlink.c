// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rtnetlink queries for the loader, over libmnl. Every call opens its own
 * socket and closes it before returning: simplicity over speed, these run at
 * attach and on the occasional change, never per packet.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <net/if_arp.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include "kernel/netlink.h"
#include "kernel/netlink_priv.h"

/* Big enough for a whole RTM_NEWLINK reply; dumps simply take several reads. */
#define NL_BUF_SIZE 32768

/* Polling interval of nl_neigh_wait(). */
#define NL_NEIGH_POLL_MS 10

/*
 * Send one request and feed every reply to cb until the kernel says it is
 * done: NLMSG_DONE for a dump, the ACK (NLM_F_ACK is set here for
 * everything else) for a single request. Returns 0 or a negative errno,
 * the kernel's own when it refused the request. The caller says whether it
 * is a dump: NLM_F_DUMP's bits mean NLM_F_REPLACE on a new-object request.
 */
int nl_talk(struct nlmsghdr *nlh, bool dump, mnl_cb_t cb, void *data)
{
	struct mnl_socket *nl;
	unsigned int portid, seq;
	char *buf;
	ssize_t n;
	int ret;

	buf = malloc(NL_BUF_SIZE);
	if (!buf)
		return -ENOMEM;
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl) {
		ret = -errno;
		goto out_free;
	}
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto out_close;
	}
	portid = mnl_socket_get_portid(nl);
	seq = (unsigned int)time(NULL);
	nlh->nlmsg_seq = seq;
	if (!dump)
		nlh->nlmsg_flags |= NLM_F_ACK;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		ret = -errno;
		goto out_close;
	}
	for (;;) {
		n = mnl_socket_recvfrom(nl, buf, NL_BUF_SIZE);
		if (n < 0 && errno == EINTR)
			continue; /* the daemon's signals (SIGHUP) must not fail a query */
		if (n < 0) {
			ret = -errno;
			break;
		}
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, cb, data);
		if (ret == MNL_CB_ERROR) {
			ret = errno ? -errno : -EIO;
			break;
		}
		if (ret == MNL_CB_STOP) {
			ret = 0;
			break;
		}
	}
out_close:
	mnl_socket_close(nl);
out_free:
	free(buf);
	return ret;
}

struct nlmsghdr *nl_request_hdr(char *buf, int type, int flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return nlh;
}

static size_t addr_len(int family)
{
	return family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
}

static bool family_ok(const struct cfg_addr *a)
{
	return a->family == AF_INET || a->family == AF_INET6;
}

/* ---- links ---- */

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct nl_link *out = data;
	const struct nlattr *attr;

	if (nlh->nlmsg_type != RTM_NEWLINK || ifi->ifi_index != out->ifindex)
		return MNL_CB_OK;

	out->up = ifi->ifi_flags & IFF_UP;
	out->running = ifi->ifi_flags & IFF_RUNNING;
	mnl_attr_for_each(attr, nlh, sizeof(*ifi))
	{
		const void *p = mnl_attr_get_payload(attr);
		uint16_t len = mnl_attr_get_payload_len(attr);

		switch (mnl_attr_get_type(attr)) {
		case IFLA_IFNAME:
			if (len > 0) {
				size_t n = strnlen(p, len);

				if (n >= sizeof(out->name))
					n = sizeof(out->name) - 1;
				memcpy(out->name, p, n);
				out->name[n] = '\0';
			}
			break;
		case IFLA_ADDRESS:
			/* lo has a 6-byte address too: all zeroes, no Ethernet. */
			if (ifi->ifi_type == ARPHRD_ETHER && len == sizeof(out->mac)) {
				memcpy(out->mac, p, sizeof(out->mac));
				out->has_mac = true;
			}
			break;
		case IFLA_MTU:
			if (len >= sizeof(uint32_t))
				out->mtu = mnl_attr_get_u32(attr);
			break;
		}
	}
	return MNL_CB_OK;
}

int nl_link_get(int ifindex, struct nl_link *out)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	int ret;

	memset(out, 0, sizeof(*out));
	if (ifindex <= 0)
		return -ENODEV;
	out->ifindex = ifindex;

	nlh = nl_request_hdr(buf, RTM_GETLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	/* Counters are of no use here and make the reply several times larger. */
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);

	ret = nl_talk(nlh, false, link_cb, out);
	if (ret == 0 && !out->name[0])
		ret = -ENODEV; /* answered, but not about this interface */
	if (ret) {
		memset(out, 0, sizeof(*out));
		out->ifindex = ifindex;
	}
	return ret;
}

/* ---- connected subnets ---- */

#define NL_MAX_ADDRS 256

struct addr_entry {
	int ifindex;
	unsigned int prefixlen;
	struct cfg_addr local;
	struct cfg_addr peer; /* family 0 unless point-to-point with a peer */
};

struct addr_dump {
	int family;
	struct addr_entry e[NL_MAX_ADDRS];
	size_t n;
};

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct addr_dump *d = data;
	const void *local = NULL, *address = NULL;
	const struct nlattr *attr;
	struct addr_entry *e;
	size_t alen;

	if (nlh->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != d->family)
		return MNL_CB_OK;
	if (d->n == NL_MAX_ADDRS)
		return MNL_CB_OK;

	alen = addr_len(d->family);
	mnl_attr_for_each(attr, nlh, sizeof(*ifa))
	{
		if (mnl_attr_get_payload_len(attr) != alen)
			continue;
		if (mnl_attr_get_type(attr) == IFA_LOCAL)
			local = mnl_attr_get_payload(attr);
		else if (mnl_attr_get_type(attr) == IFA_ADDRESS)
			address = mnl_attr_get_payload(attr);
	}
	if (!address)
		return MNL_CB_OK;

	/*
	 * IFA_LOCAL is our address and IFA_ADDRESS the remote end when the
	 * interface has a peer; without a peer IPv4 sends both with the same
	 * value and IPv6 sends IFA_ADDRESS alone.
	 */
	e = &d->e[d->n++];
	memset(e, 0, sizeof(*e));
	e->ifindex = (int)ifa->ifa_index;
	e->prefixlen = ifa->ifa_prefixlen;
	e->local.family = d->family;
	memcpy(&e->local.v6, local ? local : address, alen);
	if (local && memcmp(local, address, alen) != 0) {
		e->peer.family = d->family;
		memcpy(&e->peer.v6, address, alen);
	}
	return MNL_CB_OK;
}

static bool addr_equal(const struct cfg_addr *a, const struct cfg_addr *b)
{
	return a->family == b->family && memcmp(&a->v6, &b->v6, addr_len(a->family)) == 0;
}

static bool prefix_contains(const struct cfg_addr *net, unsigned int len, const struct cfg_addr *a)
{
	const unsigned char *x = (const unsigned char *)&net->v6;
	const unsigned char *y = (const unsigned char *)&a->v6;
	unsigned int bytes = len / 8, bits = len % 8;

	if (net->family != a->family || len > addr_len(a->family) * 8)
		return false;
	if (memcmp(x, y, bytes) != 0)
		return false;
	if (bits) {
		unsigned char mask = (unsigned char)(0xff << (8 - bits));

		if ((x[bytes] ^ y[bytes]) & mask)
			return false;
	}
	return true;
}

static bool is_v6_link_local(const struct cfg_addr *a)
{
	return a->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&a->v6);
}

/*
 * The longest prefix of entry e that holds gw, or -1. This follows the
 * kernel's connected routes: IPv4 routes the peer's prefix on a
 * point-to-point address (the local address alone is a host route), IPv6
 * routes the local prefix and the peer as a /128.
 */
static int entry_match(const struct addr_entry *e, const struct cfg_addr *gw)
{
	if (e->peer.family == AF_INET)
		return prefix_contains(&e->peer, e->prefixlen, gw) ? (int)e->prefixlen : -1;
	if (e->peer.family == AF_INET6 && addr_equal(&e->peer, gw))
		return 128;
	return prefix_contains(&e->local, e->prefixlen, gw) ? (int)e->prefixlen : -1;
}

static void append(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!buf || !size || *used >= size - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, size - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t)n < size - *used ? (size_t)n : size - *used - 1;
}

/* "eth0 192.0.2.1/24" or "ppp0 10.0.0.1 peer 10.0.0.2/32", appended to buf. */
static void append_entry(char *buf, size_t size, size_t *used, const struct addr_entry *e)
{
	char name[IF_NAMESIZE + 16], local[INET6_ADDRSTRLEN], peer[INET6_ADDRSTRLEN];
	struct nl_link link;

	if (nl_link_get(e->ifindex, &link) == 0)
		snprintf(name, sizeof(name), "%s", link.name);
	else
		snprintf(name, sizeof(name), "if%d", e->ifindex);
	inet_ntop(e->local.family, &e->local.v6, local, sizeof(local));
	if (e->peer.family) {
		inet_ntop(e->peer.family, &e->peer.v6, peer, sizeof(peer));
		append(buf, size, used, "%s%s %s peer %s/%u", *used ? ", " : "", name, local, peer,
		       e->prefixlen);
	} else {
		append(buf, size, used, "%s%s %s/%u", *used ? ", " : "", name, local, e->prefixlen);
	}
}

static void set_text(char *buf, size_t size, const char *text)
{
	if (buf && size)
		snprintf(buf, size, "%s", text);
}

int nl_find_connected(const struct cfg_addr *gw, int only_ifindex, int *ifindex, char *checked,
		      size_t checked_size)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct addr_dump *d;
	bool gw_ll, listed = false;
	int ret, best = -1, best_len = -1;
	size_t used = 0, i;

	set_text(checked, checked_size, "none");
	if (!family_ok(gw))
		return -EAFNOSUPPORT;
	gw_ll = is_v6_link_local(gw);
	if (gw_ll && only_ifindex <= 0) {
		set_text(checked, checked_size,
			 "a link-local gateway needs its interface named (--mgmt)");
		return -EINVAL;
	}
	if (only_ifindex > 0) {
		struct nl_link link;

		ret = nl_link_get(only_ifindex, &link);
		if (ret)
			return ret;
	}

	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->family = gw->family;
	nlh = nl_request_hdr(buf, RTM_GETADDR, NLM_F_DUMP);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)gw->family;
	ret = nl_talk(nlh, true, addr_cb, d);
	if (ret)
		goto out;

	/*
	 * A gateway that is one of our own addresses would have packets
	 * delivered to ourselves. Link-local addresses are only ours on their
	 * own link, so for those only the named interface counts.
	 */
	for (i = 0; i < d->n; i++) {
		const struct addr_entry *e = &d->e[i];

		if (gw_ll && e->ifindex != only_ifindex)
			continue;
		if (addr_equal(&e->local, gw)) {
			used = 0;
			append_entry(checked, checked_size, &used, e);
			*ifindex = e->ifindex;
			ret = -EADDRINUSE;
			goto out;
		}
	}

	if (checked && checked_size)
		checked[0] = '\0';
	for (i = 0; i < d->n; i++) {
		const struct addr_entry *e = &d->e[i];
		int len;

		if (only_ifindex > 0 && e->ifindex != only_ifindex)
			continue;
		/* fe80::/64 is on every IPv6 link: it says nothing about where a
		 * global gateway is, so it is neither matched nor listed. */
		if (!gw_ll && is_v6_link_local(&e->local))
			continue;
		append_entry(checked, checked_size, &used, e);
		listed = true;
		len = entry_match(e, gw);
		/* Longest prefix wins, as in the kernel's own lookup. */
		if (len > best_len) {
			best_len = len;
			best = e->ifindex;
		}
	}
	if (!listed)
		set_text(checked, checked_size, "none");
	if (best_len < 0) {
		ret = -ENETUNREACH;
		goto out;
	}
	*ifindex = best;
out:
	free(d);
	return ret;
}

/* ---- neighbours ---- */

/* The one entry a single-entry get answers, in nl_neigh_parse()'s terms. */
static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWNEIGH)
		nl_neigh_parse(nlh, data);
	return MNL_CB_OK;
}

static struct nlmsghdr *neigh_msg(char *buf, int type, int flags, int ifindex,
				  const struct cfg_addr *addr, struct ndmsg **ndm)
{
	struct nlmsghdr *nlh = nl_request_hdr(buf, type, flags);

	*ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(**ndm));
	(*ndm)->ndm_family = (unsigned char)addr->family;
	(*ndm)->ndm_ifindex = ifindex;
	mnl_attr_put(nlh, NDA_DST, addr_len(addr->family), &addr->v6);
	return nlh;
}

int nl_neigh_get(int ifindex, const struct cfg_addr *addr, unsigned char mac[6],
		 enum nl_neigh_state *state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nl_neigh_info r = { .state = NL_NEIGH_NONE };
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	int ret;

	*state = NL_NEIGH_NONE;
	if (!family_ok(addr))
		return -EAFNOSUPPORT;
	if (ifindex <= 0)
		return -ENODEV;

	/* The kernel's single-entry get refuses any field but these. */
	nlh = neigh_msg(buf, RTM_GETNEIGH, 0, ifindex, addr, &ndm);
	ret = nl_talk(nlh, false, neigh_cb, &r);
	if (ret == -ENOENT)
		return 0;
	if (ret)
		return ret;
	*state = r.state;
	if (*state == NL_NEIGH_VALID)
		memcpy(mac, r.mac, sizeof(r.mac));
	return 0;
}

int nl_neigh_resolve(int ifindex, const struct cfg_addr *addr)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	enum nl_neigh_state state;
	unsigned char mac[6];
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	int ret;

	ret = nl_neigh_get(ifindex, addr, mac, &state);
	if (ret)
		return ret;
	/*
	 * A usable entry is left exactly as it is. This is not only politeness:
	 * NTF_USE strips NUD_PERMANENT from an existing entry (the kernel's
	 * managed-neighbour path), which demotes a static entry to INCOMPLETE,
	 * and it moves a STALE one to DELAY. A static entry added between this
	 * check and the request below would still be demoted.
	 */
	if (state == NL_NEIGH_VALID)
		return 0;

	/*
	 * NTF_USE makes the kernel act as if a packet were waiting for the
	 * entry (neigh_event_send()): a new or FAILED entry goes INCOMPLETE and
	 * the kernel sends its own ARP request / neighbour solicitation at once.
	 * No lladdr is written. The state field stays NUD_NONE: NUD_PERMANENT
	 * would make a new entry exempt from garbage collection.
	 */
	nlh = neigh_msg(buf, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, ifindex, addr, &ndm);
	ndm->ndm_flags = NTF_USE;
	ndm->ndm_state = NUD_NONE;
	return nl_talk(nlh, false, NULL, NULL);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int nl_neigh_wait(int ifindex, const struct cfg_addr *addr, int timeout_ms, unsigned char mac[6],
		  enum nl_neigh_state *state)
{
	const struct timespec pause = { 0, NL_NEIGH_POLL_MS * 1000000L };
	long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	int ret;

	*state = NL_NEIGH_NONE;
	ret = nl_neigh_resolve(ifindex, addr);
	if (ret)
		return ret;
	for (;;) {
		ret = nl_neigh_get(ifindex, addr, mac, state);
		if (ret)
			return ret;
		if (*state == NL_NEIGH_VALID || *state == NL_NEIGH_FAILED)
			return 0;
		if (now_ms() >= deadline)
			return 0;
		nanosleep(&pause, NULL);
	}
}
