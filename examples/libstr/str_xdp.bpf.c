// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * An XDP consumer of libstr: drops UDP datagrams whose payload starts
 * with one of the prefixes in str_blocked (user space fills it; an empty
 * entry is unused), and counts what it drops.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "libstr/libstr.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define NR_BLOCKED	4

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NR_BLOCKED);
	__type(key, __u32);
	__type(value, struct str);
} str_blocked SEC(".maps");

__u64 str_dropped;

/* The UDP payload of an untagged IPv4 frame, into @s; 0 if there is one. */
static __always_inline int udp_payload(struct xdp_md *ctx, struct str *s)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__u32 off, len;

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->protocol != IPPROTO_UDP || ip->ihl != 5)
		return -1;
	off = sizeof(*eth) + sizeof(*ip) + sizeof(struct udphdr);
	len = ctx->data_end - ctx->data;
	if (len <= off)
		return -1;
	len -= off;
	s->len = len < STR_MAX ? len : STR_MAX;
	/* 1 to STR_MAX, in a form older verifiers can follow too. */
	len = s->len - 1;
	barrier_var(len);
	return bpf_xdp_load_bytes(ctx, off, s->s, (len & (STR_MAX - 1)) + 1);
}

/* Does @payload start with blocked prefix @i (an empty one never matches)? */
static __always_inline int blocked(struct str *payload, __u32 i)
{
	struct str *prefix = bpf_map_lookup_elem(&str_blocked, &i);

	return prefix && prefix->len && str_has_prefix(payload, prefix);
}

SEC("xdp")
int str_xdp(struct xdp_md *ctx)
{
	struct str payload = {};

	if (udp_payload(ctx, &payload))
		return XDP_PASS;
	/* NR_BLOCKED of them, spelled out: the verifier follows each once. */
	if (blocked(&payload, 0) || blocked(&payload, 1) || blocked(&payload, 2) ||
	    blocked(&payload, 3)) {
		__sync_fetch_and_add(&str_dropped, 1);
		return XDP_DROP;
	}
	return XDP_PASS;
}
