// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr status: liveness, the daemon, the attached interfaces, the gateways,
 * the backup destinations with their counters, as text for people and JSON
 * (-j) for scripts.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <json-c/json.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xbr.h"
#include "state/allow.h"
#include "kernel/caps.h"
#include "cmd/cmds.h"
#include "state/liveness.h"
#include "state/pins.h"
#include "state/counters.h"
#include "state/routes.h"

static const char *ifname(__u32 ifindex, char buf[IF_NAMESIZE])
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "#%u", ifindex);
	return buf;
}

static json_object *status_liveness(const struct xbr_liveness *l)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "rpd", json_object_new_string(liveness_rpd_name(l->rpd_state)));
	json_object_object_add(o, "override",
			       json_object_new_string(liveness_override_name(l->override)));
	json_object_object_add(o, "role", json_object_new_string(liveness_role_name(l->role)));
	json_object_object_add(o, "in_effect", json_object_new_boolean(liveness_in_effect(l)));
	json_object_object_add(o, "heartbeat_timeout_ms",
			       json_object_new_uint64(l->heartbeat_timeout_ns / 1000000));
	return o;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return "-";
	return json_object_get_string(v);
}

/* What `xbr run` sees; null when no daemon has run for this instance. */
static json_object *status_daemon(const struct xbr_pins *p)
{
	struct xbr_daemon_state ds;
	struct timespec now;
	char caps[256];
	json_object *o;
	__u32 zero = 0;
	double now_s;

	if (bpf_map_lookup_elem(pins_fd(p, daemon_state), &zero, &ds) || !ds.started_ns)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &now);
	now_s = now.tv_sec + now.tv_nsec / 1e9;
	o = json_object_new_object();
	json_object_object_add(o, "pid", json_object_new_int(ds.pid));
	json_object_object_add(o, "running", json_object_new_boolean(pins_daemon_alive(ds.pid)));
	json_object_object_add(o, "rpd_pid", ds.rpd_pid ? json_object_new_int(ds.rpd_pid) : NULL);
	json_object_object_add(o, "rpd_pending",
			       json_object_new_boolean(ds.flags & XBR_DAEMON_RPD_PENDING));
	json_object_object_add(o, "tables_busy",
			       json_object_new_boolean(ds.flags & XBR_DAEMON_TABLES_BUSY));
	json_object_object_add(o, "since_s", json_object_new_double(now_s - ds.since_ns / 1e9));
	json_object_object_add(o, "transitions", json_object_new_uint64(ds.transitions));
	json_object_object_add(o, "up_delay_ms", json_object_new_int64(ds.up_delay_ms));
	/* As the kernel has them, not as the daemon says. */
	if (pins_daemon_alive(ds.pid) && !caps_effective_names(ds.pid, caps, sizeof(caps)))
		json_object_object_add(o, "capabilities", json_object_new_string(caps));
	return o;
}

static void status_daemon_text(json_object *root)
{
	json_object *d, *v;

	if (!json_object_object_get_ex(root, "daemon", &d) || !d) {
		printf("daemon       none ('xbr run' follows rpd; without it, 'xbr rpd' "
		       "decides)\n");
		return;
	}
	json_object_object_get_ex(d, "running", &v);
	if (!json_object_get_boolean(v)) {
		printf("daemon       not running (pid %s stopped)\n", jstr(d, "pid"));
		return;
	}
	json_object_object_get_ex(d, "since_s", &v);
	printf("daemon       pid %s, rpd pid %s%s, state since %.1f s ago, %s transitions\n",
	       jstr(d, "pid"), jstr(d, "rpd_pid"),
	       json_object_get_boolean(json_object_object_get(d, "rpd_pending"))
		       ? " (waiting out --up-delay)"
		       : "",
	       json_object_get_double(v), jstr(d, "transitions"));
	if (json_object_get_boolean(json_object_object_get(d, "tables_busy")))
		printf("             reading the kernel's tables again (a reload or resync)\n");
	printf("             capabilities: %s\n", jstr(d, "capabilities"));
}

/* The --allow-from prefixes; null when every source is forwarded. */
static json_object *status_allow(const struct xbr_pins *p)
{
	char buf[INET6_ADDRSTRLEN + 8];
	struct allow_list l;
	json_object *arr;

	if (allow_read(p, &l) || l.any) {
		allow_free(&l);
		return NULL;
	}
	arr = json_object_new_array();
	for (size_t i = 0; i < l.n; i++) {
		cfg_prefix_str(&l.p[i], buf, sizeof(buf));
		json_object_array_add(arr, json_object_new_string(buf));
	}
	allow_free(&l);
	return arr;
}

static void status_allow_text(json_object *root)
{
	json_object *arr;

	if (!json_object_object_get_ex(root, "allow_from", &arr) || !arr) {
		printf("allow from   every source (what xbr forwards bypasses netfilter; see "
		       "--allow-from)\n");
		return;
	}
	printf("allow from  ");
	for (size_t i = 0; i < json_object_array_length(arr); i++)
		printf(" %s", json_object_get_string(json_object_array_get_idx(arr, i)));
	printf("%s (others go to the kernel)\n", json_object_array_length(arr) ? "" : " nothing");
}

static json_object *status_ifaces(const struct xbr_pins *p)
{
	__u32 ifindex[XBR_IFACES_MAX];
	struct xbr_iface v[XBR_IFACES_MAX];
	json_object *arr = json_object_new_array();
	char name[IF_NAMESIZE], mac[18];
	int n = pins_ifaces(p, ifindex, v, XBR_IFACES_MAX);

	for (int i = 0; i < n; i++) {
		json_object *o = json_object_new_object();
		/* Deleted while attached (or status runs in another network namespace). */
		bool present = if_indextoname(ifindex[i], name) != NULL;

		xbr_mac_str(v[i].mac, mac);
		json_object_object_add(o, "name", json_object_new_string(ifname(ifindex[i], name)));
		json_object_object_add(o, "present", json_object_new_boolean(present));
		json_object_object_add(o, "ifindex", json_object_new_int(ifindex[i]));
		json_object_object_add(o, "mac", json_object_new_string(mac));
		json_object_object_add(o, "mode",
				       json_object_new_string(xbr_mode_name(v[i].xdp_mode)));
		json_object_object_add(o, "prog_id", json_object_new_int64(v[i].prog_id));
		json_object_array_add(arr, o);
	}
	return arr;
}

static void gateway_addr_str(const struct xbr_gateway *g, char *buf, size_t size)
{
	inet_ntop(g->family == AF_INET6 ? AF_INET6 : AF_INET, g->addr, buf, size);
}

/* The source of the ICMP errors sent through the gateway; "" when it has none. */
static void gateway_src_str(const struct xbr_gateway *g, char *buf, size_t size)
{
	static const __u8 zero[16];

	buf[0] = '\0';
	if (memcmp(g->src_addr, zero, g->family == AF_INET6 ? 16 : 4))
		inet_ntop(g->family == AF_INET6 ? AF_INET6 : AF_INET, g->src_addr, buf, size);
}

static json_object *status_gateways(const struct xbr_pins *p, struct xbr_gateway *gws)
{
	json_object *arr = json_object_new_array();
	char addr[INET6_ADDRSTRLEN], name[IF_NAMESIZE], mac[18];

	for (__u32 slot = 0; slot < XBR_GATEWAYS_MAX; slot++) {
		struct xbr_gateway *g = &gws[slot];
		json_object *o;

		if (bpf_map_lookup_elem(pins_fd(p, gateways), &slot, g) || !g->configured) {
			g->configured = 0;
			continue;
		}
		o = json_object_new_object();
		gateway_addr_str(g, addr, sizeof(addr));
		xbr_mac_str(g->mac, mac);
		json_object_object_add(
			o, "family",
			json_object_new_string(g->family == AF_INET6 ? "inet6" : "inet"));
		json_object_object_add(o, "address", json_object_new_string(addr));
		json_object_object_add(o, "interface",
				       json_object_new_string(ifname(g->egress_ifindex, name)));
		json_object_object_add(o, "ifindex", json_object_new_int(g->egress_ifindex));
		json_object_object_add(o, "mac", g->resolved ? json_object_new_string(mac) : NULL);
		json_object_object_add(o, "resolved", json_object_new_boolean(g->resolved));
		/* what the datapath holds of the egress (docs/design.md §3.11, §3.12) */
		json_object_object_add(o, "mtu", g->mtu ? json_object_new_int(g->mtu) : NULL);
		gateway_src_str(g, addr, sizeof(addr));
		json_object_object_add(o, "source", addr[0] ? json_object_new_string(addr) : NULL);
		json_object_array_add(arr, o);
	}
	return arr;
}

/* Backup destinations of one trie, with their counters; *defers counts defer entries. */
static int status_dests_family(const struct xbr_pins *p, int family, const struct xbr_gateway *gws,
			       json_object *arr, unsigned long *defers)
{
	char prefix[INET6_ADDRSTRLEN + 8], gw[INET6_ADDRSTRLEN];
	struct route_entry *all;
	size_t n;
	int err = routes_read(pins_routes_fd(p, family), family, false, &all, &n);

	for (size_t i = 0; !err && i < n; i++) {
		const struct xbr_route *r = &all[i].val;
		struct xbr_counter c = {};
		json_object *o;

		if (r->action == XBR_ROUTE_DEFER)
			++*defers;
		if (!routes_is_dest(r))
			continue;
		counters_sum(pins_fd(p, dest_stats), r->dest_index, &c);
		routes_key_str(family, &all[i].key, prefix, sizeof(prefix));
		o = json_object_new_object();
		json_object_object_add(
			o, "family", json_object_new_string(family == AF_INET ? "inet" : "inet6"));
		json_object_object_add(o, "prefix", json_object_new_string(prefix));
		if (r->gateway < XBR_GATEWAYS_MAX && gws[r->gateway].configured) {
			gateway_addr_str(&gws[r->gateway], gw, sizeof(gw));
			json_object_object_add(o, "gateway", json_object_new_string(gw));
		} else {
			json_object_object_add(o, "gateway", NULL);
		}
		json_object_object_add(o, "index", json_object_new_int64(r->dest_index));
		/* "equal prefix: the active route wins" */
		json_object_object_add(o, "kernel_route_wins",
				       json_object_new_boolean(r->flags & XBR_ROUTE_F_SHADOWS));
		json_object_object_add(o, "packets", json_object_new_uint64(c.packets));
		json_object_object_add(o, "bytes", json_object_new_uint64(c.bytes));
		json_object_array_add(arr, o);
	}
	free(all);
	return err;
}

static int dest_cmp(const void *a, const void *b)
{
	json_object *x = *(json_object *const *)a, *y = *(json_object *const *)b;
	json_object *ix, *iy;

	json_object_object_get_ex(x, "index", &ix);
	json_object_object_get_ex(y, "index", &iy);
	return json_object_get_int64(ix) < json_object_get_int64(iy) ? -1 : 1;
}

static void status_text(json_object *root, const struct xbr_liveness *l,
			const struct xbr_counter c[XBR_REASON_MAX])
{
	json_object *arr;
	size_t n;

	printf("pin dir      %s\n", jstr(root, "pin_dir"));
	printf("liveness     ");
	liveness_print(l);
	status_daemon_text(root);
	status_allow_text(root);
	json_object_object_get_ex(root, "interfaces", &arr);
	n = json_object_array_length(arr);
	printf("\ninterfaces   %zu attached\n", n);
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(arr, i);

		printf("  %-14s ifindex %-5s mac %s  %s mode  prog id %s%s\n", jstr(o, "name"),
		       jstr(o, "ifindex"), jstr(o, "mac"), jstr(o, "mode"), jstr(o, "prog_id"),
		       json_object_get_boolean(json_object_object_get(o, "present"))
			       ? ""
			       : "  (no such interface here: deleted? 'xbr detach' forgets it)");
	}
	json_object_object_get_ex(root, "gateways", &arr);
	printf("\ngateways\n");
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *o = json_object_array_get_idx(arr, i);
		json_object *res;

		json_object_object_get_ex(o, "resolved", &res);
		printf("  %-6s %-26s via %-10s mac %-17s %s, mtu %s\n", jstr(o, "family"),
		       jstr(o, "address"), jstr(o, "interface"), jstr(o, "mac"),
		       json_object_get_boolean(res) ? "resolved" : "NOT RESOLVED", jstr(o, "mtu"));
	}
	json_object_object_get_ex(root, "destinations", &arr);
	printf("\n  %-6s %-30s %-26s %12s %14s\n", "family", "destination", "gateway", "packets",
	       "bytes");
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *o = json_object_array_get_idx(arr, i);

		json_object *k;

		json_object_object_get_ex(o, "kernel_route_wins", &k);
		printf("  %-6s %-30s %-26s %12s %14s%s\n", jstr(o, "family"), jstr(o, "prefix"),
		       jstr(o, "gateway"), jstr(o, "packets"), jstr(o, "bytes"),
		       json_object_get_boolean(k) ? "  (kernel route to it wins)" : "");
	}
	printf("  %s kernel routes / local addresses inside them take precedence (defer)\n",
	       jstr(root, "defer_entries"));
	printf("\n");
	cmd_counters_text(c);
}

int cmd_status(struct xbr_opts *o)
{
	struct xbr_gateway gws[XBR_GATEWAYS_MAX] = {};
	struct xbr_counter c[XBR_REASON_MAX];
	json_object *root, *dests;
	struct xbr_liveness l;
	struct xbr_pins pins;
	unsigned long defers = 0;
	int ret = cmd_no_args(o), err;

	if (!ret)
		ret = cmd_open_instance(o, &pins);
	if (ret)
		return ret;
	err = liveness_read(pins_fd(&pins, rpd_liveness), &l);
	if (!err)
		err = counters_read(&pins, c);
	if (err) {
		xbr_report(err, "cannot read the maps in %s", o->pin_dir);
		pins_close(&pins);
		return XBR_EXIT_FAIL;
	}
	root = json_object_new_object();
	json_object_object_add(root, "pin_dir", json_object_new_string(o->pin_dir));
	json_object_object_add(root, "liveness", status_liveness(&l));
	json_object_object_add(root, "daemon", status_daemon(&pins));
	json_object_object_add(root, "allow_from", status_allow(&pins));
	json_object_object_add(root, "interfaces", status_ifaces(&pins));
	json_object_object_add(root, "gateways", status_gateways(&pins, gws));
	dests = json_object_new_array();
	status_dests_family(&pins, AF_INET, gws, dests, &defers);
	status_dests_family(&pins, AF_INET6, gws, dests, &defers);
	json_object_array_sort(dests, dest_cmp);
	json_object_object_add(root, "destinations", dests);
	/* kernel routes and local addresses inside destinations, that take precedence */
	json_object_object_add(root, "defer_entries", json_object_new_uint64(defers));
	json_object_object_add(root, "counters", cmd_counters_json(c));
	pins_close(&pins);

	if (o->json) {
		cmd_json_print(root);
	} else {
		status_text(root, &l, c);
		json_object_put(root);
	}
	return XBR_EXIT_OK;
}
