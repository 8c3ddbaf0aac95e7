/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * uplib: the library test_upgrade moves consumers between.  Each version
 * answers with its own number through @out (100 + minor), and returns 0,
 * which every program type's return range allows; an unlinked stub leaves
 * @out as it was (0).
 */
#ifndef __UPLIB_H
#define __UPLIB_H

#include <linux/types.h>
#include <bpflib/bpflib.bpf.h>

struct up_out {
	__u32 version;
	__u32 calls;
};

BPFLIB_IMPORT("uplib", "1.0")
int up_answer(struct up_out *out)
BPFLIB_STUB(out)

#endif /* __UPLIB_H */
