#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Least privilege, in the namespace lab (tests/lab/lab.sh): the pins are root's
# alone, and `xbr run` keeps only the capabilities its event loop uses — and
# still follows rpd, reloads on SIGHUP, installs kernel routes and detaches
# on SIGTERM with them.
#
#   tests/lab/test_privilege.sh [t_NAME...]     (needs root; default: every test)
#
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.

# shellcheck source=tests/lab/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/suite.sh"
DAEMON_PID=""
RPD_PID=""

# Capability bits (linux/capability.h).
CAP_DAC_READ_SEARCH=2 CAP_NET_ADMIN=12 CAP_BPF=39

# Kernels before 6.5 refuse bpf() without CAP_BPF while unprivileged BPF is
# disabled: there the daemon must keep it.
bpf_cap_needed() {
	local v maj min
	v=$(uname -r) maj=${v%%.*} min=${v#*.} min=${min%%.*}
	[ "$(cat /proc/sys/kernel/unprivileged_bpf_disabled)" != 0 ] &&
		{ [ "$maj" -lt 6 ] || { [ "$maj" = 6 ] && [ "$min" -lt 5 ]; }; }
}

# The capability set a process shows in /proc/PID/status, as a number.
cap_set() { # PID CapEff|CapPrm|CapBnd|CapAmb
	printf '%d' "0x$(awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status")"
}

daemon_start() { # [xbr run options...]
	lab_xbr_daemon run -c "$W/live.conf" --up-delay 0.5 "$@" rt-cl \
		>"$W/daemon.out" 2>"$W/daemon.err" &
	DAEMON_PID=$!
	wait_for 5 "daemon running" \
		'[ "$(lab_xbr status -j 2>/dev/null | jq -r ".daemon.running // false")" = true ]'
}

# The daemon holds exactly the capabilities given by bit number, in every set
# that counts, and `xbr status` names them.
expect_daemon_caps() { # NAMES BIT...
	local names=$1 want=0 bit set
	shift
	for bit in "$@"; do want=$((want | 1 << bit)); done
	for set in CapEff CapPrm CapBnd; do
		expect_eq "daemon $set" "$(cap_set "$DAEMON_PID" $set)" "$want" || return 1
	done
	expect_eq "daemon CapAmb" "$(cap_set "$DAEMON_PID" CapAmb)" 0 &&
		expect_eq "status .daemon.capabilities" "$(sj .daemon.capabilities)" "$names" &&
		grep -q "capabilities kept: $names" "$W/daemon.err" ||
		{ cat "$W/daemon.err"; fail "the daemon did not say what it kept"; }
}

cleanup_test() {
	daemon_stop
	rpd_kill
	lab_xbr detach >/dev/null 2>&1
	rm -rf "${LAB_PIN_DIR:?}" "$W/rpd.pid"
	return 0
}

# ---- tests ----------------------------------------------------------------------

# The pin dir 0700 (even one that existed, wider), every pin 0600, all root's.
t_pin_modes() {
	mkdir -m 0755 "$LAB_PIN_DIR"
	xbr_run attach -c "$CONF" rt-cl
	expect_error 0 "attach" || return 1
	expect_eq "pin dir mode, owner" "$(stat -c '%a %U' "$LAB_PIN_DIR")" "700 root" || return 1
	[ "$(find "$LAB_PIN_DIR" -mindepth 1 | wc -l)" -ge 10 ] || { ls -la "$LAB_PIN_DIR"; fail "pins missing"; return 1; }
	find "$LAB_PIN_DIR" -mindepth 1 \! -perm 600 -printf '%m %p\n' >"$W/modes"
	find "$LAB_PIN_DIR" -mindepth 1 \! -user root -printf '%u %p\n' >>"$W/modes"
	[ ! -s "$W/modes" ] || { cat "$W/modes"; fail "pins not 0600 root's"; }
}

# With --rpd-pidfile: net_admin and dac_read_search (and bpf where the kernel
# needs it); everything the daemon does still works after the drop.
t_daemon_drops() {
	local names="dac_read_search net_admin" bits=("$CAP_DAC_READ_SEARCH" "$CAP_NET_ADMIN")
	bpf_cap_needed && names="$names bpf" && bits+=("$CAP_BPF")
	cp "$CONF" "$W/live.conf"
	daemon_start --rpd-pidfile "$W/rpd.pid" --install-routes || return 1
	expect_daemon_caps "$names" "${bits[@]}" || return 1
	# rtnetlink route requests: kernel routes while in effect
	wait_for 2 "kernel routes installed" '[ "$(lab_ns rt ip route show proto 250 | wc -l)" = 2 ]' || return 1
	ping_ok "$LAB_MN4" 1 || return 1
	# pidfd, /proc: a new rpd is followed; its death too
	rpd_start
	wait_for 3 "rpd up" '[ "$(sj .liveness.rpd)" = up ]' || return 1
	wait_for 2 "kernel routes withdrawn" '[ -z "$(lab_ns rt ip route show proto 250)" ]' || return 1
	ping_fails "$LAB_MN4" || return 1
	rpd_kill
	wait_for 1 "rpd down" '[ "$(sj .liveness.rpd)" = down ]' || return 1
	ping_ok "$LAB_MN4" 1 || return 1
	# SIGHUP: the pins re-opened, the tables rewritten
	printf 'set system backup-router %s destination 172.24.0.0/13\n' "$LAB_GW4" >"$W/live.conf"
	kill -HUP "$DAEMON_PID"
	wait_for 3 "172.16.0.0/13 removed by SIGHUP" \
		'[ "$(sj "[.destinations[].prefix] | join(\" \")")" = 172.24.0.0/13 ]' || return 1
	ping_fails "$LAB_MN4" || return 1
	expect_eq "daemon CapEff after SIGHUP" "$(cap_set "$DAEMON_PID" CapEff)" \
		"$(cap_set "$DAEMON_PID" CapPrm)" || return 1
	# SIGTERM: detached from rt-cl, pins removed, routes gone
	daemon_stop
	grep -q 'detached from rt-cl' "$W/daemon.out" || { cat "$W/daemon.out" "$W/daemon.err"; fail "no detach"; return 1; }
	expect_clean && expect_eq "kernel routes after stop" "$(lab_ns rt ip route show proto 250)" ""
}

# With --rpd-process: no file to read, so net_admin alone (and bpf where needed).
t_daemon_drops_process() {
	local names=net_admin bits=("$CAP_NET_ADMIN")
	bpf_cap_needed && names="$names bpf" && bits+=("$CAP_BPF")
	cp "$CONF" "$W/live.conf"
	daemon_start --rpd-process rpd || return 1
	expect_daemon_caps "$names" "${bits[@]}" || return 1
	rpd_start
	wait_for 3 "rpd found by name" '[ "$(sj .liveness.rpd)" = up ]' || return 1
	daemon_stop
	expect_clean
}

# detach without CAP_SYS_ADMIN: rtnetlink names the program, CAP_NET_ADMIN removes it.
t_detach_without_sys_admin() {
	xbr_run attach -c "$CONF" rt-cl
	expect_error 0 "attach" || return 1
	lab_ns rt setpriv --bounding-set=-sys_admin --inh-caps=-sys_admin \
		env XBR_PIN_DIR="$LAB_PIN_DIR" "$XBR" detach >"$W/out" 2>"$W/err"
	RC=$?
	expect_error 0 "detach without CAP_SYS_ADMIN" || return 1
	grep -q 'detached from rt-cl' "$W/out" || { cat "$W/out"; fail "not detached"; return 1; }
	expect_clean
}

main() {
	local all=(t_pin_modes t_daemon_drops t_daemon_drops_process t_detach_without_sys_admin)
	suite_begin test_privilege setpriv
	cp /bin/sleep "$W/rpd"
	run_tests "${@:-${all[@]}}"
	suite_end
}

main "$@"
