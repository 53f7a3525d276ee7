// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The daemon's long table work on a thread of its own (daemon/job.h). */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include "xbr.h"
#include "daemon/job.h"

int job_init(struct job *j)
{
	memset(j, 0, sizeof(*j));
	j->done_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (j->done_fd < 0)
		return xbr_fail(-errno, "cannot set up the event loop: %s", strerror(errno));
	return 0;
}

static void *job_thread(void *arg)
{
	struct job *j = arg;
	uint64_t one = 1;

	j->err = j->fn(j->data);
	/* The loop joins the thread when it reads this. */
	if (write(j->done_fd, &one, sizeof(one)) < 0)
		xbr_err("cannot signal the end of a table job: %s", strerror(errno));
	return NULL;
}

int job_start(struct job *j, int (*fn)(void *data), void *data)
{
	int err;

	if (j->running)
		return -EBUSY;
	j->fn = fn;
	j->data = data;
	j->err = 0;
	/* Signals stay blocked in the thread too (it inherits the mask): signalfd has them. */
	err = pthread_create(&j->thread, NULL, job_thread, j);
	if (err)
		return xbr_fail(-err, "cannot start a table job: %s", strerror(err));
	j->running = true;
	return 0;
}

int job_finish(struct job *j)
{
	uint64_t n;

	if (!j->running || read(j->done_fd, &n, sizeof(n)) != sizeof(n))
		return -EAGAIN;
	pthread_join(j->thread, NULL);
	j->running = false;
	return 0;
}

void job_close(struct job *j)
{
	if (j->running) {
		pthread_join(j->thread, NULL);
		j->running = false;
	}
	if (j->done_fd >= 0)
		close(j->done_fd);
	j->done_fd = -1;
}
