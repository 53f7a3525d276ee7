# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# shellcheck shell=bash disable=SC2034  # CONF and HERE are for the suites
#
# The opening of every shell suite over the namespace lab:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/suite.sh"
#   ...tests...
#   suite_begin NAME && run_tests ...; suite_end
#
# It sources the lab (lab.sh) and the helpers (testlib.sh), sets HERE (this
# folder) and CONF (the example configuration). suite_begin checks what the
# suite needs (root, the tools, a built xbr), brings the lab up and makes W,
# the scratch directory, inside it: lab_down removes both, whatever happens.
# suite_end prints the closing "N passed, N failed".

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lab/lab.sh
. "$HERE/lab.sh"
# shellcheck source=tests/lab/testlib.sh
. "$HERE/testlib.sh"

CONF=$LAB_ROOT/examples/backup-router.conf

suite_begin() { # name [tool...]
	local name=$1
	shift
	lab_require_root || suite_cannot_start "$name" "needs root"
	suite_needs "$name" jq ping ip "$@"
	lab_up || suite_cannot_start "$name" "the lab did not come up"
	W=$LAB_DIR/work
	mkdir -p "$W"
}

suite_end() {
	summary
}
