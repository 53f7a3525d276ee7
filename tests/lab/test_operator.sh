#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# The operator's tools in the namespace lab: Prometheus metrics (stats
# --prometheus, -o, run --metrics-listen under concurrent scrapes while the
# daemon fails over, each scrape checked by promtool), xbr explain for each
# verdict, xbr monitor with and without a daemon.
#
#   tests/lab/test_operator.sh            (needs root)
#
# The last line is "N passed, N failed"; the exit status is non-zero on any failure.

# shellcheck source=tests/lab/suite.sh
. "$(dirname "${BASH_SOURCE[0]}")/suite.sh"
DAEMON_PID=""
RPD_PID=""
MON_PID=""
PORT=9469

daemon_start() {
	lab_xbr_daemon run -c "$CONF" --rpd-pidfile "$W/rpd.pid" --up-delay 1 "$@" rt-cl rt-mg \
		>"$W/daemon.out" 2>"$W/daemon.err" &
	DAEMON_PID=$!
	wait_for 5 "daemon running" \
		'[ "$(lab_xbr status -j 2>/dev/null | jq -r ".daemon.running // false")" = true ]'
}

rpd_is() { [ "$(sj .liveness.rpd)" = "$1" ]; }

# metric FILE 'NAME{LABELS}': its value in an exposition.
metric() { awk -v m="$2" '$1 == m { print $2 }' "$1"; }

monitor_start() { # [-j]
	lab_xbr_daemon monitor "$@" >"$W/mon" 2>"$W/mon.err" &
	MON_PID=$!
	wait_for 5 "monitor started" 'grep -q "monitoring" "$W/mon"'
}

monitor_stop() {
	[ -n "$MON_PID" ] || return 0
	kill -INT "$MON_PID" 2>/dev/null
	wait "$MON_PID" 2>/dev/null
	MON_PID=""
}

# saw 'JQ FILTER': a monitor event (-j) matching it has been printed.
saw() { jq -se "any(.[]; $1)" "$W/mon" >/dev/null 2>&1; }

cleanup_test() {
	monitor_stop
	daemon_stop
	rpd_kill
	lab_xbr detach >/dev/null 2>&1
	lab_ns rt ip route del 172.16.5.0/24 2>/dev/null
	rm -f "$W/rpd.pid"
}

# ---- Prometheus ---------------------------------------------------------------

# Counters equal the packets sent, in the text format promtool accepts.
t_prometheus_counters() {
	lab_xbr attach -c "$CONF" rt-cl >/dev/null 2>&1 || { fail "attach"; return 1; }
	ping_ok "$LAB_MN4" 5 && ping_ok "$LAB_MN6" 4 || return 1
	lab_xbr stats --prometheus >"$W/m.prom" || { fail "stats --prometheus"; return 1; }
	promtool check metrics <"$W/m.prom" >"$W/promtool" 2>&1 ||
		{ cat "$W/promtool"; fail "promtool check metrics"; return 1; }
	expect_eq "forwarded packets" "$(metric "$W/m.prom" 'xbr_packets_total{reason="fwd_redirect"}')" 9 &&
		# 98-byte IPv4 and 118-byte IPv6 echo requests, as received
		expect_eq "forwarded bytes" "$(metric "$W/m.prom" 'xbr_bytes_total{reason="fwd_redirect"}')" \
			$((5 * 98 + 4 * 118)) &&
		expect_eq "to 172.16.0.0/13" "$(metric "$W/m.prom" \
			'xbr_destination_packets_total{family="inet",prefix="172.16.0.0/13"}')" 5 &&
		expect_eq "to 2001:db8:ffff::/48" "$(metric "$W/m.prom" \
			'xbr_destination_packets_total{family="inet6",prefix="2001:db8:ffff::/48"}')" 4 &&
		expect_eq "in on rt-cl" "$(metric "$W/m.prom" \
			'xbr_interface_forwarded_packets_total{interface="rt-cl"}')" 9 &&
		expect_eq "in effect" "$(metric "$W/m.prom" xbr_backup_destinations_in_effect)" 1 &&
		expect_eq "gateway resolved" "$(metric "$W/m.prom" \
			'xbr_gateway_resolved{family="inet",address="192.0.2.254",interface="rt-mg"}')" 1 &&
		expect_eq "rpd state" "$(metric "$W/m.prom" 'xbr_rpd_state{state="unknown"}')" 1 ||
		return 1
	grep -q '^xbr_build_info{version=".*"} 1$' "$W/m.prom" || { fail "no build info"; return 1; }
	# every reason of stats -j, with the same count
	lab_xbr stats -j | jq -r '.counters | to_entries[] | "\(.key) \(.value.packets)"' >"$W/j"
	while read -r reason n; do
		expect_eq "$reason" "$(metric "$W/m.prom" "xbr_packets_total{reason=\"$reason\"}")" "$n" ||
			return 1
	done <"$W/j"
	[ "$(wc -l <"$W/j")" -gt 10 ] || { fail "stats -j lists too few reasons"; return 1; }
}

# -o FILE: written whole, 0644, by rename; its errors are one line.
t_textfile() {
	lab_xbr attach -c "$CONF" rt-cl >/dev/null 2>&1 || { fail "attach"; return 1; }
	mkdir -p "$W/textfile"
	lab_xbr stats --prometheus -o "$W/textfile/xbr.prom" || { fail "stats -o"; return 1; }
	promtool check metrics <"$W/textfile/xbr.prom" >"$W/promtool" 2>&1 ||
		{ cat "$W/promtool"; fail "promtool on the file"; return 1; }
	expect_eq "mode" "$(stat -c %a "$W/textfile/xbr.prom")" 644 || return 1
	expect_eq "files in the dir" "$(ls "$W/textfile")" xbr.prom || return 1
	xbr_run stats --prometheus -o "$W/nowhere/xbr.prom"
	expect_error 1 "-o into a missing directory" || return 1
	xbr_run stats -o "$W/textfile/x.prom"
	expect_error 2 "-o without --prometheus" || return 1
	xbr_run status --prometheus
	expect_error 2 "--prometheus on status"
}

# One scraper: GET /metrics N times, each response to its own file.
scraper() { # id count
	local i
	for ((i = 0; i < $2; i++)); do
		lab_ns rt curl -s -o "$W/scrape/$1.$i" -w '%{http_code}\n' \
			"http://127.0.0.1:$PORT/metrics" >>"$W/scrape/$1.codes" 2>/dev/null ||
			echo fail >>"$W/scrape/$1.codes"
	done
}

# /metrics under four concurrent scrapers while rpd dies, comes back and dies again.
t_http_concurrent_failover() {
	local start s pids=() f codes
	start=$(date +%s)
	rpd_start
	daemon_start --metrics-listen "127.0.0.1:$PORT" || return 1
	wait_for 4 "rpd up" 'rpd_is up' || return 1
	grep -q "metrics at http://127.0.0.1:$PORT/metrics" "$W/daemon.err" ||
		{ cat "$W/daemon.err"; fail "no metrics notice"; return 1; }
	# the server's threads hold no capability the daemon dropped
	local main_caps t n=0
	main_caps=$(awk '$1 == "CapEff:" { print $2 }' "/proc/$DAEMON_PID/status")
	for t in /proc/"$DAEMON_PID"/task/*; do
		n=$((n + 1))
		expect_eq "capabilities of thread ${t##*/}" \
			"$(awk '$1 == "CapEff:" { print $2 }' "$t/status")" "$main_caps" || return 1
	done
	[ "$n" -gt 1 ] || { fail "no server threads in the daemon"; return 1; }
	mkdir -p "$W/scrape"
	for s in 1 2 3 4; do
		scraper "$s" 40 &
		pids+=($!)
	done
	sleep 0.3
	rpd_kill
	wait_for 2 "rpd down" 'rpd_is down' || return 1
	rpd_start
	wait_for 4 "rpd up again" 'rpd_is up' || return 1
	rpd_kill
	wait_for 2 "rpd down again" 'rpd_is down' || return 1
	wait "${pids[@]}"
	codes=$(cat "$W"/scrape/*.codes | sort | uniq -c | awk '{print $2 ":" $1}' | tr '\n' ' ')
	expect_eq "HTTP status of 160 scrapes" "$codes" "200:160 " || return 1
	for f in "$W"/scrape/[1-4].*[0-9]; do
		promtool check metrics <"$f" >"$W/promtool" 2>&1 ||
			{ cat "$W/promtool"; fail "promtool on scrape $f"; return 1; }
	done
	# unknown -> down (rpd found, waiting out --up-delay) -> up -> down -> up -> down
	# the failovers counter never goes back within one scraper's sequence
	for s in 1 2 3 4; do
		for ((i = 0; i < 40; i++)); do metric "$W/scrape/$s.$i" xbr_failovers_total; done >"$W/seq"
		sort -n -c "$W/seq" || { fail "xbr_failovers_total decreased for scraper $s"; return 1; }
	done
	lab_ns rt curl -s -o "$W/last" "http://127.0.0.1:$PORT/metrics"
	expect_eq "failovers" "$(metric "$W/last" xbr_failovers_total)" 2 &&
		expect_eq "in effect" "$(metric "$W/last" xbr_backup_destinations_in_effect)" 1 &&
		expect_eq "daemon" "$(metric "$W/last" xbr_daemon_running)" 1 &&
		expect_eq "rpd transitions" "$(metric "$W/last" xbr_rpd_transitions_total)" 5 || return 1
	s=$(metric "$W/last" xbr_last_failover_timestamp_seconds)
	[ "${s%.*}" -ge "$start" ] && [ "${s%.*}" -le "$(date +%s)" ] ||
		{ fail "last failover at $s, not since $start"; return 1; }
	# the scrapes saw both sides of the failover
	cat "$W"/scrape/[1-4].*[0-9] | awk '$1 == "xbr_backup_destinations_in_effect"' | sort -u >"$W/seen"
	expect_eq "in effect seen" "$(wc -l <"$W/seen")" 2 || return 1
	expect_eq "other paths" "$(lab_ns rt curl -s -o /dev/null -w '%{http_code}' \
		"http://127.0.0.1:$PORT/other")" 404 &&
		expect_eq "POST" "$(lab_ns rt curl -s -o /dev/null -w '%{http_code}' -X POST \
			"http://127.0.0.1:$PORT/metrics")" 405 || return 1
	# bound where asked: not on the router's other addresses
	if lab_ns rt curl -s -m 2 -o /dev/null "http://$LAB_RTM4:$PORT/metrics"; then
		fail "metrics answered on $LAB_RTM4, not only 127.0.0.1"
		return 1
	fi
}

# Off unless asked; a port in use is one line, exit 1.
t_http_off_and_busy() {
	rpd_start
	daemon_start || return 1
	if lab_ns rt curl -s -m 2 -o /dev/null "http://127.0.0.1:$PORT/metrics"; then
		fail "metrics served without --metrics-listen"
		return 1
	fi
	daemon_stop
	# a listener of our own on the port
	lab_ns rt python3 -c "import socket,time; s=socket.socket(); \
		s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); \
		s.bind(('127.0.0.1', $((PORT + 1)))); s.listen(); time.sleep(30)" &
	local holder=$!
	wait_for 3 "a listener on $((PORT + 1))" "lab_ns rt ss -Hltn 'sport = :$((PORT + 1))' | grep -q LISTEN" ||
		return 1
	xbr_run run -c "$CONF" --rpd-pidfile "$W/rpd.pid" --metrics-listen "127.0.0.1:$((PORT + 1))" rt-cl
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	grep -q "another process has the port" "$W/err" || { cat "$W/err"; fail "port in use"; return 1; }
	[ "$RC" = 1 ] || { fail "exit $RC for a port in use"; return 1; }
	xbr_run run -c "$CONF" --rpd-pidfile x --metrics-listen 9469 rt-cl
	expect_error 2 "--metrics-listen without a colon"
}

# ---- explain --------------------------------------------------------------------

# The live counters, but for the two reasons the link's own unsolicited
# frames (ARP, neighbour discovery, MLD) land under while a test runs.
live_counters() {
	lab_xbr stats -j | jq -c '.counters | del(.pass_not_ip, .pass_multicast)'
}

# explain_is 'ARGS' REASON: explain's verdict, with the live counters untouched.
explain_is() {
	local before after
	before=$(live_counters)
	# shellcheck disable=SC2086
	lab_xbr explain $1 -j >"$W/explain" 2>"$W/explain.err" ||
		{ cat "$W/explain.err"; fail "explain $1"; return 1; }
	after=$(live_counters)
	expect_eq "explain $1" "$(jq -r .reason "$W/explain")" "$2" &&
		expect_eq "explain $1: reading" "$(jq -r .reading "$W/explain")" "$2" &&
		expect_eq "explain $1 counted" "$after" "$before" || return 1
	[ ! -s "$W/explain.err" ] || { cat "$W/explain.err"; fail "explain $1 warned"; return 1; }
	lab_xbr explain $1 >>"$W/explain.txt"
}

t_explain_verdicts() {
	# a kernel route inside a destination: mirrored as a defer entry at attach
	lab_ns rt ip route add 172.16.5.0/24 via 192.0.2.254
	lab_xbr attach -c "$CONF" rt-cl >/dev/null 2>&1 || { fail "attach"; return 1; }
	explain_is "172.24.0.9 --from $LAB_CL4" fwd_redirect || return 1
	expect_eq "gateway" "$(jq -r .gateway.address "$W/explain")" "$LAB_GW4" || return 1
	expect_eq "gateway mac" "$(jq -r .gateway.mac "$W/explain")" \
		"$(lab_ns gw cat /sys/class/net/gw-rt/address)" || return 1
	explain_is "2001:db8:ffff::10 --from $LAB_CL6 --in rt-cl" fwd_redirect || return 1
	explain_is "172.16.5.10" pass_defer || return 1
	jq -e '.entry.kernel[] | select(startswith("unicast 172.16.5.0/24"))' "$W/explain" >/dev/null ||
		{ cat "$W/explain"; fail "the kernel route behind the defer"; return 1; }
	explain_is "10.9.9.9" pass_no_route || return 1
	explain_is "224.0.0.5" pass_multicast || return 1
	explain_is "172.24.0.9 --in rt-mg" pass_not_iface || return 1
	lab_xbr reload -c "$CONF" --allow-from 198.51.100.0/24 >/dev/null 2>&1
	explain_is "172.24.0.9 --from 203.0.113.7" pass_not_allowed || return 1
	explain_is "172.24.0.9 --from $LAB_CL4" fwd_redirect || return 1
	lab_xbr rpd up >/dev/null
	explain_is "172.24.0.9" pass_not_in_effect || return 1
	expect_eq "why" "$(jq -r .liveness.why "$W/explain")" "override rpd-up (xbr rpd)" || return 1
	lab_xbr rpd auto >/dev/null
	# the backup router gone from the neighbour table, and unreachable
	lab_ns gw ip link set gw-rt down
	lab_ns rt ip neigh flush dev rt-mg
	lab_xbr reload -c "$CONF" >/dev/null 2>&1
	lab_ns gw ip link set gw-rt up
	explain_is "172.24.0.9 --from $LAB_CL4" pass_unresolved || return 1
	xbr_run explain
	expect_error 2 "explain without a destination" || return 1
	xbr_run explain 172.24.0.9 --from 2001:db8::1
	expect_error 2 "explain with a source of the other family" || return 1
	xbr_run explain 172.24.0.9 --in nosuch0
	expect_error 1 "explain --in a missing interface"
}

# ---- monitor --------------------------------------------------------------------

# Without a daemon: what the maps show.
t_monitor_maps() {
	lab_xbr attach -c "$CONF" rt-cl >/dev/null 2>&1 || { fail "attach"; return 1; }
	monitor_start -j || return 1
	lab_xbr rpd up >/dev/null
	wait_for 2 "override event" 'saw ".event == \"override\" and .to == \"rpd-up\""' || return 1
	wait_for 2 "not in effect" 'saw ".event == \"in_effect\" and .state == \"not in effect\""' ||
		return 1
	lab_xbr role backup >/dev/null
	wait_for 2 "role event" 'saw ".event == \"role\" and .to == \"backup\""' || return 1
	wait_for 2 "in effect (role)" 'saw ".event == \"in_effect\" and .why == \"role backup\""' ||
		return 1
	printf 'set system backup-router 192.0.2.254 destination [ 172.16.0.0/13 10.50.0.0/16 ]\n' \
		>"$W/more.conf"
	lab_xbr reload -c "$W/more.conf" >/dev/null 2>&1
	wait_for 3 "destination added" \
		'saw ".event == \"destination\" and .prefix == \"10.50.0.0/16\" and .state == \"added\""' ||
		return 1
	wait_for 3 "destination removed" \
		'saw ".event == \"destination\" and .prefix == \"172.24.0.0/13\" and .state == \"removed\""' ||
		return 1
	lab_xbr detach >/dev/null
	wait_for 3 "instance removed" 'saw ".event == \"instance\""' || return 1
	wait "$MON_PID"
	expect_eq "monitor's exit" "$?" 0 || return 1
	MON_PID=""
	grep -v '^{' "$W/mon" && { fail "a line that is not JSON"; return 1; }
	return 0
}

# route_gen as bpftool reads it; set_route_gen N writes it (little-endian, as the host).
route_gen() { bpftool -j map lookup pinned "$LAB_PIN_DIR/route_gen" key 0 0 0 0 | jq -er .formatted.value.gen; }
set_route_gen() {
	# shellcheck disable=SC2046 # eight separate bytes
	bpftool map update pinned "$LAB_PIN_DIR/route_gen" key 0 0 0 0 \
		value $(printf '%016x' "$1" | sed 's/../& /g' | awk '{ for (i = NF; i; i--) printf "0x%s ", $i }')
}
# hand_defer A B C: a defer entry for A.B.C.0/24 written by hand, as an operator with bpftool would.
hand_defer() {
	bpftool map update pinned "$LAB_PIN_DIR/routes_v4" key 24 0 0 0 "$1" "$2" "$3" 0 \
		value 2 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
}

# The tries are read again only when route_gen moved, or is 0 (maps/README.md:
# written by hand, set it to 0 or add one to it).
t_monitor_route_gen() {
	local gen
	lab_xbr attach -c "$CONF" rt-cl >/dev/null 2>&1 || { fail "attach"; return 1; }
	gen=$(route_gen) || { fail "route_gen"; return 1; }
	[ "$gen" -gt 0 ] || { fail "route_gen $gen after attach"; return 1; }
	monitor_start -j || return 1
	hand_defer 172 16 9 || { fail "bpftool map update routes_v4"; return 1; }
	sleep 2.5 # two readings of the tries would have come by
	saw '.event == "mirrored" and .prefix == "172.16.9.0/24"' &&
		{ fail "tries read again with route_gen unchanged"; return 1; }
	set_route_gen $((gen + 1)) || { fail "bpftool map update route_gen"; return 1; }
	wait_for 3 "the entry, once route_gen moved" \
		'saw ".event == \"mirrored\" and .prefix == \"172.16.9.0/24\" and .state == \"added\""' ||
		return 1
	set_route_gen 0 || return 1
	hand_defer 172 16 10 || return 1
	wait_for 3 "an entry written with route_gen 0" \
		'saw ".event == \"mirrored\" and .prefix == \"172.16.10.0/24\" and .state == \"added\""'
}

# With a daemon: its own lines too, mirrored routes, the gateway's MAC, heartbeat expiry.
t_monitor_daemon() {
	rpd_start
	daemon_start --heartbeat-timeout 1 || return 1
	wait_for 4 "rpd up" 'rpd_is up' || return 1
	monitor_start -j || return 1
	rpd_kill
	wait_for 5 "rpd down (maps)" 'saw ".source == \"maps\" and .event == \"rpd\" and .to == \"down\""' ||
		return 1
	wait_for 5 "rpd exited (daemon)" 'saw ".source == \"daemon\" and (.message | test(\"exited\"))"' ||
		return 1
	lab_ns rt ip route add 172.16.5.0/24 via 192.0.2.254
	wait_for 3 "mirrored route added" \
		'saw ".event == \"mirrored\" and .prefix == \"172.16.5.0/24\" and .state == \"added\""' ||
		return 1
	lab_ns rt ip route del 172.16.5.0/24
	wait_for 3 "mirrored route removed" \
		'saw ".event == \"mirrored\" and .prefix == \"172.16.5.0/24\" and .state == \"removed\""' ||
		return 1
	lab_ns rt ip neigh replace "$LAB_GW4" lladdr 02:00:00:00:aa:01 dev rt-mg
	wait_for 3 "gateway mac" 'saw ".event == \"gateway\" and .mac == \"02:00:00:00:aa:01\""' ||
		return 1
	kill -HUP "$DAEMON_PID"
	wait_for 3 "reload (daemon)" 'saw ".source == \"daemon\" and (.message | test(\"^reloaded\"))"' ||
		return 1
	rpd_start
	wait_for 4 "rpd up again" 'saw ".event == \"rpd\" and .to == \"up\""' || return 1
	# the daemon dies without a word: the heartbeat ages out
	kill -9 "$DAEMON_PID"
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=""
	wait_for 4 "heartbeat expired" 'saw ".event == \"heartbeat\" and .state == \"expired\""' ||
		return 1
	wait_for 2 "in effect (heartbeat)" \
		'saw ".event == \"in_effect\" and .why == \"rpd up but its heartbeat expired\""' ||
		return 1
	wait_for 2 "daemon stopped" 'saw ".event == \"daemon\" and .state == \"stopped\""'
}

# Text lines, as ip monitor prints them.
t_monitor_text() {
	lab_xbr attach -c "$CONF" rt-cl >/dev/null 2>&1 || { fail "attach"; return 1; }
	monitor_start || return 1
	lab_xbr rpd down >/dev/null
	wait_for 2 "override line" 'grep -Eq "^[0-9:.]+ maps: override auto -> rpd-down$" "$W/mon"'
}

main() {
	suite_begin test_operator curl promtool python3
	cp /bin/sleep "$W/rpd"
	lab_gro_on
	run_tests t_prometheus_counters t_textfile t_http_concurrent_failover t_http_off_and_busy \
		t_explain_verdicts t_monitor_maps t_monitor_route_gen t_monitor_daemon t_monitor_text
	suite_end
}

main "$@"
