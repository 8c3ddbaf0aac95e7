// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A library whose exports call one another with real calls (three deep),
 * and a helper of its own in .text: each export that calls another gets
 * the callee's code in its program, verified as a global function.
 */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpflib/bpflib.bpf.h>

#include "exportcalls.h"

BPFLIB_LIBRARY("exportcalls", "1.0.0");
BPFLIB_TARGET("xdp");
BPFLIB_TARGET("tc");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Calls of ec_inner, from wherever: consumers and the other exports. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} ec_calls SEC(".maps");

/* Not an export: a function of the library's own .text. */
static __attribute__((noinline)) __u32 ec_mix(__u32 x)
{
	return x ^ 0x5a;
}

__attribute__((noinline)) BPFLIB_EXPORT __u32 ec_inner(__u32 x)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&ec_calls, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return x * 5 + 1;
}

__attribute__((noinline)) BPFLIB_EXPORT __u32 ec_middle(__u32 x)
{
	return ec_inner(x) + 2;
}

BPFLIB_EXPORT __u32 ec_outer(__u32 x)
{
	return ec_middle(x) * 2 + ec_mix(x);
}
