// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target for the Junos text parser (both syntaxes, told apart from
 * the content as xbr does): make fuzz. What it checks is in fuzz_common.h.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_one(data, size, CFG_FORMAT_AUTO);
}
