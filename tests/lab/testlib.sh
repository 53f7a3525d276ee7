# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# shellcheck shell=bash
#
# Helpers shared by the shell test suites over the namespace lab (source
# tests/lab/lab.sh first). A suite sets W (its scratch directory) and runs each
# test with run_test; summary prints the closing "N passed, N failed".

PASSED=0
FAILED=0
SKIP=""	# when set, the following tests are counted as failed, not run

fail() { echo "FAIL: $*"; return 1; }

# A suite that cannot start counts as one failure, as tests/run.sh reads it.
suite_cannot_start() { # name why
	echo "$1: $2" >&2
	echo "0 passed, 1 failed"
	exit 1
}

# What a suite needs before it starts: the tools, and a built $XBR.
suite_needs() { # name tool...
	local name=$1 t
	shift
	for t in "$@"; do
		command -v "$t" >/dev/null || suite_cannot_start "$name" "$t not found (make deps)"
	done
	[ -x "$XBR" ] || suite_cannot_start "$name" "$XBR not built (run make)"
}

expect_eq() { # what actual expected
	[ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
}

# ping from the client: ping_ok DST [COUNT] succeeds when every reply came back.
ping_ok() {
	lab_ns cl ping -n -q -c "${2:-3}" -W 1 -i 0.2 "$1" >"$W/ping" 2>&1 ||
		{ cat "$W/ping"; fail "ping $1 failed"; return 1; }
}

ping_fails() {
	if lab_ns cl ping -n -q -c 2 -W 1 -i 0.2 "$1" >"$W/ping" 2>&1; then
		cat "$W/ping"
		fail "ping $1 succeeded, expected it to fail"
		return 1
	fi
}

# xbr in the router namespace with stdout/stderr to $W/out, $W/err; sets RC.
xbr_run() {
	lab_xbr "$@" >"$W/out" 2>"$W/err"
	RC=$?
}

# "exit status N and, for a failure (1) or a usage error (2), exactly one
# line `xbr: …` on stderr"
expect_error() { # expected-status description
	if [ "$RC" != "$1" ]; then
		sed 's/^/    stderr: /' "$W/err"
		fail "$2: exit $RC, expected $1"
		return 1
	fi
	if [ "$1" != 0 ] && { [ "$(wc -l <"$W/err")" != 1 ] || ! grep -q '^xbr: ' "$W/err"; }; then
		sed 's/^/    stderr: /' "$W/err"
		fail "$2: expected one line 'xbr: …' on stderr"
		return 1
	fi
	return 0
}

status_json() {
	if ! lab_xbr status -j >"$W/status" 2>"$W/err" || ! jq -e . "$W/status" >/dev/null; then
		cat "$W/err" "$W/status"
		fail "xbr status -j"
	fi
}

# jq over `xbr status -j` / `xbr stats -j`: prints the value, fails on error or null.
sj() { status_json && jq -er "$1" "$W/status"; }
stat_pkts() {
	if ! lab_xbr stats -j >"$W/stats" 2>"$W/err" || ! jq -er ".counters.$1.packets" "$W/stats"; then
		cat "$W/err" "$W/stats"
		fail "stats -j .counters.$1.packets"
	fi
}
dest_pkts() { sj ".destinations[] | select(.prefix == \"$1\") | .packets"; }

# Nothing of xbr left on rt-cl and in the pin directory.
expect_clean() {
	local xdp
	xdp=$(lab_xdp_on rt-cl)
	[ -z "$xdp" ] || { lab_ns rt ip -d link show rt-cl; fail "$xdp still attached on rt-cl"; return 1; }
	if [ -d "$LAB_PIN_DIR" ] && [ -n "$(ls -A "$LAB_PIN_DIR")" ]; then
		ls -la "$LAB_PIN_DIR"
		fail "pins left in $LAB_PIN_DIR"
		return 1
	fi
}

# native: the set-line config from a file; skb: the same config in brace
# form on stdin, with the management interface named.
run_test() { # description function
	local name="$1" rc
	shift
	if [ -n "$SKIP" ]; then
		printf 'FAIL  %s (not run: %s)\n' "$name" "$SKIP"
		FAILED=$((FAILED + 1))
		return 1
	fi
	"$@" >"$W/log" 2>&1
	rc=$?
	if [ $rc = 0 ]; then
		printf 'ok    %s\n' "$name"
		PASSED=$((PASSED + 1))
	else
		printf 'FAIL  %s\n' "$name"
		sed 's/^/      | /' "$W/log"
		FAILED=$((FAILED + 1))
	fi
	return $rc
}

# wait_for SECONDS DESCRIPTION 'SHELL CONDITION': evaluate the condition every
# 50 ms until it holds (single-quoted, so that it is evaluated each time).
wait_for() {
	local deadline=$((SECONDS + $1)) what=$2 cond=$3
	until eval "$cond"; do
		if [ $SECONDS -ge "$deadline" ]; then
			fail "timed out waiting for: $what"
			sed 's/^/    daemon: /' "$W/daemon.err" 2>/dev/null
			return 1
		fi
		sleep 0.05
	done
}

# A stand-in routing daemon, $W/rpd (a copy of sleep(1) the suite makes), with
# its pidfile $W/rpd.pid written as daemons write pidfiles: renamed into place.
rpd_start() {
	"$W/rpd" 100000 &
	RPD_PID=$!
	echo "$RPD_PID" >"$W/rpd.pid.tmp"
	mv "$W/rpd.pid.tmp" "$W/rpd.pid"
}

rpd_kill() {
	[ -n "$RPD_PID" ] || return 0
	kill -9 "$RPD_PID" 2>/dev/null
	wait "$RPD_PID" 2>/dev/null
	RPD_PID=""
}

# Stop the `xbr run` a suite started in the background (pid in DAEMON_PID).
daemon_stop() {
	[ -n "$DAEMON_PID" ] || return 0
	kill -TERM "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=""
}

# run_tests t_NAME...: each test in turn, named NAME, and the suite's
# cleanup_test after each, whatever happened.
run_tests() {
	local t
	for t in "$@"; do
		run_test "${t#t_}" "$t"
		cleanup_test
	done
}

summary() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" = 0 ]
}
