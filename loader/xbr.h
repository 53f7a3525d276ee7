/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What every part of the xbr command shares: options, exit codes, messages. */
#ifndef XBR_H
#define XBR_H

#include <stdbool.h>
#include <systemd/sd-daemon.h>
#include "maps/xbr_maps.h"

/* Exit status, docs/design.md §6. */
#define XBR_EXIT_OK    0
#define XBR_EXIT_FAIL  1
#define XBR_EXIT_USAGE 2

#define XBR_CONFIG_DEFAULT "/etc/xbr/xbr.conf"

/* What this build is: `git describe` at build time, or the Makefile's VERSION (loader/version.c).
 */
extern const char xbr_version[];
#define XBR_MAX_IFACES XBR_IFACES_MAX

struct xbr_opts {
	const char *cmd;		 /* the command word: "attach", … */
	const char *pin_dir;		 /* --pin-dir, XBR_PIN_DIR, or XBR_PIN_DIR_DEFAULT */
	const char *config;		 /* -c; "-" is stdin */
	int config_format;		 /* --format: enum cfg_format, 0: from the content */
	int display;			 /* check --display: enum cfg_format to write, 0: none */
	const char *node;		 /* --node or XBR_NODE: re0, node1, ... (per-node groups) */
	const char *mgmt;		 /* --mgmt IFACE: where the gateways must be connected */
	int xdp_mode;			 /* enum xbr_xdp_mode */
	bool json;			 /* -j */
	bool verbose;			 /* -v */
	const char *rpd_pidfile;	 /* run: --rpd-pidfile */
	const char *rpd_process;	 /* run: --rpd-process */
	unsigned int up_delay_ms;	 /* run: --up-delay */
	unsigned long long heartbeat_ns; /* run: --heartbeat-timeout, 0: none */
	bool keep;			 /* run: leave forwarding in place on exit */
	bool install_routes;	    /* run: backup destinations as kernel routes while in effect */
	unsigned int table;	    /* routing table mirrored, and for --install-routes (main) */
	const char *ignore_proto;   /* --ignore-proto: route protocols not mirrored */
	const char *allow_from;	    /* --allow-from: source prefixes, "any"; NULL: not given */
	const char *metrics_listen; /* run: --metrics-listen [ADDR]:PORT */
	bool prometheus;	    /* stats: --prometheus */
	const char *output;	    /* stats: -o FILE */
	const char *from;	    /* explain: --from SRC */
	const char *in_iface;	    /* explain: --in IFACE */
	char **args;		    /* positional arguments after the command */
	int n_args;
};

/*
 * Messages: one line "xbr: …" on stderr, with the journal's <N> priority
 * prefix (sd-daemon.h's SD_ERR, …) when stderr is the journal. xbr_info()
 * only with -v. Only commands and the daemon's event loop print errors; see
 * xbr_fail() below.
 */
void xbr_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define xbr_err(...)	xbr_log(SD_ERR, __VA_ARGS__)
#define xbr_warn(...)	xbr_log(SD_WARNING, __VA_ARGS__)
#define xbr_notice(...) xbr_log(SD_NOTICE, __VA_ARGS__)
#define xbr_info(...)	xbr_log(SD_DEBUG, __VA_ARGS__)

/*
 * Also hand every line, -v or not, to fn (the daemon's event stream for
 * `xbr monitor`); fn must not log. NULL removes it.
 */
void xbr_log_tap(void (*fn)(const char *level, const char *line, void *arg), void *arg);

/*
 * The error contract (docs/design.md §10). A function that fails returns a
 * negative errno and prints nothing. Where it knows better than its caller
 * what went wrong and how to fix it, it says so with xbr_fail(), which keeps
 * the message for the command and returns err; a caller with more to say
 * keeps a new one that includes the old (xbr_why()), one with nothing to add
 * just returns err. The command prints exactly one line with xbr_report():
 * the kept message, else its own words and strerror(err).
 */
int xbr_fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xbr_report(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The kept message, else strerror(err); forget it (after printing, or when handled). */
const char *xbr_why(int err);
void xbr_fail_clear(void);

/* Route libbpf's messages: quiet unless -v. */
void xbr_log_init(bool verbose);

/* Fails with a message naming what is needed when not root. */
int xbr_require_root(const char *what);

const char *xbr_reason_name(unsigned int reason);
const char *xbr_mode_name(unsigned int mode);
void xbr_mac_str(const unsigned char mac[6], char buf[18]);

#endif /* XBR_H */
