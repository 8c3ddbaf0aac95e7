// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A consumer of a type testlib does not serve. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "testlib.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("socket")
int sock_scale(struct __sk_buff *skb)
{
	return tl_scale(skb->len);
}
