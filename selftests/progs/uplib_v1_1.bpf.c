// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#define UL_MINOR 1
#include "uplib.bpf.h"
