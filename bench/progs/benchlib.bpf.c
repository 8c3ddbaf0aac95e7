// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A library with one pure function, for measuring the cost of a call. */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "bench.h"

BPFLIB_LIBRARY("benchlib", "1.0.0");
BPFLIB_TARGET("tc");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

BPFLIB_EXPORT __u32 bl_mix(__u32 a, __u32 b)
{
	return bench_mix(a, b);
}
