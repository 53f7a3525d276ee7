// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xbr reload: apply a changed configuration to a running instance in place,
 * without detaching (state/apply.h).
 */
#include "xbr.h"
#include "cmd/cmds.h"
#include "state/apply.h"

int cmd_reload(struct xbr_opts *o)
{
	int err;

	if (o->n_args) {
		xbr_err("reload takes no interfaces (got \"%s\"); it changes the configuration of "
			"the running instance",
			o->args[0]);
		return XBR_EXIT_USAGE;
	}
	if (xbr_require_root("reload"))
		return XBR_EXIT_FAIL;
	err = apply_reload(o, GATEWAY_RESOLVE_MS, NULL);
	if (err) {
		xbr_report(err, "reload failed");
		return XBR_EXIT_FAIL;
	}
	return XBR_EXIT_OK;
}
