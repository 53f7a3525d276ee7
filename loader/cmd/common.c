// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* What several commands share: opening the running instance, printing. */
#include <stdio.h>
#include "cmd/cmds.h"
#include "state/liveness.h"
#include "state/pins.h"

int cmd_no_args(const struct xbr_opts *o)
{
	if (!o->n_args)
		return XBR_EXIT_OK;
	xbr_err("%s takes no arguments (got \"%s\")", o->cmd, o->args[0]);
	return XBR_EXIT_USAGE;
}

int cmd_open_instance(const struct xbr_opts *o, struct xbr_pins *p)
{
	int err;

	pins_init(p, o->pin_dir);
	if (xbr_require_root(o->cmd))
		return XBR_EXIT_FAIL;
	err = pins_open(p, o->pin_dir, false);
	if (err) {
		xbr_report(err, "cannot open the instance in %s", o->pin_dir);
		pins_close(p);
		return XBR_EXIT_FAIL;
	}
	return XBR_EXIT_OK;
}

void cmd_json_print(json_object *o)
{
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

static json_object *counter_json(const struct xbr_counter *c)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "packets", json_object_new_uint64(c->packets));
	json_object_object_add(o, "bytes", json_object_new_uint64(c->bytes));
	return o;
}

json_object *cmd_counters_json(const struct xbr_counter c[XBR_REASON_MAX])
{
	json_object *o = json_object_new_object();

	for (__u32 r = 0; r < XBR_REASON_MAX; r++)
		json_object_object_add(o, xbr_reason_name(r), counter_json(&c[r]));
	return o;
}

void cmd_counters_text(const struct xbr_counter c[XBR_REASON_MAX])
{
	printf("%-20s %14s %16s\n", "reason", "packets", "bytes");
	for (__u32 r = 0; r < XBR_REASON_MAX; r++)
		printf("%-20s %14llu %16llu\n", xbr_reason_name(r), c[r].packets, c[r].bytes);
}

int cmd_liveness_set(struct xbr_opts *o, size_t field_offset, __u32 value)
{
	struct xbr_liveness l;
	struct xbr_pins pins;
	int err, ret;

	ret = cmd_open_instance(o, &pins);
	if (ret)
		return ret;
	err = liveness_set_field(&pins, field_offset, value, &l);
	pins_close(&pins);
	if (err) {
		xbr_report(err, "cannot change liveness");
		return XBR_EXIT_FAIL;
	}
	if (!o->json)
		liveness_print(&l);
	return XBR_EXIT_OK;
}
