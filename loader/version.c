// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The version xbr is built as (the Makefile writes version.h): xbr --version, abi_version. */
#include "xbr.h"
#include "version.h"

const char xbr_version[] = XBR_VERSION;
