/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * typelib: one library declared for every program type, for the
 * program-type table (test_types.c).  tt_fill() returns its result through
 * a struct and 0 itself, which every program type allows; tt_scale()
 * returns a value, which the types with a return range refuse.
 */
#ifndef __TYPELIB_H
#define __TYPELIB_H

#include <linux/types.h>
#include <bpflib/bpflib.bpf.h>

#include "typelib_slots.h"

struct tt_args {
	__u32 in;
	__u32 out;
};

/* a->out = a->in * 7 + 3; returns 0. */
BPFLIB_IMPORT("typelib", "1.0")
int tt_fill(struct tt_args *a)
BPFLIB_STUB(a)

/* x * 3 + 1 */
BPFLIB_IMPORT("typelib", "1.0")
__u32 tt_scale(__u32 x)
BPFLIB_STUB(x)

#endif /* __TYPELIB_H */
