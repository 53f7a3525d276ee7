// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * What xbr would cost with one shared counter instead of per-CPU ones: the
 * benchmark harness of xbr_bench.bpf.c plus an atomic add to a single global.
 * bench/xbrbench.c runs it on two CPUs at once next to the real harness to
 * show why the fast path keeps its counters per CPU: the shared cache line
 * bounces between the cores, the per-CPU values never do.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpf/datapath.h"

/* As xbr_bench.bpf.c: TTL / hop limit and the IPv4 checksum, put back. */
#define BENCH_SAVE_OFF 20

__u64 shared_packets;

SEC("xdp")
int bench_shared(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 saved;
	int action;

	if (data + BENCH_SAVE_OFF + sizeof(saved) > end)
		return xbr_datapath(ctx);
	saved = *(__u64 *)(data + BENCH_SAVE_OFF);

	action = xbr_datapath(ctx);
	__sync_fetch_and_add(&shared_packets, 1);

	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + BENCH_SAVE_OFF + sizeof(saved) <= end)
		*(__u64 *)(data + BENCH_SAVE_OFF) = saved;
	return action;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
