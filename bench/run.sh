#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# All benchmarks (BENCHMARKS.md): bench/run.sh full|quick, as root, after
# `make` built .output/ (make bench / make bench-quick do both).
#
#   prog       xbrbench prog        program cost, BPF_PROG_TEST_RUN
#   scale      xbrbench scale       cost, load time, memory against table size
#   e2e        bench/e2e.sh         veth lab: kernel vs minimal XDP forwarder vs xbr
#   multicore  xbrbench multicore   two flows on two CPUs
#   loader     bench/mirror_scale.sh  attach and xbr run with a million kernel routes
#   failover   bench/failover.sh    routing daemon killed → first forwarded packet,
#                                   also during a reload and a resync of a million routes
#
# Every measurement is one JSON object with its unit. `full` writes
# bench/results.json, bench/results.png and the tables in BENCHMARKS.md;
# `quick` (fewer rounds, smaller tables) writes the same files under
# .output/bench/ and leaves the committed ones alone. Prints the tables.
# Exits non-zero if a part failed; the others are still reported.

set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export XBR_OUTPUT=${XBR_OUTPUT:-$ROOT/.output}
BENCH=$XBR_OUTPUT/bench/xbrbench
MODE=${1:-full}
case $MODE in
full) Q="" FAILOVER_RUNS=100 ROUTES=1000000 DEST=$ROOT/bench ;;
quick) Q=--quick FAILOVER_RUNS=20 ROUTES=100000 DEST=$XBR_OUTPUT/bench ;;
*) echo "usage: bench/run.sh full|quick" >&2; exit 2 ;;
esac

[ "$(id -u)" = 0 ] || { echo "bench/run.sh: needs root (BPF, namespaces, XDP)" >&2; exit 1; }
[ -x "$BENCH" ] || { echo "bench/run.sh: $BENCH missing: run make bench" >&2; exit 1; }

# Packages only the benchmarks need: installed here, not by make deps.
missing=""
for p in gnuplot-nox netsniff-ng jq ethtool; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "  bench: installing$missing" >&2
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; } ||
		{ echo "bench/run.sh: cannot install$missing" >&2; exit 1; }
fi

W=$(mktemp -d /tmp/xbr-bench.XXXXXX) || exit 1
# The parts clean up after themselves (their own traps); we remove our scratch dir.
trap 'rm -rf "$W"' EXIT
trap 'echo; echo "bench: interrupted" >&2; exit 130' INT TERM

FAILED=""
START=$(date +%s)
part() { # name command...: its JSON lines into $W/all.jsonl
	local name=$1 t0 rc
	shift
	t0=$(date +%s)
	echo "  bench: $name" >&2
	"$@" >"$W/$name.jsonl"
	rc=$?
	[ $rc = 130 ] && exit 130
	if [ $rc != 0 ]; then
		echo "  bench: $name FAILED ($rc)" >&2
		FAILED="$FAILED $name"
	fi
	# Keep only complete JSON objects: a failed part may stop mid-line.
	jq -c . "$W/$name.jsonl" 2>/dev/null >>"$W/all.jsonl" || true
	printf '{"group": "time", "name": "%s", "value": %d, "unit": "s", "stat": "wall", "samples": 1}\n' \
		"$name" $(($(date +%s) - t0)) >>"$W/all.jsonl"
}

failover() { # bench/failover.sh's object of percentiles → one line per figure
	"$ROOT/bench/failover.sh" "$FAILOVER_RUNS" "$ROUTES" 2>"$W/failover.log" >"$W/failover.raw" ||
		{ cat "$W/failover.log" >&2; return 1; }
	jq -c 'to_entries[] | .key as $k | .value as $v | ("p50", "p99", "max")
		| {group: "failover", name: $k, value: $v[.], unit: $v.unit, stat: ., samples: $v.runs,
		   routes: (if ($k | test("_during_")) then '"$ROUTES"' else 0 end)}' \
		"$W/failover.raw"
}

touch "$W/all.jsonl"
part prog "$BENCH" prog $Q
part scale "$BENCH" scale $Q
part e2e "$ROOT/bench/e2e.sh" "$MODE"
part multicore "$BENCH" multicore $Q
part loader "$ROOT/bench/mirror_scale.sh" "$ROUTES"
part failover failover

mkdir -p "$DEST"
JSON=$DEST/results${Q:+-quick}.json
PNG=$DEST/results${Q:+-quick}.png
jq -s --arg mode "$MODE" --arg kernel "$(uname -r)" --arg date "$(date -u +%FT%TZ)" \
	--argjson cpus "$(nproc)" --argjson secs $(($(date +%s) - START)) '
	def v($g; $n): (map(select(.group == $g and .name == $n)) | first | .value) // null;
	def at($g; $n; $k; $x): (map(select(.group == $g and .name == $n and .[$k] == $x)) | first | .value) // null;
	def ratio($a; $b): if $a and $b then ($a / $b * 1000 | round / 1000) else null end;
	def minus($a; $b): if $a and $b then $a - $b else null end;
	def pe($n): (map(select(.group == "prog" and .name == $n)) | first | .minus_empty) // null;
	def stat($n; $s): (map(select(.group == "failover" and .name == $n and .stat == $s)) | first | .value) // null;
	(map(select(.group == "scale") | .prefixes) | max) as $big
	| (map(select(.group == "loader") | .routes) | max) as $routes
	| . as $r | {
		date: $date, kernel: $kernel, cpus: $cpus, mode: $mode, duration_s: $secs,
		headline: {
			hit_v4_minus_empty_ns: pe("xbr_hit_v4"),
			hit_v6_minus_empty_ns: pe("xbr_hit_v6"),
			hit_v4_trie_minus_empty_ns: pe("xbr_hit_v4_trie"),
			hit_v6_trie_minus_empty_ns: pe("xbr_hit_v6_trie"),
			floor_minus_empty_ns: pe("floor"),
			hit_v4_over_empty: ratio(v("prog"; "xbr_hit_v4"); v("prog"; "empty")),
			heartbeat_minus_empty_ns: pe("xbr_rpd_up_heartbeat"),
			rpd_up_minus_empty_ns: pe("xbr_rpd_up"),
			largest_table: $big,
			hit_v4_largest_over_one: ratio(at("scale"; "xbr_hit_v4"; "prefixes"; $big); at("scale"; "xbr_hit_v4"; "prefixes"; 1)),
			hit_v6_largest_over_one: ratio(at("scale"; "xbr_hit_v6"; "prefixes"; $big); at("scale"; "xbr_hit_v6"; "prefixes"; 1)),
			spray_v4_over_trie: ratio(at("scale"; "xbr_spray_v4"; "prefixes"; $big); at("scale"; "xbr_spray_trie_v4"; "prefixes"; $big)),
			spray_v6_over_trie: ratio(at("scale"; "xbr_spray_v6"; "prefixes"; $big); at("scale"; "xbr_spray_trie_v6"; "prefixes"; $big)),
			e2e_xbr_over_floor: v("e2e_ratio"; "xbr_over_floor"),
			e2e_xbr_over_floor_paired: v("e2e_ratio"; "xbr_over_floor_paired"),
			e2e_live_xbr_over_floor: v("e2e_ratio"; "xbr_over_floor_live"),
			e2e_kernel_over_xbr_paired: v("e2e_ratio"; "kernel_over_xbr_paired"),
			e2e_kernel_over_xbr: v("e2e_ratio"; "kernel_over_xbr"),
			loader_routes: $routes,
			run_ready_s: at("loader"; "run_ready_s"; "routes"; $routes),
			failover_p99_us: stat("sigkill_to_first_forwarded"; "p99"),
			failover_p99_during_reload_us: stat("sigkill_to_first_forwarded_during_reload"; "p99"),
			failover_p99_during_resync_us: stat("sigkill_to_first_forwarded_during_resync"; "p99"),
			daemon_p99_us: stat("pidfd_to_liveness_down"; "p99"),
			daemon_p99_during_reload_us: stat("pidfd_to_liveness_down_during_reload"; "p99"),
			daemon_p99_during_resync_us: stat("pidfd_to_liveness_down_during_resync"; "p99")
		},
		results: $r
	}' "$W/all.jsonl" >"$JSON" || { echo "bench/run.sh: cannot write $JSON" >&2; exit 1; }

"$ROOT/bench/report.sh" "$JSON" >"$W/tables.md"
cat "$W/tables.md"
"$ROOT/bench/plot.sh" "$JSON" "$PNG" || FAILED="$FAILED plot"

# BENCHMARKS.md shows the latest full run between its markers.
if [ "$MODE" = full ] && grep -q '^<!-- results:begin -->' "$ROOT/BENCHMARKS.md" 2>/dev/null; then
	awk -v tables="$W/tables.md" '
		/^<!-- results:begin -->/ { print; while ((getline l < tables) > 0) print l; skip = 1; next }
		/^<!-- results:end -->/ { skip = 0 }
		!skip' "$ROOT/BENCHMARKS.md" >"$W/BENCHMARKS.md" && cp "$W/BENCHMARKS.md" "$ROOT/BENCHMARKS.md"
fi

echo "  bench: $(($(date +%s) - START)) s; $JSON, $PNG" >&2
if [ -n "$FAILED" ]; then
	echo "  bench: failed:$FAILED" >&2
	exit 1
fi
