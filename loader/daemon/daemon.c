// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The daemon of `xbr run` (cmd/run.c attaches or adopts first): follow the
 * routing daemon and keep rpd_liveness true, until SIGTERM/SIGINT. Its log is
 * stderr (the journal under systemd): one line per event, one per failure.
 *
 * Everything is an event on one epoll: the rpd's pidfd (its death), inotify
 * or the proc connector (a new rpd), signals, and timers for --up-delay, the
 * heartbeat and the systemd watchdog. An idle daemon sleeps in epoll_wait().
 * Work that takes seconds at a million routes (a SIGHUP reload, a resync)
 * runs beside the loop (daemon/job.h), so that a routing daemon's death is
 * acted on at once even then.
 */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <bpf/bpf.h>
#include <systemd/sd-daemon.h>
#include "xbr.h"
#include "kernel/caps.h"
#include "daemon/daemon.h"
#include "daemon/events.h"
#include "daemon/metrics_http.h"
#include "state/apply.h"
#include "kernel/gateway.h"
#include "state/liveness.h"
#include "state/settings.h"
#include "state/pins.h"
#include "kernel/kroutes.h"
#include "daemon/job.h"
#include "daemon/rpd_watch.h"
#include "daemon/track.h"
#include "state/upgrade.h"

struct daemon {
	struct xbr_opts *o;
	struct xbr_pins pins;
	struct rpd_watch rpd;
	struct track *track; /* routes, addresses, neighbours, links */
	struct job job;	     /* a reload or resync, beside the loop */
	bool reload_due;     /* SIGHUP while a job ran */
	bool resync_due;     /* SIGUSR2 or lost events while a job ran */
	struct xbr_daemon_state ds;
	int epfd;
	int sigfd;
	int up_timer;	     /* --up-delay after a new rpd appears */
	int heartbeat_timer; /* refreshes the heartbeat while rpd is up */
	int watchdog_timer;  /* systemd WatchdogSec */
	__u32 rpd_state;     /* what we last wrote */
	bool stop;
	bool in_effect;		      /* backup destinations, when last looked */
	int metrics_fd;		      /* --metrics-listen's socket, until served */
	struct metrics_http *metrics; /* /metrics, in threads of its own */
	struct events events;	      /* the stream `xbr monitor` reads */
	bool restart; /* SIGQUIT: a successor adopts what we leave (docs/design.md §13) */
};

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void timer_arm(int fd, __u64 first_ns, __u64 interval_ns)
{
	struct itimerspec its = {
		.it_value = { first_ns / 1000000000ULL, first_ns % 1000000000ULL },
		.it_interval = { interval_ns / 1000000000ULL, interval_ns % 1000000000ULL },
	};

	/* it_value 0 would disarm: a zero delay fires after 1 ns instead */
	if (!first_ns)
		its.it_value.tv_nsec = 1;
	timerfd_settime(fd, 0, &its, NULL);
}

static void timer_disarm(int fd)
{
	struct itimerspec its = {};

	timerfd_settime(fd, 0, &its, NULL);
}

static void daemon_state_write(struct daemon *d)
{
	__u32 zero = 0;

	bpf_map_update_elem(pins_fd(&d->pins, daemon_state), &zero, &d->ds, BPF_ANY);
}

/*
 * Read-modify-write of rpd_liveness under its own lock: `xbr rpd` and `xbr
 * role` write the same entry, and a reload holding the pin dir's lock must
 * not hold this up.
 */
static int daemon_liveness(struct daemon *d, __u32 rpd_state, bool heartbeat_only)
{
	struct xbr_liveness l;
	__u32 zero = 0;
	int err = 0;

	pins_liveness_lock(&d->pins);
	err = liveness_read(pins_fd(&d->pins, rpd_liveness), &l);
	if (!err) {
		if (!heartbeat_only)
			l.rpd_state = rpd_state;
		l.heartbeat_ns = now_ns();
		l.heartbeat_timeout_ns = d->o->heartbeat_ns;
		if (bpf_map_update_elem(pins_fd(&d->pins, rpd_liveness), &zero, &l, BPF_EXIST))
			err = -errno;
	}
	pins_liveness_unlock(&d->pins);
	if (err)
		xbr_err("cannot write rpd_liveness: %s", strerror(-err));
	return err;
}

static void daemon_status(struct daemon *d)
{
	char buf[160];

	if (d->rpd_state == XBR_RPD_UP)
		snprintf(buf, sizeof(buf), "STATUS=rpd up (pid %d): backup destinations withdrawn",
			 d->rpd.pid);
	else if (d->ds.flags & XBR_DAEMON_RPD_PENDING)
		snprintf(buf, sizeof(buf),
			 "STATUS=rpd started (pid %d), up after %u ms: backup destinations in "
			 "effect",
			 d->rpd.pid, d->o->up_delay_ms);
	else
		snprintf(buf, sizeof(buf), "STATUS=rpd down: backup destinations in effect");
	sd_notify(0, buf);
}

/* The settings map's kernel-routes flag, under the pin dir lock (reload writes the map too). */
static void daemon_kernel_routes(struct daemon *d, bool on)
{
	int err;

	pins_relock(&d->pins);
	err = settings_kernel_routes(&d->pins, on);
	pins_unlock(&d->pins);
	if (err)
		xbr_err("cannot write the settings map: %s", strerror(-err));
}

/* --install-routes: kernel routes follow whether backup destinations are in effect. */
static void daemon_routes(struct daemon *d, bool force_off)
{
	struct xbr_liveness l;
	bool in_effect;
	int n;

	if (!d->o->install_routes || liveness_read(pins_fd(&d->pins, rpd_liveness), &l))
		return;
	in_effect = !force_off && liveness_in_effect(&l);
	/*
	 * The datapath leaves to the kernel what needs its routes (TTL, MTU,
	 * options) only while they are there: the flag goes off before they
	 * go, on once they are in.
	 */
	if (!in_effect)
		daemon_kernel_routes(d, false);
	n = kroutes_sync(&d->pins, d->o->table, in_effect);
	if (n >= 0 && in_effect)
		daemon_kernel_routes(d, true);
	if (n < 0) {
		xbr_err("kernel routes (proto %d, table %u) not in sync: %s", XBR_RTPROT,
			d->o->table, xbr_why(n));
		xbr_fail_clear();
		return;
	}
	if (in_effect && !(d->ds.flags & XBR_DAEMON_ROUTES_IN))
		xbr_notice("installed %d kernel routes (proto %d, table %u)", n, XBR_RTPROT,
			   d->o->table);
	else if (!in_effect && (d->ds.flags & XBR_DAEMON_ROUTES_IN))
		xbr_notice("withdrew the kernel routes (proto %d, table %u)", XBR_RTPROT,
			   d->o->table);
	if (in_effect)
		d->ds.flags |= XBR_DAEMON_ROUTES_IN;
	else
		d->ds.flags &= ~XBR_DAEMON_ROUTES_IN;
	daemon_state_write(d);
}

/* Backup destinations coming into effect, whatever the cause: a failover, for the metrics. */
static void daemon_failover_check(struct daemon *d)
{
	struct xbr_liveness l;
	struct timespec now;
	bool in_effect;

	if (liveness_read(pins_fd(&d->pins, rpd_liveness), &l))
		return;
	in_effect = liveness_in_effect(&l);
	if (in_effect && !d->in_effect) {
		clock_gettime(CLOCK_REALTIME, &now);
		d->ds.failovers++;
		d->ds.failover_unix_ns = (__u64)now.tv_sec * 1000000000ULL + now.tv_nsec;
		daemon_state_write(d);
	}
	d->in_effect = in_effect;
}

/*
 * Failovers counted by an earlier daemon of this instance (adopted) go on
 * counting; only a change from what the maps say now is a failover.
 */
static void daemon_failovers_carry(struct daemon *d)
{
	struct xbr_daemon_state old;
	struct xbr_liveness l;
	__u32 zero = 0;

	if (!bpf_map_lookup_elem(pins_fd(&d->pins, daemon_state), &zero, &old)) {
		d->ds.failovers = old.failovers;
		d->ds.failover_unix_ns = old.failover_unix_ns;
	}
	d->in_effect = liveness_read(pins_fd(&d->pins, rpd_liveness), &l) || liveness_in_effect(&l);
}

static void daemon_set_rpd(struct daemon *d, __u32 state)
{
	if (state != d->rpd_state) {
		d->ds.transitions++;
		d->ds.since_ns = now_ns();
	}
	d->rpd_state = state;
	daemon_liveness(d, state, false);
	daemon_failover_check(d);
	d->ds.rpd_pid = d->rpd.pid;
	daemon_state_write(d);
	if (state == XBR_RPD_UP && d->o->heartbeat_ns)
		timer_arm(d->heartbeat_timer, d->o->heartbeat_ns / 3, d->o->heartbeat_ns / 3);
	else
		timer_disarm(d->heartbeat_timer);
	daemon_routes(d, false);
	daemon_status(d);
}

/* A routing daemon was found: up now, or after what is left of --up-delay. */
static void daemon_rpd_found(struct daemon *d)
{
	__u64 delay = (__u64)d->o->up_delay_ms * 1000000ULL;
	__u64 age = (__u64)(d->rpd.age_s * 1e9);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = d->rpd.pidfd };

	epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->rpd.pidfd, &ev);
	if (age >= delay) {
		d->ds.flags &= ~XBR_DAEMON_RPD_PENDING;
		xbr_notice("rpd (pid %d) is running: backup destinations withdrawn", d->rpd.pid);
		daemon_set_rpd(d, XBR_RPD_UP);
		return;
	}
	d->ds.flags |= XBR_DAEMON_RPD_PENDING;
	xbr_notice("rpd (pid %d) started: declared up in %llu ms if it stays", d->rpd.pid,
		   (unsigned long long)(delay - age) / 1000000ULL);
	daemon_set_rpd(d, XBR_RPD_DOWN);
	timer_arm(d->up_timer, delay - age, 0);
}

static void daemon_rpd_lost(struct daemon *d)
{
	pid_t pid = d->rpd.pid;

	epoll_ctl(d->epfd, EPOLL_CTL_DEL, d->rpd.pidfd, NULL);
	rpd_watch_lost(&d->rpd);
	timer_disarm(d->up_timer);
	d->ds.flags &= ~XBR_DAEMON_RPD_PENDING;
	daemon_set_rpd(d, XBR_RPD_DOWN);
	xbr_notice("rpd (pid %d) exited: backup destinations in effect", pid);
	/* A replacement may already be running (a fast restart). */
	if (rpd_watch_find(&d->rpd) == 1)
		daemon_rpd_found(d);
}

/* ---- table jobs ---------------------------------------------------------------- */

/* SIGHUP: the configuration again, and the kernel's routes inside its destinations. */
static int daemon_reload_job(void *data)
{
	struct daemon *d = data;
	/* no waiting for ARP/ND here: neighbour events bring the answer */
	int err = apply_reload(d->o, 0, &d->track->m);

	if (err) {
		xbr_err("SIGHUP: %s; the previous configuration stays in force", xbr_why(err));
		xbr_fail_clear();
	}
	track_resolve(d->track);
	return err;
}

/* SIGUSR2 (`xbr reload` changed the destinations) or events the kernel dropped. */
static int daemon_resync_job(void *data)
{
	struct daemon *d = data;
	int err = track_resync(d->track);

	if (err)
		xbr_report(err, "cannot read the kernel's tables again");
	return err;
}

/* While a job owns the mirror, its events wait in the socket. */
static void daemon_track_fds(struct daemon *d, bool on)
{
	int fds[] = { d->track->fd, d->track->retry_timer };

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.fd = fds[i] };

		epoll_ctl(d->epfd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, fds[i], &ev);
	}
}

/* Start what is due, unless a job runs (its end starts the next). */
static void daemon_job_next(struct daemon *d)
{
	int (*fn)(void *) = d->reload_due ? daemon_reload_job : daemon_resync_job;
	bool reload = d->reload_due;
	int err;

	if (d->job.running || (!d->reload_due && !d->resync_due))
		return;
	if (reload) {
		d->reload_due = false;
		sd_notify(0, "RELOADING=1");
	} else {
		d->resync_due = false;
	}
	daemon_track_fds(d, false);
	err = job_start(&d->job, fn, d);
	if (err) {
		/* then here, holding up the loop, rather than not at all */
		xbr_report(err, "cannot work beside the event loop");
		fn(d);
		daemon_track_fds(d, true);
		if (reload)
			sd_notify(0, "READY=1");
		return;
	}
	d->ds.flags |= XBR_DAEMON_TABLES_BUSY;
	daemon_state_write(d);
}

static void daemon_job_done(struct daemon *d)
{
	bool reload = d->job.fn == daemon_reload_job;

	if (job_finish(&d->job) == -EAGAIN)
		return;
	d->ds.flags &= ~XBR_DAEMON_TABLES_BUSY;
	daemon_state_write(d);
	if (reload)
		sd_notify(0, "READY=1");
	daemon_routes(d, false);
	if (reload)
		daemon_status(d);
	if (d->reload_due || d->resync_due)
		daemon_job_next(d);
	else
		daemon_track_fds(d, true);
}

static void daemon_signal(struct daemon *d)
{
	struct signalfd_siginfo si;

	while (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			d->reload_due = true;
			daemon_job_next(d);
		} else if (si.ssi_signo == SIGUSR1) {
			/* `xbr rpd` / `xbr role` changed liveness */
			daemon_failover_check(d);
			daemon_routes(d, false);
		} else if (si.ssi_signo == SIGUSR2) {
			/* `xbr reload` changed the destinations: follow the new ones */
			d->resync_due = true;
			daemon_job_next(d);
		} else if (si.ssi_signo == SIGQUIT) {
			xbr_notice(
				"signal %u: stopping for a restart; forwarding and kernel routes "
				"stay for the next xbr run to adopt",
				si.ssi_signo);
			d->stop = d->restart = true;
		} else {
			xbr_notice("signal %u: stopping", si.ssi_signo);
			d->stop = true;
		}
	}
}

static void daemon_timer(int fd)
{
	__u64 expirations;

	if (read(fd, &expirations, sizeof(expirations)) < 0)
		return;
}

static void daemon_event(struct daemon *d, int fd)
{
	if (fd == d->sigfd) {
		daemon_signal(d);
	} else if (d->rpd.pidfd >= 0 && fd == d->rpd.pidfd) {
		daemon_rpd_lost(d);
	} else if (fd == d->rpd.event_fd) {
		if (rpd_watch_event(&d->rpd) && d->rpd.pidfd < 0 && rpd_watch_find(&d->rpd) == 1)
			daemon_rpd_found(d);
	} else if (fd == d->up_timer) {
		daemon_timer(fd);
		if (d->rpd.pidfd >= 0 && (d->ds.flags & XBR_DAEMON_RPD_PENDING)) {
			d->ds.flags &= ~XBR_DAEMON_RPD_PENDING;
			xbr_notice("rpd (pid %d) up for %u ms: backup destinations withdrawn",
				   d->rpd.pid, d->o->up_delay_ms);
			daemon_set_rpd(d, XBR_RPD_UP);
		}
	} else if (fd == d->heartbeat_timer) {
		daemon_timer(fd);
		daemon_liveness(d, 0, true);
	} else if (fd == d->track->fd) {
		if (track_events(d->track)) {
			d->resync_due = true;
			daemon_job_next(d);
		}
	} else if (fd == d->track->retry_timer) {
		track_retry(d->track);
	} else if (fd == d->job.done_fd) {
		daemon_job_done(d);
	} else if (fd == d->events.fd) {
		events_accept(&d->events);
	} else if (fd == d->watchdog_timer) {
		daemon_timer(fd);
		sd_notify(0, "WATCHDOG=1");
	}
}

static int daemon_add_fd(struct daemon *d, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	return fd < 0 ? -EBADF : epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* The interfaces named must be the instance's own when adopting it. */
static int daemon_adopt_check(const struct xbr_opts *o, const struct xbr_pins *p)
{
	for (int a = 0; a < o->n_args; a++) {
		__u32 ifindex = if_nametoindex(o->args[a]);
		struct xbr_iface v;

		if (!ifindex || bpf_map_lookup_elem(pins_fd(p, ifaces), &ifindex, &v) || !v.prog_id)
			return xbr_fail(-EINVAL,
					"the instance in %s is not attached to %s; 'xbr detach' it "
					"first, or use another --pin-dir",
					o->pin_dir, o->args[a]);
	}
	return 0;
}

int daemon_adopt(const struct xbr_opts *o, struct mirror *m)
{
	struct xbr_pins pins;
	int err;

	pins_init(&pins, o->pin_dir);
	/* An older build's instance is taken over in place first (state/upgrade.h). */
	err = upgrade_instance(o->pin_dir, o->args, o->n_args);
	if (err >= 0)
		err = pins_open(&pins, o->pin_dir, false);
	if (!err)
		err = daemon_adopt_check(o, &pins);
	pins_close(&pins);
	if (!err)
		err = apply_reload(o, GATEWAY_RESOLVE_MS, m);
	return err;
}

static int daemon_setup(struct daemon *d)
{
	sigset_t mask;
	uint64_t watchdog_us = 0;
	int err;

	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGUSR2);
	sigaddset(&mask, SIGQUIT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	d->sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	d->up_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	d->heartbeat_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	d->watchdog_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (d->epfd < 0 || d->sigfd < 0 || d->up_timer < 0 || d->heartbeat_timer < 0 ||
	    d->watchdog_timer < 0)
		return xbr_fail(-errno, "cannot set up the event loop: %s", strerror(errno));
	err = rpd_watch_init(&d->rpd, d->o->rpd_pidfile, d->o->rpd_process);
	if (err)
		return err;
	err = job_init(&d->job);
	if (err)
		return err;
	track_start(d->track, &d->pins);
	err = daemon_add_fd(d, d->sigfd) || daemon_add_fd(d, d->up_timer) ||
	      daemon_add_fd(d, d->heartbeat_timer) || daemon_add_fd(d, d->watchdog_timer) ||
	      daemon_add_fd(d, d->rpd.event_fd) || daemon_add_fd(d, d->track->fd) ||
	      daemon_add_fd(d, d->track->retry_timer) || daemon_add_fd(d, d->job.done_fd);
	if (err)
		return xbr_fail(-errno, "cannot set up the event loop: %s", strerror(errno));
	/* Bound now, served once the capabilities are dropped (daemon_serve). */
	if (d->o->metrics_listen) {
		d->metrics_fd = metrics_http_bind(d->o->metrics_listen);
		if (d->metrics_fd < 0)
			return d->metrics_fd;
	}
	if (events_listen(&d->events, d->o->pin_dir) || daemon_add_fd(d, d->events.fd)) {
		xbr_warn("%s; xbr monitor shows what the maps show", xbr_why(-errno));
		xbr_fail_clear();
	}
	if (sd_watchdog_enabled(0, &watchdog_us) > 0 && watchdog_us)
		timer_arm(d->watchdog_timer, watchdog_us * 500, watchdog_us * 500);
	return 0;
}

/* Attached, and everything that needs more than the event loop is set up: drop the rest. */
static int daemon_drop_caps(struct daemon *d)
{
	struct caps_need need = { .read_any_file = d->o->rpd_pidfile != NULL,
				  .bpf_probe_fd = pins_fd(&d->pins, rpd_liveness),
				  .bpf_probe_size = sizeof(struct xbr_liveness) };
	char names[256];

	int err = caps_drop_for_daemon(&need);

	if (err)
		return err;
	if (!caps_effective_names(getpid(), names, sizeof(names)))
		xbr_notice("capabilities kept: %s", names);
	return 0;
}

static void daemon_close(struct daemon *d)
{
	int fds[] = { d->epfd, d->sigfd, d->up_timer, d->heartbeat_timer, d->watchdog_timer };

	job_close(&d->job);
	metrics_http_stop(d->metrics);
	if (d->metrics_fd >= 0)
		close(d->metrics_fd);
	events_close(&d->events);
	rpd_watch_close(&d->rpd);
	track_stop(d->track);
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	pins_close(&d->pins);
}

int daemon_serve(struct xbr_opts *o, struct track *t)
{
	struct daemon d = { .o = o,
			    .epfd = -1,
			    .sigfd = -1,
			    .up_timer = -1,
			    .heartbeat_timer = -1,
			    .watchdog_timer = -1,
			    .track = t,
			    .job = { .done_fd = -1 },
			    .rpd = { .event_fd = -1, .pidfd = -1 },
			    .rpd_state = XBR_RPD_UNKNOWN,
			    .metrics_fd = -1,
			    .events = { .fd = -1, .lock = PTHREAD_MUTEX_INITIALIZER } };
	struct epoll_event evs[8];
	int ret = XBR_EXIT_FAIL, err;

	err = pins_open(&d.pins, o->pin_dir, false);
	if (!err) {
		pins_unlock(&d.pins);
		err = daemon_setup(&d);
	}
	if (!err)
		err = daemon_drop_caps(&d);
	if (!err && d.metrics_fd >= 0) {
		err = metrics_http_start(&d.metrics, d.metrics_fd, &d.pins);
		d.metrics_fd = -1;
		if (!err)
			xbr_notice("metrics at http://%s/metrics", o->metrics_listen);
	}
	if (err) {
		xbr_report(err, "cannot start the daemon");
		goto out;
	}

	d.ds = (struct xbr_daemon_state){ .pid = getpid(),
					  .started_ns = now_ns(),
					  .since_ns = now_ns(),
					  .up_delay_ms = o->up_delay_ms,
					  .flags = o->install_routes ? XBR_DAEMON_ROUTES : 0 };
	daemon_failovers_carry(&d);
	if (rpd_watch_find(&d.rpd) == 1) {
		daemon_rpd_found(&d);
	} else {
		xbr_notice("rpd is not running: backup destinations in effect");
		daemon_set_rpd(&d, XBR_RPD_DOWN);
	}
	sd_notify(0, "READY=1");

	while (!d.stop) {
		int n = epoll_wait(d.epfd, evs, 8, -1);

		if (n < 0 && errno != EINTR) {
			xbr_err("epoll_wait: %s", strerror(errno));
			goto out;
		}
		/* The routing daemon and the timers first, route events after. */
		for (int pass = 0; pass < 2; pass++)
			for (int i = 0; i < n; i++)
				if ((evs[i].data.fd == d.track->fd) == pass)
					daemon_event(&d, evs[i].data.fd);
	}
	ret = XBR_EXIT_OK;
out:
	sd_notify(0, "STOPPING=1");
	job_close(&d.job); /* a reload under way finishes first */
	if (d.restart)
		o->keep = true; /* and the kernel routes stay too: the successor syncs them */
	else if (pins_fd(&d.pins, rpd_liveness) >= 0)
		daemon_routes(&d, true);
	if (pins_fd(&d.pins, daemon_state) >= 0) {
		d.ds.pid = 0;
		daemon_state_write(&d);
	}
	daemon_close(&d);
	return ret;
}
