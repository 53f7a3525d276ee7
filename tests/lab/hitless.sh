# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# shellcheck shell=bash disable=SC2034  # a library: its variables are for the suites
#
# What the suites that prove "not a packet lost" share (source after
# suite.sh): a 100 pps ping stream and its verdict, the program that runs
# on an interface and its tag, an earlier commit of xbr built in a git
# worktree, and the figures a suite prints before its closing line.

# The oldest commit whose instance this build takes over in place: the first
# with a datapath that forwards (its loader still used libxdp, whose
# single-program fallback attaches through netlink as bpf_xdp_attach() does).
# Its ifaces map was a hash and it had one reason counter less: both are
# converted. XBR_UPGRADE_FROM names another.
XBR_OLDEST_UPGRADABLE=9431e33f7ed5c8827542f85b995edb980bc637df
UPGRADE_FROM=${XBR_UPGRADE_FROM:-$XBR_OLDEST_UPGRADABLE}
OLD_TREE=""
OLD=""
STREAM_INTERVAL=0.01 # 100 packets a second
PING_PID=""

# A line for the suite's figures, printed by figures_print before the summary.
figure() { echo "$*" >>"$W/figures"; }
figures_print() {
	[ -s "$W/figures" ] || return 0
	echo "figures:"
	sed 's/^/  /' "$W/figures"
}

# ping_stream COUNT: COUNT echo requests at 100 a second from the client to
# the management host, in the background (PING_PID, output in $W/stream).
ping_stream() {
	STREAM_COUNT=$1
	lab_ns cl ping -n -q -c "$1" -i "$STREAM_INTERVAL" -W 1 "$LAB_MN4" >"$W/stream" 2>&1 &
	PING_PID=$!
}

# stream_lossless WHAT: the stream ended with every reply back; the figure is kept.
stream_lossless() {
	local rc received
	wait "$PING_PID"
	rc=$?
	PING_PID=""
	received=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$W/stream")
	figure "$1: ${STREAM_COUNT} sent at 100/s, ${received:-?} received, $((STREAM_COUNT - ${received:-0})) lost"
	sed 's/^/    /' "$W/stream"
	[ "$rc" = 0 ] && [ "$received" = "$STREAM_COUNT" ] || { fail "$1: packets lost"; return 1; }
}

stream_stop() {
	[ -n "$PING_PID" ] || return 0
	kill "$PING_PID" 2>/dev/null
	wait "$PING_PID" 2>/dev/null
	PING_PID=""
}

# The id of the XDP program on a router interface, in whichever mode; empty: none.
prog_on() {
	lab_ns rt bpftool net show dev "$1" -j | jq -r '.[0].xdp[0].id // empty'
}

prog_tag() { bpftool prog show id "$1" -j | jq -r .tag; }

# The tag of the program in this build's object, as the kernel computes it
# (over the instructions, map references left out): loaded on its own.
object_tag() {
	local pin=$LAB_BPFFS/tag-probe tag
	bpftool prog load "$LAB_ROOT/.output/xbr.bpf.o" "$pin" type xdp >/dev/null 2>&1 || return 1
	tag=$(bpftool prog show pinned "$pin" -j | jq -r .tag)
	rm -f "$pin"
	echo "$tag"
}

# The ABI version recorded in the pins (empty: none recorded, a build from before versions).
abi_of_pins() {
	bpftool map dump pinned "$LAB_PIN_DIR/abi_version" -j 2>/dev/null |
		jq -r '.[0].formatted.value.version // empty' 2>/dev/null
}

abi_of_build() { sed -n 's/^#define XBR_ABI_VERSION \([0-9]*\)$/\1/p' "$LAB_ROOT/maps/xbr_maps.h"; }

# The earlier commit, checked out in a worktree under $W and built there
# with its own Makefile: OLD is its xbr, OLD_TREE the tree.
old_build() {
	OLD_TREE=$W/old-tree
	git -C "$LAB_ROOT" worktree prune
	{ git -C "$LAB_ROOT" worktree add --detach "$OLD_TREE" "$UPGRADE_FROM" &&
		make -C "$OLD_TREE" .output/xbr; } >"$W/old-build.log" 2>&1 || {
		sed 's/^/    build: /' "$W/old-build.log" >&2
		return 1
	}
	OLD=$OLD_TREE/.output/xbr
	echo "earlier build: $(git -C "$LAB_ROOT" log -1 --format='%h %ad %s' --date=short "$UPGRADE_FROM")"
}

old_remove() {
	[ -n "$OLD_TREE" ] || return 0
	git -C "$LAB_ROOT" worktree remove --force "$OLD_TREE" 2>/dev/null
	git -C "$LAB_ROOT" worktree prune
	OLD_TREE=""
}
