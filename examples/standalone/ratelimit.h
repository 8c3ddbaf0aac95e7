/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * ratelimit - a token bucket as a bpflib library: consumers of any type it
 * serves share the buckets, because the library's map is one map.
 */
#ifndef __RATELIMIT_H
#define __RATELIMIT_H

#include <linux/types.h>
#include <bpflib/bpflib.bpf.h>

#define RATELIMIT_BUCKETS	64

/*
 * Take one token from bucket @key (modulo RATELIMIT_BUCKETS), which holds
 * at most @burst tokens and gains one every @ns_per_token nanoseconds.
 * Returns 1 if a token was taken, 0 if the bucket is empty.
 */
BPFLIB_IMPORT("ratelimit", "1.0")
int rl_take(__u32 key, __u32 burst, __u32 ns_per_token)
BPFLIB_STUB(key, burst, ns_per_token)

#endif
