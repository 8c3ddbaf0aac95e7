// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * One program that links and one that cannot: linking the object must
 * leave neither linked.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "testlib.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

BPFLIB_IMPORT("testlib", "1.0")
int tl_missing(int x)
BPFLIB_STUB(x)

SEC("xdp")
int a_good(struct xdp_md *ctx)
{
	return tl_scale(1);
}

SEC("xdp")
int b_bad(struct xdp_md *ctx)
{
	return tl_missing(1);
}
