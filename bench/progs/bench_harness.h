/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The benchmark harness's one trick, shared by xbr_bench.bpf.c and
 * bench_shared.bpf.c: BPF_PROG_TEST_RUN hands a program the same buffer on
 * every repeat, so after the datapath has forwarded (rewritten) a frame, its
 * TTL / hop limit and IPv4 checksum are put back; otherwise the 999,999
 * repeats after the first would time the TTL check instead of the hit path.
 */
#ifndef XBR_BENCH_HARNESS_H
#define XBR_BENCH_HARNESS_H

#include "bpf/datapath.h"

/* Bytes 20..27 of the frame: IPv6 hop limit (21), IPv4 TTL, protocol, checksum (22..25). */
#define BENCH_SAVE_OFF 20

static __always_inline int bench_datapath_restored(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 saved;
	int action;

	if (data + BENCH_SAVE_OFF + sizeof(saved) > end)
		return xbr_datapath(ctx);
	saved = *(__u64 *)(data + BENCH_SAVE_OFF);

	action = xbr_datapath(ctx);

	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + BENCH_SAVE_OFF + sizeof(saved) <= end)
		*(__u64 *)(data + BENCH_SAVE_OFF) = saved;
	return action;
}

#endif /* XBR_BENCH_HARNESS_H */
