/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The kernel's sysctls of /proc/sys/net, in the caller's network namespace. */
#ifndef XBR_SYSCTL_H
#define XBR_SYSCTL_H

#include <stddef.h>

/* A sysctl (path "ipv4/icmp_ratelimit") as text, or as an integer; -errno when missing. */
int sysctl_text(const char *path, char *buf, size_t size);
int sysctl_int(const char *path, int *val);

/* An interface's (family "ipv4" or "ipv6"; ifname an interface, "all" or "default"). */
int sysctl_conf(const char *family, const char *ifname, const char *what, int *val);

#endif /* XBR_SYSCTL_H */
