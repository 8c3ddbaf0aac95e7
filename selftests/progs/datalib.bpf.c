// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* datalib: see datalib.h. */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "datalib.h"

BPFLIB_LIBRARY("datalib", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 dl_total;			/* .bss */
__u64 dl_ncalls = 1000;		/* .data */

BPFLIB_EXPORT __u64 dl_add(__u32 x)
{
	__sync_fetch_and_add(&dl_ncalls, 1);
	return __sync_add_and_fetch(&dl_total, x);
}

BPFLIB_EXPORT __u64 dl_calls(void)
{
	return dl_ncalls;
}
