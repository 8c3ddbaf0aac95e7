/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * reallib: a library of realistic size (a few hundred instructions, with
 * bounded loops): a bitwise CRC-32 and an FNV-1a hash over a 64-byte
 * buffer, and a token bucket per key in a hash map.  Statically linked, it
 * must be verified once per function, as global functions are, not once
 * per call site.
 */
#ifndef __REALLIB_H
#define __REALLIB_H

#include <linux/types.h>
#include <bpflib/bpflib.bpf.h>

#define RL_BUF_LEN	64

struct rl_buf {
	__u8 data[RL_BUF_LEN];
};

/* A request to a token bucket; @left is what the bucket holds after it. */
struct rl_take {
	__u32 key;
	__u32 cost;	/* tokens this call takes */
	__u64 rate;	/* tokens added per second, at most 10^9 */
	__u64 burst;	/* what the bucket holds at most, and at first */
	__u64 left;	/* out */
};

/*
 * CRC-32 (IEEE 802.3, reflected, as zlib's crc32()) of the first @len
 * bytes of @buf (at most RL_BUF_LEN), bit by bit.
 */
BPFLIB_IMPORT("reallib", "1.0")
__u32 rl_crc32(struct rl_buf *buf, __u32 len)
BPFLIB_STUB(buf, len)

/* 32-bit FNV-1a of the first @len bytes of @buf, @seed xored into the basis. */
BPFLIB_IMPORT("reallib", "1.0")
__u32 rl_hash(struct rl_buf *buf, __u32 len, __u32 seed)
BPFLIB_STUB(buf, len, seed)

/*
 * Take req->cost tokens from bucket req->key, refilled at req->rate per
 * second up to req->burst since it was last used: 1 if it had them, 0 if
 * not (nothing is taken then), -1 for a bad request.
 */
BPFLIB_IMPORT("reallib", "1.0")
int rl_take(struct rl_take *req)
BPFLIB_STUB(req)

#endif /* __REALLIB_H */
