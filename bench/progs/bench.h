/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The function whose call cost bench measures, and its import. */
#ifndef __BENCH_H
#define __BENCH_H

#include <linux/types.h>
#include <bpflib/bpflib.bpf.h>

static __always_inline __u32 bench_mix(__u32 a, __u32 b)
{
	a ^= b * 0x9e3779b1;
	return (a << 13 | a >> 19) * 5 + 0xe6546b64;
}

BPFLIB_IMPORT("benchlib", "1.0")
__u32 bl_mix(__u32 a, __u32 b)
BPFLIB_STUB(a, b)

#endif /* __BENCH_H */
