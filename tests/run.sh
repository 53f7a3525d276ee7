#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Test runner:  tests/run.sh [unit|datapath|integration|asan|valgrind|fuzz|all]
#               (default: all)
#
#   unit         .output/tests/test_config, test_groups,        (no root needed)
#                test_text, test_formats, tests/test_abi.sh (the maps' layout
#                against maps/abi_layout.txt), tests/test_docs.sh (the manual and
#                completion), tests/check_formats.sh
#   datapath     .output/tests/test_datapath, test_netlink,     (root)
#                test_differential (XBR_PACKETS, XBR_SEED),
#                test_explain (XBR_TABLES, XBR_SEED)
#   integration  tests/lab/test_integration.sh, then every other
#                tests/lab/test_*.sh shell suite                    (root)
#   asan         the C suites built with ASan + UBSan           (root)
#                (.output/asan/tests: make test-asan)
#   valgrind     the C suites under valgrind memcheck           (root)
#   fuzz         fuzz/run.sh: the config parser's fuzzer for    (no root needed)
#                FUZZ_SECONDS (60) (.output/fuzz: make fuzz-build)
#
# Runs each suite, shows its output, reads its counts (cmocka's "[  PASSED  ]"
# and "[  FAILED  ]" lines, or a shell suite's last "N passed, N failed" line),
# then prints one line per suite and, as the very last line, the total
# "N passed, N failed". Exits non-zero if anything failed, or if a suite
# crashed, timed out, could not run, or printed no count (each counted as one
# failure). Build first (make, or make test which does it).
# SUITE_TIMEOUT (seconds, default 300) bounds each suite; XBR_TEST_BIN_DIR
# overrides where the C test binaries are (default .output/tests).

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${XBR_TEST_BIN_DIR:-$ROOT/.output/tests}
SUITE_TIMEOUT=${SUITE_TIMEOUT:-300}

LINEBUF=()
command -v stdbuf >/dev/null && LINEBUF=(stdbuf -oL -eL)
TOTAL_PASS=0
TOTAL_FAIL=0
SUMMARY=()
LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/xbr-tests.XXXXXX") || exit 1
trap 'rm -rf "$LOGDIR"' EXIT
# Ctrl-C: the running suite cleans up after itself (its own trap); then stop.
trap 'echo; echo "interrupted"; exit 130' INT

record() { # name passed failed note
	TOTAL_PASS=$((TOTAL_PASS + $2))
	TOTAL_FAIL=$((TOTAL_FAIL + $3))
	SUMMARY+=("$(printf '  %-16s %4d passed, %4d failed%s' "$1" "$2" "$3" "${4:+  ($4)}")")
}

# Sum cmocka's counts over all groups of a log: prints "passed failed" or nothing.
cmocka_counts() {
	awk '
		/^\[  PASSED  \] [0-9]+ test/ { p += $4; seen = 1 }
		/^\[  FAILED  \] [0-9]+ test/ { f += $4; seen = 1 }
		END { if (seen) print p + 0, f + 0 }' "$1"
}

# The last "N passed, N failed" line of a shell suite's log.
shell_counts() {
	sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$1" | tail -n 1
}

run_suite() { # name kind(cmocka|shell) needs-root(0|1) command...
	local name=$1 kind=$2 root=$3 log counts rc passed failed start note=""
	shift 3
	log=$LOGDIR/$name.log
	echo
	echo "=== $name"
	if [ "$root" = 1 ] && [ "$(id -u)" != 0 ]; then
		echo "$name: needs root (BPF, XDP, network namespaces): run as root, e.g. sudo make test"
		record "$name" 0 1 "not run: needs root"
		return
	fi
	if [ ! -x "$1" ]; then
		echo "$name: $1 not found or not executable (build first: make)"
		record "$name" 0 1 "not run: not built"
		return
	fi
	# No TTY, no stdin: a suite that waits for input fails instead of hanging.
	# Line-buffered so that stdout and stderr stay in order through the pipe.
	# --foreground: the suite stays in our process group and gets Ctrl-C, so
	# its own traps clean up.
	start=$SECONDS
	CMOCKA_MESSAGE_OUTPUT=STDOUT timeout --foreground -k 10 "$SUITE_TIMEOUT" "${LINEBUF[@]}" "$@" </dev/null 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	if [ "$kind" = cmocka ]; then
		counts=$(cmocka_counts "$log")
	else
		counts=$(shell_counts "$log")
	fi
	passed=0 failed=0
	[ -n "$counts" ] && read -r passed failed <<<"$counts"
	if [ "$rc" = 124 ] || { [ "$rc" = 137 ] && [ $((SECONDS - start)) -ge "$SUITE_TIMEOUT" ]; }; then
		failed=$((failed + 1)) note="timed out after ${SUITE_TIMEOUT}s"
	elif [ "$rc" -gt 128 ]; then
		failed=$((failed + 1)) note="killed by signal $((rc - 128))"
	elif [ -z "$counts" ]; then
		failed=1 note="no result line, exit $rc"
	elif [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
		failed=1 note="exit $rc with no failed test"
	fi
	record "$name" "$passed" "$failed" "$note"
}

suite_unit() {
	run_suite test_config cmocka 0 "$BIN/test_config"
	run_suite test_groups cmocka 0 "$BIN/test_groups"
	run_suite test_docs shell 0 "$ROOT/tests/test_docs.sh"
	run_suite test_abi shell 0 "$ROOT/tests/test_abi.sh"
	run_suite test_text cmocka 0 "$BIN/test_text"
	run_suite test_formats cmocka 0 "$BIN/test_formats"
	run_suite check_formats shell 0 "$ROOT/tests/check_formats.sh"
}

suite_datapath() {
	run_suite test_datapath cmocka 1 "$BIN/test_datapath"
	run_suite test_netlink cmocka 1 "$BIN/test_netlink"
	run_suite test_differential cmocka 1 "$BIN/test_differential"
	run_suite test_explain cmocka 1 "$BIN/test_explain"
}

# The C suites again under a memory checker: any report fails the suite (the
# sanitizers stop the process, valgrind exits 99). test_datapath leaves out
# its benchmark, which only times; the differential test runs fewer frames:
# the datapath runs in the kernel either way, the checked code is the model,
# the generator and the harness, which every frame runs through the same.
suite_asan() {
	local b=$ROOT/.output/asan/tests
	# stdbuf preloads a library before the ASan runtime: harmless here.
	local ASAN_OPTIONS=detect_leaks=1:verify_asan_link_order=0
	local UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	export ASAN_OPTIONS UBSAN_OPTIONS
	run_suite asan:test_config cmocka 0 "$b/test_config"
	run_suite asan:test_groups cmocka 0 "$b/test_groups"
	run_suite asan:test_text cmocka 0 "$b/test_text"
	run_suite asan:test_formats cmocka 0 "$b/test_formats"
	XBR_NO_BENCH=1 run_suite asan:test_datapath cmocka 1 "$b/test_datapath"
	run_suite asan:test_netlink cmocka 1 "$b/test_netlink"
	XBR_PACKETS=200000 run_suite asan:test_differential cmocka 1 "$b/test_differential"
	XBR_TABLES=20 run_suite asan:test_explain cmocka 1 "$b/test_explain"
}

run_valgrind() { # name needs-root binary
	local vg
	if ! vg=$(command -v valgrind); then
		echo "$1: valgrind not installed (make deps)"
		record "$1" 0 1 "not run: no valgrind"
		return
	fi
	[ -x "$3" ] || { run_suite "$1" cmocka "$2" "$3"; return; } # says what is missing
	run_suite "$1" cmocka "$2" "$vg" -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
		--suppressions="$ROOT/tests/valgrind.supp" "$3"
}

suite_valgrind() {
	run_valgrind valgrind:test_config 0 "$BIN/test_config"
	run_valgrind valgrind:test_groups 0 "$BIN/test_groups"
	run_valgrind valgrind:test_text 0 "$BIN/test_text"
	XBR_PREFIX_STEP=61 run_valgrind valgrind:test_formats 0 "$BIN/test_formats"
	XBR_NO_BENCH=1 run_valgrind valgrind:test_datapath 1 "$BIN/test_datapath"
	run_valgrind valgrind:test_netlink 1 "$BIN/test_netlink"
	XBR_PACKETS=20000 run_valgrind valgrind:test_differential 1 "$BIN/test_differential"
	XBR_TABLES=10 run_valgrind valgrind:test_explain 1 "$BIN/test_explain"
}

# The parser's fuzzer for a bounded time: any crash, leak or sanitizer report fails.
suite_fuzz() {
	run_suite fuzz shell 0 "$ROOT/fuzz/run.sh"
}

# Every shell suite in tests/lab/, test_integration.sh first.
suite_integration() {
	local t
	run_suite integration shell 1 "$ROOT/tests/lab/test_integration.sh"
	for t in "$ROOT"/tests/lab/test_*.sh; do
		[ "$t" = "$ROOT/tests/lab/test_integration.sh" ] && continue
		[ -e "$t" ] || continue
		t=${t##*/}
		run_suite "${t%.sh}" shell 1 "$ROOT/tests/lab/$t"
	done
}

case ${1:-all} in
unit) suite_unit ;;
datapath) suite_datapath ;;
integration) suite_integration ;;
asan) suite_asan ;;
valgrind) suite_valgrind ;;
fuzz) suite_fuzz ;;
all)
	suite_unit
	suite_datapath
	suite_integration
	suite_asan
	suite_valgrind
	suite_fuzz
	;;
-h | --help)
	awk 'NR > 3 && /^#/ { sub(/^# ?/, ""); print; next } NR > 3 { exit }' "$0"
	exit 0
	;;
*)
	echo "usage: tests/run.sh [unit|datapath|integration|asan|valgrind|fuzz|all]" >&2
	exit 2
	;;
esac

echo
echo "=== results"
printf '%s\n' "${SUMMARY[@]}"
echo "$TOTAL_PASS passed, $TOTAL_FAIL failed"
[ "$TOTAL_FAIL" = 0 ]
