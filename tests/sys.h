/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Shell commands for test and benchmark setup (ip, sysctl, nsenter), as the
 * kernel selftests' SYS() does it: printf-style, and a failure says which
 * command failed and how. Shared by the C suites and bench/.
 */
#ifndef XBR_TESTS_SYS_H
#define XBR_TESTS_SYS_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Run a shell command; 0, or its status with the command on stderr. */
static inline __attribute__((format(printf, 1, 2))) int sys_run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	if (vsnprintf(cmd, sizeof(cmd), fmt, ap) >= (int)sizeof(cmd)) {
		va_end(ap);
		fprintf(stderr, "command too long: %.60s...\n", cmd);
		return -1;
	}
	va_end(ap);
	rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "command failed (status %d): %s\n", rc, cmd);
	return rc;
}

#endif /* XBR_TESTS_SYS_H */
