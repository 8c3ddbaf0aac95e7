// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* testlib 1.0, built without -g (see the Makefile): no BTF. */
#define TL_MAJOR 1
#define TL_MINOR 0
#include "testlib.bpf.h"
