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

SEC("tc")
int call_linked(struct __sk_buff *skb)
{
	__u32 acc = skb->len, i;

	for (i = 0; i < CALLS; i++)
		acc = bl_mix(acc, i);
	return acc & 0xffff;
}

SEC("tc")
int call_global(struct __sk_buff *skb)
{
	__u32 acc = skb->len, i;

	for (i = 0; i < CALLS; i++)
		acc = local_mix(acc, i);
	return acc & 0xffff;
}

SEC("tc")
int call_inline(struct __sk_buff *skb)
{
	__u32 acc = skb->len, i;

	for (i = 0; i < CALLS; i++)
		acc = bench_mix(acc, i);
	return acc & 0xffff;
}
