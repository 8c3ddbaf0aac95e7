// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A library whose exported function calls another one with a real call. */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpflib/bpflib.bpf.h>

BPFLIB_LIBRARY("exportcalls", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__attribute__((noinline)) BPFLIB_EXPORT __u32 ec_inner(__u32 x)
{
	return x * 5 + 1;
}

BPFLIB_EXPORT __u32 ec_outer(__u32 x)
{
	return ec_inner(x) + 2;
}
