/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The body of every testlib version; see testlib.h. */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "testlib.h"

#define __str(x) #x
#define str(x) __str(x)

BPFLIB_LIBRARY("testlib", str(TL_MAJOR) "." str(TL_MINOR) ".0");
BPFLIB_TARGET("xdp");
BPFLIB_TARGET("tc");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Calls to tl_scale, by every consumer of every type. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} tl_calls SEC(".maps");

BPFLIB_EXPORT __u32 tl_scale(__u32 x)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&tl_calls, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return x * 3 + 1000 * TL_MAJOR + 100 * TL_MINOR;
}

BPFLIB_EXPORT int tl_xdp_len(struct xdp_md *ctx)
{
	return ctx->data_end - ctx->data;
}

BPFLIB_EXPORT __u32 tl_pair_sum(struct tl_pair *p)
{
	return p ? p->a + p->b : 0;
}
