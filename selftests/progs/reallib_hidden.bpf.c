// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * reallib_sys with hidden import stubs, as a toolchain or a bpflib.bpf.h
 * before 0.7.0 makes them under -fvisibility=hidden (BPFLIB_IMPORT() now
 * says default visibility).  libbpf turns a hidden global function into a
 * static one (BTF_FUNC_STATIC), which the verifier walks again at every
 * call; linked statically, the library's functions must stay global all
 * the same.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* reallib.h's types and prototypes, without its stubs... */
#define BPFLIB_BUILD_LIBRARY
#include "reallib.h"
#undef BPFLIB_BUILD_LIBRARY

/* ...which are these, hidden. */
#define HIDDEN_IMPORT							\
	__attribute__((weak, noinline, visibility("hidden"),		\
		       btf_decl_tag("bpflib.import=reallib@1.0")))

HIDDEN_IMPORT __u32 rl_crc32(struct rl_buf *buf, __u32 len)
{
	asm volatile("" : : "r"(buf), "r"(len));
	return ___bpflib_stub_ret();
}

HIDDEN_IMPORT __u32 rl_hash(struct rl_buf *buf, __u32 len, __u32 seed)
{
	asm volatile("" : : "r"(buf), "r"(len), "r"(seed));
	return ___bpflib_stub_ret();
}

HIDDEN_IMPORT int rl_take(struct rl_take *req)
{
	asm volatile("" : : "r"(req));
	return ___bpflib_stub_ret();
}

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
