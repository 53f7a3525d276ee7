#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Precedence of active and more specific kernel routes over backup
# destinations, and their live tracking by `xbr run`, in the namespace lab
# (tests/lab/lab.sh). The kernel's own forwarding is told apart from xbr's by the
# router's IP forwarding counter (every request and reply through its kernel)
# and by xbr's counters (pass_defer vs fwd_redirect).
#
#   tests/lab/test_precedence.sh        (needs root)

# shellcheck source=tests/lab/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/suite.sh"
DAEMON_PID=""
N=4

attach() {
	lab_xbr attach -c "$CONF" rt-cl >"$W/out" 2>"$W/err" || { cat "$W/err"; fail "attach"; }
}

daemon_start() {
	lab_xbr_daemon run -c "$CONF" --rpd-pidfile "$W/none.pid" rt-cl \
		>"$W/daemon.out" 2>"$W/daemon.err" &
	DAEMON_PID=$!
	wait_for 5 "daemon running" \
		'[ "$(lab_xbr status -j 2>/dev/null | jq -r ".daemon.running // false")" = true ]'
}

# ping N times and say who forwarded the requests: "kernel" (the router's
# forwarding counter rose by 2N: requests and replies, and xbr deferred N),
# "xbr" (it rose by N: replies only, and xbr forwarded N), or "other".
who_forwards() { # DST
	local fwd0 fwd1 def0 def1 red0 red1
	fwd0=$(lab_forwarded rt 4) def0=$(stat_pkts pass_defer) red0=$(stat_pkts fwd_redirect)
	lab_ns cl ping -n -q -c $N -i 0.1 -W 1 "$1" >"$W/ping" 2>&1 || { cat "$W/ping"; echo none; return; }
	fwd1=$(lab_forwarded rt 4) def1=$(stat_pkts pass_defer) red1=$(stat_pkts fwd_redirect)
	if [ $((fwd1 - fwd0)) = $((2 * N)) ] && [ $((def1 - def0)) = $N ] && [ $red1 = "$red0" ]; then
		echo kernel
	elif [ $((fwd1 - fwd0)) = $N ] && [ $((red1 - red0)) = $N ]; then
		echo xbr
	else
		echo "other (forwarded +$((fwd1 - fwd0)), defer +$((def1 - def0)), xbr +$((red1 - red0)))"
	fi
}

route() { lab_ns rt ip route "$@"; }

# ---- one-shot attach: the routes present at attach time --------------------------

t_more_specific_wins() {
	route add 172.16.5.0/24 via "$LAB_GW4"
	attach || return 1
	expect_eq "172.16.5.10 with a /24 kernel route" "$(who_forwards "$LAB_MN4")" kernel
}

t_equal_prefix_wins() {
	route add 172.16.0.0/13 via "$LAB_GW4"
	attach || return 1
	expect_eq "kernel_route_wins on 172.16.0.0/13" \
		"$(sj '.destinations[] | select(.prefix == "172.16.0.0/13") | .kernel_route_wins')" true || return 1
	expect_eq "172.16.5.10 with an equal kernel route" "$(who_forwards "$LAB_MN4")" kernel
}

t_less_specific_loses() {
	route add 172.16.0.0/12 via "$LAB_GW4"
	route add default via "$LAB_GW4"
	attach || return 1
	expect_eq "172.16.5.10 with /12 and default kernel routes" "$(who_forwards "$LAB_MN4")" xbr
}

# A local address inside a backup destination is delivered locally: the
# router itself answers (TTL 64 from the router, not 63 from the host behind).
t_local_address() {
	lab_ns rt ip addr add 172.16.9.1/32 dev lo
	attach || return 1
	lab_ns cl ping -n -c 1 -W 1 172.16.9.1 >"$W/ping" 2>&1 || { cat "$W/ping"; fail "ping"; return 1; }
	grep -q "ttl=64" "$W/ping" || { cat "$W/ping"; fail "not answered by the router"; return 1; }
	expect_eq "pass_defer" "$(stat_pkts pass_defer)" 1
}

# --ignore-proto leaves routes of that protocol out: a dead routing daemon's
# routes (here: proto zebra) need not block the backup path.
t_ignore_proto() {
	route add 172.16.5.0/24 via "$LAB_GW4" proto zebra
	lab_xbr attach -c "$CONF" --ignore-proto zebra rt-cl >/dev/null 2>"$W/err" ||
		{ cat "$W/err"; fail "attach --ignore-proto"; return 1; }
	expect_eq "172.16.5.10 with an ignored zebra /24" "$(who_forwards "$LAB_MN4")" xbr
}

# ---- the daemon follows changes -------------------------------------------------------

t_route_added_removed_live() {
	daemon_start || return 1
	expect_eq "before the route" "$(who_forwards "$LAB_MN4")" xbr || return 1
	route add 172.16.5.0/24 via "$LAB_GW4"
	wait_for 1 "defer entry for 172.16.5.0/24" '[ "$(sj .defer_entries)" -ge 1 ]' || return 1
	expect_eq "after adding a /24" "$(who_forwards "$LAB_MN4")" kernel || return 1
	route del 172.16.5.0/24
	wait_for 1 "defer entry removed" '[ "$(sj .defer_entries)" = 0 ]' || return 1
	expect_eq "after removing it" "$(who_forwards "$LAB_MN4")" xbr || return 1
	route add 172.16.0.0/13 via "$LAB_GW4"
	wait_for 1 "equal route shadows" \
		'[ "$(sj ".destinations[] | select(.prefix == \"172.16.0.0/13\") | .kernel_route_wins")" = true ]' || return 1
	route del 172.16.0.0/13
	wait_for 1 "destination back" \
		'[ "$(sj ".destinations[] | select(.prefix == \"172.16.0.0/13\") | .kernel_route_wins")" = false ]' || return 1
	expect_eq "after removing the equal route" "$(who_forwards "$LAB_MN4")" xbr
}

# The backup router's address moves to another MAC: traffic follows.
t_gateway_mac_changes() {
	local mac=02:00:5e:00:53:fe
	daemon_start || return 1
	ping_ok "$LAB_MN4" 2 || return 1
	lab_ns gw ip link set gw-rt address $mac
	lab_ns rt ip neigh replace "$LAB_GW4" lladdr $mac dev rt-mg nud reachable
	wait_for 1 "gateway MAC $mac" \
		'[ "$(sj ".gateways[] | select(.family == \"inet\") | .mac")" = "'$mac'" ]' || return 1
	ping_ok "$LAB_MN4" 2
}

# The egress link goes down: packets go to the kernel, counted; up: forwarded again.
t_egress_link_down_up() {
	local before
	daemon_start || return 1
	ping_ok "$LAB_MN4" 1 || return 1
	lab_ns rt ip link set rt-mg down
	wait_for 1 "gateway unresolved" \
		'[ "$(sj ".gateways[] | select(.family == \"inet\") | .resolved")" = false ]' || return 1
	before=$(stat_pkts pass_unresolved)
	lab_ns cl ping -n -q -c 2 -i 0.1 -W 1 "$LAB_MN4" >/dev/null 2>&1
	expect_eq "pass_unresolved while the link is down" $(($(stat_pkts pass_unresolved) - before)) 2 || return 1
	lab_ns rt ip link set rt-mg up
	lab_ns rt ip addr add "$LAB_RTM4/24" dev rt-mg 2>/dev/null
	wait_for 5 "gateway resolved again" \
		'[ "$(sj ".gateways[] | select(.family == \"inet\") | .resolved")" = true ]' || return 1
	ping_ok "$LAB_MN4" 2
}

cleanup_test() {
	daemon_stop
	lab_xbr detach >/dev/null 2>&1
	for r in 172.16.5.0/24 172.16.0.0/13 172.16.0.0/12 default; do
		route del $r 2>/dev/null
	done
	lab_ns rt ip addr del 172.16.9.1/32 dev lo 2>/dev/null
	lab_ns rt ip link set rt-mg up
}

main() {
	suite_begin test_precedence
	run_tests t_more_specific_wins t_equal_prefix_wins t_less_specific_loses t_local_address \
		t_ignore_proto t_route_added_removed_live t_gateway_mac_changes \
		t_egress_link_down_up
	suite_end
}

main "$@"
