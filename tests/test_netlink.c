// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * loader/netlink.c against a real kernel, in network namespaces of its own.
 * Needs root. The process unshares its network namespace before anything
 * else and a child holds the peer namespace, killed with us if we die: when
 * the test exits, both namespaces and everything in them are gone.
 *
 *   this namespace                       peer namespace (child)
 *   xv0 02:00:00:00:00:01  ─── veth ───  xv1 02:00:00:00:00:02
 *     192.0.2.1/24                          192.0.2.2/24
 *     2001:db8:1::1/64, fe80::1/64          2001:db8:1::2/64, fe80::2/64
 *   xa0 02:00:00:00:00:0a  ─── veth ───  xa1 02:00:00:00:00:0b (down)
 *     198.51.100.1/24, 192.0.2.129/25       10.9.0.1 peer 10.9.0.2/32
 *     2001:db8:2::1/64                      2001:db8:3::1 peer 2001:db8:3::2/128
 */
#define _GNU_SOURCE /* unshare() */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <sched.h>
#include <cmocka.h>
#include "kernel/netlink.h"
#include "tests/sys.h"

static pid_t peer_pid;

static const unsigned char mac_xv0[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const unsigned char mac_xv1[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const unsigned char mac_xa1[6] = { 0x02, 0, 0, 0, 0, 0x0b };
static const unsigned char mac_static[6] = { 0x02, 0, 0, 0, 0, 0x50 };

/* A setup command that must work: its failure fails the test. */
#define SH(...) assert_int_equal(sys_run(__VA_ARGS__), 0)
#define PEER	"nsenter -t %d -n "

static struct cfg_addr addr(const char *text)
{
	struct cfg_addr a = { 0 };

	a.family = strchr(text, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(a.family, text, &a.v6) != 1)
		fail_msg("bad address in test: %s", text);
	return a;
}

static int ifidx(const char *name)
{
	int i = (int)if_nametoindex(name);

	if (i <= 0)
		fail_msg("no interface %s", name);
	return i;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The peer namespace lives as long as this child; it dies with us. */
static pid_t spawn_peer_netns(void)
{
	int fds[2];
	char c;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		c = unshare(CLONE_NEWNET) == 0 ? 'y' : 'n';
		if (write(fds[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(fds[1]);
	if (pid < 0 || read(fds[0], &c, 1) != 1 || c != 'y') {
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		pid = -1;
	}
	close(fds[0]);
	return pid;
}

static int setup(void **state __attribute__((unused)))
{
	int p;

	peer_pid = spawn_peer_netns();
	if (peer_pid <= 0)
		return -1;
	p = peer_pid;
	if (sys_run("ip link set lo up") ||
	    sys_run("ip link add xv0 address 02:00:00:00:00:01 mtu 1400 type veth "
		    "peer name xv1 address 02:00:00:00:00:02 netns %d",
		    p) ||
	    sys_run("ip link add xa0 address 02:00:00:00:00:0a type veth "
		    "peer name xa1 address 02:00:00:00:00:0b") ||
	    /* Link-local addresses of our choosing, not generated ones. */
	    sys_run("ip link set xv0 addrgenmode none && ip link set xa0 addrgenmode none && "
		    "ip link set xa1 addrgenmode none") ||
	    sys_run(PEER "ip link set xv1 addrgenmode none", p) ||
	    /* Unanswered resolution fails after 3 x 100 ms instead of 3 s. */
	    sys_run("sysctl -qw net.ipv4.neigh.xv0.retrans_time_ms=100 "
		    "net.ipv6.neigh.xv0.retrans_time_ms=100") ||
	    sys_run("ip addr add 192.0.2.1/24 dev xv0 && "
		    "ip addr add 2001:db8:1::1/64 dev xv0 nodad && "
		    "ip addr add fe80::1/64 dev xv0 nodad") ||
	    sys_run("ip addr add 198.51.100.1/24 dev xa0 && ip addr add 192.0.2.129/25 dev xa0 && "
		    "ip addr add 2001:db8:2::1/64 dev xa0 nodad") ||
	    sys_run("ip addr add 10.9.0.1 peer 10.9.0.2/32 dev xa1 && "
		    "ip addr add 2001:db8:3::1 peer 2001:db8:3::2/128 dev xa1 nodad") ||
	    sys_run(PEER "ip link set lo up", p) ||
	    sys_run(PEER "ip addr add 192.0.2.2/24 dev xv1", p) ||
	    sys_run(PEER "ip addr add 2001:db8:1::2/64 dev xv1 nodad", p) ||
	    sys_run(PEER "ip addr add fe80::2/64 dev xv1 nodad", p) ||
	    sys_run("ip link set xv0 up && ip link set xa0 up") ||
	    sys_run(PEER "ip link set xv1 up", p))
		return -1;
	/*
	 * IPv6 on a veth is ready only once the carrier event has gone through
	 * linkwatch, which can take up to a second: until then the ff00::/8
	 * route is missing and neighbour solicitations are dropped
	 * (Ip6InNoRoutes). Wait for it on both ends.
	 */
	if (sys_run("for i in $(seq 300); do "
		    "ip -6 route show table local | grep -q '^multicast ff00::/8 dev xv0 ' && " PEER
		    "ip -6 route show table local | grep -q '^multicast ff00::/8 dev xv1 ' && "
		    "exit 0; sleep 0.01; done; exit 1",
		    p))
		return -1;
	return 0;
}

static int teardown(void **state __attribute__((unused)))
{
	if (peer_pid > 0) {
		kill(peer_pid, SIGKILL);
		waitpid(peer_pid, NULL, 0);
		peer_pid = 0;
	}
	return 0;
}

/* ---- links ---- */

static void test_link_up_and_running(void **state __attribute__((unused)))
{
	struct nl_link l;
	long long end = now_ms() + 3000;

	/* Carrier reaches the operstate through linkwatch, asynchronously. */
	do {
		assert_int_equal(nl_link_get(ifidx("xv0"), &l), 0);
		if (l.running)
			break;
		usleep(10000);
	} while (now_ms() < end);

	assert_int_equal(l.ifindex, ifidx("xv0"));
	assert_string_equal(l.name, "xv0");
	assert_true(l.has_mac);
	assert_memory_equal(l.mac, mac_xv0, 6);
	assert_true(l.up);
	assert_true(l.running);
	assert_int_equal(l.mtu, 1400);
}

static void test_link_down(void **state __attribute__((unused)))
{
	struct nl_link l;

	assert_int_equal(nl_link_get(ifidx("xa1"), &l), 0);
	assert_string_equal(l.name, "xa1");
	assert_true(l.has_mac);
	assert_memory_equal(l.mac, mac_xa1, 6);
	assert_false(l.up);
	assert_false(l.running);
	assert_int_equal(l.mtu, 1500);

	/* Up, but its peer is down: no carrier. */
	assert_int_equal(nl_link_get(ifidx("xa0"), &l), 0);
	assert_true(l.up);
	assert_false(l.running);
}

static void test_link_loopback_has_no_mac(void **state __attribute__((unused)))
{
	struct nl_link l;

	assert_int_equal(nl_link_get(1, &l), 0);
	assert_string_equal(l.name, "lo");
	assert_false(l.has_mac);
	assert_true(l.up);
	assert_int_equal(l.mtu, 65536);
}

static void test_link_missing(void **state __attribute__((unused)))
{
	struct nl_link l;

	assert_int_equal(nl_link_get(999999, &l), -ENODEV);
	assert_string_equal(l.name, "");
	assert_int_equal(nl_link_get(0, &l), -ENODEV);
	assert_int_equal(nl_link_get(-3, &l), -ENODEV);
}

/* ---- connected subnets ---- */

struct conn_case {
	const char *gw;
	const char *only; /* interface name or NULL */
	int ret;
	const char *ifname;  /* expected *ifindex, when ret is 0 or -EADDRINUSE */
	const char *checked; /* expected text, when ret is not 0; NULL: don't care */
};

static const struct conn_case conn_cases[] = {
	/* IPv4 */
	{ "192.0.2.2", NULL, 0, "xv0", NULL },
	{ "198.51.100.77", NULL, 0, "xa0", NULL },
	{ "192.0.2.130", NULL, 0, "xa0", NULL }, /* /25 on xa0 beats /24 on xv0 */
	{ "192.0.2.130", "xv0", 0, "xv0", NULL },
	{ "10.9.0.2", NULL, 0, "xa1", NULL }, /* point-to-point peer */
	{ "192.0.2.2", "xa0", -ENETUNREACH, NULL, "xa0 198.51.100.1/24, xa0 192.0.2.129/25" },
	{ "10.9.0.3", NULL, -ENETUNREACH, NULL,
	  "lo 127.0.0.1/8, xv0 192.0.2.1/24, xa1 10.9.0.1 peer 10.9.0.2/32, "
	  "xa0 198.51.100.1/24, xa0 192.0.2.129/25" },
	{ "203.0.113.1", "missing", -ENODEV, NULL, NULL }, /* no such only_ifindex */
	{ "192.0.2.1", NULL, -EADDRINUSE, "xv0", "xv0 192.0.2.1/24" },
	{ "192.0.2.1", "xa0", -EADDRINUSE, "xv0", "xv0 192.0.2.1/24" },
	{ "10.9.0.1", NULL, -EADDRINUSE, "xa1", "xa1 10.9.0.1 peer 10.9.0.2/32" },
	/* IPv6 */
	{ "2001:db8:1::2", NULL, 0, "xv0", NULL },
	{ "2001:db8:2::ffff", NULL, 0, "xa0", NULL },
	{ "2001:db8:3::2", NULL, 0, "xa1", NULL }, /* point-to-point peer */
	{ "2001:db8:2::9", "xv0", -ENETUNREACH, NULL, "xv0 2001:db8:1::1/64" },
	{ "2001:db8:99::1", NULL, -ENETUNREACH, NULL,
	  "lo ::1/128, xv0 2001:db8:1::1/64, xa1 2001:db8:3::1 peer 2001:db8:3::2/128, "
	  "xa0 2001:db8:2::1/64" },
	{ "2001:db8:1::1", NULL, -EADDRINUSE, "xv0", "xv0 2001:db8:1::1/64" },
	/* IPv6 link-local: needs the interface, and is ours only on its link */
	{ "fe80::2", NULL, -EINVAL, NULL,
	  "a link-local gateway needs its interface named (--mgmt)" },
	{ "fe80::2", "xv0", 0, "xv0", NULL },
	{ "fe80::2", "xa0", -ENETUNREACH, NULL, "xa0 2001:db8:2::1/64" },
	{ "fe80::1", "xv0", -EADDRINUSE, "xv0", "xv0 fe80::1/64" },
	{ "fe80::1", "xa0", -ENETUNREACH, NULL, "xa0 2001:db8:2::1/64" },
	{ "fe80::2", "xa1", -ENETUNREACH, NULL, "xa1 2001:db8:3::1 peer 2001:db8:3::2/128" },
};

static void test_find_connected(void **state __attribute__((unused)))
{
	size_t i;

	for (i = 0; i < sizeof(conn_cases) / sizeof(conn_cases[0]); i++) {
		const struct conn_case *c = &conn_cases[i];
		struct cfg_addr gw = addr(c->gw);
		char checked[512];
		int only = 0, ifindex = -1, ret;

		if (c->only)
			only = strcmp(c->only, "missing") ? ifidx(c->only) : 999999;
		ret = nl_find_connected(&gw, only, &ifindex, checked, sizeof(checked));
		print_message("  %s only=%s -> %d ifindex=%d \"%s\"\n", c->gw,
			      c->only ? c->only : "-", ret, ifindex, checked);
		assert_int_equal(ret, c->ret);
		if (c->ifname)
			assert_int_equal(ifindex, ifidx(c->ifname));
		else
			assert_int_equal(ifindex, -1);
		if (c->checked)
			assert_string_equal(checked, c->checked);
	}
}

static void test_find_connected_checked_truncates(void **state __attribute__((unused)))
{
	struct cfg_addr gw = addr("203.0.113.1");
	char checked[12];
	int ifindex = -1;

	memset(checked, 'x', sizeof(checked));
	assert_int_equal(nl_find_connected(&gw, 0, &ifindex, checked, sizeof(checked)),
			 -ENETUNREACH);
	assert_string_equal(checked, "lo 127.0.0.");
	/* No room at all is fine too. */
	assert_int_equal(nl_find_connected(&gw, 0, &ifindex, NULL, 0), -ENETUNREACH);
}

static void test_find_connected_no_address(void **state __attribute__((unused)))
{
	struct cfg_addr gw = addr("203.0.113.1");
	char checked[64];
	int ifindex = -1;

	/* An interface without addresses (no link-local either: it is down). */
	SH("ip link add xn0 type veth peer name xn1");
	assert_int_equal(nl_find_connected(&gw, ifidx("xn0"), &ifindex, checked, sizeof(checked)),
			 -ENETUNREACH);
	assert_string_equal(checked, "none");
	gw = addr("2001:db8:99::1");
	assert_int_equal(nl_find_connected(&gw, ifidx("xn0"), &ifindex, checked, sizeof(checked)),
			 -ENETUNREACH);
	assert_string_equal(checked, "none");
	SH("ip link del xn0");
	assert_int_equal(ifindex, -1);
}

/* ---- neighbours ---- */

static void test_neigh_static(void **state __attribute__((unused)))
{
	struct cfg_addr a4 = addr("192.0.2.50"), a6 = addr("2001:db8:1::50");
	enum nl_neigh_state st;
	unsigned char mac[6];

	SH("ip neigh replace 192.0.2.50 lladdr 02:00:00:00:00:50 dev xv0 nud permanent");
	SH("ip neigh replace 2001:db8:1::50 lladdr 02:00:00:00:00:50 dev xv0 nud permanent");

	memset(mac, 0, sizeof(mac));
	assert_int_equal(nl_neigh_get(ifidx("xv0"), &a4, mac, &st), 0);
	assert_int_equal(st, NL_NEIGH_VALID);
	assert_memory_equal(mac, mac_static, 6);

	memset(mac, 0, sizeof(mac));
	assert_int_equal(nl_neigh_get(ifidx("xv0"), &a6, mac, &st), 0);
	assert_int_equal(st, NL_NEIGH_VALID);
	assert_memory_equal(mac, mac_static, 6);

	/* Same address on another interface: a different entry, none there. */
	assert_int_equal(nl_neigh_get(ifidx("xa0"), &a4, mac, &st), 0);
	assert_int_equal(st, NL_NEIGH_NONE);

	/* Resolving a static entry leaves it exactly as it was. */
	assert_int_equal(nl_neigh_resolve(ifidx("xv0"), &a4), 0);
	assert_int_equal(nl_neigh_resolve(ifidx("xv0"), &a6), 0);
	SH("ip neigh show 192.0.2.50 dev xv0 | grep -qx '192.0.2.50 lladdr 02:00:00:00:00:50 "
	   "PERMANENT *'");
	SH("ip neigh show 2001:db8:1::50 dev xv0 | grep -qx '2001:db8:1::50 lladdr "
	   "02:00:00:00:00:50 PERMANENT *'");
	memset(mac, 0, sizeof(mac));
	assert_int_equal(nl_neigh_wait(ifidx("xv0"), &a4, 1000, mac, &st), 0);
	assert_int_equal(st, NL_NEIGH_VALID);
	assert_memory_equal(mac, mac_static, 6);
}

static void test_neigh_stale_untouched(void **state __attribute__((unused)))
{
	struct cfg_addr a = addr("192.0.2.60");
	enum nl_neigh_state st;
	unsigned char mac[6];

	/* A STALE entry is usable; asking to resolve it must not start a probe
	 * (the kernel would move it to DELAY). */
	SH("ip neigh replace 192.0.2.60 lladdr 02:00:00:00:00:60 dev xv0 nud stale");
	assert_int_equal(nl_neigh_resolve(ifidx("xv0"), &a), 0);
	SH("ip neigh show 192.0.2.60 dev xv0 | grep -qx '192.0.2.60 lladdr 02:00:00:00:00:60 "
	   "STALE *'");
	assert_int_equal(nl_neigh_get(ifidx("xv0"), &a, mac, &st), 0);
	assert_int_equal(st, NL_NEIGH_VALID);
	assert_int_equal(mac[5], 0x60);
}

static void test_neigh_none(void **state __attribute__((unused)))
{
	struct cfg_addr a = addr("192.0.2.77"), a6 = addr("2001:db8:1::77");
	enum nl_neigh_state st = NL_NEIGH_VALID;
	unsigned char mac[6] = { 0 };

	assert_int_equal(nl_neigh_get(ifidx("xv0"), &a, mac, &st), 0);
	assert_int_equal(st, NL_NEIGH_NONE);
	st = NL_NEIGH_VALID;
	assert_int_equal(nl_neigh_get(ifidx("xv0"), &a6, mac, &st), 0);
	assert_int_equal(st, NL_NEIGH_NONE);
	assert_int_equal(nl_neigh_get(999999, &a, mac, &st), -ENODEV);
	assert_int_equal(nl_neigh_resolve(999999, &a), -ENODEV);
	assert_int_equal(nl_neigh_wait(999999, &a, 100, mac, &st), -ENODEV);
}

static void resolve_peer(const char *gw)
{
	struct cfg_addr a = addr(gw);
	enum nl_neigh_state st;
	unsigned char mac[6] = { 0 };
	long long t0;

	assert_int_equal(nl_neigh_get(ifidx("xv0"), &a, mac, &st), 0);
	assert_int_equal(st, NL_NEIGH_NONE);

	t0 = now_ms();
	assert_int_equal(nl_neigh_wait(ifidx("xv0"), &a, 3000, mac, &st), 0);
	print_message("  %s resolved in %lld ms\n", gw, now_ms() - t0);
	assert_int_equal(st, NL_NEIGH_VALID);
	assert_memory_equal(mac, mac_xv1, 6);
	/* Learnt from the peer's answer, not forced by us. */
	SH("ip neigh show %s dev xv0 | grep -qx '%s lladdr 02:00:00:00:00:02 "
	   "\\(router \\)\\?REACHABLE *'",
	   gw, gw);
}

static void test_resolve_v4(void **state __attribute__((unused)))
{
	resolve_peer("192.0.2.2");
}

static void test_resolve_v6(void **state __attribute__((unused)))
{
	resolve_peer("2001:db8:1::2");
}

static void test_resolve_v6_link_local(void **state __attribute__((unused)))
{
	resolve_peer("fe80::2");
}

static void unanswered(const char *gw)
{
	struct cfg_addr a = addr(gw);
	enum nl_neigh_state st;
	unsigned char mac[6] = { 0 };
	long long t0;

	/* Right after the request the kernel is probing. */
	assert_int_equal(nl_neigh_resolve(ifidx("xv0"), &a), 0);
	assert_int_equal(nl_neigh_get(ifidx("xv0"), &a, mac, &st), 0);
	assert_int_equal(st, NL_NEIGH_INCOMPLETE);

	/* A short wait gives up while it still is. */
	t0 = now_ms();
	assert_int_equal(nl_neigh_wait(ifidx("xv0"), &a, 50, mac, &st), 0);
	assert_int_equal(st, NL_NEIGH_INCOMPLETE);
	assert_in_range(now_ms() - t0, 50, 500);

	/* 3 probes 100 ms apart (setup's retrans_time_ms), then FAILED. */
	t0 = now_ms();
	assert_int_equal(nl_neigh_wait(ifidx("xv0"), &a, 3000, mac, &st), 0);
	print_message("  %s failed after %lld more ms\n", gw, now_ms() - t0);
	assert_int_equal(st, NL_NEIGH_FAILED);
	assert_true(now_ms() - t0 < 2000);

	/* Asking again starts a new round on the FAILED entry. */
	assert_int_equal(nl_neigh_resolve(ifidx("xv0"), &a), 0);
	assert_int_equal(nl_neigh_get(ifidx("xv0"), &a, mac, &st), 0);
	assert_int_equal(st, NL_NEIGH_INCOMPLETE);
}

static void test_unanswered_v4(void **state __attribute__((unused)))
{
	unanswered("192.0.2.99");
}

static void test_unanswered_v6(void **state __attribute__((unused)))
{
	unanswered("2001:db8:1::99");
}

static void test_bad_family(void **state __attribute__((unused)))
{
	struct cfg_addr a = { 0 };
	enum nl_neigh_state st;
	unsigned char mac[6];
	char checked[16];
	int ifindex = -1;

	a.family = AF_UNIX;
	assert_int_equal(nl_find_connected(&a, 0, &ifindex, checked, sizeof(checked)),
			 -EAFNOSUPPORT);
	assert_int_equal(nl_neigh_get(ifidx("xv0"), &a, mac, &st), -EAFNOSUPPORT);
	assert_int_equal(nl_neigh_resolve(ifidx("xv0"), &a), -EAFNOSUPPORT);
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* Every call closes its socket, on success and on each error. */
static void test_no_fd_leak(void **state __attribute__((unused)))
{
	struct cfg_addr gw4 = addr("192.0.2.2"), gw6 = addr("fe80::2"), far = addr("203.0.113.1");
	struct cfg_addr silent = addr("192.0.2.98"), bad = { .family = AF_UNIX };
	enum nl_neigh_state st;
	unsigned char mac[6];
	char checked[64];
	struct nl_link l;
	int before = open_fds(), ifindex, i;

	for (i = 0; i < 20; i++) {
		nl_link_get(ifidx("xv0"), &l);
		nl_link_get(999999, &l);
		nl_find_connected(&gw4, 0, &ifindex, checked, sizeof(checked));
		nl_find_connected(&far, 0, &ifindex, checked, sizeof(checked));
		nl_find_connected(&gw6, 0, &ifindex, checked, sizeof(checked));
		nl_find_connected(&gw4, 999999, &ifindex, checked, sizeof(checked));
		nl_find_connected(&bad, 0, &ifindex, checked, sizeof(checked));
		nl_neigh_get(ifidx("xv0"), &gw4, mac, &st);
		nl_neigh_get(999999, &gw4, mac, &st);
		nl_neigh_wait(ifidx("xv0"), &gw4, 10, mac, &st);
		nl_neigh_resolve(ifidx("xv0"), &silent);
		nl_neigh_resolve(999999, &gw4);
	}
	assert_int_equal(open_fds(), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_up_and_running),
		cmocka_unit_test(test_link_down),
		cmocka_unit_test(test_link_loopback_has_no_mac),
		cmocka_unit_test(test_link_missing),
		cmocka_unit_test(test_find_connected),
		cmocka_unit_test(test_find_connected_checked_truncates),
		cmocka_unit_test(test_find_connected_no_address),
		cmocka_unit_test(test_neigh_static),
		cmocka_unit_test(test_neigh_stale_untouched),
		cmocka_unit_test(test_neigh_none),
		cmocka_unit_test(test_resolve_v4),
		cmocka_unit_test(test_resolve_v6),
		cmocka_unit_test(test_resolve_v6_link_local),
		cmocka_unit_test(test_unanswered_v4),
		cmocka_unit_test(test_unanswered_v6),
		cmocka_unit_test(test_bad_family),
		cmocka_unit_test(test_no_fd_leak),
	};

	if (geteuid() != 0) {
		fprintf(stderr, "test_netlink: needs root (network namespaces)\n");
		return 1;
	}
	/* Everything below happens in a namespace that dies with this process. */
	if (unshare(CLONE_NEWNET)) {
		perror("test_netlink: unshare(CLONE_NEWNET)");
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
