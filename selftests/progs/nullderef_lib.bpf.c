// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A library whose export uses a pointer argument without checking it. */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpflib/bpflib.bpf.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";
BPFLIB_LIBRARY("nullderef", "1.0.0");
BPFLIB_TARGET("xdp");

struct nd_buf {
	__u8 b[16];
};

BPFLIB_EXPORT __u32 nd_sum(struct nd_buf *buf)
{
	__u32 s = 0;
	int i;

	for (i = 0; i < 16; i++)
		s += buf->b[i];
	return s;
}
