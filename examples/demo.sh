#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# make demo: the Junos backup-router behaviour, live, in a namespace lab.
#
#   examples/demo.sh            (root; DEMO_MODE=skb for generic XDP, default native)
#
# A client reaches a management network through a backup router while the
# routing daemon is down, and loses it while rpd is up, exactly as a Junos
# box does at boot. Exits non-zero if any of the demo's expectations fails.

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lab/lab.sh
. "$HERE/../tests/lab/lab.sh"

CONF=${XBR_TEST_CONF:-$LAB_ROOT/examples/backup-router.conf}
MODE=${DEMO_MODE:-native}
BAD=0

# Bold headings on a terminal only (make demo > log stays plain).
B="" N=""
[ -t 1 ] && B=$'\033[1m' N=$'\033[0m'
heading() { printf '\n%s== %s%s\n' "$B" "$*" "$N"; }
say() { printf '   %s\n' "$*"; }
run() { printf '   $ %s\n' "$*"; }
ok() { printf '   ✔ %s\n' "$*"; }
bad() { printf '   ✘ %s\n' "$*"; BAD=$((BAD + 1)); }

# Show a command run in the router namespace and its output, indented.
show() { # xbr|rt command...
	local ns=$1
	shift
	if [ "$ns" = xbr ]; then
		run "xbr $*"
		lab_xbr "$@" 2>&1 | sed 's/^/     /'
	else
		run "$*"
		lab_ns "$ns" "$@" 2>&1 | sed 's/^/     /'
	fi
	return "${PIPESTATUS[0]}"
}

# ping from the client, print the summary line, check the expectation.
ping_expect() { # ok|fail destination
	local out
	run "ping -c 3 $2        (from the client)"
	out=$(lab_ns cl ping -n -c 3 -W 1 -i 0.2 "$2" 2>&1)
	local rc=$?
	printf '%s\n' "$out" | grep -E 'transmitted|Unreachable|unreachable' | head -n 2 | sed 's/^/     /'
	if [ "$1" = ok ]; then
		if [ $rc = 0 ]; then ok "$2 reachable"; else bad "$2 should be reachable"; fi
	else
		if [ $rc != 0 ]; then ok "$2 unreachable, as expected"; else bad "$2 should not be reachable"; fi
	fi
}

if [ "$(id -u)" != 0 ]; then
	echo "demo: needs root (network namespaces, XDP, bpffs): sudo make demo" >&2
	exit 1
fi
[ -x "$XBR" ] || { echo "demo: $XBR not built (make)" >&2; exit 1; }
[ -r "$CONF" ] || { echo "demo: $CONF missing" >&2; exit 1; }

heading "1. The lab: four network namespaces"
cat <<EOF
   client ──── router (xbr on rt-cl) ──── backup router ──── management host
   cl0          rt-cl        rt-mg         gw-rt     gw-net    mn0
   198.51.100.2 198.51.100.1 192.0.2.1     192.0.2.254         172.16.5.10
   2001:db8:c::2             2001:db8:1::1 2001:db8:1::fe      2001:db8:ffff::10

   The router has no route to the management network: learning it is the
   routing daemon's (rpd's) job, and rpd is not running.
EOF
lab_up || exit 1
show rt ip route show
show rt ip -6 route show

heading "2. The Junos configuration"
sed 's/^/     /' "$CONF"
show xbr check -c "$CONF" || bad "xbr check failed"

heading "3. Attach xbr to the router's client-facing interface ($MODE XDP)"
if show xbr attach -c "$CONF" -m "$MODE" rt-cl; then
	ok "attached: $(lab_xdp_on rt-cl) on rt-cl, pins in $LAB_PIN_DIR"
else
	bad "xbr attach failed"
	echo
	echo "demo FAILED"
	exit 1
fi

heading "4. Boot: rpd state unknown, backup destinations in effect"
say "Like Junos before rpd starts: the backup router carries management traffic."
ping_expect ok $LAB_MN4
ping_expect ok $LAB_MN6

heading "5. rpd is up: backup destinations withdrawn"
say "Routing is rpd's job again; it has no route here, so the traffic stops."
show xbr rpd up || bad "xbr rpd up failed"
ping_expect fail $LAB_MN4
ping_expect fail $LAB_MN6

heading "6. rpd went down: backup destinations back in effect"
show xbr rpd down || bad "xbr rpd down failed"
ping_expect ok $LAB_MN4
ping_expect ok $LAB_MN6

heading "7. What xbr knows: status and counters"
show xbr status || bad "xbr status failed"

heading "8. The liveness map, as any bpftool user sees it"
run "bpftool map dump pinned $LAB_PIN_DIR/rpd_liveness"
bpftool map dump pinned "$LAB_PIN_DIR/rpd_liveness" 2>&1 | sed 's/^/     /'
[ "${PIPESTATUS[0]}" = 0 ] || bad "bpftool could not dump rpd_liveness"

heading "9. Detach and tear down"
show xbr detach || bad "xbr detach failed"
if [ -z "$(lab_xdp_on rt-cl)" ]; then ok "no XDP program left on rt-cl"; else bad "XDP still on rt-cl"; fi
if [ ! -d "$LAB_PIN_DIR" ] || [ -z "$(ls -A "$LAB_PIN_DIR")" ]; then
	ok "no pins left"
else
	bad "pins left in $LAB_PIN_DIR"
fi
lab_down

echo
if [ "$BAD" = 0 ]; then
	echo "demo OK"
else
	echo "demo FAILED: $BAD expectation(s) not met"
	exit 1
fi
