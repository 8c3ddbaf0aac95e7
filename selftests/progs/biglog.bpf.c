// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A library function the verifier refuses only after a few megabytes of
 * log: the kernel then reports ENOSPC for any buffer that is too small.
 */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpflib/bpflib.bpf.h>

BPFLIB_LIBRARY("biglog", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct bl_buf {
	__u32 v[16];
};

BPFLIB_EXPORT __u32 bl_sum(struct bl_buf *b, __u32 n)
{
	__u32 s = 0, i;

	if (!b)
		return 0;
	/* The verifier walks every iteration, and logs each instruction: 1.4 MB. */
	for (i = 0; i < 1500; i++)
		s = s * 31 + (i ^ (s >> 3));
	return s + b->v[n];	/* n is unbounded */
}
