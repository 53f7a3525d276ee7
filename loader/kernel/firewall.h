/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What xbr forwards never reaches netfilter's FORWARD hook. When this host
 * filters forwarded traffic, attach without --allow-from says so, once.
 */
#ifndef XBR_FIREWALL_H
#define XBR_FIREWALL_H

#include <stddef.h>

/*
 * Where forwarded packets are filtered, from nft or else iptables/ip6tables
 * (whichever is installed): e.g. "nftables chain inet filter forward (2
 * rules)". Returns 1 and fills where when there are rules (or a drop policy),
 * 0 when there are none or no tool could tell.
 */
int firewall_forward_filtered(char *where, size_t size);

/* The warning, if firewall_forward_filtered() finds anything. */
void firewall_warn_bypass(void);

#endif /* XBR_FIREWALL_H */
