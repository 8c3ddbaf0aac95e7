// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libnet: packet parsing helpers as a bpflib library.  Every function is
 * verified once per target when the library is loaded; consumers link to
 * this one copy.
 */
#ifndef BPFLIB_BUILD_LIBRARY
#define BPFLIB_BUILD_LIBRARY
#endif
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>

#include "libnet/libnet.h"

BPFLIB_LIBRARY(LIBNET_NAME, "1.0.0");
BPFLIB_TARGET("xdp");
BPFLIB_TARGET("tc");

#ifndef BPFLIB_STATIC_LINK
char LICENSE[] SEC("license") = "Dual BSD/GPL";
#endif

/* Calls per function, shared by every consumer of every type. */
enum { CALLS_PARSE, CALLS_HASH, CALLS_CSUM, CALLS_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CALLS_MAX);
	__type(key, __u32);
	__type(value, __u64);
} libnet_calls SEC(".maps");

static __always_inline void count_call(__u32 fn)
{
	__u64 *n = bpf_map_lookup_elem(&libnet_calls, &fn);

	if (n)
		__sync_fetch_and_add(n, 1);
}

static __always_inline __u16 get_be16(const struct net_pkt *pkt, __u32 off)
{
	return (__u16)pkt->data[off] << 8 | pkt->data[off + 1];
}

BPFLIB_EXPORT int net_parse_flow(struct net_pkt *pkt, struct net_flow *flow)
{
	__u32 len, off = ETH_HLEN, ihl;
	__u16 proto;

	count_call(CALLS_PARSE);
	if (!pkt || !flow)
		return -1;
	__builtin_memset(flow, 0, sizeof(*flow));
	len = pkt->len < LIBNET_PKT_LEN ? pkt->len : LIBNET_PKT_LEN;
	if (len < ETH_HLEN)
		return -1;
	proto = get_be16(pkt, 12);
	if (proto == ETH_P_8021Q) {
		if (len < ETH_HLEN + 4)
			return -1;
		proto = get_be16(pkt, 16);
		off += 4;
	}
	if (proto != ETH_P_IP)
		return -2;
	if (off + 20 > len)
		return -1;
	if (pkt->data[off] >> 4 != 4)
		return -2;
	ihl = (pkt->data[off] & 0xf) * 4;
	if (ihl < 20 || off + ihl > len)
		return -1;
	flow->proto = pkt->data[off + 9];
	__builtin_memcpy(&flow->saddr, &pkt->data[off + 12], 4);
	__builtin_memcpy(&flow->daddr, &pkt->data[off + 16], 4);
	/* More fragments, or a fragment offset: no ports here. */
	if (get_be16(pkt, off + 6) & 0x3fff)
		return -3;
	if (flow->proto != IPPROTO_TCP && flow->proto != IPPROTO_UDP)
		return -3;
	off += ihl;
	if (off + 4 > len)
		return -1;
	__builtin_memcpy(&flow->sport, &pkt->data[off], 2);
	__builtin_memcpy(&flow->dport, &pkt->data[off + 2], 2);
	return off;
}

/* MurmurHash3's 32-bit block mix and finalizer. */
static __always_inline __u32 rotl32(__u32 x, int r)
{
	return x << r | x >> (32 - r);
}

static __always_inline __u32 mix(__u32 h, __u32 k)
{
	k *= 0xcc9e2d51;
	k = rotl32(k, 15);
	k *= 0x1b873593;
	h ^= k;
	h = rotl32(h, 13);
	return h * 5 + 0xe6546b64;
}

BPFLIB_EXPORT __u32 net_flow_hash(struct net_flow *flow, __u32 seed)
{
	__u32 h = seed;

	count_call(CALLS_HASH);
	if (flow) {
		h = mix(h, flow->saddr);
		h = mix(h, flow->daddr);
		h = mix(h, (__u32)flow->sport << 16 | flow->dport);
		h = mix(h, flow->proto);
	}
	h ^= 16;
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	h ^= h >> 16;
	return h;
}

BPFLIB_EXPORT __u16 net_csum(struct net_pkt *pkt, __u32 off, __u32 len)
{
	__u32 sum = 0, i, at;

	count_call(CALLS_CSUM);
	if (!pkt || off > LIBNET_PKT_LEN || len > LIBNET_PKT_LEN - off ||
	    off + len > pkt->len)
		return 0;
	/*
	 * off + len <= LIBNET_PKT_LEN, a power of two: the masks change
	 * nothing but tell the verifier so.
	 */
	for (i = 0; i < LIBNET_PKT_LEN; i += 2) {
		if (i >= len)
			break;
		at = (off + i) & (LIBNET_PKT_LEN - 1);
		sum += (__u32)pkt->data[at] << 8;
		if (i + 1 < len)
			sum += pkt->data[(at + 1) & (LIBNET_PKT_LEN - 1)];
	}
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}
