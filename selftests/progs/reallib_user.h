/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What reallib's consumers share with the tests (test_reallib.c): their
 * results, the syscall consumer's context, and the calls they make.
 */
#ifndef __REALLIB_USER_H
#define __REALLIB_USER_H

#include <linux/types.h>

enum { RL_KEY_TC = 1, RL_KEY_XDP, RL_KEY_SYS, RL_KEY_HIDDEN };
#define RL_KEY2		100	/* added to the key for the second round */
#define RL_BURST	3

/* One round's results, in the consumers' .bss: rl_out[0] and rl_out[1]. */
struct rl_out {
	__u32 crc;
	__u32 hash;
	__u32 hash2;	/* seeded with crc */
	__s32 took;
	__u64 left;
};

/* The syscall consumers' context: the bytes to work on. */
struct rl_sys_args {
	__u8 data[64];
	__u32 len;
	__u32 key;
};

#ifdef __REALLIB_H
/*
 * Every import, twice: on @len bytes of @buf from bucket @key, then on
 * half of them from bucket @key + RL_KEY2.  Verified once per function, as
 * global functions are, this costs what one round costs.
 */
static __always_inline void rl_run(struct rl_buf *buf, __u32 len, __u32 key,
				   struct rl_out *out)
{
	struct rl_take req = { .key = key, .cost = 1, .rate = 0, .burst = RL_BURST };
	int i;

	for (i = 0; i < 2; i++) {
		out[i].crc = rl_crc32(buf, len);
		out[i].hash = rl_hash(buf, len, 0);
		out[i].hash2 = rl_hash(buf, len, out[i].crc);
		out[i].took = rl_take(&req);
		out[i].left = req.left;
		len /= 2;
		req.key += RL_KEY2;
	}
}
#endif

#endif /* __REALLIB_USER_H */
