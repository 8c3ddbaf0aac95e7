// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Loading a library: for each consumer type it serves, verify each of its
 * exported functions as an extension of a generated host of that type, and
 * register the resulting programs.  Maps are created once and shared by the
 * functions of every type.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "internal.h"
#include "objedit.h"

#define LOG_SIZE	(256 * 1024)

struct target {
	const char *sec;
	enum bpf_prog_type type;
	enum bpf_attach_type attach_type;
	__u32 attach_btf_id;		/* the host's hook, for LSM hosts */
	struct bpf_object *obj;
	bool loaded;			/* some of its functions are registered */
	bool skip[BPFLIB_MAX_FUNCS];	/* by program index: refused already */
	int stub_fd[BPFLIB_MAX_FUNCS];	/* by program index: its host */
	__u32 stub_id[BPFLIB_MAX_FUNCS];	/* and its stub's type id there */
};

struct load {
	struct bpflib_registry *reg;
	const char *path;		/* for messages */
	const char *file;		/* to open: @path, or the kept copy */
	char *log;			/* the verifier's log of the last failure */
	size_t log_sz;
	struct target targets[BPFLIB_MAX_TARGETS];
	int nr_targets;
	struct bpflib_func_desc descs[BPFLIB_MAX_FUNCS];
	const struct btf *desc_btf[BPFLIB_MAX_FUNCS];	/* of each desc's object */
	int nr_descs;
	const struct bpflib_load_opts *opts;
	const char *obj_name;		/* libbpf's object name: the library's */
	struct target *maps_from;	/* the first target loaded: its maps are shared */
	struct bpflib_lib_map *lib_maps;	/* or a loaded library's maps, to share */
	int nr_lib_maps;
	struct slink *deps;		/* the libraries it uses, linked in */
	int nr_refused;
	int first_err;			/* the first refusal's, if nothing loads */
	char first_why[sizeof(((struct bpflib_registry *)0)->errstr)];
};

/*
 * Function @func (NULL: every function) cannot serve target @tg: tell the
 * caller and go on, or with opts->strict give up.  The reason is also
 * left in the registry's errstr.  Returns 0 to go on or @err.
 */
__attribute__((format(printf, 5, 6)))
static int refuse(struct load *ld, const struct target *tg, const char *func, int err,
		  const char *fmt, ...)
{
	bpflib_refusal_fn cb = OPTS_GET(ld->opts, refused, NULL);
	struct bpflib_refusal r = {
		.sz = sizeof(r), .target = tg->sec, .func = func, .err = err,
		.reason = ld->reg->errstr,
	};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ld->reg->errstr, sizeof(ld->reg->errstr), fmt, ap);
	va_end(ap);
	if (!ld->nr_refused++) {
		ld->first_err = err;
		snprintf(ld->first_why, sizeof(ld->first_why), "%s", ld->reg->errstr);
	}
	if (cb)
		cb(&r, OPTS_GET(ld->opts, refused_ctx, NULL));
	return OPTS_GET(ld->opts, strict, false) ? err : 0;
}

/* The last @lines lines of a verifier log, for an error message. */
static const char *log_tail(const char *log, int lines)
{
	const char *p = log + strlen(log);

	if (p > log && p[-1] == '\n')
		p--;
	for (; p > log; p--)
		if (p[-1] == '\n' && --lines == 0)
			break;
	return p;
}

/*
 * What a library author can do about a refusal that comes from bpflib's
 * rules rather than the code's: "" when the log shows none.
 */
static const char *verifier_hint(const char *log)
{
	if (strstr(log, "invalid mem access 'mem_or_null'"))
		return "\nhint: exports are verified as global functions, whose pointer arguments may be NULL: check each one before using it (if (!arg) return 0;)";
	return "";
}

/* A library object holds exported functions and nothing else to load. */
static int check_exports(struct bpflib_registry *reg, const char *path, struct bpf_object *obj)
{
	const struct btf *btf = bpf_object__btf(obj);
	char why[256], bad[sizeof(reg->errstr) - 256] = "";
	struct bpf_program *prog;
	int id, n = 0, nr_bad = 0;
	size_t len;

	if (!btf)
		return bpflib_seterr(reg, -EINVAL, "%s: no BTF (compile with -g)", path);
	bpf_object__for_each_program(prog, obj) {
		const char *name = bpf_program__name(prog);

		if (strcmp(bpf_program__section_name(prog), "freplace") &&
		    strcmp(bpf_program__section_name(prog), BPFLIB_EXT_SEC))
			return bpflib_seterr(reg, -EINVAL,
					     "%s: program '%s' is in section '%s': a library holds only BPFLIB_EXPORT functions",
					     path, name, bpf_program__section_name(prog));
		id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
		if (id < 0)
			return bpflib_seterr(reg, -EINVAL, "%s: no BTF for '%s'",
					     path, name);
		/* Every export the kernel could never link, each with its rule. */
		if (bpflib_btf_proto_check(btf, id, why, sizeof(why))) {
			len = strlen(bad);
			snprintf(bad + len, sizeof(bad) - len, "\n  '%s': %s", name, why);
			nr_bad++;
			continue;
		}
		if (strlen(name) >= BPFLIB_NAME_LEN)
			return bpflib_seterr(reg, -ENAMETOOLONG,
					     "%s: '%s' is longer than %d characters",
					     path, name, BPFLIB_NAME_LEN - 1);
		if (!bpflib_name_ok(name, false))
			return bpflib_seterr(reg, -EINVAL,
					     "%s: export '%s': a function's name must be an ASCII C identifier ([A-Za-z_][A-Za-z0-9_]*), as the registry's names are",
					     path, name);
		n++;
	}
	if (nr_bad)
		return bpflib_seterr(reg, -EINVAL,
				     "%s: %d export%s no consumer could link, with %s prototype%s:%s",
				     path, nr_bad, nr_bad == 1 ? "" : "s", nr_bad == 1 ? "this" : "these",
				     nr_bad == 1 ? "" : "s", bad);
	if (!n)
		return bpflib_seterr(reg, -EINVAL, "%s: exports nothing", path);
	return 0;
}

static int check_object(struct bpflib_registry *reg, const char *path, const char *file);

int bpflib_library_check(struct bpflib_registry *reg, const char *path,
			 struct bpflib_meta *meta, bool need_meta)
{
	char file[32];
	size_t size;
	void *buf;
	int err, fd;

	err = bpflib_meta_read(path, meta, reg->errstr, sizeof(reg->errstr));
	if (err == -ENOMSG)	/* no .bpflib: fine if the caller says it all */
		err = need_meta ? -EINVAL : 0;
	if (err)
		return err;
	reg->errstr[0] = '\0';
	buf = bpflib_read_object(path, &size);
	if (!buf)
		return bpflib_seterr(reg, -errno, "%s: %s", path, errstr(-errno));
	fd = bpflib_lib_memfd(reg, path, buf, size, file, sizeof(file));
	free(buf);
	if (fd < 0)
		return fd;
	err = check_object(reg, path, file);
	close(fd);
	return err;
}

/*
 * Can libbpf open the library object @file (for @path), and are its programs
 * all exports of prototypes the kernel can replace?
 */
static int check_object(struct bpflib_registry *reg, const char *path, const char *file)
{
	struct bpf_object *obj;
	int err;

	obj = bpf_object__open_file(file, NULL);
	if (!obj) {
		err = -errno;
		return bpflib_seterr(reg, err, "%s: libbpf cannot open it: %s", path, errstr(err));
	}
	err = check_exports(reg, path, obj);
	bpf_object__close(obj);
	return err;
}

/* Does BTF @ctx declare @name __ksym: a kfunc, which the kernel resolves? */
static bool is_ksym(const char *name, void *ctx)
{
	const struct btf *btf = ctx;
	const struct btf_var_secinfo *v;
	const struct btf_type *t;
	int sec, i;

	sec = btf ? btf__find_by_name_kind(btf, ".ksyms", BTF_KIND_DATASEC) : -1;
	t = sec > 0 ? btf__type_by_id(btf, sec) : NULL;
	for (i = 0, v = t ? btf_var_secinfos(t) : NULL; t && i < btf_vlen(t); i++, v++) {
		const struct btf_type *f = btf__type_by_id(btf, v->type);

		if (f && !strcmp(btf__name_by_offset(btf, f->name_off), name))
			return true;
	}
	return false;
}

/* Does every call in library object @e reach a function it defines, or a kfunc? */
static int check_calls(struct bpflib_registry *reg, const char *what, struct bpflib_elf *e)
{
	const char *caller, *callee;
	struct btf *btf = NULL;
	size_t size;
	void *data = bpflib_elf_sec_data(e, bpflib_elf_sec_find(e, ".BTF"), &size);
	int err = 0;

	if (data)
		btf = btf__new(data, size);
	if (bpflib_elf_undef_call(e, is_ksym, btf, &caller, &callee))
		err = bpflib_seterr(reg, -ENOENT,
				    "%s: '%s' calls '%s', which the library does not define: define it (an export, or a static function), declare it __ksym if it is a kfunc, or link it statically from another library",
				    what, caller, callee);
	btf__free(btf);
	return err;
}

/*
 * libbpf 1.1 finds an extension's target function by reading the target
 * program's BTF by id, which needs CAP_SYS_ADMIN: a service user with
 * CAP_BPF could not load a library.  bpflib made the hosts and knows each
 * stub's type id, so libbpf opens the exports from a section of bpflib's
 * own (BPFLIB_EXT_SEC, renamed in the copy bpflib_lib_memfd() makes), whose
 * handler, ext_prepare(), sets the target itself.  libbpf gives a handler
 * no context but the program, so the target being loaded on this thread
 * is kept here for the length of its bpf_object__load(), and only then.
 */
static __thread const struct target *ext_loading;

static int ext_prepare(struct bpf_program *prog, struct bpf_prog_load_opts *opts, long cookie)
{
	const struct target *tg = ext_loading;
	struct bpf_program *p;
	int k = 0;

	if (!tg)
		return -EINVAL;	/* not bpflib loading one of its libraries */
	bpf_object__for_each_program(p, tg->obj) {
		if (p == prog) {
			opts->attach_prog_fd = tg->stub_fd[k];
			opts->attach_btf_id = tg->stub_id[k];
			return 0;
		}
		k++;
	}
	return -EINVAL;
}

static void ext_register(void)
{
	LIBBPF_OPTS(libbpf_prog_handler_opts, o, .prog_prepare_load_fn = ext_prepare);

	libbpf_register_prog_handler(BPFLIB_EXT_SEC, BPF_PROG_TYPE_EXT, 0, &o);
}

/* Before libbpf opens an object with exports in BPFLIB_EXT_SEC. */
static void ext_handler_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, ext_register);
}

int bpflib_lib_memfd(struct bpflib_registry *reg, const char *what, const void *buf,
		     size_t size, char *path, size_t path_sz)
{
	struct bpflib_elf e = {};
	char why[256];
	void *copy;
	int fd, err;
	bool elf;

	err = bpflib_object_check(buf, size, what, 0, NULL, reg->errstr, sizeof(reg->errstr));
	if (err)
		return err;
	copy = malloc(size);
	if (!copy)
		return bpflib_seterr(reg, -ENOMEM, "%s: %s", what, errstr(-ENOMEM));
	memcpy(copy, buf, size);
	e.buf = copy;
	e.size = size;
	/* Not ELF: libbpf says so, as for the file itself. */
	elf = !bpflib_elf_parse(&e, copy, size);
	err = elf ? check_calls(reg, what, &e) : 0;
	if (!err && elf && bpflib_elf_export_calls(&e)) {
		err = bpflib_elf_exports_to_text(&e, true, why, sizeof(why));
		if (err)
			bpflib_seterr(reg, err,
				      "%s: an export calls another, and bpflib cannot give it the callee's code: %s",
				      what, why);
	}
	/* Exports load through bpflib's own section handler (ext_prepare()). */
	if (!err && elf) {
		err = bpflib_elf_exports_rename(&e, BPFLIB_EXT_SEC);
		if (err)
			bpflib_seterr(reg, err, "%s: renaming its exports' section: %s", what,
				      errstr(err));
	}
	if (err) {
		free(e.buf);
		return err;
	}
	ext_handler_init();
	fd = memfd_create("bpflib-library", MFD_CLOEXEC);
	if (fd < 0 || write(fd, e.buf, e.size) != (ssize_t)e.size) {
		err = bpflib_seterr(reg, -errno, "%s: a memfd for its object: %s", what,
				    errstr(-errno));
		if (fd >= 0)
			close(fd);
		fd = err;
	}
	free(e.buf);
	snprintf(path, path_sz, "/proc/self/fd/%d", fd);
	return fd;
}

/*
 * Helpers after which packet pointers are stale, as the kernel lists them
 * (bpf_helper_changes_pkt_data(), Linux 6.12).
 */
static bool helper_changes_pkt_data(__s32 id)
{
	switch (id) {
	case BPF_FUNC_clone_redirect:
	case BPF_FUNC_l3_csum_replace:
	case BPF_FUNC_l4_csum_replace:
	case BPF_FUNC_lwt_push_encap:
	case BPF_FUNC_lwt_seg6_action:
	case BPF_FUNC_lwt_seg6_adjust_srh:
	case BPF_FUNC_lwt_seg6_store_bytes:
	case BPF_FUNC_msg_pop_data:
	case BPF_FUNC_msg_pull_data:
	case BPF_FUNC_msg_push_data:
	case BPF_FUNC_skb_adjust_room:
	case BPF_FUNC_skb_change_head:
	case BPF_FUNC_skb_change_proto:
	case BPF_FUNC_skb_change_tail:
	case BPF_FUNC_skb_pull_data:
	case BPF_FUNC_skb_store_bytes:
	case BPF_FUNC_skb_vlan_pop:
	case BPF_FUNC_skb_vlan_push:
	case BPF_FUNC_store_hdr_opt:
	case BPF_FUNC_xdp_adjust_head:
	case BPF_FUNC_xdp_adjust_meta:
	case BPF_FUNC_xdp_adjust_tail:
	case BPF_FUNC_tail_call:
		return true;
	default:
		return false;
	}
}

/* The first helper @prog (with its subprograms) calls that changes packet data. */
__s32 bpflib_prog_changes_pkt_data(const struct bpf_program *prog)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t i, n = bpf_program__insn_cnt(prog);

	for (i = 0; insn && i < n; i++)
		if (insn[i].code == (BPF_JMP | BPF_CALL) && !insn[i].src_reg &&
		    helper_changes_pkt_data(insn[i].imm))
			return insn[i].imm;
	return 0;
}

/*
 * A function that changes packet data must only replace imports that the
 * consumer's verifier treated as changing it (BPFLIB_STUB_PKT); Linux 6.12
 * checks that on every link.  Older kernels do not, and a consumer could
 * then keep using packet pointers the library invalidated: such functions
 * are refused there.  1 if @prog (the @k-th) is refused, 0 if not, or an
 * error to stop.
 */
static int pkt_data_refused(struct load *ld, struct target *tg, struct bpf_program *prog, int k)
{
	__s32 helper = bpflib_prog_changes_pkt_data(prog);

	if (!helper)
		return 0;
	if (!ld->reg->pkt_data_check) {
		int r = bpflib_probe_pkt_data_check();

		if (r < 0)
			return bpflib_seterr(ld->reg, r, "probing the kernel: %s", errstr(r));
		ld->reg->pkt_data_check = r ? 1 : -1;
	}
	if (ld->reg->pkt_data_check > 0)
		return 0;
	tg->skip[k] = true;
	return refuse(ld, tg, bpf_program__name(prog), -EOPNOTSUPP,
		      "%s: target '%s': '%s' changes packet data (helper %d); this kernel cannot check that its consumers expect that, so bpflib refuses it (Linux 6.12 can)",
		      ld->path, tg->sec, bpf_program__name(prog), helper) ?: 1;
}

/*
 * Open the object for one target: every exported function loads that has
 * not been refused for it already and whose arguments do not include
 * another program type's context, and its BTF id is stored in @ids.
 * Returns how many, or a negative errno.
 */
static int open_target(struct load *ld, struct target *tg, __u32 *ids)
{
	const struct btf *btf;
	struct bpf_program *prog;
	const char *other_ctx;
	int n = 0, k = -1, err, id;
	LIBBPF_OPTS(bpf_object_open_opts, oopts, .object_name = ld->obj_name);

	bpf_object__close(tg->obj);
	tg->obj = bpf_object__open_file(ld->file, &oopts);
	if (!tg->obj) {
		err = -errno;
		return bpflib_seterr(ld->reg, err, "%s: libbpf cannot open it: %s", ld->path,
				     errstr(err));
	}
	err = check_exports(ld->reg, ld->path, tg->obj);
	if (err)
		return err;
	btf = bpf_object__btf(tg->obj);

	/* A function whose arguments include another type's context cannot serve this one. */
	bpf_object__for_each_program(prog, tg->obj) {
		k++;
		id = btf__find_by_name_kind(btf, bpf_program__name(prog), BTF_KIND_FUNC);
		bpflib_btf_proto_uses_ctx(btf, id, &other_ctx, tg->type);
		err = other_ctx || tg->skip[k] ? 1 : pkt_data_refused(ld, tg, prog, k);
		if (err < 0)
			return err;
		if (err) {
			bpf_program__set_autoload(prog, false);
			continue;
		}
		if (n + ld->nr_descs == BPFLIB_MAX_FUNCS)
			return bpflib_seterr(ld->reg, -E2BIG, "%s: more than %d functions",
					     ld->path, BPFLIB_MAX_FUNCS);
		ids[n++] = id;
	}
	return n;
}

/*
 * The verifier takes at most 256 functions in a program, the host's main
 * function one of them: a target of more exports gets several hosts, the
 * k-th function of open_target()'s @ids in host k / HOST_FUNCS.
 */
#define HOST_FUNCS	255
#define MAX_HOSTS	((BPFLIB_MAX_FUNCS + HOST_FUNCS - 1) / HOST_FUNCS)

struct hosts {
	int fd[MAX_HOSTS];
	int nr;
	__u32 stub_id[BPFLIB_MAX_FUNCS];	/* by index in @ids: in its host's BTF */
};

static void hosts_close(struct hosts *h)
{
	while (h->nr)
		close(h->fd[--h->nr]);
}

/* 0, 1 if the kernel refused the host (the target is refused), or an error. */
static int hosts_load(struct load *ld, struct target *tg, const __u32 *ids, int n,
		      struct hosts *h)
{
	int fd;

	for (h->nr = 0; h->nr * HOST_FUNCS < n; h->nr++) {
		ld->log[0] = '\0';
		fd = bpflib_host_load(tg->type, tg->attach_type, tg->attach_btf_id,
				      bpf_object__btf(tg->obj), ids + h->nr * HOST_FUNCS,
				      n - h->nr * HOST_FUNCS < HOST_FUNCS ? n - h->nr * HOST_FUNCS :
				      HOST_FUNCS, h->stub_id + h->nr * HOST_FUNCS, ld->log, ld->log_sz);
		if (fd < 0) {
			hosts_close(h);
			return refuse(ld, tg, NULL, fd,
				      "%s: target '%s': the kernel refused the host program: %s%s%s",
				      ld->path, tg->sec, errstr(fd),
				      ld->log[0] ? "\n" : "", log_tail(ld->log, 8)) ?: 1;
		}
		h->fd[h->nr] = fd;
	}
	return 0;
}

/*
 * An internal map's object name before the '.' is the library's, or that
 * of a library it uses whose variables it has linked in.
 */
bool bpflib_map_name_match(const char *kname, const char *name, bool internal)
{
	const char *ks = strchr(kname, '.'), *s = strchr(name, '.');

	if (internal && ks && s)
		return !strcmp(ks, s);
	return !strncmp(kname, name, BPF_OBJ_NAME_LEN - 1);
}

/*
 * An instance of a loaded library for another type: each of its maps is
 * the library's map of that name (the kernel keeps 15 characters of it),
 * type and sizes.  A map the library's functions do not use has no such
 * twin: the registry would refuse an instance that used a map of its own.
 */
static int share_lib_maps(struct load *ld, struct target *tg)
{
	struct bpf_map *map;
	const char *name;
	int i, err;

	bpf_object__for_each_map(map, tg->obj) {
		name = bpf_map__name(map);
		for (i = 0; i < ld->nr_lib_maps; i++) {
			const struct bpf_map_info *mi = &ld->lib_maps[i].info;

			if (bpflib_map_name_match(mi->name, name, bpf_map__is_internal(map)) &&
			    mi->type == bpf_map__type(map) &&
			    mi->key_size == bpf_map__key_size(map) &&
			    mi->value_size == bpf_map__value_size(map) &&
			    mi->max_entries == bpf_map__max_entries(map))
				break;
		}
		if (i == ld->nr_lib_maps)
			continue;	/* the registry decides, naming the function */
		err = bpf_map__reuse_fd(map, ld->lib_maps[i].fd);
		if (err)
			return bpflib_seterr(ld->reg, err, "%s: map '%s': %s", ld->path, name,
					     errstr(err));
	}
	return 0;
}

/* bpf_object__load() of a target's object, its exports pointed at their stubs. */
static int target_load(struct target *tg)
{
	int err;

	ext_loading = tg;
	err = bpf_object__load(tg->obj);
	ext_loading = NULL;
	return err;
}

/* Point every function at its stub in its host; share the first target's maps. */
static int prepare_target(struct load *ld, struct target *tg, const struct hosts *h,
			  const __u32 *ids, int n)
{
	struct bpf_program *prog;
	struct bpf_map *map, *first;
	int err, id, k, i = -1;

	bpf_object__for_each_program(prog, tg->obj) {
		i++;
		if (!bpf_program__autoload(prog))
			continue;
		id = btf__find_by_name_kind(bpf_object__btf(tg->obj), bpf_program__name(prog),
					    BTF_KIND_FUNC);
		for (k = 0; k < n && ids[k] != (__u32)id; k++)
			;
		if (k == n)
			return bpflib_seterr(ld->reg, -ENOENT, "%s: '%s': no stub in the host",
					     ld->path, bpf_program__name(prog));
		tg->stub_fd[i] = h->fd[k / HOST_FUNCS];
		tg->stub_id[i] = h->stub_id[k];
		/* An object too large to keep is opened as it is: libbpf's way. */
		if (strcmp(bpf_program__section_name(prog), "freplace"))
			continue;
		err = bpf_program__set_attach_target(prog, h->fd[k / HOST_FUNCS],
						     bpf_program__name(prog));
		if (err)
			return bpflib_seterr(ld->reg, err, "%s: '%s': %s%s", ld->path,
					     bpf_program__name(prog), errstr(err),
					     err == -EPERM ? " (libbpf reads the host's BTF by id, which needs CAP_SYS_ADMIN, for an object larger than the registry keeps)" : "");
	}
	if (ld->lib_maps)
		return share_lib_maps(ld, tg);
	if (!ld->maps_from)	/* the first: the maps of the libraries it uses */
		return ld->deps ? bpflib_deps_reuse_maps(ld->deps, tg->obj) : 0;
	bpf_object__for_each_map(map, tg->obj) {
		first = bpf_object__find_map_by_name(ld->maps_from->obj, bpf_map__name(map));
		err = first ? bpf_map__reuse_fd(map, bpf_map__fd(first)) : -ENOENT;
		if (err)
			return bpflib_seterr(ld->reg, err, "%s: map '%s': %s", ld->path,
					     bpf_map__name(map), errstr(err));
	}
	return 0;
}

/*
 * What the verifier's refusal of a function for @tg means to its author,
 * where it follows from the program type rather than the code: "" if not.
 */
static const char *type_hint(const struct target *tg, const char *log, char *buf, size_t size)
{
	int lo, hi;

	if (strstr(log, "At program exit the register R0") &&
	    bpflib_ret_range(tg->type, tg->attach_type, &lo, &hi)) {
		snprintf(buf, size,
			 "\nhint: the kernel lets a function that replaces part of a '%s' program return only values in [%d, %d], as the program itself; return a constant in that range and pass the result through a struct pointer argument (see \"Return values\" in bpflib(8)), or link such consumers statically, where the function is a plain one and may return anything",
			 tg->sec, lo, hi);
		return buf;
	}
	return verifier_hint(log);
}

#define LOG_ID_SIZE	256		/* enough to tell which function failed */
#define LOG_MAX_SIZE	(64 << 20)

/*
 * Function @failed failed to load.  The kernel reports a truncated log as
 * ENOSPC in place of the verifier's own error, so the first pass gives
 * each function only a few bytes of log, to learn which one failed; this
 * loads that one again, alone, with a log big enough for all of it (the
 * kernel keeps a log's end on 6.4+, its start before), and refuses it for
 * this target with the verifier's own error and the end of its log.
 * Returns 0 to go on, or an error to stop.
 */
static int diagnose(struct load *ld, struct target *tg, const struct hosts *h,
		    const char *failed, int failed_idx)
{
	__u32 ids[BPFLIB_MAX_FUNCS];
	struct bpf_program *prog;
	char hint[512];
	size_t size;
	char *name;
	int err = -ENOSPC, n;

	name = strdup(failed);
	if (!name)
		return -ENOMEM;
	for (size = 1 << 20; err == -ENOSPC && size <= LOG_MAX_SIZE; size *= 4) {
		if (size > ld->log_sz) {
			char *log = realloc(ld->log, size);

			if (!log) {
				err = -ENOMEM;
				break;
			}
			ld->log = log;
			ld->log_sz = size;
		}
		err = n = open_target(ld, tg, ids);
		if (err < 0)
			break;
		bpf_object__for_each_program(prog, tg->obj)
			bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), name));
		err = prepare_target(ld, tg, h, ids, n);
		prog = bpf_object__find_program_by_name(tg->obj, name);
		if (!err && prog)
			err = bpf_program__set_log_buf(prog, ld->log, ld->log_sz);
		ld->log[0] = '\0';
		if (!err)
			err = target_load(tg);
	}
	tg->skip[failed_idx] = true;
	if (err == -ENOSPC) {
		err = refuse(ld, tg, name, -EINVAL,
			     "%s: target '%s': the verifier refused '%s'; its log is longer than %d MiB, and ends:\n%s%s",
			     ld->path, tg->sec, name, LOG_MAX_SIZE >> 20, log_tail(ld->log, 8),
			     type_hint(tg, ld->log, hint, sizeof(hint)));
	} else if (err == -ENOMEM) {
		/* Ours, not the function's: stop. */
	} else if (err) {
		err = refuse(ld, tg, name, err,
			     "%s: target '%s': the verifier refused '%s': %s%s%s%s",
			     ld->path, tg->sec, name, errstr(err), ld->log[0] ? "\n" : "",
			     log_tail(ld->log, 8), type_hint(tg, ld->log, hint, sizeof(hint)));
	} else {
		err = refuse(ld, tg, name, -EAGAIN,
			     "%s: target '%s': '%s' failed to load, then loaded on its own; try again",
			     ld->path, tg->sec, name);
	}
	free(name);
	return err;
}

/*
 * Verify the object's functions for one target against a generated host.
 * A function the verifier refuses is reported and left out, and the rest
 * loaded again without it.  Returns 0 (whatever loaded, perhaps nothing)
 * or an error to stop.
 */
static int load_target(struct load *ld, struct target *tg)
{
	__u32 ids[BPFLIB_MAX_FUNCS];
	struct bpf_program *prog;
	const char *failed;
	char *logs = NULL;
	struct hosts hosts = {};
	int n, i, k, failed_idx, err;

again:
	n = open_target(ld, tg, ids);
	if (n < 0)
		return n;
	if (!n)
		return 0;
	err = hosts_load(ld, tg, ids, n, &hosts);
	if (err)
		return err > 0 ? 0 : err;
	err = prepare_target(ld, tg, &hosts, ids, n);
	if (err)
		goto out;
	/* libbpf logs only a failed load: this tells which function failed. */
	logs = calloc(n, LOG_ID_SIZE);
	if (!logs) {
		err = -ENOMEM;
		goto out;
	}
	i = 0;
	bpf_object__for_each_program(prog, tg->obj)
		if (bpf_program__autoload(prog))
			bpf_program__set_log_buf(prog, logs + LOG_ID_SIZE * i++, LOG_ID_SIZE);
	err = target_load(tg);
	if (err) {
		failed = NULL;
		failed_idx = -1;
		i = k = 0;
		bpf_object__for_each_program(prog, tg->obj) {
			if (!failed && bpf_program__autoload(prog) && logs[LOG_ID_SIZE * i]) {
				failed = bpf_program__name(prog);
				failed_idx = k;
			}
			i += bpf_program__autoload(prog);
			k++;
		}
		if (!failed) {
			bpflib_seterr(ld->reg, err, "%s: target '%s': libbpf cannot load it: %s",
				      ld->path, tg->sec, errstr(err));
			goto out;
		}
		err = diagnose(ld, tg, &hosts, failed, failed_idx);
		if (err)
			goto out;
		free(logs);
		logs = NULL;
		hosts_close(&hosts);
		goto again;
	}
	bpf_object__for_each_program(prog, tg->obj) {
		struct bpflib_func_desc *d = &ld->descs[ld->nr_descs];

		if (!bpf_program__autoload(prog))
			continue;
		snprintf(d->name, sizeof(d->name), "%s", bpf_program__name(prog));
		d->prog_fd = bpf_program__fd(prog);
		ld->desc_btf[ld->nr_descs] = bpf_object__btf(tg->obj);
		ld->nr_descs++;
	}
	tg->loaded = true;
	if (!ld->maps_from)
		ld->maps_from = tg;
out:
	free(logs);
	hosts_close(&hosts);
	return err;
}

/*
 * Why no extension can serve consumers of @tg's type, whatever the
 * library (the kernel's rules, in bpf_check_attach_target(), or bpflib's);
 * NULL if a host is worth trying.
 */
static const char *unservable(const struct target *tg)
{
	size_t len = strlen(tg->sec);

	if (tg->type == BPF_PROG_TYPE_SYSCALL || strstr(tg->sec, ".s/") ||
	    (len > 2 && !strcmp(tg->sec + len - 2, ".s")))
		return "sleepable programs cannot be extended safely: an extension is never sleepable, and the kernel would run it without the protection a sleepable program's maps need";
	switch (tg->type) {
	case BPF_PROG_TYPE_TRACING:
		if (tg->attach_type == BPF_TRACE_FENTRY || tg->attach_type == BPF_TRACE_FEXIT)
			return "the kernel does not let an extension replace part of an fentry or fexit program (\"Cannot extend fentry/fexit\")";
		return "the kernel attaches an extension of a tp_btf, fmod_ret or iter program to no program but the one it was verified against, never to a consumer";
	case BPF_PROG_TYPE_STRUCT_OPS:
		return "struct_ops programs are verified as members of a struct_ops type, and bpflib makes no host for them";
	case BPF_PROG_TYPE_EXT:
		return "the kernel does not let an extension replace part of another (\"Cannot recursively attach\")";
	default:
		return NULL;
	}
}

/* The LSM hook a host of @tg attaches to: the section's, or a default. */
static int resolve_hook(struct load *ld, struct target *tg, struct btf **vmlinux)
{
	const char *hook = strchr(tg->sec, '/');
	char fn[BPFLIB_NAME_LEN + 16];
	int id;

	if (tg->type != BPF_PROG_TYPE_LSM)
		return 0;
	hook = hook ? hook + 1 : tg->attach_type == BPF_LSM_CGROUP ? "socket_bind" : "file_open";
	if (!*vmlinux) {
		*vmlinux = btf__load_vmlinux_btf();
		if (!*vmlinux) {
			id = -errno;
			return bpflib_seterr(ld->reg, id, "reading the kernel's BTF: %s", errstr(id));
		}
	}
	snprintf(fn, sizeof(fn), "bpf_lsm_%s", hook);
	id = btf__find_by_name_kind(*vmlinux, fn, BTF_KIND_FUNC);
	if (id < 0)
		return refuse(ld, tg, NULL, -ENOENT, "%s: target '%s': this kernel has no LSM hook '%s'",
			      ld->path, tg->sec, hook) ?: 1;
	tg->attach_btf_id = id;
	return 0;
}

static int load_targets(struct load *ld, const struct bpflib_meta *meta,
			const char *const *targets)
{
	struct btf *vmlinux = NULL;
	const char *sec, *why;
	int i, err = 0;

	for (i = 0; !err && (targets ? !!targets[i] : i < meta->nr_targets); i++) {
		struct target *tg = &ld->targets[ld->nr_targets];

		sec = targets ? targets[i] : meta->targets[i];
		if (ld->nr_targets == BPFLIB_MAX_TARGETS) {
			err = bpflib_seterr(ld->reg, -E2BIG, "more than %d targets",
					    BPFLIB_MAX_TARGETS);
			break;
		}
		tg->sec = sec;
		ld->nr_targets++;
		if (bpflib_sec_type(sec, &tg->type, &tg->attach_type)) {
			err = refuse(ld, tg, NULL, -EINVAL,
				     "%s: unknown target '%s' (use a libbpf section name such as \"xdp\" or \"tc\")",
				     ld->path, sec);
			continue;
		}
		why = unservable(tg);
		if (why) {
			err = refuse(ld, tg, NULL, -EOPNOTSUPP,
				     "%s: target '%s': %s\nhint: consumers of this type get the library's code linked in instead, before they load (bpflib_object__open_file(), 'bpflib prog link FILE pin DIR'): no target needed",
				     ld->path, sec, why);
			continue;
		}
		err = resolve_hook(ld, tg, &vmlinux);
		if (err)
			err = err > 0 ? 0 : err;
		else
			err = load_target(ld, tg);
	}
	btf__free(vmlinux);
	if (err)
		return err;
	if (!ld->nr_targets)
		return bpflib_seterr(ld->reg, -EINVAL,
				     "%s: no target (BPFLIB_TARGET() missing)", ld->path);
	if (!ld->nr_descs) {
		/* Nothing to register: the first reason is the answer. */
		if (ld->nr_refused > 1)
			return bpflib_seterr(ld->reg, ld->first_err,
					     "%s\n(and %d more refusals: no function of the library could be loaded for any target)",
					     ld->first_why, ld->nr_refused - 1);
		return bpflib_seterr(ld->reg, ld->first_err ?: -EINVAL, "%s",
				     ld->first_why[0] ? ld->first_why : "nothing to load");
	}
	return 0;
}

/*
 * The bytes of the object at @path, for the registry to keep, or NULL if
 * it cannot be read or is larger than the registry keeps (the library
 * then serves only the types it was loaded for).
 */
void *bpflib_read_object(const char *path, size_t *size)
{
	struct stat st = {};
	void *buf = NULL;
	ssize_t got = -1;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st))
		goto out;
	errno = st.st_size > BPFLIB_MAX_OBJ_SIZE ? EFBIG : st.st_size ? ENOMEM : EINVAL;
	if (st.st_size > 0 && st.st_size <= BPFLIB_MAX_OBJ_SIZE)
		buf = malloc(st.st_size);
	if (buf) {
		got = read(fd, buf, st.st_size);
		errno = got < 0 ? errno : EIO;
	}
out:
	close(fd);
	if (got != st.st_size) {
		free(buf);
		return NULL;
	}
	*size = st.st_size;
	return buf;
}

/*
 * The maps the loaded functions use, each once, for the registry to keep:
 * it hands them to the library's owner, for instances and static
 * consumers to share, who could not take them by id without
 * CAP_SYS_ADMIN.  Their fds (the objects') go to @fds: how many, or a
 * negative errno with the reason in @ld->reg.
 */
static int used_maps(struct load *ld, __u32 *fds, int room)
{
	__u32 used[BPFLIB_MAX_MAPS], ids[64], nr_used = 0, n = 0, i, k;
	struct bpf_map_info mi;
	struct bpf_map *map;
	__u32 len;
	int t;

	for (i = 0; i < (__u32)ld->nr_descs; i++) {
		struct bpf_prog_info info = {
			.nr_map_ids = ARRAY_SIZE(ids), .map_ids = (__u64)(unsigned long)ids,
		};

		len = sizeof(info);
		if (bpf_obj_get_info_by_fd(ld->descs[i].prog_fd, &info, &len))
			return bpflib_seterr(ld->reg, -errno, "%s: '%s': %s", ld->path,
					     ld->descs[i].name, errstr(-errno));
		for (k = 0; k < info.nr_map_ids && k < ARRAY_SIZE(ids); k++) {
			for (t = 0; t < (int)nr_used && used[t] != ids[k]; t++)
				;
			if (t == (int)nr_used && nr_used < ARRAY_SIZE(used))
				used[nr_used++] = ids[k];
		}
	}
	for (t = 0; t < ld->nr_targets; t++) {
		if (!ld->targets[t].loaded)
			continue;
		bpf_object__for_each_map(map, ld->targets[t].obj) {
			len = sizeof(mi);
			memset(&mi, 0, sizeof(mi));
			if (bpf_map__fd(map) < 0 ||
			    bpf_obj_get_info_by_fd(bpf_map__fd(map), &mi, &len))
				continue;
			for (k = 0; k < nr_used && used[k] != mi.id; k++)
				;
			if (k == nr_used)
				continue;
			if ((int)n == room)
				return bpflib_seterr(ld->reg, -E2BIG, "%s: more than %d maps",
						     ld->path, room);
			fds[n++] = bpf_map__fd(map);
			used[k] = used[--nr_used];	/* once */
		}
	}
	return n;
}

/*
 * The functions just loaded hold copies of the code of the libraries the
 * library uses: record them, so that those cannot be unloaded first.
 */
static int record_copies(struct load *ld)
{
	int i, err = 0;

	for (i = 0; i < ld->nr_descs && err >= 0; i++)
		err = bpflib_lib_func_record(ld->reg, ld->descs[i].prog_fd, ld->desc_btf[i]);
	return err < 0 ? err : 0;
}

int bpflib_library__load(struct bpflib_registry *reg, const char *path,
			 const struct bpflib_load_opts *opts)
{
	const char *const *targets = OPTS_GET(opts, targets, NULL);
	const char *name = OPTS_GET(opts, name, NULL);
	const char *version = OPTS_GET(opts, version, NULL);
	struct bpflib_lib_add req = {};
	__u32 map_fds[BPFLIB_MAX_MAPS];
	struct bpflib_meta meta;
	size_t obj_size = 0;
	void *obj = NULL;
	char file[32];
	struct load *ld;
	int err, i, fd = -1;

	reg->errstr[0] = '\0';
	if (!OPTS_VALID(opts, bpflib_load_opts) || !path)
		return bpflib_seterr(reg, -EINVAL, "invalid arguments");
	ld = calloc(1, sizeof(*ld));
	if (!ld)
		return -ENOMEM;
	ld->reg = reg;
	ld->path = ld->file = path;
	ld->opts = opts;
	ld->log_sz = LOG_SIZE;
	ld->log = calloc(1, ld->log_sz);
	if (!ld->log) {
		free(ld);
		return -ENOMEM;
	}

	/* All that can be checked without the kernel, before anything is loaded. */
	err = bpflib_meta_read(path, &meta, reg->errstr, sizeof(reg->errstr));
	if (err == -ENOMSG && name && version && targets)
		err = 0;	/* no .bpflib: the caller says it all */
	else if (err == -ENOMSG)
		err = -EINVAL;
	if (err)
		goto out;
	reg->errstr[0] = '\0';
	name = name ?: meta.name;
	version = version ?: meta.version;
	err = -EINVAL;
	if (!name[0] || strlen(name) >= sizeof(req.name)) {
		bpflib_seterr(reg, err, "%s: bad or missing library name '%s'", path, name);
		goto out;
	}
	if (!bpflib_name_ok(name, true)) {
		bpflib_seterr(reg, err,
			      "%s: library name '%s': a library's name may hold only ASCII letters, digits, '_', '.' and '-'",
			      path, name);
		goto out;
	}
	if (bpflib_version__parse(version, &req.version)) {
		bpflib_seterr(reg, err, "%s: bad or missing version '%s' (want major.minor.patch)",
			      path, version);
		goto out;
	}
	strcpy(req.name, name);
	ld->obj_name = req.name;
	err = bpflib_caps_check(reg, BPF_PROG_TYPE_EXT,
				"loading a library (its functions are extensions)");
	if (err)
		goto out;
	/* Before verifying anything: the registry would refuse it at the end. */
	if (bpflib_library__find(reg, name, version) >= 0) {
		err = bpflib_seterr(reg, -EEXIST, "register %s %s: that version is loaded already",
				    name, version);
		goto out;
	}
	/* An object larger than the registry keeps is opened as it is. */
	obj = bpflib_read_object(path, &obj_size);
	if (!obj && errno != EFBIG) {
		err = bpflib_seterr(reg, -errno, "%s: %s", path, errstr(-errno));
		goto out;
	}
	/* What it imports from other libraries becomes part of it. */
	err = obj ? bpflib_deps_link(reg, path, name, &obj, &obj_size, &ld->deps) : 0;
	if (err < 0)
		goto out;
	if (obj) {
		fd = bpflib_lib_memfd(reg, path, obj, obj_size, file, sizeof(file));
		if (fd < 0) {
			err = fd;
			goto out;
		}
		ld->file = file;
	}
	err = check_object(reg, path, ld->file);
	if (err)
		goto out;

	err = load_targets(ld, &meta, targets);
	if (err)
		goto out;

	req.nr_funcs = ld->nr_descs;
	req.func_rec_size = sizeof(ld->descs[0]);
	req.funcs = (__u64)(unsigned long)ld->descs;
	err = used_maps(ld, map_fds, ARRAY_SIZE(map_fds));
	if (err < 0)
		goto out;
	req.nr_maps = err;
	req.maps = err ? (__u64)(unsigned long)map_fds : 0;
	/*
	 * Kept by the registry, as it is (with the code of the libraries it
	 * uses), to verify it for more types on demand.
	 */
	if (!OPTS_GET(opts, fixed_targets, false) || ld->deps) {
		req.obj = (__u64)(unsigned long)obj;
		req.obj_size = obj ? obj_size : 0;
	}
	err = ioctl(reg->fd, BPFLIB_IOC_LIB_ADD, &req) ? -errno : 0;
	/* A module before 0.7.0 keeps no maps (sharing them then needs CAP_SYS_ADMIN). */
	if (err == -E2BIG && req.nr_maps) {
		req.maps = req.nr_maps = 0;
		err = ioctl(reg->fd, _IOC(_IOC_READ | _IOC_WRITE, BPFLIB_IOC_MAGIC,
					  _IOC_NR(BPFLIB_IOC_LIB_ADD), BPFLIB_LIB_ADD_SIZE_VER1),
			    &req) ? -errno : 0;
	}
	if (err) {
		bpflib_seterr(reg, err, "register %s %s: %s", name, version,
			      err == -EEXIST ? "that version is loaded already" :
			      err == -EACCES ? "the name belongs to another user; its owner or an administrator (CAP_SYS_ADMIN) may add versions of it" :
			      err == -EPERM ? "changing the registry needs CAP_BPF" :
			      err == -EDQUOT ? "this user owns as many libraries as the registry allows (module parameter max_libs_per_uid)" :
			      errstr(err));
		goto out;
	}
	err = ld->deps ? record_copies(ld) : 0;
	if (err) {
		/* The library goes again; the reason stays. */
		struct bpflib_lib_del del = { .lib_id = req.lib_id };
		char why[sizeof(reg->errstr)];

		snprintf(why, sizeof(why), "%s", reg->errstr);
		ioctl(reg->fd, BPFLIB_IOC_LIB_DEL, &del);
		bpflib_seterr(reg, err, "%s: recording the libraries it uses: %s", path, why);
		goto out;
	}
	err = req.lib_id;
	reg->errstr[0] = '\0';
out:
	for (i = 0; i < ld->nr_targets; i++)
		bpf_object__close(ld->targets[i].obj);
	bpflib_deps_free(ld->deps);
	/* The caller's copy of the log: its end, where the verifier says why. */
	if (OPTS_GET(opts, log_buf, NULL) && OPTS_GET(opts, log_size, 0)) {
		size_t size = OPTS_GET(opts, log_size, 0), len = strlen(ld->log);
		const char *from = len >= size ? ld->log + len - (size - 1) : ld->log;

		snprintf(opts->log_buf, size, "%s", from);
	}
	if (fd >= 0)
		close(fd);
	free(obj);
	free(ld->log);
	free(ld);
	return err;
}

/*
 * Section names by which libbpf knows consumer types, to name the type of
 * a consumer that a library should be verified for.
 */
static const char *const known_secs[] = {
	"socket", "kprobe", "uprobe", "kprobe.multi", "tc", "action", "tracepoint",
	"xdp", "xdp.frags", "xdp/devmap", "xdp/cpumap", "perf_event",
	"cgroup_skb/ingress", "cgroup_skb/egress", "cgroup/skb", "cgroup/sock_create",
	"cgroup/sock_release", "cgroup/post_bind4", "cgroup/post_bind6", "lwt_in",
	"lwt_out", "lwt_xmit", "lwt_seg6local", "sockops", "sk_skb/stream_parser",
	"sk_skb/stream_verdict", "sk_skb", "cgroup/dev", "sk_msg", "raw_tp", "raw_tp.w",
	"cgroup/bind4", "cgroup/bind6", "cgroup/connect4", "cgroup/connect6",
	"cgroup/sendmsg4", "cgroup/sendmsg6", "cgroup/recvmsg4", "cgroup/recvmsg6",
	"cgroup/getpeername4", "cgroup/getpeername6", "cgroup/getsockname4",
	"cgroup/getsockname6", "lirc_mode2", "sk_reuseport", "sk_reuseport/migrate",
	"flow_dissector", "cgroup/sysctl", "cgroup/getsockopt", "cgroup/setsockopt",
	"lsm", "lsm_cgroup", "sk_lookup", "netfilter",
};

int bpflib_type_sec(enum bpf_prog_type type, enum bpf_attach_type attach_type,
		    const char **sec)
{
	enum bpf_prog_type t;
	enum bpf_attach_type a;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known_secs); i++) {
		if (!bpflib_sec_type(known_secs[i], &t, &a) && t == type && a == attach_type) {
			*sec = known_secs[i];
			return 0;
		}
	}
	return -ENOENT;
}

int bpflib_lib_maps(struct bpflib_registry *reg, const struct bpflib_library_info *li,
		    struct bpflib_lib_map **maps, int *nr)
{
	__u32 i, k, j, len, ids[64];
	struct bpflib_lib_map *m;
	int fd, mfd, err = 0;

	*maps = NULL;
	*nr = 0;
	/* The registry keeps them (0.7.0): no CAP_SYS_ADMIN needed. */
	if (li->info.nr_maps) {
		*maps = calloc(li->info.nr_maps, sizeof(**maps));
		if (!*maps)
			return -ENOMEM;
		for (i = 0; i < li->info.nr_maps && !err; i++) {
			struct bpflib_fd_get q = {
				.lib_id = li->info.lib_id, .flags = BPFLIB_FD_F_MAP, .idx = i,
			};

			m = &(*maps)[i];
			len = sizeof(m->info);
			if (ioctl(reg->fd, BPFLIB_IOC_FD_GET, &q)) {
				err = -errno;
				break;
			}
			m->fd = q.fd;
			(*nr)++;
			if (bpf_obj_get_info_by_fd(m->fd, &m->info, &len))
				err = -errno;
		}
		goto out;
	}
	for (i = 0; i < li->info.nr_funcs && !err; i++) {
		struct bpf_prog_info info = {
			.nr_map_ids = ARRAY_SIZE(ids), .map_ids = (__u64)(unsigned long)ids,
		};

		len = sizeof(info);
		fd = bpflib_lib_func_fd(reg, li->info.lib_id, i, li->funcs[i].prog_id);
		if (fd < 0) {
			err = fd;
			break;
		}
		if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
			err = -errno;
			close(fd);
			break;
		}
		close(fd);
		for (k = 0; k < info.nr_map_ids && k < ARRAY_SIZE(ids); k++) {
			for (j = 0; j < (__u32)*nr && (*maps)[j].info.id != ids[k]; j++)
				;
			if (j < (__u32)*nr)
				continue;
			m = realloc(*maps, (*nr + 1) * sizeof(*m));
			if (!m) {
				err = -ENOMEM;
				break;
			}
			*maps = m;
			m += *nr;
			len = sizeof(m->info);
			memset(&m->info, 0, sizeof(m->info));
			mfd = bpf_map_get_fd_by_id(ids[k]);
			if (mfd < 0 || bpf_obj_get_info_by_fd(mfd, &m->info, &len)) {
				err = -errno;
				if (mfd >= 0)
					close(mfd);
				break;
			}
			m->fd = mfd;
			(*nr)++;
		}
	}
out:
	if (err) {
		bpflib_lib_maps_free(*maps, *nr);
		*maps = NULL;
		*nr = 0;
		bpflib_seterr(reg, err, "library %s: its maps, to share: %s%s", li->info.name,
			      errstr(err), err == -EACCES ?
			      " (they are its owner's: only that user or an administrator, CAP_SYS_ADMIN, may share them)" :
			      err == -EPERM ?
			      " (a library loaded by bpflib before 0.7.0: taking its maps by id needs CAP_SYS_ADMIN)" : "");
	}
	return err;
}

void bpflib_lib_maps_free(struct bpflib_lib_map *maps, int nr)
{
	while (nr--)
		close(maps[nr].fd);
	free(maps);
}

int bpflib_lib_obj_read(struct bpflib_registry *reg, const struct bpflib_library_info *li,
			const char *what, void **buf)
{
	struct bpflib_lib_obj q = { .lib_id = li->info.lib_id, .size = li->info.obj_size };
	int err;

	*buf = malloc(li->info.obj_size ?: 1);
	if (!*buf)
		return -ENOMEM;
	q.buf = (__u64)(unsigned long)*buf;
	if (!ioctl(reg->fd, BPFLIB_IOC_LIB_OBJ, &q) && q.size == li->info.obj_size) {
		char kept[BPFLIB_NAME_LEN + 128];

		/* Whoever loaded the library chose these bytes: check them as a file's. */
		snprintf(kept, sizeof(kept), "%s (the object the registry keeps)", what);
		err = bpflib_object_check(*buf, q.size, kept, 0, NULL, reg->errstr,
					  sizeof(reg->errstr));
		if (!err)
			return 0;
		free(*buf);
		*buf = NULL;
		return err;
	}
	err = q.size != li->info.obj_size ? -EAGAIN : -errno;
	free(*buf);
	*buf = NULL;
	return bpflib_seterr(reg, err, "%s: reading its object from the registry: %s", what,
			     errstr(err));
}

/*
 * bpflib_library__add_target(), or with @dry_run only the verification:
 * the refusals reach @opts, nothing is added, and a type the library
 * serves is no error.
 */
static int add_target(struct bpflib_registry *reg, __u32 lib_id, const char *target,
		      const struct bpflib_load_opts *opts, bool dry_run)
{
	const char *targets[] = { target, NULL };
	struct bpflib_library_info *li = NULL;
	struct bpflib_funcs_add req = {};
	struct bpflib_meta meta = {};
	enum bpf_attach_type attach;
	enum bpf_prog_type type;
	char path[64], what[BPFLIB_NAME_LEN + 64];
	void *obj = NULL;
	struct load *ld;
	int err, fd = -1, i;
	__u32 k;

	reg->errstr[0] = '\0';
	if (!OPTS_VALID(opts, bpflib_load_opts) || !target || OPTS_GET(opts, targets, NULL))
		return bpflib_seterr(reg, -EINVAL, "invalid arguments");
	if (bpflib_sec_type(target, &type, &attach))
		return bpflib_seterr(reg, -EINVAL,
				     "unknown target '%s' (use a libbpf section name such as \"xdp\" or \"tc\")",
				     target);
	li = bpflib_registry__library_info(reg, lib_id, 0);
	if (!li)
		return bpflib_seterr(reg, -errno, "library %u: %s", lib_id,
				     errno == ENOENT ? "no such library" : errstr(-errno));
	snprintf(what, sizeof(what), "%s %u.%u.%u", li->info.name, li->info.version.major,
		 li->info.version.minor, li->info.version.patch);
	for (k = 0; k < li->info.nr_funcs && !dry_run; k++)
		if (li->funcs[k].prog_type == type && li->funcs[k].attach_type == attach) {
			err = bpflib_seterr(reg, -EEXIST, "%s serves '%s' already", what, target);
			goto free_li;
		}
	if (!dry_run) {
		err = bpflib_caps_check(reg, BPF_PROG_TYPE_EXT,
					"verifying a library for another type (its functions are extensions)");
		if (err)
			goto free_li;
	}
	if (!li->info.obj_size) {
		err = bpflib_seterr(reg, -ENODATA,
				    "%s: the registry keeps no copy of its object (it was larger than %u MiB, or loaded by an older bpflib); load it again with target '%s'",
				    what, BPFLIB_MAX_OBJ_SIZE >> 20, target);
		goto free_li;
	}

	ld = calloc(1, sizeof(*ld));
	if (!ld) {
		err = -ENOMEM;
		goto free_li;
	}
	ld->reg = reg;
	ld->path = what;
	ld->opts = opts;
	ld->obj_name = li->info.name;
	ld->log_sz = LOG_SIZE;
	ld->log = calloc(1, ld->log_sz);
	if (!ld->log) {
		err = -ENOMEM;
		goto free_ld;
	}
	/* The kept copy, as a file for libbpf. */
	err = bpflib_lib_obj_read(reg, li, what, &obj);
	if (err)
		goto free_ld;
	fd = bpflib_lib_memfd(reg, what, obj, li->info.obj_size, path, sizeof(path));
	if (fd < 0) {
		err = fd;
		goto free_ld;
	}
	ld->file = path;
	err = bpflib_lib_maps(reg, li, &ld->lib_maps, &ld->nr_lib_maps);
	if (err)
		goto free_ld;

	err = load_targets(ld, &meta, targets);
	if (err || dry_run)
		goto close_objs;
	req.lib_id = lib_id;
	req.nr_funcs = ld->nr_descs;
	req.func_rec_size = sizeof(ld->descs[0]);
	req.funcs = (__u64)(unsigned long)ld->descs;
	if (ioctl(reg->fd, BPFLIB_IOC_FUNCS_ADD, &req)) {
		err = -errno;
		bpflib_seterr(reg, err, "%s: adding its functions for '%s': %s", what, target,
			      err == -EEXIST ? "another process did, a moment ago" :
			      err == -EACCES ? "it belongs to another user; its owner or an administrator can (bpflib library instantiate)" :
			      err == -EINVAL ? "the registry found them no copies of the library's own (a map the loaded functions do not use?)" :
			      errstr(err));
		goto close_objs;
	}
	/* Copies of the libraries it uses: recorded, as at load. */
	if (memmem(obj, li->info.obj_size, BPFLIB_STATIC_TAG, strlen(BPFLIB_STATIC_TAG))) {
		err = record_copies(ld);
		if (err)
			goto close_objs;
	}
	err = ld->nr_descs;
	reg->errstr[0] = '\0';
close_objs:
	for (i = 0; i < ld->nr_targets; i++)
		bpf_object__close(ld->targets[i].obj);
free_ld:
	bpflib_lib_maps_free(ld->lib_maps, ld->nr_lib_maps);
	free(ld->log);
	free(ld);
	if (fd >= 0)
		close(fd);
free_li:
	free(obj);
	bpflib_library_info__free(li);
	return err;
}

int bpflib_library__add_target(struct bpflib_registry *reg, __u32 lib_id, const char *target,
			       const struct bpflib_load_opts *opts)
{
	return add_target(reg, lib_id, target, opts, false);
}

int bpflib_library_verify_target(struct bpflib_registry *reg, __u32 lib_id, const char *target,
				 const struct bpflib_load_opts *opts)
{
	return add_target(reg, lib_id, target, opts, true);
}
