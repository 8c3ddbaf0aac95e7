// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* reallib: see reallib.h. */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "reallib.h"

BPFLIB_LIBRARY("reallib", "1.0.0");
BPFLIB_TARGET("tc");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define NSEC_PER_SEC	1000000000ULL

struct rl_bucket {
	__u64 tokens;
	__u64 last_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct rl_bucket);
} rl_buckets SEC(".maps");

BPFLIB_EXPORT __u32 rl_crc32(struct rl_buf *buf, __u32 len)
{
	__u32 crc = 0xffffffff, i, k;

	if (!buf)
		return 0;
	for (i = 0; i < RL_BUF_LEN && i < len; i++) {
		crc ^= buf->data[i];
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? crc >> 1 ^ 0xedb88320 : crc >> 1;
	}
	return ~crc;
}

BPFLIB_EXPORT __u32 rl_hash(struct rl_buf *buf, __u32 len, __u32 seed)
{
	__u32 h = 0x811c9dc5 ^ seed, i;

	if (!buf)
		return h;
	for (i = 0; i < RL_BUF_LEN && i < len; i++) {
		h ^= buf->data[i];
		h *= 0x01000193;
	}
	return h;
}

BPFLIB_EXPORT int rl_take(struct rl_take *req)
{
	struct rl_bucket *b, nb;
	__u64 now, add;
	__u32 key;

	if (!req || !req->burst || req->rate > NSEC_PER_SEC)
		return -1;
	/* Keys from the stack: Linux 6.1 takes no others from a global function. */
	key = req->key;
	now = bpf_ktime_get_ns();
	b = bpf_map_lookup_elem(&rl_buckets, &key);
	if (!b) {
		nb.tokens = req->burst;
		nb.last_ns = now;
		if (bpf_map_update_elem(&rl_buckets, &key, &nb, BPF_NOEXIST) &&
		    bpf_map_update_elem(&rl_buckets, &key, &nb, BPF_EXIST))
			return -1;
		b = bpf_map_lookup_elem(&rl_buckets, &key);
		if (!b)
			return -1;
	}
	if (req->rate && now > b->last_ns) {
		add = (now - b->last_ns) / (NSEC_PER_SEC / req->rate);
		if (add) {
			b->tokens = add >= req->burst - b->tokens ? req->burst :
								    b->tokens + add;
			b->last_ns = now;
		}
	}
	if (b->tokens > req->burst)
		b->tokens = req->burst;
	if (b->tokens < req->cost) {
		req->left = b->tokens;
		return 0;
	}
	b->tokens -= req->cost;
	req->left = b->tokens;
	return 1;
}
