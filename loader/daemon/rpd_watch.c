// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <ctype.h>
#include <sched.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include "xbr.h"
#include "daemon/rpd_watch.h"
#include "kernel/proc.h"

/* Without process events, how often to look for a new routing daemon. */
#define RPD_SCAN_MS 500

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static int pidfd_open(pid_t pid)
{
	return syscall(SYS_pidfd_open, pid, 0);
}

/*
 * State and age from /proc/PID/stat. A zombie is not a running daemon. The
 * comm field may hold spaces and parentheses: parse from the last ')'.
 */
static bool rpd_alive(pid_t pid, double *age_s)
{
	char path[64], buf[1024], *p;
	unsigned long long start;
	struct timespec now;
	char state;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* state is field 3, starttime field 22 (clock ticks since boot) */
	if (!p || sscanf(p + 2,
			 "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d "
			 "%*d %*d %*d %llu",
			 &state, &start) != 2)
		return false;
	if (state == 'Z' || state == 'X')
		return false;
	clock_gettime(CLOCK_BOOTTIME, &now);
	*age_s = now.tv_sec + now.tv_nsec / 1e9 - (double)start / sysconf(_SC_CLK_TCK);
	if (*age_s < 0)
		*age_s = 0;
	return true;
}

static pid_t rpd_from_pidfile(const struct rpd_watch *w)
{
	char buf[32] = "";
	long pid;
	FILE *f = fopen(w->pidfile, "re");

	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	pid = strtol(buf, NULL, 10);
	if (pid <= 1 || pid > INT_MAX)
		return 0;
	if (w->process && !proc_comm_is(pid, w->process))
		return 0; /* a stale pidfile whose pid now belongs to another program */
	return pid;
}

static pid_t rpd_from_name(const struct rpd_watch *w)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;
	double age;

	while (d && (e = readdir(d))) {
		pid_t pid;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid = atoi(e->d_name);
		if (pid != getpid() && proc_comm_is(pid, w->process) && rpd_alive(pid, &age) &&
		    (!found || pid < found))
			found = pid;
	}
	if (d)
		closedir(d);
	return found;
}

/* Tell the kernel's proc connector we want to hear about exec()s. */
static int rpd_connector_open(void)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC };
	struct {
		struct nlmsghdr nlh;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} __attribute__((packed)) msg = {};
	int fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_CONNECTOR);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		goto fail;
	msg.nlh.nlmsg_len = sizeof(msg);
	msg.nlh.nlmsg_type = NLMSG_DONE;
	msg.cn.id.idx = CN_IDX_PROC;
	msg.cn.id.val = CN_VAL_PROC;
	msg.cn.len = sizeof(msg.op);
	msg.op = PROC_CN_MCAST_LISTEN;
	if (send(fd, &msg, sizeof(msg), 0) < 0)
		goto fail;
	return fd;
fail:
	close(fd);
	return -errno;
}

static int rpd_inotify_open(const char *pidfile)
{
	char dir[PATH_MAX];
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (fd < 0)
		return -errno;
	snprintf(dir, sizeof(dir), "%s", pidfile);
	if (inotify_add_watch(fd, dirname(dir),
			      IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE) < 0) {
		int err = xbr_fail(-errno, "cannot watch the directory of %s: %s", pidfile,
				   strerror(errno));

		close(fd);
		return err;
	}
	return fd;
}

/*
 * The proc connector answers only in the initial network namespace. When we
 * run in another (a management VRF, a lab), open the socket there: it stays
 * bound to that namespace after we return to ours.
 */
static int rpd_connector_open_init_ns(void)
{
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	int init = open("/proc/1/ns/net", O_RDONLY | O_CLOEXEC);
	int fd = -EOPNOTSUPP;

	if (self >= 0 && init >= 0 && setns(init, CLONE_NEWNET) == 0) {
		fd = rpd_connector_open();
		if (setns(self, CLONE_NEWNET) < 0) {
			/* Stranded in the wrong namespace: nothing after this would be right. */
			xbr_err("cannot return to our network namespace: %s", strerror(errno));
			abort();
		}
	}
	if (self >= 0)
		close(self);
	if (init >= 0)
		close(init);
	return fd;
}

static int rpd_scan_timer_open(void)
{
	struct itimerspec its = {
		.it_value = { 0, RPD_SCAN_MS * 1000000L },
		.it_interval = { 0, RPD_SCAN_MS * 1000000L },
	};
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);

	if (fd < 0 || timerfd_settime(fd, 0, &its, NULL) < 0)
		return -errno;
	return fd;
}

int rpd_watch_init(struct rpd_watch *w, const char *pidfile, const char *process)
{
	memset(w, 0, sizeof(*w));
	w->pidfile = pidfile;
	w->process = process;
	w->pidfd = -1;
	w->event_fd = pidfile ? rpd_inotify_open(pidfile) : rpd_connector_open();
	if (!pidfile && w->event_fd == -ECONNREFUSED)
		w->event_fd = rpd_connector_open_init_ns();
	if (!pidfile && w->event_fd < 0) {
		xbr_warn("no process events here (proc connector: %s, it answers only in the "
			 "initial network namespace); looking for a new %s every %d ms instead — "
			 "--rpd-pidfile needs no scanning",
			 strerror(-w->event_fd), process, RPD_SCAN_MS);
		w->event_fd = rpd_scan_timer_open();
		w->scanning = true;
	}
	return w->event_fd < 0 ? w->event_fd : 0;
}

int rpd_watch_find(struct rpd_watch *w)
{
	pid_t pid = w->pidfile ? rpd_from_pidfile(w) : rpd_from_name(w);
	double age;
	int fd;

	if (!pid)
		return 0;
	/* Open the pidfd first, then check liveness: a pid recycled in between is caught. */
	fd = pidfd_open(pid);
	if (fd < 0)
		return 0;
	if (!rpd_alive(pid, &age)) {
		close(fd);
		return 0;
	}
	w->pid = pid;
	w->pidfd = fd;
	w->age_s = age;
	return 1;
}

bool rpd_watch_event(struct rpd_watch *w)
{
	char buf[4096] __attribute__((aligned(8)));
	bool relevant = false;
	ssize_t n;

	while ((n = read(w->event_fd, buf, sizeof(buf))) > 0) {
		if (w->pidfile || w->scanning) {
			relevant = true; /* any change to the pidfile's directory: re-read it */
			continue;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			struct cn_msg *cn = NLMSG_DATA(h);
			struct proc_event *ev = (struct proc_event *)cn->data;

			if (ev->what == PROC_EVENT_EXEC &&
			    proc_comm_is(ev->event_data.exec.process_pid, w->process))
				relevant = true;
			if (ev->what == PROC_EVENT_COMM &&
			    proc_comm_is(ev->event_data.comm.process_pid, w->process))
				relevant = true;
		}
	}
	return relevant;
}

void rpd_watch_lost(struct rpd_watch *w)
{
	if (w->pidfd >= 0)
		close(w->pidfd);
	w->pidfd = -1;
	w->pid = 0;
}

void rpd_watch_close(struct rpd_watch *w)
{
	rpd_watch_lost(w);
	if (w->event_fd >= 0)
		close(w->event_fd);
	w->event_fd = -1;
}
