#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# xbr check and the config as the commands read it: --node and XBR_NODE,
# where each statement came from, warnings and exit status, and the
# warnings only the kernel's table can give (a destination shadowed by a
# static route), at check and at attach. The kernel part runs in a network
# and mount namespace of its own, with a veth pair and a bpffs of its own.
#
#   tests/lab/test_check.sh        (needs root)

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
XBR=${XBR:-$ROOT/.output/xbr}
CONFIGS=$ROOT/tests/configs

if [ "$(id -u)" != 0 ]; then
	echo "test_check: needs root (network namespaces, XDP, bpffs)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
# Everything below runs in namespaces of its own: nothing outside is touched.
if [ -z "${XBR_CHECK_IN_NS:-}" ]; then
	exec unshare --net --mount env XBR_CHECK_IN_NS=1 "$0" "$@"
fi
mount --make-rprivate /

# shellcheck source=tests/lab/testlib.sh
. "$HERE/testlib.sh"

W=$(mktemp -d "${TMPDIR:-/tmp}/xbr-check.XXXXXX") || exit 1
PIN=$W/bpf/xbr
cleanup() {
	"$XBR" detach --pin-dir "$PIN" >/dev/null 2>&1
	umount "$W/bpf" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

# xbr with stdout and stderr to $W/out and $W/err; RC is its exit status.
x() {
	"$XBR" "$@" >"$W/out" 2>"$W/err"
	RC=$?
}

expect_file() { # file expected-text
	diff -u <(printf '%s\n' "$2") "$1" || fail "$1 differs"
}

expect_empty() { # file
	[ ! -s "$1" ] || { cat "$1"; fail "$1 is not empty"; }
}

# ---- the config, per node ---------------------------------------------------

# The error is check's output, and the one line on stderr.
t_node_needed() {
	local e="backup-router is set in group re0, which applies only on node re0: name this node with --node NAME or XBR_NODE=NAME (nodes in this configuration: re0, re1)"
	x check -c "$CONFIGS/dual-re.conf"
	expect_eq "exit" "$RC" 1 || return 1
	expect_file "$W/err" "xbr: $CONFIGS/dual-re.conf:8:13: $e" || return 1
	expect_file "$W/out" "errors
  $CONFIGS/dual-re.conf:8:13: $e"
}

t_node_re1() {
	local f=$CONFIGS/dual-re.conf
	x check -c "$f" --node re1
	expect_eq "exit" "$RC" 0 || return 1
	expect_file "$W/out" "node   re1
inet   backup router 198.51.100.129  ($f:28:27, group re1)
       destination 10.0.0.0/8           ($f:28:56, group re1)
       destination 192.168.0.0/16       ($f:28:67, group re1)
inet6  backup router 2001:db8:101::1  ($f:29:33, group re1)
       destination 2001:db8::/32        ($f:29:61, group re1)" || return 1
	expect_empty "$W/err"
}

t_xbr_node_json() {
	local f=$CONFIGS/dual-re-set.conf
	XBR_NODE=re0 x check -j -c "$f"
	expect_eq "exit" "$RC" 0 || return 1
	expect_eq node "$(jq -r .node "$W/out")" re0 || return 1
	expect_eq gateway "$(jq -r .inet.gateway "$W/out")" 198.51.100.1 || return 1
	expect_eq group "$(jq -r .inet.group "$W/out")" re0 || return 1
	expect_eq location "$(jq -r '.inet.destinations[1].location' "$W/out")" "$f:5:62" || return 1
	expect_eq prefixes "$(jq -r '[.inet6.destinations[].prefix] | join(" ")' "$W/out")" \
		2001:db8::/32 || return 1
	expect_eq warnings "$(jq -c .warnings "$W/out")" "[]" || return 1
	# --node wins over XBR_NODE.
	XBR_NODE=re0 x check -j -c "$f" --node re1
	expect_eq "node given twice" "$(jq -r .node "$W/out")" re1
}

t_node_usage() {
	x status --node re0
	expect_eq "status --node: exit" "$RC" 2 || return 1
	expect_file "$W/err" "xbr: --node does not apply to 'status'; see 'xbr -h'" || return 1
	x check --node 're 0' -c "$CONFIGS/dual-re.conf"
	expect_eq "--node 're 0': exit" "$RC" 2 || return 1
	# XBR_NODE is for the commands that read the config; others ignore it.
	XBR_NODE=re0 x rpd frobnicate
	expect_eq "XBR_NODE with rpd: exit" "$RC" 2 || return 1
	grep -q -- "--node\|XBR_NODE" "$W/err" && fail "XBR_NODE reported for rpd"
	return 0
}

t_same_on_every_node() {
	local f=$CONFIGS/srx-cluster.conf
	x check -c "$f"
	expect_eq "exit" "$RC" 0 || return 1
	expect_file "$W/out" "inet   backup router 203.0.113.1  ($f:8:27, group node0)
       destination 0.0.0.0/1            ($f:8:53, group node0)
       destination 128.0.0.0/1          ($f:8:63, group node0)
inet6  no backup router

warnings
  $f: the backup routers are the same on every node (node0, node1): shown as on node0; --node NAME names this one"
}

# Warnings are check's output: on stdout (text or JSON), exit 0.
t_warnings() {
	local f=$W/w.conf
	printf '%s\n' 'set system backup-router 192.0.2.1 destination [ 172.16.0.0/13 172.16.128.0/13 0.0.0.0/0 ]' >"$f"
	x check -c "$f"
	expect_eq "exit" "$RC" 0 || return 1
	expect_file "$W/out" "inet   backup router 192.0.2.1  ($f:1:26)
       destination 172.16.0.0/13        ($f:1:50)
       destination 0.0.0.0/0            ($f:1:80: every destination)
inet6  no backup router

warnings
  $f:1:64: 172.16.128.0/13 has host bits set; using 172.16.0.0/13
  $f:1:64: duplicate destination 172.16.0.0/13 (also at 1:50); using it once" || return 1
	expect_empty "$W/err" || return 1
	x check -j -c "$f"
	expect_eq "json: every_destination" "$(jq .inet.every_destination "$W/out")" true || return 1
	expect_eq "json: destination_implied" "$(jq .inet.destination_implied "$W/out")" false || return 1
	expect_eq "json: warnings" "$(jq '.warnings | length' "$W/out")" 2
}

t_broken_stdin() {
	x check -c - <"$CONFIGS/broken/missing-semicolon.conf"
	expect_eq "exit" "$RC" 1 || return 1
	expect_file "$W/err" 'xbr: <stdin>:8:69: expected ";" after "]"'
}

# ---- the kernel's table -----------------------------------------------------

# veth0 (192.0.2.5/24, 2001:db8:5::5/64) holds the backup routers' subnets;
# static routes through it, and one of another protocol.
net_up() {
	ip link add veth0 type veth peer name veth1 &&
		ip link set veth0 up && ip link set veth1 up && ip link set lo up &&
		ip addr add 192.0.2.5/24 dev veth0 &&
		ip addr add 2001:db8:5::5/64 dev veth0 nodad &&
		ip neigh add 192.0.2.1 lladdr 02:00:00:00:00:01 dev veth0 nud permanent &&
		ip route add 10.1.0.0/16 via 192.0.2.1 dev veth0 &&
		ip route add 10.2.0.0/16 via 192.0.2.1 dev veth0 proto static &&
		ip route add 10.3.0.0/16 via 192.0.2.1 dev veth0 proto zebra &&
		ip -6 route add 2001:db8:77::/48 via 2001:db8:5::1 dev veth0 proto static
}

SHADOW_CONF='system {
    backup-router 192.0.2.1 destination [ 10.1.0.0/16 10.2.0.0/16 10.3.0.0/16 10.1.0.0/17 ];
    inet6-backup-router 2001:db8:5::1 destination 2001:db8:77::/48;
}'

t_shadowed_at_check() {
	local f=$W/shadow.conf
	printf '%s\n' "$SHADOW_CONF" >"$f"
	x check -c "$f"
	expect_eq "exit" "$RC" 0 || return 1
	expect_file <(sed -n '/^warnings/,$p' "$W/out") "warnings
  $f:2:43: destination 10.1.0.0/16 equals a static route through veth0, the backup router's interface: the route wins, this is never used; use more specific prefixes
  $f:2:55: destination 10.2.0.0/16 equals a static route through veth0, the backup router's interface: the route wins, this is never used; use more specific prefixes
  $f:3:51: destination 2001:db8:77::/48 equals a static route through veth0, the backup router's interface: the route wins, this is never used; use more specific prefixes"
}

# The same at attach, on stderr, and attach goes on.
t_shadowed_at_attach() {
	local f=$W/shadow.conf
	printf '%s\n' "$SHADOW_CONF" >"$f"
	x attach -c "$f" --pin-dir "$PIN" -m skb veth0
	expect_eq "exit" "$RC" 0 || { cat "$W/err"; return 1; }
	grep -c "equals a static route" "$W/err" | grep -qx 3 || { cat "$W/err"; fail "3 warnings"; return 1; }
	grep -qF "xbr: warning: $f:2:43: destination 10.1.0.0/16 equals a static route" "$W/err" ||
		{ cat "$W/err"; fail "warning with FILE:LINE:COL"; return 1; }
	x detach --pin-dir "$PIN"
	expect_eq "detach" "$RC" 0
}

# A gateway that is not connected: attach refuses, pointing at it in the config.
t_unconnected_at_attach() {
	local f=$W/far.conf
	printf '%s\n' '# far away' 'set system backup-router 198.51.100.7' >"$f"
	x attach -c "$f" --pin-dir "$PIN" -m skb veth0
	expect_eq "exit" "$RC" 1 || return 1
	grep -q "^xbr: $f:2:26: backup-router 198.51.100.7 is not on a directly connected subnet (checked: " "$W/err" ||
		{ cat "$W/err"; fail "no FILE:LINE:COL error"; }
}

suite_needs test_check jq unshare ip
echo "== xbr check ($XBR)"
run_test "without --node, a per-node backup router is an error" t_node_needed
run_test "--node re1: re1's backup routers, with places and groups" t_node_re1
run_test "XBR_NODE, -j; --node wins over XBR_NODE" t_xbr_node_json
run_test "--node: usage errors exit 2" t_node_usage
run_test "the same on every node: no --node needed, said so" t_same_on_every_node
run_test "warnings on stdout, exit 0; 0.0.0.0/0 is every destination" t_warnings
run_test "a broken config on stdin: <stdin>:LINE:COL, exit 1" t_broken_stdin

# The pins of the attach tests live on a bpffs of the suite's own.
mkdir -p "$W/bpf" && mount -t bpf bpf "$W/bpf" || SKIP="no bpffs"
[ -n "$SKIP" ] || net_up || SKIP="cannot set up veth0"
run_test "check: destinations shadowed by static routes" t_shadowed_at_check
run_test "attach: the same warnings, and it attaches" t_shadowed_at_attach
run_test "attach: an unconnected gateway is named with FILE:LINE:COL" t_unconnected_at_attach
summary
