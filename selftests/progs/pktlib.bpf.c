// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A library whose function changes packet data. */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "pktlib.h"

BPFLIB_LIBRARY("pktlib", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

BPFLIB_EXPORT int pk_pull(struct xdp_md *ctx, __u32 n)
{
	if (n > 64 || bpf_xdp_adjust_head(ctx, n))
		return -1;
	return ctx->data_end - ctx->data;
}
