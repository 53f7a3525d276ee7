#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# traceroute and path-MTU discovery through xbr (tests/lab/lab.sh), with a
# management MTU (1400, rt-mg and gw-rt) below the client's (1500), in both
# deployments: plain `xbr attach`, where the kernel has no route and xbr
# answers expired and oversize packets itself, and `xbr run
# --install-routes`, where the kernel does. IPv4 and IPv6: `tracepath` shows
# the router, the backup router, then the management host, and a path MTU of
# 1400 learnt from the router; `ping -M do` gets fragmentation needed /
# packet too big with MTU 1400 from the router's address, then fits. Then
# `xbr run` without kernel routes follows the management MTU as it changes
# (1300, and back): xbr's own answers carry the new one.
#
#   tests/lab/test_pmtu.sh            (needs root)
#
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.

# shellcheck source=tests/lab/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/suite.sh"
MTU=1400
DAEMON_PID=""
DEPLOY=""

deploy_attach() { xbr_run attach -c "$CONF" -m native rt-cl; [ "$RC" = 0 ] || { cat "$W/err"; return 1; }; }

routes_in() { [ "$(lab_ns rt ip route show proto 250 | wc -l)" = 2 ]; }
deploy_run() {
	lab_xbr_daemon run -c "$CONF" -m native --install-routes --rpd-pidfile "$W/rpd.pid" rt-cl \
		>"$W/daemon.out" 2>"$W/daemon.err" &
	DAEMON_PID=$!
	wait_for 10 "xbr run with its kernel routes in" routes_in
}

# (jq -e says yes to no input at all: the pid is compared in the shell.)
daemon_attached() { [ "$(lab_xbr status -j 2>/dev/null | jq -r '.daemon.pid // 0')" -gt 0 ] 2>/dev/null; }
deploy_follow() {
	lab_xbr_daemon run -c "$CONF" -m native --rpd-pidfile "$W/rpd.pid" rt-cl \
		>"$W/daemon.out" 2>"$W/daemon.err" &
	DAEMON_PID=$!
	wait_for 10 "xbr run attached" daemon_attached
}

# gateway_mtu family: the egress MTU the datapath holds for the family's gateway.
gateway_mtu() {
	lab_xbr status -j | jq -r ".gateways[] | select(.family == \"$1\") | .mtu"
}

# What the client learnt of the path before goes: every test discovers it again.
forget_pmtu() { lab_ns cl ip route flush cache; lab_ns cl ip -6 route flush cache; }

# The counter that says who answered: xbr (plain attach) or the kernel (its routes in).
answered_by() { # icmp_reason pass_reason
	if [ "$DEPLOY" = attach ]; then echo "$1"; else echo "$2"; fi
}

# ping_pmtu family dst router [mtu]: too big first, then the size that fits gets through.
ping_pmtu() {
	local six="" head=28 reason n0 n1 MTU=${4:-$MTU}
	[ "$1" = 6 ] && six=-6 head=48
	reason=$(answered_by icmp_too_big pass_too_big)
	forget_pmtu
	n0=$(stat_pkts "$reason") || return 1
	lab_ns cl ping $six -n -M do -s $((MTU - head + 50)) -c 2 -i 0.2 -W 1 "$2" >"$W/ping" 2>&1
	cat "$W/ping"
	if [ "$1" = 4 ]; then
		grep -q "^From $3 icmp_seq=1 Frag needed and DF set (mtu = $MTU)" "$W/ping" ||
			fail "no fragmentation needed (mtu $MTU) from $3" || return 1
		grep -q "local error: message too long, mtu=$MTU" "$W/ping" ||
			fail "the client did not learn the path MTU" || return 1
	else
		grep -q "^From $3 icmp_seq=1 Packet too big: mtu=$MTU" "$W/ping" ||
			fail "no packet too big (mtu $MTU) from $3" || return 1
		grep -q "local error: message too long, mtu: $MTU" "$W/ping" ||
			fail "the client did not learn the path MTU" || return 1
	fi
	n1=$(stat_pkts "$reason") || return 1
	expect_eq "$reason" $((n1 - n0)) 1 || return 1
	lab_ns cl ping $six -n -M do -s $((MTU - head)) -c 1 -W 1 "$2" >"$W/ping" 2>&1 ||
		{ cat "$W/ping"; fail "a $MTU-byte packet did not get through"; }
}

# tracepath_pmtu family dst router gateway: the hops and the path MTU.
tracepath_pmtu() {
	local six="" reason n0 n1
	[ "$1" = 6 ] && six=-6
	reason=$(answered_by icmp_time_exceeded pass_ttl)
	forget_pmtu
	n0=$(stat_pkts "$reason") || return 1
	lab_ns cl tracepath $six -n -m 5 "$2" >"$W/trace" 2>&1
	cat "$W/trace"
	grep -Eq "^ 1: +$3 " "$W/trace" || fail "hop 1 is not the router $3" || return 1
	grep -Eq "^ 2: +$3 .*pmtu $MTU" "$W/trace" || fail "no path MTU $MTU from the router" ||
		return 1
	grep -Eq "^ 2: +$4 " "$W/trace" || fail "hop 2 is not the backup router $4" || return 1
	grep -Eq "^ 3: +$2 .*reached" "$W/trace" || fail "$2 not reached at hop 3" || return 1
	grep -q "Resume: pmtu $MTU hops 3 back 3" "$W/trace" || fail "tracepath's summary" ||
		return 1
	n1=$(stat_pkts "$reason") || return 1
	[ $((n1 - n0)) -ge 2 ] || fail "$reason moved by $((n1 - n0)), expected at least 2"
}

t_ping_v4() { ping_pmtu 4 $LAB_MN4 $LAB_RTC4; }
t_ping_v6() { ping_pmtu 6 $LAB_MN6 $LAB_RTC6; }
t_tracepath_v4() { tracepath_pmtu 4 $LAB_MN4 $LAB_RTC4 $LAB_GW4; }
t_tracepath_v6() { tracepath_pmtu 6 $LAB_MN6 $LAB_RTC6 $LAB_GW6; }

# The management MTU changed under xbr run: the gateways' entries follow
# (RTM_NEWLINK), and so do the errors xbr sends; then back.
t_follow() {
	local m
	for m in 1300 $MTU; do
		lab_ns rt ip link set rt-mg mtu $m || return 1
		wait_for 5 "inet gateway's MTU $m" '[ "$(gateway_mtu inet)" = $m ]' &&
			wait_for 5 "inet6 gateway's MTU $m" '[ "$(gateway_mtu inet6)" = $m ]' ||
			{ lab_xbr status -j | jq -c '.gateways'; return 1; }
		grep -q "backup router $LAB_GW4: egress MTU $m" "$W/daemon.err" ||
			fail "the daemon did not say the MTU changed to $m" || return 1
		ping_pmtu 4 $LAB_MN4 $LAB_RTC4 $m || return 1
		ping_pmtu 6 $LAB_MN6 $LAB_RTC6 $m || return 1
	done
}

cleanup_test() { :; }

undeploy() {
	daemon_stop
	lab_xbr detach >/dev/null 2>&1
}

suite_begin pmtu tracepath || exit 1
lab_ns rt ip link set rt-mg mtu $MTU && lab_ns gw ip link set gw-rt mtu $MTU ||
	suite_cannot_start pmtu "cannot set the management MTU"
lab_xdp_tx_peer || suite_cannot_start pmtu "no XDP program for the client's end"
for DEPLOY in attach run; do
	SKIP=""
	run_test "$DEPLOY: xbr $DEPLOY" "deploy_$DEPLOY" || SKIP="xbr $DEPLOY failed"
	for t in t_ping_v4 t_ping_v6 t_tracepath_v4 t_tracepath_v6; do
		run_test "$DEPLOY: ${t#t_}" "$t"
	done
	undeploy
done
DEPLOY=attach # xbr answers: no kernel routes
SKIP=""
run_test "follow: xbr run without kernel routes" deploy_follow || SKIP="xbr run failed"
run_test "follow: the management MTU changes" t_follow
undeploy
SKIP=""
suite_end
