// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A tc consumer of libnet: counts packets per IPv4 flow. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#include "flow_count.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("tc")
int tc_flow(struct __sk_buff *skb)
{
	struct net_pkt pkt = {};

	pkt.len = skb->len < LIBNET_PKT_LEN ? skb->len : LIBNET_PKT_LEN;
	if (pkt.len < 14 || bpf_skb_load_bytes(skb, 0, pkt.data, pkt.len))
		return TC_ACT_OK;
	count_flow(&pkt, skb->len);
	return TC_ACT_OK;
}
