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

struct import {
	__u32 btf_id;			/* the stub, in the consumer's BTF */
	const char *name;
	char lib[BPFLIB_NAME_LEN];
	char version[32];
	struct bpflib_version want;
	int link_fd;
};

struct consumer {
	int fd;
	struct bpf_prog_info info;
	struct btf *btf;
	struct bpf_func_info *finfo;
	struct import *imports;
	int nr_imports;
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

/* Collect the functions tagged by BPFLIB_IMPORT() that the program contains. */
static int find_imports(struct bpflib_registry *reg, struct consumer *c)
{
	__u32 id, cnt = btf__type_cnt(c->btf);
	const struct btf_type *t, *f;
	const char *tag, *at;
	struct import *imp;
	char why[128];

	c->imports = calloc(c->info.nr_func_info, sizeof(*c->imports));
	if (!c->imports)
		return -ENOMEM;
	for (id = 1; id < cnt; id++) {
		t = btf__type_by_id(c->btf, id);
		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1)
			continue;
		tag = btf__name_by_offset(c->btf, t->name_off);
		if (strncmp(tag, BPFLIB_IMPORT_TAG, strlen(BPFLIB_IMPORT_TAG)))
			continue;
		f = btf__type_by_id(c->btf, t->type);
		if (!f || !btf_is_func(f) || !in_func_info(c, t->type))
			continue;
		if (c->nr_imports == (int)c->info.nr_func_info)
			return -E2BIG;
		imp = &c->imports[c->nr_imports];
		imp->btf_id = t->type;
		imp->name = btf__name_by_offset(c->btf, f->name_off);
		imp->link_fd = -1;
		tag += strlen(BPFLIB_IMPORT_TAG);
		at = strchr(tag, '@');
		if (!at || at == tag || (size_t)(at - tag) >= sizeof(imp->lib) ||
		    strlen(at + 1) >= sizeof(imp->version) ||
		    bpflib_version__parse(at + 1, &imp->want))
			return bpflib_seterr(reg, -EINVAL,
					     "import '%s': bad tag '%s' (want library@version)",
					     imp->name, tag);
		memcpy(imp->lib, tag, at - tag);
		strcpy(imp->version, at + 1);
		if (bpflib_btf_proto_check(c->btf, imp->btf_id, why, sizeof(why)))
			return bpflib_seterr(reg, -EINVAL, "import '%s': %s", imp->name, why);
		c->nr_imports++;
	}
	return 0;
}

/* The prototype of the function an EXT program implements. */
static int ext_proto(int ext_fd, struct btf **btf, __u32 *func_id)
{
	struct bpf_func_info *finfo;
	struct bpf_prog_info info;
	int err;

	err = prog_info(ext_fd, &info, &finfo);
	if (!err && (!info.btf_id || !finfo))
		err = -EINVAL;
	if (!err) {
		*func_id = finfo[0].type_id;
		*btf = btf__load_from_kernel_by_id(info.btf_id);
		if (!*btf)
			err = -errno;
	}
	free(finfo);
	return err;
}

/*
 * Say why the registry has nothing for @imp: no such library, no version
 * that will do, no such function, or not for this kind of program.
 */
static int explain_lookup(struct bpflib_registry *reg, const struct import *imp,
			  __u32 prog_type, int err)
{
	const char *type = libbpf_bpf_prog_type_str(prog_type) ?: "?";
	char versions[128] = "", where[256] = "";
	struct bpflib_library_info *li;
	bool named = false, same_type = false;
	__u32 id = 0, i;
	size_t len;

	if (err != -ENOENT)
		return bpflib_seterr(reg, err, "import '%s': registry: %s", imp->name,
				     strerror(-err));
	while ((li = bpflib_registry__library_info(reg, id, BPFLIB_INFO_F_NEXT))) {
		const struct bpflib_version *v = &li->info.version;

		id = li->info.lib_id;
		if (!strcmp(li->info.name, imp->lib)) {
			named = true;
			len = strlen(versions);
			snprintf(versions + len, sizeof(versions) - len, "%s%u.%u.%u",
				 len ? ", " : "", v->major, v->minor, v->patch);
		}
		for (i = 0; named && i < li->info.nr_funcs; i++) {
			const struct bpflib_func_info *f = &li->funcs[i];

			if (strcmp(li->info.name, imp->lib) || strcmp(f->name, imp->name) ||
			    v->major != imp->want.major || v->minor < imp->want.minor ||
			    (v->minor == imp->want.minor && v->patch < imp->want.patch))
				continue;
			if (same_type)
				continue;	/* the closest miss is described already */
			same_type = f->prog_type == prog_type;
			snprintf(where, sizeof(where), "%s %u.%u.%u has it for %s programs with expected attach type %s",
				 imp->lib, v->major, v->minor, v->patch,
				 libbpf_bpf_prog_type_str(f->prog_type) ?: "?",
				 f->attach_type || f->prog_type == BPF_PROG_TYPE_CGROUP_SKB ?
				 libbpf_bpf_attach_type_str(f->attach_type) ?: "?" : "none");
		}
		bpflib_library_info__free(li);
	}
	if (!named)
		return bpflib_seterr(reg, err, "import '%s': no library '%s' is loaded",
				     imp->name, imp->lib);
	if (same_type)
		return bpflib_seterr(reg, err,
				     "import '%s': %s, and this %s program has another (or none)",
				     imp->name, where, type);
	if (where[0])
		return bpflib_seterr(reg, err, "import '%s': %s, not for %s programs",
				     imp->name, where, type);
	return bpflib_seterr(reg, err, "import '%s': no %s >= %s (same major) exports it; loaded: %s",
			     imp->name, imp->lib, imp->version, versions);
}

/* Resolve @imp and create (but do not hand over) its freplace link. */
static int link_import(struct bpflib_registry *reg, struct consumer *c, struct import *imp)
{
	LIBBPF_OPTS(bpf_link_create_opts, lopts, .target_btf_id = imp->btf_id);
	struct bpflib_lookup q = {
		.flags = BPFLIB_LOOKUP_F_CONSUMER,
		.consumer_fd = c->fd,
		.prog_type = c->info.type,
		.version = imp->want,
	};
	char mine[256], theirs[256], why[128];
	struct btf *ext_btf = NULL;
	__u32 ext_func;
	int ext_fd, err, retries;

	snprintf(q.lib_name, sizeof(q.lib_name), "%s", imp->lib);
	if (strlen(imp->name) >= sizeof(q.func_name))
		return bpflib_seterr(reg, -ENAMETOOLONG, "import '%s': name too long", imp->name);
	strcpy(q.func_name, imp->name);
	if (ioctl(reg->fd, BPFLIB_IOC_LOOKUP, &q))
		return explain_lookup(reg, imp, c->info.type, -errno);

	ext_fd = bpf_prog_get_fd_by_id(q.prog_id);
	if (ext_fd < 0)
		return bpflib_seterr(reg, -errno, "import '%s': %s %u.%u.%u: program %u: %s",
				     imp->name, imp->lib, q.found.major, q.found.minor,
				     q.found.patch, q.prog_id, strerror(errno));
	err = ext_proto(ext_fd, &ext_btf, &ext_func);
	if (err) {
		bpflib_seterr(reg, err, "import '%s': cannot read the library's BTF: %s",
			      imp->name, strerror(-err));
		goto out;
	}
	err = bpflib_btf_proto_cmp(c->btf, imp->btf_id, ext_btf, ext_func, why, sizeof(why));
	if (err) {
		bpflib_btf__func_proto_str(c->btf, imp->btf_id, mine, sizeof(mine));
		bpflib_btf__func_proto_str(ext_btf, ext_func, theirs, sizeof(theirs));
		bpflib_seterr(reg, err,
			      "import '%s': signature mismatch: the consumer has '%s', %s %u.%u.%u has '%s': %s",
			      imp->name, mine, imp->lib, q.found.major, q.found.minor,
			      q.found.patch, theirs, why);
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
		usleep(20 * 1000);
	}
	if (imp->link_fd < 0) {
		err = -errno;
		bpflib_seterr(reg, err, "import '%s': the kernel refused the link: %s%s",
			      imp->name, strerror(-err),
			      err == -EBUSY ? " (linked already, traced with fentry/fexit, or in a prog array)" :
			      err == -EINVAL ? " (if the function changes packet data, declare the import with BPFLIB_STUB_PKT)" :
			      "");
	}
out:
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
	btf__free(c->btf);
}

static int unlink_id(struct bpflib_registry *reg, __u32 prog_id)
{
	struct bpflib_unlink req = { .consumer_id = prog_id };

	return ioctl(reg->fd, BPFLIB_IOC_UNLINK, &req) ? -errno : 0;
}

/* Does the registry hold links into program @id? */
static bool registry_links(struct bpflib_registry *reg, __u32 id)
{
	struct bpflib_library_info *li;
	__u32 lib = 0, i;
	bool found = false;

	while (!found && (li = bpflib_registry__library_info(reg, lib, BPFLIB_INFO_F_NEXT))) {
		lib = li->info.lib_id;
		for (i = 0; i < li->info.nr_links; i++)
			found |= li->links[i].consumer_id == id;
		bpflib_library_info__free(li);
	}
	return found;
}

/*
 * Resolve every import of @c->fd and create its links, holding them in
 * user space: closing them undoes everything, at once.
 */
static int consumer_prepare(struct bpflib_registry *reg, struct consumer *c)
{
	int err, i;

	err = prog_info(c->fd, &c->info, &c->finfo);
	if (err)
		return bpflib_seterr(reg, err, "fd %d is not a BPF program: %s",
				     c->fd, strerror(-err));
	if (!c->info.btf_id || c->info.nr_func_info < 2)
		return 0;	/* no BTF or no subprograms: nothing to import */
	c->btf = btf__load_from_kernel_by_id(c->info.btf_id);
	if (!c->btf)
		return bpflib_seterr(reg, -errno, "program %u: cannot read its BTF: %s",
				     c->info.id, strerror(errno));
	err = find_imports(reg, c);
	if (!err && c->nr_imports && registry_links(reg, c->info.id))
		return bpflib_seterr(reg, -EBUSY,
				     "program %u (%s) is linked already; unlink it first",
				     c->info.id, c->info.name);
	for (i = 0; !err && i < c->nr_imports; i++)
		err = link_import(reg, c, &c->imports[i]);
	return err;
}

/* Hand the links to the registry; on failure, take back what was handed. */
static int consumer_commit(struct bpflib_registry *reg, struct consumer *c)
{
	struct bpflib_link_add req;
	int i;

	for (i = 0; i < c->nr_imports; i++) {
		memset(&req, 0, sizeof(req));
		req.link_fd = c->imports[i].link_fd;
		if (ioctl(reg->fd, BPFLIB_IOC_LINK_ADD, &req)) {
			int err = -errno;

			if (i)
				unlink_id(reg, c->info.id);
			return bpflib_seterr(reg, err, "import '%s': registry: %s",
					     c->imports[i].name, strerror(-err));
		}
	}
	return c->nr_imports;
}

int bpflib_prog__link(struct bpflib_registry *reg, int prog_fd,
		      const struct bpflib_link_opts *opts)
{
	struct consumer c = { .fd = prog_fd };
	int err;

	reg->errstr[0] = '\0';
	if (!OPTS_VALID(opts, bpflib_link_opts))
		return bpflib_seterr(reg, -EINVAL, "invalid options");
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
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int err;

	reg->errstr[0] = '\0';
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return bpflib_seterr(reg, -errno, "fd %d is not a BPF program: %s",
				     prog_fd, strerror(errno));
	err = unlink_id(reg, info.id);
	if (err)
		return bpflib_seterr(reg, err, "program %u: %s", info.id,
				     err == -ENOENT ? "not linked" : strerror(-err));
	return 0;
}
