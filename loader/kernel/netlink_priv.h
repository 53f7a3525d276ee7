/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Shared by the rtnetlink modules (netlink.c, route.c); not for other callers. */
#ifndef XBR_NETLINK_PRIV_H
#define XBR_NETLINK_PRIV_H

#include <stdbool.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>

/* The kernel's NUD_VALID (include/net/neighbour.h), not in the uapi headers. */
#define NL_NUD_VALID (NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY)

/* One request on a fresh socket; replies to cb until DONE or the ACK. */
int nl_talk(struct nlmsghdr *nlh, bool dump, mnl_cb_t cb, void *data);

/* A request header in buf (MNL_SOCKET_BUFFER_SIZE bytes) with NLM_F_REQUEST | flags. */
struct nlmsghdr *nl_request_hdr(char *buf, int type, int flags);

#endif /* XBR_NETLINK_PRIV_H */
