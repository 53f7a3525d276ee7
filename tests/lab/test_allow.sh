#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# --allow-from in the namespace lab (tests/lab/lab.sh). What xbr forwards never
# reaches netfilter; with an allow list, packets from other sources go to the
# router's kernel, whose nftables FORWARD rules then see them.
#
# The client gets a second address (.3 / ::3, not allowed) next to .2 / ::2
# (allowed), and the router kernel routes to the management network (less
# specific than the backup destinations, so they do not defer), so that what
# xbr hands over is forwarded, or dropped, by the kernel.
#
#   tests/lab/test_allow.sh [t_NAME...]     (needs root; default: every test)
#
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.

# shellcheck source=tests/lab/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/suite.sh"
OK4=198.51.100.2 OK6=2001:db8:c::2 NO4=198.51.100.3 NO6=2001:db8:c::3
ALLOW="$OK4/32,$OK6"
DAEMON_PID=""
N=4

# The router's FORWARD hook drops the non-allowed sources, and counts them.
firewall_on() {
	lab_ns rt nft -f - <<EOF
table inet xbrt {
	counter drop4 { }
	counter drop6 { }
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip saddr $NO4 counter name drop4 drop
		ip6 saddr $NO6 counter name drop6 drop
	}
}
EOF
}

firewall_off() { lab_ns rt nft delete table inet xbrt 2>/dev/null; }

dropped() { # 4|6: packets the firewall dropped
	lab_ns rt nft -j list counter inet xbrt "drop$1" | jq -er '.nftables[] | select(.counter) | .counter.packets'
}

attach() { # [xbr attach options...]
	xbr_run attach -c "$CONF" "$@" rt-cl
	expect_error 0 "attach $*"
}

# ping SRC → DST N times; "ok" when every reply came back, else "lost".
ping_from() { # SRC DST
	if lab_ns cl ping -n -q -c $N -i 0.2 -W 1 -I "$1" "$2" >"$W/ping" 2>&1; then echo ok; else echo lost; fi
}

# Who handled N pings from SRC: the result, then how xbr counted them and how
# many the router's kernel forwarded, e.g. "ok xbr=4 not_allowed=0 kernel=4".
who() { # SRC DST FAMILY
	local f0 n0 k0 r f1 n1 k1
	f0=$(stat_pkts fwd_redirect) && n0=$(stat_pkts pass_not_allowed) && k0=$(lab_forwarded rt "$3") || return 1
	r=$(ping_from "$1" "$2")
	f1=$(stat_pkts fwd_redirect) && n1=$(stat_pkts pass_not_allowed) && k1=$(lab_forwarded rt "$3") || return 1
	echo "$r xbr=$((f1 - f0)) not_allowed=$((n1 - n0)) kernel=$((k1 - k0))"
}

cleanup_test() {
	daemon_stop
	lab_xbr detach >/dev/null 2>&1
	firewall_off
	return 0
}

# ---- tests ----------------------------------------------------------------------

# Allowed sources: xbr forwards (the kernel only forwards the replies).
t_allowed_forwarded() {
	firewall_on && attach --allow-from "$ALLOW" || return 1
	expect_eq "status .allow_from" "$(sj '.allow_from | join(" ")')" "$OK4/32 $OK6/128" &&
		expect_eq "v4 from $OK4" "$(who $OK4 "$LAB_MN4" 4)" "ok xbr=$N not_allowed=0 kernel=$N" &&
		expect_eq "v6 from $OK6" "$(who $OK6 "$LAB_MN6" 6)" "ok xbr=$N not_allowed=0 kernel=$N" &&
		expect_eq "dropped by the firewall" "$(dropped 4) $(dropped 6)" "0 0"
}

# Other sources go to the kernel, where the firewall drops every one of them
# (the kernel counts a datagram as forwarded before its FORWARD hook runs).
t_not_allowed_meets_firewall() {
	firewall_on && attach --allow-from "$ALLOW" || return 1
	expect_eq "v4 from $NO4" "$(who $NO4 "$LAB_MN4" 4)" "lost xbr=0 not_allowed=$N kernel=$N" &&
		expect_eq "v6 from $NO6" "$(who $NO6 "$LAB_MN6" 6)" "lost xbr=0 not_allowed=$N kernel=$N" &&
		expect_eq "dropped by the firewall" "$(dropped 4) $(dropped 6)" "$N $N"
}

# ... and without a firewall rule the kernel forwards them itself.
t_not_allowed_kernel_forwards() {
	attach --allow-from "$ALLOW" || return 1
	expect_eq "v4 from $NO4" "$(who $NO4 "$LAB_MN4" 4)" "ok xbr=0 not_allowed=$N kernel=$((2 * N))" &&
		expect_eq "v6 from $NO6" "$(who $NO6 "$LAB_MN6" 6)" "ok xbr=0 not_allowed=$N kernel=$((2 * N))"
}

# Without a list xbr forwards for everyone: the firewall never sees .3.
t_no_list_bypasses_firewall() {
	firewall_on && attach || return 1
	expect_eq "status .allow_from" "$(sj .allow_from)" null &&
		expect_eq "v4 from $NO4" "$(who $NO4 "$LAB_MN4" 4)" "ok xbr=$N not_allowed=0 kernel=$N" &&
		expect_eq "dropped by the firewall" "$(dropped 4)" 0
}

# reload: a new list replaces the old; no --allow-from keeps it; "any" removes it.
t_reload() {
	firewall_on && attach --allow-from "$ALLOW" || return 1
	xbr_run reload -c "$CONF" --allow-from "$NO4/32"
	expect_error 0 "reload --allow-from $NO4/32" || return 1
	expect_eq "status .allow_from" "$(sj '.allow_from | join(" ")')" "$NO4/32" &&
		expect_eq "v4 from $NO4" "$(who $NO4 "$LAB_MN4" 4)" "ok xbr=$N not_allowed=0 kernel=$N" &&
		expect_eq "v4 from $OK4" "$(who $OK4 "$LAB_MN4" 4)" "ok xbr=0 not_allowed=$N kernel=$((2 * N))" &&
		expect_eq "v6 from $OK6 (no v6 prefix left)" "$(who $OK6 "$LAB_MN6" 6)" \
			"ok xbr=0 not_allowed=$N kernel=$((2 * N))" || return 1
	xbr_run reload -c "$CONF"
	expect_error 0 "reload without --allow-from" || return 1
	expect_eq "list kept" "$(sj '.allow_from | join(" ")')" "$NO4/32" || return 1
	xbr_run reload -c "$CONF" --allow-from any
	expect_error 0 "reload --allow-from any" || return 1
	expect_eq "list removed" "$(sj .allow_from)" null &&
		expect_eq "v4 from $OK4" "$(who $OK4 "$LAB_MN4" 4)" "ok xbr=$N not_allowed=0 kernel=$N" &&
		expect_eq "tries emptied" "$(bpftool -j map dump pinned "$LAB_PIN_DIR/allow_v4" | jq length)" 0
}

# attach warns once when the FORWARD hook has rules and no list is given.
t_firewall_warning() {
	firewall_on && attach || return 1
	expect_eq "warnings" "$(grep -c 'warning:' "$W/err")" 1 || return 1
	grep -q 'warning: this host filters forwarded packets (nftables chain inet xbrt forward (2 rules, policy accept)).*--allow-from' "$W/err" ||
		{ cat "$W/err"; fail "warning does not say where and what to do"; return 1; }
	lab_xbr detach >/dev/null && attach --allow-from "$ALLOW" || return 1
	expect_eq "warnings with --allow-from" "$(grep -c 'warning:' "$W/err")" 0 || return 1
	# no nft (nor iptables) on the PATH: nothing to tell, and attach goes on
	lab_xbr detach >/dev/null || return 1
	ip netns exec "$LAB_RT" env PATH=/nonexistent XBR_PIN_DIR="$LAB_PIN_DIR" \
		"$XBR" attach -c "$CONF" rt-cl >"$W/out" 2>"$W/err"
	RC=$?
	expect_error 0 "attach without nft" || return 1
	expect_eq "warnings without nft" "$(grep -c 'warning:' "$W/err")" 0 || return 1
	lab_xbr detach >/dev/null && firewall_off && attach || return 1
	expect_eq "warnings without firewall rules" "$(grep -c 'warning:' "$W/err")" 0
}

# xbr run takes the list too, and a SIGHUP keeps it.
t_daemon() {
	lab_xbr_daemon run -c "$CONF" --rpd-pidfile "$W/none.pid" --allow-from "$ALLOW" rt-cl \
		>"$W/daemon.out" 2>"$W/daemon.err" &
	DAEMON_PID=$!
	wait_for 5 "daemon running" '[ "$(sj .daemon.running 2>/dev/null)" = true ]' || return 1
	expect_eq "v4 from $NO4" "$(who $NO4 "$LAB_MN4" 4)" "ok xbr=0 not_allowed=$N kernel=$((2 * N))" || return 1
	kill -HUP "$DAEMON_PID"
	wait_for 3 "reloaded" 'grep -q "reloaded" "$W/daemon.err"' || return 1
	expect_eq "list after SIGHUP" "$(sj '.allow_from | join(" ")')" "$OK4/32 $OK6/128"
}

t_usage() {
	xbr_run attach -c "$CONF" --allow-from "$OK4/24" rt-cl
	expect_error 2 "host bits" && grep -q "did you mean 198.51.100.0/24" "$W/err" || return 1
	xbr_run attach -c "$CONF" --allow-from "$OK4/32,nonsense" rt-cl
	expect_error 2 "not a prefix" && grep -q '"nonsense" is not a prefix' "$W/err" || return 1
	xbr_run status --allow-from "$ALLOW"
	expect_error 2 "--allow-from on status" || return 1
	expect_clean
}

main() {
	local all=(t_allowed_forwarded t_not_allowed_meets_firewall t_not_allowed_kernel_forwards
		t_no_list_bypasses_firewall t_reload t_firewall_warning t_daemon t_usage)
	suite_begin test_allow nft
	lab_ns cl ip addr add "$NO4/24" dev cl0 && lab_ns cl ip addr add "$NO6/64" dev cl0 nodad &&
		lab_ns rt ip route add 172.16.0.0/12 via "$LAB_GW4" &&
		lab_ns rt ip -6 route add 2001:db8:ff00::/40 via "$LAB_GW6" || exit 1
	run_tests "${@:-${all[@]}}"
	suite_end
}

main "$@"
