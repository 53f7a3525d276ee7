# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# bash completion for xbr(8): commands, options, interface names, files.
# shellcheck shell=bash

_xbr_ifaces() {
	local d
	for d in /sys/class/net/*; do
		[ -e "$d" ] && printf '%s\n' "${d##*/}"
	done
}

_xbr() {
	local cur prev cmd w i
	local commands="check attach run reload detach status stats explain monitor rpd role"
	local global="--pin-dir --verbose --help --version -v -h"
	local config="--config -c --node --format"
	local routes="--table --ignore-proto --allow-from --mgmt"
	local runopts="--rpd-pidfile --rpd-process --up-delay --heartbeat-timeout --keep --install-routes --metrics-listen"
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}

	# the command word, wherever it stands (options may come before it)
	cmd=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-c | --config | --node | -m | --mode | --mgmt | --pin-dir | --rpd-pidfile | --rpd-process | \
			--up-delay | --heartbeat-timeout | --table | --ignore-proto | --allow-from | -o | \
			--output | --metrics-listen | --from | --in | --format | --display)
			((i++))
			continue
			;;
		-*) continue ;;
		esac
		cmd=$w
		break
	done

	case $prev in
	-c | --config | -o | --output | --rpd-pidfile)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	--pin-dir)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return
		;;
	-m | --mode)
		mapfile -t COMPREPLY < <(compgen -W "native skb" -- "$cur")
		return
		;;
	--format | --display)
		mapfile -t COMPREPLY < <(compgen -W "set text json xml" -- "$cur")
		return
		;;
	--mgmt | --in)
		mapfile -t COMPREPLY < <(compgen -W "$(_xbr_ifaces)" -- "$cur")
		return
		;;
	--rpd-process)
		mapfile -t COMPREPLY < <(compgen -W "rpd zebra bird bgpd" -- "$cur")
		return
		;;
	--node | --up-delay | --heartbeat-timeout | --table | --ignore-proto | --allow-from | \
		--metrics-listen | --from)
		return
		;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$global $config --json -j" -- "$cur")
		else
			mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
		fi
		return
	fi

	local opts="$global" args=""
	case $cmd in
	check) opts+=" $config --json -j --display" ;;
	attach) opts+=" $config $routes --mode -m"; args=$(_xbr_ifaces) ;;
	run) opts+=" $config $routes --mode -m $runopts"; args=$(_xbr_ifaces) ;;
	reload) opts+=" $config $routes" ;;
	detach) args=$(_xbr_ifaces) ;;
	status | monitor) opts+=" --json -j" ;;
	stats) opts+=" --json -j --prometheus --output -o" ;;
	explain) opts+=" --from --in --json -j" ;;
	rpd) args="up down auto" ;;
	role) args="primary backup" ;;
	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -W "$args" -- "$cur")
	fi
}

complete -F _xbr xbr
