#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# How long xbr takes to mirror a large kernel table into defer entries, and
# how much map memory they take. In the namespace lab, the router gets N
# kernel routes (random /24../32 IPv4 prefixes, installed with `ip -batch`);
# the backup destination is the default route, so every one of them is
# mirrored. Measures `xbr attach` (one-shot sync) and `xbr run` until it says
# it follows rpd (attached, subscribed, synced); reads the tries' memory from
# the kernel's accounting. One JSON object per figure (bench/run.sh's
# "loader" group), each with "routes".
#
#   bench/mirror_scale.sh [N...]      (default: 100000 1000000; needs root)

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lab/lab.sh
. "$HERE/../tests/lab/lab.sh"

SIZES=${*:-100000 1000000}
lab_up >&2 || exit 1
W=$(mktemp -d /tmp/xbr-mirror.XXXXXX)
printf 'set system backup-router %s\n' "$LAB_GW4" >"$W/default.conf"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
memlock() { # map name → bytes the kernel accounts for it
	lab_ns rt bpftool map show pinned "$LAB_PIN_DIR/$1" | awk '/memlock/ { sub("B", "", $NF); for (i = 1; i <= NF; i++) if ($i == "memlock") print $(i + 1) }' | tr -d B
}
figure() { # name value unit routes [what]
	printf '{"group": "loader", "name": "%s", "value": %s, "unit": "%s", "stat": "once", "samples": 1, "routes": %d, "what": "%s"}\n' \
		"$1" "$2" "$3" "$4" "${5:-}"
}

for n in $SIZES; do
	# n distinct random prefixes inside 10.0.0.0/8 and 100.64.0.0/10
	awk -v n="$n" -v seed=42 -f "$HERE/routes.awk" >"$W/routes"
	t0=$(now)
	lab_ns rt ip -batch "$W/routes" || { echo "ip -batch failed" >&2; exit 1; }
	t1=$(now)
	lab_xbr attach -c "$W/default.conf" rt-cl >"$W/attach.out" 2>&1 || { cat "$W/attach.out" >&2; exit 1; }
	t2=$(now)
	defers=$(lab_xbr status -j | jq .defer_entries)
	mem=$(memlock routes_v4)
	lab_xbr detach >/dev/null
	: >"$W/run.out"
	t3=$(now)
	lab_xbr_daemon run -c "$W/default.conf" --rpd-pidfile "$W/none.pid" rt-cl >"$W/run.out" 2>&1 &
	pid=$!
	# ready: it says so once attached, subscribed and synced
	until grep -q "rpd is not running" "$W/run.out"; do
		kill -0 $pid 2>/dev/null || { cat "$W/run.out" >&2; exit 1; }
		sleep 0.02
	done
	t4=$(now)
	kill -TERM $pid
	wait $pid
	[ -n "${XBR_BENCH_VERBOSE:-}" ] && cat "$W/run.out" >&2
	lab_ns rt ip -4 route flush proto static
	[ "$defers" -ge "$n" ] || { echo "mirror_scale: $defers defer entries for $n routes" >&2; exit 1; }
	figure ip_batch_s "$(secs "$t0" "$t1")" s "$n" "the kernel routes installed with ip -batch"
	figure attach_s "$(secs "$t1" "$t2")" s "$n" "xbr attach, every route mirrored"
	figure run_ready_s "$(secs "$t3" "$t4")" s "$n" "xbr run until it follows rpd"
	figure defer_entries "$defers" entries "$n"
	figure routes_v4_memlock "${mem:-0}" B "$n" "the trie's memlock with the defer entries"
done
rm -rf "$W"
