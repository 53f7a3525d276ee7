// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The daemon's event stream (events.h). Sends never block the event loop: a
 * monitor that does not keep up loses records (the socket's buffer is its
 * backlog), one that has gone is dropped.
 */
#define _GNU_SOURCE /* struct ucred, accept4() */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <json-c/json.h>
#include "xbr.h"
#include "daemon/events.h"

/* One name per pin dir: a hash of its real path fits any path in sun_path. */
static socklen_t events_addr(const char *pin_dir, struct sockaddr_un *sa)
{
	char real[PATH_MAX];
	unsigned long long h = 0xcbf29ce484222325ULL; /* FNV-1a */
	const char *s = realpath(pin_dir, real) ? real : pin_dir;
	int n;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	/* sun_path[0] = 0: the abstract namespace, no file to clean up */
	n = snprintf(sa->sun_path + 1, sizeof(sa->sun_path) - 1, "xbr/events/%016llx", h);
	return offsetof(struct sockaddr_un, sun_path) + 1 + n;
}

static const char *level_name(const char *level)
{
	if (!strcmp(level, SD_ERR))
		return "error";
	if (!strcmp(level, SD_WARNING))
		return "warning";
	if (!strcmp(level, SD_NOTICE))
		return "notice";
	return "debug";
}

static void events_drop(struct events *e, int i)
{
	close(e->clients[i]);
	e->clients[i] = e->clients[--e->n_clients];
}

static void events_tap(const char *level, const char *line, void *arg)
{
	struct events *e = arg;
	struct timespec now;
	const char *rec;
	json_object *o;

	pthread_mutex_lock(&e->lock);
	if (!e->n_clients) {
		pthread_mutex_unlock(&e->lock);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	o = json_object_new_object();
	json_object_object_add(o, "time", json_object_new_double(now.tv_sec + now.tv_nsec / 1e9));
	json_object_object_add(o, "level", json_object_new_string(level_name(level)));
	json_object_object_add(o, "message", json_object_new_string(line));
	rec = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							JSON_C_TO_STRING_NOSLASHESCAPE);
	for (int i = e->n_clients - 1; i >= 0; i--)
		if (send(e->clients[i], rec, strlen(rec), MSG_DONTWAIT | MSG_NOSIGNAL) < 0 &&
		    errno != EAGAIN)
			events_drop(e, i);
	pthread_mutex_unlock(&e->lock);
	json_object_put(o);
}

int events_listen(struct events *e, const char *pin_dir)
{
	struct sockaddr_un sa;
	socklen_t len = events_addr(pin_dir, &sa);
	int err;

	e->n_clients = 0;
	e->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (e->fd < 0)
		return xbr_fail(-errno, "cannot open the event stream: %s", strerror(errno));
	if (bind(e->fd, (struct sockaddr *)&sa, len) || listen(e->fd, 8)) {
		err = -errno;
		close(e->fd);
		e->fd = -1;
		return xbr_fail(
			err, "cannot open the event stream for xbr monitor: %s%s", strerror(-err),
			err == -EADDRINUSE ? " (another daemon of this pin dir holds it)" : "");
	}
	xbr_log_tap(events_tap, e);
	return 0;
}

void events_accept(struct events *e)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int fd = accept4(e->fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return;
	/* What the daemon does is root's business, as the pins are (0600). */
	pthread_mutex_lock(&e->lock);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) || cred.uid != 0 ||
	    e->n_clients == EVENTS_CLIENTS) {
		pthread_mutex_unlock(&e->lock);
		close(fd);
		return;
	}
	e->clients[e->n_clients++] = fd;
	/* Tells the monitor it is heard from here on. */
	send(fd, EVENTS_HELLO, strlen(EVENTS_HELLO), MSG_DONTWAIT | MSG_NOSIGNAL);
	pthread_mutex_unlock(&e->lock);
}

void events_close(struct events *e)
{
	xbr_log_tap(NULL, NULL);
	pthread_mutex_lock(&e->lock);
	while (e->n_clients)
		events_drop(e, 0);
	pthread_mutex_unlock(&e->lock);
	if (e->fd >= 0)
		close(e->fd);
	e->fd = -1;
}

int events_connect(const char *pin_dir, pid_t daemon_pid)
{
	struct sockaddr_un sa;
	socklen_t len = events_addr(pin_dir, &sa);
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0), err;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char rec[64] = "";

	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, len)) {
		err = -errno;
		close(fd);
		return err;
	}
	/* Only the daemon the maps name: no other process may pose as it. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) || cred.pid != daemon_pid ||
	    cred.uid != 0) {
		close(fd);
		return -EPERM;
	}
	/* Accepted once the hello arrives: nothing the daemon logs after it is missed. */
	if (poll(&pfd, 1, EVENTS_HELLO_MS) != 1 || recv(fd, rec, sizeof(rec) - 1, 0) <= 0 ||
	    strncmp(rec, EVENTS_HELLO, strlen(EVENTS_HELLO))) {
		close(fd);
		return -ETIMEDOUT;
	}
	return fd;
}
