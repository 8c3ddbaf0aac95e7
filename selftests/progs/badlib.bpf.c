// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A library whose function the verifier must refuse. */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpflib/bpflib.bpf.h>

BPFLIB_LIBRARY("badlib", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct blob {
	__u8 data[8];
};

/* Reads past the end of its argument. */
BPFLIB_EXPORT int bad_read(struct blob *b, __u32 i)
{
	return b ? b->data[i & 15] : 0;
}
