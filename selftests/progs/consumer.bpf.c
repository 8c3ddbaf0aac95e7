// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Consumers of testlib 1.0, of both types the library serves. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#include "testlib.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* tl_scale() of the packet length. */
SEC("xdp")
int xdp_scale(struct xdp_md *ctx)
{
	return tl_scale(ctx->data_end - ctx->data);
}

/* Both imports, and a struct argument on the stack. */
SEC("xdp")
int xdp_all(struct xdp_md *ctx)
{
	struct tl_pair p = { .a = 7, .b = tl_xdp_len(ctx) };

	return tl_pair_sum(&p) + tl_scale(1);
}

SEC("tc")
int tc_scale(struct __sk_buff *skb)
{
	return tl_scale(skb->len);
}

/* No imports at all. */
SEC("xdp")
int xdp_plain(struct xdp_md *ctx)
{
	return XDP_PASS;
}
