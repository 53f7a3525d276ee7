/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the loader needs from the kernel over rtnetlink (libmnl): interface
 * facts, the connected subnet a gateway sits on, and its neighbour entry.
 * All functions work in the caller's network namespace. Return 0 on success,
 * a negative errno on failure.
 */
#ifndef XBR_NETLINK_H
#define XBR_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <net/if.h>
#include "config/config.h"

struct nlmsghdr;

struct nl_link {
	int ifindex;
	char name[IF_NAMESIZE];
	unsigned char mac[6];
	bool has_mac; /* false for interfaces without an Ethernet address (lo, tun) */
	bool up;      /* IFF_UP */
	bool running; /* IFF_RUNNING (carrier) */
	unsigned int mtu;
};

/* Facts about one interface, by ifindex. -ENODEV if it does not exist. */
int nl_link_get(int ifindex, struct nl_link *out);

/*
 * Find the interface with a configured address whose subnet contains gw
 * (a directly connected gateway). If only_ifindex > 0, look at that interface
 * alone (--mgmt). On success *ifindex is set. On -ENETUNREACH, checked holds
 * a human-readable list of what was looked at, e.g.
 * "eth0 192.0.2.1/24, eth1 198.51.100.1/24" (or "none" if no address of gw's
 * family exists), for the error message. A point-to-point address reads
 * "ppp0 10.0.0.1 peer 10.0.0.2/32"; the subnet is the peer's for IPv4 and, for
 * IPv6, the local prefix plus the peer itself, as the kernel routes them.
 * Longest prefix wins when several hold gw.
 *
 * Other errors, with checked explaining them:
 * -EADDRINUSE  gw is one of our own addresses; *ifindex is the interface
 *              holding it, checked that address ("eth0 192.0.2.1/24").
 * -EINVAL      gw is IPv6 link-local (fe80::/10) and only_ifindex is 0: a
 *              link-local address means nothing without its interface.
 * -ENODEV      only_ifindex does not exist.
 * IPv6 link-local addresses are on every link, so for a global gw they are
 * neither matched nor listed in checked; for a link-local gw they are the
 * only subnets that can match, and only on only_ifindex.
 */
int nl_find_connected(const struct cfg_addr *gw, int only_ifindex, int *ifindex, char *checked,
		      size_t checked_size);

/*
 * Neighbour states, simplified from NUD_*. An entry in a usable state but
 * without an Ethernet address (NOARP device) is FAILED: there is no MAC to
 * write. An entry the kernel holds in NUD_NONE (created, not yet probed)
 * is NONE.
 */
enum nl_neigh_state {
	NL_NEIGH_NONE = 0,   /* no entry */
	NL_NEIGH_INCOMPLETE, /* resolution in progress, no MAC */
	NL_NEIGH_VALID,	     /* REACHABLE, STALE, DELAY, PROBE, PERMANENT, NOARP: MAC usable */
	NL_NEIGH_FAILED,     /* resolution failed */
};

/* Look up addr's neighbour entry on ifindex; fills mac when the state is VALID. */
int nl_neigh_get(int ifindex, const struct cfg_addr *addr, unsigned char mac[6],
		 enum nl_neigh_state *state);

/* Ask the kernel to resolve addr on ifindex (ARP / ND), without sending any
 * traffic of our own. Returns at once; poll nl_neigh_get() for the result.
 * An entry already VALID (learnt or static) is not touched. */
int nl_neigh_resolve(int ifindex, const struct cfg_addr *addr);

/* nl_neigh_resolve(), then poll nl_neigh_get() every 10 ms until VALID, FAILED
 * or timeout_ms. Returns 0 with *state as last seen (INCOMPLETE on timeout);
 * a negative errno only when netlink itself failed. */
int nl_neigh_wait(int ifindex, const struct cfg_addr *addr, int timeout_ms, unsigned char mac[6],
		  enum nl_neigh_state *state);

/*
 * Kernel routes of our own (--install-routes): marked with protocol proto so
 * that they can be found again (and told apart from everyone else's).
 */
int nl_route_replace(const struct cfg_prefix *dst, const struct cfg_addr *gw, int ifindex,
		     unsigned int table, unsigned char proto, unsigned int metric);
int nl_route_delete(const struct cfg_prefix *dst, unsigned int table, unsigned char proto,
		    unsigned int metric);

/* A route as rtnetlink describes it (a dump entry or an event). */
struct nl_route_info {
	struct cfg_prefix dst;
	unsigned int table;
	unsigned char proto; /* RTPROT_* */
	unsigned char type;  /* RTN_UNICAST, RTN_LOCAL, ... */
	unsigned int metric;
	int oif;
};

/* Parse an RTM_NEWROUTE / RTM_DELROUTE message; -EINVAL if it is not one we read. */
int nl_route_parse(const struct nlmsghdr *nlh, struct nl_route_info *r);

/* Every route of a family (AF_UNSPEC: both), all tables. */
int nl_routes_dump(int family, void (*cb)(const struct nl_route_info *r, void *data), void *data);

/* A local address (IFA_LOCAL) and its interface. */
struct nl_ifaddr_info {
	struct cfg_addr addr;
	int ifindex;
};

int nl_ifaddr_parse(const struct nlmsghdr *nlh, struct nl_ifaddr_info *a);
int nl_ifaddrs_dump(int family, void (*cb)(const struct nl_ifaddr_info *a, void *data), void *data);

/* A neighbour entry from an RTM_NEWNEIGH / RTM_DELNEIGH event. */
struct nl_neigh_info {
	int ifindex;
	struct cfg_addr addr;
	enum nl_neigh_state state; /* NL_NEIGH_NONE for a deleted entry */
	unsigned char mac[6];	   /* when VALID */
};

int nl_neigh_parse(const struct nlmsghdr *nlh, struct nl_neigh_info *n);

/* A link from an RTM_NEWLINK / RTM_DELLINK event. */
struct nl_link_event {
	int ifindex;
	bool deleted;
	bool up;	  /* IFF_UP */
	bool running;	  /* IFF_RUNNING: carrier */
	unsigned int mtu; /* IFLA_MTU; 0 when the message has none */
};

int nl_link_parse(const struct nlmsghdr *nlh, struct nl_link_event *l);

/*
 * The source address the kernel picks for a packet of its own to `to` (as
 * `ip route get` says it): -EADDRNOTAVAIL when it has none.
 */
int nl_route_src(const struct cfg_addr *to, struct cfg_addr *src);

/*
 * The kernel's route to an address, as `ip route get fibmatch` finds it
 * (the main lookup, without an input interface for policy rules): its
 * type (RTN_*) and output interface (of a multipath route: the first
 * path's). found is false when there is none.
 */
struct nl_route_match {
	bool found;
	unsigned char type;
	unsigned int oif;
};

int nl_route_match(const struct cfg_addr *to, struct nl_route_match *m);

/* Every route of protocol proto in table and family: cb(dst, metric, data). */
int nl_route_dump(int family, unsigned int table, unsigned char proto,
		  void (*cb)(const struct cfg_prefix *dst, unsigned int metric, void *data),
		  void *data);

#endif /* XBR_NETLINK_H */
