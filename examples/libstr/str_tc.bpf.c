// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A tc consumer of libstr: marks a UDP datagram whose payload carries
 * "id=<number>" with that number (skb->mark), for routing or later
 * filters to act on; other packets pass unmarked.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "libstr/libstr.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("tc")
int str_tc(struct __sk_buff *skb)
{
	__u32 off = sizeof(struct ethhdr) + sizeof(struct iphdr) + sizeof(struct udphdr);
	struct str payload = {}, key = { .len = 3, .s = "id=" };
	struct str_num num = {};
	__u32 len;
	int at;

	if (skb->protocol != bpf_htons(ETH_P_IP) || skb->len <= off)
		return TC_ACT_OK;
	payload.len = skb->len - off < STR_MAX ? skb->len - off : STR_MAX;
	/* 1 to STR_MAX, in a form older verifiers can follow too. */
	len = payload.len - 1;
	barrier_var(len);
	if (bpf_skb_load_bytes(skb, off, payload.s, (len & (STR_MAX - 1)) + 1))
		return TC_ACT_OK;
	at = str_find(&payload, &key);
	if (at >= 0 && str_to_u64(&payload, at + 3, &num))
		skb->mark = num.value;
	return TC_ACT_OK;
}
