// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Helpers for the end-to-end benchmark in the namespace lab (bench/e2e.sh),
 * run inside a lab namespace:
 *
 *   attach empty|drop IFACE              reference program on IFACE (native XDP)
 *   attach floor IFACE EGRESS GW_MAC     the minimal forwarder: frames in on IFACE go
 *                                        out of EGRESS to GW_MAC
 *   attach off IFACE                     detach whatever XDP program IFACE has
 *   livegen IFACE DST_MAC SRC_MAC COUNT  COUNT 64-byte UDP frames (198.51.100.2 →
 *                                        172.16.5.10) out of IFACE with
 *                                        BPF_F_TEST_XDP_LIVE_FRAMES; prints the ns taken,
 *                                        wall clock and CPU
 *
 * Programs are attached through netlink, not a bpf_link: they stay after we
 * exit, and go with the namespace's interfaces.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench/xbrbench.h"
#include "bench_progs.skel.h"

static int parse_mac(const char *s, __u8 *mac)
{
	unsigned int b[6], i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6) {
		fprintf(stderr, "xbrbench: bad MAC %s\n", s);
		return -1;
	}
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

static int if_mac(const char *ifname, __u8 *mac)
{
	char path[128], s[32];
	FILE *f;
	int rc = -1;

	snprintf(path, sizeof(path), "/sys/class/net/%s/address", ifname);
	f = fopen(path, "r");
	if (f && fgets(s, sizeof(s), f))
		rc = parse_mac(s, mac);
	if (f)
		fclose(f);
	return rc;
}

int cmd_attach(int argc, char **argv)
{
	struct bench_progs_bpf *r = NULL;
	struct bpf_program *prog;
	__u32 ifindex, egress = 0;
	__u8 gw[6], src[6];
	int i, rc = -1;

	if (argc < 2)
		return -1;
	ifindex = bench_ifindex(argv[1]);
	if (!ifindex)
		return -1;
	if (!strcmp(argv[0], "off"))
		return bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);

	r = bench_progs_bpf__open();
	if (!r)
		return -1;
	if (!strcmp(argv[0], "empty")) {
		prog = r->progs.bench_empty;
	} else if (!strcmp(argv[0], "drop")) {
		prog = r->progs.bench_drop;
	} else if (!strcmp(argv[0], "floor") && argc == 4) {
		prog = r->progs.bench_floor;
		egress = bench_ifindex(argv[2]);
		if (!egress || parse_mac(argv[3], gw) || if_mac(argv[2], src))
			goto out;
		for (i = 0; i < 3; i++) {
			r->rodata->floor_dmac[i] = ((__u16 *)gw)[i];
			r->rodata->floor_smac[i] = ((__u16 *)src)[i];
		}
	} else {
		fprintf(stderr, "xbrbench: attach %s: unknown program or missing arguments\n",
			argv[0]);
		goto out;
	}
	if (bench_progs_bpf__load(r))
		goto out;
	if (egress) {
		struct bpf_devmap_val dv = { .ifindex = egress };
		__u32 zero = 0;

		if (bpf_map_update_elem(bpf_map__fd(r->maps.floor_ports), &zero, &dv, 0)) {
			fprintf(stderr, "xbrbench: devmap: %s\n", strerror(errno));
			goto out;
		}
	}
	/* Replaces what is there, so that switching between programs needs no detach. */
	if (bpf_xdp_attach(ifindex, bpf_program__fd(prog), XDP_FLAGS_DRV_MODE, NULL)) {
		fprintf(stderr, "xbrbench: attach to %s: %s\n", argv[1], strerror(errno));
		goto out;
	}
	rc = 0;
out:
	bench_progs_bpf__destroy(r);
	return rc;
}

int cmd_livegen(int argc, char **argv)
{
	struct bench_progs_bpf *r;
	__u8 frame[BENCH_FRAME_LEN], daddr[4];
	__u32 ifindex, count;
	double t0, t, c0, c;
	int rc = -1;

	if (argc != 4)
		return -1;
	ifindex = bench_ifindex(argv[0]);
	count = strtoul(argv[3], NULL, 0);
	if (!ifindex || !count)
		return -1;
	inet_pton(AF_INET, "172.16.5.10", daddr);
	frame_build_raw(frame, AF_INET, daddr);
	if (parse_mac(argv[1], frame) || parse_mac(argv[2], frame + ETH_ALEN))
		return -1;

	r = bench_progs_bpf__open();
	if (!r)
		return -1;
	r->rodata->gen_ifindex = ifindex;
	memcpy((void *)r->rodata->gen_frame, frame, sizeof(frame));
	if (bench_progs_bpf__load(r))
		goto out;
	{
		/*
		 * No ctx_in: with an xdp_md the kernel refuses live frames here
		 * (EINVAL); without one the frames start on the loopback device
		 * and bench_gen redirects them.
		 */
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame,
			    .data_size_in = sizeof(frame), .repeat = count,
			    .flags = BPF_F_TEST_XDP_LIVE_FRAMES);

		/*
		 * CPU time as well as wall time: the frames' whole way through
		 * the veth pairs and the router runs in this thread's context
		 * (softirqs at the end of each batch), and the CPU time leaves
		 * out what other processes take of the CPU.
		 */
		t0 = now_ns();
		c0 = bench_cpu_ns();
		if (bpf_prog_test_run_opts(bpf_program__fd(r->progs.bench_gen), &opts)) {
			fprintf(stderr, "xbrbench: live frames: %s\n", strerror(errno));
			goto out;
		}
		c = bench_cpu_ns() - c0;
		t = now_ns() - t0;
	}
	printf("%.0f %.0f\n", t, c);
	rc = 0;
out:
	bench_progs_bpf__destroy(r);
	return rc;
}
