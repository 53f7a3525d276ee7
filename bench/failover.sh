#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Failover latency in the namespace lab: `xbr run` follows a stand-in routing
# daemon by pidfile; bench/failover (C) kills it RUNS times and measures the
# time to the kernel's exit notification, to rpd_liveness "down" and to the
# first packet the real XDP program forwards. Prints JSON; needs root.
#
#   bench/failover.sh [RUNS [ROUTES]]      (default 300, no routes)
#
# With ROUTES, the router first gets that many kernel routes (random /24../32
# prefixes in 10.0.0.0/8 and 100.64.0.0/10, both backup destinations too, so
# that every route is a defer entry), and the same RUNS are timed twice more:
# with every kill during a SIGHUP reload, and during a resync (what lost route
# events start), each of which rewrites all ROUTES entries.

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lab/lab.sh
. "$HERE/../tests/lab/lab.sh"

RUNS=${1:-300}
ROUTES=${2:-0}
BENCH=$LAB_ROOT/.output/bench/failover

lab_up >&2 || exit 1
W=$(mktemp -d /tmp/xbr-failover.XXXXXX)
cp /bin/sleep "$W/rpd"
cp "$LAB_ROOT/examples/backup-router.conf" "$W/xbr.conf"
if [ "$ROUTES" -gt 0 ]; then
	sed -i 's|destination \[ 172.16.0.0/13 172.24.0.0/13 \]|destination [ 172.16.0.0/13 172.24.0.0/13 10.0.0.0/8 100.64.0.0/10 ]|' "$W/xbr.conf"
	grep -q 100.64.0.0/10 "$W/xbr.conf" || { echo "failover: examples/backup-router.conf changed" >&2; exit 1; }
	awk -v n="$ROUTES" -v seed=7 -f "$HERE/routes.awk" >"$W/routes"
	lab_ns rt ip -batch "$W/routes" || { echo "failover: ip -batch failed" >&2; exit 1; }
fi
: >"$W/daemon.log"
lab_xbr_daemon run -c "$W/xbr.conf" --rpd-pidfile "$W/rpd.pid" rt-cl \
	>"$W/daemon.log" 2>&1 &
daemon=$!
until grep -q "rpd is not running" "$W/daemon.log"; do
	kill -0 $daemon 2>/dev/null || { cat "$W/daemon.log" >&2; exit 1; }
	sleep 0.05
done
run() { lab_ns rt "$BENCH" "$LAB_PIN_DIR" "$W/rpd" "$W/rpd.pid" rt-cl "$LAB_MN4" "$RUNS" "$@"; }
{
	run && if [ "$ROUTES" -gt 0 ]; then run reload && run resync; fi
} >"$W/out.json"
rc=$?
# One object of every figure.
jq -s add "$W/out.json"
kill -TERM $daemon
wait $daemon
[ $rc = 0 ] || cat "$W/daemon.log" >&2
[ -n "${XBR_BENCH_VERBOSE:-}" ] && cat "$W/daemon.log" >&2
rm -rf "$W"
exit $rc
