/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* pktlib: a library function that changes packet data. */
#ifndef __PKTLIB_H
#define __PKTLIB_H

#include <linux/types.h>
#include <bpflib/bpflib.bpf.h>

struct xdp_md;

/* Drop @n bytes from the front of the packet; the new length, or -1. */
BPFLIB_IMPORT("pktlib", "1.0")
int pk_pull(struct xdp_md *ctx, __u32 n)
#ifdef PKTLIB_WRONG_STUB
BPFLIB_STUB(ctx, n)	/* wrong: the verifier would keep stale packet pointers */
#else
BPFLIB_STUB_PKT(ctx, n)
#endif

#endif /* __PKTLIB_H */
