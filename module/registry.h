/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpflib registry: libraries, their functions, and the links that
 * consumers hold into them.
 *
 * Locking: one mutex, bpflib_lock, protects everything reachable from the
 * library IDR and the consumer list: every list, counter and pointer in
 * the structures below.  It is the outermost lock: bpf_prog_put() and
 * bpf_link_put() are called under it, and may take the BPF core's locks
 * (on 6.1 a link's last put releases it at once: trampoline mutex,
 * text_mutex), but nothing in the kernel calls back into bpflib, so no
 * lock is ever taken before it.
 *
 * Reference counting:
 * - a library holds one reference on each of its functions' programs and
 *   one on this module (so rmmod fails while any library is loaded);
 * - the registry holds one reference on each link handed to it;
 * - a link holds its consumer program (the kernel's tgt_prog reference);
 *   the registry takes none of its own on consumers, so a consumer that
 *   nothing else holds is found by the periodic release and its links
 *   dropped.
 */
#ifndef _BPFLIB_REGISTRY_H
#define _BPFLIB_REGISTRY_H

#include <linux/list.h>
#include <linux/types.h>
#include <linux/bpflib.h>

#include "compat.h"

struct bpf_prog;
struct bpf_link;
struct seq_file;

/**
 * struct bpflib_func - one exported function, for one consumer type
 * @name: exported name
 * @prog: EXT program implementing it; the library's reference
 * @nr_links: registry links whose program is @prog
 */
struct bpflib_func {
	char name[BPFLIB_NAME_LEN];
	struct bpf_prog *prog;
	u32 nr_links;
};

/**
 * struct bpflib_lib - a registered library
 * @id: IDR key, unique while loaded
 * @name: library name
 * @version: library version
 * @nr_links: registry links into any function of this library
 * @nr_funcs: entries in @funcs
 * @funcs: the functions
 */
struct bpflib_lib {
	u32 id;
	char name[BPFLIB_NAME_LEN];
	struct bpflib_version version;
	u32 nr_links;
	u32 nr_funcs;
	struct bpflib_func funcs[];
};

/**
 * struct bpflib_link - a link the registry owns
 * @node: entry in bpflib_consumer.links
 * @link: the freplace link; the registry's reference
 * @lib: library whose function is the link's program
 * @func_idx: index of that function in @lib->funcs
 * @btf_id: the import's type id in the consumer's BTF
 */
struct bpflib_link {
	struct list_head node;
	struct bpf_link *link;
	struct bpflib_lib *lib;
	u32 func_idx;
	u32 btf_id;
};

/**
 * struct bpflib_consumer - a program with at least one registry link
 * @node: entry in the consumer list
 * @prog: the consumer; borrowed, valid while @links is not empty because
 *	every link holds a reference on it
 * @nr_links: entries in @links
 * @links: struct bpflib_link entries
 */
struct bpflib_consumer {
	struct list_head node;
	struct bpf_prog *prog;
	u32 nr_links;
	struct list_head links;
};

int bpflib_lib_add(const char *name, const struct bpflib_version *version,
		   const struct bpflib_func *funcs, u32 nr_funcs, u32 *id);
int bpflib_lib_del(u32 id);
int bpflib_lookup(struct bpflib_lookup *req);
int bpflib_link_add(struct bpf_link *link, struct bpflib_link_add *req);
int bpflib_unlink(u32 consumer_id);
int bpflib_lib_info(struct bpflib_lib_info *info,
		    void __user *funcs, u32 func_rec_size,
		    void __user *links, u32 link_rec_size);
void bpflib_registry_show(struct seq_file *m);
void bpflib_registry_exit(void);

/* GC period for consumers no longer held by anything but their links. */
extern unsigned int bpflib_gc_interval_ms;

#endif /* _BPFLIB_REGISTRY_H */
