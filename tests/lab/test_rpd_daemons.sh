#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# xbr run against the routing daemons users run, Debian's FRR (zebra with
# staticd) and BIRD 2, in the lab's router namespace. Each installs a
# static route via the same backup router:
#
#   running     its route (172.16.0.0/12) wins: the kernel forwards, xbr not
#   stopped     it takes its route away and exits; xbr takes over at once
#   restarted   its route is back at once, but less specific than the
#               backup destination 172.16.0.0/13: xbr forwards until
#               --up-delay has passed, then the kernel does again
#   SIGKILLed   its route (now 172.16.5.0/24, inside the destination) stays
#               in the kernel and, as the README says, wins (Junos keeps
#               such routes too): the kernel forwards on it; with
#               --ignore-proto for the daemon's protocol, xbr does
#
# Who forwarded is told by the counters: the router's IP forwarding counter
# for the kernel, fwd_redirect for xbr.
#
#   tests/lab/test_rpd_daemons.sh        (needs root, frr and bird2: make deps)
#
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.

# shellcheck source=tests/lab/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/suite.sh"
# shellcheck source=tests/lab/hitless.sh
. "$HERE/hitless.sh"

UP_DELAY=2
DAEMON_PID=""
RD=""		  # frr or bird: the routing daemon under test
RD_PIDFILE=""	  # its pidfile (zebra's for FRR)
RD_PROCESS=""	  # its process name
RD_PROTO=""	  # the protocol of its routes, as --ignore-proto takes it
ROUTE=172.16.5.0/24 # the route the daemon installs (t_stop_and_restart: a less specific one)
FRR_STATIC_PROTO=196 # FRR's staticd routes (ip route names it "static" with FRR's rt_protos.d)

# ---- the routing daemons --------------------------------------------------

frr_start() {
	local d=$W/frr
	mkdir -p "$d" && chown frr:frr "$d" || return 1
	printf 'hostname rt\n' >"$d/zebra.conf"
	printf 'hostname rt\nip route %s %s\n' "$ROUTE" "$LAB_GW4" >"$d/staticd.conf"
	chown frr:frr "$d"/*.conf
	lab_ns rt /usr/lib/frr/zebra -d -N xbrt -f "$d/zebra.conf" -i "$d/zebra.pid" \
		-z "$d/zserv.api" --vty_socket "$d" -A 127.0.0.1 >>"$d/log" 2>&1 &&
		lab_ns rt /usr/lib/frr/staticd -d -N xbrt -f "$d/staticd.conf" -i "$d/staticd.pid" \
			-z "$d/zserv.api" --vty_socket "$d" -A 127.0.0.1 >>"$d/log" 2>&1 ||
		{ cat "$d/log"; return 1; }
}

frr_signal() { # SIGNAL
	local f pid
	for f in staticd zebra; do
		pid=$(cat "$W/frr/$f.pid" 2>/dev/null) || continue
		kill "-$1" "$pid" 2>/dev/null
	done
	for f in staticd zebra; do
		pid=$(cat "$W/frr/$f.pid" 2>/dev/null) || continue
		timeout 10 tail --pid="$pid" -f /dev/null 2>/dev/null
		[ "$1" = KILL ] || rm -f "$W/frr/$f.pid" # they remove their own only sometimes
	done
}

bird_start() {
	local d=$W/bird
	mkdir -p "$d" && chown bird:bird "$d" || return 1
	cat >"$d/bird.conf" <<-EOF
		router id 192.0.2.1;
		protocol device { }
		protocol static { ipv4; route $ROUTE via $LAB_GW4; }
		protocol kernel { ipv4 { export all; }; }
	EOF
	lab_ns rt bird -c "$d/bird.conf" -s "$d/bird.ctl" -P "$d/bird.pid" -u bird -g bird \
		>>"$d/log" 2>&1 || { cat "$d/log"; return 1; }
}

bird_signal() { # SIGNAL
	local pid
	pid=$(cat "$W/bird/bird.pid" 2>/dev/null) || return 0
	kill "-$1" "$pid" 2>/dev/null
	timeout 10 tail --pid="$pid" -f /dev/null 2>/dev/null
}

rd_start() { "${RD}_start"; }
rd_signal() { "${RD}_signal" "$@"; }

# The route the daemon installed, as the kernel has it (empty: none).
rd_route() { lab_ns rt ip -4 route show "$ROUTE"; }

# ---- xbr --------------------------------------------------------------------

daemon_start() { # [xbr run options...]
	lab_xbr_daemon run -c "$CONF" --rpd-pidfile "$RD_PIDFILE" --rpd-process "$RD_PROCESS" \
		--up-delay "$UP_DELAY" "$@" rt-cl >"$W/daemon.out" 2>"$W/daemon.err" &
	DAEMON_PID=$!
	wait_for 5 "daemon running" '[ "$(lab_xbr status -j 2>/dev/null | jq -r ".daemon.running // false")" = true ]'
}

rpd_is() { [ "$(sj .liveness.rpd)" = "$1" ]; }

# forwarded_by kernel|xbr N: the next N pings' requests went through the
# kernel or through xbr (the replies come back through the kernel either way).
forwarded_by() {
	local k0 x0 k1 x1
	k0=$(lab_forwarded rt 4) x0=$(stat_pkts fwd_redirect) || return 1
	ping_ok "$LAB_MN4" "$2" || return 1
	k1=$(lab_forwarded rt 4) x1=$(stat_pkts fwd_redirect) || return 1
	if [ "$1" = kernel ]; then
		expect_eq "forwarded by the kernel, requests and replies" $((k1 - k0)) $((2 * $2)) &&
			expect_eq "forwarded by xbr" $((x1 - x0)) 0
	else
		expect_eq "forwarded by xbr" $((x1 - x0)) "$2" &&
			expect_eq "forwarded by the kernel, the replies" $((k1 - k0)) "$2"
	fi
}

cleanup_test() {
	stream_stop
	daemon_stop
	rd_signal KILL
	# what a killed daemon left: its routes and FRR's nexthop objects
	while lab_ns rt ip -4 route del 172.16.5.0/24 2>/dev/null; do :; done
	while lab_ns rt ip -4 route del 172.16.0.0/12 2>/dev/null; do :; done
	lab_ns rt ip nexthop flush >/dev/null 2>&1
	lab_xbr detach >/dev/null 2>&1
}

# ---- tests, for each daemon -------------------------------------------------

# Running, its route wins; stopped, xbr takes over; restarted, back after --up-delay.
t_stop_and_restart() {
	local ROUTE=172.16.0.0/12
	rd_start || return 1
	wait_for 10 "$RD's route" '[ -n "$(rd_route)" ]' || return 1
	echo "route: $(rd_route)"
	daemon_start || return 1
	wait_for $((UP_DELAY + 3)) "$RD up" 'rpd_is up' || return 1
	forwarded_by kernel 3 || return 1

	ping_stream 400
	sleep 1
	rd_signal TERM
	# its pidfd wakes xbr at once: down within the same wait as for the stand-in rpd
	wait_for 1 "$RD down after it stopped" 'rpd_is down' || return 1
	wait "$PING_PID"
	PING_PID=""
	figure "$RD stopped under 100 pps: $(sed -n 's/^\([0-9]* packets transmitted, [0-9]* received\).*/\1/p' "$W/stream")"
	expect_eq "$RD's route after it stopped" "$(rd_route)" "" || return 1
	forwarded_by xbr 3 || return 1

	rd_start || return 1
	wait_for 2 "$RD seen again" '[ "$(sj .daemon.rpd_pending)" = true ]' || return 1
	forwarded_by xbr 2 || return 1 # during --up-delay
	wait_for $((UP_DELAY + 3)) "$RD up after --up-delay" 'rpd_is up' || return 1
	wait_for 5 "$RD's route back" '[ -n "$(rd_route)" ]' || return 1
	forwarded_by kernel 3
}

# SIGKILLed: its route stays; mirrored, it wins over the backup destination
# it lies in, and the kernel forwards on it.
t_sigkill_stale_route_wins() {
	rd_start || return 1
	wait_for 10 "$RD's route" '[ -n "$(rd_route)" ]' || return 1
	daemon_start || return 1
	wait_for $((UP_DELAY + 3)) "$RD up" 'rpd_is up' || return 1
	rd_signal KILL
	wait_for 1 "$RD down after SIGKILL" 'rpd_is down' || return 1
	[ -n "$(rd_route)" ] || { fail "no stale route left"; return 1; }
	echo "stale: $(rd_route)"
	expect_eq "in effect" "$(sj .liveness.in_effect)" true || return 1
	forwarded_by kernel 3
}

# SIGKILLed, with --ignore-proto for its protocol: the stale route is not
# mirrored, and xbr forwards over it.
t_sigkill_ignore_proto() {
	rd_start || return 1
	wait_for 10 "$RD's route" '[ -n "$(rd_route)" ]' || return 1
	daemon_start --ignore-proto "$RD_PROTO" || return 1
	wait_for $((UP_DELAY + 3)) "$RD up" 'rpd_is up' || return 1
	rd_signal KILL
	wait_for 1 "$RD down after SIGKILL" 'rpd_is down' || return 1
	[ -n "$(rd_route)" ] || { fail "no stale route left"; return 1; }
	forwarded_by xbr 3
}

for_daemon() { # frr|bird
	RD=$1
	case $RD in
	frr) RD_PIDFILE=$W/frr/zebra.pid RD_PROCESS=zebra RD_PROTO=$FRR_STATIC_PROTO ;;
	bird) RD_PIDFILE=$W/bird/bird.pid RD_PROCESS=bird RD_PROTO=bird ;;
	esac
	local t
	for t in t_stop_and_restart t_sigkill_stale_route_wins t_sigkill_ignore_proto; do
		run_test "$RD: ${t#t_}" "$t"
		cleanup_test
	done
}

main() {
	suite_begin test_rpd_daemons /usr/lib/frr/zebra /usr/lib/frr/staticd bird
	lab_gro_on
	for_daemon frr
	for_daemon bird
	figures_print
	suite_end
}

main "$@"
