// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Static linking: a library's code copied into a consumer object before
 * it is loaded, for consumers the kernel cannot extend (fentry, fexit,
 * tp_btf, fmod_ret, iter, sleepable programs, programs a dispatcher will
 * itself turn into extensions, programs in a prog array).
 *
 * The library's object comes from the registry's kept copy.  Its exports
 * live in the "freplace" section, where libbpf cannot call them; in a copy
 * of the object they move to its .text, after its own functions
 * (objedit.c), and libbpf's static linker then joins it to the consumer: each import's weak stub loses to
 * the library's strong function of the same name, whose prototype the
 * linker checks against the stub's.  The library's writable data (.data,
 * .bss, .data.*) and maps become the consumer's maps, and are replaced by
 * the loaded library's own before the consumer is loaded, so that state is
 * one set across static and dynamic consumers.  The import tags become
 * "bpflib.static=lib@version" tags, which bpflib_prog__link() reports to
 * the registry, and `bpftool btf dump` shows.
 */
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "internal.h"
#include "objedit.h"

#define MAX_LIBS	8
#define MAX_IMPORTS	64

/* One library linked into the consumer. */
struct slib {
	char name[BPFLIB_NAME_LEN];
	const char *imports[MAX_IMPORTS];	/* names, in the consumer's BTF */
	int nr_imports;
	struct bpflib_version want;	/* the newest version any import asks for */
	struct bpflib_library_info *li;
	char what[BPFLIB_NAME_LEN + 48];	/* "libnet 1.2.0" */
	int fd;				/* memfd: its object, edited */
	char path[32];
	struct bpflib_lib_map *maps;
	int nr_maps;
};

struct slink {
	struct bpflib_registry *reg;
	const char *path;
	struct bpf_object *obj;		/* the consumer as it is, or NULL */
	struct btf *btf;		/* its BTF: @obj's, or owned if is_lib */
	bool is_lib;			/* a library linked to what it imports */
	const char *const *use;		/* bpflib_open_opts.use */
	struct slib libs[MAX_LIBS];
	int nr_libs;
	char data_secs[16][BPFLIB_NAME_LEN];	/* writable data sections taken */
	const char *data_owners[16];		/* and by whom */
	int nr_data_secs;
};

/* Writable data that becomes a map of its own: .data, .bss, .data.*. */
static bool is_data_sec(const struct bpflib_elf *e, __u32 i)
{
	const char *n = bpflib_elf_sec_name(e, i);

	return (e->sh[i].sh_flags & SHF_WRITE) &&
	       (!strcmp(n, ".data") || !strcmp(n, ".bss") || !strncmp(n, ".data.", 6));
}

/* Rename the data section "license" in the BTF to @ctx. */
static int license_edit(struct btf *btf, void *ctx)
{
	const struct btf_type *t;
	int lc = btf__add_str(btf, ctx);
	__u32 id;

	if (lc < 0)
		return lc;
	for (id = 1; id < btf__type_cnt(btf); id++) {
		t = btf__type_by_id(btf, id);
		if (btf_is_datasec(t) && !strcmp(btf__name_by_offset(btf, t->name_off), "license"))
			((struct btf_type *)t)->name_off = lc;
	}
	return 0;
}

/*
 * Edit library object @e so that libbpf's linker can join it to a
 * consumer: its exports' code moves to .text, and its license section
 * becomes one the linker ignores: the program's license is the consumer's,
 * and the kernel holds the library's code to it.
 */
static int lib_edit(struct slink *sl, struct slib *lib, struct bpflib_elf *e)
{
	static const char name[] = ".debug_bpflib_license";
	int lic = bpflib_elf_sec_find(e, "license"), err;
	char why[256];
	__u32 off;

	err = bpflib_elf_exports_to_text(e, false, why, sizeof(why));
	if (err)
		return bpflib_seterr(sl->reg, err, "%s cannot be linked statically: %s",
				     lib->what, why);
	err = bpflib_elf_add_names(e, name, sizeof(name), &off, 1) ?:
	      bpflib_elf_btf_edit(e, license_edit, (void *)name);
	if (err)
		return bpflib_seterr(sl->reg, err, "%s: its object: %s", lib->what, errstr(err));
	/* The consumer's license is the program's (the linker wants one). */
	if (lic >= 0)
		e->sh[lic].sh_name = off;
	return 0;
}

/*
 * Claim the writable data sections of @e for @who: two objects with data
 * in the same section would end up as one map, which could not be the
 * library's own.
 */
static int claim_data(struct slink *sl, const struct bpflib_elf *e, const char *who)
{
	const char *n;
	__u32 i;
	int k;

	for (i = 1; i < e->eh->e_shnum; i++) {
		if (!is_data_sec(e, i))
			continue;
		n = bpflib_elf_sec_name(e, i);
		for (k = 0; k < sl->nr_data_secs && strcmp(sl->data_secs[k], n); k++)
			;
		if (k < sl->nr_data_secs)
			return bpflib_seterr(sl->reg, -EOPNOTSUPP,
					     "%s and %s both keep global variables in %s, which would become one map: they cannot be linked statically (give the %s's a section of their own, SEC(\".data.<name>\"), or keep them in a map)",
					     sl->data_owners[k], who, n,
					     sl->is_lib ? "library's" : "consumer's");
		if (k == (int)ARRAY_SIZE(sl->data_secs) || strlen(n) >= BPFLIB_NAME_LEN)
			return bpflib_seterr(sl->reg, -E2BIG, "%s: too many data sections", who);
		sl->data_owners[sl->nr_data_secs] = who;
		strcpy(sl->data_secs[sl->nr_data_secs++], n);
	}
	return 0;
}

/* The library @name an import names, added once; its wanted version raised. */
static struct slib *lib_find(struct slink *sl, const char *name, size_t len)
{
	int i;

	for (i = 0; i < sl->nr_libs; i++)
		if (strlen(sl->libs[i].name) == len && !memcmp(sl->libs[i].name, name, len))
			return &sl->libs[i];
	return NULL;
}

static struct slib *lib_want(struct slink *sl, const char *name, size_t len,
			     const struct bpflib_version *want)
{
	struct slib *lib = lib_find(sl, name, len);

	if (lib) {
		if (bpflib_version_cmp(want, &lib->want) > 0)
			lib->want = *want;
		return lib;
	}
	if (sl->nr_libs == MAX_LIBS || len >= BPFLIB_NAME_LEN)
		return NULL;
	lib = &sl->libs[sl->nr_libs++];
	memcpy(lib->name, name, len);
	lib->want = *want;
	lib->fd = -1;
	return lib;
}

/* The libraries the consumer's imports name. */
static int find_libs(struct slink *sl, const struct btf *btf)
{
	__u32 id, cnt = btf ? btf__type_cnt(btf) : 0;
	const struct btf_type *t, *f;
	struct slib *lib;
	struct bpflib_version want;
	const char *tag, *at;

	for (id = 1; id < cnt; id++) {
		t = btf__type_by_id(btf, id);
		tag = bpflib_func_tag(btf, t, BPFLIB_IMPORT_TAG);
		if (!tag)
			continue;
		at = strchr(tag, '@');
		if (!at || at == tag || bpflib_version__parse(at + 1, &want))
			return bpflib_seterr(sl->reg, -EINVAL, "%s: bad import tag '%s'",
					     sl->path, tag);
		lib = lib_want(sl, tag, at - tag, &want);
		if (!lib || lib->nr_imports == MAX_IMPORTS)
			return bpflib_seterr(sl->reg, -E2BIG,
					     "%s: imports from more than %d libraries or %d functions of one, or a name too long",
					     sl->path, MAX_LIBS, MAX_IMPORTS);
		f = btf__type_by_id(btf, t->type);
		if (!f || !btf_is_func(f))
			return bpflib_seterr(sl->reg, -EINVAL, "%s: import tag '%s' on no function",
					     sl->path, tag);
		lib->imports[lib->nr_imports++] = btf__name_by_offset(btf, f->name_off);
	}
	return 0;
}

/* The newest loaded version of @lib that every import of it accepts. */
static int lib_resolve(struct slink *sl, struct slib *lib)
{
	struct bpflib_lib_info q, best = {};
	struct bpflib_version exact;
	__u32 id = 0;
	int use;

	use = bpflib_use_version(sl->reg, sl->use, lib->name, &exact);
	if (use < 0)
		return use;
	while (!bpflib_lib_next(sl->reg, id, &q)) {
		id = q.lib_id;
		if (strcmp(q.name, lib->name) || (use ? bpflib_version_cmp(&q.version, &exact) ||
						  q.version.major != lib->want.major :
						  !bpflib_version_satisfies(&q.version, &lib->want)))
			continue;
		if (!best.lib_id || bpflib_version_cmp(&q.version, &best.version) > 0)
			best = q;
	}
	if (errno != ENOENT)
		return bpflib_seterr(sl->reg, -errno, "registry: %s", errstr(-errno));
	if (!best.lib_id && use)
		return bpflib_seterr(sl->reg, -ENOENT,
				     "%s: library '%s' %u.%u.%u is not loaded, or its major is not the %u its imports ask for",
				     sl->path, lib->name, exact.major, exact.minor, exact.patch,
				     lib->want.major);
	if (!best.lib_id)
		return bpflib_seterr(sl->reg, -ENOENT,
				     "%s: no loaded version of library '%s' satisfies its imports (%u.%u or newer, same major); load one with 'bpflib library load'",
				     sl->path, lib->name, lib->want.major, lib->want.minor);
	lib->li = bpflib_registry__library_info(sl->reg, best.lib_id, 0);
	if (!lib->li)
		return bpflib_seterr(sl->reg, -errno, "library %s: %s", lib->name,
				     errstr(-errno));
	snprintf(lib->what, sizeof(lib->what), "%s %u.%u.%u", lib->name, best.version.major,
		 best.version.minor, best.version.patch);
	if (!lib->li->info.obj_size)
		return bpflib_seterr(sl->reg, -ENODATA,
				     "%s cannot be linked statically: the registry keeps no copy of its object (it was loaded with 'fixed'); load it again without",
				     lib->what);
	return 0;
}

/*
 * Does @lib's object @e export every function the consumer imports from
 * it?  The linker would leave an import it lacks to its stub, silently.
 */
static int check_exports(struct slink *sl, const struct slib *lib, const struct bpflib_elf *e)
{
	int i;

	for (i = 0; i < lib->nr_imports; i++)
		if (!bpflib_elf_exports(e, lib->imports[i]))
			return bpflib_seterr(sl->reg, -ENOENT,
					     "import '%s': %s exports no such function (bpflib library show %s lists what it does)",
					     lib->imports[i], lib->what, lib->name);
	return 0;
}

/* Fetch, check and edit @lib's object into a memfd for the linker. */
static int lib_prepare(struct slink *sl, struct slib *lib)
{
	struct bpflib_elf e;
	void *buf;
	int err;

	err = lib_resolve(sl, lib);
	if (err)
		return err;
	err = bpflib_lib_obj_read(sl->reg, lib->li, lib->what, &buf);
	if (err)
		return err;
	err = bpflib_elf_parse(&e, buf, lib->li->info.obj_size);
	if (err) {
		bpflib_seterr(sl->reg, err, "%s: its object is not an ELF file", lib->what);
		goto out;
	}
	err = check_exports(sl, lib, &e) ?: lib_edit(sl, lib, &e);
	buf = e.buf;	/* moved, maybe */
	err = err ?: claim_data(sl, &e, lib->what);
	if (err)
		goto out;
	lib->fd = memfd_create("bpflib-static-lib", MFD_CLOEXEC);
	if (lib->fd < 0 || write(lib->fd, buf, e.size) != (ssize_t)e.size) {
		err = bpflib_seterr(sl->reg, -errno, "a memfd: %s", errstr(-errno));
		goto out;
	}
	snprintf(lib->path, sizeof(lib->path), "/proc/self/fd/%d", lib->fd);
	err = bpflib_lib_maps(sl->reg, lib->li, &lib->maps, &lib->nr_maps);
out:
	free(buf);
	return err;
}

/* Join the consumer and the edited libraries into @out_fd's file. */
static int do_link(struct slink *sl, int out_fd)
{
	char out[32], why[128];
	struct bpf_linker *linker;
	int i, err;

	snprintf(out, sizeof(out), "/proc/self/fd/%d", out_fd);
	linker = bpf_linker__new(out, NULL);
	if (!linker)
		return bpflib_seterr(sl->reg, -errno, "libbpf's linker: %s", errstr(-errno));
	err = bpf_linker__add_file(linker, sl->path, NULL);
	for (i = 0; i < sl->nr_libs && !err; i++) {
		err = bpf_linker__add_file(linker, sl->libs[i].path, NULL);
		if (err) {
			libbpf_strerror(err, why, sizeof(why));
			bpflib_seterr(sl->reg, err,
				      "%s: linking %s into it: %s (libbpf's log says which symbol; an import whose prototype differs from the export's, or a symbol both define)",
				      sl->path, sl->libs[i].what, why);
		}
	}
	if (!err) {
		err = bpf_linker__finalize(linker);
		if (err)
			bpflib_seterr(sl->reg, err, "%s: libbpf's linker: %s", sl->path,
				      errstr(err));
	} else if (!i) {
		bpflib_seterr(sl->reg, err, "%s: libbpf's linker cannot read it: %s", sl->path,
			      errstr(err));
	}
	bpf_linker__free(linker);
	return err;
}

/*
 * Turn each import tag of a linked library into "bpflib.static=lib@version",
 * naming the version linked in: the kernel keeps the program's BTF, and
 * bpflib_prog__link() reads it there.
 */
static int retag_edit(struct btf *btf, void *ctx)
{
	struct slink *sl = ctx;
	char name[BPFLIB_NAME_LEN + 64];
	const struct slib *lib;
	const char *tag, *at;
	__u32 id, cnt = btf__type_cnt(btf);
	int off;

	for (id = 1; id < cnt; id++) {
		tag = bpflib_func_tag(btf, btf__type_by_id(btf, id), BPFLIB_IMPORT_TAG);
		at = tag ? strchr(tag, '@') : NULL;
		lib = at ? lib_find(sl, tag, at - tag) : NULL;
		if (!lib)
			continue;
		snprintf(name, sizeof(name), "%s%s@%u.%u.%u", BPFLIB_STATIC_TAG, lib->name,
			 lib->li->info.version.major, lib->li->info.version.minor,
			 lib->li->info.version.patch);
		off = btf__add_str(btf, name);
		if (off < 0)
			return off;
		((struct btf_type *)btf__type_by_id(btf, id))->name_off = off;
	}
	return 0;
}

/* Is @name a function the object linked into imports from a library? */
static bool imported(const char *name, void *ctx)
{
	const struct slink *sl = ctx;
	int i, k;

	for (i = 0; i < sl->nr_libs; i++)
		for (k = 0; k < sl->libs[i].nr_imports; k++)
			if (!strcmp(sl->libs[i].imports[k], name))
				return true;
	return false;
}

/* Did a library, not the object linked into, claim data section @sec? */
static bool lib_data(const struct slink *sl, const char *sec)
{
	int k;

	for (k = 0; k < sl->nr_data_secs; k++)
		if (!strcmp(sl->data_secs[k], sec))
			return sl->data_owners[k] != sl->path;
	return false;
}

/* The suffix of an internal map's name: its section (".bss", ".data.x"). */
static const char *map_sec(const char *name)
{
	return strchr(name, '.');
}

/* Replace the linked libraries' maps in @obj with the loaded libraries'. */
static int reuse_maps(struct slink *sl, struct bpf_object *obj)
{
	const struct bpflib_lib_map *lm;
	struct bpf_map *map;
	const char *name, *sec;
	int i, k, err;

	bpf_object__for_each_map(map, obj) {
		name = bpf_map__name(map);
		sec = bpf_map__is_internal(map) ? map_sec(name) : NULL;
		if (bpf_map__is_internal(map) && (!sec || !lib_data(sl, sec)))
			continue;	/* the consumer's own: .rodata, .kconfig, its .bss */
		for (i = 0; i < sl->nr_libs; i++) {
			for (k = 0; k < sl->libs[i].nr_maps; k++) {
				lm = &sl->libs[i].maps[k];
				if (!bpflib_map_name_match(lm->info.name, name, sec) ||
				    lm->info.type != bpf_map__type(map) ||
				    lm->info.key_size != bpf_map__key_size(map) ||
				    lm->info.value_size != bpf_map__value_size(map) ||
				    lm->info.max_entries != bpf_map__max_entries(map))
					continue;
				err = bpf_map__reuse_fd(map, lm->fd);
				if (err)
					return bpflib_seterr(sl->reg, err, "%s: map '%s' of %s: %s",
							     sl->path, name, sl->libs[i].what,
							     errstr(err));
				goto next;
			}
		}
next:;
	}
	return 0;
}

/* Can the kernel extend @prog, so that its imports can be linked dynamically? */
static bool extensible(const struct bpf_program *prog)
{
	return bpflib_type_extensible(bpf_program__type(prog)) &&
	       !(bpf_program__flags(prog) & BPF_F_SLEEPABLE);
}

static struct bpf_object *open_linked(struct slink *sl, int fd,
				      const struct bpf_object_open_opts *user)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	char path[32];

	if (user)
		memcpy(&oo, user, user->sz < sizeof(oo) ? user->sz : sizeof(oo));
	oo.sz = sizeof(oo);
	if (!oo.object_name)
		oo.object_name = bpf_object__name(sl->obj);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return bpf_object__open_file(path, &oo);
}

/* The whole of memfd @fd, as bpflib_read_object() reads a file. */
static void *read_memfd(int fd, size_t *size)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return bpflib_read_object(path, size);
}

/*
 * Link the libraries @sl->obj imports into it: a memfd with the linked,
 * retagged object, or a negative errno with the reason in @sl->reg.
 */
static int link_static(struct slink *sl)
{
	int err, i, out = -1, fd = -1;
	void *buf = NULL, *obuf = NULL;
	struct bpflib_elf e, o;
	size_t size = 0;

	buf = bpflib_read_object(sl->path, &size);
	if (!buf)
		return bpflib_seterr(sl->reg, -errno, "%s: %s", sl->path, errstr(-errno));
	err = bpflib_elf_parse(&e, buf, size);
	err = err ? bpflib_seterr(sl->reg, err, "%s: not an ELF file", sl->path) :
		    claim_data(sl, &e, sl->path);
	for (i = 0; i < sl->nr_libs && !err; i++)
		err = lib_prepare(sl, &sl->libs[i]);
	if (err)
		goto out;
	out = memfd_create("bpflib-linked", MFD_CLOEXEC);
	if (out < 0) {
		err = bpflib_seterr(sl->reg, -errno, "a memfd: %s", errstr(-errno));
		goto out;
	}
	err = do_link(sl, out);
	if (err)
		goto out;
	obuf = read_memfd(out, &size);
	if (!obuf) {
		err = bpflib_seterr(sl->reg, -errno, "reading the linked object: %s",
				    errstr(-errno));
		goto out;
	}
	err = bpflib_elf_parse(&o, obuf, size);
	/*
	 * The library's functions are global functions of the result, each
	 * verified once, whatever visibility the objects gave them: libbpf
	 * makes hidden ones static, and the verifier walks those at every call.
	 */
	err = err ?: bpflib_elf_unhide_funcs(&o, imported, sl);
	err = err < 0 ? err : bpflib_elf_btf_edit(&o, retag_edit, sl);
	obuf = o.buf;	/* moved, maybe */
	if (err) {
		bpflib_seterr(sl->reg, err, "%s: tagging the linked object: %s", sl->path,
			      errstr(err));
		goto out;
	}
	fd = memfd_create("bpflib-static", MFD_CLOEXEC);
	if (fd < 0 || write(fd, o.buf, o.size) != (ssize_t)o.size) {
		err = bpflib_seterr(sl->reg, -errno, "a memfd: %s", errstr(-errno));
		goto out;
	}
	err = fd;
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	if (out >= 0)
		close(out);
	free(obuf);
	free(buf);
	return err;
}

/* A link in progress for @path; NULL with errno and the reason in @reg. */
static struct slink *slink_new(struct bpflib_registry *reg, const char *path,
			       const struct bpf_object_open_opts *oo)
{
	struct slink *sl = calloc(1, sizeof(*sl));
	int err;

	if (!sl) {
		errno = ENOMEM;
		return NULL;
	}
	sl->reg = reg;
	sl->path = path;
	/* libbpf 1.1 walks BTF without checking it: check it first. */
	err = bpflib_object_check_file(path, BPFLIB_CHECK_BTF_OPTIONAL, NULL, reg->errstr,
				       sizeof(reg->errstr));
	if (err) {
		free(sl);
		errno = -err;
		return NULL;
	}
	sl->obj = bpf_object__open_file(path, oo);
	if (!sl->obj) {
		err = -errno;
		bpflib_seterr(reg, err, "%s: libbpf cannot open it: %s", path, errstr(err));
		free(sl);
		errno = -err;
		return NULL;
	}
	sl->btf = bpf_object__btf(sl->obj);
	return sl;
}

static void slink_free(struct slink *sl)
{
	int i;

	for (i = 0; i < sl->nr_libs; i++) {
		if (sl->libs[i].fd >= 0)
			close(sl->libs[i].fd);
		bpflib_lib_maps_free(sl->libs[i].maps, sl->libs[i].nr_maps);
		bpflib_library_info__free(sl->libs[i].li);
	}
	if (sl->is_lib)
		btf__free(sl->btf);
	bpf_object__close(sl->obj);
	free(sl);
}

struct bpf_object *bpflib_object__open_file(struct bpflib_registry *reg, const char *path,
					    const struct bpflib_open_opts *opts)
{
	const struct bpf_object_open_opts *oo = OPTS_GET(opts, open_opts, NULL);
	enum bpflib_link_mode mode = OPTS_GET(opts, mode, BPFLIB_LINK_AUTO);
	struct bpf_object *obj = NULL;
	struct bpf_program *prog;
	struct slink *sl;
	bool need = false;
	int err, fd;

	reg->errstr[0] = '\0';
	if (!OPTS_VALID(opts, bpflib_open_opts) || !path || mode < BPFLIB_LINK_AUTO ||
	    mode > BPFLIB_LINK_STATIC) {
		bpflib_seterr(reg, -EINVAL, "invalid arguments");
		errno = EINVAL;
		return NULL;
	}
	sl = slink_new(reg, path, oo);
	if (!sl)
		return NULL;
	sl->use = OPTS_GET(opts, use, NULL);
	bpf_object__for_each_program(prog, sl->obj)
		need |= !extensible(prog);
	err = mode == BPFLIB_LINK_DYNAMIC || (mode == BPFLIB_LINK_AUTO && !need) ? 0 :
	      find_libs(sl, sl->btf);
	if (err)
		goto out;
	if (!sl->nr_libs) {
		/* Dynamic, or nothing to link: the object as it is. */
		obj = sl->obj;
		sl->obj = NULL;
		goto out;
	}
	fd = link_static(sl);
	if (fd < 0) {
		err = fd;
		goto out;
	}
	obj = open_linked(sl, fd, oo);
	close(fd);
	if (!obj) {
		err = bpflib_seterr(reg, -errno, "%s: libbpf cannot open it linked: %s", path,
				    errstr(-errno));
		goto out;
	}
	err = reuse_maps(sl, obj);
	if (err) {
		bpf_object__close(obj);
		obj = NULL;
	}
out:
	slink_free(sl);
	if (!obj)
		errno = -err;
	return obj;
}

int bpflib_object__write_linked(struct bpflib_registry *reg, const char *path,
				const char *out_path, const struct bpflib_open_opts *opts)
{
	char tmp[PATH_MAX];
	struct slink *sl;
	int err, fd, out;
	void *buf = NULL;
	size_t size;

	reg->errstr[0] = '\0';
	if (!OPTS_VALID(opts, bpflib_open_opts) || !path || !out_path ||
	    OPTS_GET(opts, mode, BPFLIB_LINK_AUTO) == BPFLIB_LINK_DYNAMIC)
		return bpflib_seterr(reg, -EINVAL, "invalid arguments");
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", out_path) >= (int)sizeof(tmp))
		return bpflib_seterr(reg, -ENAMETOOLONG, "%s: name too long", out_path);
	sl = slink_new(reg, path, OPTS_GET(opts, open_opts, NULL));
	if (!sl)
		return -errno;
	sl->use = OPTS_GET(opts, use, NULL);
	err = find_libs(sl, sl->btf);
	if (err)
		goto out;
	if (!sl->nr_libs) {
		err = bpflib_seterr(reg, -ENOENT, "%s imports nothing: there is nothing to link",
				    path);
		goto out;
	}
	fd = link_static(sl);
	if (fd < 0) {
		err = fd;
		goto out;
	}
	buf = read_memfd(fd, &size);
	close(fd);
	if (!buf) {
		err = bpflib_seterr(reg, -errno, "reading the linked object: %s", errstr(-errno));
		goto out;
	}
	/* A new file moved into place: whatever was at @out_path stays until then. */
	out = mkstemp(tmp);
	if (out < 0) {
		err = bpflib_seterr(reg, -errno, "%s: %s", tmp, errstr(-errno));
		goto out;
	}
	errno = EIO;	/* for a short write */
	if (write(out, buf, size) != (ssize_t)size || fchmod(out, 0644) || fsync(out) ||
	    rename(tmp, out_path)) {
		err = bpflib_seterr(reg, -errno, "%s: %s", out_path, errstr(-errno));
		close(out);
		unlink(tmp);
		goto out;
	}
	close(out);
	err = sl->nr_libs;
out:
	free(buf);
	slink_free(sl);
	return err;
}

/*
 * Libraries that use libraries: the functions a library object imports are
 * linked into it from the loaded libraries that export them, exactly as
 * into a consumer the kernel cannot extend (an extension cannot be
 * extended), and its functions then use those libraries' maps.
 */
int bpflib_deps_link(struct bpflib_registry *reg, const char *path, const char *self,
		     void **buf, size_t *size, struct slink **deps)
{
	struct bpflib_elf own, e;
	size_t own_size = *size;
	struct slink *sl;
	void *linked;
	int err, i, fd;

	*deps = NULL;
	sl = calloc(1, sizeof(*sl));
	if (!sl)
		return -ENOMEM;
	sl->reg = reg;
	sl->path = path;
	sl->is_lib = true;
	sl->btf = btf__parse_elf(path, NULL);
	if (!sl->btf) {
		err = bpflib_seterr(reg, -errno, "%s: its BTF: %s", path, errstr(-errno));
		goto out;
	}
	err = find_libs(sl, sl->btf);
	for (i = 0; !err && i < sl->nr_libs; i++)
		if (!strcmp(sl->libs[i].name, self))
			err = bpflib_seterr(reg, -ELOOP,
					    "%s: library %s imports from itself ('%s'): an export calls another directly, without BPFLIB_IMPORT()",
					    path, self, sl->libs[i].imports[0]);
	if (err || !sl->nr_libs)
		goto out;
	fd = link_static(sl);
	if (fd < 0) {
		err = fd;
		goto out;
	}
	linked = read_memfd(fd, size);
	close(fd);
	if (!linked) {
		err = bpflib_seterr(reg, -errno, "reading the linked object: %s", errstr(-errno));
		goto out;
	}
	/* What came from the libraries it uses yields to those libraries' own. */
	err = bpflib_elf_parse(&own, *buf, own_size) ?: bpflib_elf_parse(&e, linked, *size);
	err = err < 0 ? err : bpflib_elf_weaken_others(&e, &own);
	if (err < 0) {
		free(linked);
		err = bpflib_seterr(reg, err, "%s: the linked object: %s", path, errstr(err));
		goto out;
	}
	free(*buf);
	*buf = linked;
	*deps = sl;
	return sl->nr_libs;
out:
	slink_free(sl);
	return err;
}

int bpflib_deps_reuse_maps(struct slink *deps, struct bpf_object *obj)
{
	return reuse_maps(deps, obj);
}

const char *bpflib_deps_what(const struct slink *deps, int i)
{
	return i < deps->nr_libs ? deps->libs[i].what : NULL;
}

void bpflib_deps_free(struct slink *deps)
{
	if (deps)
		slink_free(deps);
}
