#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# The manual and the completion keep up with the command line: every command
# and long option `xbr -h` lists is in xbr(8) and in the bash completion, the
# man pages are mandoc -Tlint clean, and the completion offers what it should.
#
#   tests/test_docs.sh          (no root needed; the last line is "N passed, N failed")

set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XBR=${XBR:-$ROOT/.output/xbr}
# shellcheck source=tests/check.sh
. "$ROOT/tests/check.sh"

man_lint() { mandoc -Tlint -Wwarning "$ROOT/man/xbr.8" "$ROOT/man/xbr.conf.5"; }

# Every long option and command of `xbr -h`, in the rendered page and the completion.
every_option_documented() {
	local page opt missing=0 help
	help=$("$XBR" -h) || return 1
	page=$(mandoc -Tascii "$ROOT/man/xbr.8" | sed 's/.\x08//g')
	for opt in $(grep -o -- '--[a-z][a-z-]*' <<<"$help" | sort -u); do
		if ! grep -q -- "$opt" <<<"$page"; then
			echo "    xbr(8) lacks $opt"
			missing=1
		fi
		if ! grep -q -- "$opt\\b" "$ROOT/completion/xbr.bash"; then
			echo "    the completion lacks $opt"
			missing=1
		fi
	done
	for cmd in $(sed -n '/^Commands:/,/^$/p' <<<"$help" | awk 'NF > 1 { print $1 }'); do
		if ! grep -Eq "^     $cmd( |$)" <<<"$page"; then
			echo "    xbr(8) lacks the command $cmd"
			missing=1
		fi
		grep -qw "$cmd" "$ROOT/completion/xbr.bash" || { echo "    completion lacks $cmd"; missing=1; }
	done
	return $missing
}

# complete WORDS...: what the completion offers for the last word.
complete_words() {
	(
		# shellcheck source=completion/xbr.bash
		. "$ROOT/completion/xbr.bash"
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_xbr
		printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
	)
}

completion_offers() {
	local got ok=0 lo
	lo=$(ls /sys/class/net | head -n1)
	got=$(complete_words xbr st)
	[ "$got" = "stats status " ] || { echo "    'xbr st': $got"; ok=1; }
	got=$(complete_words xbr stats --p)
	[ "$got" = "--pin-dir --prometheus " ] || { echo "    'xbr stats --p': $got"; ok=1; }
	got=$(complete_words xbr rpd "")
	[ "$got" = "auto down up " ] || { echo "    'xbr rpd': $got"; ok=1; }
	got=$(complete_words xbr -v attach -m "")
	[ "$got" = "native skb " ] || { echo "    'xbr attach -m': $got"; ok=1; }
	got=$(complete_words xbr attach -c x.conf "$lo")
	grep -qw "$lo" <<<"$got" || { echo "    'xbr attach ... $lo': $got"; ok=1; }
	got=$(complete_words xbr explain 10.0.0.1 --in "$lo")
	grep -qw "$lo" <<<"$got" || { echo "    'xbr explain --in $lo': $got"; ok=1; }
	got=$(complete_words xbr run --metrics-l)
	[ "$got" = "--metrics-listen " ] || { echo "    'xbr run --metrics-l': $got"; ok=1; }
	return $ok
}

check "man pages: mandoc -Tlint" man_lint
check "every command and option of xbr -h in xbr(8) and the completion" every_option_documented
check "the completion's answers" completion_offers
checks_done
