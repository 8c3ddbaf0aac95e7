// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A consumer of testlib 2.x. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define TL_WANT "2.0"
#include "testlib.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int xdp_scale2(struct xdp_md *ctx)
{
	return tl_scale(ctx->data_end - ctx->data);
}
