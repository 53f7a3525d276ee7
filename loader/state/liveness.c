// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The rpd_liveness map: read, shown, and changed one field at a time (the
 * operator's `xbr rpd` and `xbr role`); the next packet obeys it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include "xbr.h"
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

int liveness_set_field(struct xbr_pins *p, size_t offset, __u32 value, struct xbr_liveness *l)
{
	__u32 zero = 0;
	int err;

	/* Read, change one field, write back: the other fields may belong to a watcher. */
	pins_liveness_lock(p);
	err = liveness_read(pins_fd(p, rpd_liveness), l);
	if (!err) {
		memcpy((char *)l + offset, &value, sizeof(value));
		if (bpf_map_update_elem(pins_fd(p, rpd_liveness), &zero, l, BPF_EXIST))
			err = -errno;
	}
	pins_liveness_unlock(p);
	if (err)
		return xbr_fail(err, "cannot update %s/rpd_liveness: %s", p->dir, strerror(-err));
	/* A running `xbr run` re-evaluates what depends on liveness (its kernel routes). */
	pins_notify_daemon(p, SIGUSR1);
	return 0;
}
