#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# How long xbr takes to mirror a large kernel table into defer entries, and
# how much map memory they take. In the namespace lab, the router gets N
# kernel routes (random /24../32 IPv4 prefixes, installed with `ip -batch`);
# the backup destination is the default route, so every one of them is
# mirrored. Measures `xbr attach` (one-shot sync) and `xbr run` until its
# first sync is done; reads the tries' memory from the kernel's accounting.
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
memlock() { # map name → bytes the kernel accounts for it
	lab_ns rt bpftool map show pinned "$LAB_PIN_DIR/$1" | awk '/memlock/ { sub("B", "", $NF); for (i = 1; i <= NF; i++) if ($i == "memlock") print $(i + 1) }' | tr -d B
}

echo "["
first=1
for n in $SIZES; do
	# n distinct random prefixes inside 10.0.0.0/8 and 100.64.0.0/10
	awk -v n="$n" 'BEGIN { srand(42); while (c < n) { len = 24 + int(rand() * 9);
		a = (rand() < 0.5 ? 10 : 100); b = (a == 10 ? int(rand() * 256) : 64 + int(rand() * 64));
		x = int(rand() * 256); y = int(rand() * 256);
		if (len < 32) y -= y % (2 ^ (32 - len));
		k = a "." b "." x "." y "/" len; if (!(k in s)) { s[k] = 1; c++;
		print "route add " k " via 192.0.2.254 proto static" } } }' >"$W/routes"
	t0=$(now)
	lab_ns rt ip -batch "$W/routes" || { echo "ip -batch failed" >&2; exit 1; }
	t1=$(now)
	lab_xbr attach -c "$W/default.conf" rt-cl >"$W/attach.out" 2>&1 || { cat "$W/attach.out" >&2; exit 1; }
	t2=$(now)
	defers=$(lab_xbr status -j | jq .defer_entries)
	mem=$(memlock routes_v4)
	lab_xbr detach >/dev/null
	# the daemon: its first sync includes subscribing to rtnetlink
	t3=$(now)
	lab_xbr_daemon run -c "$W/default.conf" --rpd-pidfile "$W/none.pid" rt-cl >"$W/run.out" 2>&1 &
	pid=$!
	# ready: it says so once attached, subscribed and synced
	until grep -q "rpd is not running" "$W/run.out"; do sleep 0.02; done
	t4=$(now)
	kill -TERM $pid; wait $pid
	[ -n "${XBR_BENCH_VERBOSE:-}" ] && cat "$W/run.out" >&2
	lab_ns rt ip -4 route flush proto static
	[ $first = 1 ] || echo ","
	first=0
	printf '  {"routes": %d, "defer_entries": %s, "ip_batch_s": %.2f, "attach_sync_s": %.2f, "run_ready_s": %.2f, "routes_v4_memlock_bytes": %s}' \
		"$n" "$defers" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t4 - $t3" | bc)" "${mem:-0}"
done
echo
echo "]"
rm -rf "$W"
