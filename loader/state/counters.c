// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The per-CPU counters, summed over every possible CPU. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xbr.h"
#include "state/counters.h"
#include "state/pins.h"

int counters_sum(int fd, __u32 key, struct xbr_counter *sum)
{
	int ncpu = libbpf_num_possible_cpus();
	struct xbr_counter *v;
	int err = 0;

	memset(sum, 0, sizeof(*sum));
	if (ncpu <= 0)
		return -EINVAL;
	v = calloc(ncpu, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (bpf_map_lookup_elem(fd, &key, v))
		err = -errno;
	for (int c = 0; !err && c < ncpu; c++) {
		sum->packets += v[c].packets;
		sum->bytes += v[c].bytes;
	}
	free(v);
	return err;
}

int counters_read(const struct xbr_pins *p, struct xbr_counter c[XBR_REASON_MAX])
{
	for (__u32 r = 0; r < XBR_REASON_MAX; r++) {
		int err = counters_sum(pins_fd(p, counters), r, &c[r]);

		if (err)
			return xbr_fail(err, "cannot read %s/counters: %s", p->dir, strerror(-err));
	}
	return 0;
}
