// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A consumer that needs testlib 1.1 or newer (within major 1). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define TL_WANT "1.1"
#include "testlib.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int xdp_scale11(struct xdp_md *ctx)
{
	return tl_scale(ctx->data_end - ctx->data);
}
