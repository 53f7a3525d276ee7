#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# A change to the pinned maps' layout comes with a new XBR_ABI_VERSION: the
# layout of the built object (tests/abi_layout.c: each map's type, sizes,
# capacity, flags and every field of its key and value) is the one recorded
# for this version in maps/abi_layout.txt. A build takes over an older
# instance by its version (docs/design.md §12); a layout changed under the
# same number would be taken for the old one.
#
#   tests/test_abi.sh          (no root needed; the last line is "N passed, N failed")

set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAYOUT=${LAYOUT:-$ROOT/.output/tests/abi_layout}
OBJ=$ROOT/.output/xbr.bpf.o
RECORDED=$ROOT/maps/abi_layout.txt
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
# shellcheck source=tests/check.sh
. "$ROOT/tests/check.sh"

# verdict RECORDED ACTUAL: same | unbumped (layout changed, version not) | unrecorded (a new version)
verdict() {
	local rec_abi act_abi
	rec_abi=$(sed -n 's/^abi //p' "$1")
	act_abi=$(sed -n 's/^abi //p' "$2")
	if [ "$rec_abi" != "$act_abi" ]; then
		echo unrecorded
	elif diff -q <(grep -v '^#' "$1") "$2" >/dev/null; then
		echo same
	else
		echo unbumped
	fi
}

layout_as_recorded() {
	local v
	"$LAYOUT" "$OBJ" >"$W/actual" || return 1
	v=$(verdict "$RECORDED" "$W/actual")
	case $v in
	same) return 0 ;;
	unbumped)
		diff -u --label "recorded (maps/abi_layout.txt)" --label built <(grep -v "^#" "$RECORDED") "$W/actual" | sed 's/^/    /'
		echo "    the maps' layout changed but XBR_ABI_VERSION is still $(sed -n 's/^abi //p' "$W/actual"):"
		echo "    raise it in maps/xbr_maps.h (docs/design.md §12), then record it: make abi-layout"
		;;
	unrecorded)
		echo "    XBR_ABI_VERSION is $(sed -n 's/^abi //p' "$W/actual"), the layout recorded is version" \
			"$(sed -n 's/^abi //p' "$RECORDED")'s: record it with make abi-layout"
		;;
	esac
	return 1
}

# The comparison sees one field moved by a byte, a map's capacity changed,
# and a new version with its layout not recorded yet.
changes_are_seen() {
	grep -v '^#' "$RECORDED" >"$W/base"
	awk '/^    value\./ && !done { $2 = $2 + 1; done = 1 } { print }' "$W/base" >"$W/moved"
	sed '0,/max_entries [0-9]*/s//max_entries 7/' "$W/base" >"$W/resized"
	sed 's/^abi \([0-9]*\)$/abi 99/' "$W/base" >"$W/newer"
	cmp -s "$W/base" "$W/moved" && { echo "    no field to move"; return 1; }
	[ "$(verdict "$RECORDED" "$W/base")" = same ] &&
		[ "$(verdict "$RECORDED" "$W/moved")" = unbumped ] &&
		[ "$(verdict "$RECORDED" "$W/resized")" = unbumped ] &&
		[ "$(verdict "$RECORDED" "$W/newer")" = unrecorded ]
}

# Every map the program pins (maps/xbr_maps.bpf.h) is in the layout.
every_map_recorded() {
	local name missing=0
	for name in $(sed -n 's/^} \([a-z0-9_]*\) SEC(".maps");$/\1/p' "$ROOT/maps/xbr_maps.bpf.h"); do
		grep -q "^map $name " "$RECORDED" || { echo "    $name is not in maps/abi_layout.txt"; missing=1; }
	done
	[ "$missing" = 0 ] && [ -n "$name" ]
}

if [ ! -x "$LAYOUT" ] || [ ! -f "$OBJ" ]; then
	echo "test_abi: build first (make)"
	echo "0 passed, 1 failed"
	exit 1
fi
check "the maps' layout is the one recorded for XBR_ABI_VERSION" layout_as_recorded
check "a moved field, a new capacity, a new version are seen" changes_are_seen
check "every pinned map is recorded" every_map_recorded
checks_done
