// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A tracepoint consumer of libstr: counts the files one process opens
 * under /tmp/, per file name hash (str_opens).  User space sets the
 * process (str_pid) and the number of openat() on its architecture
 * (str_nr, __NR_openat) in .bss; raw_syscalls/sys_enter is there on every
 * kernel that has tracepoints.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "libstr/libstr.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* The tracepoint's record (tracing/events/raw_syscalls/sys_enter/format). */
struct sys_enter {
	__u64 common;
	long id;
	unsigned long args[6];
};

__u32 str_pid;			/* the process to watch (its tgid) */
__u32 str_nr;			/* openat()'s syscall number */
const volatile struct str str_dir = { .len = 5, .s = "/tmp/" };

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);		/* str_hash() of the file name */
	__type(value, __u64);		/* opens */
} str_opens SEC(".maps");

SEC("tracepoint/raw_syscalls/sys_enter")
int str_trace(struct sys_enter *ctx)
{
	struct str name = {}, dir = str_dir;
	__u64 one = 1, *n;
	__u32 h;
	long len;

	if (bpf_get_current_pid_tgid() >> 32 != str_pid || ctx->id != str_nr)
		return 0;
	len = bpf_probe_read_user_str(name.s, sizeof(name.s), (void *)ctx->args[1]);
	if (len <= 0)
		return 0;
	name.len = len;
	if (!str_has_prefix(&name, &dir))
		return 0;
	h = str_hash(&name);
	n = bpf_map_lookup_elem(&str_opens, &h);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&str_opens, &h, &one, BPF_NOEXIST);
	return 0;
}
