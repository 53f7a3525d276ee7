/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The pin directory: where a running instance's maps and program live, so that
 * every command after `attach` finds them. Pinned maps are checked against the
 * definitions compiled into this binary before they are trusted.
 */
#ifndef XBR_PINS_H
#define XBR_PINS_H

#include <limits.h>
#include <stdbool.h>

#include "maps/xbr_maps.h"

struct xbr_bpf;

enum pin_map {
	PIN_ROUTES_V4,
	PIN_ROUTES_V6,
	PIN_GATEWAYS,
	PIN_EGRESS,
	PIN_IFACES,
	PIN_LIVENESS,
	PIN_COUNTERS,
	PIN_DEST_STATS,
	PIN_DAEMON,
	PIN_ALLOW_V4,
	PIN_ALLOW_V6,
	PIN_MAP_COUNT
};

struct xbr_pins {
	char dir[PATH_MAX];
	int lock_fd;		/* the pin dir, flock()ed: one state change at a time */
	int fd[PIN_MAP_COUNT];	/* map fds, -1 when not open */
	int prog_fd;		/* the pinned XDP program, -1 when not open */
	const char *mismatched; /* partial open: the first map of another build, or NULL */
};

const char *pins_map_name(enum pin_map m);

/* Pin dir from --pin-dir, then XBR_PIN_DIR, then the default. */
const char *pins_default_dir(const char *from_option);

/* Create the pin dir (0700) on a bpffs and lock it. */
int pins_create(struct xbr_pins *p, const char *dir);

/*
 * Lock an existing pin dir and open every pinned map and the program. A
 * missing dir says nothing is attached. partial (for tearing down): maps that
 * are missing or do not match this build are left at -1 instead of failing.
 */
int pins_open(struct xbr_pins *p, const char *dir, bool partial);

/* True when dir holds any pin of ours (an instance is there). */
bool pins_present(const char *dir);

/* Pin the loaded skeleton's maps and prog_fd into p->dir, and open them in p. */
int pins_pin(struct xbr_pins *p, struct xbr_bpf *skel, int prog_fd);

/* Remove every pin and the dir itself. */
void pins_remove(struct xbr_pins *p);

/* The attached interfaces (ifaces entries with a program): their count, up to max. */
int pins_ifaces(const struct xbr_pins *p, __u32 *ifindex, struct xbr_iface *val, int max);

/* Forget an interface in ifaces (an array: its entry is zeroed). */
int pins_iface_clear(const struct xbr_pins *p, __u32 ifindex);

/* A daemon keeps the pins open but holds the lock only while it writes. */
void pins_unlock(struct xbr_pins *p);
void pins_relock(struct xbr_pins *p);

void pins_close(struct xbr_pins *p);

#endif /* XBR_PINS_H */
