// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The bottom of the chain: uses no library. */
#define BPFLIB_BUILD_LIBRARY
#define CHAIN_A
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "chain.h"

BPFLIB_LIBRARY("chaina", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

CHAIN_COUNTER(ca_hits);

BPFLIB_EXPORT __u32 ca_add(__u32 x)
{
	count_call();
	return x + 1;
}
