/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The spray table's maps and its reader, for the benchmark programs that
 * send every repeat to another destination (xbr_bench.bpf.c,
 * bench_lookup.bpf.c): the benchmark fills spray_addrs, spray_next counts
 * per CPU which one is next.
 */
#ifndef XBR_BENCH_SPRAY_BPF_H
#define XBR_BENCH_SPRAY_BPF_H

#include "bench/progs/bench_spray.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BENCH_SPRAY_N);
	__type(key, __u32);
	__type(value, struct bench_spray_addr);
} spray_addrs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} spray_next SEC(".maps");

/* The next destination of the table; NULL cannot happen (arrays). */
static __always_inline const struct bench_spray_addr *spray_take(void)
{
	__u32 zero = 0, *next, i;

	next = bpf_map_lookup_elem(&spray_next, &zero);
	if (!next)
		return NULL;
	i = (*next)++ & (BENCH_SPRAY_N - 1);
	return bpf_map_lookup_elem(&spray_addrs, &i);
}

#endif /* XBR_BENCH_SPRAY_BPF_H */
