// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr rpd up|down|auto, xbr role primary|backup: the operator's word on
 * liveness, written into the rpd_liveness map; the next packet obeys it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include "xbr.h"
#include "cmd/cmds.h"
#include "state/liveness.h"
#include "state/pins.h"

const char *liveness_rpd_name(__u32 state)
{
	switch (state) {
	case XBR_RPD_UP:
		return "up";
	case XBR_RPD_DOWN:
		return "down";
	default:
		return "unknown";
	}
}

const char *liveness_override_name(__u32 override)
{
	switch (override) {
	case XBR_OVERRIDE_RPD_UP:
		return "rpd-up";
	case XBR_OVERRIDE_RPD_DOWN:
		return "rpd-down";
	default:
		return "auto";
	}
}

const char *liveness_role_name(__u32 role)
{
	return role == XBR_ROLE_BACKUP ? "backup" : "primary";
}

static __u64 liveness_clock(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (__u64)now.tv_sec * 1000000000ULL + now.tv_nsec;
}

/* The datapath's own rule (maps/xbr_maps.h), on the clock the datapath reads. */
bool liveness_in_effect(const struct xbr_liveness *l)
{
	return xbr_liveness_in_effect(l, liveness_clock);
}

int liveness_read(int fd, struct xbr_liveness *l)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(fd, &zero, l) ? -errno : 0;
}

void liveness_print(const struct xbr_liveness *l)
{
	char stale[96] = "";
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (l->rpd_state == XBR_RPD_UP && l->heartbeat_timeout_ns) {
		double age = now.tv_sec + now.tv_nsec / 1e9 - l->heartbeat_ns / 1e9;

		if (age > l->heartbeat_timeout_ns / 1e9)
			snprintf(stale, sizeof(stale),
				 ", heartbeat %.1f s old > %.1f s: counts as down", age,
				 l->heartbeat_timeout_ns / 1e9);
	}
	printf("rpd %s (override %s%s), role %s: backup destinations %s\n",
	       liveness_rpd_name(l->rpd_state), liveness_override_name(l->override), stale,
	       liveness_role_name(l->role), liveness_in_effect(l) ? "in effect" : "not in effect");
}

/* A running `xbr run` re-evaluates what depends on liveness (its kernel routes). */
static void liveness_notify_daemon(const struct xbr_pins *p)
{
	struct xbr_daemon_state ds;
	__u32 zero = 0;

	if (!bpf_map_lookup_elem(p->fd[PIN_DAEMON], &zero, &ds) && ds.pid)
		kill(ds.pid, SIGUSR1);
}

/* Read, change one field, write back: the other fields may belong to a watcher. */
static int liveness_update(struct xbr_opts *o, __u32 *(*field)(struct xbr_liveness *), __u32 v)
{
	struct xbr_liveness l;
	struct xbr_pins pins;
	__u32 zero = 0;
	int err;

	if (xbr_require_root(o->cmd))
		return XBR_EXIT_FAIL;
	if (pins_open(&pins, o->pin_dir, false)) {
		pins_close(&pins);
		return XBR_EXIT_FAIL;
	}
	err = liveness_read(pins.fd[PIN_LIVENESS], &l);
	if (!err) {
		*field(&l) = v;
		if (bpf_map_update_elem(pins.fd[PIN_LIVENESS], &zero, &l, BPF_EXIST))
			err = -errno;
	}
	if (!err)
		liveness_notify_daemon(&pins);
	pins_close(&pins);
	if (err) {
		xbr_err("cannot update %s/%s: %s", o->pin_dir, pins_map_name(PIN_LIVENESS),
			strerror(-err));
		return XBR_EXIT_FAIL;
	}
	if (!o->json)
		liveness_print(&l);
	return XBR_EXIT_OK;
}

static __u32 *field_override(struct xbr_liveness *l)
{
	return &l->override;
}

static __u32 *field_role(struct xbr_liveness *l)
{
	return &l->role;
}

int cmd_rpd(struct xbr_opts *o)
{
	static const char *const words[] = { "auto", "up", "down" };
	static const __u32 values[] = { XBR_OVERRIDE_AUTO, XBR_OVERRIDE_RPD_UP,
					XBR_OVERRIDE_RPD_DOWN };

	for (size_t i = 0; o->n_args == 1 && i < 3; i++)
		if (!strcmp(o->args[0], words[i]))
			return liveness_update(o, field_override, values[i]);
	xbr_err("usage: xbr rpd up|down|auto (treat the routing daemon as up or down, or follow "
		"what is observed)");
	return XBR_EXIT_USAGE;
}

int cmd_role(struct xbr_opts *o)
{
	if (o->n_args == 1 && !strcmp(o->args[0], "primary"))
		return liveness_update(o, field_role, XBR_ROLE_PRIMARY);
	if (o->n_args == 1 && !strcmp(o->args[0], "backup"))
		return liveness_update(o, field_role, XBR_ROLE_BACKUP);
	xbr_err("usage: xbr role primary|backup (backup: this node uses the backup router "
		"whether or not rpd runs)");
	return XBR_EXIT_USAGE;
}
