// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libstr: bounded string utilities as a bpflib library (see libstr.h).
 * Verified once per consumer type when it is loaded; its consumers of
 * every type share one copy, and one call counter.
 */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "libstr/libstr.h"

BPFLIB_LIBRARY("libstr", "1.0.0");
BPFLIB_TARGET("xdp");
BPFLIB_TARGET("tc");
BPFLIB_TARGET("tracepoint");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Calls of all functions, by all consumers: one map for every type. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} libstr_calls SEC(".maps");

static __always_inline void count_call(void)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&libstr_calls, &key);

	if (n)
		(*n)++;
}

/*
 * The bytes of @s in use: len, at most STR_MAX, and not past a NUL.
 *
 * The library's own helpers are global functions in .text, not static
 * inline ones: the verifier checks a global function once, on its own,
 * and takes its result as any number, where an inlined loop would give
 * each caller 65 exact results to follow, and two of them 4225.
 */
__attribute__((noinline)) __u32 str__len(struct str *s)
{
	__u32 n, i;

	if (!s)
		return 0;
	n = s->len < STR_MAX ? s->len : STR_MAX;
	for (i = 0; i < STR_MAX; i++)
		if (i >= n || !s->s[i])
			return i;
	return STR_MAX;
}

BPFLIB_EXPORT __u32 str_hash(struct str *s)
{
	__u32 h = 2166136261U, n, i;

	if (!s)
		return 0;
	count_call();
	n = str__len(s);
	for (i = 0; i < STR_MAX && i < n; i++) {
		h ^= (__u8)s->s[i];
		h *= 16777619U;
	}
	return h;
}

BPFLIB_EXPORT int str_has_prefix(struct str *s, struct str *prefix)
{
	__u32 n, p, i;

	if (!s || !prefix)
		return 0;
	count_call();
	n = str__len(s);
	p = str__len(prefix);
	if (p > n)
		return 0;
	for (i = 0; i < STR_MAX && i < p; i++)
		if (s->s[i] != prefix->s[i])
			return 0;
	return 1;
}

/* Does @needle (its first @m bytes) occur in @s at @at? */
__attribute__((noinline)) int str__match_at(struct str *s, struct str *needle, __u32 at, __u32 m)
{
	__u32 j, k;

	if (!s || !needle)
		return 0;
	for (j = 0; j < STR_MAX && j < m; j++) {
		/*
		 * Opaque to clang, so that it cannot index from a pointer
		 * it made before the check: the verifier bounds k here.
		 */
		k = at + j;
		barrier_var(k);
		if (k >= STR_MAX || s->s[k] != needle->s[j])
			return 0;
	}
	return 1;
}

BPFLIB_EXPORT int str_find(struct str *s, struct str *needle)
{
	__u32 n, m, i;

	if (!s || !needle)
		return -1;
	count_call();
	n = str__len(s);
	m = str__len(needle);
	if (m > n)
		return -1;
	for (i = 0; i < STR_MAX && i + m <= n; i++)
		if (str__match_at(s, needle, i, m))
			return i;
	return -1;
}

BPFLIB_EXPORT int str_to_u64(struct str *s, __u32 from, struct str_num *num)
{
	/* 64-bit indexes: a 32-bit one is zero-extended anew for each use. */
	__u64 n, i = from, c, k, digits = 0, v = 0;
	char ch;

	if (!s || !num)
		return 0;
	count_call();
	n = str__len(s);
	/* Loops counted by constants, so that the verifier sees them end. */
	for (c = 0; c < STR_MAX; c++) {
		k = i;
		barrier_var(k);		/* see str__match_at() */
		if (k >= n || k >= STR_MAX || s->s[k] != ' ')
			break;
		i++;
	}
	/* At most 19 digits: every such number fits in 64 bits. */
	for (c = 0; c < STR_U64_DIGITS; c++) {
		k = i;
		barrier_var(k);
		if (k >= n || k >= STR_MAX)
			break;
		ch = s->s[k];
		if (ch < '0' || ch > '9')
			break;
		v = v * 10 + (ch - '0');
		digits++;
		i++;
	}
	num->value = v;
	num->end = i;
	return digits ? 1 : 0;
}
