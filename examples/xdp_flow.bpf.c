// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An XDP consumer of libnet: counts packets per IPv4 flow. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "flow_count.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int xdp_flow(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	struct net_pkt pkt = {};

	pkt.len = len < LIBNET_PKT_LEN ? len : LIBNET_PKT_LEN;
	if (pkt.len < 14 || bpf_xdp_load_bytes(ctx, 0, pkt.data, pkt.len))
		return XDP_PASS;
	count_flow(&pkt, len);
	return XDP_PASS;
}
