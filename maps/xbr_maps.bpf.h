/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The list of the maps, the only one (docs/design.md §9): each definition's
 * name is its BTF name, the name of its pin, and its name in the generated
 * skeleton (skel->maps.NAME). The loader pins, opens, checks and removes
 * whatever is declared here by walking the object's maps, so that adding a
 * map is one definition here (and its types in maps/xbr_maps.h).
 */
#ifndef XBR_MAPS_BPF_H
#define XBR_MAPS_BPF_H

#include "maps/xbr_maps.h"

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XBR_ROUTES_MAX);
	__type(key, struct xbr_lpm_v4);
	__type(value, struct xbr_route);
} routes_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XBR_ROUTES_MAX);
	__type(key, struct xbr_lpm_v6);
	__type(value, struct xbr_route);
} routes_v6 SEC(".maps");

/* What the tries answered, per CPU, in front of them (docs/design.md §3.4). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XBR_CACHE_SLOTS);
	__type(key, __u32);
	__type(value, struct xbr_cache_v4);
} route_cache_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XBR_CACHE_SLOTS);
	__type(key, __u32);
	__type(value, struct xbr_cache_v6);
} route_cache_v6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} route_cache_misses SEC(".maps");

/* The tries' generation: the cache's entries count only while it stands. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xbr_route_gen);
} route_gen SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XBR_GATEWAYS_MAX);
	__type(key, __u32);
	__type(value, struct xbr_gateway);
} gateways SEC(".maps");

/* Egress interfaces for bpf_redirect_map(), keyed by ifindex. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, XBR_EGRESS_MAX);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} egress_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XBR_IFINDEX_MAX);
	__type(key, __u32);
	__type(value, struct xbr_iface);
} ifaces SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xbr_liveness);
} rpd_liveness SEC(".maps");

/* The heartbeat's clock, read once per tick and CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xbr_clock);
} liveness_clock SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XBR_REASON_MAX);
	__type(key, __u32);
	__type(value, struct xbr_counter);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XBR_DEST_STATS_MAX);
	__type(key, __u32);
	__type(value, struct xbr_counter);
} dest_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XBR_IFINDEX_MAX);
	__type(key, __u32);
	__type(value, struct xbr_counter);
} iface_stats SEC(".maps");

/* --allow-from: source prefixes forwarded for, when the ingress interface says so. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XBR_ALLOW_MAX);
	__type(key, struct xbr_lpm_v4);
	__type(value, __u32);
} allow_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XBR_ALLOW_MAX);
	__type(key, struct xbr_lpm_v6);
	__type(value, __u32);
} allow_v6 SEC(".maps");

/* The router's sysctls for ICMP errors, and whether the kernel has the routes. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xbr_settings);
} settings SEC(".maps");

/* ICMP errors to all senders: one token bucket. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xbr_icmp_rate);
} icmp_rate SEC(".maps");

/* ICMP errors per sender: a token bucket each, the least recently used forgotten. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, XBR_ICMP_PEERS_MAX);
	__type(key, struct xbr_icmp_peer_key);
	__type(value, struct xbr_icmp_peer);
} icmp_peers SEC(".maps");

/* The attached interfaces' IPv6 addresses: the sources of ICMPv6 errors. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XBR_IFACES_MAX);
	__type(key, __u32);
	__type(value, struct xbr_iface_v6);
} iface_v6 SEC(".maps");

/* This host's IPv4 addresses: martian as sources (see xbr_iface.local_v4_bloom). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XBR_LOCAL_V4_MAX);
	__type(key, __u8[4]);
	__type(value, __u32);
} local_v4 SEC(".maps");

/* The loader's alone; declared here so it is created and pinned with the rest. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xbr_daemon_state);
} daemon_state SEC(".maps");

/* Who pinned the instance (its ABI version); the loader's alone, read before anything else. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xbr_abi_version);
} abi_version SEC(".maps");

#endif /* XBR_MAPS_BPF_H */
