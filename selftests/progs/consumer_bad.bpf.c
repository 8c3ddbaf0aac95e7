// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Consumers whose imports cannot be linked: one program per failure, so a
 * test loads exactly the one it needs.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpflib/bpflib.bpf.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* The library's tl_scale() takes a __u32. */
BPFLIB_IMPORT("testlib", "1.0")
__u32 tl_scale(__u64 x)
BPFLIB_STUB(x)

/* No library exports this. */
BPFLIB_IMPORT("testlib", "1.0")
int tl_missing(int x)
BPFLIB_STUB(x)

/* No such library. */
BPFLIB_IMPORT("nosuchlib", "1.0")
int nl_func(int x)
BPFLIB_STUB(x)

/*
 * Same struct name as the library's, another size: the kernel compares
 * names only; bpflib must refuse, or the library would read past it.
 */
struct tl_pair {
	__u32 a;
};

BPFLIB_IMPORT("testlib", "1.0")
__u32 tl_pair_sum(struct tl_pair *p)
BPFLIB_STUB(p)

SEC("xdp")
int bad_sig(struct xdp_md *ctx)
{
	return tl_scale(ctx->data_end - ctx->data);
}

SEC("xdp")
int bad_missing(struct xdp_md *ctx)
{
	return tl_missing(1);
}

SEC("xdp")
int bad_nolib(struct xdp_md *ctx)
{
	return nl_func(1);
}

SEC("xdp")
int bad_struct(struct xdp_md *ctx)
{
	struct tl_pair p = { .a = 1 };

	return tl_pair_sum(&p);
}
