/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Finding and following the routing daemon: by pidfile (watched with
 * inotify) or by process name (new processes announced by the kernel's proc
 * connector), followed with a pidfd so that its death wakes us at once.
 * Only where the proc connector is not available (outside the initial network
 * namespace) is /proc scanned on a timer for a new process.
 */
#ifndef XBR_RPD_WATCH_H
#define XBR_RPD_WATCH_H

#include <stdbool.h>
#include <sys/types.h>

struct rpd_watch {
	const char *pidfile; /* --rpd-pidfile, or NULL */
	const char *process; /* --rpd-process, or NULL; with a pidfile: must match too */
	pid_t pid;	     /* the process followed, 0 when none */
	int pidfd;	     /* readable when it exits; -1 when none */
	int event_fd;	     /* inotify (pidfile) or proc connector (process name) */
	bool scanning;	     /* no proc connector here: event_fd is a timer */
	double age_s;	     /* how long the followed process has been running when found */
};

int rpd_watch_init(struct rpd_watch *w, const char *pidfile, const char *process);

/* Look for the routing daemon now. 1: found (w->pid, w->pidfd set), 0: not running. */
int rpd_watch_find(struct rpd_watch *w);

/* Drain event_fd; true when something happened that may be a new routing daemon. */
bool rpd_watch_event(struct rpd_watch *w);

/* The followed process exited: forget it. */
void rpd_watch_lost(struct rpd_watch *w);

void rpd_watch_close(struct rpd_watch *w);

#endif /* XBR_RPD_WATCH_H */
