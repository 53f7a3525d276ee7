// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Failover latency: from SIGKILL of the routing daemon to (a) rpd_liveness
 * saying "down" and (b) the first packet the real XDP program forwards to the
 * backup router.
 *
 *   failover PIN_DIR RPD_BINARY PIDFILE IFACE DST_IPV4 RUNS [reload|resync]
 *
 * With reload or resync, every kill falls while the daemon is re-reading its
 * tables (a SIGHUP reload, or the resync SIGUSR2 starts, which is the one
 * lost route events start too): before each kill the run sends the signal
 * unless the daemon's state already says XBR_DAEMON_TABLES_BUSY, and a run
 * counts only if it still says so once the packet was forwarded. The names
 * of the figures then end in _during_reload / _during_resync.
 *
 * Runs in the namespace where `xbr run --rpd-pidfile PIDFILE --up-delay 0`
 * is following the stand-in RPD_BINARY. Each run starts the stand-in, waits
 * for the daemon to declare it up, kills it, and spins: reading the map and
 * running the pinned program (BPF_PROG_TEST_RUN) on a packet to DST_IPV4
 * addressed to IFACE, until the verdict is XDP_REDIRECT or XDP_TX. It also
 * holds its own pidfd of the victim: when that turns readable is the kernel's
 * part, the floor for any watcher; from there to rpd_liveness "down" is the
 * daemon's own part (pidfd_to_liveness_down, run by run). Prints one JSON
 * object with p50/p99/max in microseconds.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <poll.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf.h>
#include "maps/xbr_maps.h"
#include "bench/csum.h"

struct frame {
	struct ethhdr eth;
	struct iphdr ip;
	unsigned char payload[26];
} __attribute__((packed));

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static __u32 rpd_state(int fd)
{
	struct xbr_liveness l = {};
	__u32 zero = 0;

	bpf_map_lookup_elem(fd, &zero, &l);
	return l.rpd_state;
}

static pid_t rpd_start(const char *binary, const char *pidfile)
{
	char tmp[4096];
	pid_t pid = fork();
	FILE *f;

	if (pid == 0) {
		execl(binary, "rpd", "100000", (char *)NULL);
		_exit(127);
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", pidfile);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "%d\n", pid);
	fclose(f);
	rename(tmp, pidfile);
	return pid;
}

static int iface_mac(const char *name, unsigned char mac[6])
{
	struct ifreq ifr = {};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), err;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	err = ioctl(fd, SIOCGIFHWADDR, &ifr);
	close(fd);
	if (!err)
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return err;
}

static void report(const char *name, const char *during, double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	printf("  \"%s%s%s\": {\"unit\": \"us\", \"runs\": %d, \"p50\": %.1f, \"p99\": %.1f, "
	       "\"max\": %.1f}",
	       name, during ? "_during_" : "", during ? during : "", n, v[n / 2],
	       v[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1], v[n - 1]);
}

static struct xbr_daemon_state daemon_state(int fd)
{
	struct xbr_daemon_state ds = {};
	__u32 zero = 0;

	bpf_map_lookup_elem(fd, &zero, &ds);
	return ds;
}

/* The daemon is re-reading its tables, or has been told to and has started. */
static int tables_busy(int fd, int sig)
{
	struct xbr_daemon_state ds = daemon_state(fd);
	double deadline = now_us() + 30e6;

	if (ds.flags & XBR_DAEMON_TABLES_BUSY)
		return 0;
	if (!ds.pid || kill(ds.pid, sig))
		return -1;
	while (!(daemon_state(fd).flags & XBR_DAEMON_TABLES_BUSY)) {
		if (now_us() > deadline)
			return -1;
		usleep(100);
	}
	return 0;
}

int main(int argc, char **argv)
{
	char path[4096];
	struct frame pkt = {}, out;
	struct xdp_md ctx = {};
	double *flip, *fwd, *exited, *reacted;
	int live_fd, state_fd, prog_fd, runs, ifindex, sig = 0, discarded = 0;
	const char *during = argc == 8 ? argv[7] : NULL;

	if ((argc != 7 && argc != 8) ||
	    (during && strcmp(during, "reload") && strcmp(during, "resync"))) {
		fprintf(stderr,
			"usage: %s PIN_DIR RPD_BINARY PIDFILE IFACE DST_IPV4 RUNS "
			"[reload|resync]\n",
			argv[0]);
		return 2;
	}
	if (during)
		sig = !strcmp(during, "reload") ? SIGHUP : SIGUSR2;
	runs = atoi(argv[6]);
	snprintf(path, sizeof(path), "%s/%s", argv[1], "rpd_liveness");
	live_fd = bpf_obj_get(path);
	snprintf(path, sizeof(path), "%s/%s", argv[1], "daemon_state");
	state_fd = bpf_obj_get(path);
	snprintf(path, sizeof(path), "%s/%s", argv[1], XBR_PIN_PROG);
	prog_fd = bpf_obj_get(path);
	ifindex = if_nametoindex(argv[4]);
	if (live_fd < 0 || state_fd < 0 || prog_fd < 0 || !ifindex || runs < 1 ||
	    iface_mac(argv[4], pkt.eth.h_dest)) {
		fprintf(stderr, "failover: cannot open the pins in %s or interface %s: %s\n",
			argv[1], argv[4], strerror(errno));
		return 1;
	}
	pkt.eth.h_proto = htons(ETH_P_IP);
	pkt.eth.h_source[0] = 0x02;
	pkt.ip.version = 4;
	pkt.ip.ihl = 5;
	pkt.ip.ttl = 64;
	pkt.ip.protocol = IPPROTO_UDP;
	pkt.ip.tot_len = htons(sizeof(pkt) - sizeof(pkt.eth));
	pkt.ip.saddr = inet_addr("198.51.100.2");
	pkt.ip.daddr = inet_addr(argv[5]);
	pkt.ip.check = ipv4_csum(&pkt.ip, sizeof(pkt.ip));
	ctx.ingress_ifindex = ifindex;
	ctx.data_end = sizeof(pkt); /* the kernel wants the frame length here */
	flip = calloc(runs, sizeof(*flip));
	fwd = calloc(runs, sizeof(*fwd));
	exited = calloc(runs, sizeof(*exited));
	reacted = calloc(runs, sizeof(*reacted));

	for (int r = 0; r < runs; r++) {
		pid_t pid = rpd_start(argv[2], argv[3]);
		double t0, deadline = now_us() + 5e6;
		bool flipped = false;
		/* our own pidfd: when the kernel reports the exit, the floor for the daemon */
		struct pollfd pfd = { .fd = syscall(SYS_pidfd_open, pid, 0), .events = POLLIN };

		while (rpd_state(live_fd) != XBR_RPD_UP) {
			if (now_us() > deadline) {
				fprintf(stderr, "failover: the daemon never declared rpd up\n");
				return 1;
			}
			usleep(200);
		}
		usleep(2000);
		if (sig && tables_busy(state_fd, sig)) {
			fprintf(stderr, "failover: the daemon never started a %s\n", during);
			return 1;
		}
		t0 = now_us();
		kill(pid, SIGKILL);
		for (;;) {
			LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = &pkt,
				    .data_size_in = sizeof(pkt), .data_out = &out,
				    .data_size_out = sizeof(out), .ctx_in = &ctx,
				    .ctx_size_in = sizeof(ctx), .repeat = 1);
			double t;

			if (!exited[r] && poll(&pfd, 1, 0) == 1)
				exited[r] = now_us() - t0;
			if (!flipped && rpd_state(live_fd) == XBR_RPD_DOWN) {
				flip[r] = now_us() - t0;
				flipped = true;
			}
			if (bpf_prog_test_run_opts(prog_fd, &opts)) {
				fprintf(stderr, "failover: test run: %s\n", strerror(errno));
				return 1;
			}
			t = now_us() - t0;
			if (opts.retval == XDP_REDIRECT || opts.retval == XDP_TX) {
				fwd[r] = t;
				if (!flipped)
					flip[r] = t; /* the map flipped between our two reads */
				break;
			}
			if (t > 5e6) {
				fprintf(stderr, "failover: nothing forwarded 5 s after the kill\n");
				return 1;
			}
			/* Spin politely: the dying process and the daemon need a CPU too. */
			sched_yield();
		}
		if (!exited[r])
			exited[r] = fwd[r];
		/* Both seen by this loop: at worst one turn of it apart, either way. */
		reacted[r] = flip[r] > exited[r] ? flip[r] - exited[r] : 0;
		close(pfd.fd);
		waitpid(pid, NULL, 0);
		/* The job ended before the packet went: not a run during one. */
		if (sig && !(daemon_state(state_fd).flags & XBR_DAEMON_TABLES_BUSY)) {
			exited[r] = flip[r] = fwd[r] = 0;
			discarded++;
			r--;
		}
	}
	if (discarded)
		fprintf(stderr, "failover: %d runs left out: the %s ended before the packet\n",
			discarded, during);
	printf("{\n");
	report("sigkill_to_pidfd_readable", during, exited, runs);
	printf(",\n");
	report("sigkill_to_liveness_down", during, flip, runs);
	printf(",\n");
	report("sigkill_to_first_forwarded", during, fwd, runs);
	printf(",\n");
	report("pidfd_to_liveness_down", during, reacted, runs);
	printf("\n}\n");
	return 0;
}
