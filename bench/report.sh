#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# The tables of one benchmark run, in Markdown: bench/report.sh RESULTS.json
# (as bench/run.sh writes it). A figure that is missing prints as "–".

set -u
exec jq -r '
def n($d): if . == null then "–" else (. * pow(10; $d) | round / pow(10; $d) | tostring) end;
def pick($g; $n): [.results[] | select(.group == $g and .name == $n)];
def val($g; $n): (pick($g; $n) | first | .value);
def at($g; $n; $k; $v): ([.results[] | select(.group == $g and .name == $n and .[$k] == $v)] | first);
def row: "| " + join(" | ") + " |";
. as $R
| (.results | map(select(.group == "prog")) | first) as $p0
| "Run: \(.date), kernel \(.kernel), \(.cpus) CPUs, mode \(.mode), \(.duration_s) s.",
  "",
  "**Headline** (the goals, each measured in this run; ratios of figures taken side by side)",
  "",
  "| measure | result | goal |",
  "| --- | --- | --- |",
  (.headline as $h | (
   ["IPv4 hit path − empty program (1,000 destinations)",
    "\($h.hit_v4_minus_empty_ns | n(1)) ns (the trie for every packet: \($h.hit_v4_trie_minus_empty_ns | n(1)) ns; the floor: \($h.floor_minus_empty_ns | n(1)) ns)", "≤ 12 ns"],
   ["IPv6 hit path − empty program (1,000 destinations)", "\($h.hit_v6_minus_empty_ns | n(1)) ns (the trie for every packet: \($h.hit_v6_trie_minus_empty_ns | n(1)) ns)", "≤ 12 ns"],
   ["hit path, steady flows, \($h.largest_table) prefixes / 1 prefix",
    "IPv4 \($h.hit_v4_largest_over_one | n(2)) ×, IPv6 \($h.hit_v6_largest_over_one | n(2)) ×", "≤ 1.10 ×"],
   ["every packet a new destination, \($h.largest_table) prefixes, route cache / the trie alone",
    "IPv4 \($h.spray_v4_over_trie | n(2)) ×, IPv6 \($h.spray_v6_over_trie | n(2)) ×", "≤ 1.10 ×"],
   ["rpd up with a heartbeat deadline − empty program", "\($h.heartbeat_minus_empty_ns | n(1)) ns (rpd up without one: \($h.rpd_up_minus_empty_ns | n(1)) ns)", "≤ 8 ns"],
   ["xbr / minimal XDP forwarder, router cost end to end (live frames)",
    "\($h.e2e_live_xbr_over_floor | n(2)) ×", "≤ 1.05 ×"],
   ["xbr / minimal XDP forwarder, router cost end to end (trafgen)",
    "\($h.e2e_xbr_over_floor | n(2)) × (round by round: \($h.e2e_xbr_over_floor_paired | n(2)) ×)", "≤ 1.10 ×"],
   ["kernel forwarding / xbr, router cost end to end (trafgen)",
    "\($h.e2e_kernel_over_xbr | n(2)) × (round by round: \($h.e2e_kernel_over_xbr_paired | n(2)) ×)", "report"],
   ["`xbr run` ready with \($h.loader_routes) kernel routes", "\($h.run_ready_s | n(1)) s", "≤ 12 s"],
   ["routing daemon killed → first packet forwarded, p99: idle / during a reload / during a resync",
    "\($h.failover_p99_us | n(0)) / \($h.failover_p99_during_reload_us | n(0)) / \($h.failover_p99_during_resync_us | n(0)) µs (the daemon itself: \($h.daemon_p99_us | n(0)) / \($h.daemon_p99_during_reload_us | n(0)) / \($h.daemon_p99_during_resync_us | n(0)) µs)",
    "≤ 1 ms"]
  ) | row),
  "",
  "**Program cost** (BPF_PROG_TEST_RUN, ns/packet, median of \($p0.samples // "–") interleaved rounds of \($p0.repeat // "–") repeats, min–max; − empty: the median, min and max of the case minus the empty program of its own round; 1,000 destinations per family)",
  "",
  "| path | ns/packet | min–max | − empty | min–max |",
  "| --- | ---: | ---: | ---: | ---: |",
  (.results[] | select(.group == "prog")
   | ["`\(.name)` \(.what)", (.value | n(1)), "\(.min | n(0))–\(.max | n(0))", (.minus_empty | n(1)),
      "\(.minus_empty_min | n(0))–\(.minus_empty_max | n(0))"] | row),
  "",
  "**Table size: cost** (ns/packet, median of 8 destinations × rounds, min–max in brackets; steady: the same destinations again; spray: every packet a new one of 65,536; cached: the route cache on, trie: off; the empty program in the same rounds)",
  "",
  "| prefixes | empty | v4 steady cached | v4 steady trie | v4 spray cached | v4 spray trie | v6 steady cached | v6 steady trie | v6 spray cached | v6 spray trie |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ([.results[] | select(.group == "scale") | .prefixes] | unique | .[] as $s
   | def c($name): ($R | at("scale"; $name; "prefixes"; $s)) as $x
       | if $x == null then "–" else "\($x.value | n(0)) (\($x.min | n(0))–\($x.max | n(0)))" end;
     [($s | tostring), ($R | at("scale"; "empty"; "prefixes"; $s).value | n(1)),
      c("xbr_hit_v4"), c("xbr_hit_trie_v4"), c("xbr_spray_v4"), c("xbr_spray_trie_v4"),
      c("xbr_hit_v6"), c("xbr_hit_trie_v6"), c("xbr_spray_v6"), c("xbr_spray_trie_v6")]
   | row),
  "",
  "**Table size: load and memory** (load: one `bpf_map_update_batch()`, against the same prefixes as kernel routes with `ip -batch`; memory as the kernel accounts it; the route cache is fixed, 4,096 slots a family per CPU; its hit ratio under a spray, from `route_cache_misses`)",
  "",
  "| prefixes | v4 bpf batch ms | v4 ip -batch ms | v6 bpf batch ms | v6 ip -batch ms | v4 trie B/prefix | v6 trie B/prefix | v4 kernel FIB B/prefix | route cache, all CPUs | spray hit ratio v4 / v6 |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ([.results[] | select(.group == "scale") | .prefixes] | unique | .[] as $s
   | def f($name; $fam): [$R.results[] | select(.group == "scale" and .name == $name and .prefixes == $s and .family == $fam)] | first;
     [($s | tostring),
      (f("bpf_batch_load"; "ipv4").value | n(1)), (f("ip_batch_routes"; "ipv4").value | n(1)),
      (f("bpf_batch_load"; "ipv6").value | n(1)), (f("ip_batch_routes"; "ipv6").value | n(1)),
      (f("trie_memlock"; "ipv4").bytes_per_prefix | n(0)), (f("trie_memlock"; "ipv6").bytes_per_prefix | n(0)),
      (f("kernel_fib_size"; "ipv4").bytes_per_prefix | n(0)),
      ((((f("cache_memlock"; "ipv4").value // 0) + (f("cache_memlock"; "ipv6").value // 0)) / 1024) | n(0) | . + " KB"),
      "\(f("xbr_spray_v4"; "ipv4").hit_ratio | n(3)) / \(f("xbr_spray_v6"; "ipv6").hit_ratio | n(3))"]
   | row),
  "",
  "**The IPv4 lookup alone** at the largest table (`bench/progs/bench_lookup.bpf.c`: the LPM trie against a DIR-24 table, the first level of DIR-24-8, in array maps; ns/packet minus the empty program, median, min in brackets)",
  "",
  "| lookup | steady | spray | memory |",
  "| --- | ---: | ---: | ---: |",
  ((["LPM trie (what xbr keeps)", "lookup_trie"], ["DIR-24 in arrays (not in xbr)", "lookup_dir24"]) as [$what, $k]
   | ($R | [.results[] | select(.group == "scale" and .name == $k)] | first) as $st
   | ($R | [.results[] | select(.group == "scale" and .name == ($k + "_spray"))] | first) as $sp
   | [$what, (if $st then "\(($st.value - $st.empty) | n(0)) (\(($st.min - $st.empty) | n(0)))" else "–" end),
      (if $sp then "\(($sp.value - $sp.empty) | n(0)) (\(($sp.min - $sp.empty) | n(0)))" else "–" end),
      (if $st then "\(($st.memlock / 1048576) | n(1)) MB" else "–" end)] | row),
  "",
  "**End to end** on veth, client → router → gateway (XDP_DROP sink), 64-byte UDP, CPU time of the generator (the router works in its context); trafgen: minimum of \((pick("e2e_trafgen"; "sink") | first.samples) // "–") interleaved runs; live frames: best of as many",
  "",
  "| router | trafgen: generator + router, ns/packet | router cost, ns/packet | live frames, Mpps per CPU | router cost under live frames, ns/packet |",
  "| --- | ---: | ---: | ---: | ---: |",
  (("sink", "kernel", "floor", "xbr") as $m
   | [(if $m == "sink" then "XDP_DROP on the router (the generator alone)"
       elif $m == "kernel" then "kernel forwarding, static route"
       elif $m == "floor" then "minimal XDP forwarder (the floor)" else "xbr" end),
      ($R | val("e2e_trafgen"; $m) | n(1)),
      (if $m == "sink" then "0" else ($R | val("e2e_router"; $m) | n(1)) end),
      (if $m == "kernel" then "–" else ($R | val("e2e_live"; $m) | n(2)) end),
      (if $m == "kernel" then "–" elif $m == "sink" then "0" else ($R | val("e2e_live_router"; $m) | n(1)) end)]
   | row),
  "",
  "**Two flows on two CPUs** (BPF_PROG_TEST_RUN on CPU 0 alone, then CPUs 0 and 1 at once; each thread timed by its CPU time, median)",
  "",
  "| program | 1 CPU, Mpps | 2 CPUs, Mpps | scaling (ideal 2) | ran together |",
  "| --- | ---: | ---: | ---: | ---: |",
  (("xbr_percpu", "shared_counter") as $m
   | [(if $m == "xbr_percpu" then "xbr (per-CPU counters)" else "xbr + one shared atomic counter" end),
      ($R | at("multicore"; $m; "cpus"; 1).value | n(2)),
      ($R | [.results[] | select(.group == "multicore" and .name == $m and .cpus == 2 and .unit == "Mpps")] | first.value | n(2)),
      ($R | [.results[] | select(.group == "multicore" and .name == $m and .unit == "x")] | first.value | n(2)),
      ($R | [.results[] | select(.group == "multicore" and .name == $m and .unit == "fraction")] | first.value * 100 | n(0) | . + " %")]
   | row),
  "",
  "**Loader** (`bench/mirror_scale.sh`: the router holds N kernel routes, all inside the backup destination, so each is a defer entry)",
  "",
  "| kernel routes | ip -batch s | xbr attach s | xbr run ready s | defer entries | trie B/entry |",
  "| ---: | ---: | ---: | ---: | ---: | ---: |",
  ([.results[] | select(.group == "loader") | .routes] | unique | .[] as $n
   | ($R | [.results[] | select(.group == "loader" and .routes == $n)]) as $l
   | def lv($k): ([$l[] | select(.name == $k)] | first | .value);
     [($n | tostring), (lv("ip_batch_s") | n(2)), (lv("attach_s") | n(2)), (lv("run_ready_s") | n(2)),
      (lv("defer_entries") | n(0)), ((lv("routes_v4_memlock") / lv("defer_entries")) | n(0))] | row),
  "",
  "**Failover** (SIGKILL of the routing daemon → …, µs; `pidfd_to_liveness_down` is what the daemon itself takes, run by run; during: every kill while the daemon re-reads \(([.results[] | select(.group == "failover") | .routes] | max) // 0) kernel routes)",
  "",
  "| until | p50 | p99 | max | during reload p50 | p99 | max | during resync p50 | p99 | max |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ([.results[] | select(.group == "failover") | .name | select(test("_during_") | not)] | unique | .[] as $k
   | [$k] + ([("", "_during_reload", "_during_resync") as $d | ("p50", "p99", "max") as $s
	   | $R | at("failover"; $k + $d; "stat"; $s).value | n(0)]) | row),
  "",
  "Time per part: " + ([.results[] | select(.group == "time") | "\(.name) \(.value) s"] | join(", ")) + "."
' "$1"
