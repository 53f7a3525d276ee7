// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The model against answers worked out by hand, for what the differential
 * test cannot put to the program: the exact heartbeat deadline (the program
 * reads its own clock) and a checksum worked through RFC 1624 on paper.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <linux/bpf.h>

#include "selftest.h"

static void test_liveness(void)
{
	struct xbr_liveness l = { .rpd_state = XBR_RPD_UP,
				  .heartbeat_ns = 100,
				  .heartbeat_timeout_ns = 10 };

	assert_false(model_in_effect(&l, 110)); /* exactly the deadline: still fresh */
	assert_true(model_in_effect(&l, 111));
	assert_false(model_in_effect(&l, 50)); /* stamped after now: fresh */
	l.heartbeat_timeout_ns = 1ULL << 63;
	assert_false(model_in_effect(&l, 1ULL << 62));
	l.heartbeat_timeout_ns = 0;
	assert_false(model_in_effect(&l, ~0ULL));
	l.override = XBR_OVERRIDE_RPD_DOWN;
	assert_true(model_in_effect(&l, 0));
	l.override = XBR_OVERRIDE_RPD_UP;
	l.rpd_state = XBR_RPD_DOWN;
	assert_false(model_in_effect(&l, 0));
	l.role = XBR_ROLE_BACKUP;
	assert_true(model_in_effect(&l, 0));
	l = (struct xbr_liveness){ .rpd_state = XBR_RPD_UNKNOWN };
	assert_true(model_in_effect(&l, 0));
}

static void test_frames(void)
{
	static struct model_tables t;
	static struct model_result res;
	const struct xbr_route fwd = { .action = XBR_ROUTE_FORWARD, .dest_index = 7 };
	const struct xbr_route defer = { .action = XBR_ROUTE_DEFER };
	const __u8 mac_in[6] = { 2, 0, 0, 0, 0, 1 }, gw_mac[6] = { 2, 0, 0, 0, 0, 9 };
	const __u8 src_mac[6] = { 2, 0, 0, 0, 0, 2 };
	/*
	 * 10.1.2.3 ← 192.0.2.1, TTL 2, UDP, id 0xebd4: the header sums to
	 * 0xffff with checksum 0xfeff, which becomes 0x0000.
	 */
	__u8 f[34] = {
		2,    0, 0, 0,	0,    1,    2, 0, 0, 0,	 0,    5,    0x08, 0x00, /* Ethernet */
		0x45, 0, 0, 20, 0xeb, 0xd4, 0, 0, 2, 17, 0xfe, 0xff,		 /* IPv4 */
		192,  0, 2, 1,	10,   1,    2, 3,				 /* addresses */
	};
	__u8 want[34];

	memset(&t, 0, sizeof(t));
	assert_int_equal(model_route_put(&t, 4, (__u8[]){ 10, 0, 0, 0 }, 8, &fwd), 0);
	assert_int_equal(model_route_put(&t, 4, (__u8[]){ 10, 1, 0, 0 }, 16, &defer), 0);
	assert_int_equal(model_route_put(&t, 4, (__u8[]){ 10, 1, 2, 3 }, 32, &fwd), 0);
	t.n_ifaces = 1;
	t.ifaces[0] = (struct model_iface){ .ifindex = 4, .val = { .prog_id = 1 } };
	memcpy(t.ifaces[0].val.mac, mac_in, 6);
	t.gateways[0] = (struct xbr_gateway){ .resolved = 1, .configured = 1, .egress_ifindex = 5 };
	memcpy(t.gateways[0].mac, gw_mac, 6);
	memcpy(t.gateways[0].src_mac, src_mac, 6);
	t.egress[t.n_egress++] = 5;

	memcpy(want, f, sizeof(f));
	memcpy(want, gw_mac, 6);
	memcpy(want + 6, src_mac, 6);
	want[22] = 1;
	want[24] = want[25] = 0;
	model_run(&t, 4, f, sizeof(f), &res);
	assert_int_equal(res.verdict, XDP_REDIRECT);
	assert_int_equal(res.reason, XBR_FWD_REDIRECT);
	assert_true(res.counts_dest && res.dest_index == 7);
	assert_memory_equal(res.out, want, sizeof(want));

	/* --allow-from on the interface: 192.0.2.1 must be inside a listed prefix. */
	t.ifaces[0].val.flags = XBR_IFACE_F_ALLOW_LIST;
	model_run(&t, 4, f, sizeof(f), &res);
	assert_int_equal(res.reason, XBR_PASS_NOT_ALLOWED);
	assert_memory_equal(res.out, f, sizeof(f));
	assert_int_equal(model_allow_put(&t, 4, (__u8[]){ 192, 0, 2, 128 }, 25), 0);
	model_run(&t, 4, f, sizeof(f), &res);
	assert_int_equal(res.reason, XBR_PASS_NOT_ALLOWED);
	assert_int_equal(model_allow_put(&t, 4, (__u8[]){ 192, 0, 2, 99 }, 24), 0);
	model_run(&t, 4, f, sizeof(f), &res);
	assert_int_equal(res.reason, XBR_FWD_REDIRECT);
	t.ifaces[0].val.flags = 0;

	f[33] = 4; /* 10.1.2.4: the /16 defer entry */
	model_run(&t, 4, f, sizeof(f), &res);
	assert_int_equal(res.reason, XBR_PASS_DEFER);
	/* Host bits in the key: the same /8, replaced by a defer entry. */
	assert_int_equal(model_route_put(&t, 4, (__u8[]){ 10, 9, 9, 9 }, 8, &defer), 0);
	assert_int_equal(t.n_v4, 3);
	f[31] = 2; /* 10.2.2.4 */
	model_run(&t, 4, f, sizeof(f), &res);
	assert_int_equal(res.reason, XBR_PASS_DEFER);
	assert_memory_equal(res.out, f, sizeof(f));

	f[12] = 0x81; /* 802.1Q: its tag must be complete */
	f[13] = 0x00;
	model_run(&t, 4, f, 17, &res);
	assert_int_equal(res.reason, XBR_PASS_MALFORMED);
	model_run(&t, 4, f, 18, &res);
	assert_int_equal(res.reason, XBR_PASS_VLAN);
}

/*
 * Time exceeded for the frame of test_frames() at TTL 1, worked out with
 * RFC 1071 sums by hand: from 192.0.2.254 (the route back's source), TTL 64,
 * TOS 0xc0, the 20-byte packet quoted whole; IP identification 0x1234 as
 * if the program had drawn it.
 */
static void test_icmp(void)
{
	static struct model_tables t;
	static struct model_result res;
	static const struct model_back back[] = {
		{ .family = 4,
		  .addr = { 192, 0, 2, 0 },
		  .prefixlen = 24,
		  .kind = MODEL_BACK_OK,
		  .ifindex = 4,
		  .smac = { 2, 0, 0, 0, 0, 1 },
		  .dmac = { 2, 0, 0, 0, 0, 5 },
		  .src = { 192, 0, 2, 254 } },
	};
	const struct xbr_route fwd = { .action = XBR_ROUTE_FORWARD };
	__u8 f[34] = {
		2,    0, 0, 0,	0,    1,    2, 0, 0, 0,	 0, 5, 0x08, 0x00, /* Ethernet */
		0x45, 0, 0, 20, 0xeb, 0xd4, 0, 0, 1, 17, 0, 0,		   /* IPv4: TTL 1 */
		192,  0, 2, 1,	10,   1,    2, 3,			   /* addresses */
	};
	const __u8 want[62] = {
		2,    0,    0,	  0,	0,    5,    2,	  0,	0,    0,    0,	  1,	0x08,
		0x00, 0x45, 0xc0, 0x00, 0x30, 0x12, 0x34, 0x00, 0x00, 0x40, 0x01, 0xe2, 0xd9,
		0xc0, 0x00, 0x02, 0xfe, 0xc0, 0x00, 0x02, 0x01, 0x0b, 0x00, 0xf4, 0xff, 0x00,
		0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x14, 0xeb, 0xd4, 0x00, 0x00, 0x01, 0x11,
		0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0x0a, 0x01, 0x02, 0x03,
	};
	__u8 got_id[62] = { 0 };

	memset(&t, 0, sizeof(t));
	assert_int_equal(model_route_put(&t, 4, (__u8[]){ 10, 0, 0, 0 }, 8, &fwd), 0);
	t.n_ifaces = 1;
	t.ifaces[0] = (struct model_iface){ .ifindex = 4, .val = { .prog_id = 1 } };
	memcpy(t.ifaces[0].val.mac, f, 6);
	t.gateways[0] = (struct xbr_gateway){ .resolved = 1, .configured = 1, .egress_ifindex = 5 };
	t.settings.ip_default_ttl = 64;
	t.back = back;
	t.n_back = 1;
	model_run(&t, 4, f, sizeof(f), &res);
	assert_int_equal(res.verdict, XDP_TX);
	assert_int_equal(res.reason, XBR_ICMP_TIME_EXCEEDED);
	assert_int_equal(res.len, sizeof(want));
	assert_false(res.counts_dest);
	got_id[18] = 0x12;
	got_id[19] = 0x34;
	model_take_ip_id(&res, got_id, sizeof(got_id));
	assert_memory_equal(res.out, want, sizeof(want));

	/* With the route in the kernel, the kernel answers. */
	t.settings.flags = XBR_SETTINGS_F_KERNEL_ROUTES;
	model_run(&t, 4, f, sizeof(f), &res);
	assert_int_equal(res.reason, XBR_PASS_TTL);
	assert_memory_equal(res.out, f, sizeof(f));
	/* A second fragment gets no error (RFC 1122 3.2.2). */
	t.settings.flags = 0;
	f[20] = 0x00;
	f[21] = 0xb9;
	f[24] = 0xff; /* the checksum, one's complement of the new sum by hand */
	f[25] = 0x46;
	model_run(&t, 4, f, sizeof(f), &res);
	assert_int_equal(res.verdict, XDP_DROP);
	assert_int_equal(res.reason, XBR_DROP_NO_ICMP);
	/* A wrong checksum: the kernel drops it, route or not. */
	f[25] = 0x47;
	model_run(&t, 4, f, sizeof(f), &res);
	assert_int_equal(res.reason, XBR_PASS_BAD_CSUM);
}

void model_selftest(void **state)
{
	test_liveness();
	test_frames();
	test_icmp();
	(void)state;
}
