// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A consumer of libnet written against the header "bpflib gen header"
 * made from libnet's object (libnet.gen.h), not against libnet's own.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "libnet.gen.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* net_flow_hash() of the packet's flow with seed 0x5eed, or 0. */
SEC("xdp")
int gen_flow_hash(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	struct net_pkt pkt = {};
	struct net_flow flow;

	pkt.len = len < sizeof(pkt.data) ? len : sizeof(pkt.data);
	if (pkt.len < 14 || bpf_xdp_load_bytes(ctx, 0, pkt.data, pkt.len))
		return 0;
	if (net_parse_flow(&pkt, &flow) < 0)
		return 0;
	return net_flow_hash(&flow, 0x5eed);
}
