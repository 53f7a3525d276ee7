# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# shellcheck shell=bash
#
# The checks of the shell suites that need no lab (tests/test_docs.sh,
# tests/test_abi.sh): check runs one, checks_done prints the line
# tests/run.sh counts and gives the suite's exit status.

PASSED=0
FAILED=0

check() { # description command...
	local what=$1
	shift
	if "$@"; then
		echo "ok    $what"
		PASSED=$((PASSED + 1))
	else
		echo "FAIL  $what"
		FAILED=$((FAILED + 1))
	fi
}

checks_done() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" = 0 ]
}
