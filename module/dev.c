// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/bpflib: the ioctl interface of the registry.  This file copies and
 * checks what user space passes, takes references on the objects its fds
 * name, and hands them to registry.c.  The ABI is documented in
 * uapi/linux/bpflib.h.
 *
 * Two rules hold for every command.  Nothing here touches user memory with
 * the registry's lock held.  And a command that changes the registry
 * copies its answer to the caller before the change is made: a caller
 * that cannot take the answer gets EFAULT, and nothing changed.
 */
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/overflow.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "dev.h"
#include "registry.h"

/* The ABI's alphabets, in ASCII: the kernel's isalnum() takes Latin-1 too. */
static bool bpflib_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* A library name: not empty, NUL-terminated in @len, [A-Za-z0-9_.-]. */
static bool bpflib_lib_name_ok(const char *name, size_t len)
{
	size_t i, n = strnlen(name, len);

	if (!n || n == len)
		return false;
	for (i = 0; i < n; i++)
		if (!bpflib_alnum(name[i]) && name[i] != '_' && name[i] != '.' &&
		    name[i] != '-')
			return false;
	return true;
}

/* A function name: a C identifier, NUL-terminated in @len. */
static bool bpflib_func_name_ok(const char *name, size_t len)
{
	size_t i, n = strnlen(name, len);

	if (!n || n == len || (name[0] >= '0' && name[0] <= '9'))
		return false;
	for (i = 0; i < n; i++)
		if (!bpflib_alnum(name[i]) && name[i] != '_')
			return false;
	return true;
}

/*
 * Check that @prog can serve as library function @name: an extension that
 * the verifier checked against a JITed target, with BTF, whose program
 * name (the kernel keeps BPF_OBJ_NAME_LEN - 1 characters) is a prefix of
 * @name, which catches fds passed in the wrong order.
 */
static int bpflib_func_prog_ok(const struct bpf_prog *prog, const char *name)
{
	const char *pname = prog->aux->name;

	if (!prog->jited || !prog->aux->func_info ||
	    !prog->aux->saved_dst_prog_type)
		return -EINVAL;
	if (pname[0] && strncmp(pname, name, strlen(pname)))
		return -EINVAL;
	return 0;
}

/* Is funcs[n] a second function of that name for the same consumer type? */
static bool bpflib_func_dup(const struct bpflib_func *funcs, u32 n)
{
	const struct bpf_prog_aux *a = funcs[n].prog->aux, *b;
	u32 i;

	for (i = 0; i < n; i++) {
		b = funcs[i].prog->aux;
		if (a->saved_dst_prog_type == b->saved_dst_prog_type &&
		    a->saved_dst_attach_type == b->saved_dst_attach_type &&
		    !strcmp(funcs[i].name, funcs[n].name))
			return true;
	}
	return false;
}

/**
 * struct bpflib_ioc - one ioctl call in progress
 * @uarg: the caller's struct
 * @usize: its size, from the command number
 * @ksize: the size of the struct this module knows
 * @replied: the answer was copied out already
 * @karg: the kernel's copy of the struct
 */
struct bpflib_ioc {
	void __user *uarg;
	u32 usize;
	u32 ksize;
	bool replied;
	union {
		struct bpflib_lib_add lib_add;
		struct bpflib_lib_del lib_del;
		struct bpflib_lookup lookup;
		struct bpflib_link_add link_add;
		struct bpflib_unlink unlink;
		struct bpflib_lib_info lib_info;
		struct bpflib_funcs_add funcs_add;
		struct bpflib_lib_obj lib_obj;
		struct bpflib_static_add static_add;
		struct bpflib_fd_get fd_get;
	} karg;
};

/* Copy the answer to the caller now: before a change is committed. */
static int bpflib_ioc_reply(struct bpflib_ioc *ioc)
{
	ioc->replied = true;
	if (copy_to_user(ioc->uarg, &ioc->karg, min(ioc->usize, ioc->ksize)))
		return -EFAULT;
	return 0;
}

/* Who is calling, for the ownership rules (registry.h). */
static void bpflib_caller(struct bpflib_caller *caller)
{
	caller->uid = current_euid();
	/* Asked of every caller: no audit record for those who are not. */
	caller->admin = ns_capable_noaudit(&init_user_ns, CAP_SYS_ADMIN);
}

/* Put the references of the first @n entries of @funcs, and free it. */
static void bpflib_funcs_put(struct bpflib_func *funcs, u32 n)
{
	while (n--)
		bpflib_func_put(&funcs[n]);
	kfree(funcs);
}

/*
 * The program @fd refers to, of type @type, with its file: the program and
 * the file each with a reference for the caller, or an ERR_PTR() (those
 * of bpf_prog_get_type_dev(); -EBADF if @fd was replaced meanwhile).
 */
static struct bpf_prog *bpflib_prog_file_get(u32 fd, enum bpf_prog_type type,
					     struct file **filep)
{
	struct bpf_prog *prog;
	struct file *file;

	prog = bpf_prog_get_type_dev(fd, type, false);
	if (IS_ERR(prog))
		return prog;
	/* A program's file has the program as its private data. */
	file = fget(fd);
	if (!file || file->private_data != prog) {
		if (file)
			fput(file);
		bpf_prog_put(prog);
		return ERR_PTR(-EBADF);
	}
	*filep = file;
	return prog;
}

/**
 * bpflib_funcs_get() - copy in an array of struct bpflib_func_desc
 * @ufuncs: user pointer to the array
 * @nr: entries, already checked to be 1..BPFLIB_MAX_FUNCS
 * @rec_size: the caller's record size, already checked
 * @funcsp: out: the functions, each with a reference on its program, its
 *	program's file and its host (if the kernel still knows it), for
 *	bpflib_funcs_put()
 *
 * Context: process context; faults on user memory, no lock held.
 * Return: 0; -EINVAL for a bad name or flags, a program that is no JITed
 * extension with BTF or whose name is not a prefix of its function's, or
 * two functions of one name for one consumer type; the errors of
 * copy_struct_from_user() and bpflib_prog_file_get(); -ENOMEM.
 */
static int bpflib_funcs_get(void __user *ufuncs, u32 nr, u32 rec_size,
			    struct bpflib_func **funcsp)
{
	struct bpflib_func_desc desc;
	struct bpflib_func *funcs;
	struct bpf_prog *prog;
	u32 got;
	int err;

	funcs = kcalloc(nr, sizeof(*funcs), GFP_KERNEL_ACCOUNT);
	if (!funcs)
		return -ENOMEM;
	for (got = 0; got < nr; got++) {
		cond_resched();
		err = copy_struct_from_user(&desc, sizeof(desc),
					    ufuncs + (size_t)got * rec_size, rec_size);
		if (err)
			goto put;
		if (desc.flags || !bpflib_func_name_ok(desc.name, sizeof(desc.name))) {
			err = -EINVAL;
			goto put;
		}
		prog = bpflib_prog_file_get(desc.prog_fd, BPF_PROG_TYPE_EXT, &funcs[got].file);
		if (IS_ERR(prog)) {
			err = PTR_ERR(prog);
			goto put;
		}
		funcs[got].prog = prog;
		funcs[got].host = bpflib_ext_host(prog);
		strscpy(funcs[got].name, desc.name, sizeof(funcs[got].name));
		err = bpflib_func_prog_ok(prog, desc.name);
		if (!err && bpflib_func_dup(funcs, got))
			err = -EINVAL;
		if (err) {
			got++;
			goto put;
		}
	}
	*funcsp = funcs;
	return 0;
put:
	bpflib_funcs_put(funcs, got);
	return err;
}

/* Check the sizes of an array of struct bpflib_func_desc. */
static int bpflib_funcs_size_ok(u32 nr, u32 rec_size)
{
	if (!nr || nr > BPFLIB_MAX_FUNCS)
		return -EINVAL;
	if (rec_size < sizeof(struct bpflib_func_desc))
		return -EINVAL;
	if (rec_size > PAGE_SIZE)
		return -E2BIG;
	return 0;
}

/* Put the first @n files of @files, and free it. */
static void bpflib_files_put(struct file **files, u32 n)
{
	while (n--)
		fput(files[n]);
	kfree(files);
}

/* Is @file the file of a map that one of @funcs' programs uses? */
static bool bpflib_map_file_ok(const struct file *file, const struct bpflib_func *funcs, u32 nr)
{
	struct bpf_prog_aux *aux;
	bool found = false;
	u32 i, j;

	/* A map's file has the map as its private data, nothing else has. */
	for (i = 0; !found && i < nr; i++) {
		aux = funcs[i].prog->aux;
		mutex_lock(&aux->used_maps_mutex);
		for (j = 0; !found && j < aux->used_map_cnt; j++)
			found = file->private_data == aux->used_maps[j];
		mutex_unlock(&aux->used_maps_mutex);
	}
	return found;
}

/**
 * bpflib_maps_get() - take the files of a library's maps
 * @umaps: user pointer to @nr __u32 fds, or 0
 * @nr: entries at @umaps; 0 with @umaps 0
 * @funcs: the library's functions, whose programs must use each map
 * @nr_funcs: entries in @funcs
 * @filesp: out: the files, each with a reference, for bpflib_files_put();
 *	NULL for none
 *
 * Context: process context; faults on user memory, no lock held.
 * Return: 0; -EINVAL for a pointer without a count or the other way round,
 * or an fd that is no map of the library's; -E2BIG beyond BPFLIB_MAX_MAPS;
 * -EBADF, -EFAULT, -ENOMEM.
 */
static int bpflib_maps_get(u64 umaps, u32 nr, const struct bpflib_func *funcs, u32 nr_funcs,
			   struct file ***filesp)
{
	struct file **files;
	u32 *fds, got;
	int err = 0;

	*filesp = NULL;
	if (!umaps != !nr)
		return -EINVAL;
	if (!nr)
		return 0;
	if (nr > BPFLIB_MAX_MAPS)
		return -E2BIG;
	fds = memdup_user(u64_to_user_ptr(umaps), array_size(nr, sizeof(*fds)));
	if (IS_ERR(fds))
		return PTR_ERR(fds);
	files = kcalloc(nr, sizeof(*files), GFP_KERNEL_ACCOUNT);
	if (!files) {
		kfree(fds);
		return -ENOMEM;
	}
	for (got = 0; got < nr; got++) {
		files[got] = fget(fds[got]);
		if (!files[got]) {
			err = -EBADF;
			break;
		}
		if (!bpflib_map_file_ok(files[got], funcs, nr_funcs)) {
			err = -EINVAL;
			got++;
			break;
		}
	}
	kfree(fds);
	if (err) {
		bpflib_files_put(files, got);
		return err;
	}
	*filesp = files;
	return 0;
}

/*
 * Copy in the object a library is loaded from, to keep: NULL for none,
 * or an ERR_PTR().  Charged to the caller's memory cgroup.
 */
static struct bpflib_obj *bpflib_obj_get(u64 uptr, u32 size)
{
	static const u8 elf_magic[4] = { 0x7f, 'E', 'L', 'F' };
	struct bpflib_obj *obj;

	if (!uptr && !size)
		return NULL;
	if (!uptr || size < sizeof(elf_magic))
		return ERR_PTR(-EINVAL);
	if (size > BPFLIB_MAX_OBJ_SIZE)
		return ERR_PTR(-E2BIG);
	/* Up to 16 MiB the caller sized: ENOMEM over its cgroup's limit, no OOM kill. */
	obj = kvmalloc(struct_size(obj, data, size),
		       GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
	if (!obj)
		return ERR_PTR(-ENOMEM);
	refcount_set(&obj->ref, 1);
	obj->size = size;
	if (copy_from_user(obj->data, u64_to_user_ptr(uptr), size)) {
		kvfree(obj);
		return ERR_PTR(-EFAULT);
	}
	if (memcmp(obj->data, elf_magic, sizeof(elf_magic))) {
		kvfree(obj);
		return ERR_PTR(-EINVAL);
	}
	return obj;
}

static int bpflib_ioc_lib_add(struct bpflib_ioc *ioc)
{
	struct bpflib_lib_add *req = &ioc->karg.lib_add;
	struct bpflib_caller caller;
	struct bpflib_func *funcs;
	struct bpflib_obj *obj;
	struct bpflib_lib *lib;
	struct file **maps;
	int err;

	req->lib_id = 0;	/* out */
	if (req->flags || req->__reserved || req->__reserved2 || req->__reserved3 ||
	    req->version.__pad || !bpflib_lib_name_ok(req->name, sizeof(req->name)))
		return -EINVAL;
	err = bpflib_funcs_size_ok(req->nr_funcs, req->func_rec_size);
	if (err)
		return err;
	obj = bpflib_obj_get(req->obj, req->obj_size);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	err = bpflib_funcs_get(u64_to_user_ptr(req->funcs), req->nr_funcs,
			       req->func_rec_size, &funcs);
	if (err)
		goto put_obj;
	err = bpflib_maps_get(req->maps, req->nr_maps, funcs, req->nr_funcs, &maps);
	if (err)
		goto put_funcs;

	bpflib_caller(&caller);
	err = bpflib_lib_prepare(req->name, &req->version, funcs, req->nr_funcs, obj,
				 maps, req->nr_maps, &caller, &lib);
	if (err) {
		bpflib_files_put(maps, req->nr_maps);
		goto put_funcs;
	}
	/* The library owns the references, the object and the maps now. */
	kfree(funcs);
	req->lib_id = lib->id;
	err = bpflib_ioc_reply(ioc);
	if (err)
		bpflib_lib_abort(lib);
	else
		bpflib_lib_commit(lib);
	return err;
put_funcs:
	bpflib_funcs_put(funcs, req->nr_funcs);
put_obj:
	bpflib_obj_put(obj);
	return err;
}

static int bpflib_ioc_funcs_add(struct bpflib_ioc *ioc)
{
	struct bpflib_funcs_add *req = &ioc->karg.funcs_add;
	struct bpflib_caller caller;
	struct bpflib_func *funcs;
	int err;

	if (req->flags || req->__reserved)
		return -EINVAL;
	err = bpflib_funcs_size_ok(req->nr_funcs, req->func_rec_size);
	if (err)
		return err;
	err = bpflib_funcs_get(u64_to_user_ptr(req->funcs), req->nr_funcs,
			       req->func_rec_size, &funcs);
	if (err)
		return err;
	bpflib_caller(&caller);
	err = bpflib_funcs_add(req->lib_id, funcs, req->nr_funcs, &caller);
	if (err)
		bpflib_funcs_put(funcs, req->nr_funcs);
	else
		kfree(funcs);	/* the library owns the references now */
	return err;
}

static int bpflib_ioc_lib_obj(struct bpflib_ioc *ioc)
{
	struct bpflib_lib_obj *req = &ioc->karg.lib_obj;
	void __user *ubuf = u64_to_user_ptr(req->buf);
	u32 room = ubuf ? req->size : 0;
	struct bpflib_obj *obj;
	int err;

	req->size = 0;	/* out */
	if (req->flags || req->__reserved)
		return -EINVAL;
	err = bpflib_lib_obj_get(req->lib_id, &obj);
	if (err || !obj)
		return err;
	req->size = obj->size;
	if (copy_to_user(ubuf, obj->data, min(room, obj->size)))
		err = -EFAULT;
	bpflib_obj_put(obj);
	return err;
}

static int bpflib_ioc_lib_del(struct bpflib_ioc *ioc)
{
	struct bpflib_lib_del *req = &ioc->karg.lib_del;
	struct bpflib_caller caller;

	if (req->flags)
		return -EINVAL;
	bpflib_caller(&caller);
	return bpflib_lib_del(req->lib_id, &caller);
}

static int bpflib_ioc_lookup(struct bpflib_ioc *ioc)
{
	struct bpflib_lookup *req = &ioc->karg.lookup;
	struct bpf_prog *prog;
	int err;

	req->lib_id = req->prog_id = req->func_idx = 0;	/* out */
	memset(&req->found, 0, sizeof(req->found));
	if ((req->flags & ~BPFLIB_LOOKUP_F_ALL) || req->version.__pad || req->__reserved ||
	    !bpflib_lib_name_ok(req->lib_name, sizeof(req->lib_name)) ||
	    !bpflib_func_name_ok(req->func_name, sizeof(req->func_name)))
		return -EINVAL;
	if (req->flags & BPFLIB_LOOKUP_F_CONSUMER) {
		prog = bpf_prog_get_type_dev(req->consumer_fd, req->prog_type, false);
		if (IS_ERR(prog))
			return PTR_ERR(prog);
		req->attach_type = prog->expected_attach_type;
		bpf_prog_put(prog);
	} else if (req->consumer_fd) {
		return -EINVAL;
	}
	err = bpflib_lookup(req);
	/* Say which consumer type found nothing: it may be added on demand. */
	if (err == -ENOENT && (req->flags & BPFLIB_LOOKUP_F_CONSUMER) &&
	    bpflib_ioc_reply(ioc))
		return -EFAULT;
	return err;
}

static int bpflib_ioc_link_add(struct bpflib_ioc *ioc)
{
	struct bpflib_link_add *req = &ioc->karg.link_add;
	struct bpf_link_info info = {};
	struct bpflib_caller caller;
	struct bpf_link *link;
	int err;

	req->link_id = req->consumer_id = 0;	/* out */
	if (req->flags)
		return -EINVAL;
	link = bpflib_link_get(req->link_fd);
	if (IS_ERR(link))
		return PTR_ERR(link);
	if (link->type != BPF_LINK_TYPE_TRACING || !link->prog ||
	    link->prog->type != BPF_PROG_TYPE_EXT || !bpflib_ext_target(link) ||
	    !link->ops->fill_link_info) {
		err = -EINVAL;
		goto put;
	}
	err = link->ops->fill_link_info(link, &info);
	if (err)
		goto put;
	req->link_id = link->id;
	req->consumer_id = bpflib_ext_target(link)->aux->id;
	err = bpflib_ioc_reply(ioc);
	if (err)
		goto put;
	bpflib_caller(&caller);
	err = bpflib_link_add(link, info.tracing.target_btf_id, &caller);
put:
	if (err)
		bpf_link_put(link);
	return err;
}

static int bpflib_ioc_static_add(struct bpflib_ioc *ioc)
{
	struct bpflib_static_add *req = &ioc->karg.static_add;
	struct bpflib_caller caller;
	struct bpf_prog *prog;
	int err;

	req->consumer_id = 0;	/* out */
	if (req->flags || req->__reserved[0] || req->__reserved[1] ||
	    !bpflib_func_name_ok(req->func_name, sizeof(req->func_name)))
		return -EINVAL;
	prog = bpf_prog_get_type_dev(req->prog_fd, req->prog_type, false);
	if (IS_ERR(prog))
		return PTR_ERR(prog);
	if (!prog->aux->func_info || !prog->aux->func_info_cnt) {
		err = -EINVAL;
		goto put;
	}
	req->consumer_id = prog->aux->id;
	err = bpflib_ioc_reply(ioc);
	if (err)
		goto put;
	bpflib_caller(&caller);
	err = bpflib_static_add(prog, req->lib_id, req->func_name, req->btf_id, &caller);
put:
	if (err)
		bpf_prog_put(prog);
	return err;
}

static int bpflib_ioc_fd_get(struct bpflib_ioc *ioc)
{
	struct bpflib_fd_get *req = &ioc->karg.fd_get;
	struct bpflib_caller caller;
	struct file *file;
	int err, fd;

	req->fd = -1;	/* out */
	if (req->flags & ~BPFLIB_FD_F_ALL)
		return -EINVAL;
	bpflib_caller(&caller);
	err = bpflib_file_get(req->lib_id, req->flags & BPFLIB_FD_F_MAP, req->idx, &caller,
			      &file);
	if (err)
		return err;
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		fput(file);
		return fd;
	}
	/* The fd goes live only once the caller has its number. */
	req->fd = fd;
	err = bpflib_ioc_reply(ioc);
	if (err) {
		put_unused_fd(fd);
		fput(file);
		return err;
	}
	fd_install(fd, file);
	return 0;
}

static int bpflib_ioc_unlink(struct bpflib_ioc *ioc)
{
	struct bpflib_unlink *req = &ioc->karg.unlink;
	struct bpflib_caller caller;

	if (req->flags)
		return -EINVAL;
	bpflib_caller(&caller);
	return bpflib_unlink(req->consumer_id, &caller);
}

/*
 * Copy @n records of @ksize bytes at @src to user slots of @usize bytes: a
 * shorter slot gets the prefix it knows, a longer one is zero-padded.
 */
static int bpflib_copy_recs(void __user *dst, u32 usize, const void *src, u32 ksize, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++, dst += usize, src += ksize) {
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
		if (copy_to_user(dst, src, min(ksize, usize)))
			return -EFAULT;
		if (usize > ksize && clear_user(dst + ksize, usize - ksize))
			return -EFAULT;
	}
	return 0;
}

static int bpflib_ioc_lib_info(struct bpflib_ioc *ioc)
{
	struct bpflib_lib_info *req = &ioc->karg.lib_info;
	void __user *ufuncs = u64_to_user_ptr(req->funcs);
	void __user *ulinks = u64_to_user_ptr(req->links);
	u32 func_room = ufuncs ? req->nr_funcs : 0, link_room = ulinks ? req->nr_links : 0;
	struct bpflib_info_snap snap;
	int err;

	req->nr_consumers = req->obj_size = req->nr_maps = req->owner = 0;	/* out */
	if (req->flags & ~BPFLIB_INFO_F_ALL)
		return -EINVAL;
	if ((func_room && req->func_rec_size < sizeof(struct bpflib_func_info)) ||
	    (link_room && req->link_rec_size < BPFLIB_LINK_INFO_SIZE_VER0))
		return -EINVAL;
	if ((func_room && req->func_rec_size > PAGE_SIZE) ||
	    (link_room && req->link_rec_size > PAGE_SIZE))
		return -E2BIG;

	err = bpflib_lib_info(req, func_room, link_room, &snap);
	if (err)
		return err;
	err = bpflib_copy_recs(ufuncs, req->func_rec_size, snap.funcs,
			       sizeof(*snap.funcs), snap.nr_funcs) ?:
	      bpflib_copy_recs(ulinks, req->link_rec_size, snap.links,
			       sizeof(*snap.links), snap.nr_links);
	kvfree(snap.funcs);
	kvfree(snap.links);
	return err;
}

/**
 * struct bpflib_cmd - how to handle one ioctl command
 * @dir: _IOC_DIR the command must have
 * @size: size of the struct this module knows
 * @min_size: size of the first published version of the struct
 * @priv: needs CAP_BPF or CAP_SYS_ADMIN
 * @fn: handler, on a kernel copy of the struct; one that changes the
 *	registry replies with bpflib_ioc_reply() before it commits
 */
struct bpflib_cmd {
	u32 dir;
	u32 size;
	u32 min_size;
	bool priv;
	int (*fn)(struct bpflib_ioc *ioc);
};

#define BPFLIB_CMD_V(_cmd, _type, _min, _priv, _fn)			\
	[_IOC_NR(_cmd)] = {						\
		.dir = _IOC_DIR(_cmd), .size = sizeof(_type),		\
		.min_size = _min, .priv = _priv, .fn = _fn,		\
	}
#define BPFLIB_CMD(_cmd, _type, _priv, _fn)				\
	BPFLIB_CMD_V(_cmd, _type, sizeof(_type), _priv, _fn)

static const struct bpflib_cmd bpflib_cmds[] = {
	BPFLIB_CMD_V(BPFLIB_IOC_LIB_ADD, struct bpflib_lib_add, BPFLIB_LIB_ADD_SIZE_VER0, true,
		     bpflib_ioc_lib_add),
	BPFLIB_CMD(BPFLIB_IOC_LIB_DEL, struct bpflib_lib_del, true, bpflib_ioc_lib_del),
	BPFLIB_CMD_V(BPFLIB_IOC_LOOKUP, struct bpflib_lookup, BPFLIB_LOOKUP_SIZE_VER0, false,
		     bpflib_ioc_lookup),
	BPFLIB_CMD(BPFLIB_IOC_LINK_ADD, struct bpflib_link_add, true, bpflib_ioc_link_add),
	BPFLIB_CMD(BPFLIB_IOC_UNLINK, struct bpflib_unlink, true, bpflib_ioc_unlink),
	BPFLIB_CMD_V(BPFLIB_IOC_LIB_INFO, struct bpflib_lib_info, BPFLIB_LIB_INFO_SIZE_VER0, false,
		     bpflib_ioc_lib_info),
	BPFLIB_CMD(BPFLIB_IOC_FUNCS_ADD, struct bpflib_funcs_add, true, bpflib_ioc_funcs_add),
	BPFLIB_CMD(BPFLIB_IOC_LIB_OBJ, struct bpflib_lib_obj, true, bpflib_ioc_lib_obj),
	BPFLIB_CMD(BPFLIB_IOC_STATIC_ADD, struct bpflib_static_add, true, bpflib_ioc_static_add),
	BPFLIB_CMD(BPFLIB_IOC_FD_GET, struct bpflib_fd_get, true, bpflib_ioc_fd_get),
};

static long bpflib_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u32 usize = _IOC_SIZE(cmd), nr = _IOC_NR(cmd);
	const struct bpflib_cmd *c;
	struct bpflib_ioc *ioc;
	int err;

	if (_IOC_TYPE(cmd) != BPFLIB_IOC_MAGIC || nr >= ARRAY_SIZE(bpflib_cmds))
		return -ENOTTY;
	c = &bpflib_cmds[nr];
	if (!c->fn || _IOC_DIR(cmd) != c->dir)
		return -ENOTTY;
	if (c->priv && !bpf_capable())
		return -EPERM;
	if (usize < c->min_size)
		return -EINVAL;

	ioc = kzalloc(sizeof(*ioc), GFP_KERNEL_ACCOUNT);
	if (!ioc)
		return -ENOMEM;
	ioc->uarg = (void __user *)arg;
	ioc->usize = usize;
	ioc->ksize = c->size;
	err = copy_struct_from_user(&ioc->karg, c->size, ioc->uarg, usize);
	if (!err)
		err = c->fn(ioc);
	if (!err && (c->dir & _IOC_READ) && !ioc->replied)
		err = bpflib_ioc_reply(ioc);
	kfree(ioc);
	return err;
}

static const struct file_operations bpflib_fops = {
	.owner		= THIS_MODULE,
	.open		= nonseekable_open,
	.unlocked_ioctl	= bpflib_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice bpflib_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= BPFLIB_DEVICE_NAME,
	.fops	= &bpflib_fops,
	/* Anyone may ask; each command checks what the caller may do. */
	.mode	= 0666,
};

int bpflib_dev_init(void)
{
	return misc_register(&bpflib_miscdev);
}

void bpflib_dev_exit(void)
{
	misc_deregister(&bpflib_miscdev);
}
