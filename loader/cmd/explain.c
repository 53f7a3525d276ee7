// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr explain DEST [--from SRC] [--in IFACE] [-j]: what the datapath would do
 * right now with a packet to DEST, and why (state/explain.h): the program's
 * own verdict, and each step that led to it, read from the maps.
 */
#include <arpa/inet.h>
#include <linux/bpf.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "cmd/cmds.h"
#include "kernel/netlink.h"
#include "state/explain.h"
#include "state/liveness.h"
#include "state/pins.h"

#define EXPLAIN_SRC_V4 "203.0.113.1" /* RFC 5737 documentation addresses */
#define EXPLAIN_SRC_V6 "2001:db8::1"

static const char *verdict_name(__u32 v)
{
	switch (v) {
	case XDP_PASS:
		return "XDP_PASS";
	case XDP_TX:
		return "XDP_TX";
	case XDP_REDIRECT:
		return "XDP_REDIRECT";
	case XDP_DROP:
		return "XDP_DROP";
	default:
		return "XDP_ABORTED";
	}
}

static const char *ifname(__u32 ifindex, char buf[IF_NAMESIZE])
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "#%u", ifindex);
	return buf;
}

static void addr_str(int family, const __u8 *a, char buf[INET6_ADDRSTRLEN])
{
	inet_ntop(family, a, buf, INET6_ADDRSTRLEN);
}

/* Why the liveness rule (maps/xbr_maps.h) says what it says, in its own order. */
static void liveness_why(const struct xbr_liveness *l, char *buf, size_t size)
{
	struct timespec now;
	double age;

	if (l->role == XBR_ROLE_BACKUP) {
		snprintf(buf, size, "role backup: always in effect");
	} else if (l->override != XBR_OVERRIDE_AUTO) {
		snprintf(buf, size, "override %s (xbr rpd)", liveness_override_name(l->override));
	} else if (l->rpd_state != XBR_RPD_UP) {
		snprintf(buf, size, "rpd %s", liveness_rpd_name(l->rpd_state));
	} else if (!l->heartbeat_timeout_ns) {
		snprintf(buf, size, "rpd up");
	} else {
		clock_gettime(CLOCK_MONOTONIC, &now);
		age = now.tv_sec + now.tv_nsec / 1e9 - l->heartbeat_ns / 1e9;
		snprintf(buf, size, "rpd up, heartbeat %.1f s old, deadline %.1f s%s", age,
			 l->heartbeat_timeout_ns / 1e9,
			 liveness_in_effect(l) ? ": expired, counts as down" : "");
	}
}

struct kernel_why {
	const struct route_entry *entry;
	json_object *arr;
};

static bool prefix_is(const struct kernel_why *k, const struct cfg_addr *a, unsigned int len)
{
	const struct route_entry *e = k->entry;

	if (a->family != e->family || len != e->key.v4.prefixlen)
		return false;
	return !memcmp(e->family == AF_INET ? e->key.v4.addr : e->key.v6.addr, &a->v6,
		       e->family == AF_INET ? 4 : 16);
}

static const char *route_type_name(unsigned char type)
{
	switch (type) {
	case RTN_UNICAST:
		return "unicast";
	case RTN_LOCAL:
		return "local";
	case RTN_BLACKHOLE:
		return "blackhole";
	case RTN_UNREACHABLE:
		return "unreachable";
	case RTN_PROHIBIT:
		return "prohibit";
	default:
		return "other";
	}
}

static void kernel_route(const struct nl_route_info *r, void *data)
{
	struct kernel_why *k = data;
	char dev[IF_NAMESIZE], buf[INET6_ADDRSTRLEN + 8], text[256];

	if (!prefix_is(k, &r->dst.addr, r->dst.len))
		return;
	cfg_prefix_str(&r->dst, buf, sizeof(buf));
	snprintf(text, sizeof(text), "%s %s proto %u table %u%s%s", route_type_name(r->type), buf,
		 r->proto, r->table, r->oif > 0 ? " dev " : "",
		 r->oif > 0 ? ifname(r->oif, dev) : "");
	json_object_array_add(k->arr, json_object_new_string(text));
}

static void kernel_addr(const struct nl_ifaddr_info *a, void *data)
{
	struct kernel_why *k = data;
	char dev[IF_NAMESIZE], buf[INET6_ADDRSTRLEN], text[128];

	if (!prefix_is(k, &a->addr, a->addr.family == AF_INET ? 32 : 128))
		return;
	cfg_addr_str(&a->addr, buf, sizeof(buf));
	snprintf(text, sizeof(text), "local address %s on %s", buf, ifname(a->ifindex, dev));
	json_object_array_add(k->arr, json_object_new_string(text));
}

/* The kernel's routes and addresses a defer entry stands for, as the kernel has them now. */
static json_object *kernel_behind(const struct route_entry *e)
{
	struct kernel_why k = { e, json_object_new_array() };

	nl_routes_dump(e->family, kernel_route, &k);
	nl_ifaddrs_dump(e->family, kernel_addr, &k);
	return k.arr;
}

static json_object *jstr(const char *s)
{
	return json_object_new_string(s);
}

static json_object *explain_json(const struct explain_query *q, const struct explain_result *r,
				 const struct xbr_pins *p)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN + 8], dev[IF_NAMESIZE], mac[18], why[160];
	json_object *root = json_object_new_object(), *o;

	o = json_object_new_object();
	addr_str(q->family, q->src, a);
	json_object_object_add(o, "family", jstr(q->family == AF_INET ? "inet" : "inet6"));
	json_object_object_add(o, "source", jstr(a));
	addr_str(q->family, q->dst, a);
	json_object_object_add(o, "destination", jstr(a));
	json_object_object_add(o, "interface", jstr(ifname(q->ifindex, dev)));
	xbr_mac_str(q->dst_mac, mac);
	json_object_object_add(o, "mac", jstr(mac));
	json_object_object_add(o, "bytes", json_object_new_int(r->len_in));
	json_object_object_add(root, "packet", o);

	json_object_object_add(root, "verdict", jstr(verdict_name(r->verdict)));
	json_object_object_add(root, "reason", jstr(xbr_reason_name(r->reason)));
	json_object_object_add(root, "reading", jstr(xbr_reason_name(r->walk_reason)));
	json_object_object_add(root, "agree",
			       json_object_new_boolean(explain_agree(r->walk_reason, r->reason)));

	o = NULL;
	if (r->header_ok) {
		o = json_object_new_object();
		liveness_why(&r->liveness, why, sizeof(why));
		json_object_object_add(o, "in_effect", json_object_new_boolean(r->in_effect));
		json_object_object_add(o, "why", jstr(why));
		json_object_object_add(o, "rpd", jstr(liveness_rpd_name(r->liveness.rpd_state)));
		json_object_object_add(o, "override",
				       jstr(liveness_override_name(r->liveness.override)));
		json_object_object_add(o, "role", jstr(liveness_role_name(r->liveness.role)));
	}
	json_object_object_add(root, "liveness", o);

	o = NULL;
	if (r->matched) {
		const struct xbr_route *v = &r->entry.val;

		o = json_object_new_object();
		routes_key_str(q->family, &r->entry.key, b, sizeof(b));
		json_object_object_add(o, "prefix", jstr(b));
		json_object_object_add(o, "action",
				       jstr(v->action == XBR_ROUTE_FORWARD ? "forward"
					    : v->action == XBR_ROUTE_DEFER ? "defer"
									   : "unknown"));
		json_object_object_add(o, "destination",
				       json_object_new_boolean(routes_is_dest(v)));
		if (routes_is_dest(v))
			json_object_object_add(o, "destination_index",
					       json_object_new_int64(v->dest_index));
		if (v->action != XBR_ROUTE_FORWARD)
			json_object_object_add(o, "kernel", kernel_behind(&r->entry));
	}
	json_object_object_add(root, "entry", o);

	o = NULL;
	if (r->matched && r->entry.val.action == XBR_ROUTE_FORWARD) {
		o = json_object_new_object();
		json_object_object_add(o, "attached", json_object_new_boolean(r->iface_attached));
		if (r->iface_attached) {
			xbr_mac_str(r->iface.mac, mac);
			json_object_object_add(o, "mac", jstr(mac));
			json_object_object_add(o, "mode", jstr(xbr_mode_name(r->iface.xdp_mode)));
			json_object_object_add(
				o, "addressed_to_it",
				json_object_new_boolean(!memcmp(q->dst_mac, r->iface.mac, 6)));
		}
	}
	json_object_object_add(root, "interface", o);

	o = NULL;
	if (r->checked) {
		o = json_object_new_object();
		json_object_object_add(o, "passed", json_object_new_boolean(!r->check));
		if (r->check)
			json_object_object_add(o, "why", jstr(r->check));
		json_object_object_add(o, "kernel_routes",
				       json_object_new_boolean(r->kernel_routes));
	}
	json_object_object_add(root, "checks", o);

	o = NULL;
	if (r->allow_read) {
		o = json_object_new_object();
		json_object_object_add(o, "in_force", json_object_new_boolean(r->allow_list));
		json_object_object_add(o, "allowed", json_object_new_boolean(r->allowed));
	}
	json_object_object_add(root, "allow_list", o);

	o = NULL;
	if (r->allowed && r->iface_attached) {
		const struct xbr_gateway *g = &r->gateway;

		o = json_object_new_object();
		json_object_object_add(o, "slot", json_object_new_int64(r->entry.val.gateway));
		json_object_object_add(o, "configured", json_object_new_boolean(g->configured));
		json_object_object_add(o, "resolved", json_object_new_boolean(g->resolved));
		if (g->configured) {
			addr_str(g->family == AF_INET6 ? AF_INET6 : AF_INET, g->addr, a);
			json_object_object_add(o, "address", jstr(a));
			json_object_object_add(o, "interface",
					       jstr(ifname(g->egress_ifindex, dev)));
		}
		if (g->configured && g->resolved) {
			xbr_mac_str(g->mac, mac);
			json_object_object_add(o, "mac", jstr(mac));
		}
	}
	json_object_object_add(root, "gateway", o);

	o = NULL;
	if (r->gateway_ok) {
		o = json_object_new_object();
		json_object_object_add(o, "interface",
				       jstr(ifname(r->gateway.egress_ifindex, dev)));
		json_object_object_add(o, "present", json_object_new_boolean(r->egress_ok));
		json_object_object_add(o, "how",
				       jstr(r->gateway.egress_ifindex == q->ifindex
						    ? "back out of the ingress interface (XDP_TX)"
						    : "redirect (egress_ports)"));
	}
	json_object_object_add(root, "egress", o);
	json_object_object_add(root, "pin_dir", jstr(p->dir));
	return root;
}

static const char *js(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v ? json_object_get_string(v) : "-";
}

static bool jb(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_get_boolean(v);
}

static json_object *jo(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static const char *reason_says(__u32 reason)
{
	switch (reason) {
	case XBR_FWD_REDIRECT:
	case XBR_FWD_TX:
		return "forwarded to the backup router";
	case XBR_PASS_NOT_IN_EFFECT:
		return "to the kernel: backup destinations are not in effect";
	case XBR_PASS_NO_ROUTE:
		return "to the kernel: not a backup destination";
	case XBR_PASS_DEFER:
		return "to the kernel: its route wins";
	case XBR_PASS_NOT_IFACE:
		return "to the kernel: xbr is not attached to the ingress interface";
	case XBR_PASS_NOT_OURS:
		return "to the kernel: not addressed to the interface's MAC";
	case XBR_PASS_NOT_ALLOWED:
		return "to the kernel: the source is not in the --allow-from list";
	case XBR_PASS_UNRESOLVED:
		return "to the kernel: the backup router's MAC is not known";
	case XBR_PASS_NO_EGRESS:
		return "to the kernel: the egress interface is not in egress_ports";
	case XBR_PASS_MULTICAST:
		return "to the kernel: multicast, broadcast or link-local";
	case XBR_PASS_MARTIAN:
		return "to the kernel, which drops martians";
	case XBR_DROP_MARTIAN:
		return "dropped, as Linux drops it (a martian source)";
	case XBR_DROP_NOT_FORWARDING:
		return "dropped, as Linux drops it (forwarding is off)";
	case XBR_ICMP_BEYOND_SCOPE:
		return "answered with ICMPv6 destination unreachable, beyond scope";
	case XBR_ICMP_TOO_BIG:
		return "answered with ICMP fragmentation needed / packet too big";
	case XBR_PASS_TOO_BIG:
		return "to the kernel, which answers it: larger than the egress MTU";
	case XBR_DROP_ICMP_RATELIMIT:
		return "dropped: an ICMP error was due, the rate limit held it back";
	case XBR_DROP_NO_ICMP:
		return "dropped: an ICMP error was due, Linux would send none";
	case XBR_PASS_ICMP_UNRESOLVED:
		return "to the kernel: an ICMP error is due, the way back is not resolved";
	default:
		return "to the kernel";
	}
}

static void explain_text(json_object *root, const struct explain_result *r)
{
	json_object *pk = jo(root, "packet"), *o, *k;

	printf("packet      %s -> %s, in on %s to %s, UDP, %s 64, %s bytes\n", js(pk, "source"),
	       js(pk, "destination"), js(pk, "interface"), js(pk, "mac"),
	       strcmp(js(pk, "family"), "inet6") ? "TTL" : "hop limit", js(pk, "bytes"));
	if ((o = jo(root, "liveness")))
		printf("liveness    %s: backup destinations %s\n", js(o, "why"),
		       jb(o, "in_effect") ? "in effect" : "not in effect");
	if ((o = jo(root, "entry"))) {
		printf("entry       %s: %s%s\n", js(o, "prefix"), js(o, "action"),
		       !strcmp(js(o, "action"), "forward")
			       ? ", a backup destination"
			       : (jb(o, "destination")
					  ? ", a backup destination the kernel has a route to"
					  : ", a kernel route or local address inside a backup "
					    "destination"));
		if ((k = jo(o, "kernel"))) {
			for (size_t i = 0; i < json_object_array_length(k); i++)
				printf("            the kernel has: %s\n",
				       json_object_get_string(json_object_array_get_idx(k, i)));
			if (!json_object_array_length(k))
				printf("            the kernel has no such route now (the daemon "
				       "prunes it)\n");
		}
	} else if (jo(root, "liveness") && jb(jo(root, "liveness"), "in_effect")) {
		printf("entry       none: not inside any backup destination\n");
	}
	if ((o = jo(root, "interface"))) {
		if (!jb(o, "attached"))
			printf("interface   %s: xbr is not attached to it\n", js(pk, "interface"));
		else
			printf("interface   %s: attached (%s, mac %s)%s\n", js(pk, "interface"),
			       js(o, "mode"), js(o, "mac"),
			       jb(o, "addressed_to_it") ? ""
							: "; the frame is not addressed to it");
	}
	if ((o = jo(root, "checks")))
		printf("checks      %s%s\n",
		       jb(o, "passed") ? "martians, forwarding, source: passed" : js(o, "why"),
		       jb(o, "kernel_routes") ? " (the kernel has the destinations as routes)"
					      : "");
	if ((o = jo(root, "allow_list")))
		printf("allow list  %s\n", !jb(o, "in_force") ? "none: every source is forwarded"
					   : jb(o, "allowed") ? "the source is inside it"
							      : "the source is NOT inside it");
	if ((o = jo(root, "gateway"))) {
		if (!jb(o, "configured"))
			printf("gateway     slot %s: no backup router there\n", js(o, "slot"));
		else
			printf("gateway     %s via %s, mac %s (%s)\n", js(o, "address"),
			       js(o, "interface"), js(o, "mac"),
			       jb(o, "resolved") ? "resolved" : "NOT resolved: no neighbour entry");
	}
	if ((o = jo(root, "egress")))
		printf("egress      %s: %s%s\n", js(o, "interface"), js(o, "how"),
		       jb(o, "present") ? "" : ", but it is not in egress_ports");
	printf("verdict     %s (%s): %s\n", js(root, "verdict"), js(root, "reason"),
	       reason_says(r->reason));
}

/* The question from the arguments; an exit status. */
static int explain_query_parse(const struct xbr_opts *o, const struct xbr_pins *p,
			       struct explain_query *q)
{
	const char *src = o->from;
	struct xbr_iface v[XBR_IFACES_MAX];
	__u32 ifindex[XBR_IFACES_MAX];
	struct cfg_addr d, s;
	struct nl_link link;
	int n;

	memset(q, 0, sizeof(*q));
	if (cfg_addr_parse(o->args[0], strlen(o->args[0]), &d)) {
		xbr_err("explain wants a destination address, not \"%s\"", o->args[0]);
		return XBR_EXIT_USAGE;
	}
	if (!src)
		src = d.family == AF_INET ? EXPLAIN_SRC_V4 : EXPLAIN_SRC_V6;
	if (cfg_addr_parse(src, strlen(src), &s) || s.family != d.family) {
		xbr_err("--from wants a source address of the destination's family, not \"%s\"",
			src);
		return XBR_EXIT_USAGE;
	}
	q->family = d.family;
	memcpy(q->dst, &d.v6, d.family == AF_INET ? 4 : 16);
	memcpy(q->src, &s.v6, s.family == AF_INET ? 4 : 16);
	n = pins_ifaces(p, ifindex, v, XBR_IFACES_MAX);
	if (o->in_iface) {
		q->ifindex = if_nametoindex(o->in_iface);
		if (!q->ifindex) {
			xbr_err("--in %s: no such interface here", o->in_iface);
			return XBR_EXIT_FAIL;
		}
	} else if (n > 0) {
		q->ifindex = ifindex[0];
	} else {
		xbr_err("the instance in %s is attached to no interface; name one with --in",
			p->dir);
		return XBR_EXIT_FAIL;
	}
	/* Addressed to the interface, as a neighbour sending to this router would. */
	for (int i = 0; i < n; i++)
		if (ifindex[i] == q->ifindex) {
			memcpy(q->dst_mac, v[i].mac, 6);
			return XBR_EXIT_OK;
		}
	if (!nl_link_get(q->ifindex, &link) && link.has_mac)
		memcpy(q->dst_mac, link.mac, 6);
	else
		memcpy(q->dst_mac, "\x02\0\0\0\0\x02", 6);
	return XBR_EXIT_OK;
}

int cmd_explain(struct xbr_opts *o)
{
	struct explain_result r;
	struct explain_query q;
	struct xbr_pins pins;
	struct explain e;
	json_object *root;
	int ret, err;

	if (o->n_args != 1) {
		xbr_err("explain takes one destination address: xbr explain DEST [--from SRC] "
			"[--in IFACE]");
		return XBR_EXIT_USAGE;
	}
	ret = cmd_open_instance(o, &pins);
	if (ret)
		return ret;
	/* Questions need no lock: nothing is written. */
	pins_unlock(&pins);
	ret = explain_query_parse(o, &pins, &q);
	if (ret) {
		pins_close(&pins);
		return ret;
	}
	err = explain_open(&e, &pins);
	if (!err) {
		err = explain_run(&e, &pins, &q, &r);
		explain_close(&e);
	}
	if (err) {
		xbr_report(err, "cannot ask the datapath");
		pins_close(&pins);
		return XBR_EXIT_FAIL;
	}
	root = explain_json(&q, &r, &pins);
	pins_close(&pins);
	if (!explain_agree(r.walk_reason, r.reason))
		xbr_warn("the maps read %s but the program answered %s: the program's answer "
			 "stands (the maps may have changed in between)",
			 xbr_reason_name(r.walk_reason), xbr_reason_name(r.reason));
	if (o->json) {
		cmd_json_print(root);
	} else {
		explain_text(root, &r);
		json_object_put(root);
	}
	return XBR_EXIT_OK;
}
