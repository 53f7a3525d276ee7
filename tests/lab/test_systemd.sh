#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# The unit under a real systemd (docs/design.md §13): systemd boots as PID 1
# in a container from this machine's own /usr (systemd-nspawn), joined to
# the lab's router namespace, with `make install` of this tree bound in as
# /usr/local, the lab's bpffs as /sys/fs/bpf and the configuration as
# /etc/xbr. Under a 100 pps ping stream through xbr: reload, restart, the
# watchdog ending a stopped daemon, a crash, and a package upgrade from an
# earlier commit lose not a packet; start is active only once attached;
# stop leaves nothing; the journal has the daemon's levels.
#
#   tests/lab/test_systemd.sh            (needs root and systemd-container: make deps)
#
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.

# shellcheck source=tests/lab/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/suite.sh"
# shellcheck source=tests/lab/hitless.sh
. "$HERE/hitless.sh"

NSPAWN_PID=""
LEADER=""	 # the container's PID 1, as seen from here
INST=""		 # what make install wrote: bound as the container's /usr/local
WATCHDOG_SEC=3	 # the unit says 10; a drop-in shortens it for the test
ARGS="--rpd-pidfile /run/rpd/rpd.pid --up-delay 1 --install-routes"

# ---- the container ----------------------------------------------------------

# Run a command inside the container, in all its namespaces.
sd() { nsenter -t "$LEADER" -a "$@"; }

# install_tree DIR: `make install` of a tree into $INST (a package install).
install_tree() {
	make -s -C "$1" install DESTDIR="$INST" PREFIX=/usr/local >"$W/install.log" 2>&1 ||
		{ cat "$W/install.log"; return 1; }
}

sd_boot() {
	local i
	INST=$W/inst
	mkdir -p "$INST/usr/local" "$W/etc-xbr" "$W/rpd"
	install_tree "$LAB_ROOT" || return 1
	cp "$CONF" "$W/etc-xbr/xbr.conf"
	printf 'XBR_IFACES="rt-cl"\nXBR_ARGS="%s"\n' "$ARGS" >"$W/default"
	# The command line that works here (docs/design.md §7); bpf() needs the filter.
	systemd-nspawn --quiet --volatile=yes -D / --boot --register=no --keep-unit \
		--capability=all --system-call-filter='bpf perf_event_open' \
		--network-namespace-path="/run/netns/$LAB_RT" \
		--bind-ro="$INST/usr/local:/usr/local" --bind="$LAB_BPFFS:/sys/fs/bpf" \
		--bind-ro="$W/etc-xbr:/etc/xbr" --bind-ro="$W/default:/etc/default/xbr" \
		--bind="$W/rpd:/run/rpd" -- systemd.firstboot=off >"$W/nspawn.log" 2>&1 </dev/null &
	NSPAWN_PID=$!
	for i in $(seq 100); do
		LEADER=$(ps --ppid "$NSPAWN_PID" -o pid= | tr -d ' ')
		[ -n "$LEADER" ] && [ "$(readlink "/proc/$LEADER/exe")" = /usr/lib/systemd/systemd ] && break
		LEADER=""
		sleep 0.1
	done
	[ -n "$LEADER" ] || { cat "$W/nspawn.log"; echo "no systemd in the container"; return 1; }
	# until systemd answers (its socket comes a moment after it starts), then until booted
	for i in $(seq 300); do
		case $(timeout 60 nsenter -t "$LEADER" -a systemctl is-system-running --wait 2>/dev/null) in
		running | degraded) break ;;
		esac
		sleep 0.1
	done
	# the watchdog test's drop-in
	sd mkdir -p /etc/systemd/system/xbr.service.d &&
		printf '[Service]\nWatchdogSec=%s\n' "$WATCHDOG_SEC" |
		sd tee /etc/systemd/system/xbr.service.d/watchdog.conf >/dev/null &&
		sd systemctl daemon-reload
}

sd_halt() {
	[ -n "$NSPAWN_PID" ] || return 0
	[ -n "$LEADER" ] && nsenter -t "$LEADER" -a systemctl poweroff >/dev/null 2>&1
	timeout 30 tail --pid="$NSPAWN_PID" -f /dev/null 2>/dev/null ||
		{ [ -n "$LEADER" ] && kill -KILL "$LEADER" 2>/dev/null; }
	wait "$NSPAWN_PID" 2>/dev/null
	NSPAWN_PID="" LEADER=""
}

main_pid() { sd systemctl show -P MainPID xbr.service; }
is_active() { sd systemctl is-active xbr.service; }
# journal MATCH: the daemon's own lines of this boot matching MATCH, as "PRIORITY MESSAGE".
journal() {
	sd journalctl -u xbr.service -o json --no-pager |
		jq -r 'select(.SYSLOG_IDENTIFIER == "xbr") | "\(.PRIORITY) \(.MESSAGE)"' | grep -e "$1"
}
journal_count() { journal "$1" | wc -l; }

# ---- tests ----------------------------------------------------------------

cleanup_test() { stream_stop; }

# Type=notify: `systemctl start` returns once xbr is attached, not before.
t_start_active_once_attached() {
	sd systemctl start xbr.service || { sd journalctl -u xbr --no-pager | tail; return 1; }
	# no waiting: when start returns, the program runs and the pins are there
	[ -n "$(prog_on rt-cl)" ] || { fail "start returned before xbr was attached"; return 1; }
	[ -e "$LAB_PIN_DIR/xdp_prog" ] || { fail "no pins when start returned"; return 1; }
	expect_eq "is-active" "$(is_active)" active || return 1
	expect_eq "status" "$(sd systemctl show -P StatusText xbr.service)" \
		"rpd down: backup destinations in effect" || return 1
	ping_ok "$LAB_MN4" 3
}

# systemctl reload (SIGHUP) under traffic: configurations that keep
# 172.16.0.0/13 through another address of the backup router, back and forth.
t_reload_hitless() {
	local i n0
	lab_ns gw ip addr add 192.0.2.253/24 dev gw-rt
	n0=$(journal_count 'xbr: reloaded')
	ping_stream 400
	for i in 1 2 3 4 5 6; do
		if [ $((i % 2)) = 1 ]; then
			printf 'set system backup-router 192.0.2.253 destination 172.16.0.0/13\n' \
				>"$W/etc-xbr/xbr.conf"
		else
			cp "$CONF" "$W/etc-xbr/xbr.conf"
		fi
		sd systemctl reload xbr.service || fail "reload $i"
		wait_for 5 "reload $i done" '[ "$(journal_count "xbr: reloaded")" = $((n0 + i)) ]' || break
		sleep 0.3
	done
	stream_lossless "systemctl reload, 6 times" || return 1
	lab_ns gw ip addr del 192.0.2.253/24 dev gw-rt
	expect_eq "active after reloads" "$(is_active)" active
}

# systemctl restart: the old daemon leaves everything in place (SIGQUIT), the new adopts.
t_restart_hitless() {
	local pid id
	pid=$(main_pid) id=$(prog_on rt-cl)
	ping_stream 300
	sleep 0.5
	sd systemctl restart xbr.service || { fail "restart"; return 1; }
	stream_lossless "systemctl restart" || return 1
	[ "$(main_pid)" != "$pid" ] || { fail "the daemon was not restarted"; return 1; }
	journal "stopping for a restart" >/dev/null || { fail "no restart stop logged"; return 1; }
	journal "adopted the instance" >/dev/null || { fail "not adopted"; return 1; }
	expect_eq "program across the restart" "$(prog_on rt-cl)" "$id" || return 1
	# the kernel routes of --install-routes stayed for the host's own traffic
	expect_eq "kernel routes after the restart" "$(lab_ns rt ip route show proto 250 | wc -l)" 2
}

# The watchdog: a stopped daemon pings no more; systemd ends it, starts another, which adopts.
t_watchdog() {
	local pid
	pid=$(main_pid)
	ping_stream $(((WATCHDOG_SEC + 5) * 100))
	sleep 0.5
	sd kill -STOP "$pid"
	wait_for $((WATCHDOG_SEC + 15)) "a new daemon after the watchdog" \
		'[ "$(main_pid)" != "$pid" ] && [ "$(main_pid)" != 0 ] && [ "$(is_active)" = active ]' || return 1
	stream_lossless "daemon stopped (SIGSTOP), ended by the watchdog after ${WATCHDOG_SEC} s, restarted" || return 1
	sd journalctl -u xbr.service --no-pager | grep -q "Watchdog timeout" ||
		{ fail "no watchdog timeout in the journal"; return 1; }
	[ "$(journal_count 'adopted the instance')" -ge 2 ] || { fail "not adopted"; return 1; }
}

# A crash: SIGKILL, Restart=on-failure, the new daemon adopts.
t_crash() {
	local pid
	pid=$(main_pid)
	ping_stream 400
	sleep 0.5
	sd kill -KILL "$pid"
	wait_for 15 "a new daemon after the crash" \
		'[ "$(main_pid)" != "$pid" ] && [ "$(main_pid)" != 0 ] && [ "$(is_active)" = active ]' || return 1
	stream_lossless "daemon killed (SIGKILL), restarted by Restart=on-failure" || return 1
	[ "$(journal_count 'adopted the instance')" -ge 3 ] || { fail "not adopted"; return 1; }
}

# The journal carries the daemon's levels: notices 5, warnings 4, errors 3.
t_journal_levels() {
	journal '^5 xbr: capabilities kept' >/dev/null || { fail "no notice at level 5"; return 1; }
	printf 'set system backup-router %s destination [ 172.16.0.1/13 172.24.0.0/13 ]\n' \
		"$LAB_GW4" >"$W/etc-xbr/xbr.conf"
	sd systemctl reload xbr.service
	wait_for 5 "a warning at level 4" 'journal "^4 xbr: warning: .*172.16.0.1/13 has host bits set" >/dev/null' || return 1
	printf 'set system backup-router %s destination 300.16.0.0/13\n' "$LAB_GW4" >"$W/etc-xbr/xbr.conf"
	sd systemctl reload xbr.service
	wait_for 5 "an error at level 3" 'journal "^3 xbr: SIGHUP: /etc/xbr/xbr.conf:1:.*the previous configuration stays in force" >/dev/null' || return 1
	cp "$CONF" "$W/etc-xbr/xbr.conf"
	sd systemctl reload xbr.service
	ping_ok "$LAB_MN4" 2
}

# A package upgrade: the earlier commit installed and running, then this
# tree installed over it (binary and unit), daemon-reload, restart.
t_package_upgrade() {
	local old_id
	[ -n "$OLD" ] || { fail "the earlier commit did not build"; return 1; }
	sd systemctl stop xbr.service
	expect_clean || return 1
	install_tree "$OLD_TREE" && sd systemctl daemon-reload || return 1
	sd systemctl start xbr.service || { sd journalctl -u xbr --no-pager | tail; return 1; }
	wait_for 5 "the earlier build attached" '[ -n "$(prog_on rt-cl)" ]' || return 1
	old_id=$(prog_on rt-cl)
	expect_eq "ABI of the earlier build's pins" "$(abi_of_pins)" "" || return 1
	ping_stream 500
	sleep 0.5
	install_tree "$LAB_ROOT" && sd systemctl daemon-reload && sd systemctl restart xbr.service ||
		{ fail "upgrade"; return 1; }
	stream_lossless "package upgrade from $(git -C "$LAB_ROOT" rev-parse --short "$UPGRADE_FROM"): install, daemon-reload, restart" || return 1
	journal "took over the instance" >/dev/null || { fail "no takeover logged"; return 1; }
	[ "$(prog_on rt-cl)" != "$old_id" ] || { fail "still the earlier program"; return 1; }
	expect_eq "tag on rt-cl" "$(prog_tag "$(prog_on rt-cl)")" "$(object_tag)" || return 1
	expect_eq "ABI of the pins" "$(abi_of_pins)" "$(abi_of_build)"
}

# systemctl stop: nothing attached, no pins, no kernel routes.
t_stop_leaves_nothing() {
	sd systemctl stop xbr.service
	expect_eq "is-active after stop" "$(is_active)" inactive || return 1
	expect_clean || return 1
	expect_eq "kernel routes after stop" "$(lab_ns rt ip route show proto 250 | wc -l)" 0
}

# systemd-analyze security: the unit before hardening and now, as this systemd scores them.
t_security() {
	local before after
	git -C "$LAB_ROOT" show "$HARDENED_SINCE^:systemd/xbr.service" |
		sd tee /etc/systemd/system/xbr-unhardened.service >/dev/null
	sd systemctl daemon-reload
	before=$(sd systemd-analyze security xbr-unhardened.service | sed -n 's/.*exposure level for .*: \([0-9.]*\) .*/\1/p')
	after=$(sd systemd-analyze security xbr.service | sed -n 's/.*exposure level for .*: \([0-9.]*\) .*/\1/p')
	sd rm /etc/systemd/system/xbr-unhardened.service
	figure "systemd-analyze security: unit before hardening $before, now $after (0 safest, 10 least)"
	[ -n "$before" ] && [ -n "$after" ] || { fail "no scores"; return 1; }
	awk -v a="$after" -v b="$before" 'BEGIN { exit !(a < b) }' || fail "exposure $after, not below $before"
}

main() {
	suite_begin test_systemd systemd-nspawn nsenter bpftool git make
	trap 'stream_stop; sd_halt; old_remove; lab_trap $?' EXIT
	for sig in INT:130 TERM:143 HUP:129 PIPE:141; do
		# shellcheck disable=SC2064
		trap "stream_stop; sd_halt; old_remove; lab_trap ${sig#*:}" "${sig%%:*}"
	done
	# the commit before the unit was hardened, for the score it had
	HARDENED_SINCE=$(git -C "$LAB_ROOT" log -1 --format=%H -S'CapabilityBoundingSet' -- systemd/xbr.service)
	[ -n "$HARDENED_SINCE" ] || HARDENED_SINCE=HEAD
	lab_gro_on
	old_build || OLD=""
	if sd_boot; then
		run_tests t_start_active_once_attached t_reload_hitless t_restart_hitless t_watchdog \
			t_crash t_journal_levels t_package_upgrade t_stop_leaves_nothing t_security
	else
		cat "$W/nspawn.log"
		SKIP="systemd did not boot in the container" run_tests t_start_active_once_attached
	fi
	sd_halt
	old_remove
	figures_print
	suite_end
}

main "$@"
