// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* What /proc tells of a process (kernel/proc.h). */
#include <stdio.h>
#include <string.h>
#include "kernel/proc.h"

bool proc_comm_is(pid_t pid, const char *name)
{
	char path[64], comm[32] = "";
	size_t len;
	FILE *f;

	if (pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	len = strcspn(comm, "\n");
	comm[len] = '\0';
	return len && !strncmp(comm, name, 15) && strlen(name) >= len &&
	       (strlen(name) == len || len == 15);
}
