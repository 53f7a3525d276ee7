#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Failover latency in the namespace lab: `xbr run` follows a stand-in routing
# daemon by pidfile; bench/failover (C) kills it RUNS times and measures the
# time to the kernel's exit notification, to rpd_liveness "down" and to the
# first packet the real XDP program forwards. Prints JSON; needs root.
#
#   bench/failover.sh [RUNS]        (default 300)

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lab/lab.sh
. "$HERE/../tests/lab/lab.sh"

RUNS=${1:-300}
BENCH=$LAB_ROOT/.output/bench/failover

lab_up >&2 || exit 1
W=$(mktemp -d /tmp/xbr-failover.XXXXXX)
cp /bin/sleep "$W/rpd"
lab_xbr run -c "$LAB_ROOT/examples/backup-router.conf" --rpd-pidfile "$W/rpd.pid" rt-cl \
	>"$W/daemon.log" 2>&1 &
daemon=$!
for _ in $(seq 100); do
	lab_xbr status >/dev/null 2>&1 && break
	sleep 0.05
done
lab_ns rt "$BENCH" "$LAB_PIN_DIR" "$W/rpd" "$W/rpd.pid" rt-cl "$LAB_MN4" "$RUNS"
rc=$?
kill -TERM $daemon
wait $daemon
[ $rc = 0 ] || cat "$W/daemon.log" >&2
rm -rf "$W"
exit $rc
