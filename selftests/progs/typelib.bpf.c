// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * typelib, declared for every program type of Linux 6.12, including those
 * no extension can serve: a load reports those and serves the rest.
 * (lirc_mode2 needs CONFIG_BPF_LIRC_MODE2; netfilter is 6.4+.)
 */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "typelib.h"

BPFLIB_LIBRARY("typelib", "1.0.0");
BPFLIB_TARGET("socket");
BPFLIB_TARGET("kprobe");
BPFLIB_TARGET("tc");
BPFLIB_TARGET("action");
BPFLIB_TARGET("tracepoint");
BPFLIB_TARGET("xdp");
BPFLIB_TARGET("perf_event");
BPFLIB_TARGET("cgroup_skb/ingress");
BPFLIB_TARGET("cgroup_skb/egress");
BPFLIB_TARGET("cgroup/sock_create");
BPFLIB_TARGET("lwt_in");
BPFLIB_TARGET("lwt_out");
BPFLIB_TARGET("lwt_xmit");
BPFLIB_TARGET("sockops");
BPFLIB_TARGET("sk_skb/stream_verdict");
BPFLIB_TARGET("cgroup/dev");
BPFLIB_TARGET("sk_msg");
BPFLIB_TARGET("raw_tp");
BPFLIB_TARGET("cgroup/connect4");
BPFLIB_TARGET("lwt_seg6local");
BPFLIB_TARGET("lirc_mode2");
BPFLIB_TARGET("sk_reuseport");
BPFLIB_TARGET("flow_dissector");
BPFLIB_TARGET("cgroup/sysctl");
BPFLIB_TARGET("raw_tp.w");
BPFLIB_TARGET("cgroup/getsockopt");
BPFLIB_TARGET("tp_btf/sys_enter");
BPFLIB_TARGET("fentry/bpf_fentry_test1");
BPFLIB_TARGET("fexit/bpf_fentry_test1");
BPFLIB_TARGET("fmod_ret/bpf_modify_return_test");
BPFLIB_TARGET("iter/task");
BPFLIB_TARGET("lsm/file_open");
BPFLIB_TARGET("lsm_cgroup/socket_bind");
BPFLIB_TARGET("sk_lookup");
BPFLIB_TARGET("syscall");
BPFLIB_TARGET("struct_ops");
BPFLIB_TARGET("netfilter");

char LICENSE[] SEC("license") = "GPL";

/* Calls of tt_fill by every consumer of every type. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} tt_calls SEC(".maps");

BPFLIB_EXPORT int tt_fill(struct tt_args *a)
{
	__u32 key = 0;
	__u64 *n;

	if (!a)
		return 0;
	n = bpf_map_lookup_elem(&tt_calls, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	a->out = a->in * 7 + 3;
	return 0;
}

BPFLIB_EXPORT __u32 tt_scale(__u32 x)
{
	return x * 3 + 1;
}
