/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * datalib: a library that keeps its state in global variables (.bss and
 * .data), shared by every consumer, statically or dynamically linked.
 */
#ifndef __DATALIB_H
#define __DATALIB_H

#include <linux/types.h>
#include <bpflib/bpflib.bpf.h>

/* Add @x to the library's running total; returns the new total. */
BPFLIB_IMPORT("datalib", "1.0")
__u64 dl_add(__u32 x)
BPFLIB_STUB(x)

/* How many calls dl_add() has had, plus the library's .data base (1000). */
BPFLIB_IMPORT("datalib", "1.0")
__u64 dl_calls(void)
BPFLIB_STUB()

#endif /* __DATALIB_H */
