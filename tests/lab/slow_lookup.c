// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * LD_PRELOAD shim for tests/lab/test_faults.sh: every bpf_map_lookup_elem() of
 * the process sleeps XBR_TEST_LOOKUP_DELAY_MS after reading. A read-modify-
 * write of a map entry then takes that long, and two commands that change one
 * entry at once lose an update unless something serialises them.
 *
 *   cc -shared -fPIC -o slow_lookup.so tests/lab/slow_lookup.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

int bpf_map_lookup_elem(int fd, const void *key, void *value)
{
	static int (*real)(int, const void *, void *);
	const char *ms = getenv("XBR_TEST_LOOKUP_DELAY_MS");
	struct timespec ts;
	int ret;

	if (!real)
		real = (int (*)(int, const void *, void *))dlsym(RTLD_NEXT, "bpf_map_lookup_elem");
	ret = real(fd, key, value);
	/* After the read: what was read grows old before it is written back. */
	if (ms) {
		ts.tv_sec = atoi(ms) / 1000;
		ts.tv_nsec = atoi(ms) % 1000 * 1000000L;
		nanosleep(&ts, NULL);
	}
	return ret;
}
