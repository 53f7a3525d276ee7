// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Benchmark harness for tests/test_datapath.c and bench/, never attached: the
 * datapath of xbr.bpf.c, then the TTL / hop limit and IPv4 checksum put back.
 * BPF_PROG_TEST_RUN hands a program the same buffer on every repeat; without
 * this the first forward would rewrite it and the other 999,999 repeats
 * would time the TTL check instead of the hit path. The test points the
 * gateway MAC at our own so that the frame stays ours too.
 *
 * xbr_bench_spray first writes the next of BENCH_SPRAY_N destinations (a table the
 * benchmark fills) into the frame, the IPv4 checksum kept right, so that
 * every repeat is a packet to another destination: what a cache in front of
 * the tries sees when every packet is a new flow.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bench/progs/bench_harness.h"
#include "bench/progs/bench_spray.bpf.h"

SEC("xdp")
int xbr_bench(struct xdp_md *ctx)
{
	return bench_datapath_restored(ctx);
}

/* One's complement sum of 16-bit words, folded (RFC 1071). */
static __always_inline __u16 csum_fold32(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

SEC("xdp")
int xbr_bench_spray(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	const struct bench_spray_addr *a = spray_take();

	if (!a || (void *)(eth + 1) > end)
		return XDP_ABORTED;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);
		__u32 old, new, sum;

		if ((void *)(iph + 1) > end)
			return XDP_ABORTED;
		/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), over both words of the address */
		old = iph->daddr;
		__builtin_memcpy(&new, a->addr, 4);
		sum = (__u16)~iph->check + (__u16)~old + (__u16) ~(old >> 16) + (__u16) new +
		      (__u16)(new >> 16);
		iph->check = ~csum_fold32(sum);
		iph->daddr = new;
	} else {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end)
			return XDP_ABORTED;
		__builtin_memcpy(&ip6->daddr, a->addr, 16);
	}
	return bench_datapath_restored(ctx);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
