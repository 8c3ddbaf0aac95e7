// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An fentry consumer whose import's prototype is not the library's. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpflib/bpflib.bpf.h>

char LICENSE[] SEC("license") = "GPL";

/* The library's tl_scale() takes a __u32. */
BPFLIB_IMPORT("testlib", "1.0")
__u32 tl_scale(__u64 x)
BPFLIB_STUB(x)

__u32 sig_result;

SEC("fentry/bpf_fentry_test1")
int BPF_PROG(sig_fentry, int a)
{
	sig_result = tl_scale(a);
	return 0;
}
