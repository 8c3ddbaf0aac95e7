/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * libnet - packet parsing helpers shipped as a bpflib library.
 *
 * Consumers include this header and call the functions as usual; the
 * library object (libnet.bpf.o) includes it with BPFLIB_BUILD_LIBRARY
 * defined, so the compiler holds the implementation to these prototypes.
 *
 * The functions work on a copy of the packet's first bytes (struct
 * net_pkt, filled with bpf_xdp_load_bytes() or bpf_skb_load_bytes()), so
 * one library serves XDP and tc consumers alike.
 */
#ifndef __LIBNET_H
#define __LIBNET_H

#include <linux/types.h>
#include <bpflib/bpflib.bpf.h>

#define LIBNET_NAME		"libnet"
#define LIBNET_PKT_LEN		128

/* The first bytes of a frame. */
struct net_pkt {
	__u8 data[LIBNET_PKT_LEN];
	__u32 len;		/* bytes of data[] that are valid */
	__u32 __pad;
};

/* An IPv4 flow; addresses and ports in network byte order. */
struct net_flow {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
	__u8 proto;
	__u8 __pad[3];
};

/*
 * Parse Ethernet (with at most one 802.1Q tag), IPv4 and TCP or UDP
 * headers into @flow.  Returns the offset of the L4 header, -1 if the
 * frame is too short, -2 if it is not IPv4, -3 for IPv4 fragments and
 * protocols without ports (@flow then has addresses and proto only).
 */
BPFLIB_IMPORT(LIBNET_NAME, "1.0")
int net_parse_flow(struct net_pkt *pkt, struct net_flow *flow)
BPFLIB_STUB(pkt, flow)

/* A 32-bit hash of @flow, different for every @seed. */
BPFLIB_IMPORT(LIBNET_NAME, "1.0")
__u32 net_flow_hash(struct net_flow *flow, __u32 seed)
BPFLIB_STUB(flow, seed)

/*
 * The RFC 1071 Internet checksum of @len bytes of @pkt from @off (the
 * one's complement of the one's complement sum of big-endian 16-bit
 * words, as a host-order number: compare with bpf_ntohs() of the field).
 * A range beyond pkt->len returns 0.  Over a header that holds its
 * correct checksum, the result is 0.
 */
BPFLIB_IMPORT(LIBNET_NAME, "1.0")
__u16 net_csum(struct net_pkt *pkt, __u32 off, __u32 len)
BPFLIB_STUB(pkt, off, len)

#endif /* __LIBNET_H */
