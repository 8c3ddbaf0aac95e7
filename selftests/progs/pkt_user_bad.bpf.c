// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A consumer of pktlib whose import does not expect packet changes. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define PKTLIB_WRONG_STUB
#include "pktlib.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int xdp_pull_bad(struct xdp_md *ctx)
{
	return pk_pull(ctx, 14);
}
