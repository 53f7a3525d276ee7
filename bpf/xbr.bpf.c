// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr datapath: forward backup-router destinations while rpd is not up.
 * See docs/design.md §3 and bpf/datapath.h; the maps are listed in
 * maps/xbr_maps.bpf.h.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "bpf/datapath.h"

SEC("xdp")
int xbr_xdp(struct xdp_md *ctx)
{
	return xbr_datapath(ctx);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
