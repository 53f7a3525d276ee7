/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The daemon's long table work, beside its event loop: a SIGHUP reload or a
 * resync reads and writes a million routes for seconds, and the loop must go
 * on answering a routing daemon's death within a millisecond meanwhile. One
 * job at a time runs on a thread of its own; its end is an event on the
 * loop's epoll (done_fd). While it runs the job owns the mirror (struct
 * track): the loop leaves the rtnetlink socket and the retry timer alone,
 * and their events wait for it.
 */
#ifndef XBR_JOB_H
#define XBR_JOB_H

#include <pthread.h>
#include <stdbool.h>

struct job {
	pthread_t thread;
	int done_fd; /* eventfd, for epoll: readable when the job has returned */
	bool running;
	int (*fn)(void *data);
	void *data;
	int err; /* what fn returned */
};

int job_init(struct job *j);

/* Run fn(data) on the job's thread; -EBUSY while another job runs. */
int job_start(struct job *j, int (*fn)(void *data), void *data);

/* done_fd was readable: collect the job (what fn returned is in err); -EAGAIN if it has not ended.
 */
int job_finish(struct job *j);

/* Wait for a running job, then close. */
void job_close(struct job *j);

#endif /* XBR_JOB_H */
