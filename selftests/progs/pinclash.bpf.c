// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A consumer whose program and .bss map pin under the same name
 * ("pinclash_bss"): bpflib prog link must refuse it before making anything.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u32 seen;

SEC("xdp")
int pinclash_bss(struct xdp_md *ctx)
{
	seen++;
	return XDP_PASS;
}
