/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Declarations shared by the files of libbpflib; not installed. */
#ifndef __BPFLIB_INTERNAL_H
#define __BPFLIB_INTERNAL_H

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <linux/bpf.h>

#include "bpflib/bpflib.h"

#define __hidden __attribute__((visibility("hidden")))

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Decl tag that marks a consumer's stub as an import of "lib@version". */
#define BPFLIB_IMPORT_TAG	"bpflib.import="
/* What an import's tag becomes once the library's code is linked in. */
#define BPFLIB_STATIC_TAG	"bpflib.static="
#define BPFLIB_MAX_ARGS		5
/*
 * The exports' section ("freplace" in a library object) in the copy libbpf
 * opens to load them: a section whose handler bpflib registers with libbpf,
 * so that it sets each export's target itself (library.c, ext_prepare()).
 */
#define BPFLIB_EXT_SEC		"bpflib.ext"

struct bpflib_registry {
	int fd;
	int pkt_data_check;	/* kernel checks packet changes: 1 yes, -1 no, 0 not probed */
	char errstr[4096];
};

/*
 * The header (name, version, counts) of the first library after id
 * @after, records left out: 0, or -ENOENT at the end, or -errno.
 */
__hidden int bpflib_lib_next(struct bpflib_registry *reg, __u32 after,
			     struct bpflib_lib_info *q);
/*
 * An fd of function @idx of library @lib_id, program @prog_id: the
 * registry's (BPFLIB_IOC_FD_GET, 0.7.0), or from an older module by id,
 * which needs CAP_SYS_ADMIN.  The fd, or a negative errno.
 */
__hidden int bpflib_lib_func_fd(struct bpflib_registry *reg, __u32 lib_id, __u32 idx,
				__u32 prog_id);
/*
 * The BTF of the object library @lib_id was loaded from, which the
 * registry keeps: the same types, with the same ids, as the BTF its
 * functions were loaded with (bpflib only appends strings to it).  For
 * callers that may not read BTF by id.  NULL and errno if it keeps none.
 */
struct btf;
__hidden struct btf *bpflib_lib_obj_btf(struct bpflib_registry *reg, __u32 lib_id);
/* The uid library @lib_id belongs to, or -1. */
__hidden int bpflib_lib_owner(struct bpflib_registry *reg, __u32 lib_id);
/*
 * Does this process have what loading a program of @type takes
 * (bpflib_type_caps())?  0, or -EPERM with the missing capabilities and
 * @what named in @reg.
 */
__hidden int bpflib_caps_check(struct bpflib_registry *reg, __u32 type, const char *what);
/* Record why the current call fails; returns @err for "return seterr(...)". */
__hidden int bpflib_seterr(struct bpflib_registry *reg, int err,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The text of a negative errno or of one of libbpf's own error codes
 * (LIBBPF_ERRNO__*, which strerror() knows nothing of), valid in the
 * full expression that uses it.
 */
__hidden const char *bpflib_errstr_r(int err, char *buf, size_t size);
#define errstr(err)	bpflib_errstr_r((err), (char[128]){ 0 }, 128)

/*
 * Check that @fd refers to a BPF program and read its info: 0, -EBADF or
 * -EINVAL (a map, a link, a file...), with the reason recorded in @reg.
 */
struct bpf_prog_info;
__hidden int bpflib_prog_fd_info(struct bpflib_registry *reg, int fd,
				 struct bpf_prog_info *info);

/*
 * Is @name one the registry takes: a library's ([A-Za-z0-9_.-]+, @lib) or
 * a function's (an ASCII C identifier)?  Length is the caller's to check.
 */
__hidden bool bpflib_name_ok(const char *name, bool lib);

/* Compare versions field by field: <0, 0 or >0. */
__hidden int bpflib_version_cmp(const struct bpflib_version *a,
				const struct bpflib_version *b);
/* Does @have satisfy an import of @want: same major, and no older? */
__hidden bool bpflib_version_satisfies(const struct bpflib_version *have,
				       const struct bpflib_version *want);

/*
 * The version of library @lib that @use ("NAME@VERSION", NULL-terminated)
 * names: 1 and *@ver set, 0 if it names none, -EINVAL for a malformed
 * entry (reason in @reg).
 */
__hidden int bpflib_use_version(struct bpflib_registry *reg, const char *const *use,
				const char *lib, struct bpflib_version *ver);

/* Can the kernel point a link of @type at another program in one step? */
__hidden bool bpflib_link_updatable(__u32 type);

/* A free path for a link of program @prog under @pin_dir/links (made). */
__hidden int bpflib_link_pin_path(struct bpflib_registry *reg, const char *pin_dir,
				  const char *prog, char *buf, size_t size);

/*
 * Attach each of @progs as libbpf's auto-attach does from its section
 * name and pin its link at @paths[i], leaving no fd behind; once all are
 * made, unpin each of @then_unpin (NULL or @n paths).  0, or a negative
 * errno with none pinned and none unpinned.
 */
__hidden int bpflib_attach_auto_pinned(struct bpf_program *const *progs,
				       const char *const *paths, int n,
				       const char *const *then_unpin);

/* Options struct checks, as libbpf does them. */
__hidden bool bpflib_opts_valid(const void *opts, size_t opts_sz,
				size_t user_sz);
#define OPTS_VALID(opts, type)						\
	(!(opts) || bpflib_opts_valid(opts, offsetofend(struct type,	\
					type##__last_field), (opts)->sz))
#define OPTS_GET(opts, field, fallback)					\
	((opts) && (opts)->sz >= offsetofend(typeof(*(opts)), field) ?	\
	 (opts)->field : (fallback))
#ifndef offsetofend
#define offsetofend(TYPE, FIELD) (offsetof(TYPE, FIELD) + sizeof(((TYPE *)0)->FIELD))
#endif

/* The bpflib metadata of a library object (its .bpflib section). */
struct bpflib_meta {
	char name[BPFLIB_NAME_LEN];
	char version[32];
	char targets[BPFLIB_MAX_TARGETS][BPFLIB_NAME_LEN];
	int nr_targets;
};

/*
 * Check the library object at @path without the kernel, as a load does
 * before anything is verified (the libraries it uses aside): a whole BPF
 * ELF object with BTF, with BPFLIB_LIBRARY() metadata unless @need_meta is
 * false, whose calls all reach something, that libbpf can open (with the
 * copies of exports that other exports call), and whose programs are all
 * exports of prototypes the kernel can link.  0, or a negative errno with
 * the reason in @reg.  The hostile-object checks run this.
 */
__hidden int bpflib_library_check(struct bpflib_registry *reg, const char *path,
				  struct bpflib_meta *meta, bool need_meta);
/*
 * The object file part of that: a whole BPF ELF object with BTF and
 * (unless -ENOMSG) BPFLIB_LIBRARY() metadata, read into @meta.  0, or a
 * negative errno with the reason in @err.
 */
__hidden int bpflib_meta_read(const char *path, struct bpflib_meta *meta,
			      char *err, size_t err_sz);

/* bpflib_object_check(): an object without BTF passes (a consumer may). */
#define BPFLIB_CHECK_BTF_OPTIONAL	(1U << 0)
/*
 * Is the object at @buf (@size bytes, named @what in messages) a whole BPF
 * ELF object for this machine, with sound BTF (unless flags say it may have
 * none)?  With @meta, also a library, its BPFLIB_LIBRARY() metadata read
 * into @meta (-ENOMSG: none).  0, or a negative errno with the reason in
 * @err.  Every object passes here before libbpf sees it.
 */
__hidden int bpflib_object_check(const void *buf, size_t size, const char *what,
				 unsigned int flags, struct bpflib_meta *meta, char *err,
				 size_t err_sz);
/* bpflib_object_check() of the file at @path. */
__hidden int bpflib_object_check_file(const char *path, unsigned int flags,
				      struct bpflib_meta *meta, char *err, size_t err_sz);

/* Name of the context struct of @type ("xdp_md"), or NULL if unknown. */
__hidden const char *bpflib_ctx_struct(enum bpf_prog_type type);
/* Is @name the context struct of some program type? */
__hidden bool bpflib_is_ctx_struct(const char *name);

/*
 * Can a function with prototype @func_id in @btf be replaced by the
 * kernel (integers, enums, pointers to structs; at most 5 arguments)?
 * 0, or -EINVAL with the reason in @why.
 */
__hidden int bpflib_btf_proto_check(const struct btf *btf, __u32 func_id,
				    char *why, size_t why_sz);
/*
 * Do two function prototypes match exactly (argument count, integer size
 * and signedness, struct names, sizes and layouts)?  0, or -EINVAL with
 * the first difference in @why, naming the sides @a_who and @b_who.
 */
__hidden int bpflib_btf_proto_cmp(const struct btf *a, __u32 a_id, const char *a_who,
				  const struct btf *b, __u32 b_id, const char *b_who,
				  char *why, size_t why_sz);
/*
 * Is @btf whole enough for libbpf to walk (which 1.1 does without looking):
 * known kinds, every type id referred to present, every name a string,
 * every function with a prototype?  0, or -EINVAL with the reason.
 */
__hidden int bpflib_btf_sane(const struct btf *btf, char *why, size_t why_sz);
/* Does any argument of @func_id point to the context struct of @type? */
__hidden bool bpflib_btf_proto_uses_ctx(const struct btf *btf, __u32 func_id,
					const char **other_ctx,
					enum bpf_prog_type type);

/*
 * Load a program of @type/@attach_type with one global stub per function
 * in @func_ids (prototypes from @btf), each called from the main program,
 * for the library's extensions to be verified against.  Returns its fd,
 * with the stubs' type ids in its BTF in @stub_ids, or a negative errno.
 */
__hidden int bpflib_host_load(enum bpf_prog_type type,
			      enum bpf_attach_type attach_type, __u32 attach_btf_id,
			      const struct btf *btf, const __u32 *func_ids,
			      int nr_funcs, __u32 *stub_ids, char *log, size_t log_sz);

/* A program and attach type the headers of older systems do not name. */
#define BPFLIB_PROG_TYPE_NETFILTER	32
#define BPFLIB_ATTACH_NETFILTER		45

/*
 * The program type and expected attach type of section name @sec, as
 * libbpf has them, or for sections older libbpf does not know (1.1 knows
 * no "netfilter") as the kernel has them.  0 or -ENOENT.
 */
__hidden int bpflib_sec_type(const char *sec, enum bpf_prog_type *type,
			     enum bpf_attach_type *attach_type);
/*
 * Verify loaded library @lib_id for @target from the object the registry
 * keeps, as bpflib_library__add_target() does, and add nothing: for the
 * refusals, which go to @opts->refused.  0 or a negative errno.
 */
__hidden int bpflib_library_verify_target(struct bpflib_registry *reg, __u32 lib_id,
					  const char *target,
					  const struct bpflib_load_opts *opts);
/*
 * The whole file at @path (at most BPFLIB_MAX_OBJ_SIZE bytes) in a new
 * buffer, or NULL with errno set (EFBIG: larger; EINVAL: empty).
 */
__hidden void *bpflib_read_object(const char *path, size_t *size);

/*
 * If @t, a type of @btf, is a declaration tag on a whole function whose
 * name starts with @prefix (BPFLIB_IMPORT_TAG, BPFLIB_STATIC_TAG): the
 * "lib@version" after it.  Otherwise NULL.
 */
struct btf_type;
__hidden const char *bpflib_func_tag(const struct btf *btf, const struct btf_type *t,
				     const char *prefix);

/*
 * Can the kernel let an extension replace a function of a program of
 * @type (sleepable ones aside, which it cannot either)?
 */
__hidden bool bpflib_type_extensible(__u32 type);

/*
 * The capabilities loading a program of @type takes (is_net_admin_prog_type()
 * and is_perfmon_prog_type() in kernel/bpf/syscall.c, 6.1 to 6.12): for
 * messages that say what an EPERM means.
 */
__hidden const char *bpflib_type_caps(__u32 type);

/* A map of a loaded library, for an instance or a static consumer to share. */
struct bpflib_lib_map {
	int fd;
	struct bpf_map_info info;
};

/*
 * The maps of loaded library @li: those its functions' programs use, each
 * with an fd of its own (bpflib_lib_maps_free()).  0 or a negative errno
 * with the reason in @reg (-EPERM: taking a map by id needs CAP_SYS_ADMIN).
 */
__hidden int bpflib_lib_maps(struct bpflib_registry *reg, const struct bpflib_library_info *li,
			     struct bpflib_lib_map **maps, int *nr);
__hidden void bpflib_lib_maps_free(struct bpflib_lib_map *maps, int nr);
/*
 * The object the registry keeps for @li (li->info.obj_size bytes, which
 * must not be 0) into a new *@buf: 0 or a negative errno with the reason,
 * naming the library as @what, in @reg.
 */
__hidden int bpflib_lib_obj_read(struct bpflib_registry *reg,
				 const struct bpflib_library_info *li,
				 const char *what, void **buf);

/* A section name libbpf knows for @type and @attach_type: 0 or -ENOENT. */
__hidden int bpflib_type_sec(enum bpf_prog_type type, enum bpf_attach_type attach_type,
			     const char **sec);

/*
 * Do programs of @type and @attach_type, and so the extensions that
 * replace their functions, have to return a value in [*lo, *hi]
 * (check_return_code() in kernel/bpf/verifier.c, 6.1 and 6.12)?
 */
__hidden bool bpflib_ret_range(enum bpf_prog_type type, enum bpf_attach_type attach_type,
			       int *lo, int *hi);

/*
 * 1 if the kernel refuses to let an extension that changes packet data
 * replace a function that does not, 0 if it lets it, or a negative errno.
 */
__hidden int bpflib_probe_pkt_data_check(void);

/*
 * Libraries a library object uses (static.c).  bpflib_deps_link() links
 * the functions library @self at @path imports (BPFLIB_IMPORT()) into its
 * object, @buf of *@size bytes, which it replaces: the number of libraries
 * linked in, 0 if it imports nothing, or a negative errno with the reason
 * in @reg.  *@deps then lists them, for bpflib_deps_reuse_maps() to give a
 * libbpf object of the result their maps, and bpflib_deps_what() to name
 * the i-th ("libnet 1.2.0", NULL past the last).
 */
struct slink;
__hidden int bpflib_deps_link(struct bpflib_registry *reg, const char *path, const char *self,
			      void **buf, size_t *size, struct slink **deps);
__hidden int bpflib_deps_reuse_maps(struct slink *deps, struct bpf_object *obj);
__hidden const char *bpflib_deps_what(const struct slink *deps, int i);
__hidden void bpflib_deps_free(struct slink *deps);
/*
 * A memfd holding library object @buf (@size bytes) as libbpf is to open
 * it, its path in @path: where an export calls another, with a copy of the
 * exports in .text for the call to reach (objedit.c).  The fd, or a
 * negative errno with the reason in @reg.
 */
__hidden int bpflib_lib_memfd(struct bpflib_registry *reg, const char *what, const void *buf,
			      size_t size, char *path, size_t path_sz);
/*
 * Is @kname (the kernel's name of a loaded map, 15 characters) that of a
 * map called @name in an object?  Internal maps (@internal: .bss, .data.x)
 * are known by their section, the part from the first '.'.
 */
__hidden bool bpflib_map_name_match(const char *kname, const char *name, bool internal);
/* The first helper @prog calls that changes packet data, or 0. */
struct bpf_program;
__hidden __s32 bpflib_prog_changes_pkt_data(const struct bpf_program *prog);
/*
 * bpflib_btf__func_proto_str(), with @name_all: arguments without a name
 * in BTF are called "argN".
 */
__hidden int bpflib_btf_func_decl(const struct btf *btf, __u32 func_id, char *buf, size_t size,
				  bool name_all);

/*
 * Record in the registry the copies of other libraries' functions that
 * library function @prog_fd, loaded with BTF @btf, holds: how many, or a
 * negative errno.
 */
__hidden int bpflib_lib_func_record(struct bpflib_registry *reg, int prog_fd,
				    const struct btf *btf);

#endif /* __BPFLIB_INTERNAL_H */
