// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr role primary|backup: on a backup Routing Engine or the secondary node
 * of a chassis cluster the backup router is used whether or not rpd runs
 * (docs/design.md §1, §5).
 */
#include <string.h>
#include "cmd/cmds.h"

int cmd_role(struct xbr_opts *o)
{
	static const char *const words[] = { "primary", "backup" };
	static const __u32 values[] = { XBR_ROLE_PRIMARY, XBR_ROLE_BACKUP };

	for (size_t i = 0; o->n_args == 1 && i < 2; i++)
		if (!strcmp(o->args[0], words[i]))
			return cmd_liveness_set(o, offsetof(struct xbr_liveness, role), values[i]);
	xbr_err("usage: xbr role primary|backup (backup: this node uses the backup router "
		"whether or not rpd runs)");
	return XBR_EXIT_USAGE;
}
