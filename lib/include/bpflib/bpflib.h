/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * libbpflib - load BPF function libraries into the bpflib registry and
 * link consumer programs to them.
 *
 * Conventions follow libbpf's: every exported symbol starts with bpflib_,
 * functions returning int return a negative errno on failure, functions
 * returning a pointer return NULL and set errno, options structs start
 * with their size (use LIBBPFLIB_OPTS()).  Nothing is global: every call
 * goes through a struct bpflib_registry, which is not thread-safe; use one
 * per thread.
 */
#ifndef __BPFLIB_BPFLIB_H
#define __BPFLIB_BPFLIB_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>	/* memset(), for LIBBPFLIB_OPTS() */
#include <linux/types.h>
#include <linux/bpflib.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef LIBBPFLIB_API
#define LIBBPFLIB_API __attribute__((visibility("default")))
#endif

struct bpf_object;
struct bpf_program;
struct bpf_object_open_opts;
struct btf;

/*
 * Declare and zero-initialize an options struct, setting its size:
 *	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .version = "1.2.0");
 */
#define LIBBPFLIB_OPTS(TYPE, NAME, ...)					\
	struct TYPE NAME = ({						\
		memset(&NAME, 0, sizeof(struct TYPE));			\
		(struct TYPE) {						\
			.sz = sizeof(struct TYPE),			\
			__VA_ARGS__					\
		};							\
	})

/* An open handle on the registry device. */
struct bpflib_registry;

struct bpflib_registry_opts {
	size_t sz;
	/* Device node; default "/dev/bpflib". */
	const char *dev_path;
	/*
	 * Open no device: for what needs only files (bpflib_gen_header() of
	 * an object file, on a machine without the module).  Every call that
	 * needs the registry then fails with -EBADF.
	 */
	bool offline;
	size_t :0;
};
#define bpflib_registry_opts__last_field offline

/*
 * Open the registry.  Returns NULL and sets errno on failure: ENOENT if
 * the bpflib module is not loaded, EACCES for callers that may not open
 * the device.
 */
LIBBPFLIB_API struct bpflib_registry *
bpflib_registry__open(const struct bpflib_registry_opts *opts);
LIBBPFLIB_API void bpflib_registry__close(struct bpflib_registry *reg);
LIBBPFLIB_API int bpflib_registry__fd(const struct bpflib_registry *reg);

/*
 * A human-readable account of the last failure of a call made through
 * @reg (empty if none failed yet): which import, which library, what the
 * kernel said.  Valid until the next call on @reg.
 */
LIBBPFLIB_API const char *bpflib_registry__errstr(const struct bpflib_registry *reg);

/*
 * A function of a library that could not be loaded for one of its
 * targets, or (@func NULL) a whole target, as bpflib_library__load()
 * reports it to its @refused callback.
 */
struct bpflib_refusal {
	size_t sz;
	const char *target;	/* the BPFLIB_TARGET() section name */
	const char *func;	/* NULL: every function of the target */
	int err;		/* negative errno */
	const char *reason;	/* what the kernel or bpflib said, and the fix */
};
typedef void (*bpflib_refusal_fn)(const struct bpflib_refusal *refusal, void *ctx);

/* Most BPFLIB_TARGET()s (or opts targets) a library may have. */
#define BPFLIB_MAX_TARGETS	64

struct bpflib_load_opts {
	size_t sz;
	/* Override the object's BPFLIB_LIBRARY() name and version. */
	const char *name;
	const char *version;
	/*
	 * Override its BPFLIB_TARGET()s: NULL-terminated array of libbpf
	 * section names ("xdp", "tc", ...).
	 */
	const char *const *targets;
	/* Where to put the verifier's log if a function fails to load. */
	char *log_buf;
	size_t log_size;
	/* Called for each refusal (the load goes on without it). */
	bpflib_refusal_fn refused;
	void *refused_ctx;
	/* Fail on the first refusal instead, leaving nothing loaded. */
	bool strict;
	/*
	 * Serve the targets loaded now only: the registry keeps no copy of
	 * the object to verify it for more consumer types on demand.
	 */
	bool fixed_targets;
	size_t :0;
};
#define bpflib_load_opts__last_field fixed_targets

/*
 * Load the library object at @path: verify each exported function once
 * per target, as a global function of that program type, and register
 * them.  The registry keeps them loaded after the caller exits.
 *
 * A function that cannot serve a target is refused for that target only,
 * and a target that cannot be served at all (a program type the kernel
 * cannot extend, an unknown section name) is refused as a whole; each
 * refusal goes to @opts->refused with its reason, and the rest loads.
 * Reasons: the verifier's own errno (never ENOSPC for a log that did not
 * fit), with the end of its log, and for a value outside the program
 * type's return range the range; -EOPNOTSUPP for a program type no
 * extension can serve, or a function that changes packet data on a
 * kernel that cannot check that its consumers expect that (before 6.12).
 * With @opts->strict the first refusal fails the load.
 *
 * Unless @opts->fixed_targets, the registry keeps a copy of the object
 * (up to BPFLIB_MAX_OBJ_SIZE), and linking a consumer of a type the
 * library does not serve yet verifies it for that type then, once
 * (bpflib_library__add_target()).
 *
 * Returns the library id (> 0) or a negative errno, with the reason in
 * bpflib_registry__errstr(): -EEXIST if that name and version is loaded
 * already; -EINVAL for a file that is not a whole BPF object with BTF or
 * not a bpflib library; the first refusal's errno when nothing could be
 * loaded for any target.  A load that fails leaves nothing loaded.
 */
LIBBPFLIB_API int bpflib_library__load(struct bpflib_registry *reg,
				       const char *path,
				       const struct bpflib_load_opts *opts);

/*
 * Verify loaded library @lib_id for one more consumer type, @target (a
 * libbpf section name, as in BPFLIB_TARGET()), from the copy of its
 * object the registry keeps, and add its functions for that type; they
 * share the library's maps.  bpflib_prog__link() does this by itself for a
 * consumer of a type the library does not serve yet.  Refusals as for
 * bpflib_library__load(), through @opts (whose name, version and targets
 * must be unset).  Needs the library's owner or CAP_SYS_ADMIN (the maps
 * are taken by id).  Returns the number of functions added, or -ENOENT
 * (no such library), -EEXIST (it serves @target already, or another
 * process added it a moment ago), -ENODATA (the registry keeps no copy
 * of its object), -EACCES, or the first refusal's errno if nothing could
 * be loaded.
 */
LIBBPFLIB_API int bpflib_library__add_target(struct bpflib_registry *reg, __u32 lib_id,
					     const char *target,
					     const struct bpflib_load_opts *opts);

/*
 * Unregister a library.  -EBUSY while consumers are linked to it (the
 * reason names them), -ENOENT if there is no such library.
 */
LIBBPFLIB_API int bpflib_library__unload(struct bpflib_registry *reg,
					 __u32 lib_id);

/*
 * Find a loaded library by name, and version if @version is not NULL
 * ("1.2.0"): its id, or -ENOENT; -EINVAL if several versions are loaded
 * and @version is NULL.
 */
LIBBPFLIB_API int bpflib_library__find(struct bpflib_registry *reg,
				       const char *name, const char *version);

struct bpflib_link_opts {
	size_t sz;
	/*
	 * Versions to link to instead of the newest each import accepts:
	 * NULL-terminated "NAME@VERSION" strings ("libnet@1.0.0"), each
	 * naming one loaded version exactly (it may be older than the
	 * import asks for, with the same major).  0.6.0.
	 */
	const char *const *use;
	size_t :0;
};
#define bpflib_link_opts__last_field use

/*
 * Link every import of the loaded program @prog_fd: resolve each import
 * in the registry by library name, version and program type, check its
 * prototype against the library function's, and replace the stub with
 * the library's code through an freplace link that the registry owns.
 * The links live as long as something other than the registry holds the
 * program.  Returns the number of imports linked (0 for a program without
 * imports) or a negative errno, in which case nothing was linked:
 * -ENOENT for an import no loaded library provides, -EINVAL for a
 * prototype mismatch (the reason says what differs) or for an fd that is
 * not a BPF program (a map, a link, an extension), -EBADF for one that is
 * not open, -EBUSY if the program is linked already.
 */
LIBBPFLIB_API int bpflib_prog__link(struct bpflib_registry *reg, int prog_fd,
				    const struct bpflib_link_opts *opts);

/*
 * bpflib_prog__link() for every loaded program of @obj; on failure no
 * program of @obj stays linked.  Returns the number of imports linked,
 * dynamically or (bpflib_object__open_file()) statically.
 */
LIBBPFLIB_API int bpflib_object__link(struct bpflib_registry *reg,
				      struct bpf_object *obj,
				      const struct bpflib_link_opts *opts);

/* How bpflib_object__open_file() links a consumer's imports. */
enum bpflib_link_mode {
	/*
	 * Statically if the kernel cannot extend one of the object's
	 * programs (fentry, fexit, fmod_ret, tp_btf, iter, struct_ops,
	 * syscall, sleepable and extension programs), else dynamically.
	 */
	BPFLIB_LINK_AUTO = 0,
	/* Leave the imports to bpflib_object__link(), after loading. */
	BPFLIB_LINK_DYNAMIC,
	/*
	 * Copy the libraries' code in now: for programs in a prog array,
	 * or that a dispatcher (libxdp) will itself turn into extensions.
	 */
	BPFLIB_LINK_STATIC,
};

struct bpflib_open_opts {
	size_t sz;
	enum bpflib_link_mode mode;
	/* Handed to libbpf for the object (object_name, kconfig, ...). */
	const struct bpf_object_open_opts *open_opts;
	/* As bpflib_link_opts.use, for what is linked statically.  0.6.0. */
	const char *const *use;
	size_t :0;
};
#define bpflib_open_opts__last_field use

/*
 * Open the consumer object at @path for loading, linking libraries into it
 * statically where @opts->mode says so: each imported function's code,
 * taken from the copy of its library's object the registry keeps (the
 * newest loaded version every import of that library accepts), becomes a
 * global function of the consumer, verified with it; the library's maps,
 * .data and .bss become the loaded library's own, so that state is one
 * set with its dynamically linked consumers.  Load the object with
 * bpf_object__load() and then call bpflib_object__link(), which records
 * statically linked programs in the registry (the library cannot be
 * unloaded while they live) and links any other imports dynamically.
 *
 * Returns the object, to free with bpf_object__close(), or NULL with errno
 * set and the reason in bpflib_registry__errstr(): ENOENT (no loaded
 * version satisfies an import), ENODATA (the registry keeps no copy of
 * that library's object), EOPNOTSUPP (the consumer and a library both
 * keep variables in the same data section), EINVAL (a prototype that differs from the
 * export's: libbpf's log names it), EPERM (sharing the maps takes
 * CAP_SYS_ADMIN).
 */
LIBBPFLIB_API struct bpf_object *
bpflib_object__open_file(struct bpflib_registry *reg, const char *path,
			 const struct bpflib_open_opts *opts);

/*
 * Link the libraries the consumer object at @path imports into it, as
 * bpflib_object__open_file() does statically, and write the result to
 * @out_path (replaced in one step; nothing is left there on failure), for
 * a loader of its own: xdp-loader, whose dispatcher makes XDP programs
 * extensions, or bpftool.  The import tags name the versions linked in,
 * so bpflib_prog__link() of the loaded program records it in the registry
 * (an extension too, when all its imports are linked in).  The library's
 * maps and globals are the object's own then: the loader creates them,
 * shared with no other consumer.  @opts: open_opts only (mode must not be
 * BPFLIB_LINK_DYNAMIC).  Returns the number of libraries linked in, or a
 * negative errno with the reason in bpflib_registry__errstr() (those of
 * bpflib_object__open_file(); -ENOENT also for an object that imports
 * nothing).
 */
LIBBPFLIB_API int bpflib_object__write_linked(struct bpflib_registry *reg, const char *path,
					      const char *out_path,
					      const struct bpflib_open_opts *opts);

/*
 * Drop the registry's links into @prog_fd: its imports go back to their
 * stubs as soon as the kernel has released the links, which it does from
 * a workqueue, shortly after this returns.  -ENOENT if it has none,
 * -EINVAL or -EBADF if @prog_fd is not a BPF program.
 */
LIBBPFLIB_API int bpflib_prog__unlink(struct bpflib_registry *reg, int prog_fd);

/* Attachments moved by bpflib_prog__replace(). */
struct bpflib_replace_opts {
	size_t sz;
	/* out: attachments moved, in one step each */
	__u32 nr_moved;
	/*
	 * out: attachments left on the old program: links of kinds the
	 * kernel cannot point at another program (kprobe, tracepoint,
	 * raw tracepoint, fentry...; new-before-old is the caller's job),
	 * and tc filters libbpf cannot replace as they are (not
	 * direct-action, or for one protocol)
	 */
	__u32 nr_left;
	/*
	 * Where the links to move are pinned, for callers who may not walk
	 * every link (that takes CAP_SYS_ADMIN): those pinned there are the
	 * ones looked at then.  NULL: walk every link.  0.7.0.
	 */
	const char *links_dir;
	size_t :0;
};
#define bpflib_replace_opts__last_field links_dir

/*
 * Put program @new_fd in the place of program @old_fd (of the same type)
 * wherever @old_fd is attached, each in one step, so that every packet or
 * event runs one of the two: links the kernel can update (XDP, tcx,
 * netkit, cgroup, netns: bpf_link_update()), XDP programs installed
 * through netlink (XDP_FLAGS_REPLACE, on every interface), tc bpf filters
 * on clsact (replaced with the same handle and priority).  If a move
 * fails, the moves made are undone.  Found by walking every link and
 * interface: programs attached by BPF_PROG_ATTACH to a cgroup, or to a
 * socket, are not found and stay.  Walking the links takes CAP_SYS_ADMIN
 * (BPF_LINK_GET_FD_BY_ID).  0.6.0.
 *
 * Returns the number of attachments moved, or a negative errno with the
 * reason in bpflib_registry__errstr().
 */
LIBBPFLIB_API int bpflib_prog__replace(struct bpflib_registry *reg, int old_fd, int new_fd,
				       struct bpflib_replace_opts *opts);

/* Hooks for bpflib_program__attach(). */
enum bpflib_hook {
	/* What libbpf's auto-attach makes of the section name: kprobe,
	 * tracepoint, raw_tp, fentry, lsm, ... */
	BPFLIB_HOOK_AUTO = 0,
	/* An interface's XDP hook (@target: its name), by a link. */
	BPFLIB_HOOK_XDP,
	/*
	 * An interface's tc ingress or egress: a tcx link where the kernel
	 * has them (6.6), else a direct-action cls_bpf filter on its clsact
	 * qdisc, which is not a link (it lives in the qdisc).
	 */
	BPFLIB_HOOK_TC_INGRESS,
	BPFLIB_HOOK_TC_EGRESS,
	/* A cgroup (@target: its directory), by a link, for the program's
	 * expected attach type (its section: cgroup_skb/ingress, ...). */
	BPFLIB_HOOK_CGROUP,
};

struct bpflib_attach_opts {
	size_t sz;
	enum bpflib_hook hook;
	/* Interface name or cgroup directory; NULL for BPFLIB_HOOK_AUTO. */
	const char *target;
	/* XDP only: XDP_FLAGS_SKB_MODE or _DRV_MODE; 0 lets the kernel pick. */
	__u32 xdp_flags;
	size_t :0;
};
#define bpflib_attach_opts__last_field xdp_flags

/*
 * Attach loaded program @prog to a hook and pin the link under
 * @pin_dir/links ("PROG_N"), so that it outlives the caller;
 * bpflib_object__upgrade() and bpflib_pin_dir__detach() find it there.
 * Returns 1 (a link pinned), 0 (a tc filter: no link to pin), or a
 * negative errno with the reason in bpflib_registry__errstr(): -EINVAL
 * for a program that cannot attach to the hook, -ENODEV for no such
 * interface.  0.6.0.
 */
LIBBPFLIB_API int bpflib_program__attach(struct bpflib_registry *reg, struct bpf_program *prog,
					 const char *pin_dir,
					 const struct bpflib_attach_opts *opts);

/*
 * Take down a consumer deployed in @pin_dir ('bpflib prog load FILE pin
 * DIR ...'): unpin its links (detaching them, unless something else holds
 * them), take its programs off the XDP and tc hooks they were attached to
 * through netlink, unpin its programs and maps, and remove the directory.
 * The registry's links into the programs go as soon as nothing else
 * holds them, and with them the libraries' use.  Refuses (-EINVAL) a
 * directory with anything but pins and a "links" directory in it.  0.6.0.
 */
LIBBPFLIB_API int bpflib_pin_dir__detach(struct bpflib_registry *reg, const char *pin_dir);

struct bpflib_upgrade_opts {
	size_t sz;
	/* As bpflib_link_opts.use: versions to move to; default the newest
	 * every import accepts. */
	const char *const *use;
	enum bpflib_link_mode mode;
	const struct bpf_object_open_opts *open_opts;
	/* out: attachments moved in one step (bpflib_prog__replace()) */
	__u32 nr_moved;
	/* out: links under @pin_dir/links made again for the new copy
	 * before the old ones were unpinned (kprobe, tracepoint, ...) */
	__u32 nr_remade;
	/* out: attachments that stay with the old copy (see nr_left of
	 * struct bpflib_replace_opts); it lives, linked, while they do */
	__u32 nr_left;
	size_t :0;
};
#define bpflib_upgrade_opts__last_field nr_left

/*
 * Move the consumer deployed in @pin_dir (its programs pinned there by
 * name, its maps too) to other library versions with no window: load a
 * fresh copy from the object at @path with the pinned maps (state carries
 * over; read-only data is the new object's), link it (newest compatible
 * versions, or @opts->use), put it in the old copy's place on every hook
 * (bpflib_prog__replace(); links under @pin_dir/links that cannot be
 * updated are made again for the new copy first, then the old unpinned:
 * an event may then run both copies, never neither), and pin it in the
 * old copy's place.  The old copy stays linked to its versions while
 * anything runs it, then goes, and with it their use.  On failure
 * nothing changes.  Returns the number of programs upgraded, or a
 * negative errno with the reason in bpflib_registry__errstr().  0.6.0.
 */
LIBBPFLIB_API int bpflib_object__upgrade(struct bpflib_registry *reg, const char *path,
					 const char *pin_dir, struct bpflib_upgrade_opts *opts);

/*
 * The id of the BPF program @prog_fd refers to, or a negative errno:
 * -EBADF if the fd is not open, -EINVAL if it refers to anything but a BPF
 * program (a map, a link, a file), with the reason in
 * bpflib_registry__errstr().  Every call here that takes a program makes
 * the same check.
 */
LIBBPFLIB_API int bpflib_prog__id(struct bpflib_registry *reg, int prog_fd);

/* A snapshot of one library, from bpflib_registry__library_info(). */
struct bpflib_library_info {
	struct bpflib_lib_info info;
	struct bpflib_func_info *funcs;		/* info.nr_funcs entries */
	struct bpflib_link_info *links;		/* info.nr_links entries */
};

/*
 * Describe library @lib_id, or with BPFLIB_INFO_F_NEXT in @flags the first
 * one with a greater id (start from 0).  NULL with errno ENOENT when
 * there is none.  Free with bpflib_library_info__free().
 */
LIBBPFLIB_API struct bpflib_library_info *
bpflib_registry__library_info(struct bpflib_registry *reg, __u32 lib_id,
			      __u32 flags);
LIBBPFLIB_API void bpflib_library_info__free(struct bpflib_library_info *info);

struct bpflib_header_opts {
	size_t sz;
	/* The library: its object file, or */
	const char *path;
	/* a loaded library (from the copy of its object the registry keeps). */
	__u32 lib_id;
	size_t :0;
};
#define bpflib_header_opts__last_field lib_id

/*
 * Write to @out the C header that consumers of a library include: one
 * BPFLIB_IMPORT() declaration per export, with its exact prototype and a
 * stub (BPFLIB_STUB_PKT() where the export changes packet data), asking
 * for the library's name and major.minor version, after every type the
 * prototypes need, generated from the library's BTF in dependency order
 * with their names and layouts.  Types the kernel's headers define (the
 * program contexts, struct bpf_*, __u32 and the other __ typedefs) are
 * left to <linux/bpf.h> or vmlinux.h, which the consumer includes first.
 * The same library gives the same header from its file and loaded.
 * Returns the number of exports, or a negative errno with the reason in
 * bpflib_registry__errstr(); nothing is written for a library whose
 * exports no consumer could link (the reason names each).
 */
LIBBPFLIB_API int bpflib_gen_header(struct bpflib_registry *reg, FILE *out,
				    const struct bpflib_header_opts *opts);

/*
 * The library that BPF program @prog_id is a function of: its id, or
 * -ENOENT if it is none's.  A consumer record (in struct
 * bpflib_library_info's links) whose consumer is a library's function is
 * a library that uses the one it is recorded in, its code linked in when
 * it was loaded: this is how `bpflib library show` tells "uses" and
 * "used by".
 */
LIBBPFLIB_API int bpflib_registry__func_library(struct bpflib_registry *reg, __u32 prog_id);

/*
 * Write the C prototype of BTF function @func_id ("int f(struct x *a)")
 * to @buf.  Returns the length it needed, as snprintf() does, or a
 * negative errno.
 */
LIBBPFLIB_API int bpflib_btf__func_proto_str(const struct btf *btf,
					     __u32 func_id, char *buf,
					     size_t size);

/*
 * The C prototype of function @func_idx of loaded library @lib_id, as
 * bpflib_btf__func_proto_str() writes it, from the function's BTF (or,
 * for callers without CAP_SYS_ADMIN, who may not read BTF by id, from the
 * object the registry keeps).  The length it needed, or a negative errno.
 * 0.7.0.
 */
LIBBPFLIB_API int bpflib_registry__func_proto_str(struct bpflib_registry *reg, __u32 lib_id,
						  __u32 func_idx, char *buf, size_t size);

/* Parse "major[.minor[.patch]]".  0 or -EINVAL. */
LIBBPFLIB_API int bpflib_version__parse(const char *str,
					struct bpflib_version *ver);

#ifdef __cplusplus
}
#endif

#endif /* __BPFLIB_BPFLIB_H */
