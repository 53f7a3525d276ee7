// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Benchmark harness for tests/test_datapath.c, never attached: the datapath
 * of xbr.bpf.c, then the TTL / hop limit and IPv4 checksum put back.
 * BPF_PROG_TEST_RUN hands a program the same buffer on every repeat; without
 * this the first forward would rewrite it and the other 999,999 repeats
 * would time the TTL check instead of the hit path. The test points the
 * gateway MAC at our own so that the frame stays ours too.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpf/datapath.h"

/* Bytes 20..27 of the frame: IPv6 hop limit (21), IPv4 TTL, protocol, checksum (22..25). */
#define BENCH_SAVE_OFF 20

SEC("xdp")
int xbr_bench(struct xdp_md *ctx)
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

char LICENSE[] SEC("license") = "Dual BSD/GPL";
