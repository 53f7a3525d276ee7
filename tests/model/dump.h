/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Printing what a reproducer needs: tables, frames, differences. */
#ifndef XBR_MODEL_DUMP_H
#define XBR_MODEL_DUMP_H

#include <stdio.h>

#include "gen.h"

extern const char *const dump_reason_names[XBR_REASON_MAX];

const char *dump_verdict(__u32 verdict);
void dump_tables(FILE *f, const struct gen_tables *g);
void dump_hex(FILE *f, const __u8 *p, __u32 len);
void dump_hexdiff(FILE *f, const __u8 *want, __u32 want_len, const __u8 *got, __u32 got_len);

#endif /* XBR_MODEL_DUMP_H */
