// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The same 1000 calls, three ways: to a linked library function, to a
 * global function of this program (a BPF-to-BPF call), and inlined.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "bench.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define CALLS 1000

__attribute__((noinline)) __u32 local_mix(__u32 a, __u32 b)
{
	return bench_mix(a, b);
}

/* A program that makes CALLS calls of @fn, threading a value through them. */
#define CALL_PROG(name, fn)						\
SEC("tc")								\
int name(struct __sk_buff *skb)						\
{									\
	__u32 acc = skb->len, i;					\
									\
	for (i = 0; i < CALLS; i++)					\
		acc = fn(acc, i);					\
	return acc & 0xffff;						\
}

CALL_PROG(call_linked, bl_mix)
CALL_PROG(call_global, local_mix)
CALL_PROG(call_inline, bench_mix)
