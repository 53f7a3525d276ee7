/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What /proc tells of a process. */
#ifndef XBR_PROC_H
#define XBR_PROC_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Is pid running a program named name? Compared with /proc/PID/comm as the
 * kernel keeps it: at most 15 characters, so a longer name matches its first 15.
 */
bool proc_comm_is(pid_t pid, const char *name);

#endif /* XBR_PROC_H */
