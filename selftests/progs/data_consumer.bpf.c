// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * datalib's consumers: an XDP program, linked dynamically, and a syscall
 * program (sleepable: the kernel cannot extend it), linked statically.  Neither
 * keeps global variables of its own: the object's .bss and .data, once
 * datalib's code is linked in, are the library's.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "datalib.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} dc_seen SEC(".maps");

static void seen(__u32 slot, __u64 v)
{
	bpf_map_update_elem(&dc_seen, &slot, &v, BPF_ANY);
}

/* From a test run. */
SEC("syscall")
int dc_sys(void *ctx)
{
	seen(0, dl_add(10));
	seen(1, dl_calls());
	return 0;
}

SEC("xdp")
int dc_xdp(struct xdp_md *ctx)
{
	return dl_add(ctx->data_end - ctx->data);
}
