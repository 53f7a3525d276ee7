#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# xbr check over every syntax of a configuration (no root needed):
#
#   - every configuration of tests/configs/ written as the brace hierarchy,
#     set lines, display xml and display json (and, for some, a NETCONF
#     reply and verbose JSON) gives the same `xbr check -j` on every node,
#     the file and the places aside: the same backup routers, groups,
#     warnings and errors;
#   - what `check --display set|text|json|xml` writes reads back (from
#     stdin, with --format) as the same backup routers;
#   - --format, errors and warnings as JSON, and the usage errors.
#
#   tests/check_formats.sh      (make first)

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
XBR=${XBR:-$ROOT/.output/xbr}
CONFIGS=$ROOT/tests/configs
# shellcheck source=tests/lab/testlib.sh
. "$HERE/lab/testlib.sh"

W=$(mktemp -d "${TMPDIR:-/tmp}/xbr-formats.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT

# Each line: the files of one configuration (the first is the reference), then
# after "|" the nodes to read it as besides none.
TABLE=(
	"dual-re.conf dual-re-set.conf dual-re.xml dual-re.json dual-re-netconf.xml dual-re-verbose.json | re0 re1 re2"
	"srx-cluster.conf srx-cluster-set.conf srx-cluster.xml srx-cluster.json srx-cluster-verbose.json | node0 node1"
	"mx-hierarchy.conf mx-set.conf mx.xml mx.json | re0 re1"
	"srx-hierarchy.conf srx-set.conf srx.xml srx.json | node0 node1"
	"ex-hierarchy.conf ex-set.conf ex.xml ex.json | re0"
)

# check -j without what differs by the file: its name, the places, the syntax.
NORM='del(.file, .format, .diagnostics)
	| walk(if type == "object" then del(.location) else . end)
	| .errors |= map(sub("^[^ ]*:[0-9]+:[0-9]+: |^[^ ]*: "; ""))
	| .warnings |= map(sub("^[^ ]*:[0-9]+:[0-9]+: |^[^ ]*: "; ""))'

# Only what the backup routers are: gateways and prefixes.
ROUTES='{ inet: (.inet | if . then { gateway, prefixes: [.destinations[].prefix] | sort } else null end),
	  inet6: (.inet6 | if . then { gateway, prefixes: [.destinations[].prefix] | sort } else null end) }'

# check -j of a file for a node (may be empty), normalised, to stdout.
checked() { # file node
	"$XBR" check -j -c "$CONFIGS/$1" ${2:+--node "$2"} 2>/dev/null | jq -S "$NORM"
}

syntax_of() {
	case $1 in
	*-set.conf) echo set ;;
	*.conf) echo text ;;
	*.xml) echo xml ;;
	*.json) echo json ;;
	esac
}

t_every_syntax() {
	local row files nodes f node ref got n=0
	for row in "${TABLE[@]}"; do
		files=${row%%|*}
		nodes=${row#*|}
		# shellcheck disable=SC2086
		for node in "" $nodes; do
			ref=""
			for f in $files; do
				got=$(checked "$f" "$node")
				[ -n "$got" ] || fail "$f, node ${node:-none}: no JSON" || return 1
				if [ -z "$ref" ]; then
					ref=$got
				elif [ "$got" != "$ref" ]; then
					diff <(echo "$ref") <(echo "$got")
					fail "$f and ${files%% *} differ, node ${node:-none}"
					return 1
				fi
				n=$((n + 1))
			done
		done
	done
	echo "$n readings agree"
	[ "$n" -ge 50 ]
}

# The syntax each was read in, as check -j says.
t_syntax_seen() {
	local row f
	for row in "${TABLE[@]}"; do
		for f in ${row%%|*}; do
			expect_eq "$f" "$("$XBR" check -j -c "$CONFIGS/$f" --node re0 2>/dev/null | jq -r .format)" \
				"$(syntax_of "$f")" || return 1
		done
	done
}

t_display_round_trip() {
	local row f node fmt want got n=0
	for row in "${TABLE[@]}"; do
		f=${row%% *}
		for node in ${row#*|}; do
			"$XBR" check -j -c "$CONFIGS/$f" --node "$node" >"$W/want.json" 2>/dev/null || continue
			want=$(jq -S "$ROUTES" "$W/want.json")
			for fmt in set text json xml; do
				"$XBR" check -c "$CONFIGS/$f" --node "$node" --display "$fmt" >"$W/shown" 2>"$W/err" ||
					{ cat "$W/err"; fail "--display $fmt of $f"; return 1; }
				got=$("$XBR" check -j --format "$fmt" -c - <"$W/shown" | jq -S "$ROUTES")
				if [ "$got" != "$want" ]; then
					cat "$W/shown"
					diff <(echo "$want") <(echo "$got")
					fail "$f, node $node: --display $fmt reads back as other backup routers"
					return 1
				fi
				n=$((n + 1))
			done
		done
	done
	echo "$n round trips"
	[ "$n" -ge 30 ]
}

# --display writes only configuration on stdout; the warnings go to stderr.
t_display_warnings_aside() {
	printf '%s\n' 'set system backup-router 192.0.2.1 destination [ 10.1.0.1/16 ]' >"$W/w.conf"
	"$XBR" check -c "$W/w.conf" --display set >"$W/out" 2>"$W/err"
	expect_eq exit $? 0 || return 1
	expect_eq stdout "$(cat "$W/out")" "set system backup-router 192.0.2.1 destination 10.1.0.0/16" || return 1
	expect_eq stderr "$(cat "$W/err")" \
		"xbr: warning: $W/w.conf:1:50: 10.1.0.1/16 has host bits set; using 10.1.0.0/16"
}

# Every error is check's output (text, or JSON with -j); on stderr the one
# line is the first, saying how many there are.
t_errors_listed() {
	printf '%s\n' 'system {' '    host-name r1' '    backup-router 10.0.0.1;' \
		'    inet6-backup-router 2001:db8::1 destination 10.0.0.0/8;' '    backup-routers 10.0.0.9;' \
		'}' >"$W/e.conf"
	"$XBR" check -c "$W/e.conf" >"$W/out" 2>"$W/err"
	expect_eq exit $? 1 || return 1
	expect_eq stderr "$(cat "$W/err")" \
		"xbr: $W/e.conf:2:17: expected \";\" before \"backup-router\" (the first of 2 errors: all are listed on stdout)" || return 1
	expect_eq stdout "$(cat "$W/out")" "errors
  $W/e.conf:2:17: expected \";\" before \"backup-router\"
  $W/e.conf:4:49: IPv4 destination 10.0.0.0/8 under inet6-backup-router; use backup-router

warnings
  $W/e.conf:5:5: system \"backup-routers\" is not a statement xbr knows: did you mean \"backup-router\"? (read and ignored)" || return 1
	"$XBR" check -j -c "$W/e.conf" >"$W/out" 2>"$W/err"
	expect_eq "-j: exit" $? 1 || return 1
	expect_eq "-j: stderr lines" "$(wc -l <"$W/err")" 1 || return 1
	expect_eq errors "$(jq -c '[.diagnostics[] | select(.severity == "error") | [.line, .column]]' "$W/out")" \
		"[[2,17],[4,49]]" || return 1
	expect_eq "second error" "$(jq -r '.errors[1]' "$W/out")" \
		"$W/e.conf:4:49: IPv4 destination 10.0.0.0/8 under inet6-backup-router; use backup-router" || return 1
	expect_eq warning "$(jq -r '.diagnostics[] | select(.severity == "warning") | "\(.line):\(.column) \(.message)"' "$W/out")" \
		"5:5 system \"backup-routers\" is not a statement xbr knows: did you mean \"backup-router\"? (read and ignored)" || return 1
	expect_eq inet "$(jq -c .inet "$W/out")" null || return 1
	# attach, reload, run: the one line points at check for the others (attach reads
	# the configuration once it runs as root, before it changes anything).
	[ "$(id -u)" = 0 ] || return 0
	"$XBR" attach -c "$W/e.conf" lo >"$W/out" 2>"$W/err"
	expect_eq "attach: exit" $? 1 || return 1
	expect_eq "attach: stderr" "$(cat "$W/err")" \
		"xbr: $W/e.conf:2:17: expected \";\" before \"backup-router\" (the first of 2 errors: xbr check lists them all)"
}

# --format: the syntax given, not seen; from stdin as from a file.
t_format_option() {
	"$XBR" check -j -c - <"$CONFIGS/srx-cluster.json" --node node1 >"$W/out" 2>"$W/err"
	expect_eq "stdin, seen: exit" $? 0 || return 1
	expect_eq "stdin, seen: file" "$(jq -r .file "$W/out")" "<stdin>" || return 1
	expect_eq "stdin, seen: format" "$(jq -r .format "$W/out")" json || return 1
	"$XBR" check --format text -c "$CONFIGS/dual-re-set.conf" --node re0 >"$W/out" 2>"$W/err"
	expect_eq "--format text on set lines: exit" $? 1 || return 1
	expect_eq "--format text on set lines" "$(cat "$W/err")" \
		"xbr: $CONFIGS/dual-re-set.conf:2:1: \"set\" command in a configuration read as a hierarchy; use one syntax per file" || return 1
	"$XBR" check --format xml -c "$CONFIGS/dual-re.json" --node re0 >"$W/out" 2>"$W/err"
	expect_eq "--format xml on JSON: exit" $? 1 || return 1
	grep -q "^xbr: $CONFIGS/dual-re.json:1:1: invalid XML: " "$W/err" || { cat "$W/err"; fail "--format xml on JSON"; return 1; }
	"$XBR" check --format yaml -c "$CONFIGS/dual-re.json" >"$W/out" 2>"$W/err"
	expect_eq "--format yaml: exit" $? 2 || return 1
	expect_eq "--format yaml" "$(cat "$W/err")" 'xbr: --format wants set, text, json or xml, not "yaml"'
}

t_usage() {
	"$XBR" check -j --display set -c "$CONFIGS/dual-re.conf" --node re0 >"$W/out" 2>"$W/err"
	expect_eq "-j --display: exit" $? 2 || return 1
	expect_eq "-j --display" "$(cat "$W/err")" "xbr: -j and --display are two outputs; choose one" || return 1
	"$XBR" status --display set >"$W/out" 2>"$W/err"
	expect_eq "status --display: exit" $? 2 || return 1
	expect_eq "status --display" "$(cat "$W/err")" "xbr: --display does not apply to 'status'; see 'xbr -h'" || return 1
	"$XBR" status --format xml >"$W/out" 2>"$W/err"
	expect_eq "status --format: exit" $? 2
}

suite_needs check_formats jq

echo "== xbr check over every syntax ($XBR)"
run_test "every configuration in every syntax: the same check -j on every node" t_every_syntax
run_test "check -j says the syntax it read" t_syntax_seen
run_test "check --display set|text|json|xml reads back as the same backup routers" t_display_round_trip
run_test "--display: configuration on stdout, warnings on stderr" t_display_warnings_aside
run_test "every error is check's output, text or JSON; stderr: the first, and how many" t_errors_listed
run_test "--format and stdin" t_format_option
run_test "usage: -j with --display, --display and --format elsewhere" t_usage
summary
