#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Upgrading in place (docs/design.md §12): an earlier commit of xbr, built
# here in a git worktree with its own Makefile, runs the lab's router as the
# service would; the working tree's xbr takes the instance over under a
# 100 pps ping stream. Not one packet may be lost, the counters go on from
# where they were, and the interface ends up running this build's program.
# An instance of a newer build is refused and left alone.
#
#   tests/lab/test_upgrade.sh                 (needs root, git history and the
#                                              earlier commit's build deps: make deps)
#   XBR_UPGRADE_FROM=COMMIT tests/lab/test_upgrade.sh   another earlier commit
#
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.

# shellcheck source=tests/lab/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/suite.sh"

# shellcheck source=tests/lab/hitless.sh
. "$HERE/hitless.sh"
NEW=$XBR
DAEMON_PID=""
DAEMON_XBR=""
PINGS=500

xbr_old() { XBR=$OLD lab_xbr "$@"; }

# ---- helpers ----------------------------------------------------------------

# daemon_start BINARY: xbr run as the unit starts it, in the background.
daemon_start() {
	DAEMON_XBR=$1
	XBR=$1 lab_xbr_daemon run -c "$CONF" --rpd-pidfile "$W/rpd.pid" rt-cl \
		>"$W/daemon.out" 2>"$W/daemon.err" &
	DAEMON_PID=$!
	wait_for 10 "xbr run ready" '[ "$(XBR=$DAEMON_XBR lab_xbr status -j 2>/dev/null | jq -r ".daemon.running // false")" = true ]'
}

cleanup_test() {
	stream_stop
	daemon_stop
	lab_xbr detach >/dev/null 2>&1
	xbr_old detach >/dev/null 2>&1
	rm -f "$W/rpd.pid"
}

fwd_total() { stat_pkts fwd_redirect; }

# The interface runs this build's program, and the pins are this build's.
expect_new_program() { # old-program-id
	local id tag want
	id=$(prog_on rt-cl)
	[ -n "$id" ] || { fail "no program on rt-cl"; return 1; }
	[ "$id" != "$1" ] || { fail "rt-cl still runs the older program (id $id)"; return 1; }
	tag=$(prog_tag "$id") && want=$(object_tag) || { fail "cannot read program tags"; return 1; }
	expect_eq "tag of the program on rt-cl" "$tag" "$want" || return 1
	expect_eq "program pinned" "$(bpftool prog show pinned "$LAB_PIN_DIR/xdp_prog" -j | jq -r .id)" "$id" || return 1
	expect_eq "abi_version" "$(abi_of_pins)" "$(abi_of_build)" || return 1
	expect_eq "ifaces map type" "$(bpftool map show pinned "$LAB_PIN_DIR/ifaces" -j | jq -r .type)" array || return 1
	ls "$LAB_PIN_DIR" | grep -q '__upgrade$' && { fail "temporary pins left: $(ls "$LAB_PIN_DIR")"; return 1; }
	# every command of this build takes the instance as its own now
	xbr_run status -j
	expect_error 0 "status after the takeover"
}

# ---- tests ----------------------------------------------------------------

# The service's own upgrade: the earlier daemon is stopped as systemd stops
# it for a restart (RestartKillSignal=SIGQUIT, which it does not handle: it
# ends without detaching), and this build's `xbr run` starts and takes over.
t_daemon_restart_upgrade() {
	local old_id before after STREAM_WHAT="xbr run restarted from $(git -C "$LAB_ROOT" rev-parse --short "$UPGRADE_FROM") into this build"
	daemon_start "$OLD" || return 1
	ping_ok "$LAB_MN4" 3 || return 1
	old_id=$(prog_on rt-cl)
	[ -n "$old_id" ] || { fail "the earlier build attached nothing"; return 1; }
	expect_eq "abi_version before" "$(abi_of_pins)" "" || return 1
	before=$(XBR=$OLD stat_pkts fwd_redirect) || return 1
	expect_eq "forwarded before the stream" "$before" 3 || return 1

	ping_stream $PINGS
	sleep 1
	kill -QUIT "$DAEMON_PID"
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=""
	expect_eq "program after the earlier daemon ended" "$(prog_on rt-cl)" "$old_id" || return 1
	daemon_start "$NEW" || return 1
	kill -0 "$PING_PID" 2>/dev/null || { fail "the stream ended before the takeover"; return 1; }
	grep -q 'took over the instance' "$W/daemon.err" || { cat "$W/daemon.err"; fail "no takeover logged"; }
	stream_lossless "$STREAM_WHAT" || return 1

	expect_new_program "$old_id" || return 1
	after=$(fwd_total) || return 1
	# every echo request went through xbr, before and after the switch
	expect_eq "fwd_redirect kept and counted on" "$after" $((before + PINGS)) || return 1
	expect_eq "172.16.0.0/13 counted on" "$(dest_pkts 172.16.0.0/13)" $((before + PINGS)) || return 1
	# and this build's daemon serves it: a stop detaches everything
	daemon_stop
	expect_clean
}

# `xbr reload` of this build takes over what an earlier `xbr attach` left.
t_reload_takes_over() {
	local old_id STREAM_WHAT="xbr reload over an earlier xbr attach"
	xbr_old attach -c "$CONF" rt-cl >/dev/null 2>"$W/err" || { cat "$W/err"; return 1; }
	old_id=$(prog_on rt-cl)
	ping_stream $PINGS
	sleep 1
	xbr_run reload -c "$CONF"
	expect_error 0 "reload of an earlier build's instance" || return 1
	kill -0 "$PING_PID" 2>/dev/null || { fail "the stream ended before the takeover"; return 1; }
	grep -q 'took over the instance' "$W/err" || { cat "$W/err"; fail "no takeover said"; }
	stream_lossless "$STREAM_WHAT" || return 1
	expect_new_program "$old_id" || return 1
	expect_eq "fwd_redirect" "$(fwd_total)" "$PINGS"
}

# `xbr attach` takes it over only on its own interfaces; refused, it changes nothing.
t_attach_takes_over() {
	local old_id
	xbr_old attach -c "$CONF" rt-cl >/dev/null 2>"$W/err" || { cat "$W/err"; return 1; }
	old_id=$(prog_on rt-cl)
	xbr_run attach -c "$CONF" rt-mg
	expect_error 1 "attach on another interface" || return 1
	grep -q 'runs on rt-cl, not on rt-mg' "$W/err" || { cat "$W/err"; fail "message"; return 1; }
	expect_eq "program after the refusal" "$(prog_on rt-cl)" "$old_id" || return 1
	expect_eq "abi_version after the refusal" "$(abi_of_pins)" "" || return 1
	xbr_run attach -c "$CONF" rt-cl
	expect_error 0 "attach over an earlier build's instance" || return 1
	grep -q '^took over the instance' "$W/out" || { cat "$W/out"; fail "no takeover said"; }
	expect_new_program "$old_id" && ping_ok "$LAB_MN4" 3
}

# While the earlier daemon still runs, nothing is taken from under it.
t_older_daemon_running() {
	local old_id
	daemon_start "$OLD" || return 1
	old_id=$(prog_on rt-cl)
	xbr_run reload -c "$CONF"
	expect_error 1 "reload under a running earlier daemon" || return 1
	grep -q "still served by its 'xbr run' (pid $DAEMON_PID)" "$W/err" || { cat "$W/err"; fail "message"; return 1; }
	expect_eq "program" "$(prog_on rt-cl)" "$old_id" || return 1
	xbr_run status
	expect_error 1 "status of an earlier build's instance" || return 1
	grep -q 'pinned by an older xbr (maps ABI 0' "$W/err" || { cat "$W/err"; fail "message"; }
}

# An instance recorded as a newer build's: every command that would use it
# refuses, and nothing changes; detach, the way out, still removes it.
t_newer_refused() {
	local id pins cmd
	xbr_run attach -c "$CONF" rt-cl
	expect_error 0 "attach" || return 1
	bpftool map update pinned "$LAB_PIN_DIR/abi_version" key 0 0 0 0 \
		value 99 0 0 0 $(printf '0 %.0s' $(seq 60)) || return 1
	id=$(prog_on rt-cl)
	pins=$(ls -l --time-style=+%s.%N "$LAB_PIN_DIR" | md5sum)
	for cmd in "attach -c $CONF rt-cl" "reload -c $CONF" "rpd up" "role backup" "status" "stats"; do
		# shellcheck disable=SC2086
		xbr_run $cmd
		expect_error 1 "xbr $cmd on a newer instance" || return 1
		grep -q 'pinned by a newer xbr (unknown, maps ABI 99' "$W/err" || { cat "$W/err"; fail "xbr $cmd: message"; return 1; }
	done
	timeout 10 ip netns exec "$LAB_RT" "$XBR" --pin-dir "$LAB_PIN_DIR" run -c "$CONF" \
		--rpd-pidfile "$W/rpd.pid" rt-cl >/dev/null 2>"$W/err"
	RC=$?
	expect_error 1 "xbr run on a newer instance" || return 1
	expect_eq "program" "$(prog_on rt-cl)" "$id" || return 1
	expect_eq "pins" "$(ls -l --time-style=+%s.%N "$LAB_PIN_DIR" | md5sum)" "$pins" || return 1
	expect_eq "liveness untouched" "$(bpftool map dump pinned "$LAB_PIN_DIR/rpd_liveness" -j | jq -r '.[0].formatted.value.role')" 0 || return 1
	xbr_run detach
	expect_error 0 "detach of a newer instance" && expect_clean
}

# The earlier build itself, finding this build's instance, refuses and changes
# nothing: its maps do not match, which it checked before versions existed.
# (A build from before abi_version whose map definitions all equal this
# one's cannot tell; with XBR_UPGRADE_FROM naming one, only the program is
# checked.)
t_earlier_build_refuses() {
	local id cmd
	xbr_run attach -c "$CONF" rt-cl
	expect_error 0 "attach" || return 1
	id=$(prog_on rt-cl)
	XBR=$OLD xbr_run status
	if [ "$RC" = 0 ] && [ "$UPGRADE_FROM" != "$XBR_OLDEST_UPGRADABLE" ]; then
		figure "$(git -C "$LAB_ROOT" rev-parse --short "$UPGRADE_FROM") reads this build's maps as its own (same definitions, no abi_version yet)"
		XBR=$OLD xbr_run reload -c "$CONF"
		expect_eq "program" "$(prog_on rt-cl)" "$id"
		return
	fi
	for cmd in "attach -c $CONF rt-cl" "reload -c $CONF" "rpd up"; do
		# shellcheck disable=SC2086
		XBR=$OLD xbr_run $cmd
		[ "$RC" = 1 ] || { cat "$W/err"; fail "earlier xbr $cmd: exit $RC, expected 1"; return 1; }
	done
	expect_eq "program" "$(prog_on rt-cl)" "$id" || return 1
	expect_eq "abi_version" "$(abi_of_pins)" "$(abi_of_build)" || return 1
	expect_eq "liveness untouched" "$(bpftool map dump pinned "$LAB_PIN_DIR/rpd_liveness" -j | jq -r '.[0].formatted.value.override')" 0 || return 1
	ping_ok "$LAB_MN4" 2
}

# --version: git describe of this clone, or the Makefile's VERSION in a tarball.
t_version() {
	local v want tarball=$W/tarball
	v=$("$NEW" --version) || { fail "--version failed"; return 1; }
	want="xbr $(make -s -C "$LAB_ROOT" version) (maps ABI $(abi_of_build))"
	expect_eq "xbr --version" "$v" "$want" || return 1
	case $v in
	"xbr "*-g$(git -C "$LAB_ROOT" rev-parse --short HEAD)*) ;;
	*) fail "version '$v' does not name commit $(git -C "$LAB_ROOT" rev-parse --short HEAD)"; return 1 ;;
	esac
	mkdir -p "$tarball"
	# the tree as a release tarball has it: the tracked files, no .git
	git -C "$LAB_ROOT" ls-files -z | tar -c -C "$LAB_ROOT" --null -T - | tar -x -C "$tarball" ||
		return 1
	expect_eq "version from a tarball" "$(make -s -C "$tarball" version)" \
		"$(sed -n 's/^VERSION\t*:= *//p' "$LAB_ROOT/Makefile")"
}

main() {
	suite_begin test_upgrade git bpftool make
	trap 'old_remove; lab_trap $?' EXIT
	lab_gro_on
	if old_build; then
		run_tests t_daemon_restart_upgrade t_reload_takes_over t_attach_takes_over \
			t_older_daemon_running t_earlier_build_refuses
	else
		SKIP="the earlier commit $UPGRADE_FROM did not build" run_tests t_daemon_restart_upgrade
	fi
	run_tests t_newer_refused t_version
	old_remove
	figures_print
	suite_end
}

main "$@"
