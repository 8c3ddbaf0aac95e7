// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#define TL_MAJOR 1
#define TL_MINOR 1
#include "testlib.bpf.h"
