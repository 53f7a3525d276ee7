#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# The configuration parser's fuzzer, as CI runs it:  fuzz/run.sh [SECONDS]
#
#   1. replays the committed corpus (fuzz/corpus/): every input once;
#   2. fuzzes for SECONDS (default $FUZZ_SECONDS, else 60), starting from a
#      copy of the corpus, with the Junos dictionary (fuzz/junos.dict).
#
# A crash, a leak, a sanitizer report (ASan, UBSan), an input taking more
# than 10 s or 2 GiB fails; the input is kept in .output/fuzz/artifacts/ and
# can be replayed with: .output/fuzz/fuzz_config FILE. Prints what was run
# and, last, "N passed, N failed" as tests/run.sh reads it. Build first:
# make fuzz-build (make fuzz builds and runs this).

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${FUZZ_BIN:-$ROOT/.output/fuzz/fuzz_config}
SECONDS_WANTED=${1:-${FUZZ_SECONDS:-60}}
ARTIFACTS=$ROOT/.output/fuzz/artifacts
PASSED=0
FAILED=0

if [ ! -x "$BIN" ]; then
	echo "fuzz: $BIN not built (make fuzz-build)"
	echo "0 passed, 1 failed"
	exit 1
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/xbr-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$ARTIFACTS" "$WORK/corpus"
cp "$ROOT"/fuzz/corpus/* "$WORK/corpus/"

# Output goes to a log; on failure its end says what happened.
result() { # name rc log
	if [ "$2" = 0 ]; then
		PASSED=$((PASSED + 1))
		echo "ok   $1"
	else
		FAILED=$((FAILED + 1))
		echo "FAIL $1 (exit $2)"
		tail -n 60 "$3"
	fi
}

n=$(find "$ROOT/fuzz/corpus" -type f | wc -l)
"$BIN" -artifact_prefix="$ARTIFACTS/" "$ROOT"/fuzz/corpus/* >"$WORK/replay.log" 2>&1
result "replay of the $n inputs of fuzz/corpus" $? "$WORK/replay.log"

"$BIN" -max_total_time="$SECONDS_WANTED" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
	-dict="$ROOT/fuzz/junos.dict" -print_final_stats=1 -artifact_prefix="$ARTIFACTS/" \
	"$WORK/corpus" >"$WORK/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/fuzz.log")
result "fuzzing for ${SECONDS_WANTED} s: ${runs:-?} inputs, $(find "$WORK/corpus" -type f | wc -l) in the corpus at the end" \
	$rc "$WORK/fuzz.log"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
