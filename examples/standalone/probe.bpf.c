// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* An XDP consumer of ratelimit: passes 5 packets at once, drops the rest. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "ratelimit.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("xdp")
int probe(struct xdp_md *ctx)
{
	/* Bucket 7: a burst of 5, then a packet every 4 seconds. */
	return rl_take(7, 5, 4000000000U) ? XDP_PASS : XDP_DROP;
}
