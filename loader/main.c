// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <stdio.h>
#include "xbr.skel.h"
int main(void) { return 0; }
