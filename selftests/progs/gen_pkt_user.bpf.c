// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A consumer of pktlib written against the generated header, whose stub
 * must be BPFLIB_STUB_PKT (the kernel refuses the link otherwise).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "pktlib.gen.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int gen_pull(struct xdp_md *ctx)
{
	return pk_pull(ctx, 14);
}
