// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Linking a consumer: find its imports in the BTF the kernel holds for it,
 * resolve each in the registry, check prototypes, and replace each stub
 * with the library's function through an freplace link that the registry
 * then owns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "internal.h"
#include "objedit.h"

struct import {
	__u32 btf_id;			/* the stub, in the consumer's BTF */
	bool is_static;			/* the library's code is in the consumer */
	__u32 lib_id;			/* is_static: the library it came from */
	const char *name;
	char lib[BPFLIB_NAME_LEN];
	char version[32];
	struct bpflib_version want;
	int link_fd;
};

/*
 * The BTF of the libraries linked to, read once per link operation: all
 * functions of one library share it, and it grows with the library, so
 * reading it for every import would make linking quadratic.
 */
#define BTF_CACHE	8

struct consumer {
	int fd;
	const char *const *use;		/* bpflib_link_opts.use */
	bool lib_func;			/* a library's function, with copies of others' */
	struct bpf_prog_info info;
	const struct btf *obj_btf;	/* its object's BTF, borrowed, or NULL */
	struct btf *btf;		/* @obj_btf, or read from the kernel (owned) */
	struct bpf_func_info *finfo;
	struct import *imports;
	int nr_imports;
	struct {
		__u32 id;
		struct btf *btf;
	} lib_btf[BTF_CACHE];
	int nr_lib_btf;
};

static int prog_info(int fd, struct bpf_prog_info *info, struct bpf_func_info **finfo)
{
	__u32 len = sizeof(*info), n;

	memset(info, 0, sizeof(*info));
	*finfo = NULL;
	if (bpf_obj_get_info_by_fd(fd, info, &len))
		return -errno;
	n = info->nr_func_info;
	if (!n)
		return 0;
	*finfo = calloc(n, sizeof(**finfo));
	if (!*finfo)
		return -ENOMEM;
	memset(info, 0, sizeof(*info));
	info->nr_func_info = n;
	info->func_info_rec_size = sizeof(**finfo);
	info->func_info = (__u64)(unsigned long)*finfo;
	len = sizeof(*info);
	if (bpf_obj_get_info_by_fd(fd, info, &len))
		return -errno;
	return 0;
}

static bool in_func_info(const struct consumer *c, __u32 id)
{
	__u32 i;

	/* Entry 0 is the program itself, never an import. */
	for (i = 1; i < c->info.nr_func_info; i++)
		if (c->finfo[i].type_id == id)
			return true;
	return false;
}

/*
 * Is the static import @imp (the next entry) recorded already?  A function
 * linked in both by the consumer and by a library it uses has two tags.
 */
static bool static_seen(const struct consumer *c, const struct import *imp)
{
	int i;

	for (i = 0; i < c->nr_imports; i++)
		if (c->imports[i].is_static && !strcmp(c->imports[i].name, imp->name) &&
		    !strcmp(c->imports[i].lib, imp->lib))
			return true;
	return false;
}

/*
 * Collect the functions tagged by BPFLIB_IMPORT() that the program
 * contains, and those bpflib_object__open_file() linked in statically.
 */
static int find_imports(struct bpflib_registry *reg, struct consumer *c)
{
	__u32 id, cnt = btf__type_cnt(c->btf);
	const struct btf_type *t, *f;
	const char *tag, *at;
	struct import *imp;
	bool is_static;
	char why[128];

	c->imports = calloc(c->info.nr_func_info, sizeof(*c->imports));
	if (!c->imports)
		return -ENOMEM;
	for (id = 1; id < cnt; id++) {
		t = btf__type_by_id(c->btf, id);
		tag = bpflib_func_tag(c->btf, t, BPFLIB_STATIC_TAG);
		is_static = tag;
		if (!tag)
			tag = bpflib_func_tag(c->btf, t, BPFLIB_IMPORT_TAG);
		if (!tag)
			continue;
		f = btf__type_by_id(c->btf, t->type);
		if (!f || !btf_is_func(f) || !in_func_info(c, t->type))
			continue;
		if (c->nr_imports == (int)c->info.nr_func_info)
			return -E2BIG;
		imp = &c->imports[c->nr_imports];
		imp->btf_id = t->type;
		imp->is_static = is_static;
		imp->name = btf__name_by_offset(c->btf, f->name_off);
		imp->link_fd = -1;
		at = strchr(tag, '@');
		if (!at || at == tag || (size_t)(at - tag) >= sizeof(imp->lib) ||
		    strlen(at + 1) >= sizeof(imp->version) ||
		    bpflib_version__parse(at + 1, &imp->want))
			return bpflib_seterr(reg, -EINVAL,
					     "import '%s': bad tag '%s' (want library@version)",
					     imp->name, tag);
		memcpy(imp->lib, tag, at - tag);
		strcpy(imp->version, at + 1);
		if (is_static && static_seen(c, imp))
			continue;	/* two copies' tags (a library's, and one it uses) */
		if (bpflib_btf_proto_check(c->btf, imp->btf_id, why, sizeof(why)))
			return bpflib_seterr(reg, -EINVAL, "import '%s': %s", imp->name, why);
		c->nr_imports++;
	}
	return 0;
}

/*
 * The prototype of the function an EXT program of library @lib_id
 * implements: its BTF (owned by @c's cache, or by the caller when
 * *@owned) and the function's id.
 */
static int ext_proto(struct bpflib_registry *reg, struct consumer *c, int ext_fd, __u32 lib_id,
		     struct btf **btf, bool *owned, __u32 *func_id)
{
	struct bpf_func_info *finfo;
	struct bpf_prog_info info;
	int err, i;

	*owned = false;
	err = prog_info(ext_fd, &info, &finfo);
	if (!err && (!info.btf_id || !finfo))
		err = -EINVAL;
	if (err)
		goto out;
	*func_id = finfo[0].type_id;
	for (i = 0; i < c->nr_lib_btf; i++)
		if (c->lib_btf[i].id == info.btf_id) {
			*btf = c->lib_btf[i].btf;
			goto out;
		}
	*btf = btf__load_from_kernel_by_id(info.btf_id);
	/* Reading BTF by id needs CAP_SYS_ADMIN: the library's object has it. */
	if (!*btf && errno == EPERM)
		*btf = bpflib_lib_obj_btf(reg, lib_id);
	if (!*btf) {
		err = -errno;
		goto out;
	}
	if (c->nr_lib_btf < BTF_CACHE) {
		c->lib_btf[c->nr_lib_btf].id = info.btf_id;
		c->lib_btf[c->nr_lib_btf++].btf = *btf;
	} else {
		*owned = true;
	}
out:
	free(finfo);
	return err;
}

/* "xdp", or "cgroup_skb (attach type cgroup_inet_egress)" for a consumer type. */
static void type_str(char *buf, size_t size, __u32 type, __u32 attach)
{
	const char *t = libbpf_bpf_prog_type_str(type) ?:
			(type == BPFLIB_PROG_TYPE_NETFILTER ? "netfilter" : "unknown");

	/* Attach type 0 is both "none" and BPF_CGROUP_INET_INGRESS. */
	if (!attach && type != BPF_PROG_TYPE_CGROUP_SKB)
		snprintf(buf, size, "%s (no expected attach type)", t);
	else
		snprintf(buf, size, "%s (attach type %s)", t,
			 libbpf_bpf_attach_type_str(attach) ?: "unknown");
}

/*
 * Say why the registry has nothing for @imp: no such library, no version
 * that will do, no such function, or not for this kind of program (and
 * then for which kinds it is).
 */
static int explain_lookup(struct bpflib_registry *reg, const struct import *imp,
			  const struct consumer *c, int err)
{
	char versions[128] = "", served[512] = "", types[512], one[96];
	const char *mine = libbpf_bpf_prog_type_str(c->info.type) ?: "unknown";
	struct bpflib_library_info *li;
	struct bpflib_version best = {};
	bool named = false, same_type = false, same, kept = false;
	__u32 id = 0, i;
	size_t len;

	if (err != -ENOENT)
		return bpflib_seterr(reg, err, "import '%s': registry: %s", imp->name,
				     errstr(err));
	while ((li = bpflib_registry__library_info(reg, id, BPFLIB_INFO_F_NEXT))) {
		const struct bpflib_version *v = &li->info.version;

		id = li->info.lib_id;
		if (strcmp(li->info.name, imp->lib)) {
			bpflib_library_info__free(li);
			continue;
		}
		named = true;
		len = strlen(versions);
		snprintf(versions + len, sizeof(versions) - len, "%s%u.%u.%u",
			 len ? ", " : "", v->major, v->minor, v->patch);
		/* The newest version that would do says what it serves. */
		types[0] = '\0';
		same = false;
		if (bpflib_version_satisfies(v, &imp->want) &&
		    (!served[0] || bpflib_version_cmp(v, &best) > 0)) {
			for (i = 0; i < li->info.nr_funcs; i++) {
				const struct bpflib_func_info *f = &li->funcs[i];

				if (strcmp(f->name, imp->name))
					continue;
				same |= f->prog_type == c->info.type;
				type_str(one, sizeof(one), f->prog_type, f->attach_type);
				len = strlen(types);
				snprintf(types + len, sizeof(types) - len, "%s%s",
					 len ? ", " : "", one);
			}
		}
		if (types[0]) {
			best = *v;
			same_type = same;
			kept = li->info.obj_size;
			strcpy(served, types);
		}
		bpflib_library_info__free(li);
	}
	if (!named)
		return bpflib_seterr(reg, err, "import '%s': no library '%s' is loaded",
				     imp->name, imp->lib);
	if (served[0])
		return bpflib_seterr(reg, err,
				     "import '%s': %s %u.%u.%u exports it for %s; this program is %s%s%s",
				     imp->name, imp->lib, best.major, best.minor, best.patch,
				     served, mine,
				     same_type ? " with another expected attach type" : "",
				     kept ? "" :
				     " (the library was loaded with fixed targets: load it again with this program's type as a target)");
	return bpflib_seterr(reg, err,
			     "import '%s': no version of %s that is >= %s with the same major exports it; loaded: %s",
			     imp->name, imp->lib, imp->version, versions);
}

static bool registry_links(struct bpflib_registry *reg, __u32 id)
{
	struct bpflib_library_info *li;
	struct bpflib_lib_info q;
	__u32 lib = 0, i;
	bool found = false;

	/* Headers first: only libraries with links are worth reading whole. */
	while (!found && !bpflib_lib_next(reg, lib, &q)) {
		lib = q.lib_id;
		if (!q.nr_links)
			continue;
		li = bpflib_registry__library_info(reg, lib, 0);
		for (i = 0; li && i < li->info.nr_links; i++)
			found |= li->links[i].consumer_id == id;
		bpflib_library_info__free(li);
	}
	return found;
}

/* What an instantiation on demand said of the one function a link needs. */
struct wanted_refusal {
	const char *func;
	char why[1024];
};

/* Its first line, and the hint if there is one: the verifier's log is long. */
static void note_refusal(const struct bpflib_refusal *r, void *ctx)
{
	struct wanted_refusal *w = ctx;
	const char *hint = strstr(r->reason, "\nhint: ");

	if (w->why[0] || (r->func && strcmp(r->func, w->func)))
		return;
	snprintf(w->why, sizeof(w->why), "%.*s%s", (int)strcspn(r->reason, "\n"), r->reason,
		 hint ?: "");
}

/*
 * Instantiation on demand: if the newest loaded version of @imp's library
 * that would do is newer than @found (NULL: none serves @c's type) and
 * exports @imp's function, but not for @c's type, verify it for that type
 * now from the copy of its object the registry keeps; later consumers of
 * the type share what this adds.  0 if it now serves the type (or did),
 * -ENOENT if there is nothing to instantiate, or an error with the reason.
 */
static int instantiate(struct bpflib_registry *reg, const struct import *imp,
		       const struct consumer *c, __u32 attach_type,
		       const struct bpflib_version *found)
{
	struct wanted_refusal w = { .func = imp->name };
	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .refused = note_refusal, .refused_ctx = &w);
	struct bpflib_version best = {};
	struct bpflib_library_info *li;
	struct bpflib_lib_info q;
	__u32 id = 0, best_id = 0, i;
	bool exports = false, func_served = false, type_served = false;
	const char *sec;
	int err;

	/* Headers only: one ioctl per library. */
	while (!bpflib_lib_next(reg, id, &q)) {
		id = q.lib_id;
		if (!strcmp(q.name, imp->lib) && bpflib_version_satisfies(&q.version, &imp->want) &&
		    (!best_id || bpflib_version_cmp(&q.version, &best) > 0)) {
			best = q.version;
			best_id = id;
		}
	}
	if (!best_id || (found && bpflib_version_cmp(&best, found) <= 0))
		return -ENOENT;
	li = bpflib_registry__library_info(reg, best_id, 0);
	if (!li)
		return -ENOENT;
	for (i = 0; i < li->info.nr_funcs; i++) {
		if (li->funcs[i].prog_type == c->info.type &&
		    li->funcs[i].attach_type == attach_type)
			type_served = true;
		if (strcmp(li->funcs[i].name, imp->name))
			continue;
		exports = true;
		if (li->funcs[i].prog_type == c->info.type &&
		    li->funcs[i].attach_type == attach_type)
			func_served = true;
	}
	err = exports && !func_served && li->info.obj_size ? 0 : -ENOENT;
	bpflib_library_info__free(li);
	if (err || bpflib_type_sec(c->info.type, attach_type, &sec))
		return -ENOENT;
	/*
	 * Verified for the type already, without this function: the kernel
	 * refused it then.  Verify again, adding nothing, to say why.
	 */
	if (type_served)
		err = bpflib_library_verify_target(reg, best_id, sec, &opts);
	else
		err = bpflib_library__add_target(reg, best_id, sec, &opts);
	if (err == -EEXIST)
		return 0;
	if (err < 0 || w.why[0]) {
		char why[sizeof(reg->errstr)];

		snprintf(why, sizeof(why), "%s", w.why[0] ? w.why : bpflib_registry__errstr(reg));
		if (type_served)
			return bpflib_seterr(reg, err < 0 ? err : -EINVAL,
					     "import '%s': %s %u.%u.%u serves %s programs, but the kernel refuses '%s' for them: %s",
					     imp->name, imp->lib, best.major, best.minor, best.patch,
					     sec, imp->name, why);
		return bpflib_seterr(reg, err < 0 ? err : -EINVAL,
				     "import '%s': %s %u.%u.%u does not serve %s programs yet, and verifying it for them failed: %s",
				     imp->name, imp->lib, best.major, best.minor, best.patch, sec, why);
	}
	return type_served ? -ENOENT : 0;
}

/* Resolve @imp and create (but do not hand over) its freplace link. */
/*
 * An import whose code bpflib_object__open_file() copied in from a library
 * version: that version must still be loaded, to record the consumer.
 */
static int static_import(struct bpflib_registry *reg, struct import *imp)
{
	int id;

	if (strlen(imp->name) >= BPFLIB_NAME_LEN)
		return bpflib_seterr(reg, -ENAMETOOLONG, "import '%s': name too long", imp->name);
	id = bpflib_library__find(reg, imp->lib, imp->version);
	if (id < 0)
		return bpflib_seterr(reg, id,
				     "import '%s': its code was linked in from %s %s, which is no longer loaded: load that version again, or open the consumer again",
				     imp->name, imp->lib, imp->version);
	imp->lib_id = id;
	return 0;
}

static int link_import(struct bpflib_registry *reg, struct consumer *c, struct import *imp)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts, .target_btf_id = imp->btf_id);
	struct bpflib_lookup q = {
		.flags = BPFLIB_LOOKUP_F_CONSUMER,
		.consumer_fd = c->fd,
		.prog_type = c->info.type,
		.version = imp->want,
	};
	char mine[256], theirs[256], why[256], lib[96];
	struct btf *ext_btf = NULL;
	bool owned = false;
	__u32 ext_func;
	int ext_fd, err, retries;

	if (imp->is_static)
		return static_import(reg, imp);
	snprintf(q.lib_name, sizeof(q.lib_name), "%s", imp->lib);
	if (strlen(imp->name) >= sizeof(q.func_name))
		return bpflib_seterr(reg, -ENAMETOOLONG, "import '%s': name too long", imp->name);
	strcpy(q.func_name, imp->name);
	err = bpflib_use_version(reg, c->use, imp->lib, &q.version);
	if (err < 0)
		return err;
	if (err) {
		/* One version, named by the caller: no other, none added. */
		if (q.version.major != imp->want.major)
			return bpflib_seterr(reg, -EINVAL,
					     "import '%s': %s %u.%u.%u cannot serve it: the consumer asks for major version %u",
					     imp->name, imp->lib, q.version.major, q.version.minor,
					     q.version.patch, imp->want.major);
		q.flags |= BPFLIB_LOOKUP_F_EXACT;
		if (ioctl(reg->fd, BPFLIB_IOC_LOOKUP, &q))
			return bpflib_seterr(reg, -errno,
					     "import '%s': %s %u.%u.%u %s",
					     imp->name, imp->lib, q.version.major, q.version.minor,
					     q.version.patch, errno == ENOENT ?
					     "is not loaded, or does not export it for this program type" :
					     errstr(-errno));
		goto found;
	}
	err = ioctl(reg->fd, BPFLIB_IOC_LOOKUP, &q) ? -errno : 0;
	if (err && err != -ENOENT)
		return explain_lookup(reg, imp, c, err);
	/* Nothing serves this type, or only an older version: on demand. */
	err = instantiate(reg, imp, c, q.attach_type, err ? NULL : &q.found);
	if (err && err != -ENOENT) {
		if (!q.prog_id)
			return err;
		/* An older version serves the type: it will do. */
		reg->errstr[0] = '\0';
		err = -ENOENT;
	}
	if (!err && ioctl(reg->fd, BPFLIB_IOC_LOOKUP, &q))
		return explain_lookup(reg, imp, c, -errno);
	if (!q.prog_id)
		return explain_lookup(reg, imp, c, -ENOENT);
found:
	snprintf(lib, sizeof(lib), "%s %u.%u.%u", imp->lib, q.found.major, q.found.minor,
		 q.found.patch);

	ext_fd = bpflib_lib_func_fd(reg, q.lib_id, q.func_idx, q.prog_id);
	if (ext_fd < 0)
		return bpflib_seterr(reg, ext_fd, "import '%s': %s: program %u: %s",
				     imp->name, lib, q.prog_id, errstr(ext_fd));
	err = ext_proto(reg, c, ext_fd, q.lib_id, &ext_btf, &owned, &ext_func);
	if (err) {
		bpflib_seterr(reg, err, "import '%s': cannot read the BTF of %s: %s",
			      imp->name, lib, errstr(err));
		goto out;
	}
	err = bpflib_btf_proto_cmp(c->btf, imp->btf_id, "the consumer", ext_btf, ext_func,
				   lib, why, sizeof(why));
	if (err) {
		/* Spelled the same, the prototypes would say nothing: the reason does. */
		bpflib_btf__func_proto_str(c->btf, imp->btf_id, mine, sizeof(mine));
		bpflib_btf__func_proto_str(ext_btf, ext_func, theirs, sizeof(theirs));
		if (strcmp(mine, theirs))
			bpflib_seterr(reg, err,
				      "import '%s': signature mismatch: the consumer declares '%s', %s exports '%s': %s",
				      imp->name, mine, lib, theirs, why);
		else
			bpflib_seterr(reg, err, "import '%s': signature mismatch with %s: %s",
				      imp->name, lib, why);
		goto out;
	}
	/*
	 * An import unlinked a moment ago may still be on its way out: the
	 * kernel releases links from a workqueue.  Give it a second.
	 */
	for (retries = 50; ; retries--) {
		imp->link_fd = bpf_link_create(ext_fd, c->fd, 0, &lopts);
		if (imp->link_fd >= 0 || errno != EBUSY || !retries)
			break;
		/* Asked only now: it walks every library. */
		if (retries == 50 && registry_links(reg, c->info.id)) {
			err = bpflib_seterr(reg, -EBUSY,
					    "program %u (%s) is linked already; unlink it first",
					    c->info.id, c->info.name);
			goto out;
		}
		usleep(20 * 1000);
	}
	if (imp->link_fd < 0) {
		err = -errno;
		bpflib_seterr(reg, err, "import '%s': the kernel refused to link it to %s: %s%s",
			      imp->name, lib, errstr(err),
			      err == -EBUSY ? " (linked already, traced with fentry/fexit, or in a prog array)" :
			      err == -EINVAL && c->info.type == BPF_PROG_TYPE_TRACING ?
			      " (the kernel cannot extend fentry and fexit programs)" :
			      err == -EINVAL ? " (if the function changes packet data, declare the import with BPFLIB_STUB_PKT)" :
			      "");
	}
out:
	if (owned)
		btf__free(ext_btf);
	close(ext_fd);
	return err;
}

static void consumer_free(struct consumer *c)
{
	int i;

	for (i = 0; i < c->nr_imports; i++)
		if (c->imports[i].link_fd >= 0)
			close(c->imports[i].link_fd);
	free(c->imports);
	free(c->finfo);
	if (c->btf != c->obj_btf)
		btf__free(c->btf);
	for (i = 0; i < c->nr_lib_btf; i++)
		btf__free(c->lib_btf[i].btf);
}

static int unlink_id(struct bpflib_registry *reg, __u32 prog_id)
{
	struct bpflib_unlink req = { .consumer_id = prog_id };

	return ioctl(reg->fd, BPFLIB_IOC_UNLINK, &req) ? -errno : 0;
}

/* Does the registry hold links into program @id? */

/*
 * Resolve every import of @c->fd and create its links, holding them in
 * user space: closing them undoes everything, at once.
 */
static int consumer_prepare(struct bpflib_registry *reg, struct consumer *c)
{
	int err, i;

	err = bpflib_prog_fd_info(reg, c->fd, &c->info);
	if (err)
		return err;
	err = prog_info(c->fd, &c->info, &c->finfo);
	if (err)
		return bpflib_seterr(reg, err, "program (fd %d): %s", c->fd, errstr(err));
	if (c->info.type == BPF_PROG_TYPE_EXT && !c->lib_func &&
	    (!c->info.btf_id || c->info.nr_func_info < 2))
		goto extension;
	if (!c->info.btf_id || c->info.nr_func_info < 2)
		return 0;	/* no BTF or no subprograms: nothing to import */
	/* Its object's BTF has the same ids; reading it by id needs CAP_SYS_ADMIN. */
	c->btf = c->obj_btf ? (struct btf *)c->obj_btf :
		 btf__load_from_kernel_by_id(c->info.btf_id);
	if (!c->btf)
		return bpflib_seterr(reg, -errno, "program %u: cannot read its BTF: %s%s",
				     c->info.id, errstr(-errno), errno == EPERM ?
				     " (reading a program's BTF by id needs CAP_SYS_ADMIN: link it with the object it was loaded from, bpflib_object__link() or 'bpflib prog link FILE')" :
				     "");
	err = find_imports(reg, c);
	/* An extension (xdp-loader's) may hold copies of library code, no more. */
	for (i = 0; !err && c->info.type == BPF_PROG_TYPE_EXT && i <= c->nr_imports; i++)
		if (i == c->nr_imports ? !i && !c->lib_func : !c->imports[i].is_static)
			goto extension;
	for (i = 0; !err && i < c->nr_imports; i++) {
		if (!c->imports[i].is_static && !bpflib_type_extensible(c->info.type))
			return bpflib_seterr(reg, -EOPNOTSUPP,
					     "program %u (%s) imports '%s', but the kernel cannot extend %s programs: link it statically (bpflib_object__open_file() before loading it, or 'bpflib prog link FILE pin DIR')",
					     c->info.id, c->info.name, c->imports[i].name,
					     c->info.type == BPF_PROG_TYPE_TRACING ? "fentry, fexit, fmod_ret, tp_btf and iter" :
					     c->info.type == BPF_PROG_TYPE_SYSCALL ? "syscall" : "struct_ops");
		err = link_import(reg, c, &c->imports[i]);
	}
	return err;
extension:
	return bpflib_seterr(reg, -EINVAL,
			     "program %u (%s) is an extension (such as a library's function), not a consumer: the kernel cannot extend extensions; an extension can only hold copies of library code ('bpflib gen object' before its loader loads it)",
			     c->info.id, c->info.name);
}

/* Hand the links to the registry; on failure, take back what was handed. */
static int consumer_commit(struct bpflib_registry *reg, struct consumer *c)
{
	const struct import *imp;
	int i, ret;

	for (i = 0; i < c->nr_imports; i++) {
		imp = &c->imports[i];
		if (imp->is_static) {
			struct bpflib_static_add req = {
				.prog_fd = c->fd, .prog_type = c->info.type,
				.lib_id = imp->lib_id, .btf_id = imp->btf_id,
			};

			strcpy(req.func_name, imp->name);	/* checked by static_import() */
			ret = ioctl(reg->fd, BPFLIB_IOC_STATIC_ADD, &req);
			if (ret && errno == EACCES &&
			    bpflib_lib_owner(reg, imp->lib_id) != (int)geteuid()) {
				int owner = bpflib_lib_owner(reg, imp->lib_id);

				if (i)
					unlink_id(reg, c->info.id);
				return bpflib_seterr(reg, -EACCES,
						     "import '%s': %s belongs to another user (uid %d): only its owner or an administrator (CAP_SYS_ADMIN) may record a consumer that holds its code, as its maps become the consumer's",
						     imp->name, imp->lib, owner);
			}
		} else {
			struct bpflib_link_add req = { .link_fd = imp->link_fd };

			ret = ioctl(reg->fd, BPFLIB_IOC_LINK_ADD, &req);
		}
		if (ret) {
			int err = -errno;

			if (i)
				unlink_id(reg, c->info.id);
			return bpflib_seterr(reg, err, "import '%s': registry: %s",
					     c->imports[i].name, errstr(err));
		}
	}
	return c->nr_imports;
}

int bpflib_prog__link(struct bpflib_registry *reg, int prog_fd,
		      const struct bpflib_link_opts *opts)
{
	struct consumer c = { .fd = prog_fd, .use = OPTS_GET(opts, use, NULL) };
	int err;

	reg->errstr[0] = '\0';
	if (!OPTS_VALID(opts, bpflib_link_opts))
		return bpflib_seterr(reg, -EINVAL, "invalid options");
	err = consumer_prepare(reg, &c) ?: consumer_commit(reg, &c);
	consumer_free(&c);
	return err;
}

int bpflib_lib_func_record(struct bpflib_registry *reg, int prog_fd, const struct btf *btf)
{
	struct consumer c = { .fd = prog_fd, .lib_func = true, .obj_btf = btf };
	int err;

	err = consumer_prepare(reg, &c) ?: consumer_commit(reg, &c);
	consumer_free(&c);
	return err;
}

int bpflib_object__link(struct bpflib_registry *reg, struct bpf_object *obj,
			const struct bpflib_link_opts *opts)
{
	struct consumer *cs;
	struct bpf_program *prog;
	int n = 0, i, err = 0, total = 0;

	reg->errstr[0] = '\0';
	if (!OPTS_VALID(opts, bpflib_link_opts))
		return bpflib_seterr(reg, -EINVAL, "invalid options");
	bpf_object__for_each_program(prog, obj)
		n++;
	cs = calloc(n + 1, sizeof(*cs));
	if (!cs)
		return -ENOMEM;
	n = 0;
	bpf_object__for_each_program(prog, obj) {
		if (bpf_program__fd(prog) < 0)
			continue;
		cs[n].fd = bpf_program__fd(prog);
		cs[n].use = OPTS_GET(opts, use, NULL);
		cs[n].obj_btf = bpf_object__btf(obj);
		err = consumer_prepare(reg, &cs[n++]);
		if (err)
			goto out;
	}
	for (i = 0; i < n; i++) {
		err = consumer_commit(reg, &cs[i]);
		if (err < 0) {
			while (i--)
				unlink_id(reg, cs[i].info.id);
			goto out;
		}
		total += err;
	}
	err = total;
out:
	for (i = 0; i < n; i++)
		consumer_free(&cs[i]);
	free(cs);
	return err;
}

int bpflib_prog__unlink(struct bpflib_registry *reg, int prog_fd)
{
	struct bpf_prog_info info;
	int err;

	reg->errstr[0] = '\0';
	err = bpflib_prog_fd_info(reg, prog_fd, &info);
	if (err)
		return err;
	err = unlink_id(reg, info.id);
	if (err)
		return bpflib_seterr(reg, err, "program %u (%s): %s", info.id, info.name,
				     err == -ENOENT ? "not linked" : errstr(err));
	return 0;
}
