/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The xbr commands, one file each in loader/cmd/ (NAME.c holds cmd_NAME());
 * each returns an exit status (XBR_EXIT_*) and prints its own errors, one
 * line each (docs/design.md §10). And what several of them share.
 */
#ifndef XBR_CMDS_H
#define XBR_CMDS_H

#include <json-c/json.h>
#include "xbr.h"
#include "maps/xbr_maps.h"

struct xbr_pins;
struct mirror;

int cmd_check(struct xbr_opts *o);
int cmd_attach(struct xbr_opts *o);
int cmd_reload(struct xbr_opts *o);
int cmd_detach(struct xbr_opts *o);
int cmd_status(struct xbr_opts *o);
int cmd_stats(struct xbr_opts *o);
int cmd_rpd(struct xbr_opts *o);
int cmd_role(struct xbr_opts *o);
int cmd_run(struct xbr_opts *o);
int cmd_explain(struct xbr_opts *o);
int cmd_monitor(struct xbr_opts *o);

/*
 * attach, leaving the mirror of the kernel's routes it made in m (set up
 * with mirror_init()): `xbr run` follows the kernel from there.
 */
int cmd_attach_keeping(struct xbr_opts *o, struct mirror *m);

/* ---- shared by the commands (common.c) ---- */

/* XBR_EXIT_USAGE, said, when the command was given arguments. */
int cmd_no_args(const struct xbr_opts *o);

/* A command that works on the running instance: root, and the pins open. */
int cmd_open_instance(const struct xbr_opts *o, struct xbr_pins *p);

/* Print a JSON document for scripts, and free it. */
void cmd_json_print(json_object *o);

/* The counters by reason, as JSON and as a table. */
json_object *cmd_counters_json(const struct xbr_counter c[XBR_REASON_MAX]);
void cmd_counters_text(const struct xbr_counter c[XBR_REASON_MAX]);

/* Set one field of rpd_liveness (`xbr rpd`, `xbr role`) and tell the daemon. */
int cmd_liveness_set(struct xbr_opts *o, size_t field_offset, __u32 value);

#endif /* XBR_CMDS_H */
