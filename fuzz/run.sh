#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# The configuration parsers' fuzzers, as CI runs them:  fuzz/run.sh [SECONDS [TARGET...]]
#
# Targets: fuzz_config (the text syntaxes), fuzz_xml, fuzz_json (default: all
# three). For each:
#   1. replays its committed corpus (fuzz/corpus/config, xml, json): every
#      input once;
#   2. fuzzes, starting from a copy of that corpus, with its dictionary
#      (fuzz/config.dict, xml.dict, json.dict).
# SECONDS (default $FUZZ_SECONDS, else 60) is the time for all of them,
# shared equally: CI's fuzzing minute stays a minute.
#
# A crash, a leak, a sanitizer report (ASan, UBSan), an input taking more
# than 10 s or 2 GiB fails; the input is kept in .output/fuzz/artifacts/ and
# can be replayed with: .output/fuzz/TARGET FILE. Prints what was run and,
# last, "N passed, N failed" as tests/run.sh reads it. Build first: make
# fuzz-build (make fuzz builds and runs this).

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN_DIR=${FUZZ_BIN_DIR:-$ROOT/.output/fuzz}
SECONDS_WANTED=${1:-${FUZZ_SECONDS:-60}}
shift $(($# > 0 ? 1 : 0))
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(fuzz_config fuzz_xml fuzz_json)
ARTIFACTS=$ROOT/.output/fuzz/artifacts
PASSED=0
FAILED=0
EACH=$((SECONDS_WANTED / ${#TARGETS[@]}))
[ "$EACH" -ge 1 ] || EACH=1

WORK=$(mktemp -d "${TMPDIR:-/tmp}/xbr-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$ARTIFACTS"

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

for target in "${TARGETS[@]}"; do
	bin=$BIN_DIR/$target
	name=${target#fuzz_}
	corpus=$ROOT/fuzz/corpus/$name
	if [ ! -x "$bin" ]; then
		echo "FAIL $target: $bin not built (make fuzz-build)"
		FAILED=$((FAILED + 1))
		continue
	fi
	mkdir -p "$WORK/$name"
	cp "$corpus"/* "$WORK/$name/"

	n=$(find "$corpus" -type f | wc -l)
	"$bin" -artifact_prefix="$ARTIFACTS/$target-" "$corpus"/* >"$WORK/$name-replay.log" 2>&1
	result "$target: replay of the $n inputs of fuzz/corpus/$name" $? "$WORK/$name-replay.log"

	"$bin" -max_total_time="$EACH" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
		-dict="$ROOT/fuzz/$name.dict" -print_final_stats=1 \
		-artifact_prefix="$ARTIFACTS/$target-" "$WORK/$name" >"$WORK/$name.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$name.log")
	result "$target: fuzzing for $EACH s: ${runs:-?} inputs, $(find "$WORK/$name" -type f | wc -l) in the corpus at the end" \
		$rc "$WORK/$name.log"
done

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
