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
#include "bench/progs/bench_harness.h"

__u64 shared_packets;

SEC("xdp")
int bench_shared(struct xdp_md *ctx)
{
	int action = bench_datapath_restored(ctx);

	__sync_fetch_and_add(&shared_packets, 1);
	return action;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
