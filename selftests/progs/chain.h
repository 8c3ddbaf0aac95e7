/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Three libraries in a chain: chainc uses chainb, which uses chaina.  Each
 * counts its calls in a map of its own.  Included once per library, before
 * BPFLIB_BUILD_LIBRARY is defined by the library it belongs to.
 */
#include <bpflib/bpflib.bpf.h>

#ifndef CHAIN_COUNTER
/* A library's call counter @map, a map of its own, and count_call() for it. */
#define CHAIN_COUNTER(map)						\
	struct {							\
		__uint(type, BPF_MAP_TYPE_ARRAY);			\
		__uint(max_entries, 1);					\
		__type(key, __u32);					\
		__type(value, __u64);					\
	} map SEC(".maps");						\
	static __always_inline void count_call(void)			\
	{								\
		__u32 key = 0;						\
		__u64 *n = bpf_map_lookup_elem(&map, &key);		\
									\
		if (n)							\
			__sync_fetch_and_add(n, 1);			\
	}
#endif

#if defined(CHAIN_A) && !defined(__CHAIN_A_H)
#define __CHAIN_A_H
/* x + 1 */
BPFLIB_IMPORT("chaina", "1.0")
__u32 ca_add(__u32 x)
BPFLIB_STUB(x);
#endif

#if defined(CHAIN_B) && !defined(__CHAIN_B_H)
#define __CHAIN_B_H
/* ca_add(x) * 2 */
BPFLIB_IMPORT("chainb", "1.0")
__u32 cb_twice(__u32 x)
BPFLIB_STUB(x);
#endif

#if defined(CHAIN_C) && !defined(__CHAIN_C_H)
#define __CHAIN_C_H
/* cb_twice(x) + 100 */
BPFLIB_IMPORT("chainc", "1.0")
__u32 cc_top(__u32 x)
BPFLIB_STUB(x);
#endif
