/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The IPv4 header checksum of the benchmarks' frames: xbr drops a wrong one, as Linux does. */
#ifndef XBR_BENCH_CSUM_H
#define XBR_BENCH_CSUM_H

#include <stddef.h>
#include <arpa/inet.h>
#include <linux/types.h>

/* RFC 1071 checksum of an IPv4 header (its check field zero), network order. */
static inline __u16 ipv4_csum(const void *hdr, size_t len)
{
	const __u8 *b = hdr;
	__u32 sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (__u32)b[i] << 8 | b[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

#endif
