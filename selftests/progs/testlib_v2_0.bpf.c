// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#define TL_MAJOR 2
#define TL_MINOR 0
#include "testlib.bpf.h"
