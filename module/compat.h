/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything bpflib needs from the kernel that differs between the kernels
 * it supports (6.1 and 6.12 LTS, 7.3) or that is not a plain export.  The rest
 * of the module uses only these helpers and plain exports.
 */
#ifndef _BPFLIB_COMPAT_H
#define _BPFLIB_COMPAT_H

#include <linux/bpf.h>
#include <linux/compiler.h>
#include <linux/module.h>

/*
 * bpf_link_get_from_fd() moved into the BPF_INTERNAL namespace in 2025
 * (6.15, backported to 6.12-stable).  The module's Kbuild reads the
 * target's Module.symvers and defines BPFLIB_NS_BPF_INTERNAL when the
 * symbol is namespaced there.  Used once, in main.c.
 *
 * MODULE_IMPORT_NS() takes a bare token up to 6.12 and a string literal
 * from 6.13 on (7.3 included); both expand to MODULE_INFO(import_ns, "ns"),
 * which is what is written here, the same on every kernel.
 */
#ifdef BPFLIB_NS_BPF_INTERNAL
#define BPFLIB_IMPORT_NS()	MODULE_INFO(import_ns, "BPF_INTERNAL")
#else
#define BPFLIB_IMPORT_NS()
#endif

/**
 * bpflib_link_get() - take a reference on the BPF link behind an fd
 * @fd: file descriptor from user space
 *
 * Return: the link, or an ERR_PTR() (-EBADF, -EINVAL if not a link).
 */
static inline struct bpf_link *bpflib_link_get(int fd)
{
	return bpf_link_get_from_fd(fd);
}

/**
 * bpflib_ext_target() - the program an freplace link extends
 * @link: a link of type BPF_LINK_TYPE_TRACING whose program is an EXT
 *
 * On 6.1 and 6.12 every such link is a struct bpf_tracing_link, and its
 * tgt_prog is set before the link is published and held by the link.
 *
 * Return: the target program, borrowed from @link.
 */
static inline struct bpf_prog *bpflib_ext_target(struct bpf_link *link)
{
	return container_of(link, struct bpf_tracing_link, link.link)->tgt_prog;
}

/**
 * bpflib_ext_host() - take the program an extension was loaded against
 * @prog: a BPF_PROG_TYPE_EXT program
 *
 * The kernel keeps it in aux->dst_prog, under aux->dst_mutex, until the
 * extension's first link, when it drops its reference and the pointer.
 *
 * Context: process context; takes @prog's dst_mutex.
 * Return: the host with a reference for the caller, or NULL if the kernel
 * let it go already.
 */
static inline struct bpf_prog *bpflib_ext_host(struct bpf_prog *prog)
{
	struct bpf_prog *host;

	mutex_lock(&prog->aux->dst_mutex);
	host = prog->aux->dst_prog;
	if (host)
		bpf_prog_inc(host);
	mutex_unlock(&prog->aux->dst_mutex);
	return host;
}

/* References held on a program, by anyone. */
static inline s64 bpflib_prog_refs(const struct bpf_prog *prog)
{
	return atomic64_read(&prog->aux->refcnt);
}

/* References held on a link, by anyone. */
static inline s64 bpflib_link_refs(const struct bpf_link *link)
{
	return atomic64_read(&link->refcnt);
}

#endif /* _BPFLIB_COMPAT_H */
