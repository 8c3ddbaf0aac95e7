// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * An XDP consumer for xdp-loader, whose dispatcher loads it as an
 * extension: testlib's code has to be linked in before (bpflib gen
 * object).  It passes every packet and keeps, for the test to read with
 * bpftool: packets seen, the last packet's length and tl_scale() of it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "testlib.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} xl_out SEC(".maps");

static void put(__u32 slot, __u64 v)
{
	bpf_map_update_elem(&xl_out, &slot, &v, BPF_ANY);
}

SEC("xdp")
int xl_count(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data, slot = 0;
	__u64 *n = bpf_map_lookup_elem(&xl_out, &slot);

	if (n)
		__sync_fetch_and_add(n, 1);
	put(1, len);
	put(2, tl_scale(len));
	return XDP_PASS;
}
