// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A library for two consumer types, one of which cannot have it: socket
 * filters may not call bpf_csum_diff().
 */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpflib/bpflib.bpf.h>

BPFLIB_LIBRARY("testlib", "1.5.0");
BPFLIB_TARGET("xdp");
BPFLIB_TARGET("socket");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct hl_words {
	__u32 w[4];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hl_calls SEC(".maps");

BPFLIB_EXPORT __u32 hl_csum(struct hl_words *w)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&hl_calls, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return w ? bpf_csum_diff(0, 0, w->w, sizeof(w->w), 0) : 0;
}
