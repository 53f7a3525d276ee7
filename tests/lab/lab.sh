# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# shellcheck shell=bash disable=SC2034  # a library: its variables are for the scripts that source it
#
# Namespace lab for xbr: sourced by the suites in tests/lab/, examples/demo.sh and bench/.
#
#   client             router (xbr)                 gateway (backup router)      mgmt host
#   cl0 ─────────── rt-cl          rt-mg ──────────── gw-rt          gw-net ────────── mn0
#   198.51.100.2/24   198.51.100.1/24  192.0.2.1/24     192.0.2.254/24   172.16.0.1/12     172.16.5.10/12
#   2001:db8:c::2/64  2001:db8:c::1/64 2001:db8:1::1/64 2001:db8:1::fe/64 2001:db8:ffff::1/48 2001:db8:ffff::10/48
#
# The router has no route to 172.16.0.0/12 or 2001:db8:ffff::/48: that is the
# routing daemon's job and it is "down". Only xbr, attached on rt-cl, can get
# the client's packets to the management network, through the backup router.
#
# Usage:  source tests/lab/lab.sh; lab_up; ...; (lab_down runs from the trap)
#
# Names are unique per run (the pid is in them) so parallel runs and leftovers
# of killed runs never collide; lab_up removes leftovers whose run is gone.
# Every namespace, the bpffs and the pins go away in lab_down, which lab_up
# installs as the EXIT/INT/TERM/HUP/PIPE trap.

LAB_ID=${LAB_ID:-$$}
LAB_TAG=xbrt
LAB_CL=$LAB_TAG-$LAB_ID-cl
LAB_RT=$LAB_TAG-$LAB_ID-rt
LAB_GW=$LAB_TAG-$LAB_ID-gw
LAB_MN=$LAB_TAG-$LAB_ID-mn
LAB_NSS="$LAB_CL $LAB_RT $LAB_GW $LAB_MN"
LAB_DIR=/run/$LAB_TAG-$LAB_ID
LAB_BPFFS=$LAB_DIR/bpf
LAB_PIN_DIR=$LAB_BPFFS/xbr
LAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
XBR=${XBR:-$LAB_ROOT/.output/xbr}
LAB_UP=0

# Addresses, for the scripts that use the lab.
LAB_CL4=198.51.100.2  LAB_CL6=2001:db8:c::2
LAB_RTC4=198.51.100.1 LAB_RTC6=2001:db8:c::1
LAB_RTM4=192.0.2.1    LAB_RTM6=2001:db8:1::1
LAB_GW4=192.0.2.254   LAB_GW6=2001:db8:1::fe
LAB_MN4=172.16.5.10   LAB_MN6=2001:db8:ffff::10

lab_log() { printf '  lab: %s\n' "$*" >&2; }

# Run a command in one of the lab namespaces: lab_ns cl|rt|gw|mn CMD...
lab_ns() {
	local ns
	case $1 in
	cl) ns=$LAB_CL ;; rt) ns=$LAB_RT ;; gw) ns=$LAB_GW ;; mn) ns=$LAB_MN ;;
	*) echo "lab_ns: unknown namespace '$1'" >&2; return 2 ;;
	esac
	shift
	ip netns exec "$ns" "$@"
}

# Run xbr in the router namespace. `ip netns exec` remounts /sys, so the pins
# live on the lab's own bpffs under /run.
# A command that hangs is killed after XBR_CMD_TIMEOUT seconds (exit 124).
lab_xbr() {
	timeout -k 2 "${XBR_CMD_TIMEOUT:-30}" ip netns exec "$LAB_RT" env XBR_PIN_DIR="$LAB_PIN_DIR" \
		"$XBR" --pin-dir "$LAB_PIN_DIR" "$@"
}

# A long-running xbr (the daemon) in the router namespace, no time limit. Only
# in the background: `lab_xbr_daemon run ... &`. The subshell that & makes
# execs ip, which execs env, which execs xbr, so "$!" is xbr's own pid.
lab_xbr_daemon() {
	exec ip netns exec "$LAB_RT" env XBR_PIN_DIR="$LAB_PIN_DIR" \
		"$XBR" --pin-dir "$LAB_PIN_DIR" "$@"
}

# Remove namespaces and bpffs mounts left by lab runs whose process is gone.
lab_gc() {
	local ns pid dir
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$LAB_TAG-[0-9]*-" || true); do
		pid=${ns#"$LAB_TAG"-}
		pid=${pid%%-*}
		if [ "$pid" != "$LAB_ID" ] && ! kill -0 "$pid" 2>/dev/null; then
			ip netns del "$ns" 2>/dev/null || true
		fi
	done
	for dir in /run/"$LAB_TAG"-*; do
		[ -d "$dir" ] || continue
		pid=${dir##*/"$LAB_TAG"-}
		if [ "$pid" != "$LAB_ID" ] && ! kill -0 "$pid" 2>/dev/null; then
			umount "$dir/bpf" 2>/dev/null || true
			rm -rf "$dir" 2>/dev/null || true
		fi
	done
}

lab_down() {
	local ns
	[ "$LAB_UP" = 1 ] || return 0
	LAB_UP=0
	# Let xbr take its own pins and programs down first (best effort), then
	# remove everything it may have left: the interfaces die with the
	# namespaces, the pins with the bpffs.
	if [ -x "$XBR" ] && ip netns list | grep -qw "$LAB_RT"; then
		lab_xbr detach >/dev/null 2>&1 || true
	fi
	for ns in $LAB_NSS; do
		ip netns del "$ns" 2>/dev/null || true
	done
	if mountpoint -q "$LAB_BPFFS" 2>/dev/null; then
		rm -rf "${LAB_BPFFS:?}"/* 2>/dev/null || true
		umount "$LAB_BPFFS" 2>/dev/null || umount -l "$LAB_BPFFS" 2>/dev/null || true
	fi
	rm -rf "${LAB_DIR:?}" 2>/dev/null || true
}

# Trap handler: tear down, and keep the exit status (128+N for signals).
lab_trap() {
	local rc=$1
	trap - EXIT INT TERM HUP PIPE
	lab_down
	exit "$rc"
}

lab_fail() {
	echo "lab: setup failed: $*" >&2
	lab_down
	return 1
}

# Create a veth pair between two namespaces: lab_veth NS_A IF_A NS_B IF_B
lab_veth() {
	ip -n "$1" link add "$2" type veth peer name "$4" netns "$3" &&
		ip -n "$1" link set "$2" up &&
		ip -n "$3" link set "$4" up
}

lab_require_root() {
	[ "$(id -u)" = 0 ] && return 0
	echo "lab: needs root (network namespaces, bpffs, XDP): run as root or with sudo" >&2
	return 1
}

# Native XDP_REDIRECT into a veth delivers only if the peer runs NAPI: an XDP
# program or GRO on gw-rt. Same for cl0 should xbr ever XDP_TX back out of
# rt-cl. lab_up does this; callable again (idempotent).
lab_gro_on() {
	lab_ns gw ethtool -K gw-rt gro on >/dev/null && lab_ns cl ethtool -K cl0 gro on >/dev/null
}

# The client finishes its own checksums: a veth leaves a TCP/UDP checksum to
# the "hardware" (CHECKSUM_PARTIAL), native XDP gets the frame unfinished, and
# a frame it redirects leaves so. A real NIC has finished it on the wire.
lab_csum_on() {
	lab_ns cl ethtool -K cl0 tx off >/dev/null
}

# XDP_TX into a veth is delivered only if the peer runs an XDP program of its
# own (the kernel's veth_xdp_flush()): an XDP_PASS one on cl0, for the frames
# xbr sends back out of rt-cl (its ICMP errors, hairpin forwarding).
lab_xdp_tx_peer() {
	"$LAB_ROOT/.output/tests/oracle/oracle" pass "$LAB_CL" cl0
}

lab_up() {
	local ns
	lab_require_root || return 1
	lab_gc
	LAB_UP=1
	trap 'lab_trap $?' EXIT
	trap 'lab_trap 130' INT
	trap 'lab_trap 143' TERM
	trap 'lab_trap 129' HUP
	trap 'lab_trap 141' PIPE

	mkdir -p "$LAB_BPFFS" && mount -t bpf bpf "$LAB_BPFFS" || lab_fail "bpffs on $LAB_BPFFS" || return 1

	for ns in $LAB_NSS; do
		ip netns add "$ns" || { lab_fail "ip netns add $ns"; return 1; }
		# No DAD, no router advertisements: addresses usable at once, and
		# nothing but the test's own traffic on the wires.
		ip netns exec "$ns" sh -c '
			sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0 \
				net.ipv6.conf.default.accept_ra=0 net.ipv6.conf.all.accept_ra=0 &&
			ip link set lo up' || { lab_fail "namespace $ns setup"; return 1; }
	done

	{
		lab_veth "$LAB_CL" cl0 "$LAB_RT" rt-cl &&
		lab_veth "$LAB_RT" rt-mg "$LAB_GW" gw-rt &&
		lab_veth "$LAB_GW" gw-net "$LAB_MN" mn0 &&

		ip -n "$LAB_CL" addr add 198.51.100.2/24 dev cl0 &&
		ip -n "$LAB_CL" addr add 2001:db8:c::2/64 dev cl0 nodad &&
		ip -n "$LAB_CL" route add default via 198.51.100.1 &&
		ip -n "$LAB_CL" -6 route add default via 2001:db8:c::1 &&

		ip -n "$LAB_RT" addr add 198.51.100.1/24 dev rt-cl &&
		ip -n "$LAB_RT" addr add 2001:db8:c::1/64 dev rt-cl nodad &&
		ip -n "$LAB_RT" addr add 192.0.2.1/24 dev rt-mg &&
		ip -n "$LAB_RT" addr add 2001:db8:1::1/64 dev rt-mg nodad &&
		ip netns exec "$LAB_RT" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 &&

		ip -n "$LAB_GW" addr add 192.0.2.254/24 dev gw-rt &&
		ip -n "$LAB_GW" addr add 2001:db8:1::fe/64 dev gw-rt nodad &&
		ip -n "$LAB_GW" addr add 172.16.0.1/12 dev gw-net &&
		ip -n "$LAB_GW" addr add 2001:db8:ffff::1/48 dev gw-net nodad &&
		ip -n "$LAB_GW" route add 198.51.100.0/24 via 192.0.2.1 &&
		ip -n "$LAB_GW" -6 route add 2001:db8:c::/64 via 2001:db8:1::1 &&
		ip netns exec "$LAB_GW" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 &&

		ip -n "$LAB_MN" addr add 172.16.5.10/12 dev mn0 &&
		ip -n "$LAB_MN" addr add 2001:db8:ffff::10/48 dev mn0 nodad &&
		ip -n "$LAB_MN" route add default via 172.16.0.1 &&
		ip -n "$LAB_MN" -6 route add default via 2001:db8:ffff::1
	} || { lab_fail "topology"; return 1; }

	lab_gro_on || { lab_fail "ethtool -K gro on"; return 1; }
	lab_csum_on || { lab_fail "ethtool -K cl0 tx off"; return 1; }
}

# Sum a counter in a namespace's /proc/net/snmp (Ip: ForwDatagrams) or
# /proc/net/snmp6 (Ip6OutForwDatagrams): lab_forwarded NS 4|6
# shellcheck disable=SC2016
lab_forwarded() {
	if [ "$2" = 6 ]; then
		lab_ns "$1" awk '$1 == "Ip6OutForwDatagrams" { print $2 }' /proc/net/snmp6
	else
		lab_ns "$1" awk '$1 == "Ip:" { if (!h) { for (i = 1; i <= NF; i++) if ($i == "ForwDatagrams") c = i; h = 1 } else print $c }' /proc/net/snmp
	fi
}

# XDP program attached to a router interface? Prints the "xdp…" part of `ip -d link`.
lab_xdp_on() {
	lab_ns rt ip -d link show dev "$1" | grep -o 'xdp[a-z]*' | head -n1
}
