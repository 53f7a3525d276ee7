#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# The `xbr run` daemon in the namespace lab (tests/lab/lab.sh), with a stand-in
# routing daemon: a copy of sleep(1) named "rpd", found by its pidfile.
#
#   tests/lab/test_daemon.sh            (needs root)
#
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.

# shellcheck source=tests/lab/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/suite.sh"
MODE=native
UP_DELAY=1
DAEMON_PID=""
RPD_PID=""

# ---- the daemon under test (the stand-in rpd: rpd_start, rpd_kill in testlib.sh)

# daemon_start [xbr run options...]: xbr run in the router namespace, in the background.
daemon_start() {
	lab_xbr_daemon run -c "$CONF" -m "$MODE" --rpd-pidfile "$W/rpd.pid" --up-delay "$UP_DELAY" \
		"$@" rt-cl >"$W/daemon.out" 2>"$W/daemon.err" &
	DAEMON_PID=$!
	# ready once the daemon has written its view (it attaches first)
	wait_for 5 "daemon running" daemon_running
}

daemon_running() {
	[ "$(lab_xbr status -j 2>/dev/null | jq -r '.daemon.running // false')" = true ]
}

rpd_is() { [ "$(sj .liveness.rpd)" = "$1" ]; }

# kroutes_are N: the router has N IPv4 routes of xbr's protocol (250).
kroutes_are() { [ "$(lab_ns rt ip route show proto 250 | wc -l)" = "$1" ]; }

# has_dest PREFIX true|false: is PREFIX among the destinations in `xbr status`?
has_dest() { [ "$(sj "any(.destinations[]; .prefix == \"$1\")")" = "$2" ]; }

cleanup_test() {
	daemon_stop
	rpd_kill
	lab_xbr detach >/dev/null 2>&1
	rm -f "$W/rpd.pid"
	lab_ns rt ip route flush proto boot >/dev/null 2>&1 # what a test added
}

# ---- tests ----------------------------------------------------------------------

# rpd running when the daemon starts: withdrawn; killed: forwarded at once.
t_rpd_killed() {
	rpd_start
	daemon_start || return 1
	# a fresh rpd counts as up once it has run for --up-delay
	wait_for $((UP_DELAY + 2)) "rpd up" 'rpd_is up' || return 1
	ping_fails "$LAB_MN4" || return 1
	rpd_kill
	# The pidfd wakes the daemon at once: well inside one ping interval.
	wait_for 1 "rpd down after SIGKILL" 'rpd_is down' || return 1
	ping_ok "$LAB_MN4" 1 && ping_ok "$LAB_MN6" 1
}

# A new rpd (pidfile rewritten) is handed back only after --up-delay.
t_rpd_restart_up_delay() {
	daemon_start || return 1
	rpd_is down || { fail "no rpd at start, status says $(sj .liveness.rpd)"; return 1; }
	rpd_start
	wait_for 1 "new rpd seen" '[ "$(sj .daemon.rpd_pending)" = true ]' || return 1
	expect_eq "rpd while waiting out --up-delay" "$(sj .liveness.rpd)" down || return 1
	ping_ok "$LAB_MN4" 1 || return 1
	wait_for $((UP_DELAY + 2)) "rpd up after --up-delay" 'rpd_is up' || return 1
	expect_eq "daemon's rpd pid" "$(sj .daemon.rpd_pid)" "$RPD_PID" || return 1
	ping_fails "$LAB_MN4"
}

# The daemon dies while rpd is up: the XDP program stays, and the heartbeat
# deadline hands forwarding back to the backup router on its own.
t_daemon_killed_heartbeat() {
	rpd_start
	daemon_start --heartbeat-timeout 1 || return 1
	wait_for $((UP_DELAY + 2)) "rpd up" 'rpd_is up' || return 1
	ping_fails "$LAB_MN4" || return 1
	kill -9 "$DAEMON_PID"
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=""
	[ -n "$(lab_xdp_on rt-cl)" ] || { fail "XDP program gone with the daemon"; return 1; }
	wait_for 3 "heartbeat deadline" '[ "$(sj .liveness.in_effect)" = true ]' || return 1
	ping_ok "$LAB_MN4" 1 && ping_ok "$LAB_MN6" 1
}

# SIGHUP applies a changed config: new destinations forwarded, removed ones not.
t_sighup_reload() {
	local live="$W/live.conf"

	cp "$CONF" "$live"
	CONF=$live daemon_start || return 1
	ping_ok "$LAB_MN4" 1 || return 1
	# the daemon reads -c again on SIGHUP: 172.16.0.0/13 out, 172.24.0.0/13 stays
	printf 'set system backup-router %s destination 172.24.0.0/13\n' "$LAB_GW4" >"$live"
	printf 'set system inet6-backup-router %s destination 2001:db8:ffff::/48\n' "$LAB_GW6" >>"$live"
	kill -HUP "$DAEMON_PID"
	wait_for 3 "172.16.0.0/13 removed" 'has_dest 172.16.0.0/13 false' || return 1
	ping_fails "$LAB_MN4" || return 1
	ping_ok "$LAB_MN6" 1 || return 1
	cp "$CONF" "$live"
	kill -HUP "$DAEMON_PID"
	wait_for 3 "172.16.0.0/13 back" 'has_dest 172.16.0.0/13 true' || return 1
	ping_ok "$LAB_MN4" 1
}

# `xbr reload` beside a running daemon: the daemon follows the kernel routes
# inside the destinations the reload added (a kernel route there takes
# precedence, as a defer entry), not only those it started with.
t_reload_beside_daemon() {
	local live="$W/live.conf"

	daemon_start || return 1
	{ cat "$CONF"; printf 'set system backup-router destination 10.77.0.0/16\n'; } >"$live"
	lab_xbr reload -c "$live" >/dev/null 2>"$W/err" || { cat "$W/err"; fail "reload"; return 1; }
	has_dest 10.77.0.0/16 true || { fail "10.77.0.0/16 not a destination"; return 1; }
	expect_eq "defer entries before" "$(sj .defer_entries)" 0 || return 1
	lab_ns rt ip route add 10.77.1.0/24 via "$LAB_GW4" || return 1
	wait_for 2 "defer entry for 10.77.1.0/24" '[ "$(sj .defer_entries)" = 1 ]' || return 1
	lab_ns rt ip route del 10.77.1.0/24 via "$LAB_GW4" || return 1
	wait_for 2 "defer entry gone" '[ "$(sj .defer_entries)" = 0 ]'
}

# Hundreds of reloads, alternating between two configurations that both hold
# 172.16.0.0/13 but through two addresses of the backup router (so the
# gateway slot flips every time), while the client pings without pause:
# not one packet lost, every one counted on its destination.
t_reload_under_traffic() {
	local a="$W/a.conf" b="$W/b.conf" sent=400 before after i
	lab_ns gw ip addr add 192.0.2.253/24 dev gw-rt
	printf 'set system backup-router %s destination [ 172.16.0.0/13 172.24.0.0/13 ]\n' \
		"$LAB_GW4" >"$a"
	printf 'set system backup-router 192.0.2.253 destination 172.16.0.0/13\n' >"$b"
	lab_xbr attach -c "$a" -m "$MODE" rt-cl >/dev/null 2>"$W/err" || { cat "$W/err"; return 1; }
	before=$(dest_pkts 172.16.0.0/13) || return 1
	lab_ns cl ping -n -q -c $sent -i 0.01 -W 1 "$LAB_MN4" >"$W/flood" 2>&1 &
	local ping_pid=$!
	i=0
	while kill -0 $ping_pid 2>/dev/null && [ $i -lt 1000 ]; do
		if [ $((i % 2)) = 0 ]; then cfg=$b; else cfg=$a; fi
		lab_xbr reload -c "$cfg" >/dev/null 2>"$W/err" || { cat "$W/err"; fail "reload $i"; }
		i=$((i + 1))
	done
	wait $ping_pid
	local rc=$?
	lab_ns gw ip addr del 192.0.2.253/24 dev gw-rt
	cat "$W/flood"
	echo "$i reloads during the ping"
	[ $rc = 0 ] || { fail "packets lost during reloads"; return 1; }
	[ "$i" -ge 100 ] || { fail "only $i reloads ran"; return 1; }
	grep -q " $sent received, 0% packet loss" "$W/flood" || { fail "loss"; return 1; }
	after=$(dest_pkts 172.16.0.0/13) || return 1
	expect_eq "packets counted on 172.16.0.0/13" $((after - before)) $sent
}

# map_field MAP FIELD: a field of a one-entry map, as bpftool reads it (no
# lock taken: `xbr status` waits for a reload to finish).
map_field() {
	lab_ns rt bpftool -j map lookup pinned "$LAB_PIN_DIR/$1" key 0 0 0 0 | jq -er ".formatted.value.$2"
}

# rpd_down_while_busy: wait for rpd down; was the reload still under way then?
rpd_down_while_busy() {
	local flags state deadline=$((SECONDS + 5))
	while [ $SECONDS -lt $deadline ]; do
		# the reload first: if it still runs after rpd is down, it did before too
		state=$(map_field rpd_liveness rpd_state) && flags=$(map_field daemon_state flags) ||
			return 1
		if [ "$state" = 2 ]; then # XBR_RPD_DOWN
			[ $((flags & 8)) != 0 ] && return 0 # XBR_DAEMON_TABLES_BUSY
			fail "rpd down only once the reload was over"
			return 1
		fi
		sleep 0.01
	done
	fail "rpd not down 5 s after SIGKILL"
}

# A SIGHUP reload that rewrites 300,000 defer entries takes a while: rpd's
# death is acted on while it is still under way, not after it.
t_rpd_killed_during_reload() {
	local live="$W/live.conf"

	# 65,536 /24 in 10.0.0.0/8 and 234,464 /32 in 100.64.0.0/10
	awk 'BEGIN { for (i = 0; i < 65536; i++)
			printf "route add 10.%d.%d.0/24 via 192.0.2.254\n", i / 256, i % 256
		for (i = 0; i < 234464; i++)
			printf "route add 100.%d.%d.%d/32 via 192.0.2.254\n", 64 + i / 65536,
				i / 256 % 256, i % 256 }' >"$W/routes"
	lab_ns rt ip -batch "$W/routes" || { fail "ip -batch"; return 1; }
	{ cat "$CONF"; printf 'set system backup-router %s destination [ 10.0.0.0/8 100.64.0.0/10 ]\n' \
		"$LAB_GW4"; } >"$live"
	rpd_start
	CONF=$live daemon_start || return 1
	wait_for $((UP_DELAY + 30)) "rpd up" '[ "$(map_field rpd_liveness rpd_state)" = 1 ]' || return 1
	kill -HUP "$DAEMON_PID"
	wait_for 10 "reload under way" '[ $(($(map_field daemon_state flags) & 8)) != 0 ]' || return 1
	rpd_kill
	rpd_down_while_busy || return 1
	wait_for 60 "reload done" '[ $(($(map_field daemon_state flags) & 8)) = 0 ]' || return 1
	ping_ok "$LAB_MN4" 1 || return 1
	grep -q "reloaded $live" "$W/daemon.err" || { cat "$W/daemon.err"; fail "no reload"; return 1; }
}

# --install-routes: kernel routes while in effect, none while rpd is up.
t_install_routes() {
	daemon_start --install-routes || return 1
	wait_for 2 "kernel routes installed" 'kroutes_are 2' || return 1
	expect_eq "IPv6 kernel routes" "$(lab_ns rt ip -6 route show proto 250 | wc -l)" 1 || return 1
	# the router's own traffic follows them
	lab_ns rt ping -n -q -c 1 -W 1 "$LAB_MN4" >/dev/null || { fail "router's own ping"; return 1; }
	rpd_start
	wait_for $((UP_DELAY + 2)) "rpd up" 'rpd_is up' || return 1
	wait_for 1 "kernel routes withdrawn" 'kroutes_are 0' || return 1
	lab_xbr rpd down >/dev/null
	wait_for 1 "kernel routes back after 'xbr rpd down'" 'kroutes_are 2' || return 1
	daemon_stop
	expect_eq "kernel routes after the daemon stopped" \
		"$(lab_ns rt ip route show proto 250 | wc -l)" 0
}

# SIGTERM detaches and removes the pins; --keep leaves forwarding in place.
t_stop_and_keep() {
	daemon_start || return 1
	daemon_stop
	expect_clean || return 1
	daemon_start --keep || return 1
	daemon_stop
	[ -n "$(lab_xdp_on rt-cl)" ] || { fail "--keep: XDP program gone"; return 1; }
	ping_ok "$LAB_MN4" 1 || return 1
	# a new daemon adopts the instance left in place
	daemon_start || return 1
	grep -q "adopted" "$W/daemon.err" || { cat "$W/daemon.err"; fail "not adopted"; return 1; }
	daemon_stop
	expect_clean
}

main() {
	suite_begin test_daemon
	cp /bin/sleep "$W/rpd"
	lab_gro_on
	run_tests t_rpd_killed t_rpd_restart_up_delay t_daemon_killed_heartbeat t_sighup_reload \
		t_reload_beside_daemon t_reload_under_traffic t_rpd_killed_during_reload \
		t_install_routes t_stop_and_keep
	suite_end
}

main "$@"
