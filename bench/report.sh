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
  "**Headline**",
  "",
  "| measure | result | goal |",
  "| --- | --- | --- |",
  (["xbr IPv4 hit path − empty program (1,000 destinations)",
    "\(.headline.hit_v4_minus_empty_ns | n(1)) ns (\(.headline.hit_v4_over_empty | n(2)) × the empty program)",
    "≤ 25 ns"] | row),
  (["xbr / minimal XDP forwarder, router cost end to end (trafgen)",
    "\(.headline.e2e_xbr_over_floor | n(2)) × (round by round: \(.headline.e2e_xbr_over_floor_paired | n(2)) ×)",
    "≤ 1.10 ×"] | row),
  (["xbr / minimal XDP forwarder, router cost end to end (live frames)",
    "\(.headline.e2e_live_xbr_over_floor | n(2)) ×", "≤ 1.10 ×"] | row),
  (["kernel forwarding / xbr, router cost end to end (trafgen)",
    "\(.headline.e2e_kernel_over_xbr | n(2)) × (round by round: \(.headline.e2e_kernel_over_xbr_paired | n(2)) ×)",
    "report"] | row),
  "",
  "**Program cost** (BPF_PROG_TEST_RUN, ns/packet, median of \($p0.samples // "–") runs of \($p0.repeat // "–") repeats; 1,000 destinations per family)",
  "",
  "| path | ns/packet | − empty | min |",
  "| --- | ---: | ---: | ---: |",
  (val("prog"; "empty") as $e | .results[] | select(.group == "prog")
   | ["`\(.name)` \(.what)", (.value | n(1)), ((.value - $e) | n(1)), (.min | n(1))] | row),
  "",
  "**Table size** (hit path ns/packet median of 8 destinations × runs, the empty program in the same runs; load and install time; memory)",
  "",
  "| prefixes | v4 hit | v6 hit | empty | v4 bpf batch ms | v4 ip -batch ms | v6 bpf batch ms | v6 ip -batch ms | v4 trie B/prefix | v6 trie B/prefix | v4 kernel FIB B/prefix |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ([.results[] | select(.group == "scale") | .prefixes] | unique | .[] as $s
   | [($s | tostring),
      ($R | at("scale"; "xbr_hit_v4"; "prefixes"; $s).value | n(1)),
      ($R | at("scale"; "xbr_hit_v6"; "prefixes"; $s).value | n(1)),
      ($R | at("scale"; "empty"; "prefixes"; $s).value | n(1)),
      ([$R.results[] | select(.group == "scale" and .name == "bpf_batch_load" and .prefixes == $s and .family == "ipv4")] | first.value | n(1)),
      ([$R.results[] | select(.group == "scale" and .name == "ip_batch_routes" and .prefixes == $s and .family == "ipv4")] | first.value | n(1)),
      ([$R.results[] | select(.group == "scale" and .name == "bpf_batch_load" and .prefixes == $s and .family == "ipv6")] | first.value | n(1)),
      ([$R.results[] | select(.group == "scale" and .name == "ip_batch_routes" and .prefixes == $s and .family == "ipv6")] | first.value | n(1)),
      ([$R.results[] | select(.group == "scale" and .name == "trie_memlock" and .prefixes == $s and .family == "ipv4")] | first.bytes_per_prefix | n(0)),
      ([$R.results[] | select(.group == "scale" and .name == "trie_memlock" and .prefixes == $s and .family == "ipv6")] | first.bytes_per_prefix | n(0)),
      ([$R.results[] | select(.group == "scale" and .name == "kernel_fib_size" and .prefixes == $s)] | first.bytes_per_prefix | n(0))]
   | row),
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
