// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr: Junos backup-router / inet6-backup-router as an XDP fast path.
 * Command line: options may come before or after the command word.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xbr.h"
#include "state/allow.h"
#include "state/mirror.h"
#include "cmd/cmds.h"
#include "daemon/metrics_http.h"
#include "state/pins.h"
#include "config/config.h"

/* Options, as bits, so each command can say which apply to it. */
enum {
	OPT_CONFIG = 1 << 0,
	OPT_MODE = 1 << 1,
	OPT_MGMT = 1 << 2,
	OPT_JSON = 1 << 3,
	OPT_RUN = 1 << 4,     /* the daemon's own options */
	OPT_ROUTES = 1 << 5,  /* --table, --ignore-proto: which kernel routes are mirrored */
	OPT_NODE = 1 << 6,    /* --node: which per-node groups of the config apply */
	OPT_ALLOW = 1 << 7,   /* --allow-from: the sources forwarded for */
	OPT_PROM = 1 << 8,    /* --prometheus, -o: stats as Prometheus metrics */
	OPT_EXPLAIN = 1 << 9, /* --from, --in: the packet explain asks about */
	/* check --display: the backup routers written back */
	OPT_DISPLAY = 1 << 10,
	OPT_LAST = OPT_DISPLAY,
};

struct command {
	const char *name;
	int (*run)(struct xbr_opts *o);
	unsigned int opts; /* which of OPT_* apply */
	const char *args;
	const char *help;
};

static const struct command commands[] = {
	{ "check", cmd_check, OPT_CONFIG | OPT_NODE | OPT_JSON | OPT_DISPLAY, "",
	  "parse and validate the config, print the effective backup routes" },
	{ "attach", cmd_attach,
	  OPT_CONFIG | OPT_NODE | OPT_MODE | OPT_MGMT | OPT_ROUTES | OPT_ALLOW, "IFACE...",
	  "load the XDP program on IFACE..., fill and pin its maps; it runs on after xbr exits" },
	{ "run", cmd_run,
	  OPT_CONFIG | OPT_NODE | OPT_MODE | OPT_MGMT | OPT_RUN | OPT_ROUTES | OPT_ALLOW,
	  "IFACE...", "daemon: attach (or adopt), follow rpd, SIGHUP reloads, SIGTERM detaches" },
	{ "reload", cmd_reload, OPT_CONFIG | OPT_NODE | OPT_MGMT | OPT_ROUTES | OPT_ALLOW, "",
	  "apply a changed config to the running instance in place, without a lost packet" },
	{ "detach", cmd_detach, 0, "[IFACE...]",
	  "detach from IFACE... (default: all) and remove the pins when none is left" },
	{ "status", cmd_status, OPT_JSON, "",
	  "liveness, interfaces, gateways, destinations with their counters" },
	{ "stats", cmd_stats, OPT_JSON | OPT_PROM, "",
	  "packet counters by verdict and reason; --prometheus: every metric" },
	{ "explain", cmd_explain, OPT_JSON | OPT_EXPLAIN, "DEST",
	  "what the datapath would do now with a packet to DEST, and why" },
	{ "monitor", cmd_monitor, OPT_JSON, "",
	  "print each change as it happens: liveness, gateways, routes, the daemon" },
	{ "rpd", cmd_rpd, 0, "up|down|auto",
	  "treat the routing daemon as up (backup routes off) or down (on); auto: as observed" },
	{ "role", cmd_role, 0, "primary|backup",
	  "backup: this node (backup RE, secondary node) always uses the backup router" },
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: xbr [OPTIONS] COMMAND [ARGS]\n"
		   "\n"
		   "Gives this host the Junos 'system backup-router' / 'inet6-backup-router'\n"
		   "behaviour with an XDP program: while the routing daemon (rpd) is not up,\n"
		   "packets to the backup destinations are forwarded straight to the directly\n"
		   "connected backup router. Kernel routes win over them, and are not touched\n"
		   "(unless 'run --install-routes' asks for the host's own traffic).\n"
		   "\n"
		   "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-7s %-15s %s\n", commands[i].name, commands[i].args,
			commands[i].help);
	fprintf(f,
		"\n"
		"Options:\n"
		"  -c, --config FILE   Junos config: 'set' lines, the brace hierarchy, XML\n"
		"                      (display xml, NETCONF <rpc-reply>) or JSON (display\n"
		"                      json, ietf or verbose); '-' reads stdin\n"
		"                      (default %s)\n"
		"      --format F      read -c as set, text, json or xml (default: from the\n"
		"                      content: '<' is XML, '{' and a string JSON, a first\n"
		"                      statement that is a command set, otherwise text)\n"
		"      --display F     check: write the backup routers in effect as set, text,\n"
		"                      json or xml configuration, ready to load\n"
		"      --node NAME     this node, as the config's per-node groups name it: re0,\n"
		"                      re1 (Routing Engines), node0, node1 (chassis cluster);\n"
		"                      \"${node}\" in apply-groups stands for it (default\n"
		"                      $XBR_NODE). Without it, a backup router set in such a\n"
		"                      group is an error, unless every node has the same one\n"
		"  -m, --mode MODE     XDP mode for attach: native (default) or skb (generic);\n"
		"                      no silent fallback: if native fails, xbr says so\n"
		"      --mgmt IFACE    the management interface: backup routers must be directly\n"
		"                      connected on it (default: any interface)\n"
		"      --pin-dir DIR   where the instance's maps and program are pinned, on a\n"
		"                      bpffs (default $XBR_PIN_DIR, else %s,\n"
		"                      whose bpffs attach mounts if it is missing)\n"
		"  -j, --json          JSON output (check, status, stats, explain, monitor);\n"
		"                      check's errors too\n"
		"  -v, --verbose       libbpf detail (and the verifier's log)\n"
		"  -h, --help          this help\n"
		"      --version       the version of xbr and of its maps' ABI\n"
		"\n"
		"Options of run:\n"
		"      --rpd-pidfile FILE     find the routing daemon by its pidfile (watched)\n"
		"      --rpd-process NAME     ... or by process name (with a pidfile: must match)\n"
		"      --up-delay SECS        a new rpd counts as up after this long alive (0)\n"
		"      --heartbeat-timeout SECS  the datapath treats rpd as down if the daemon\n"
		"                             has not confirmed it for this long (0: never)\n"
		"      --keep                 leave forwarding in place when stopped\n"
		"      --install-routes       while backup destinations are in effect, also\n"
		"                             install them as kernel routes (proto 250, metric\n"
		"                             4294967040) for the host's own traffic\n"
		"      --metrics-listen [ADDR]:PORT  serve Prometheus metrics on\n"
		"                             http://ADDR:PORT/metrics (ADDR empty: every "
		"address)\n"
		"  SIGHUP reloads the config hitlessly; SIGTERM/SIGINT stop and detach;\n"
		"  SIGQUIT stops for a restart: everything stays for the next xbr run to adopt;\n"
		"  SIGUSR1 (from xbr rpd/role) and SIGUSR2 (from xbr reload) re-read the maps.\n"
		"\n"
		"Options of stats:\n"
		"      --prometheus           the Prometheus text format (node_exporter textfile)\n"
		"  -o, --output FILE          write it to FILE atomically instead of stdout\n"
		"\n"
		"Options of explain:\n"
		"      --from SRC             the packet's source address (default 203.0.113.1 or\n"
		"                             2001:db8::1, documentation addresses)\n"
		"      --in IFACE             the interface it arrives on (default: the first\n"
		"                             attached)\n"
		"\n"
		"Options of attach, reload and run:\n"
		"      --table N              the routing table whose routes take precedence over\n"
		"                             backup destinations (mirrored as defer entries), "
		"and\n"
		"                             where --install-routes puts its routes (254, main)\n"
		"      --ignore-proto LIST    route protocols not to mirror, e.g. zebra,bird or "
		"186:\n"
		"                             routes a dead routing daemon left need not block "
		"the\n"
		"                             backup path (default: all routes count, as in "
		"Junos)\n"
		"      --allow-from LIST      forward only packets whose source is inside one of\n"
		"                             these prefixes (e.g. 192.0.2.0/24,2001:db8::/32);\n"
		"                             the others go to the kernel and its firewall, which\n"
		"                             never sees what xbr forwards. reload keeps the list\n"
		"                             unless given one; '%s' removes it\n"
		"\n"
		"Exit status: 0 success, 1 failure (one 'xbr: ...' line; config errors as\n"
		"FILE:LINE:COL: message), 2 usage error.\n"
		"\n"
		"Inspect the maps with: bpftool map dump pinned %s/rpd_liveness\n",
		XBR_CONFIG_DEFAULT, XBR_PIN_DIR_DEFAULT, ALLOW_ANY, XBR_PIN_DIR_DEFAULT);
}

/* Seconds, 0 to one day, decimals allowed. */
static int parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0 && v <= 86400))
		return -1;
	*out = v;
	return 0;
}

/* A node's name is one word of the config: re0, node1, lcc0-re1. */
static bool node_name_bad(const char *from, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || strchr("{}[];\"#", s[i]))
			break;
	if (n && n <= 64 && i == n)
		return false;
	xbr_err("%s wants this node's name as the config's groups say it (re0, node1, ...), not "
		"\"%s\"",
		from, s);
	return true;
}

static const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static const char *opt_name(unsigned int bit)
{
	switch (bit) {
	case OPT_CONFIG:
		return "-c/--config/--format";
	case OPT_MODE:
		return "-m/--mode";
	case OPT_MGMT:
		return "--mgmt";
	case OPT_NODE:
		return "--node";
	case OPT_RUN:
		return "--rpd-pidfile/--rpd-process/--up-delay/--heartbeat-timeout/--keep/"
		       "--install-routes/--metrics-listen";
	case OPT_PROM:
		return "--prometheus/-o";
	case OPT_EXPLAIN:
		return "--from/--in";
	case OPT_ROUTES:
		return "--table/--ignore-proto";
	case OPT_ALLOW:
		return "--allow-from";
	case OPT_DISPLAY:
		return "--display";
	default:
		return "-j/--json";
	}
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "node", required_argument, NULL, 'N' },
		{ "mode", required_argument, NULL, 'm' },
		{ "mgmt", required_argument, NULL, 'M' },
		{ "pin-dir", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "rpd-pidfile", required_argument, NULL, 'p' },
		{ "rpd-process", required_argument, NULL, 'n' },
		{ "up-delay", required_argument, NULL, 'u' },
		{ "heartbeat-timeout", required_argument, NULL, 't' },
		{ "keep", no_argument, NULL, 'k' },
		{ "install-routes", no_argument, NULL, 'I' },
		{ "table", required_argument, NULL, 'T' },
		{ "ignore-proto", required_argument, NULL, 'G' },
		{ "allow-from", required_argument, NULL, 'A' },
		{ "prometheus", no_argument, NULL, 'R' },
		{ "output", required_argument, NULL, 'o' },
		{ "metrics-listen", required_argument, NULL, 'L' },
		{ "from", required_argument, NULL, 'F' },
		{ "in", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'X' },
		{ "display", required_argument, NULL, 'D' },
		{},
	};
	struct xbr_opts o = { .xdp_mode = XBR_XDP_NATIVE, .table = 254 /* main */ };
	const struct command *cmd;
	const char *pin_dir = NULL;
	unsigned int given = 0;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:m:o:jvh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o.config = optarg;
			given |= OPT_CONFIG;
			break;
		case 'X':
		case 'D': {
			int f = cfg_format_from_name(optarg);

			if (f == CFG_FORMAT_AUTO) {
				xbr_err("%s wants set, text, json or xml, not \"%s\"",
					c == 'X' ? "--format" : "--display", optarg);
				return XBR_EXIT_USAGE;
			}
			if (c == 'X') {
				o.config_format = f;
				given |= OPT_CONFIG;
			} else {
				o.display = f;
				given |= OPT_DISPLAY;
			}
			break;
		}
		case 'N':
			if (node_name_bad("--node", optarg))
				return XBR_EXIT_USAGE;
			o.node = optarg;
			given |= OPT_NODE;
			break;
		case 'm':
			if (!strcmp(optarg, "native")) {
				o.xdp_mode = XBR_XDP_NATIVE;
			} else if (!strcmp(optarg, "skb")) {
				o.xdp_mode = XBR_XDP_SKB;
			} else {
				xbr_err("unknown XDP mode \"%s\"; use -m native or -m skb", optarg);
				return XBR_EXIT_USAGE;
			}
			given |= OPT_MODE;
			break;
		case 'M':
			o.mgmt = optarg;
			given |= OPT_MGMT;
			break;
		case 'P':
			pin_dir = optarg;
			break;
		case 'j':
			o.json = true;
			given |= OPT_JSON;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'p':
			o.rpd_pidfile = optarg;
			given |= OPT_RUN;
			break;
		case 'n':
			o.rpd_process = optarg;
			given |= OPT_RUN;
			break;
		case 'u':
		case 't': {
			double secs;

			if (parse_seconds(optarg, &secs)) {
				xbr_err("%s wants seconds (e.g. 0.5 or 30), not \"%s\"",
					c == 'u' ? "--up-delay" : "--heartbeat-timeout", optarg);
				return XBR_EXIT_USAGE;
			}
			if (c == 'u')
				o.up_delay_ms = (unsigned int)(secs * 1000);
			else
				o.heartbeat_ns = (unsigned long long)(secs * 1e9);
			given |= OPT_RUN;
			break;
		}
		case 'k':
			o.keep = true;
			given |= OPT_RUN;
			break;
		case 'G': {
			bool ignore[256] = {};
			char why[256];

			if (mirror_ignore_parse(optarg, ignore, why, sizeof(why))) {
				xbr_err("--ignore-proto: %s", why);
				return XBR_EXIT_USAGE;
			}
			o.ignore_proto = optarg;
			given |= OPT_ROUTES;
			break;
		}
		case 'A': {
			struct allow_list l;
			char why[256];

			if (allow_parse(optarg, &l, why, sizeof(why))) {
				xbr_err("--allow-from: %s", why);
				return XBR_EXIT_USAGE;
			}
			allow_free(&l);
			o.allow_from = optarg;
			given |= OPT_ALLOW;
			break;
		}
		case 'I':
			o.install_routes = true;
			given |= OPT_RUN;
			break;
		case 'T': {
			char *end;
			unsigned long t;

			errno = 0;
			t = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || t == 0 || t > 0xffffffffUL) {
				xbr_err("--table wants a routing table number (254 is main), not "
					"\"%s\"",
					optarg);
				return XBR_EXIT_USAGE;
			}
			o.table = t;
			given |= OPT_ROUTES;
			break;
		}
		case 'R':
			o.prometheus = true;
			given |= OPT_PROM;
			break;
		case 'o':
			o.output = optarg;
			given |= OPT_PROM;
			break;
		case 'L': {
			struct sockaddr_storage ss;
			socklen_t len;
			char why[160];

			if (metrics_listen_parse(optarg, &ss, &len, why, sizeof(why))) {
				xbr_err("--metrics-listen: %s", why);
				return XBR_EXIT_USAGE;
			}
			o.metrics_listen = optarg;
			given |= OPT_RUN;
			break;
		}
		case 'F':
			o.from = optarg;
			given |= OPT_EXPLAIN;
			break;
		case 'i':
			o.in_iface = optarg;
			given |= OPT_EXPLAIN;
			break;
		case 'h':
			usage(stdout);
			return XBR_EXIT_OK;
		case 'V':
			printf("xbr %s (maps ABI %u)\n", xbr_version, XBR_ABI_VERSION);
			return XBR_EXIT_OK;
		case ':':
			xbr_err("option %s needs a value; see 'xbr -h'", argv[optind - 1]);
			return XBR_EXIT_USAGE;
		default:
			xbr_err("unknown option %s; see 'xbr -h'", argv[optind - 1]);
			return XBR_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return XBR_EXIT_USAGE;
	}
	cmd = command_find(argv[optind]);
	if (!cmd) {
		xbr_err("unknown command \"%s\"; see 'xbr -h'", argv[optind]);
		return XBR_EXIT_USAGE;
	}
	for (unsigned int bit = 1; bit <= OPT_LAST; bit <<= 1) {
		if ((given & bit) && !(cmd->opts & bit)) {
			xbr_err("%s does not apply to '%s'; see 'xbr -h'", opt_name(bit),
				cmd->name);
			return XBR_EXIT_USAGE;
		}
	}
	if (o.json && o.display) {
		xbr_err("-j and --display are two outputs; choose one");
		return XBR_EXIT_USAGE;
	}
	if ((!strcmp(cmd->name, "attach") || !strcmp(cmd->name, "run")) && optind + 1 >= argc) {
		xbr_err("%s needs at least one interface: xbr %s [-c FILE] IFACE...", cmd->name,
			cmd->name);
		return XBR_EXIT_USAGE;
	}
	/* The environment names the node for every command that reads the config. */
	if (!o.node && (cmd->opts & OPT_NODE) && getenv("XBR_NODE") && *getenv("XBR_NODE")) {
		if (node_name_bad("XBR_NODE", getenv("XBR_NODE")))
			return XBR_EXIT_USAGE;
		o.node = getenv("XBR_NODE");
	}
	o.cmd = cmd->name;
	o.args = argv + optind + 1;
	o.n_args = argc - optind - 1;
	o.pin_dir = pins_default_dir(pin_dir);
	xbr_log_init(o.verbose);
	return cmd->run(&o);
}
