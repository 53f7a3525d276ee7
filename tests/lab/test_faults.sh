#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# Loader faults in the namespace lab (tests/lab/lab.sh): each ends in one line
# "xbr: …", exit status 1, and nothing half-attached (no XDP program, no pins),
# or, where xbr can fix things itself (a missing bpffs), in success.
#
#   tests/lab/test_faults.sh [t_NAME...]     (needs root; default: every test)
#
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.

# shellcheck source=tests/lab/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/suite.sh"
ROUNDS=${XBR_FAULT_ROUNDS:-20}

# A second interface on the router for the tests that need two (rt-x0; its
# peer rt-x1 stays in the router too).
extra_if() {
	lab_ns rt ip link add rt-x0 type veth peer name rt-x1 &&
		lab_ns rt ip link set rt-x0 up && lab_ns rt ip link set rt-x1 up
}

# stderr mentions all of the given words (the one line says what and how).
err_says() {
	local w
	for w in "$@"; do
		grep -qF -- "$w" "$W/err" || { sed 's/^/    stderr: /' "$W/err"; fail "stderr does not mention '$w'"; return 1; }
	done
}

# xbr as someone else: `ip netns exec` alone, without the lab's pin dir.
xbr_bare() { # [ENV=VALUE...] -- ARGS
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	timeout -k 2 30 ip netns exec "$LAB_RT" env -u XBR_PIN_DIR "${envs[@]}" "$XBR" "$@" \
		>"$W/out" 2>"$W/err"
	RC=$?
}

cleanup_test() {
	lab_xbr detach >/dev/null 2>&1
	# Whatever a failed test left: the program off the interfaces, the pins gone.
	lab_ns rt ip link set dev rt-cl xdp off 2>/dev/null
	lab_ns rt ip link set dev rt-cl xdpgeneric off 2>/dev/null
	lab_ns rt ip link del rt-x0 2>/dev/null
	rm -rf "${LAB_PIN_DIR:?}" "$W/plain"
	return 0
}

# ---- interfaces ----------------------------------------------------------------

t_iface_missing() {
	xbr_run attach -c "$CONF" nosuch0
	expect_error 1 "attach nosuch0" && err_says nosuch0 || return 1
	# one good and one missing: the good one is not touched either
	xbr_run attach -c "$CONF" rt-cl nosuch0
	expect_error 1 "attach rt-cl nosuch0" && err_says nosuch0 || return 1
	expect_clean
}

# Deleted while attached: status says so, detach forgets it and cleans up.
t_iface_deleted() {
	extra_if || return 1
	xbr_run attach -c "$CONF" rt-cl rt-x0
	expect_error 0 "attach rt-cl rt-x0" || return 1
	lab_ns rt ip link del rt-x0
	status_json || return 1
	expect_eq "interfaces present" "$(jq -c '[.interfaces[] | .present]' "$W/status")" \
		'[true,false]' || return 1
	xbr_run status
	expect_error 0 "status after the delete" || return 1
	grep -q 'no such interface here: deleted' "$W/out" || { cat "$W/out"; fail "status does not say it was deleted"; return 1; }
	ping_ok "$LAB_MN4" 1 || return 1
	xbr_run detach
	[ "$RC" = 0 ] || { cat "$W/err"; fail "detach: exit $RC"; return 1; }
	grep -q 'had xbr attached but has no xbr program here (deleted' "$W/err" ||
		{ cat "$W/err"; fail "detach does not say an interface was gone"; return 1; }
	grep -q 'detached from rt-cl' "$W/out" || { cat "$W/out"; fail "rt-cl not detached"; return 1; }
	expect_clean
}

# ---- bpffs -----------------------------------------------------------------------

# Under `ip netns exec` /sys/fs/bpf is never a bpffs, and one mounted there
# would vanish with the command: refused, with the way out.
t_bpffs_missing_netns() {
	xbr_bare -- attach -c "$CONF" rt-cl
	expect_error 1 "attach, default pin dir, under ip netns exec" &&
		err_says /sys/fs/bpf --pin-dir "mount -t bpf" || return 1
	xbr_bare -- status
	expect_error 1 "status, default pin dir, under ip netns exec" && err_says --pin-dir || return 1
	expect_clean
}

# Where the mount outlives the command (the mount namespace of pid 1, here a
# container of our own), xbr mounts the default bpffs itself.
t_bpffs_automount() {
	# shellcheck disable=SC2016
	timeout -k 2 60 ip netns exec "$LAB_RT" env -u XBR_PIN_DIR XBR="$XBR" CONF="$CONF" \
		unshare --mount --pid --fork --mount-proc sh -c '
		"$XBR" attach -c "$CONF" rt-cl && "$XBR" status -j && stat -c "mode %a" /sys/fs/bpf &&
		"$XBR" detach && [ ! -e /sys/fs/bpf/xbr ]' >"$W/out" 2>"$W/err"
	RC=$?
	[ "$RC" = 0 ] || { cat "$W/err" "$W/out"; fail "attach/status/detach with automount: exit $RC"; return 1; }
	err_says "mounted a bpffs on /sys/fs/bpf" || return 1
	grep -q '"pin_dir":"/sys/fs/bpf/xbr"' <(tr -d ' \n' <"$W/out") || { cat "$W/out"; fail "status"; return 1; }
	grep -Eq '^mode 1?700$' "$W/out" || { cat "$W/out"; fail "bpffs not mounted mode 0700"; return 1; }
	expect_clean
}

# A --pin-dir that is not on a bpffs: refused with how to mount one.
t_pin_dir_not_bpffs() {
	mkdir -p "$W/plain"
	xbr_bare -- --pin-dir "$W/plain/xbr" attach -c "$CONF" rt-cl
	expect_error 1 "attach --pin-dir on tmpfs" &&
		err_says "$W/plain/xbr" "mount -t bpf bpf $W/plain" || return 1
	[ ! -e "$W/plain/xbr" ] || { fail "pin dir created anyway"; return 1; }
	expect_clean
}

# ---- pins of another build --------------------------------------------------------

# An older layout of rpd_liveness (24-byte values) in the pin dir: every
# command refuses to use it, nothing writes into it, detach removes it. First
# alone, then in place of the real one under an attached instance.
plant_old_liveness() {
	rm -f "$LAB_PIN_DIR/rpd_liveness"
	mkdir -p "$LAB_PIN_DIR" &&
		bpftool map create "$LAB_PIN_DIR/rpd_liveness" type array key 4 value 24 entries 1 \
			name rpd_liveness
}

old_liveness_untouched() {
	bpftool -j map lookup pinned "$LAB_PIN_DIR/rpd_liveness" key 0 0 0 0 >"$W/lookup" &&
		jq -e '.value | length == 24 and all(. == "0x00")' "$W/lookup" >/dev/null ||
		{ cat "$W/lookup"; fail "the foreign map was written"; }
}

t_foreign_pins() {
	plant_old_liveness || return 1
	xbr_run attach -c "$CONF" rt-cl
	expect_error 1 "attach over a foreign pin" &&
		err_says "another xbr build" rpd_liveness "xbr detach" || return 1
	[ -z "$(lab_xdp_on rt-cl)" ] || { fail "attached anyway"; return 1; }
	xbr_run detach
	expect_error 0 "detach of a foreign pin" && expect_clean || return 1

	xbr_run attach -c "$CONF" rt-cl
	expect_error 0 "attach" && plant_old_liveness || return 1
	xbr_run status
	expect_error 1 "status over a foreign pin" &&
		err_says "$LAB_PIN_DIR/rpd_liveness does not match" "value 24" "xbr detach" || return 1
	xbr_run rpd down
	expect_error 1 "rpd down over a foreign pin" && err_says "does not match" || return 1
	xbr_run reload -c "$CONF"
	expect_error 1 "reload over a foreign pin" && err_says "does not match" || return 1
	xbr_run attach -c "$CONF" rt-cl
	expect_error 1 "attach over a foreign pin" && err_says "another xbr build" || return 1
	old_liveness_untouched || return 1
	xbr_run detach
	expect_error 0 "detach over a foreign pin" || return 1
	grep -q 'detached from rt-cl' "$W/out" || { cat "$W/out"; fail "rt-cl not detached"; return 1; }
	expect_clean
}

# ---- two commands at once ----------------------------------------------------------

# Two attaches on one pin dir, started together: exactly one wins, the other
# says why in one line. Both on one interface, then on two.
attach_race() { # IF_A IF_B
	local i rc_a rc_b
	for i in $(seq "$ROUNDS"); do
		lab_xbr attach -c "$CONF" "$1" >/dev/null 2>"$W/err.a" & local pa=$!
		lab_xbr attach -c "$CONF" "$2" >/dev/null 2>"$W/err.b" & local pb=$!
		wait $pa; rc_a=$?
		wait $pb; rc_b=$?
		case "$rc_a$rc_b" in
		01) cp "$W/err.b" "$W/err" ;;
		10) cp "$W/err.a" "$W/err" ;;
		*) cat "$W/err.a" "$W/err.b"; fail "round $i: exit statuses $rc_a and $rc_b, expected one 0 and one 1"; return 1 ;;
		esac
		RC=1
		expect_error 1 "round $i: the losing attach" || return 1
		grep -Eq 'already|meanwhile' "$W/err" || { cat "$W/err"; fail "round $i: the loser does not say why"; return 1; }
		xbr_run detach
		expect_error 0 "round $i: detach" && expect_clean || return 1
		! lab_ns rt ip -d link show rt-x0 2>/dev/null | grep -q 'xdp[a-z]*' ||
			{ fail "round $i: rt-x0 still attached"; return 1; }
	done
}
t_concurrent_attach_one_iface() { attach_race rt-cl rt-cl; }
t_concurrent_attach_two_ifaces() { extra_if && attach_race rt-cl rt-x0; }

# `xbr rpd` and `xbr role` write two fields of one map entry (read, change,
# write); run together neither may undo the other. The shim stretches each
# read-modify-write to 100 ms, so that unserialised ones would overlap.
t_concurrent_liveness() {
	local i slow=(env LD_PRELOAD="$W/slow_lookup.so" XBR_TEST_LOOKUP_DELAY_MS=100)
	"${CC:-cc}" -shared -fPIC -o "$W/slow_lookup.so" "$HERE/slow_lookup.c" -ldl ||
		{ fail "cannot build the shim"; return 1; }
	xbr_run attach -c "$CONF" rt-cl
	expect_error 0 "attach" || return 1
	for i in $(seq 5); do
		lab_xbr rpd auto >/dev/null && lab_xbr role primary >/dev/null || { fail "reset"; return 1; }
		"${slow[@]}" "$XBR" --pin-dir "$LAB_PIN_DIR" rpd down >/dev/null 2>&1 & local pa=$!
		"${slow[@]}" "$XBR" --pin-dir "$LAB_PIN_DIR" role backup >/dev/null 2>&1 & local pb=$!
		wait $pa && wait $pb || { fail "round $i: rpd down / role backup failed"; return 1; }
		expect_eq "round $i: override, role" "$(sj '[.liveness.override, .liveness.role] | join(" ")')" \
			"rpd-down backup" || return 1
	done
}

# ---- config, gateway, privileges ---------------------------------------------------------

t_config_unreadable() {
	xbr_run attach -c "$W/none.conf" rt-cl
	expect_error 1 "missing config" && err_says "$W/none.conf" || return 1
	xbr_run attach -c "$W" rt-cl
	expect_error 1 "a directory as config" && err_says "$W" || return 1
	xbr_run reload -c "$W/none.conf"
	expect_error 1 "reload, missing config" && err_says "$W/none.conf" || return 1
	expect_clean
}

# inet6-backup-router on no connected subnet (the inet one is fine).
t_gateway_unreachable() {
	printf 'set system backup-router %s\nset system inet6-backup-router 2001:db8:99::1\n' \
		"$LAB_GW4" >"$W/gw.conf"
	xbr_run attach -c "$W/gw.conf" rt-cl
	expect_error 1 "unreachable inet6 gateway" &&
		err_says "2001:db8:99::1" "not on a directly connected subnet" || return 1
	expect_clean
}

# Option values are checked while the options are read: exit 2, nothing done.
t_usage_errors() {
	xbr_run attach -c "$CONF" --ignore-proto zebra,zebar rt-cl
	expect_error 2 "attach --ignore-proto zebar" && err_says zebar "--ignore-proto" || return 1
	xbr_run run -c "$CONF" --rpd-process rpd --ignore-proto 300 rt-cl
	expect_error 2 "run --ignore-proto 300" && err_says '"300"' || return 1
	xbr_run attach -c "$CONF" --allow-from 10.0.0.0/33 rt-cl
	expect_error 2 "attach --allow-from 10.0.0.0/33" && err_says 10.0.0.0/33 || return 1
	expect_clean
}

# Every command that needs the instance, without one: one line, exit 1.
t_nothing_attached() {
	local cmd
	for cmd in status stats "rpd up" "role backup" detach "reload -c $CONF"; do
		# shellcheck disable=SC2086
		xbr_run $cmd
		expect_error 1 "xbr $cmd without an instance" && err_says "not attached" || return 1
	done
	expect_clean
}

# Failures after the program is loaded unwind in one line too (they used to
# print where they happened and again in attach).
t_fill_fails() {
	local i
	{
		printf 'set system backup-router %s destination [' "$LAB_GW4"
		for ((i = 0; i < 4097; i++)); do printf ' 10.%d.%d.0/24' $((i / 256)) $((i % 256)); done
		echo " ]"
	} >"$W/big.conf"
	xbr_run attach -c "$W/big.conf" rt-cl
	expect_error 1 "attach with 4097 destinations" && err_says "4097" "at most 4096" || return 1
	expect_clean || return 1
	xbr_run attach -c "$CONF" rt-cl
	expect_error 0 "attach" || return 1
	xbr_run reload -c "$W/big.conf"
	expect_error 1 "reload with 4097 destinations" && err_says "at most 4096" || return 1
	printf 'set system backup-router %s destination 172.16.0.0/12;
' "$LAB_GW4" >"$W/bad.conf"
	xbr_run reload -c "$W/bad.conf"
	expect_error 1 "reload with a broken config" && err_says "$W/bad.conf:1:" || return 1
	expect_eq "still attached" "$(lab_xdp_on rt-cl)" xdp
}

# Under systemd, stderr is the journal when JOURNAL_STREAM names it
# (systemd.exec(5)): the line then carries its priority, <3> for an error.
t_journal_levels() {
	: >"$W/err"
	lab_ns rt env XBR_PIN_DIR="$LAB_PIN_DIR" JOURNAL_STREAM="$(stat -c '%d:%i' "$W/err")" \
		"$XBR" attach -c "$CONF" nosuch0 >"$W/out" 2>>"$W/err"
	RC=$?
	expect_eq "exit status" "$RC" 1 || return 1
	expect_eq "stderr, journal" "$(cat "$W/err")" "<3>xbr: no interface named nosuch0" || return 1
	# a JOURNAL_STREAM that is not our stderr (a script redirected it): no prefix
	lab_ns rt env XBR_PIN_DIR="$LAB_PIN_DIR" JOURNAL_STREAM=1:1 \
		"$XBR" attach -c "$CONF" nosuch0 >"$W/out" 2>"$W/err"
	expect_eq "stderr, not the journal" "$(cat "$W/err")" "xbr: no interface named nosuch0"
}

t_not_root() {
	local cmd
	xbr_run attach -c "$CONF" rt-cl
	expect_error 0 "attach (as root)" || return 1
	cp "$XBR" "$W/xbr-copy" && chmod 755 "$W" "$W/xbr-copy"
	for cmd in "attach -c $CONF rt-cl" status stats "rpd up" detach "reload -c $CONF"; do
		# shellcheck disable=SC2086
		lab_ns rt setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
			"$W/xbr-copy" --pin-dir "$LAB_PIN_DIR" $cmd >"$W/out" 2>"$W/err"
		RC=$?
		expect_error 1 "xbr $cmd as nobody" && err_says "needs root" || return 1
	done
	chmod 700 "$W"
	expect_eq "override after 'rpd up' as nobody" "$(sj .liveness.override)" auto &&
		expect_eq "still attached" "$(lab_xdp_on rt-cl)" xdp
}

main() {
	suite_begin test_faults
	local all=(t_iface_missing t_iface_deleted t_bpffs_missing_netns t_bpffs_automount
		t_pin_dir_not_bpffs t_foreign_pins t_concurrent_attach_one_iface
		t_concurrent_attach_two_ifaces t_concurrent_liveness t_config_unreadable
		t_gateway_unreachable t_usage_errors t_nothing_attached t_fill_fails
		t_journal_levels t_not_root)
	run_tests "${@:-${all[@]}}"
	suite_end
}

main "$@"
