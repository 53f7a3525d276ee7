/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Expected and actual frames side by side, 16 bytes a row, differences marked. */
#ifndef XBR_TESTS_HEXDIFF_H
#define XBR_TESTS_HEXDIFF_H

#include <stdio.h>
#include <string.h>
#include <linux/types.h>

static inline void hexdiff(FILE *f, const __u8 *want, size_t want_len, const __u8 *got,
			   size_t got_len)
{
	size_t n = want_len > got_len ? want_len : got_len, off, i;

	fprintf(f, "  offset  expected%*s| actual\n", 41, "");
	for (off = 0; off < n; off += 16) {
		char mark[16 * 3 + 1] = "";

		fprintf(f, "  %04zx   ", off);
		for (i = off; i < off + 16; i++)
			i < want_len ? fprintf(f, "%02x ", want[i]) : fprintf(f, "   ");
		fprintf(f, " | ");
		for (i = off; i < off + 16; i++) {
			int diff = i >= want_len || i >= got_len || want[i] != got[i];

			i < got_len ? fprintf(f, "%02x ", got[i]) : fprintf(f, "   ");
			strcat(mark, i < n && diff ? "^^ " : "   ");
		}
		fprintf(f, "\n  %*s%s\n", 6 + 3 * 16 + 4, "", mark);
	}
}

#endif /* XBR_TESTS_HEXDIFF_H */
