// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The bottom of the chain: uses no library. */
#define BPFLIB_BUILD_LIBRARY
#define CHAIN_A
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "chain.h"

BPFLIB_LIBRARY("chaina", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} ca_hits SEC(".maps");

BPFLIB_EXPORT __u32 ca_add(__u32 x)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&ca_hits, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return x + 1;
}
