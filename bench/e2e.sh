#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# End to end on veth, in the namespace lab (tests/lab/lab.sh): client → router →
# gateway. The gateway's ingress (gw-rt) is an XDP_DROP sink, the wire's end,
# and the router forwards 64-byte UDP frames (198.51.100.2 → 172.16.5.10) to
# it in one of four ways, interleaved round after round:
#
#   sink    XDP_DROP on the router's ingress: the generator's own cost
#   kernel  no XDP; the kernel forwards on a static route 172.16.0.0/12 via the gateway
#   floor   the minimal XDP forwarder (bench/progs/bench_progs.bpf.c, bench_floor)
#   xbr     xbr attached with examples/backup-router.conf, rpd unknown: in effect
#
# 1. trafgen (netsniff-ng) on one CPU sends COUNT frames; veth receive
#    processing runs on the sending CPU, in trafgen's context, so trafgen's
#    CPU time (rusage) covers the router's work too, and leaves out the time
#    other processes had the CPU. ns/packet of a mode minus that of the sink
#    is the router's cost. Minimum over rounds. Wall time is reported beside.
# 2. live frames (BPF_F_TEST_XDP_LIVE_FRAMES, xbrbench livegen) into sink,
#    floor and xbr: packets per CPU second of the generator's thread, best
#    of the rounds.
#
# Every frame is checked to arrive (the sink's XDP drop counter). Prints one
# JSON object per line.  bench/e2e.sh [quick]

set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The build to measure: make's output directory (run.sh passes it on).
OUT=${XBR_OUTPUT:-$HERE/../.output}
XBR=$OUT/xbr
# shellcheck source=tests/lab/lab.sh
. "$HERE/../tests/lab/lab.sh"

BENCH=$OUT/bench/xbrbench
CONF=$LAB_ROOT/examples/backup-router.conf
if [ "${1:-}" = quick ]; then
	ROUNDS=3 COUNT=200000 LIVE_COUNT=500000
else
	ROUNDS=7 COUNT=1000000 LIVE_COUNT=2000000
fi

log() { printf '  e2e: %s\n' "$*" >&2; }
die() { echo "bench/e2e.sh: $*" >&2; exit 1; }

mac() { lab_ns "$1" cat "/sys/class/net/$2/address"; }

# XDP drops counted on an interface so far (veth's per-queue counters).
drops() {
	lab_ns "$1" ethtool -S "$2" | awk '/xdp_drops:/ { n += $2 } END { print n + 0 }'
}

route_off() { lab_ns rt ip route del 172.16.0.0/12 via "$LAB_GW4" 2>/dev/null || true; }

# Put the router in one mode. xbr is detached by whatever mode follows it.
mode() {
	if [ "$CUR" = xbr ] && [ "$1" != xbr ]; then
		lab_xbr detach >/dev/null || die "xbr detach failed"
	fi
	case $1 in
	sink)
		route_off
		lab_ns rt "$BENCH" attach drop rt-cl ;;
	kernel)
		lab_ns rt "$BENCH" attach off rt-cl &&
		lab_ns rt ip route replace 172.16.0.0/12 via "$LAB_GW4" dev rt-mg ;;
	floor)
		route_off
		lab_ns rt "$BENCH" attach floor rt-cl rt-mg "$GW_MAC" ;;
	xbr)
		route_off
		lab_ns rt "$BENCH" attach off rt-cl &&
		lab_xbr attach -c "$CONF" rt-cl >/dev/null ;;
	esac || die "cannot switch the router to $1"
	CUR=$1
}

# One trafgen run: prints ns per packet of CPU time (trafgen's own, from
# rusage: it covers the veth and router work done on its CPU in its context,
# and not the time other processes had the CPU, which on a busy machine is
# most of the noise), then of wall time as trafgen's "sec, usec on CPU0"
# says; fails if frames went missing.
trafgen_run() {
	local before after out cpu wall TIMEFORMAT='%3U %3S'
	before=$(drops "$SINK_NS" "$SINK_IF")
	{ time lab_ns cl trafgen -o cl0 -i "$W/frame.cfg" -n "$COUNT" -P 1 --no-sock-mem -Q \
		>"$W/trafgen.out" 2>&1; } 2>"$W/trafgen.time" || die "trafgen: $(cat "$W/trafgen.out")"
	after=$(drops "$SINK_NS" "$SINK_IF")
	[ $((after - before)) -ge "$COUNT" ] ||
		die "$CUR: $((after - before)) of $COUNT frames reached the sink"
	out=$(tr -d '\r' <"$W/trafgen.out")
	wall=$(awk '/ sec, .* usec on CPU/ { printf "%.2f", ($1 * 1e9 + $3 * 1e3) / substr($7, 2) }' <<<"$out")
	cpu=$(awk -v n="$COUNT" '{ printf "%.2f", ($1 + $2) * 1e9 / n }' "$W/trafgen.time")
	[ -n "$wall" ] && [ -n "$cpu" ] || die "cannot read trafgen's times: $out"
	echo "$cpu $wall"
}

# One live-frames run: Mpps of CPU time, then of wall time (xbrbench livegen).
live_run() {
	local before after ns
	before=$(drops "$SINK_NS" "$SINK_IF")
	ns=$(lab_ns cl "$BENCH" livegen cl0 "$RTCL_MAC" "$CL_MAC" "$LIVE_COUNT") || die "livegen failed"
	after=$(drops "$SINK_NS" "$SINK_IF")
	[ $((after - before)) -ge "$LIVE_COUNT" ] ||
		die "$CUR (live): $((after - before)) of $LIVE_COUNT frames reached the sink"
	awk -v n="$LIVE_COUNT" '{ printf "%.4f %.4f", n / $2 * 1e3, n / $1 * 1e3 }' <<<"$ns"
}

emit() { # group name value unit stat samples extra
	printf '{"group": "%s", "name": "%s", "value": %s, "unit": "%s", "stat": "%s", "samples": %s%s}\n' \
		"$1" "$2" "$3" "$4" "$5" "$6" "${7:+, $7}"
}

min() { tr ' ' '\n' | grep . | sort -g | head -n1; }
max() { tr ' ' '\n' | grep . | sort -g | tail -n1; }

command -v trafgen >/dev/null || die "trafgen not found (apt-get install netsniff-ng)"
[ -x "$BENCH" ] || die "$BENCH missing: make .output/bench/xbrbench"
W=$(mktemp -d /tmp/xbr-e2e.XXXXXX)
# lab_up's trap tears the lab down; this one also removes our scratch dir.
cleanup() { rm -rf "$W"; }
lab_up >&2 || exit 1
trap 'cleanup; lab_trap $?' EXIT
trap 'cleanup; lab_trap 130' INT
trap 'cleanup; lab_trap 143' TERM

RTCL_MAC=$(mac rt rt-cl) && CL_MAC=$(mac cl cl0) && GW_MAC=$(mac gw gw-rt) || die "lab MACs"
# The gateway's ingress drops everything, ARP too: the router's neighbour is static.
lab_ns rt ip neigh replace "$LAB_GW4" lladdr "$GW_MAC" dev rt-mg nud permanent &&
	lab_ns rt ip -6 neigh replace "$LAB_GW6" lladdr "$GW_MAC" dev rt-mg nud permanent &&
	lab_ns gw "$BENCH" attach drop gw-rt || die "gateway sink"
cat >"$W/frame.cfg" <<EOF
{ eth(da=$RTCL_MAC, sa=$CL_MAC), ipv4(saddr=$LAB_CL4, daddr=$LAB_MN4, ttl=64), udp(sp=9, dp=9), fill(0, 22) }
EOF

CUR=none
# T: trafgen ns/packet (CPU time), TW: the same by wall time; L, LW: live Mpps.
declare -A T TW L LW
for m in sink kernel floor xbr; do T[$m]="" TW[$m]="" L[$m]="" LW[$m]=""; done
for r in $(seq "$ROUNDS"); do
	for m in sink kernel floor xbr; do
		mode "$m"
		if [ "$m" = sink ]; then SINK_NS=rt SINK_IF=rt-cl; else SINK_NS=gw SINK_IF=gw-rt; fi
		res=$(trafgen_run) || exit 1
		read -r cpu wall <<<"$res"
		T[$m]="${T[$m]} $cpu" TW[$m]="${TW[$m]} $wall"
		# Live frames reach the router only through its XDP program (docs/design.md §7).
		[ "$m" = kernel ] && continue
		res=$(live_run) || exit 1
		read -r cpu wall <<<"$res"
		L[$m]="${L[$m]} $cpu" LW[$m]="${LW[$m]} $wall"
	done
	log "round $r/$ROUNDS: trafgen ns/packet (CPU) sink${T[sink]##* } kernel${T[kernel]##* }" \
		"floor${T[floor]##* } xbr${T[xbr]##* }"
done
mode sink

list() { tr ' ' ',' <<<"${1# }"; }
sink=$(min <<<"${T[sink]}")
for m in sink kernel floor xbr; do
	emit e2e_trafgen "$m" "$(min <<<"${T[$m]}")" ns/packet min "$ROUNDS" \
		"\"what\": \"generator + router, CPU time per packet\", \"frames\": $COUNT, \"all\": [$(list "${T[$m]}")], \"wall_min\": $(min <<<"${TW[$m]}"), \"wall_all\": [$(list "${TW[$m]}")]"
done
for m in kernel floor xbr; do
	cost=$(awk -v a="$(min <<<"${T[$m]}")" -v b="$sink" 'BEGIN { printf "%.2f", a - b }')
	wcost=$(awk -v a="$(min <<<"${TW[$m]}")" -v b="$(min <<<"${TW[sink]}")" 'BEGIN { printf "%.2f", a - b }')
	eval "C_$m=$cost"
	emit e2e_router "$m" "$cost" ns/packet "min - sink min" "$ROUNDS" \
		"\"what\": \"router cost: generator's own cost subtracted\", \"wall\": $wcost"
done
# shellcheck disable=SC2154 # C_* are set by the eval above
{
	emit e2e_ratio xbr_over_floor "$(awk -v a="$C_xbr" -v b="$C_floor" 'BEGIN { printf "%.3f", a / b }')" \
		x ratio "$ROUNDS" '"what": "router cost, xbr / minimal XDP forwarder (goal <= 1.10)"'
	emit e2e_ratio kernel_over_xbr "$(awk -v a="$C_kernel" -v b="$C_xbr" 'BEGIN { printf "%.3f", a / b }')" \
		x ratio "$ROUNDS" '"what": "router cost, kernel forwarding / xbr"'
}
# The same ratios round by round, each against the sink of its own round, and
# their median: the minima above may come from rounds far apart in time.
paired() { # A B: median over rounds of (A - sink) / (B - sink)
	paste <(tr ' ' '\n' <<<"${T[$1]# }") <(tr ' ' '\n' <<<"${T[$2]# }") <(tr ' ' '\n' <<<"${T[sink]# }") |
		awk '$1 > $3 && $2 > $3 { print ($1 - $3) / ($2 - $3) }' | sort -g |
		awk '{ v[NR] = $1 } END { if (NR) printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; else print "null" }'
}
emit e2e_ratio xbr_over_floor_paired "$(paired xbr floor)" x "median of rounds" "$ROUNDS" \
	'"what": "router cost, xbr / minimal XDP forwarder, round by round"'
emit e2e_ratio kernel_over_xbr_paired "$(paired kernel xbr)" x "median of rounds" "$ROUNDS" \
	'"what": "router cost, kernel forwarding / xbr, round by round"'
lsink=$(max <<<"${L[sink]}")
lcost() { awk -v a="$(max <<<"${L[$1]}")" -v b="$lsink" 'BEGIN { printf "%.4f", 1e3 / a - 1e3 / b }'; }
emit e2e_ratio xbr_over_floor_live "$(awk -v a="$(lcost xbr)" -v b="$(lcost floor)" 'BEGIN { printf "%.3f", a / b }')" \
	x ratio "$ROUNDS" '"what": "router cost under live frames, xbr / minimal XDP forwarder"'
for m in sink floor xbr; do
	mpps=$(max <<<"${L[$m]}")
	emit e2e_live "$m" "$mpps" Mpps max "$ROUNDS" \
		"\"what\": \"live-frames generator + router, per CPU second\", \"frames\": $LIVE_COUNT, \"all\": [$(list "${L[$m]}")], \"wall_max\": $(max <<<"${LW[$m]}"), \"wall_all\": [$(list "${LW[$m]}")]"
	[ "$m" = sink ] && continue
	emit e2e_live_router "$m" "$(awk -v a="$mpps" -v b="$lsink" 'BEGIN { printf "%.2f", 1e3 / a - 1e3 / b }')" \
		ns/packet "1/max - 1/sink max" "$ROUNDS" '"what": "router cost under live frames"'
done
