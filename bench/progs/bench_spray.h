/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The spray table of xbr_bench_spray (bench/progs/xbr_bench.bpf.c), shared
 * with bench/scale.c, which fills it: destinations sent one after the other,
 * every repeat to the next.
 */
#ifndef XBR_BENCH_SPRAY_H
#define XBR_BENCH_SPRAY_H

#define BENCH_SPRAY_N (1U << 16)

struct bench_spray_addr {
	__u8 addr[16]; /* IPv4 in the first 4 bytes */
};

#endif /* XBR_BENCH_SPRAY_H */
