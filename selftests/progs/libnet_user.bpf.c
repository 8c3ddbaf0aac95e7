// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Consumers of libnet whose return values the tests check exactly. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#include "libnet/libnet.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define SEED 0x5eed

/* net_flow_hash() of the packet's flow, or 0 if it does not parse. */
SEC("xdp")
int xdp_flow_hash(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	struct net_pkt pkt = {};
	struct net_flow flow;

	pkt.len = len < LIBNET_PKT_LEN ? len : LIBNET_PKT_LEN;
	if (pkt.len < 14 || bpf_xdp_load_bytes(ctx, 0, pkt.data, pkt.len))
		return 0;
	if (net_parse_flow(&pkt, &flow) < 0)
		return 0;
	return net_flow_hash(&flow, SEED);
}

SEC("tc")
int tc_flow_hash(struct __sk_buff *skb)
{
	struct net_pkt pkt = {};
	struct net_flow flow;

	pkt.len = skb->len < LIBNET_PKT_LEN ? skb->len : LIBNET_PKT_LEN;
	if (pkt.len < 14 || bpf_skb_load_bytes(skb, 0, pkt.data, pkt.len))
		return 0;
	if (net_parse_flow(&pkt, &flow) < 0)
		return 0;
	return net_flow_hash(&flow, SEED);
}

/* net_parse_flow()'s result (the L4 offset, or a negative error). */
SEC("xdp")
int xdp_parse(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	struct net_pkt pkt = {};
	struct net_flow flow;

	pkt.len = len < LIBNET_PKT_LEN ? len : LIBNET_PKT_LEN;
	if (pkt.len < 14 || bpf_xdp_load_bytes(ctx, 0, pkt.data, pkt.len))
		return -100;
	return net_parse_flow(&pkt, &flow);
}

/* net_csum() over the IPv4 header of an untagged frame. */
SEC("xdp")
int xdp_ip_csum(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	struct net_pkt pkt = {};

	pkt.len = len < LIBNET_PKT_LEN ? len : LIBNET_PKT_LEN;
	if (pkt.len < 34 || bpf_xdp_load_bytes(ctx, 0, pkt.data, pkt.len))
		return -1;
	return net_csum(&pkt, 14, (pkt.data[14] & 0xf) * 4);
}
