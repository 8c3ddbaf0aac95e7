/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * bpflib.bpf.h - declarations for BPF code that exports or imports
 * functions of a bpflib library.
 *
 * A library is a BPF object whose exported functions are marked
 * BPFLIB_EXPORT and which names itself with BPFLIB_LIBRARY() and the
 * consumer program types it serves with BPFLIB_TARGET():
 *
 *	BPFLIB_LIBRARY("libnet", "1.0.0");
 *	BPFLIB_TARGET("xdp");
 *	BPFLIB_TARGET("tc");
 *
 *	BPFLIB_EXPORT int net_flow_hash(struct net_flow *flow, __u32 seed)
 *	{
 *		...
 *	}
 *
 * A consumer declares each function it imports with the library's name and
 * the oldest version it works with, and gets a stub that the linker
 * replaces with the library's code:
 *
 *	BPFLIB_IMPORT("libnet", "1.0")
 *	int net_flow_hash(struct net_flow *flow, __u32 seed)
 *	BPFLIB_STUB(flow, seed);
 *
 * Library authors usually ship such declarations in a header of their own
 * (`bpflib gen header` writes one from the library) that the library
 * includes too, with BPFLIB_BUILD_LIBRARY defined, so that the compiler
 * checks the implementation against it; BPFLIB_IMPORT and BPFLIB_STUB
 * then turn into a plain prototype.  A library that uses another library
 * includes that library's header first, before it defines
 * BPFLIB_BUILD_LIBRARY: its imports are stubs, linked to the other
 * library's code when it is loaded.  An export may call another export.
 *
 * Consumers the kernel cannot extend (fentry, tp_btf, iter, syscall,
 * sleepable programs) need nothing different here: bpflib_object__open_file()
 * links the loaded library's code into them.  With BPFLIB_STATIC_LINK
 * defined, a consumer can instead #include the library's source and get
 * its functions compiled in, without the registry.
 *
 * What the kernel accepts as the prototype of a replaceable function:
 * integer and enum arguments and return values, and pointers to structs
 * (the program's context, or memory of the struct's size).  Struct names
 * must be the same on both sides; other pointers are refused.  Exports are
 * verified as global functions: a pointer argument may be NULL, so check
 * it before use.
 */
#ifndef __BPFLIB_BPF_H
#define __BPFLIB_BPF_H

#include <bpf/bpf_helpers.h>

#define ___bpflib_cat2(a, b)	a ## b
#define ___bpflib_cat(a, b)	___bpflib_cat2(a, b)

/* One "key=value" string in the object's .bpflib section, as in .modinfo. */
#define ___BPFLIB_INFO(str)						\
	static const char ___bpflib_cat(___bpflib_info_, __COUNTER__)[]	\
	__attribute__((section(".bpflib"), used, aligned(1))) = str

#ifndef BPFLIB_STATIC_LINK

/* Name and version ("major.minor.patch") of the library in this object. */
#define BPFLIB_LIBRARY(name, version)					\
	___BPFLIB_INFO("name=" name);					\
	___BPFLIB_INFO("version=" version)

/*
 * A consumer program type the library serves, named as libbpf names
 * section prefixes: "xdp", "tc", "socket", "cgroup_skb/ingress", ...
 */
#define BPFLIB_TARGET(sec)	___BPFLIB_INFO("target=" sec)

/*
 * An exported function: verified on its own when the library is loaded.
 * Default visibility whatever -fvisibility says: libbpf makes a hidden
 * function static, which the kernel verifies again at every call.
 */
#define BPFLIB_EXPORT		SEC("freplace") __attribute__((visibility("default")))

#else /* BPFLIB_STATIC_LINK */

/*
 * A library's source compiled straight into a consumer object, for
 * kernels without the bpflib module (and for comparisons): its functions
 * become ordinary global functions of the consumer, verified with it.
 */
#define BPFLIB_LIBRARY(name, version)
#define BPFLIB_TARGET(sec)
#define BPFLIB_EXPORT		__attribute__((noinline, visibility("default")))
#ifndef BPFLIB_BUILD_LIBRARY
#define BPFLIB_BUILD_LIBRARY
#endif

#endif /* BPFLIB_STATIC_LINK */

#define ___bpflib_keep0()		do { } while (0)
#define ___bpflib_keep1(a)		asm volatile("" : : "r"(a))
#define ___bpflib_keep2(a, ...)	___bpflib_keep1(a); ___bpflib_keep1(__VA_ARGS__)
#define ___bpflib_keep3(a, ...)	___bpflib_keep1(a); ___bpflib_keep2(__VA_ARGS__)
#define ___bpflib_keep4(a, ...)	___bpflib_keep1(a); ___bpflib_keep3(__VA_ARGS__)
#define ___bpflib_keep5(a, ...)	___bpflib_keep1(a); ___bpflib_keep4(__VA_ARGS__)
#define ___bpflib_nargs(...)	___bpflib_nth(_, ##__VA_ARGS__, 5, 4, 3, 2, 1, 0)
#define ___bpflib_nth(_0, _1, _2, _3, _4, _5, n, ...) n

/* The value an unlinked stub returns, hidden from the optimizer. */
#define ___bpflib_stub_ret()						\
	({ long ___r = 0; asm volatile("" : "+r"(___r)); ___r; })

#endif /* __BPFLIB_BPF_H */

/*
 * What follows is evaluated at every #include, so that BPFLIB_IMPORT()
 * means what BPFLIB_BUILD_LIBRARY says where it is used: a library that
 * uses another includes that library's header first, then defines
 * BPFLIB_BUILD_LIBRARY and includes its own.
 */
#undef BPFLIB_IMPORT
#undef BPFLIB_STUB
#undef BPFLIB_STUB_PKT

#ifdef BPFLIB_BUILD_LIBRARY

#define BPFLIB_IMPORT(lib, version)
#define BPFLIB_STUB(...)	;
#define BPFLIB_STUB_PKT(...)	;

#else /* !BPFLIB_BUILD_LIBRARY */

/*
 * An imported function.  The stub must stay a real call that clang can
 * neither inline nor reason about: weak keeps it from folding the stub's
 * return value into callers or dropping the argument set-up, noinline
 * keeps it a function the kernel can replace, and default visibility
 * (whatever -fvisibility says) keeps libbpf from making it static, which
 * the kernel cannot replace.
 */
#define BPFLIB_IMPORT(lib, version)					\
	__attribute__((weak, noinline, visibility("default"),		\
		       btf_decl_tag("bpflib.import=" lib "@" version)))

/*
 * Body of an import stub: keeps every argument live and returns 0.  The
 * stub only runs if the consumer is run unlinked.  BPFLIB_STUB() for a
 * function without arguments.
 */
#define BPFLIB_STUB(...)						\
	{								\
		___bpflib_cat(___bpflib_keep,				\
			      ___bpflib_nargs(__VA_ARGS__))(__VA_ARGS__); \
		return ___bpflib_stub_ret();				\
	}

/*
 * Body of an import stub for a function that may change packet data
 * (bpf_xdp_adjust_head() and the like).  Linux 6.12 refuses to replace a
 * function that does not change packet data with one that does; a call to
 * such a helper behind a branch the verifier proves dead marks the stub as
 * changing it, and makes the verifier forget packet pointers across calls
 * to it, as it must.
 */
#define BPFLIB_STUB_PKT(...)						\
	{								\
		___bpflib_cat(___bpflib_keep,				\
			      ___bpflib_nargs(__VA_ARGS__))(__VA_ARGS__); \
		asm volatile("r0 = 0;"					\
			     "if r0 == 0 goto +1;"			\
			     "call %[helper];"				\
			     : : [helper] "i"(BPF_FUNC_xdp_adjust_head)	\
			     : "r0", "r1", "r2", "r3", "r4", "r5");	\
		return ___bpflib_stub_ret();				\
	}

#endif /* BPFLIB_BUILD_LIBRARY */

