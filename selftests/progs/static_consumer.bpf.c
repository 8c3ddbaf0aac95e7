// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Consumers the kernel cannot extend, so testlib's code is linked into
 * them before they load: an fentry program (fired by BPF_PROG_TEST_RUN of
 * itself, which calls bpf_fentry_test1(1)), and a syscall program, which
 * is sleepable and runs on every kernel and architecture (fentry has no
 * trampoline on arm64 before 6.4... of the kernels here, 6.1).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "testlib.h"

char LICENSE[] SEC("license") = "GPL";

/* What the library computed, for the test to read. */
__u32 static_result;
__u32 static_pair;

SEC("fentry/bpf_fentry_test1")
int BPF_PROG(static_scale, int a)
{
	struct tl_pair p = { .a = a, .b = 41 };

	static_result = tl_scale(a);
	static_pair = tl_pair_sum(&p);
	return 0;
}

/* The same for x = 2, from a test run. */
SEC("syscall")
int static_sys(void *ctx)
{
	struct tl_pair p = { .a = 2, .b = 40 };

	static_result = tl_scale(2);
	static_pair = tl_pair_sum(&p);
	return 0;
}
