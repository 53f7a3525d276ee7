/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The daemon's event stream, for `xbr monitor`: every line the daemon logs
 * (debug lines too), as it logs it, to each monitor connected. A unix
 * SOCK_SEQPACKET socket in the abstract namespace of the network namespace,
 * named after the pin dir; one record per event, a JSON object:
 * {"time": UNIX_SECONDS, "level": "notice", "message": "..."}.
 */
#ifndef XBR_EVENTS_H
#define XBR_EVENTS_H

#include <pthread.h>
#include <sys/types.h>

#define EVENTS_CLIENTS 16 /* monitors at once; more are refused */
#define EVENTS_RECORD  2304
/* The first record on a connection, once the daemon has taken it. */
#define EVENTS_HELLO	"{\"hello\":true}"
#define EVENTS_HELLO_MS 1000

struct events {
	int fd; /* the listening socket, -1: none */
	/* the clients: the log is written from the daemon's table jobs too (job.h) */
	pthread_mutex_t lock;
	int clients[EVENTS_CLIENTS];
	int n_clients;
};

/*
 * Listen for monitors of the instance in pin_dir and tap the log. 0 or
 * -errno (kept): the daemon runs on without a stream.
 */
int events_listen(struct events *e, const char *pin_dir);

/* A monitor is knocking: accept it if it is root's. */
void events_accept(struct events *e);

void events_close(struct events *e);

/*
 * Connect to the stream of the daemon of pin_dir, which must be the process
 * daemon_pid, and wait for its hello. The fd, or -errno.
 */
int events_connect(const char *pin_dir, pid_t daemon_pid);

#endif /* XBR_EVENTS_H */
