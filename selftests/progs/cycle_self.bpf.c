// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A library that imports from itself. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpflib/bpflib.bpf.h>

BPFLIB_IMPORT("cycself", "1.0")
__u32 cs_inner(__u32 x)
BPFLIB_STUB(x);

BPFLIB_LIBRARY("cycself", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

BPFLIB_EXPORT __u32 cs_outer(__u32 x)
{
	return cs_inner(x) + 1;
}
