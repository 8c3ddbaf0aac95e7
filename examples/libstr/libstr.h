/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * libstr - bounded string utilities as a bpflib library: hashing,
 * matching and parsing short strings (file names, packet payloads,
 * command names) that a BPF program has copied into a struct str.
 *
 * Every function reads at most STR_MAX bytes and at most s->len of them,
 * whatever len says, so a consumer only has to fill the struct.  A copy of
 * a NUL-terminated string (bpf_probe_read_kernel_str() and friends) may
 * keep its NUL in len: the functions stop at the first NUL too.
 */
#ifndef __LIBSTR_H
#define __LIBSTR_H

#include <linux/types.h>
#include <bpflib/bpflib.bpf.h>

#define STR_MAX		64
#define STR_U64_DIGITS	19

struct str {
	__u32 len;		/* bytes of s[] in use */
	__u32 __pad;
	char s[STR_MAX];
};

/* A number parsed from a string, and where it stopped. */
struct str_num {
	__u64 value;
	__u32 end;		/* index of the first byte not parsed */
	__u32 __pad;
};

/* The 32-bit FNV-1a hash of the string. */
BPFLIB_IMPORT("libstr", "1.0")
__u32 str_hash(struct str *s)
BPFLIB_STUB(s);

/* 1 if @s starts with @prefix (an empty prefix too), else 0. */
BPFLIB_IMPORT("libstr", "1.0")
int str_has_prefix(struct str *s, struct str *prefix)
BPFLIB_STUB(s, prefix);

/* The index of the first @needle in @s, or -1. */
BPFLIB_IMPORT("libstr", "1.0")
int str_find(struct str *s, struct str *needle)
BPFLIB_STUB(s, needle);

/*
 * Parse the decimal number at index @from of @s (after spaces) into @num:
 * 1 if there was one, 0 if not (@num->value is then 0).  It takes at most
 * STR_U64_DIGITS digits, so that every value fits; @num->end says where
 * it stopped.
 */
BPFLIB_IMPORT("libstr", "1.0")
int str_to_u64(struct str *s, __u32 from, struct str_num *num)
BPFLIB_STUB(s, from, num);

#endif /* __LIBSTR_H */
