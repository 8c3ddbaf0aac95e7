/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bpflib registry: libraries, their functions, and the links that
 * consumers hold into them.
 *
 * Locking: one mutex, bpflib_lock, protects everything reachable from the
 * library IDR and the function and consumer xarrays: every list, counter,
 * flag and pointer in the structures below.  Nothing that can sleep for
 * long, fault on user memory or call into the BPF core's release paths
 * runs under it: copies to and from user space happen before a command
 * takes it or after it drops it, and the references the registry lets go
 * of (bpf_link_put(), bpf_prog_put(), which on 6.1 free a link at once,
 * taking the trampoline mutex and text_mutex) are collected under it and
 * put after it is dropped.  Nothing in the kernel calls back into bpflib,
 * so no lock is ever taken before it.  Under it, bpflib_funcs_add() reads
 * programs' map lists under their used_maps_mutex, two at a time (the new
 * program's, then one function's, nested), which nothing else nests.
 *
 * Reference counting:
 * - a library holds one reference on each of its functions' programs, and
 *   one on each program's file, which it hands out copies of
 *   (BPFLIB_IOC_FD_GET); one on each of its maps' files; and, once live,
 *   one on this module (so rmmod fails while any is loaded);
 * - a function holds its host, the program it was loaded against, while
 *   its library is loaded: the kernel drops its own hold on the host at the
 *   first link, while a BPF_OBJ_GET_INFO_BY_FD on the function may still
 *   read the host's BTF through it (bpf_prog_get_target_btf()), with no
 *   lock between the two.  So a host cannot be a consumer (nothing would
 *   ever release it), and a consumer cannot become a host;
 * - the registry holds one reference on each link handed to it;
 * - a link holds its consumer program (the kernel's tgt_prog reference);
 *   the registry takes none of its own on consumers linked that way;
 * - a static record (a consumer with the library's code in it) holds one
 *   reference on its consumer program, the registry's;
 * - so each record of a consumer accounts for exactly one reference on
 *   it, and a consumer that nothing else holds is found by the periodic
 *   release and its records dropped.
 * - Static records form a graph among libraries: a function of library B
 *   that holds library A's code records a hold on A.  The graph has no
 *   cycle (checked when a record or a function is added), so that every
 *   library can be unloaded in some order.
 *
 * Memory: everything a caller makes the registry allocate is charged to
 * its memory cgroup, and bounded per uid (struct bpflib_quota).
 *
 * Ownership: a library name belongs to the effective uid that loaded its
 * first version.  Only that uid, or a caller with CAP_SYS_ADMIN in the
 * initial user namespace, may add versions of the name or delete them; a
 * consumer's links may be dropped by the uid that handed them over or by
 * such an administrator.
 */
#ifndef _BPFLIB_REGISTRY_H
#define _BPFLIB_REGISTRY_H

#include <linux/list.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/bpflib.h>

#include "compat.h"

struct bpf_prog;
struct bpf_link;
struct seq_file;

/* Who is asking: for the ownership rules above. */
struct bpflib_caller {
	kuid_t uid;		/* effective uid */
	bool admin;		/* CAP_SYS_ADMIN in the initial user namespace */
};

struct bpflib_lib;

/**
 * struct bpflib_func - one exported function, for one consumer type
 * @name: exported name
 * @prog: EXT program implementing it; the library's reference
 * @file: @prog's file, as user space handed it over; the library's
 *	reference
 * @host: the program @prog was loaded against, or NULL if the kernel let
 *	it go already; the library's reference
 * @lib: the library it belongs to
 * @idx: its index in @lib->funcs, which only grows
 * @nr_links: registry links whose program is @prog
 */
struct bpflib_func {
	char name[BPFLIB_NAME_LEN];
	struct bpf_prog *prog;
	struct file *file;
	struct bpf_prog *host;
	struct bpflib_lib *lib;
	u32 idx;
	u32 nr_links;
};

void bpflib_func_put(struct bpflib_func *f);

/**
 * struct bpflib_obj - the object file a library was loaded from, kept so
 *	that it can be verified for more consumer types later, by any
 *	process, without the file
 * @ref: the library's reference, and one per reader copying it out
 *	without bpflib_lock
 * @size: bytes at @data, at most BPFLIB_MAX_OBJ_SIZE
 * @data: the object as user space gave it; never written after creation
 */
struct bpflib_obj {
	refcount_t ref;
	u32 size;
	u8 data[];
};

void bpflib_obj_put(struct bpflib_obj *obj);

/**
 * struct bpflib_lib - a registered library
 * @id: IDR key, unique while registered
 * @live: published; until then only its name, version and programs are
 *	reserved, and nothing reports or resolves to it
 * @owner: the effective uid the name belongs to
 * @name: library name
 * @version: library version
 * @links: struct bpflib_link entries whose function is one of @funcs
 * @nr_links: entries in @links
 * @obj: the object it was loaded from, or NULL; set before it is live
 * @nr_funcs: entries in @funcs; grows as more consumer types are added
 * @funcs: room for BPFLIB_MAX_FUNCS pointers to the functions, each
 *	allocated on its own so that links may point to it
 * @nr_maps: entries in @maps
 * @maps: files of the maps its functions use, as user space handed them
 *	over; the library's references
 * @walk: entry in a walk of the static-record graph (bpflib_lib_reaches())
 * @walk_gen: the walk that last queued it
 */
struct bpflib_lib {
	u32 id;
	bool live;
	kuid_t owner;
	char name[BPFLIB_NAME_LEN];
	struct bpflib_version version;
	struct list_head links;
	u32 nr_links;
	struct bpflib_obj *obj;
	u32 nr_funcs;
	struct bpflib_func **funcs;
	u32 nr_maps;
	struct file **maps;
	struct list_head walk;
	u32 walk_gen;
};

/**
 * struct bpflib_link - a link the registry owns, or a static record
 * @cons_node: entry in @consumer->links
 * @lib_node: entry in @func->lib->links
 * @link: the freplace link; the registry's reference.  NULL for a static
 *	record: @consumer holds a copy of @func's code
 * @prog: a static record's reference on the consumer program; NULL for a
 *	link
 * @consumer: the program the link extends
 * @lib: the library @lib_node is listed in
 * @func: the library function that is the link's program; for a static
 *	record, the library's function of that name, or NULL if it serves no
 *	program type with one
 * @name: the function's name
 * @btf_id: the import's type id in the consumer's BTF
 */
struct bpflib_link {
	struct list_head cons_node;
	struct list_head lib_node;
	struct bpf_link *link;
	struct bpf_prog *prog;
	struct bpflib_lib *lib;
	char name[BPFLIB_NAME_LEN];
	struct bpflib_consumer *consumer;
	struct bpflib_func *func;
	u32 btf_id;
};

/**
 * struct bpflib_consumer - a program with at least one registry link or
 *	static record
 * @prog: the consumer; borrowed, valid while @links is not empty because
 *	every link and record holds a reference on it
 * @id: its program id, the key in the consumer xarray
 * @owner: the effective uid that handed over its first link
 * @seen: bpflib_lib_info()'s mark, to count each consumer once
 * @nr_links: entries in @links
 * @links: struct bpflib_link entries
 */
struct bpflib_consumer {
	struct bpf_prog *prog;
	u32 id;
	kuid_t owner;
	u32 seen;
	u32 nr_links;
	struct list_head links;
};

int bpflib_lib_prepare(const char *name, const struct bpflib_version *version,
		       const struct bpflib_func *funcs, u32 nr_funcs,
		       struct bpflib_obj *obj, struct file **maps, u32 nr_maps,
		       const struct bpflib_caller *caller, struct bpflib_lib **libp);
int bpflib_file_get(u32 lib_id, bool map, u32 idx, const struct bpflib_caller *caller,
		    struct file **filep);
int bpflib_funcs_add(u32 lib_id, const struct bpflib_func *funcs, u32 nr_funcs,
		     const struct bpflib_caller *caller);
int bpflib_lib_obj_get(u32 lib_id, struct bpflib_obj **objp);
void bpflib_lib_commit(struct bpflib_lib *lib);
void bpflib_lib_abort(struct bpflib_lib *lib);
int bpflib_lib_del(u32 id, const struct bpflib_caller *caller);
int bpflib_lookup(struct bpflib_lookup *req);
int bpflib_link_add(struct bpf_link *link, u32 btf_id,
		    const struct bpflib_caller *caller);
int bpflib_static_add(struct bpf_prog *prog, u32 lib_id, const char *func_name,
		      u32 btf_id, const struct bpflib_caller *caller);
int bpflib_unlink(u32 consumer_id, const struct bpflib_caller *caller);

/**
 * struct bpflib_info_snap - records of one library, copied out of the
 *	registry for BPFLIB_IOC_LIB_INFO
 * @funcs: up to the caller's room of function records
 * @links: up to the caller's room of link records
 * @nr_funcs: records at @funcs
 * @nr_links: records at @links
 */
struct bpflib_info_snap {
	struct bpflib_func_info *funcs;
	struct bpflib_link_info *links;
	u32 nr_funcs;
	u32 nr_links;
};

int bpflib_lib_info(struct bpflib_lib_info *info, u32 func_room, u32 link_room,
		    struct bpflib_info_snap *snap);
void bpflib_registry_show(struct seq_file *m);
void bpflib_registry_exit(void);

/* GC period for consumers no longer held by anything but their links. */
extern unsigned int bpflib_gc_interval_ms;
/* Most libraries one uid may own, and records its consumers may hold. */
extern unsigned int bpflib_max_libs_per_uid;
extern unsigned int bpflib_max_records_per_uid;

#endif /* _BPFLIB_REGISTRY_H */
