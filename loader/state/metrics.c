// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Prometheus metrics from the maps (docs/design.md §6.4). Names, types and
 * units follow Prometheus' conventions: counters end in _total, times are
 * seconds, one state per label value (a "state set": the current one is 1).
 * Reasons come from the program's own table (xbr_reason_name()), so a new
 * reason is a new label value with nothing to add here.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xbr.h"
#include "state/counters.h"
#include "state/liveness.h"
#include "state/metrics.h"
#include "state/pins.h"
#include "state/routes.h"

static void family_header(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A label value: backslash, double quote and newline escaped. */
static void label_value(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static void ifname(__u32 ifindex, char buf[IF_NAMESIZE])
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "#%u", ifindex);
}

static int metrics_reasons(const struct xbr_pins *p, FILE *f)
{
	struct xbr_counter c[XBR_REASON_MAX];
	int err = 0;

	for (__u32 r = 0; r < XBR_REASON_MAX && !err; r++)
		err = counters_sum(pins_fd(p, counters), r, &c[r]);
	if (err)
		return err;
	family_header(
		f, "xbr_packets_total", "counter",
		"Packets the XDP program saw, by the reason it ended with (fwd_*: forwarded).");
	for (__u32 r = 0; r < XBR_REASON_MAX; r++)
		fprintf(f, "xbr_packets_total{reason=\"%s\"} %llu\n", xbr_reason_name(r),
			c[r].packets);
	family_header(f, "xbr_bytes_total", "counter",
		      "Bytes of those packets as received, by reason.");
	for (__u32 r = 0; r < XBR_REASON_MAX; r++)
		fprintf(f, "xbr_bytes_total{reason=\"%s\"} %llu\n", xbr_reason_name(r), c[r].bytes);
	return 0;
}

static int dest_cmp(const void *a, const void *b)
{
	const struct route_entry *x = a, *y = b;

	return x->val.dest_index < y->val.dest_index ? -1 : x->val.dest_index > y->val.dest_index;
}

/* Destinations of both families, in config order (their dest_index). */
static int metrics_destinations(const struct xbr_pins *p, FILE *f)
{
	static const char *const names[2][2] = {
		{ "xbr_destination_packets_total",
		  "Packets forwarded to each backup destination (family, prefix)." },
		{ "xbr_destination_bytes_total", "Bytes forwarded to each backup destination." },
	};
	struct route_entry *all = NULL, *v6 = NULL, *grown;
	char prefix[INET6_ADDRSTRLEN + 8];
	struct xbr_counter *c;
	size_t n = 0, n6 = 0;
	int err;

	err = routes_read(pins_fd(p, routes_v4), AF_INET, true, &all, &n);
	if (!err)
		err = routes_read(pins_fd(p, routes_v6), AF_INET6, true, &v6, &n6);
	if (!err && n6) {
		grown = realloc(all, (n + n6) * sizeof(*all));
		if (grown) {
			memcpy(grown + n, v6, n6 * sizeof(*v6));
			all = grown;
			n += n6;
		} else {
			err = -ENOMEM;
		}
	}
	free(v6);
	c = calloc(n ? n : 1, sizeof(*c));
	if (!c)
		err = -ENOMEM;
	if (!err)
		qsort(all, n, sizeof(*all), dest_cmp);
	for (size_t i = 0; !err && i < n; i++)
		err = counters_sum(pins_fd(p, dest_stats), all[i].val.dest_index, &c[i]);
	for (int m = 0; !err && m < 2; m++) {
		family_header(f, names[m][0], "counter", names[m][1]);
		for (size_t i = 0; i < n; i++) {
			routes_key_str(all[i].family, &all[i].key, prefix, sizeof(prefix));
			fprintf(f, "%s{family=\"%s\",prefix=\"%s\"} %llu\n", names[m][0],
				all[i].family == AF_INET ? "inet" : "inet6", prefix,
				m ? c[i].bytes : c[i].packets);
		}
	}
	free(all);
	free(c);
	return err;
}

/* The attached interfaces: what each forwarded, and how it is attached. */
static int metrics_interfaces(const struct xbr_pins *p, FILE *f)
{
	__u32 ifindex[XBR_IFACES_MAX];
	struct xbr_iface ifv[XBR_IFACES_MAX];
	struct xbr_counter c[XBR_IFACES_MAX];
	char name[IF_NAMESIZE];
	int n = pins_ifaces(p, ifindex, ifv, XBR_IFACES_MAX), err = 0;

	for (int i = 0; !err && i < n; i++)
		err = counters_sum(pins_fd(p, iface_stats), ifindex[i], &c[i]);
	if (err)
		return err;
	family_header(f, "xbr_interface_attached", "gauge",
		      "Interfaces the program is attached to (1), with the XDP mode.");
	for (int i = 0; i < n; i++) {
		ifname(ifindex[i], name);
		fputs("xbr_interface_attached{interface=\"", f);
		label_value(f, name);
		fprintf(f, "\",mode=\"%s\"} 1\n", xbr_mode_name(ifv[i].xdp_mode));
	}
	for (int m = 0; m < 2; m++) {
		const char *metric = m ? "xbr_interface_forwarded_bytes_total"
				       : "xbr_interface_forwarded_packets_total";

		family_header(f, metric, "counter",
			      m ? "Bytes forwarded that came in on each attached interface."
				: "Packets forwarded that came in on each attached interface.");
		for (int i = 0; i < n; i++) {
			ifname(ifindex[i], name);
			fprintf(f, "%s{interface=\"", metric);
			label_value(f, name);
			fprintf(f, "\"} %llu\n", m ? c[i].bytes : c[i].packets);
		}
	}
	return 0;
}

/* One gauge per state, the current one 1: the usual way to show an enum. */
static void state_set(FILE *f, const char *metric, const char *label, const char *help,
		      const char *const *states, size_t n, const char *current)
{
	family_header(f, metric, "gauge", help);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s{%s=\"%s\"} %d\n", metric, label, states[i],
			!strcmp(states[i], current));
}

static int metrics_liveness(const struct xbr_pins *p, FILE *f)
{
	static const char *const rpd[] = { "unknown", "up", "down" };
	static const char *const role[] = { "primary", "backup" };
	static const char *const override[] = { "auto", "rpd-up", "rpd-down" };
	struct xbr_liveness l;
	struct timespec now;
	int err = liveness_read(pins_fd(p, rpd_liveness), &l);

	if (err)
		return err;
	family_header(f, "xbr_backup_destinations_in_effect", "gauge",
		      "1 while the datapath forwards to the backup destinations (the liveness "
		      "rule, now).");
	fprintf(f, "xbr_backup_destinations_in_effect %d\n", liveness_in_effect(&l));
	state_set(f, "xbr_rpd_state", "state", "The routing daemon's state as last written.", rpd,
		  3, liveness_rpd_name(l.rpd_state));
	state_set(f, "xbr_role", "role", "This node's role (xbr role).", role, 2,
		  liveness_role_name(l.role));
	state_set(f, "xbr_override", "override", "The operator's override (xbr rpd).", override, 3,
		  liveness_override_name(l.override));
	family_header(f, "xbr_heartbeat_timeout_seconds", "gauge",
		      "The heartbeat deadline (run --heartbeat-timeout); 0: none.");
	fprintf(f, "xbr_heartbeat_timeout_seconds %.9g\n", l.heartbeat_timeout_ns / 1e9);
	if (l.heartbeat_ns) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		family_header(f, "xbr_heartbeat_age_seconds", "gauge",
			      "Time since the daemon last confirmed rpd's state.");
		fprintf(f, "xbr_heartbeat_age_seconds %.3f\n",
			now.tv_sec + now.tv_nsec / 1e9 - l.heartbeat_ns / 1e9);
	}
	return 0;
}

static int metrics_gateways(const struct xbr_pins *p, FILE *f)
{
	char addr[INET6_ADDRSTRLEN], name[IF_NAMESIZE];
	struct xbr_gateway g;

	family_header(f, "xbr_gateway_resolved", "gauge",
		      "1 when the backup router's MAC is known (its neighbour entry), else 0.");
	for (__u32 slot = 0; slot < XBR_GATEWAYS_MAX; slot++) {
		if (bpf_map_lookup_elem(pins_fd(p, gateways), &slot, &g))
			return -errno;
		if (!g.configured)
			continue;
		inet_ntop(g.family == AF_INET6 ? AF_INET6 : AF_INET, g.addr, addr, sizeof(addr));
		ifname(g.egress_ifindex, name);
		fprintf(f, "xbr_gateway_resolved{family=\"%s\",address=\"%s\",interface=\"",
			g.family == AF_INET6 ? "inet6" : "inet", addr);
		label_value(f, name);
		fprintf(f, "\"} %d\n", g.resolved ? 1 : 0);
	}
	return 0;
}

static int metrics_daemon(const struct xbr_pins *p, FILE *f)
{
	struct xbr_daemon_state ds;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(pins_fd(p, daemon_state), &zero, &ds))
		return -errno;
	family_header(f, "xbr_daemon_running", "gauge",
		      "1 while an xbr run daemon follows the routing daemon for this instance.");
	fprintf(f, "xbr_daemon_running %d\n", pins_daemon_alive(ds.pid));
	family_header(f, "xbr_failovers_total", "counter",
		      "Times the backup destinations came into effect, as the daemon saw.");
	fprintf(f, "xbr_failovers_total %llu\n", ds.failovers);
	family_header(f, "xbr_last_failover_timestamp_seconds", "gauge",
		      "Unix time of the last failover; 0: none yet.");
	fprintf(f, "xbr_last_failover_timestamp_seconds %.3f\n", ds.failover_unix_ns / 1e9);
	family_header(f, "xbr_rpd_transitions_total", "counter",
		      "Routing daemon state changes (up to down, down to up) the daemon saw.");
	fprintf(f, "xbr_rpd_transitions_total %llu\n", ds.transitions);
	return 0;
}

int metrics_write(const struct xbr_pins *p, FILE *f)
{
	int err;

	family_header(f, "xbr_build_info", "gauge", "The xbr build: its version; always 1.");
	fprintf(f, "xbr_build_info{version=\"");
	label_value(f, xbr_version);
	fprintf(f, "\"} 1\n");
	err = metrics_reasons(p, f);
	if (!err)
		err = metrics_destinations(p, f);
	if (!err)
		err = metrics_interfaces(p, f);
	if (!err)
		err = metrics_liveness(p, f);
	if (!err)
		err = metrics_gateways(p, f);
	if (!err)
		err = metrics_daemon(p, f);
	if (!err && (fflush(f) || ferror(f)))
		err = -(errno ? errno : EIO);
	return err;
}
