// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * reallib's tc consumer as a project built with hidden visibility builds
 * it (-fvisibility=hidden, or this pragma): BPFLIB_IMPORT() gives the
 * stubs default visibility all the same, so libbpf keeps them global
 * functions, which the kernel can replace (a static one it cannot).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#pragma GCC visibility push(hidden)
#include "reallib.h"
#include "reallib_user.h"
#pragma GCC visibility pop

char LICENSE[] SEC("license") = "GPL";

struct rl_out rl_out[2];

SEC("tc")
int rl_hidden_tc(struct __sk_buff *skb)
{
	struct rl_buf buf = {};

	if (bpf_skb_load_bytes(skb, 0, &buf, sizeof(buf)))
		return -1;
	rl_run(&buf, skb->len, RL_KEY_TC, rl_out);
	return 0;
}
