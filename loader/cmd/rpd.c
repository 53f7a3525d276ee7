// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr rpd up|down|auto: the operator's word on the routing daemon, written
 * into rpd_liveness; the next packet obeys it (docs/design.md §5).
 */
#include <string.h>
#include "cmd/cmds.h"

int cmd_rpd(struct xbr_opts *o)
{
	static const char *const words[] = { "auto", "up", "down" };
	static const __u32 values[] = { XBR_OVERRIDE_AUTO, XBR_OVERRIDE_RPD_UP,
					XBR_OVERRIDE_RPD_DOWN };

	for (size_t i = 0; o->n_args == 1 && i < 3; i++)
		if (!strcmp(o->args[0], words[i]))
			return cmd_liveness_set(o, offsetof(struct xbr_liveness, override),
						values[i]);
	xbr_err("usage: xbr rpd up|down|auto (treat the routing daemon as up or down, or follow "
		"what is observed)");
	return XBR_EXIT_USAGE;
}
