// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Half of a dependency cycle: cycb uses cyca, which uses cycb. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpflib/bpflib.bpf.h>

BPFLIB_IMPORT("cyca", "1.0")
__u32 cya_fn(__u32 x)
BPFLIB_STUB(x);

BPFLIB_LIBRARY("cycb", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

BPFLIB_EXPORT __u32 cyb_fn(__u32 x)
{
	return cya_fn(x) + 1;
}
