// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The oracle test's eyes (tests/oracle/oracle.c): native XDP programs on
 * the client's and the gateway's ends of the lab. capture_cl and capture_gw
 * copy every frame that arrives into one ring buffer, tagged with the side,
 * and drop it, so that neither host's kernel answers anything. pass is
 * XDP_PASS alone: a veth peer needs a program for frames sent back to it
 * with XDP_TX to be delivered (the kernel's veth_xdp_flush()).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "tests/oracle/capture.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 22);
} frames SEC(".maps");

static __always_inline int capture(struct xdp_md *ctx, __u32 side)
{
	__u64 len = ctx->data_end - ctx->data;
	struct capture_rec *rec;

	if (len > CAPTURE_MAX)
		len = CAPTURE_MAX;
	rec = bpf_ringbuf_reserve(&frames, sizeof(*rec), 0);
	if (!rec)
		return XDP_DROP;
	rec->side = side;
	rec->len = len;
	if (len < ETH_HLEN_MIN || bpf_xdp_load_bytes(ctx, 0, rec->data, len))
		rec->len = 0;
	bpf_ringbuf_submit(rec, 0);
	return XDP_DROP;
}

SEC("xdp")
int capture_cl(struct xdp_md *ctx)
{
	return capture(ctx, CAPTURE_CLIENT);
}

SEC("xdp")
int capture_gw(struct xdp_md *ctx)
{
	return capture(ctx, CAPTURE_GATEWAY);
}

SEC("xdp")
int pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
