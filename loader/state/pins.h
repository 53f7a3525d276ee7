/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The pin directory: where a running instance's maps and program live, so that
 * every command after `attach` finds them. The maps are the object's own list
 * (maps/xbr_maps.bpf.h), walked by name; a pinned map is checked against the
 * definition compiled into this binary before it is trusted (docs/design.md §9).
 */
#ifndef XBR_PINS_H
#define XBR_PINS_H

#include <limits.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "maps/xbr_maps.h"
#include "xbr.skel.h"

struct xbr_pins {
	char dir[PATH_MAX];
	int lock_fd;		/* the pin dir, flock()ed: one state change at a time */
	int liveness_lock_fd;	/* rpd_liveness's pin, flock()ed around its read-modify-writes */
	struct xbr_bpf *skel;	/* the embedded object, opened, never loaded: its maps
				 * hold the pinned maps' fds (-1: not open) */
	int prog_fd;		/* the pinned XDP program, -1 when not open */
	const char *mismatched; /* partial open: the first map of another build, or NULL */
	struct xbr_abi_version abi;	 /* who pinned the instance; version 0: before versions */
	struct xbr_route_gen *route_gen; /* route_gen, mapped; NULL: not open */
};

/* The fd of a pinned map, by its name in maps/xbr_maps.bpf.h; -1 when not open. */
#define pins_fd(p, name) ((p)->skel ? bpf_map__fd((p)->skel->maps.name) : -1)

/* The backup-destination trie of a family (AF_INET or AF_INET6). */
#define pins_routes_fd(p, family) \
	((family) == AF_INET ? pins_fd(p, routes_v4) : pins_fd(p, routes_v6))

/*
 * After any change of routes_v4 or routes_v6 has been made: a new route_gen,
 * so that no packet takes an answer the datapath's cache kept from before it
 * (docs/design.md §3.4). An atomic increment of the mapped value, since the
 * daemon and `xbr reload` may both write; the caller orders it after its
 * writes and before it clears what the old answers point at (a gateway slot).
 */
void pins_routes_changed(const struct xbr_pins *p);

/*
 * route_gen as it is now: it has moved after every completed change of the
 * tries since a reader last saw it (0: the cache is off, and a writer by
 * hand may not move it; 0 also when it cannot be read).
 */
__u64 pins_routes_generation(const struct xbr_pins *p);

/* Pin dir from --pin-dir, then XBR_PIN_DIR, then the default. */
const char *pins_default_dir(const char *from_option);

/* A struct xbr_pins that holds nothing, for pins_close() to be safe on. */
void pins_init(struct xbr_pins *p, const char *dir);

/* Create the pin dir (0700) on a bpffs and lock it. */
int pins_create(struct xbr_pins *p, const char *dir);

/*
 * Lock an existing pin dir and open every pinned map and the program. A
 * missing dir says nothing is attached; an instance of another ABI version
 * (see maps/xbr_maps.h) is refused, with what to do. partial (tearing down,
 * taking over): any version is opened, p->abi says which, and maps that are
 * missing or do not match this build are left at -1 instead of failing.
 */
int pins_open(struct xbr_pins *p, const char *dir, bool partial);

/* Does the map behind fd have want's type, key, value, capacity and flags? */
bool pins_map_matches(int fd, const struct bpf_map *want);

/* p->dir/name into buf; -ENAMETOOLONG, said, when it does not fit. */
int pins_path(const struct xbr_pins *p, const char *name, char *buf, size_t size);

/* 0 for an instance of this build's ABI; else -EPROTO, said: what to do with a newer or older one.
 */
int pins_abi_check(const struct xbr_pins *p);

/* Record this build in an abi_version map (before pinning, or at the end of a takeover). */
int pins_abi_write(int abi_fd);

/* True when dir holds any pin of ours (an instance is there). */
bool pins_present(const char *dir);

/* Pin the loaded skeleton's maps and prog_fd into p->dir, this build's ABI recorded, and open them
 * in p. */
int pins_pin(struct xbr_pins *p, struct xbr_bpf *skel, int prog_fd);

/* Remove every pin and the dir itself. */
void pins_remove(struct xbr_pins *p);

/* The attached interfaces (ifaces entries with a program): their count, up to max. */
int pins_ifaces(const struct xbr_pins *p, __u32 *ifindex, struct xbr_iface *val, int max);

/* Forget an interface in ifaces (an array: its entry is zeroed). */
int pins_iface_clear(const struct xbr_pins *p, __u32 ifindex);

/*
 * Is pid (daemon_state.pid) a running xbr? After a crash the pid may be
 * another process's: never signal or trust it then.
 */
bool pins_daemon_alive(__u32 pid);

/*
 * Tell the instance's running `xbr run` (if another process) that something
 * it follows changed: SIGUSR1 liveness, SIGUSR2 the destinations.
 */
void pins_notify_daemon(const struct xbr_pins *p, int sig);

/* A daemon keeps the pins open but holds the lock only while it writes. */
void pins_unlock(struct xbr_pins *p);
void pins_relock(struct xbr_pins *p);

/*
 * rpd_liveness has a lock of its own, for its read-modify-writes (the
 * daemon's, `xbr rpd`'s, `xbr role`'s): an flock() on its pin, which bpffs
 * opens for reading (its pretty-printer), not on the dir, so that a reload
 * holding the dir's lock for seconds at a million routes never holds up a
 * failover. Where the pin cannot be opened, the dir's lock stands in.
 */
void pins_liveness_lock(struct xbr_pins *p);
void pins_liveness_unlock(struct xbr_pins *p);

void pins_close(struct xbr_pins *p);

#endif /* XBR_PINS_H */
