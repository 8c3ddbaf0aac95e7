// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A library exporting a prototype that freplace cannot match. */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpflib/bpflib.bpf.h>

BPFLIB_LIBRARY("badproto", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* A pointer to an integer: the kernel only matches pointers to structs. */
BPFLIB_EXPORT int sum_bytes(__u32 *p)
{
	return p ? *p : 0;
}
