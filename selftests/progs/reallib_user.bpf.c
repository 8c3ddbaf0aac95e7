// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * reallib's tc and XDP consumers: linked dynamically, or statically when
 * opened in static mode.  Each works on the first 64 bytes of its packet.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "reallib.h"
#include "reallib_user.h"

char LICENSE[] SEC("license") = "GPL";

struct rl_out rl_out[2];

SEC("tc")
int rl_tc(struct __sk_buff *skb)
{
	struct rl_buf buf = {};

	if (bpf_skb_load_bytes(skb, 0, &buf, sizeof(buf)))
		return -1;
	rl_run(&buf, skb->len, RL_KEY_TC, rl_out);
	return 0;
}

SEC("xdp")
int rl_xdp(struct xdp_md *ctx)
{
	struct rl_buf buf = {};

	if (bpf_xdp_load_bytes(ctx, 0, &buf, sizeof(buf)))
		return -1;
	rl_run(&buf, ctx->data_end - ctx->data, RL_KEY_XDP, rl_out);
	return 0;
}
