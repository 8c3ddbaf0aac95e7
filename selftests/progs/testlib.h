/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * testlib: the selftests' own library, built in several versions from one
 * source (testlib_v*.bpf.c set TL_MAJOR/TL_MINOR and include testlib.bpf.h).
 * Its results encode its version so a test can tell which one it got.
 */
#ifndef __TESTLIB_H
#define __TESTLIB_H

#include <linux/types.h>
#include <bpflib/bpflib.bpf.h>

#ifndef TL_WANT
#define TL_WANT "1.0"
#endif

/* x * 3 + 1000 * major + 100 * minor */
BPFLIB_IMPORT("testlib", TL_WANT)
__u32 tl_scale(__u32 x)
BPFLIB_STUB(x)

/* Length of the packet, XDP only. */
struct xdp_md;
BPFLIB_IMPORT("testlib", TL_WANT)
int tl_xdp_len(struct xdp_md *ctx)
BPFLIB_STUB(ctx)

/* Sum of a pair. */
struct tl_pair {
	__u32 a;
	__u32 b;
};

BPFLIB_IMPORT("testlib", TL_WANT)
__u32 tl_pair_sum(struct tl_pair *p)
BPFLIB_STUB(p)

#endif /* __TESTLIB_H */
