// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The middle of the chain: uses chaina. */
#define CHAIN_A
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "chain.h"		/* chaina's imports: stubs */
#define BPFLIB_BUILD_LIBRARY
#define CHAIN_B
#include "chain.h"		/* its own exports: prototypes */

BPFLIB_LIBRARY("chainb", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

CHAIN_COUNTER(cb_hits);

BPFLIB_EXPORT __u32 cb_twice(__u32 x)
{
	count_call();
	return ca_add(x) * 2;
}
