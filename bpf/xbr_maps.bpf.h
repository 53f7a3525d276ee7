/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The datapath's maps, declared from the ABI in maps/xbr_maps.h. */
#ifndef XBR_MAPS_BPF_H
#define XBR_MAPS_BPF_H

#include "maps/xbr_maps.h"

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XBR_ROUTES_MAX);
	__type(key, struct xbr_lpm_v4);
	__type(value, struct xbr_route);
} XBR_MAP_ROUTES_V4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XBR_ROUTES_MAX);
	__type(key, struct xbr_lpm_v6);
	__type(value, struct xbr_route);
} XBR_MAP_ROUTES_V6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XBR_GATEWAYS_MAX);
	__type(key, __u32);
	__type(value, struct xbr_gateway);
} XBR_MAP_GATEWAYS SEC(".maps");

/* Egress interfaces for bpf_redirect_map(), keyed by ifindex. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, XBR_EGRESS_MAX);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} XBR_MAP_EGRESS SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XBR_IFINDEX_MAX);
	__type(key, __u32);
	__type(value, struct xbr_iface);
} XBR_MAP_IFACES SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xbr_liveness);
} XBR_MAP_LIVENESS SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XBR_REASON_MAX);
	__type(key, __u32);
	__type(value, struct xbr_counter);
} XBR_MAP_COUNTERS SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XBR_DEST_STATS_MAX);
	__type(key, __u32);
	__type(value, struct xbr_counter);
} XBR_MAP_DEST_STATS SEC(".maps");

/* --allow-from: source prefixes forwarded for, when the ingress interface says so. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XBR_ALLOW_MAX);
	__type(key, struct xbr_lpm_v4);
	__type(value, __u32);
} XBR_MAP_ALLOW_V4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XBR_ALLOW_MAX);
	__type(key, struct xbr_lpm_v6);
	__type(value, __u32);
} XBR_MAP_ALLOW_V6 SEC(".maps");

/* The loader's alone; declared here so it is created and pinned with the rest. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xbr_daemon_state);
} XBR_MAP_DAEMON SEC(".maps");

#endif /* XBR_MAPS_BPF_H */
