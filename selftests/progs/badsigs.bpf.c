// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A library whose exports have prototypes no consumer could ever link,
 * each breaking one of the kernel's rules, and one good export: the load
 * names every bad one with its rule and fix, and loads nothing.
 */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpflib/bpflib.bpf.h>

BPFLIB_LIBRARY("badsigs", "1.0.0");
BPFLIB_TARGET("xdp");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct bs_big {
	__u8 b[600];
};

struct bs_small {
	__u32 a, b;
};

BPFLIB_EXPORT int bs_void(void *p)
{
	return p ? 1 : 0;
}

BPFLIB_EXPORT int bs_char(char *s)
{
	return s ? s[0] : 0;
}

BPFLIB_EXPORT int bs_int(int *p)
{
	return p ? *p : 0;
}

BPFLIB_EXPORT int bs_big(struct bs_big *b)
{
	return b ? b->b[0] : 0;
}

BPFLIB_EXPORT int bs_byval(struct bs_small s)
{
	return s.a;
}

BPFLIB_EXPORT int bs_anon(struct { __u32 x; } *a)
{
	return a ? a->x : 0;
}

BPFLIB_EXPORT int *bs_retptr(struct bs_small *s)
{
	return (int *)s;
}

BPFLIB_EXPORT int bs_ok(struct bs_small *s)
{
	return s ? s->a : 0;
}
