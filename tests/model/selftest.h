/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
#ifndef XBR_MODEL_SELFTEST_H
#define XBR_MODEL_SELFTEST_H

#include "model.h"

/* A cmocka test: the model against answers worked out by hand. */
void model_selftest(void **state);

#endif /* XBR_MODEL_SELFTEST_H */
