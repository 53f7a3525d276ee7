/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Constants the datapath needs that vmlinux.h cannot carry: they are
 * preprocessor macros in the kernel (uapi if_ether.h, ip.h), not BTF types.
 */
#ifndef XBR_CONSTS_H
#define XBR_CONSTS_H

#define ETH_ALEN     6
#define ETH_P_IP     0x0800 /* IPv4 */
#define ETH_P_IPV6   0x86DD /* IPv6 */
#define ETH_P_8021Q  0x8100 /* 802.1Q VLAN tag */
#define ETH_P_8021AD 0x88A8 /* 802.1ad service VLAN tag (QinQ outer) */

/* First byte of an IPv4 header without options: version 4, IHL 5 (RFC 791). */
#define IPV4_VER_IHL_PLAIN 0x45
#define IPV4_HDR_LEN	   20
#define IPV6_HDR_LEN	   40

#endif /* XBR_CONSTS_H */
