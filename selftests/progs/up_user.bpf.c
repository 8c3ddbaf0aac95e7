// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A consumer of uplib on four hooks at once, for test_upgrade: each counts
 * the answers it gets, per hook and per answer, while the test moves it
 * between uplib 1.0 and 1.1 under traffic.  Deployed with 'bpflib prog
 * load ... attach xdp dev lo attach tc ingress dev lo attach cgroup DIR
 * attach auto' (the tracepoint and the kprobe).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "uplib.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

enum { UP_XDP, UP_TC, UP_CGROUP, UP_TRACE, UP_KPROBE, UP_HOOKS };
/* Per hook: answers from a stub (0), from 1.0, from 1.1, anything else. */
#define UP_SLOTS 4

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, UP_HOOKS * UP_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} answers SEC(".maps");

/* [0]: the UDP port counted (host order), [1]: the process counted. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} up_cfg SEC(".maps");

static __always_inline __u32 cfg(__u32 k)
{
	__u32 *v = bpf_map_lookup_elem(&up_cfg, &k);

	return v ? *v : 0;
}

static __always_inline void count(__u32 hook)
{
	struct up_out o = {};
	__u32 k;
	__u64 *n;

	up_answer(&o);
	k = hook * UP_SLOTS + (o.version == 0 ? 0 : o.version == 100 ? 1 :
			       o.version == 101 ? 2 : 3);
	n = bpf_map_lookup_elem(&answers, &k);
	if (n)
		__sync_fetch_and_add(n, 1);
}

/* Is this IPv4 header the start of a datagram to the test's port? */
static __always_inline int ours(const struct iphdr *ip, const struct udphdr *udp)
{
	return ip->protocol == IPPROTO_UDP && ip->ihl == 5 &&
	       udp->dest == bpf_htons(cfg(0));
}

SEC("xdp")
int up_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);

	if ((void *)(udp + 1) <= end && eth->h_proto == bpf_htons(ETH_P_IP) && ours(ip, udp))
		count(UP_XDP);
	return XDP_PASS;
}

SEC("tc")
int up_tc(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);

	if ((void *)(udp + 1) <= end && eth->h_proto == bpf_htons(ETH_P_IP) && ours(ip, udp))
		count(UP_TC);
	return TC_ACT_OK;
}

SEC("cgroup_skb/ingress")
int up_cgroup(struct __sk_buff *skb)
{
	struct {
		struct iphdr ip;
		struct udphdr udp;
	} h;

	if (!bpf_skb_load_bytes(skb, 0, &h, sizeof(h)) && ours(&h.ip, &h.udp))
		count(UP_CGROUP);
	return 1;
}

/* task:task_rename: every kernel with tracepoints has it (prctl(PR_SET_NAME)). */
SEC("tracepoint/task/task_rename")
int up_trace(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) == cfg(1))
		count(UP_TRACE);
	return 0;
}

SEC("ksyscall/getppid")
int up_kprobe(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) == cfg(1))
		count(UP_KPROBE);
	return 0;
}
