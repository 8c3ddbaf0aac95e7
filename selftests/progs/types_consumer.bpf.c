// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * One consumer of typelib per program type.  Each asks the library for
 * its slot's result and keeps it in tt_results[], where test_types.c
 * reads it; test_types loads one program at a time.
 */
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <bpf/bpf_helpers.h>

#include "typelib.h"

char LICENSE[] SEC("license") = "GPL";

__u32 tt_results[TT_NR_SLOTS];

#define CONSUMER(slot, sec, name, ctx_t, ret)				\
	SEC(sec) int name(ctx_t *ctx)					\
	{								\
		struct tt_args a = { .in = TT_IN(slot) };		\
									\
		tt_fill(&a);						\
		tt_results[slot] = a.out;				\
		return ret;						\
	}

CONSUMER(TT_SOCKET, "socket", c_socket, struct __sk_buff, 0)
CONSUMER(TT_KPROBE, "kprobe", c_kprobe, void, 0)
CONSUMER(TT_TC, "tc", c_tc, struct __sk_buff, 0)
CONSUMER(TT_ACTION, "action", c_action, struct __sk_buff, 0)
CONSUMER(TT_TRACEPOINT, "tracepoint/raw_syscalls/sys_enter", c_tracepoint, void, 0)
CONSUMER(TT_XDP, "xdp", c_xdp, struct xdp_md, XDP_PASS)
CONSUMER(TT_PERF_EVENT, "perf_event", c_perf_event, struct bpf_perf_event_data, 0)
CONSUMER(TT_CGROUP_SKB_IN, "cgroup_skb/ingress", c_cgroup_skb_in, struct __sk_buff, 1)
CONSUMER(TT_CGROUP_SKB_EG, "cgroup_skb/egress", c_cgroup_skb_eg, struct __sk_buff, 1)
CONSUMER(TT_CGROUP_SOCK, "cgroup/sock_create", c_cgroup_sock, struct bpf_sock, 1)
CONSUMER(TT_LWT_IN, "lwt_in", c_lwt_in, struct __sk_buff, BPF_OK)
CONSUMER(TT_LWT_OUT, "lwt_out", c_lwt_out, struct __sk_buff, BPF_OK)
CONSUMER(TT_LWT_XMIT, "lwt_xmit", c_lwt_xmit, struct __sk_buff, BPF_OK)
CONSUMER(TT_SOCK_OPS, "sockops", c_sock_ops, struct bpf_sock_ops, 1)
CONSUMER(TT_SK_SKB, "sk_skb/stream_verdict", c_sk_skb, struct __sk_buff, SK_PASS)
CONSUMER(TT_CGROUP_DEVICE, "cgroup/dev", c_cgroup_device, struct bpf_cgroup_dev_ctx, 1)
CONSUMER(TT_SK_MSG, "sk_msg", c_sk_msg, struct sk_msg_md, SK_PASS)
CONSUMER(TT_RAW_TP, "raw_tp/sys_enter", c_raw_tp, struct bpf_raw_tracepoint_args, 0)
CONSUMER(TT_SOCK_ADDR, "cgroup/connect4", c_sock_addr, struct bpf_sock_addr, 1)
CONSUMER(TT_SEG6LOCAL, "lwt_seg6local", c_seg6local, struct __sk_buff, BPF_OK)
CONSUMER(TT_LIRC, "lirc_mode2", c_lirc, unsigned int, 0)
CONSUMER(TT_REUSEPORT, "sk_reuseport", c_reuseport, struct sk_reuseport_md, SK_PASS)
CONSUMER(TT_FLOW_DISSECTOR, "flow_dissector", c_flow_dissector, struct __sk_buff, BPF_OK)
CONSUMER(TT_SYSCTL, "cgroup/sysctl", c_sysctl, struct bpf_sysctl, 1)
CONSUMER(TT_RAW_TP_W, "raw_tp.w/sys_enter", c_raw_tp_w, struct bpf_raw_tracepoint_args, 0)
CONSUMER(TT_SOCKOPT, "cgroup/getsockopt", c_sockopt, struct bpf_sockopt, 1)
CONSUMER(TT_LSM, "lsm/file_open", c_lsm, void, 0)
CONSUMER(TT_SK_LOOKUP, "sk_lookup", c_sk_lookup, struct bpf_sk_lookup, SK_PASS)
CONSUMER(TT_LSM_CGROUP, "lsm_cgroup/socket_bind", c_lsm_cgroup, void, 1)
/* libbpf 1.1 does not know "netfilter": test_types sets the type. */
CONSUMER(TT_NETFILTER, "netfilter", c_netfilter, void, 1)
/* Types the kernel cannot extend: typelib's code is linked into these. */
CONSUMER(TT_FENTRY, "fentry/bpf_fentry_test1", c_fentry, void, 0)
CONSUMER(TT_FEXIT, "fexit/bpf_fentry_test1", c_fexit, void, 0)
CONSUMER(TT_FMOD_RET, "fmod_ret/bpf_modify_return_test", c_fmod_ret, void, 0)
CONSUMER(TT_TP_BTF, "tp_btf/sys_enter", c_tp_btf, void, 0)
CONSUMER(TT_ITER, "iter/task", c_iter, void, 0)
CONSUMER(TT_SYSCALL, "syscall", c_syscall, void, 0)

/* A value-returning import, served to types without a return range only. */
SEC("xdp")
int c_scale(struct xdp_md *ctx)
{
	tt_results[TT_SCALE] = tt_scale(TT_IN(TT_SCALE));
	return XDP_PASS;
}

/* The same, where the type's return range refuses it. */
SEC("cgroup_skb/ingress")
int c_scale_cg(struct __sk_buff *ctx)
{
	tt_results[TT_SCALE] = tt_scale(TT_IN(TT_SCALE));
	return 1;
}
