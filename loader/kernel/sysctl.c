// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "kernel/sysctl.h"

/* A sysctl of /proc/sys/net (path "ipv4/icmp_ratelimit") as text. */
int sysctl_text(const char *path, char *buf, size_t size)
{
	char file[256];
	size_t n;
	FILE *f;

	snprintf(file, sizeof(file), "/proc/sys/net/%s", path);
	f = fopen(file, "r");
	if (!f)
		return -errno;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	return 0;
}

int sysctl_int(const char *path, int *val)
{
	char buf[64], *end;
	long v;
	int err = sysctl_text(path, buf, sizeof(buf));

	if (err)
		return err;
	v = strtol(buf, &end, 10);
	if (end == buf)
		return -EINVAL;
	*val = (int)v;
	return 0;
}

/* An interface's sysctl (family "ipv4" or "ipv6", name of the interface or "all"). */
int sysctl_conf(const char *family, const char *ifname, const char *what, int *val)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/conf/%s/%s", family, ifname, what);
	return sysctl_int(path, val);
}
