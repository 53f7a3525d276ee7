#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# The kernel-oracle test: the same seeded frames (tests/oracle/frames.c: valid,
# edge and hostile, IPv4 and IPv6) sent from the client to the lab's router,
# once with Linux forwarding them itself (the backup destinations as kernel
# routes via the backup router) and once through xbr in each deployment
# (`xbr run --install-routes`, plain `xbr attach`), native XDP. What reaches
# the gateway and what comes back to the client must be the same, frame by
# frame (tests/oracle/oracle.c compares them and prints the counts per class).
#
#   tests/lab/test_oracle.sh            (needs root)
#
# ORACLE_FRAMES (10000) frames of every class with the router's defaults (the
# ICMP rate limits off, so that no outcome depends on time); then, with
# ORACLE_FRAMES_SOURCES (400) each, the classes rp_filter 1 and 2,
# accept_local with route_localnet, and IPv4 forwarding off change; then a
# burst with the kernel's own rate limits. ORACLE_SEED repeats a run (default:
# from the clock, printed). Where the kernel has no route (plain attach), what
# only its forwarding path can do (IPv4 options and fragmentation, IPv6
# hop-by-hop options) is dropped by design, and checked to leave nothing.
#
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.

# shellcheck source=tests/lab/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/suite.sh"
ORACLE=${ORACLE:-$LAB_ROOT/.output/tests/oracle/oracle}
OCONF=$HERE/oracle.conf
FRAMES=${ORACLE_FRAMES:-10000}
FRAMES_SOURCES=${ORACLE_FRAMES_SOURCES:-400}
SEED=${ORACLE_SEED:-$(date +%s%N)}
METRIC=4294967040 # XBR_ROUTE_METRIC: where xbr run --install-routes puts its routes
DAEMON_PID=""
# What plain attach leaves undone by design (docs/design.md §3): IPv4 options and
# fragmentation and IPv6 hop-by-hop options need the kernel's route; and the
# time exceeded Linux 6.18 sends to a directed broadcast (RFC 1812 4.3.2.7 says none).
NOTHING=v4_options,v4_mtu_no_df,v6_hop_by_hop,v4_ttl1_src_broadcast

# ---- the lab as the oracle needs it -----------------------------------------

mac_of() { lab_ns "$1" ip -j link show "$2" | jq -r '.[0].address'; }

oracle_lab() {
	local cl gw
	cl=$(mac_of cl cl0) gw=$(mac_of gw gw-rt)
	# A management MTU below the client's.
	lab_ns rt ip link set rt-mg mtu 1400 && lab_ns gw ip link set gw-rt mtu 1400 || return 1
	# The router's neighbours, fixed: the capture programs drop ARP and ND.
	local a
	for a in 198.51.100.2 198.51.100.3 2001:db8:c::2 2001:db8:c::3 fe80::2 fe80::1; do
		lab_ns rt ip neigh replace "$a" lladdr "$cl" dev rt-cl nud permanent || return 1
	done
	for a in 192.0.2.254 2001:db8:1::fe; do
		lab_ns rt ip neigh replace "$a" lladdr "$gw" dev rt-mg nud permanent || return 1
	done
	# Kernel routes inside the backup destinations: they take precedence everywhere.
	lab_ns rt ip route add 203.0.113.0/24 via 198.51.100.3 &&
		lab_ns rt ip route add blackhole 198.18.0.0/15 &&
		lab_ns rt ip -6 route add 2001:db8:eeee::/48 via 2001:db8:c::3 &&
		lab_ns rt ip -6 route add blackhole 2001:db8:dead::/48 &&
		lab_ns rt ip -6 route add unreachable 2001:db8:beef::/48 || return 1
	# Redirects (rate limited by what came before) are not what is compared.
	lab_ns rt sysctl -qw net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.rt-cl.send_redirects=0
}

# The ICMP rate limits off (the default profile), or the kernel's defaults.
limits_off() {
	lab_ns rt sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=1000000 \
		net.ipv4.icmp_msgs_burst=1000000 net.ipv6.icmp.ratelimit=0
}
limits_default() {
	lab_ns rt sysctl -qw net.ipv4.icmp_ratelimit=1000 net.ipv4.icmp_msgs_per_sec=1000 \
		net.ipv4.icmp_msgs_burst=50 net.ipv6.icmp.ratelimit=100
}

# ---- the deployments -----------------------------------------------------------

linux_up() {
	lab_ns rt ip route add 0.0.0.0/1 via 192.0.2.254 dev rt-mg proto 250 metric $METRIC &&
		lab_ns rt ip route add 128.0.0.0/1 via 192.0.2.254 dev rt-mg proto 250 metric $METRIC &&
		lab_ns rt ip -6 route add ::/0 via 2001:db8:1::fe dev rt-mg proto 250 metric $METRIC
}
linux_down() { lab_ns rt ip route flush proto 250; lab_ns rt ip -6 route flush proto 250; }

kernel_routes_in() {
	[ "$(lab_ns rt ip route show proto 250 | wc -l)" = 2 ] &&
		[ "$(lab_ns rt ip -6 route show proto 250 | wc -l)" = 1 ] &&
		[ "$(bpftool map dump pinned "$LAB_PIN_DIR/settings" 2>/dev/null | jq '.[0].value.flags')" = 1 ]
}
run_up() {
	lab_xbr_daemon run -c "$OCONF" -m native --install-routes --rpd-pidfile "$W/rpd.pid" rt-cl >"$W/daemon.out" 2>"$W/daemon.err" &
	DAEMON_PID=$!
	wait_for 10 "xbr run with its kernel routes in" kernel_routes_in
}
run_down() { daemon_stop; lab_xbr detach >/dev/null 2>&1; linux_down; }

attach_up() { xbr_run attach -c "$OCONF" -m native rt-cl || true; [ "$RC" = 0 ] || { cat "$W/err"; return 1; }; }
attach_down() { lab_xbr detach >/dev/null 2>&1; }

# oracle_run NAME PROFILE FRAMES: frames through the deployment that is up, into $W/NAME.
oracle_run() {
	"$ORACLE" run --client "$LAB_CL" --gateway "$LAB_GW" --seed "$SEED" --frames "$3" \
		--profile "$2" --out "$W/$1" 2>"$W/$1.err" || { cat "$W/$1.err"; return 1; }
}

# deployments PROFILE FRAMES [setup]: the frames through Linux, xbr run and xbr attach.
deployments() {
	local p=$1 n=$2
	linux_up && oracle_run "$p.linux" "$p" "$n" || { linux_down; return 1; }
	linux_down
	${3:-true}
	run_up && oracle_run "$p.run" "$p" "$n" || { run_down; return 1; }
	run_down
	${3:-true}
	attach_up && oracle_run "$p.attach" "$p" "$n" || { attach_down; return 1; }
	attach_down
}

# compare PROFILE: both xbr deployments against Linux, the counts per class shown.
# ORACLE_KEEP=DIR keeps the runs there.
compare() {
	local p=$1 rc=0
	[ -n "${ORACLE_KEEP:-}" ] && mkdir -p "$ORACLE_KEEP" && cp "$W/$p".* "$ORACLE_KEEP/"
	echo "== $p: xbr run --install-routes against Linux" >"$W/$p.tables"
	"$ORACLE" compare "$W/$p.linux" "$W/$p.run" >>"$W/$p.tables" 2>&1 || rc=1
	echo "== $p: xbr attach against Linux (nothing by design: $NOTHING)" >>"$W/$p.tables"
	"$ORACLE" compare --expect-nothing "$NOTHING" "$W/$p.linux" "$W/$p.attach" \
		>>"$W/$p.tables" 2>&1 || rc=1
	cat "$W/$p.tables"
	return $rc
}

# ---- tests ----------------------------------------------------------------------------

t_all() {
	echo "seed $SEED"
	limits_off && deployments all "$FRAMES" && compare all || return 1
	# What was dropped by design is counted as such.
	local f
	f=$(awk '$1 == "frame" && ($3 == "v4_options" || $3 == "v4_mtu_no_df" || $3 == "v6_hop_by_hop")' \
		"$W/all.linux" | wc -l)
	[ "$f" -gt 0 ] || fail "no frame of the classes dropped by design"
}

sysctls_default() {
	lab_ns rt sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.rt-cl.rp_filter=0 \
		net.ipv4.conf.rt-cl.accept_local=0 net.ipv4.conf.rt-cl.route_localnet=0 \
		net.ipv4.conf.rt-cl.forwarding=1
}

# with_sysctls PROFILE SYSCTL=VALUE...: the profile's frames with the router so set, then back.
with_sysctls() {
	local p=$1 rc
	shift
	limits_off && lab_ns rt sysctl -qw "$@" && deployments "$p" "$FRAMES_SOURCES" && compare "$p"
	rc=$?
	sysctls_default
	return $rc
}

t_rp_filter_strict() { with_sysctls sources net.ipv4.conf.rt-cl.rp_filter=1; }
t_rp_filter_loose() { with_sysctls sources net.ipv4.conf.all.rp_filter=2; }
t_accept_local() {
	with_sysctls sources net.ipv4.conf.rt-cl.accept_local=1 net.ipv4.conf.rt-cl.route_localnet=1
}
t_forwarding_off() { with_sysctls v4 net.ipv4.conf.rt-cl.forwarding=0; }

# 12 expired packets of each family from one sender, the kernel's limits: 6 answered.
# The kernel's per-sender bucket is full again 6 s after the run before.
t_ratelimit() {
	limits_default && sleep 7 && deployments ratelimit 24 "sleep 7" && compare ratelimit || return 1
	local n
	n=$(awk '$1 == "frame" { f = $3 } $1 == "cl" && f == "v4_ttl1_burst"' "$W/ratelimit.linux" | wc -l)
	expect_eq "IPv4 time exceeded under the rate limit" "$n" 6 &&
	n=$(awk '$1 == "frame" { f = $3 } $1 == "cl" && f == "v6_hop1_burst"' "$W/ratelimit.linux" | wc -l) &&
	expect_eq "IPv6 time exceeded under the rate limit" "$n" 6
}

cleanup_test() {
	daemon_stop
	lab_xbr detach >/dev/null 2>&1
	linux_down
	sysctls_default
}

suite_begin oracle bpftool || exit 1
[ -x "$ORACLE" ] || suite_cannot_start oracle "$ORACLE not built (run make)"
oracle_lab || suite_cannot_start oracle "the lab could not be set up for the oracle"
# ORACLE_TESTS="t_all ..." runs some of them.
run_tests ${ORACLE_TESTS:-t_all t_rp_filter_strict t_rp_filter_loose t_accept_local t_forwarding_off t_ratelimit}
# The counts per class of the main run, passed or not.
[ -r "$W/all.tables" ] && grep -v "^difference\|^    \|^  [rt]" "$W/all.tables"
suite_end
