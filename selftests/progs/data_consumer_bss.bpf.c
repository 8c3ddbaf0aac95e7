// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A consumer with global variables of its own in .bss, which datalib's
 * .bss would be merged into if linked statically: refused.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "datalib.h"

char LICENSE[] SEC("license") = "GPL";

__u64 dcb_last;

SEC("fentry/bpf_fentry_test1")
int BPF_PROG(dcb_fentry, int a)
{
	dcb_last = dl_add(a);
	return 0;
}
