// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * reallib_sys built as a project that compiles with -fvisibility=hidden
 * would build it: the import stubs are hidden symbols.  libbpf turns a
 * hidden global function into a static one (BTF_FUNC_STATIC), which the
 * verifier walks again at every call; linked statically, the library's
 * functions must stay global all the same.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#pragma GCC visibility push(hidden)
#include "reallib.h"
#pragma GCC visibility pop
#include "reallib_user.h"

char LICENSE[] SEC("license") = "GPL";

struct rl_out rl_out[2];

SEC("syscall")
int rl_hidden(struct rl_sys_args *args)
{
	struct rl_buf buf;

	__builtin_memcpy(&buf, args->data, sizeof(buf));
	rl_run(&buf, args->len, args->key, rl_out);
	return 0;
}
