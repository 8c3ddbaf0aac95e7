/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Per-flow packet counting on top of libnet, shared by the XDP and tc
 * example consumers: libnet parses and hashes, the consumer keeps the
 * counts in its own map.
 */
#ifndef __FLOW_COUNT_H
#define __FLOW_COUNT_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "libnet/libnet.h"

struct flow_stats {
	__u64 packets;
	__u64 bytes;
	__u32 hash;		/* net_flow_hash(flow, 0) */
	__u32 bad_csum;		/* packets whose IPv4 header checksum is wrong */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, struct net_flow);
	__type(value, struct flow_stats);
} flows SEC(".maps");

static __always_inline void count_flow(struct net_pkt *pkt, __u32 wire_len)
{
	struct flow_stats *st, init = {};
	struct net_flow flow;
	__u32 ip_off;
	int l4;

	l4 = net_parse_flow(pkt, &flow);
	if (l4 < 0)
		return;
	st = bpf_map_lookup_elem(&flows, &flow);
	if (!st) {
		init.hash = net_flow_hash(&flow, 0);
		bpf_map_update_elem(&flows, &flow, &init, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&flows, &flow);
		if (!st)
			return;
	}
	__sync_fetch_and_add(&st->packets, 1);
	__sync_fetch_and_add(&st->bytes, wire_len);
	ip_off = pkt->data[12] == 0x81 && pkt->data[13] == 0x00 ? 18 : 14;
	if (net_csum(pkt, ip_off, l4 - ip_off))
		__sync_fetch_and_add(&st->bad_csum, 1);
}

#endif /* __FLOW_COUNT_H */
