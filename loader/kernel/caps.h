/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Least privilege for `xbr run`: once attached, the daemon keeps only the
 * capabilities its event loop uses, and `xbr status` shows which a daemon
 * holds, as the kernel reports them.
 */
#ifndef XBR_CAPS_H
#define XBR_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct caps_need {
	bool read_any_file;    /* a pidfile in another user's directory (--rpd-pidfile) */
	int bpf_probe_fd;      /* a held array map, to find out whether bpf() needs CAP_BPF */
	size_t bpf_probe_size; /* its value size */
};

/*
 * Drop every capability but those the daemon needs, from the effective,
 * permitted, inheritable, ambient and bounding sets, for good. 0 or -errno,
 * the reason kept.
 */
int caps_drop_for_daemon(const struct caps_need *need);

/*
 * The effective capabilities of process pid, from /proc/PID/status, as names
 * ("net_admin bpf"); "" for none. 0, or -errno when pid cannot be read.
 */
int caps_effective_names(pid_t pid, char *buf, size_t size);

#endif /* XBR_CAPS_H */
