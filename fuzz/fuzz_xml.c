// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target for Junos XML (display xml, NETCONF replies), read with
 * libxml2: make fuzz. What it checks is in fuzz_common.h.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_one(data, size, CFG_FORMAT_XML);
}
