// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * reallib's syscall consumer: the kernel cannot extend syscall programs,
 * so bpflib links the library's code into it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "reallib.h"
#include "reallib_user.h"

char LICENSE[] SEC("license") = "GPL";

struct rl_out rl_out[2];

SEC("syscall")
int rl_sys(struct rl_sys_args *args)
{
	struct rl_buf buf;

	__builtin_memcpy(&buf, args->data, sizeof(buf));
	rl_run(&buf, args->len, args->key, rl_out);
	return 0;
}
