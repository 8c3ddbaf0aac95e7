// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A library whose export calls a function nobody defines. */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpflib/bpflib.bpf.h>

BPFLIB_LIBRARY("badcalls", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Declared, never defined: a typo for ec_inner, say. */
extern __u32 bc_nothere(__u32 x);

BPFLIB_EXPORT __u32 bc_outer(__u32 x)
{
	return bc_nothere(x) + 1;
}
