// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The ratelimit library: see ratelimit.h. */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "ratelimit.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";
BPFLIB_LIBRARY("ratelimit", "1.0.0");
BPFLIB_TARGET("xdp");
BPFLIB_TARGET("tc");

struct bucket {
	struct bpf_spin_lock lock;
	__u32 tokens;
	__u64 last_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, RATELIMIT_BUCKETS);
	__type(key, __u32);
	__type(value, struct bucket);
} buckets SEC(".maps");

BPFLIB_EXPORT int rl_take(__u32 key, __u32 burst, __u32 ns_per_token)
{
	__u32 k = key % RATELIMIT_BUCKETS;
	struct bucket *b = bpf_map_lookup_elem(&buckets, &k);
	__u64 now = bpf_ktime_get_ns(), fill;
	int taken = 0;

	if (!b || !ns_per_token)
		return 0;
	bpf_spin_lock(&b->lock);
	if (!b->last_ns) {
		b->tokens = burst;
		b->last_ns = now;
	}
	fill = (now - b->last_ns) / ns_per_token;
	if (fill) {
		b->tokens = b->tokens + fill > burst ? burst : b->tokens + fill;
		b->last_ns = now;
	}
	if (b->tokens) {
		b->tokens--;
		taken = 1;
	}
	bpf_spin_unlock(&b->lock);
	return taken;
}
