// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Messages: one line, prefixed "xbr:", on stderr. Library chatter only with -v. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "xbr.h"

static bool log_verbose;

/*
 * Under systemd, stderr goes to the journal: a "<N>" prefix (sd-daemon(3))
 * gives each line its syslog level.
 */
static void log_line(int level, const char *prefix, const char *fmt, va_list ap)
{
	static int journal = -1;

	if (journal < 0)
		journal = getenv("JOURNAL_STREAM") != NULL;
	if (journal)
		fprintf(stderr, "<%d>", level);
	fprintf(stderr, "xbr: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void xbr_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(3, "", fmt, ap);
	va_end(ap);
}

void xbr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(4, "warning: ", fmt, ap);
	va_end(ap);
}

void xbr_info(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	log_line(7, "", fmt, ap);
	va_end(ap);
}

void xbr_notice(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(5, "", fmt, ap);
	va_end(ap);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!log_verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int libxdp_print(enum libxdp_print_level level, const char *fmt, va_list ap)
{
	if (!log_verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void xbr_log_init(bool verbose)
{
	log_verbose = verbose;
	libbpf_set_print(libbpf_print);
	libxdp_set_print(libxdp_print);
}

int xbr_require_root(const char *what)
{
	if (geteuid() == 0)
		return 0;
	xbr_err("%s needs root (CAP_BPF, CAP_NET_ADMIN); run it with sudo", what);
	return -1;
}

static const char *const reason_names[XBR_REASON_MAX] = {
	[XBR_FWD_REDIRECT] = "fwd_redirect",
	[XBR_FWD_TX] = "fwd_tx",
	[XBR_PASS_NOT_IP] = "pass_not_ip",
	[XBR_PASS_VLAN] = "pass_vlan",
	[XBR_PASS_NOT_OURS] = "pass_not_ours",
	[XBR_PASS_MALFORMED] = "pass_malformed",
	[XBR_PASS_IP_OPTIONS] = "pass_ip_options",
	[XBR_PASS_MULTICAST] = "pass_multicast",
	[XBR_PASS_TTL] = "pass_ttl",
	[XBR_PASS_NOT_IN_EFFECT] = "pass_not_in_effect",
	[XBR_PASS_NO_ROUTE] = "pass_no_route",
	[XBR_PASS_DEFER] = "pass_defer",
	[XBR_PASS_UNRESOLVED] = "pass_unresolved",
	[XBR_PASS_NO_EGRESS] = "pass_no_egress",
	[XBR_PASS_NOT_IFACE] = "pass_not_iface",
	[XBR_PASS_NOT_ALLOWED] = "pass_not_allowed",
};

const char *xbr_reason_name(unsigned int reason)
{
	if (reason < XBR_REASON_MAX && reason_names[reason])
		return reason_names[reason];
	return "unknown";
}

const char *xbr_mode_name(unsigned int mode)
{
	switch (mode) {
	case XBR_XDP_NATIVE:
		return "native";
	case XBR_XDP_SKB:
		return "skb";
	default:
		return "unknown";
	}
}

void xbr_mac_str(const unsigned char mac[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
}
