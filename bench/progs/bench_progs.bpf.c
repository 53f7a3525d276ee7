// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Reference programs for bench/: what xbr is measured against, never part of
 * xbr itself.
 *
 *   bench_empty  XDP_PASS and nothing else: the cost of running any program.
 *   bench_drop   XDP_DROP: the sink at the end of a benchmark path, and on the
 *                router's ingress the measure of the generator's own cost.
 *   bench_floor  the least an XDP forwarder can do: check the Ethernet header,
 *                write both MACs, bpf_redirect_map() on a plain devmap. No TTL,
 *                no lookup, no counters: the floor xbr is compared with.
 *   bench_gen    a live-frames generator (BPF_F_TEST_XDP_LIVE_FRAMES): puts
 *                the frame template back and redirects it out of gen_ifindex.
 *
 * Tunables are rodata, set by bench/xbrbench.c before load, so that the
 * verifier sees constants.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpf/consts.h"

/* The frame bench_gen sends: a 64-byte UDP packet, as 8 words. */
#define GEN_FRAME_WORDS 8

const volatile __u16 floor_dmac[3]; /* next hop's MAC */
const volatile __u16 floor_smac[3]; /* egress interface's MAC */
const volatile __u32 gen_ifindex;   /* where bench_gen sends */
const volatile __u64 gen_frame[GEN_FRAME_WORDS];

/* One slot, key 0: the egress interface. An array devmap, the cheapest kind. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} floor_ports SEC(".maps");

SEC("xdp")
int bench_empty(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int bench_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

SEC("xdp")
int bench_floor(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u16 *mac;

	if ((void *)(eth + 1) > end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP) && eth->h_proto != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;

	/* 16-bit stores: MACs sit at 2-byte aligned offsets of the frame. */
	mac = (__u16 *)eth->h_dest;
	mac[0] = floor_dmac[0];
	mac[1] = floor_dmac[1];
	mac[2] = floor_dmac[2];
	mac = (__u16 *)eth->h_source;
	mac[0] = floor_smac[0];
	mac[1] = floor_smac[1];
	mac[2] = floor_smac[2];
	return bpf_redirect_map(&floor_ports, 0, XDP_PASS);
}

/*
 * Live frames come back to the generator's page pool as the last program
 * that saw them left them: a forwarder on the far side has rewritten MACs
 * and TTL. Writing the template again each time keeps every frame the same.
 */
SEC("xdp")
int bench_gen(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 *w = data;
	int i;

	if (data + GEN_FRAME_WORDS * sizeof(__u64) > end)
		return XDP_ABORTED;
	for (i = 0; i < GEN_FRAME_WORDS; i++)
		w[i] = gen_frame[i];
	return bpf_redirect(gen_ifindex, 0);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
