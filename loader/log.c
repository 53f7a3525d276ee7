// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Messages: one line, prefixed "xbr:", on stderr; library chatter only with
 * -v. And the error kept for the command to report (docs/design.md §10).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/libbpf.h>
#include "xbr.h"

static bool log_verbose;
/* Per thread: the daemon's long table work runs beside its event loop (daemon/job.h). */
static __thread char fail_msg[1024];
static void (*log_tap)(const char *level, const char *line, void *arg);
static void *log_tap_arg;

/*
 * Is stderr the journal? systemd.exec(5): JOURNAL_STREAM holds the device
 * and inode of the stream it connected; it is ours only if stderr is still
 * that stream (not redirected by a script the service runs).
 */
static bool log_to_journal(void)
{
	const char *e = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	return e && sscanf(e, "%llu:%llu", &dev, &ino) == 2 && fstat(STDERR_FILENO, &st) == 0 &&
	       st.st_dev == dev && st.st_ino == ino;
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
	static int journal = -1;
	char line[2048];

	if (journal < 0)
		journal = log_to_journal();
	vsnprintf(line, sizeof(line), fmt, ap);
	/* One write per line: the daemon's lines stay whole in a shared journal. */
	fprintf(stderr, "%s%s%s%s\n", journal ? level : "",
		"xbr: ", !strcmp(level, SD_WARNING) ? "warning: " : "", line);
}

void xbr_log_tap(void (*fn)(const char *level, const char *line, void *arg), void *arg)
{
	log_tap = fn;
	log_tap_arg = arg;
}

void xbr_log(const char *level, const char *fmt, ...)
{
	va_list ap;

	if (log_tap) {
		char line[2048];

		va_start(ap, fmt);
		vsnprintf(line, sizeof(line), fmt, ap);
		va_end(ap);
		log_tap(level, line, log_tap_arg);
	}
	if (!strcmp(level, SD_DEBUG) && !log_verbose)
		return;
	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

int xbr_fail(int err, const char *fmt, ...)
{
	char msg[sizeof(fail_msg)];
	va_list ap;

	/* Through a copy: the arguments may hold the message kept so far (xbr_why). */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(fail_msg, msg, sizeof(fail_msg));
	return err;
}

void xbr_report(int err, const char *fmt, ...)
{
	char own[1024];
	va_list ap;

	if (fail_msg[0]) {
		xbr_err("%s", fail_msg);
	} else {
		va_start(ap, fmt);
		vsnprintf(own, sizeof(own), fmt, ap);
		va_end(ap);
		if (err)
			xbr_err("%s: %s", own, strerror(err < 0 ? -err : err));
		else
			xbr_err("%s", own);
	}
	fail_msg[0] = '\0';
}

const char *xbr_why(int err)
{
	return fail_msg[0] ? fail_msg : strerror(err < 0 ? -err : err);
}

void xbr_fail_clear(void)
{
	fail_msg[0] = '\0';
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!log_verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void xbr_log_init(bool verbose)
{
	log_verbose = verbose;
	libbpf_set_print(libbpf_print);
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
	[XBR_ICMP_TIME_EXCEEDED] = "icmp_time_exceeded",
	[XBR_ICMP_TOO_BIG] = "icmp_too_big",
	[XBR_ICMP_BEYOND_SCOPE] = "icmp_beyond_scope",
	[XBR_DROP_ICMP_RATELIMIT] = "drop_icmp_ratelimit",
	[XBR_DROP_NO_ICMP] = "drop_no_icmp",
	[XBR_PASS_BAD_CSUM] = "pass_bad_checksum",
	[XBR_PASS_MARTIAN] = "pass_martian",
	[XBR_DROP_MARTIAN] = "drop_martian_source",
	[XBR_DROP_NOT_FORWARDING] = "drop_not_forwarding",
	[XBR_PASS_TOO_BIG] = "pass_too_big",
	[XBR_DROP_NEEDS_FRAG] = "drop_needs_frag",
	[XBR_DROP_IP_OPTIONS] = "drop_ip_options",
	[XBR_PASS_ICMP_UNRESOLVED] = "pass_icmp_unresolved",
};
_Static_assert(XBR_REASON_MAX == 29, "a name for every reason");

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
