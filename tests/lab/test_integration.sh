#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Integration tests: real traffic through xbr in the namespace lab (tests/lab/lab.sh).
#
#   tests/lab/test_integration.sh [native|skb]...     (default: both modes; needs root)
#
# Each test is a short function; its output is shown only when it fails. The
# last line is "N passed, N failed"; the exit status is non-zero on any failure.
# XBR=path overrides the binary (default .output/xbr).

# shellcheck source=tests/lab/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/suite.sh"

CONF=${XBR_TEST_CONF:-$CONF}
CONF_HIER=$LAB_ROOT/examples/backup-router-hierarchy.conf
MODES=${*:-native skb}
MODE=""

# ---- helpers of this suite (the shared ones are in tests/lab/testlib.sh) --------

attach() {
	if [ "$MODE" = skb ] && [ -r "$CONF_HIER" ]; then
		lab_xbr attach -c - --mgmt rt-mg -m "$MODE" rt-cl <"$CONF_HIER" >"$W/out" 2>"$W/err"
		RC=$?
	else
		xbr_run attach -c "$CONF" -m "$MODE" rt-cl
	fi
}

# ---- tests that need an attached xbr (run in each mode) ---------------------

t_attach() {
	attach
	[ "$RC" = 0 ] || { cat "$W/err"; fail "xbr attach -m $MODE rt-cl: exit $RC"; return 1; }
	local want=xdp
	[ "$MODE" = skb ] && want=xdpgeneric
	expect_eq "XDP on rt-cl" "$(lab_xdp_on rt-cl)" "$want"
}

t_status() {
	status_json || return 1
	cat "$W/status"
	local mac prog
	mac=$(lab_ns gw cat /sys/class/net/gw-rt/address)
	prog=$(lab_ns rt ip -j -d link show rt-cl | jq -r '.[0].xdp.prog.id // .[0].xdp.attached[0].prog.id')
	expect_eq pin_dir "$(jq -r .pin_dir "$W/status")" "$LAB_PIN_DIR" &&
	expect_eq "pin_dir from XBR_PIN_DIR alone" \
		"$(lab_ns rt env XBR_PIN_DIR="$LAB_PIN_DIR" "$XBR" status -j | jq -r .pin_dir)" \
		"$LAB_PIN_DIR" &&
	expect_eq liveness.rpd "$(jq -r .liveness.rpd "$W/status")" unknown &&
	expect_eq liveness.in_effect "$(jq -r .liveness.in_effect "$W/status")" true &&
	expect_eq interfaces "$(jq -c '[.interfaces[] | [.name, .mode]]' "$W/status")" "[[\"rt-cl\",\"$MODE\"]]" &&
	expect_eq interfaces[0].prog_id "$(jq -r '.interfaces[0].prog_id' "$W/status")" "$prog" &&
	expect_eq destinations "$(jq -c '[.destinations[].prefix] | sort' "$W/status")" \
		'["172.16.0.0/13","172.24.0.0/13","2001:db8:ffff::/48"]' &&
	expect_eq "gateway inet6" "$(jq -c '[.gateways[] | select(.family == "inet6") | .address, .interface]' "$W/status")" \
		'["2001:db8:1::fe","rt-mg"]' &&
	expect_eq "gateway inet" "$(jq -c '[.gateways[] | select(.family == "inet") | .address, .interface]' "$W/status")" \
		'["192.0.2.254","rt-mg"]'
	# Resolution may take a moment (the loader asks the kernel to resolve).
	local _
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		[ "$(sj '[.gateways[] | select(.resolved and .mac == "'"$mac"'")] | length')" = 2 ] && return 0
		sleep 0.3
	done
	jq .gateways "$W/status"
	fail "gateways not resolved to gw-rt's MAC $mac"
}

t_ping_v4() { ping_ok $LAB_MN4; }
t_ping_v6() { ping_ok $LAB_MN6; }

# The requests must cross the backup router without the router's kernel
# forwarding them: its forwarding counter moves only for the 5 replies, the
# gateway's for requests and replies. If the kernel had forwarded (or xbr had
# XDP_PASSed into a route) the router would count 10.
path_via_backup() { # family dst
	local rt0 gw0 rt1 gw1
	rt0=$(lab_forwarded rt "$1") gw0=$(lab_forwarded gw "$1")
	ping_ok "$2" 5 || return 1
	rt1=$(lab_forwarded rt "$1") gw1=$(lab_forwarded gw "$1")
	expect_eq "router kernel forwarded (replies only)" $((rt1 - rt0)) 5 &&
	expect_eq "backup router forwarded (requests + replies)" $((gw1 - gw0)) 10
}
t_path_v4() { path_via_backup 4 $LAB_MN4; }
t_path_v6() { path_via_backup 6 $LAB_MN6; }

# TTL 2: xbr decrements to 1, so the backup router itself must answer
# "time exceeded". Without the decrement the host would reply.
ttl_expired_at_gateway() { # dst gateway
	lab_ns cl ping -n -c 1 -W 1 -t 2 "$1" >"$W/ping" 2>&1
	cat "$W/ping"
	grep -Eq "^From $2 .*(Time to live exceeded|Time exceeded)" "$W/ping" ||
		fail "no time-exceeded from the backup router $2"
}
t_ttl_v4() { ttl_expired_at_gateway $LAB_MN4 $LAB_GW4; }
t_ttl_v6() { ttl_expired_at_gateway $LAB_MN6 $LAB_GW6; }

# TTL 1: the router's kernel has no route, so xbr answers time exceeded
# itself, from the router's address towards the client, as Linux with the
# route would (docs/design.md §3). In skb mode too: XDP_TX is the same there.
t_ttl1() {
	local p0 p1
	p0=$(stat_pkts icmp_time_exceeded) || return 1
	lab_ns cl ping -n -c 1 -W 1 -t 1 $LAB_MN4 >"$W/ping" 2>&1
	lab_ns cl ping -n -c 1 -W 1 -t 1 $LAB_MN6 >>"$W/ping" 2>&1
	cat "$W/ping"
	p1=$(stat_pkts icmp_time_exceeded) || return 1
	grep -Eq "^From $LAB_RTC4 .*Time to live exceeded" "$W/ping" ||
		fail "no time exceeded from the router $LAB_RTC4" || return 1
	grep -Eq "^From $LAB_RTC6 .*Time exceeded: Hop limit" "$W/ping" ||
		fail "no time exceeded from the router $LAB_RTC6" || return 1
	expect_eq "icmp_time_exceeded increase" $((p1 - p0)) 2
}

t_rpd_up_down() {
	local n0 n1
	n0=$(stat_pkts pass_not_in_effect) || return 1
	xbr_run rpd up
	expect_error 0 "xbr rpd up" || return 1
	expect_eq override "$(sj .liveness.override)" rpd-up &&
	expect_eq in_effect "$(sj .liveness.in_effect)" false &&
	ping_fails $LAB_MN4 && ping_fails $LAB_MN6 || return 1
	n1=$(stat_pkts pass_not_in_effect) || return 1
	[ $((n1 - n0)) -ge 4 ] || fail "pass_not_in_effect increased by $((n1 - n0)), expected >= 4" || return 1

	xbr_run rpd down
	expect_error 0 "xbr rpd down" || return 1
	expect_eq override "$(sj .liveness.override)" rpd-down &&
	expect_eq in_effect "$(sj .liveness.in_effect)" true &&
	ping_ok $LAB_MN4 && ping_ok $LAB_MN6 || return 1

	xbr_run rpd auto
	expect_error 0 "xbr rpd auto" || return 1
	expect_eq override "$(sj .liveness.override)" auto &&
	expect_eq in_effect "$(sj .liveness.in_effect)" true &&
	ping_ok $LAB_MN4 && ping_ok $LAB_MN6
}

t_role_backup() {
	xbr_run rpd up
	expect_error 0 "xbr rpd up" || return 1
	ping_fails $LAB_MN4 || return 1
	xbr_run role backup
	expect_error 0 "xbr role backup" || return 1
	expect_eq role "$(sj .liveness.role)" backup &&
	expect_eq in_effect "$(sj .liveness.in_effect)" true &&
	ping_ok $LAB_MN4 && ping_ok $LAB_MN6 || return 1
	xbr_run role primary
	expect_error 0 "xbr role primary" || return 1
	expect_eq role "$(sj .liveness.role)" primary &&
	ping_fails $LAB_MN6 || return 1
	xbr_run rpd auto
	expect_error 0 "xbr rpd auto"
}

# ping -c 5 → exactly 5 more fwd_redirect packets and 5 more on the destination.
counts_five() { # dst prefix
	local f0 d0 f1 d1
	f0=$(stat_pkts fwd_redirect) && d0=$(dest_pkts "$2") || return 1
	ping_ok "$1" 5 || return 1
	f1=$(stat_pkts fwd_redirect) && d1=$(dest_pkts "$2") || return 1
	expect_eq "fwd_redirect increase" $((f1 - f0)) 5 &&
	expect_eq "$2 packets increase" $((d1 - d0)) 5
}
t_counters_v4() { counts_five $LAB_MN4 172.16.0.0/13; }
t_counters_v6() { counts_five $LAB_MN6 2001:db8:ffff::/48; }

# Outside the destinations: the router has no route and answers unreachable;
# xbr counts pass_no_route and forwards nothing.
t_no_route() {
	local n0 f0 t0 n1 f1 t1
	n0=$(stat_pkts pass_no_route) && f0=$(stat_pkts fwd_redirect) && t0=$(stat_pkts fwd_tx) || return 1
	ping_fails 10.99.0.1 && ping_fails 2001:db8:99::1 || return 1
	# (ping -q: the ICMP unreachables show as "+N errors")
	grep -q '+[0-9]* errors' "$W/ping" || { cat "$W/ping"; fail "no ICMP unreachable from the router"; return 1; }
	n1=$(stat_pkts pass_no_route) && f1=$(stat_pkts fwd_redirect) && t1=$(stat_pkts fwd_tx) || return 1
	[ $((n1 - n0)) -ge 4 ] || fail "pass_no_route increased by $((n1 - n0)), expected >= 4" || return 1
	expect_eq "fwd_redirect increase" $((f1 - f0)) 0 &&
	expect_eq "fwd_tx increase" $((t1 - t0)) 0
}

t_attach_twice() {
	attach
	expect_error 1 "second attach on rt-cl" || return 1
	cat "$W/err"
	# ... and the first one keeps working.
	ping_ok $LAB_MN4
}

t_detach() { # [IFACE]
	xbr_run detach "$@"
	expect_error 0 "xbr detach $*" || return 1
	expect_clean || return 1
	ping_fails $LAB_MN4
}

# Gateway not on a connected subnet: attach refuses, leaves nothing behind.
t_unreachable_gateway() {
	echo 'set system backup-router 10.1.1.1 destination 172.16.0.0/13' |
		lab_xbr attach -c - -m "$MODE" rt-cl >"$W/out" 2>"$W/err"
	RC=$?
	expect_error 1 "attach with unreachable gateway" || return 1
	cat "$W/err"
	expect_clean
}

# ---- tests without traffic -------------------------------------------------

t_check_ok() {
	xbr_run check -c "$CONF"
	cat "$W/out" "$W/err"
	expect_error 0 "xbr check $CONF" || return 1
	local p
	for p in 192.0.2.254 172.16.0.0/13 172.24.0.0/13 2001:db8:1::fe 2001:db8:ffff::/48; do
		grep -qF "$p" "$W/out" || fail "'$p' not in check output" || return 1
	done
	xbr_run check -j -c "$CONF"
	expect_error 0 "xbr check -j" || return 1
	jq -e . "$W/out" >/dev/null || fail "check -j: not JSON"
}

# The brace form of the example means the same as the set form (which check -j names).
t_check_hierarchy() {
	local strip='del(.file, .format) | walk(if type == "object" then del(.location) else . end)'
	xbr_run check -j -c "$CONF_HIER"
	expect_error 0 "xbr check -j -c $CONF_HIER" || return 1
	jq -S "$strip" "$W/out" >"$W/hier.json" || return 1
	xbr_run check -j -c "$CONF"
	expect_error 0 "xbr check -j -c $CONF" || return 1
	jq -S "$strip" "$W/out" >"$W/set.json" || return 1
	diff -u "$W/set.json" "$W/hier.json" || fail "set and brace forms differ"
}

# The management interface does not hold the gateway's subnet: refused.
t_wrong_mgmt() {
	xbr_run attach -c "$CONF" --mgmt rt-cl -m "$MODE" rt-cl
	expect_error 1 "attach --mgmt rt-cl" || return 1
	cat "$W/err"
	expect_clean
}

t_check_broken() {
	local f=$W/broken.conf
	printf '%s\n' '# a comment line' \
		'set system backup-router 192.0.2.254 destination [ 172.16.0.0/13 172.16.0.0/33 ]' >"$f"
	xbr_run check -c "$f"
	cat "$W/err"
	[ "$RC" = 1 ] || fail "exit $RC, expected 1" || return 1
	grep -Eq "(^|xbr: )$f:2:[0-9]+: " "$W/err" || fail "no '$f:2:COL: message' on stderr"
}

t_bad_mode() {
	xbr_run attach -c "$CONF" -m turbo rt-cl
	expect_error 2 "attach -m turbo" || return 1
	cat "$W/err"
	expect_clean || return 1
	xbr_run frobnicate
	expect_error 2 "unknown command"
}

# ---- main --------------------------------------------------------------------

suite_begin test_integration ethtool
lab_xdp_tx_peer || suite_cannot_start test_integration "no XDP program for the client's end"

echo "== xbr integration ($XBR, lab $LAB_ID)"
run_test "check: $(basename "$CONF") is valid" t_check_ok
run_test "check: set and brace forms of the example agree" t_check_hierarchy
run_test "check: broken file → FILE:LINE:COL, exit 1" t_check_broken
run_test "usage: -m turbo and unknown command → exit 2" t_bad_mode

for MODE in $MODES; do
	echo "== mode $MODE"
	SKIP=""
	run_test "$MODE: unreachable gateway → attach fails, nothing left" t_unreachable_gateway
	run_test "$MODE: gateway not on --mgmt interface → attach fails, nothing left" t_wrong_mgmt
	how="-c FILE"
	[ "$MODE" = skb ] && [ -r "$CONF_HIER" ] && how="brace form on stdin, --mgmt rt-mg"
	run_test "$MODE: attach rt-cl ($how)" t_attach || SKIP="attach failed"
	run_test "$MODE: status -j after attach (rpd unknown, gateways resolved)" t_status
	run_test "$MODE: ping v4 via backup router, rpd unknown" t_ping_v4
	run_test "$MODE: ping v6 via backup router, rpd unknown" t_ping_v6
	run_test "$MODE: v4 requests bypass the router's kernel, cross the gateway" t_path_v4
	run_test "$MODE: v6 requests bypass the router's kernel, cross the gateway" t_path_v6
	run_test "$MODE: v4 TTL decremented (time exceeded from the gateway)" t_ttl_v4
	run_test "$MODE: v6 hop limit decremented (time exceeded from the gateway)" t_ttl_v6
	run_test "$MODE: TTL 1 → time exceeded from the router (icmp_time_exceeded)" t_ttl1
	run_test "$MODE: rpd up → no forwarding; down/auto → forwarding" t_rpd_up_down
	run_test "$MODE: role backup forwards while rpd up" t_role_backup
	run_test "$MODE: v4 counters +5 for ping -c 5" t_counters_v4
	run_test "$MODE: v6 counters +5 for ping -c 5" t_counters_v6
	run_test "$MODE: outside the destinations → pass_no_route" t_no_route
	run_test "$MODE: second attach on rt-cl → exit 1" t_attach_twice
	if [ "$MODE" = native ]; then
		run_test "$MODE: detach rt-cl → no XDP, no pins" t_detach rt-cl
	else
		run_test "$MODE: detach (all) → no XDP, no pins" t_detach
	fi
	SKIP=""
	# Whatever happened, start the next mode from a clean router.
	lab_xbr detach >/dev/null 2>&1
done

suite_end
