// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The top of the chain: uses chainb (and through it chaina). */
#define CHAIN_B
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "chain.h"		/* chainb's imports: stubs */
#define BPFLIB_BUILD_LIBRARY
#define CHAIN_C
#include "chain.h"		/* its own exports: prototypes */

BPFLIB_LIBRARY("chainc", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

CHAIN_COUNTER(cc_hits);

BPFLIB_EXPORT __u32 cc_top(__u32 x)
{
	count_call();
	return cb_twice(x) + 100;
}
