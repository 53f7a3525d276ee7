/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Constants the datapath needs that vmlinux.h cannot carry: they are
 * preprocessor macros in the kernel (uapi if_ether.h, ip.h), not BTF types.
 */
#ifndef XBR_CONSTS_H
#define XBR_CONSTS_H

#define ETH_ALEN     6
#define ETH_HLEN     14
#define ETH_P_IP     0x0800 /* IPv4 */
#define ETH_P_IPV6   0x86DD /* IPv6 */
#define ETH_P_8021Q  0x8100 /* 802.1Q VLAN tag */
#define ETH_P_8021AD 0x88A8 /* 802.1ad service VLAN tag (QinQ outer) */

/* First byte of an IPv4 header without options: version 4, IHL 5 (RFC 791). */
#define IPV4_VER_IHL_PLAIN 0x45
#define IPV4_HDR_LEN	   20
#define IPV6_HDR_LEN	   40
#define IPV6_MIN_MTU	   1280 /* RFC 8200 §5 */

/* IPv4 frag_off (host order): Don't Fragment, and the offset bits (RFC 791). */
#define IP_DF	  0x4000
#define IP_OFFSET 0x1fff

/* IPv6 next headers the forwarding path looks at (RFC 8200 §4). */
#define NEXTHDR_HOP	 0
#define NEXTHDR_ROUTING	 43
#define NEXTHDR_FRAGMENT 44
#define NEXTHDR_AUTH	 51
#define NEXTHDR_NONE	 59
#define NEXTHDR_DEST	 60

/* IPv6 next header of ICMPv6 (vmlinux.h has IPPROTO_ICMP, not this one). */
#define IPPROTO_ICMPV6 58

/* ICMP (RFC 792) and ICMPv6 (RFC 4443) errors xbr sends. */
#define ICMP_DEST_UNREACH  3
#define ICMP_FRAG_NEEDED   4
#define ICMP_TIME_EXCEEDED 11
#define ICMP_EXC_TTL	   0
#define NR_ICMP_TYPES	   18

#define ICMPV6_DEST_UNREACH  1
#define ICMPV6_NOT_NEIGHBOUR 2 /* "beyond scope of source address" */
#define ICMPV6_PKT_TOOBIG    2
#define ICMPV6_TIME_EXCEED   3
#define ICMPV6_EXC_HOPLIMIT  0
#define ICMPV6_INFOMSG_MASK  0x80

/* TOS of an ICMP error: the original's TOS bits, precedence "internetwork control". */
#define IPTOS_TOS_MASK		   0x1e
#define IPTOS_PREC_INTERNETCONTROL 0xc0

/* RFC 1812 §4.3.2.3: an ICMP error is at most 576 bytes; RFC 4443 §2.4: IPv6 ones 1280. */
#define ICMP_ERROR_MAX	576
#define ICMP6_ERROR_MAX IPV6_MIN_MTU

/* What the kernel uses when it has no address to send an ICMP error from (RFC 7600). */
#define INADDR_DUMMY 0xc0000008 /* 192.0.0.8 */

#define AF_INET	 2
#define AF_INET6 10

#endif /* XBR_CONSTS_H */
