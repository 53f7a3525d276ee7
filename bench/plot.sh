#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# The plot of one benchmark run: bench/plot.sh RESULTS.json OUT.png (gnuplot).
#   top left     hit-path cost against table size, the empty program beside it
#   top right    time to load the table: bpf_map_update_batch vs ip -batch
#   bottom left  memory per prefix: the trie (memlock) and the IPv4 kernel FIB
#   bottom right per-packet cost: program alone and router end to end

set -u
J=$1
PNG=$2
command -v gnuplot >/dev/null || { echo "bench/plot.sh: gnuplot not found (gnuplot-nox)" >&2; exit 1; }
W=$(mktemp -d /tmp/xbr-plot.XXXXXX) || exit 1
trap 'rm -rf "$W"' EXIT

# One "prefixes value" file per series.
series() { # file group name family field
	jq -r --arg g "$2" --arg n "$3" --arg f "$4" --arg k "$5" \
		'.results[] | select(.group == $g and .name == $n and .family == $f) | "\(.prefixes) \(.[$k])"' \
		"$J" | sort -n >"$W/$1"
}
series hit4 scale xbr_hit_v4 ipv4 value
series hit6 scale xbr_hit_v6 ipv6 value
series trie4 scale xbr_hit_trie_v4 ipv4 value
series trie6 scale xbr_hit_trie_v6 ipv6 value
series spray4 scale xbr_spray_v4 ipv4 value
series spraytrie4 scale xbr_spray_trie_v4 ipv4 value
series empty scale empty ipv4 value
series bpf4 scale bpf_batch_load ipv4 value
series bpf6 scale bpf_batch_load ipv6 value
series ip4 scale ip_batch_routes ipv4 value
series ip6 scale ip_batch_routes ipv6 value
series mem4 scale trie_memlock ipv4 bytes_per_prefix
series mem6 scale trie_memlock ipv6 bytes_per_prefix
series fib4 scale kernel_fib_size ipv4 bytes_per_prefix
jq -r '
	def v($g; $n): ([.results[] | select(.group == $g and .name == $n)] | first | .value) // 0;
	"\"empty\\n(prog)\" \(v("prog"; "empty"))",
	"\"floor\\n(prog)\" \(v("prog"; "floor"))",
	"\"xbr v4 hit\\n(prog)\" \(v("prog"; "xbr_hit_v4"))",
	"\"v4 hit, trie\\n(prog)\" \(v("prog"; "xbr_hit_v4_trie"))",
	"\"xbr v6 hit\\n(prog)\" \(v("prog"; "xbr_hit_v6"))",
	"\"floor\\n(e2e)\" \(v("e2e_router"; "floor"))",
	"\"xbr\\n(e2e)\" \(v("e2e_router"; "xbr"))",
	"\"kernel\\n(e2e)\" \(v("e2e_router"; "kernel"))"' "$J" >"$W/bars"
TITLE=$(jq -r '"xbr benchmarks, \(.date), kernel \(.kernel), \(.cpus) CPUs (\(.mode))"' "$J")

gnuplot <<EOF
set terminal pngcairo size 1400,1000 font "sans,10"
set output "$PNG"
set multiplot layout 2,2 title "$TITLE"
set grid
set key top left
set logscale x
set format x "10^{%L}"
set xlabel "prefixes in the trie"

set title "Hit path cost against table size (BPF\\\_PROG\\\_TEST\\\_RUN)"
set ylabel "ns/packet"
set logscale y
set format y "%g"
plot "$W/hit4" using 1:2 with linespoints lw 2 title "IPv4 steady flows, route cache", \
     "$W/hit6" using 1:2 with linespoints lw 2 title "IPv6 steady flows, route cache", \
     "$W/trie4" using 1:2 with linespoints dt 3 title "IPv4 steady flows, the trie alone", \
     "$W/trie6" using 1:2 with linespoints dt 3 title "IPv6 steady flows, the trie alone", \
     "$W/spray4" using 1:2 with linespoints lw 2 title "IPv4 every packet a new destination, route cache", \
     "$W/spraytrie4" using 1:2 with linespoints dt 3 title "IPv4 every packet a new destination, the trie alone", \
     "$W/empty" using 1:2 with linespoints dt 2 title "empty program"

set title "Time to load the table"
set ylabel "ms"
set format y "10^{%L}"
set yrange [*:*]
plot "$W/bpf4" using 1:2 with linespoints lw 2 title "IPv4 bpf\\\_map\\\_update\\\_batch", \
     "$W/bpf6" using 1:2 with linespoints lw 2 title "IPv6 bpf\\\_map\\\_update\\\_batch", \
     "$W/ip4" using 1:2 with linespoints dt 2 title "IPv4 kernel routes, ip -batch", \
     "$W/ip6" using 1:2 with linespoints dt 2 title "IPv6 kernel routes, ip -batch"

set title "Memory per prefix (the kernel's accounting)"
set ylabel "bytes/prefix"
set format y "%g"
plot "$W/mem4" using 1:2 with linespoints lw 2 title "IPv4 trie (memlock)", \
     "$W/mem6" using 1:2 with linespoints lw 2 title "IPv6 trie (memlock)", \
     "$W/fib4" using 1:2 with linespoints dt 2 title "IPv4 kernel FIB (fib\\\_triestat)"

set title "Per-packet cost: program alone, and router end to end (trafgen, generator subtracted)"
unset logscale
set format x "%g"
set format y "%g"
set xlabel ""
set ylabel "ns/packet"
set yrange [0:*]
set style fill solid 0.6
set boxwidth 0.6
set bmargin 5
unset key
plot "$W/bars" using 0:2:xtic(1) with boxes, "" using 0:2:(sprintf("%.0f", \$2)) with labels offset 0,0.7
unset multiplot
EOF
