// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A consumer of pktlib that declares the import as changing packet data. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "pktlib.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int xdp_pull(struct xdp_md *ctx)
{
	return pk_pull(ctx, 14);
}
