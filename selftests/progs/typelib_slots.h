/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Where types_consumer.bpf.c keeps each consumer's result, for test_types.c too. */
#ifndef __TYPELIB_SLOTS_H
#define __TYPELIB_SLOTS_H

/* Index of each consumer's result in the consumer's tt_results[]. */
enum tt_slot {
	TT_SOCKET, TT_KPROBE, TT_TC, TT_ACTION, TT_TRACEPOINT, TT_XDP,
	TT_PERF_EVENT, TT_CGROUP_SKB_IN, TT_CGROUP_SKB_EG, TT_CGROUP_SOCK,
	TT_LWT_IN, TT_LWT_OUT, TT_LWT_XMIT, TT_SOCK_OPS, TT_SK_SKB,
	TT_CGROUP_DEVICE, TT_SK_MSG, TT_RAW_TP, TT_SOCK_ADDR, TT_SEG6LOCAL,
	TT_LIRC, TT_REUSEPORT, TT_FLOW_DISSECTOR, TT_SYSCTL, TT_RAW_TP_W,
	TT_SOCKOPT, TT_LSM, TT_SK_LOOKUP, TT_LSM_CGROUP, TT_NETFILTER, TT_SCALE,
	TT_FENTRY, TT_FEXIT, TT_FMOD_RET, TT_TP_BTF, TT_ITER, TT_SYSCALL,
	TT_NR_SLOTS
};

/* What the library computes for a consumer of slot @s. */
#define TT_IN(s)	(100 + (s))
#define TT_OUT(s)	(TT_IN(s) * 7 + 3)

#endif /* __TYPELIB_SLOTS_H */
