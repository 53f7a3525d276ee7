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
#include "bench/progs/bench_harness.h"

SEC("xdp")
int xbr_bench(struct xdp_md *ctx)
{
	return bench_datapath_restored(ctx);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
