// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr monitor [-j]: each change as it happens, one line (or one JSON object)
 * per event, as `ip monitor` prints them (docs/design.md §6.6). Two sources:
 *
 *  - the maps, read every 100 ms (the tries at most every second, when
 *    route_gen says they changed) and compared with the last reading:
 *    liveness and whether backup destinations are in effect (a heartbeat
 *    expiring included), the daemon, gateways and their MACs, interfaces,
 *    destinations, mirrored routes (defer entries). These need no daemon:
 *    they are what the datapath sees.
 *  - the daemon's own log, when one runs (daemon/events.h): why rpd went up
 *    or down, reloads and what they changed, resolution, kernel routes.
 *
 * Runs until SIGINT or SIGTERM (exit 0), or until the instance is removed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include "cmd/cmds.h"
#include "daemon/events.h"
#include "state/liveness.h"
#include "state/pins.h"
#include "state/routes.h"

#define MONITOR_TICK_MS	   100
#define MONITOR_TRIE_TICKS 10 /* the tries, every second: they may hold millions */

struct snapshot {
	struct xbr_liveness l;
	bool in_effect;
	bool expired; /* rpd up, but its heartbeat is older than the deadline */
	struct xbr_daemon_state ds;
	bool daemon_alive;
	struct xbr_gateway gw[XBR_GATEWAYS_MAX];
	int n_if;
	__u32 ifindex[XBR_IFACES_MAX];
	struct xbr_iface ifv[XBR_IFACES_MAX];
	struct route_entry *routes[2]; /* inet, inet6: sorted by key */
	size_t n_routes[2];
	bool have_routes;
};

struct monitor {
	const struct xbr_opts *o;
	struct xbr_pins pins;
	struct snapshot now, last;
	int daemon_fd;	  /* the daemon's event stream, -1: none */
	__u32 daemon_pid; /* the daemon it belongs to */
	__u64 tries_gen;  /* route_gen when the tries were last read */
};

static volatile sig_atomic_t monitor_stop;

static void monitor_on_signal(int sig)
{
	monitor_stop = 1;
}

static const char *ifname(__u32 ifindex, char buf[IF_NAMESIZE])
{
	if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "#%u", ifindex);
	return buf;
}

/*
 * One event: with -j a JSON object on one line, {"time", "source", "event",
 * ...fields}; else "HH:MM:SS.mmm source: text". fields is consumed.
 */
static void emit(const struct monitor *m, const char *source, const char *event,
		 json_object *fields, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void emit(const struct monitor *m, const char *source, const char *event,
		 json_object *fields, const char *fmt, ...)
{
	struct timespec now;
	char text[1024], stamp[32];
	struct tm tm;
	va_list ap;

	clock_gettime(CLOCK_REALTIME, &now);
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (m->o->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "time",
				       json_object_new_double(now.tv_sec + now.tv_nsec / 1e9));
		json_object_object_add(o, "source", json_object_new_string(source));
		json_object_object_add(o, "event", json_object_new_string(event));
		if (fields) {
			json_object_object_foreach(fields, k, v)
				json_object_object_add(o, k, json_object_get(v));
		}
		json_object_object_add(o, "text", json_object_new_string(text));
		printf("%s\n", json_object_to_json_string_ext(
				       o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		localtime_r(&now.tv_sec, &tm);
		strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
		printf("%s.%03ld %s: %s\n", stamp, now.tv_nsec / 1000000, source, text);
	}
	json_object_put(fields);
	fflush(stdout);
}

static json_object *fields(const char *k1, const char *v1, const char *k2, const char *v2)
{
	json_object *o = json_object_new_object();

	if (k1)
		json_object_object_add(o, k1, json_object_new_string(v1));
	if (k2)
		json_object_object_add(o, k2, json_object_new_string(v2));
	return o;
}

static int key_cmp(const void *a, const void *b)
{
	const struct route_entry *x = a, *y = b;

	return memcmp(&x->key, &y->key, sizeof(x->key));
}

static int snapshot_take(struct monitor *m, struct snapshot *s, bool tries)
{
	__u32 zero = 0;
	int err;

	err = liveness_read(pins_fd(&m->pins, rpd_liveness), &s->l);
	if (err)
		return err;
	s->in_effect = liveness_in_effect(&s->l);
	s->expired = s->in_effect && s->l.role != XBR_ROLE_BACKUP &&
		     s->l.override == XBR_OVERRIDE_AUTO && s->l.rpd_state == XBR_RPD_UP;
	if (bpf_map_lookup_elem(pins_fd(&m->pins, daemon_state), &zero, &s->ds))
		return -errno;
	s->daemon_alive = pins_daemon_alive(s->ds.pid);
	for (__u32 slot = 0; slot < XBR_GATEWAYS_MAX; slot++)
		if (bpf_map_lookup_elem(pins_fd(&m->pins, gateways), &slot, &s->gw[slot]))
			return -errno;
	s->n_if = pins_ifaces(&m->pins, s->ifindex, s->ifv, XBR_IFACES_MAX);
	if (!tries)
		return 0;
	for (int f = 0; f < 2; f++) {
		int family = f ? AF_INET6 : AF_INET;

		free(s->routes[f]);
		err = routes_read(pins_routes_fd(&m->pins, family), family, false, &s->routes[f],
				  &s->n_routes[f]);
		if (err)
			return err;
		qsort(s->routes[f], s->n_routes[f], sizeof(*s->routes[f]), key_cmp);
	}
	s->have_routes = true;
	return 0;
}

static void liveness_events(const struct monitor *m)
{
	const struct snapshot *a = &m->last, *b = &m->now;
	char why[160];

	if (a->l.rpd_state != b->l.rpd_state)
		emit(m, "maps", "rpd",
		     fields("from", liveness_rpd_name(a->l.rpd_state), "to",
			    liveness_rpd_name(b->l.rpd_state)),
		     "rpd %s -> %s", liveness_rpd_name(a->l.rpd_state),
		     liveness_rpd_name(b->l.rpd_state));
	if (a->l.role != b->l.role)
		emit(m, "maps", "role",
		     fields("from", liveness_role_name(a->l.role), "to",
			    liveness_role_name(b->l.role)),
		     "role %s -> %s", liveness_role_name(a->l.role), liveness_role_name(b->l.role));
	if (a->l.override != b->l.override)
		emit(m, "maps", "override",
		     fields("from", liveness_override_name(a->l.override), "to",
			    liveness_override_name(b->l.override)),
		     "override %s -> %s", liveness_override_name(a->l.override),
		     liveness_override_name(b->l.override));
	if (b->expired && !a->expired && a->l.rpd_state == XBR_RPD_UP) {
		struct timespec t;

		clock_gettime(CLOCK_MONOTONIC, &t);
		emit(m, "maps", "heartbeat", fields("state", "expired", NULL, NULL),
		     "heartbeat expired: rpd's state last confirmed %.1f s ago (deadline %.1f s)",
		     t.tv_sec + t.tv_nsec / 1e9 - b->l.heartbeat_ns / 1e9,
		     b->l.heartbeat_timeout_ns / 1e9);
	}
	if (a->in_effect == b->in_effect)
		return;
	if (b->l.role == XBR_ROLE_BACKUP)
		snprintf(why, sizeof(why), "role backup");
	else if (b->l.override != XBR_OVERRIDE_AUTO)
		snprintf(why, sizeof(why), "override %s", liveness_override_name(b->l.override));
	else if (b->expired)
		snprintf(why, sizeof(why), "rpd up but its heartbeat expired");
	else
		snprintf(why, sizeof(why), "rpd %s", liveness_rpd_name(b->l.rpd_state));
	emit(m, "maps", "in_effect",
	     fields("state", b->in_effect ? "in effect" : "not in effect", "why", why),
	     "backup destinations %s (%s)", b->in_effect ? "in effect" : "not in effect", why);
}

static void daemon_events(const struct monitor *m)
{
	const struct snapshot *a = &m->last, *b = &m->now;
	char pid[16];

	snprintf(pid, sizeof(pid), "%u", b->ds.pid ? b->ds.pid : a->ds.pid);
	if (b->daemon_alive && (!a->daemon_alive || a->ds.pid != b->ds.pid))
		emit(m, "maps", "daemon", fields("state", "running", "pid", pid),
		     "daemon running (pid %s)", pid);
	else if (!b->daemon_alive && a->daemon_alive)
		emit(m, "maps", "daemon", fields("state", "stopped", "pid", pid),
		     "daemon stopped (pid %s)", pid);
	if (b->daemon_alive && a->ds.rpd_pid != b->ds.rpd_pid) {
		snprintf(pid, sizeof(pid), "%u", b->ds.rpd_pid);
		emit(m, "maps", "rpd_process",
		     fields("pid", b->ds.rpd_pid ? pid : "none", NULL, NULL),
		     b->ds.rpd_pid ? "daemon follows rpd pid %s" : "daemon sees no rpd%s",
		     b->ds.rpd_pid ? pid : "");
	}
}

/* A gateway is its family, address and interface; the slot it sits in is not news. */
static const struct xbr_gateway *gateway_find(const struct snapshot *s, const struct xbr_gateway *g)
{
	for (int i = 0; i < XBR_GATEWAYS_MAX; i++)
		if (s->gw[i].configured && s->gw[i].family == g->family &&
		    s->gw[i].egress_ifindex == g->egress_ifindex &&
		    !memcmp(s->gw[i].addr, g->addr, sizeof(g->addr)))
			return &s->gw[i];
	return NULL;
}

static void gateway_event(const struct monitor *m, const struct xbr_gateway *g, const char *what,
			  const char *text)
{
	char addr[INET6_ADDRSTRLEN], dev[IF_NAMESIZE], mac[18];
	json_object *f;

	inet_ntop(g->family == AF_INET6 ? AF_INET6 : AF_INET, g->addr, addr, sizeof(addr));
	ifname(g->egress_ifindex, dev);
	xbr_mac_str(g->mac, mac);
	f = fields("state", what, "address", addr);
	json_object_object_add(f, "family",
			       json_object_new_string(g->family == AF_INET6 ? "inet6" : "inet"));
	json_object_object_add(f, "interface", json_object_new_string(dev));
	json_object_object_add(f, "mac", g->resolved ? json_object_new_string(mac) : NULL);
	emit(m, "maps", "gateway", f, "backup router %s via %s %s%s%s", addr, dev, text,
	     g->resolved ? " " : "", g->resolved ? mac : "");
}

static void gateway_events(const struct monitor *m)
{
	const struct xbr_gateway *was, *is;

	for (int i = 0; i < XBR_GATEWAYS_MAX; i++) {
		is = &m->now.gw[i];
		if (!is->configured)
			continue;
		was = gateway_find(&m->last, is);
		if (!was)
			gateway_event(m, is, "added",
				      is->resolved ? "added, at" : "added, unresolved");
		else if (was->resolved && !is->resolved)
			gateway_event(m, is, "unresolved",
				      "unresolved: its destinations go to the "
				      "kernel");
		else if (!was->resolved && is->resolved)
			gateway_event(m, is, "resolved", "resolved at");
		else if (is->resolved && memcmp(was->mac, is->mac, 6))
			gateway_event(m, is, "mac", "moved to");
	}
	for (int i = 0; i < XBR_GATEWAYS_MAX; i++)
		if (m->last.gw[i].configured && !gateway_find(&m->now, &m->last.gw[i]))
			gateway_event(m, &m->last.gw[i], "removed", "removed");
}

static void iface_events(const struct monitor *m)
{
	char dev[IF_NAMESIZE];

	for (int i = 0; i < m->now.n_if; i++) {
		int j;

		for (j = 0; j < m->last.n_if && m->last.ifindex[j] != m->now.ifindex[i]; j++)
			;
		ifname(m->now.ifindex[i], dev);
		if (j == m->last.n_if)
			emit(m, "maps", "interface", fields("state", "attached", "interface", dev),
			     "%s attached (%s)", dev, xbr_mode_name(m->now.ifv[i].xdp_mode));
		else if ((m->last.ifv[j].flags ^ m->now.ifv[i].flags) & XBR_IFACE_F_ALLOW_LIST)
			emit(m, "maps", "interface",
			     fields("state",
				    m->now.ifv[i].flags & XBR_IFACE_F_ALLOW_LIST ? "allow-list"
										 : "any-source",
				    "interface", dev),
			     "%s: %s", dev,
			     m->now.ifv[i].flags & XBR_IFACE_F_ALLOW_LIST
				     ? "--allow-from in force"
				     : "every source forwarded");
	}
	for (int j = 0; j < m->last.n_if; j++) {
		int i;

		for (i = 0; i < m->now.n_if && m->now.ifindex[i] != m->last.ifindex[j]; i++)
			;
		if (i == m->now.n_if) {
			ifname(m->last.ifindex[j], dev);
			emit(m, "maps", "interface", fields("state", "detached", "interface", dev),
			     "%s detached", dev);
		}
	}
}

/* What one trie entry is, for people: a destination, or a mirrored route. */
static void route_event(const struct monitor *m, int family, const struct route_entry *e,
			const char *state)
{
	char prefix[INET6_ADDRSTRLEN + 8];
	bool dest = routes_is_dest(&e->val), shadowed = e->val.action != XBR_ROUTE_FORWARD;
	json_object *f;

	routes_key_str(family, &e->key, prefix, sizeof(prefix));
	f = fields("state", state, "prefix", prefix);
	json_object_object_add(f, "family",
			       json_object_new_string(family == AF_INET ? "inet" : "inet6"));
	if (dest)
		emit(m, "maps", "destination", f, "backup destination %s %s%s", prefix, state,
		     shadowed ? " (a kernel route to it wins)" : "");
	else
		emit(m, "maps", "mirrored", f, "kernel route or address %s %s (defer)", prefix,
		     state);
}

static void route_events(const struct monitor *m)
{
	for (int f = 0; f < 2; f++) {
		const struct route_entry *a = m->last.routes[f], *b = m->now.routes[f];
		size_t na = m->last.n_routes[f], nb = m->now.n_routes[f], i = 0, j = 0;
		int family = f ? AF_INET6 : AF_INET;

		while (i < na || j < nb) {
			int c = i == na ? 1 : j == nb ? -1 : key_cmp(&a[i], &b[j]);

			if (c < 0) {
				route_event(m, family, &a[i++], "removed");
			} else if (c > 0) {
				route_event(m, family, &b[j++], "added");
			} else {
				if (routes_is_dest(&b[j].val) && a[i].val.action != b[j].val.action)
					route_event(m, family, &b[j],
						    b[j].val.action == XBR_ROUTE_FORWARD
							    ? "forwarded again"
							    : "deferred");
				else if (routes_is_dest(&a[i].val) != routes_is_dest(&b[j].val))
					route_event(m, family, &b[j],
						    routes_is_dest(&b[j].val) ? "added"
									      : "removed");
				i++;
				j++;
			}
		}
	}
}

/* The daemon's stream: (re)connect when a daemon runs, print what it says. */
static void monitor_daemon_stream(struct monitor *m)
{
	char rec[EVENTS_RECORD + 1];
	json_object *o, *msg, *lvl;
	ssize_t n;

	if (m->daemon_fd >= 0 && (!m->now.daemon_alive || m->now.ds.pid != m->daemon_pid)) {
		close(m->daemon_fd);
		m->daemon_fd = -1;
	}
	if (m->daemon_fd < 0 && m->now.daemon_alive) {
		m->daemon_fd = events_connect(m->o->pin_dir, m->now.ds.pid);
		m->daemon_pid = m->now.ds.pid;
		if (m->daemon_fd < 0)
			m->daemon_fd = -1;
	}
	while (m->daemon_fd >= 0) {
		n = recv(m->daemon_fd, rec, EVENTS_RECORD, MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			close(m->daemon_fd);
			m->daemon_fd = -1;
			return;
		}
		rec[n] = '\0';
		o = json_tokener_parse(rec);
		if (o && json_object_object_get_ex(o, "message", &msg) &&
		    json_object_object_get_ex(o, "level", &lvl))
			emit(m, "daemon", "log",
			     fields("level", json_object_get_string(lvl), "message",
				    json_object_get_string(msg)),
			     "%s", json_object_get_string(msg));
		json_object_put(o);
	}
}

static void monitor_start_line(const struct monitor *m)
{
	const struct snapshot *s = &m->now;
	char pid[16];
	json_object *f;

	snprintf(pid, sizeof(pid), "%u", s->ds.pid);
	f = fields("pin_dir", m->o->pin_dir, "rpd", liveness_rpd_name(s->l.rpd_state));
	json_object_object_add(f, "in_effect", json_object_new_boolean(s->in_effect));
	json_object_object_add(f, "daemon",
			       s->daemon_alive ? json_object_new_int(s->ds.pid) : NULL);
	emit(m, "maps", "start", f,
	     "monitoring %s: rpd %s, role %s, override %s: backup destinations %s; %s%s",
	     m->o->pin_dir, liveness_rpd_name(s->l.rpd_state), liveness_role_name(s->l.role),
	     liveness_override_name(s->l.override), s->in_effect ? "in effect" : "not in effect",
	     s->daemon_alive ? "daemon pid " : "no daemon (what the maps show)",
	     s->daemon_alive ? pid : "");
}

static void snapshot_free(struct snapshot *s)
{
	free(s->routes[0]);
	free(s->routes[1]);
}

static int monitor_loop(struct monitor *m)
{
	unsigned long tick = 0;
	int err;

	m->tries_gen = pins_routes_generation(&m->pins);
	err = snapshot_take(m, &m->now, true);
	if (err)
		return err;
	monitor_daemon_stream(m); /* connected before the first line: nothing is missed */
	monitor_start_line(m);
	while (!monitor_stop) {
		struct pollfd pfd = { .fd = m->daemon_fd, .events = POLLIN };
		bool tries = ++tick % MONITOR_TRIE_TICKS == 0;

		/*
		 * Every change of a trie moves route_gen after it (0: someone
		 * writes by hand, and may not): a million routes are read again
		 * only when they may have changed.
		 */
		if (tries) {
			__u64 gen = pins_routes_generation(&m->pins);

			tries = !gen || gen != m->tries_gen;
			m->tries_gen = gen;
		}

		monitor_daemon_stream(m);
		pfd.fd = m->daemon_fd;
		if (poll(&pfd, 1, MONITOR_TICK_MS) > 0) {
			monitor_daemon_stream(m);
			continue; /* the maps on the next quiet tick */
		}
		if (!pins_present(m->o->pin_dir)) {
			emit(m, "maps", "instance", fields("state", "removed", NULL, NULL),
			     "instance %s removed (detached)", m->o->pin_dir);
			break;
		}
		/* last ← now, keeping the tries when they are not read again */
		snapshot_free(&m->last);
		m->last = m->now;
		if (!tries) {
			for (int f = 0; f < 2; f++) {
				m->now.routes[f] = malloc((m->last.n_routes[f] + 1) *
							  sizeof(struct route_entry));
				if (!m->now.routes[f])
					return -ENOMEM;
				memcpy(m->now.routes[f], m->last.routes[f],
				       m->last.n_routes[f] * sizeof(struct route_entry));
			}
		} else {
			m->now.routes[0] = m->now.routes[1] = NULL;
		}
		err = snapshot_take(m, &m->now, tries);
		if (err)
			return err;
		liveness_events(m);
		daemon_events(m);
		gateway_events(m);
		iface_events(m);
		if (tries)
			route_events(m);
		if (ferror(stdout))
			break; /* the reader has gone: as ip monitor | head */
	}
	return 0;
}

int cmd_monitor(struct xbr_opts *o)
{
	struct monitor m = { .o = o, .daemon_fd = -1 };
	struct sigaction sa = { .sa_handler = monitor_on_signal };
	int ret = cmd_no_args(o), err;

	if (!ret)
		ret = cmd_open_instance(o, &m.pins);
	if (ret)
		return ret;
	pins_unlock(&m.pins); /* it only reads */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	err = monitor_loop(&m);
	if (m.daemon_fd >= 0)
		close(m.daemon_fd);
	snapshot_free(&m.now);
	snapshot_free(&m.last);
	pins_close(&m.pins);
	if (err) {
		xbr_report(err, "cannot read the maps in %s", o->pin_dir);
		return XBR_EXIT_FAIL;
	}
	return XBR_EXIT_OK;
}
