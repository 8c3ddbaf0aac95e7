// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Consumers of exportcalls: an XDP program (linked dynamically) and a
 * syscall program (linked statically), each calling every export, the
 * results for the test to compare.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "exportcalls.h"

char LICENSE[] SEC("license") = "GPL";

__u32 xdp_res[3];
__u32 sys_res[3];

SEC("xdp")
int ecu_xdp(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	xdp_res[0] = ec_inner(len);
	xdp_res[1] = ec_middle(len);
	xdp_res[2] = ec_outer(len);
	return XDP_PASS;
}

SEC("syscall")
int ecu_sys(void *ctx)
{
	sys_res[0] = ec_inner(10);
	sys_res[1] = ec_middle(10);
	sys_res[2] = ec_outer(10);
	return 0;
}
