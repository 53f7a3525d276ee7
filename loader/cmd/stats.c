// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xbr stats: every packet the program saw, by the reason it ended with. */
#include "cmd/cmds.h"
#include "state/counters.h"
#include "state/pins.h"

int cmd_stats(struct xbr_opts *o)
{
	struct xbr_counter c[XBR_REASON_MAX];
	struct xbr_pins pins;
	int ret = cmd_no_args(o), err;

	if (!ret)
		ret = cmd_open_instance(o, &pins);
	if (ret)
		return ret;
	err = counters_read(&pins, c);
	pins_close(&pins);
	if (err) {
		xbr_report(err, "cannot read the counters");
		return XBR_EXIT_FAIL;
	}
	if (o->json) {
		json_object *root = json_object_new_object();

		json_object_object_add(root, "counters", cmd_counters_json(c));
		cmd_json_print(root);
	} else {
		cmd_counters_text(c);
	}
	return XBR_EXIT_OK;
}
