// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A consumer of the top of the chain: XDP (linked dynamically) and
 * syscall (linked statically, all three libraries' code in it), which also
 * imports from the bottom directly: the copy of chaina in chainc yields to
 * chaina's own.
 */
#define CHAIN_A
#define CHAIN_C
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "chain.h"

char LICENSE[] SEC("license") = "GPL";

__u32 chain_xdp_res;
__u32 chain_sys_res;
__u32 chain_sys_direct;

SEC("xdp")
int chain_xdp(struct xdp_md *ctx)
{
	chain_xdp_res = cc_top(ctx->data_end - ctx->data);
	return XDP_PASS;
}

SEC("syscall")
int chain_sys(void *ctx)
{
	chain_sys_res = cc_top(7);
	chain_sys_direct = ca_add(3);
	return 0;
}
