// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/bpflib: the ioctl interface of the registry.  This file copies and
 * checks what user space passes, takes references on the objects its fds
 * name, and hands them to registry.c.  The ABI is documented in
 * uapi/linux/bpflib.h.
 */
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "dev.h"
#include "registry.h"

/* A library name: not empty, NUL-terminated in @len, [A-Za-z0-9_.-]. */
static bool bpflib_lib_name_ok(const char *name, size_t len)
{
	size_t i, n = strnlen(name, len);

	if (!n || n == len)
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
			return false;
	return true;
}

/* A function name: a C identifier, NUL-terminated in @len. */
static bool bpflib_func_name_ok(const char *name, size_t len)
{
	size_t i, n = strnlen(name, len);

	if (!n || n == len || isdigit(name[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum(name[i]) && name[i] != '_')
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

static int bpflib_ioc_lib_add(void *karg)
{
	struct bpflib_lib_add *req = karg;
	void __user *ufuncs = u64_to_user_ptr(req->funcs);
	struct bpflib_func *funcs;
	struct bpflib_func_desc desc;
	struct bpf_prog *prog;
	u32 got = 0;
	int err;

	if (req->flags || req->__reserved || req->version.__pad ||
	    req->lib_id || !bpflib_lib_name_ok(req->name, sizeof(req->name)))
		return -EINVAL;
	if (!req->nr_funcs || req->nr_funcs > BPFLIB_MAX_FUNCS)
		return -EINVAL;
	if (req->func_rec_size < sizeof(desc))
		return -EINVAL;

	funcs = kcalloc(req->nr_funcs, sizeof(*funcs), GFP_KERNEL);
	if (!funcs)
		return -ENOMEM;

	for (got = 0; got < req->nr_funcs; got++) {
		err = copy_struct_from_user(&desc, sizeof(desc),
					    ufuncs + (size_t)got * req->func_rec_size,
					    req->func_rec_size);
		if (err)
			goto put;
		if (desc.flags || !bpflib_func_name_ok(desc.name, sizeof(desc.name))) {
			err = -EINVAL;
			goto put;
		}
		prog = bpf_prog_get_type_dev(desc.prog_fd, BPF_PROG_TYPE_EXT, false);
		if (IS_ERR(prog)) {
			err = PTR_ERR(prog);
			goto put;
		}
		funcs[got].prog = prog;
		strscpy(funcs[got].name, desc.name, sizeof(funcs[got].name));
		err = bpflib_func_prog_ok(prog, desc.name);
		if (!err && bpflib_func_dup(funcs, got))
			err = -EINVAL;
		if (err) {
			got++;
			goto put;
		}
	}

	err = bpflib_lib_add(req->name, &req->version, funcs, req->nr_funcs,
			     &req->lib_id);
	if (!err)
		goto free;
put:
	while (got--)
		bpf_prog_put(funcs[got].prog);
free:
	kfree(funcs);
	return err;
}

static int bpflib_ioc_lib_del(void *karg)
{
	struct bpflib_lib_del *req = karg;

	if (req->flags)
		return -EINVAL;
	return bpflib_lib_del(req->lib_id);
}

static int bpflib_ioc_lookup(void *karg)
{
	struct bpflib_lookup *req = karg;
	struct bpf_prog *prog;

	if ((req->flags & ~BPFLIB_LOOKUP_F_ALL) || req->version.__pad ||
	    req->lib_id || req->prog_id ||
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
	return bpflib_lookup(req);
}

static int bpflib_ioc_link_add(void *karg)
{
	struct bpflib_link_add *req = karg;
	struct bpf_link *link;
	int err;

	if (req->flags || req->link_id || req->consumer_id)
		return -EINVAL;
	link = bpflib_link_get(req->link_fd);
	if (IS_ERR(link))
		return PTR_ERR(link);
	if (link->type != BPF_LINK_TYPE_TRACING || !link->prog ||
	    link->prog->type != BPF_PROG_TYPE_EXT)
		err = -EINVAL;
	else
		err = bpflib_link_add(link, req);
	if (err)
		bpf_link_put(link);
	return err;
}

static int bpflib_ioc_unlink(void *karg)
{
	struct bpflib_unlink *req = karg;

	if (req->flags)
		return -EINVAL;
	return bpflib_unlink(req->consumer_id);
}

static int bpflib_ioc_lib_info(void *karg)
{
	struct bpflib_lib_info *req = karg;
	void __user *ufuncs = u64_to_user_ptr(req->funcs);
	void __user *ulinks = u64_to_user_ptr(req->links);

	if ((req->flags & ~BPFLIB_INFO_F_ALL) || req->__reserved ||
	    req->nr_consumers)
		return -EINVAL;
	if ((ufuncs && req->nr_funcs &&
	     req->func_rec_size < sizeof(struct bpflib_func_info)) ||
	    (ulinks && req->nr_links &&
	     req->link_rec_size < sizeof(struct bpflib_link_info)))
		return -EINVAL;
	return bpflib_lib_info(req, ufuncs, req->func_rec_size,
			       ulinks, req->link_rec_size);
}

/**
 * struct bpflib_cmd - how to handle one ioctl command
 * @dir: _IOC_DIR the command must have
 * @size: size of the struct this module knows
 * @min_size: size of the first published version of the struct
 * @priv: needs CAP_BPF or CAP_SYS_ADMIN
 * @fn: handler, on a kernel copy of the struct
 */
struct bpflib_cmd {
	u32 dir;
	u32 size;
	u32 min_size;
	bool priv;
	int (*fn)(void *karg);
};

#define BPFLIB_CMD(_cmd, _type, _priv, _fn)				\
	[_IOC_NR(_cmd)] = {						\
		.dir = _IOC_DIR(_cmd), .size = sizeof(_type),		\
		.min_size = sizeof(_type), .priv = _priv, .fn = _fn,	\
	}

static const struct bpflib_cmd bpflib_cmds[] = {
	BPFLIB_CMD(BPFLIB_IOC_LIB_ADD, struct bpflib_lib_add, true, bpflib_ioc_lib_add),
	BPFLIB_CMD(BPFLIB_IOC_LIB_DEL, struct bpflib_lib_del, true, bpflib_ioc_lib_del),
	BPFLIB_CMD(BPFLIB_IOC_LOOKUP, struct bpflib_lookup, false, bpflib_ioc_lookup),
	BPFLIB_CMD(BPFLIB_IOC_LINK_ADD, struct bpflib_link_add, true, bpflib_ioc_link_add),
	BPFLIB_CMD(BPFLIB_IOC_UNLINK, struct bpflib_unlink, true, bpflib_ioc_unlink),
	BPFLIB_CMD(BPFLIB_IOC_LIB_INFO, struct bpflib_lib_info, false, bpflib_ioc_lib_info),
};

union bpflib_ioc_arg {
	struct bpflib_lib_add lib_add;
	struct bpflib_lib_del lib_del;
	struct bpflib_lookup lookup;
	struct bpflib_link_add link_add;
	struct bpflib_unlink unlink;
	struct bpflib_lib_info lib_info;
};

static long bpflib_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	u32 usize = _IOC_SIZE(cmd), nr = _IOC_NR(cmd);
	const struct bpflib_cmd *c;
	union bpflib_ioc_arg karg;
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

	err = copy_struct_from_user(&karg, c->size, uarg, usize);
	if (err)
		return err;
	err = c->fn(&karg);
	if (err)
		return err;
	if ((c->dir & _IOC_READ) && copy_to_user(uarg, &karg, min(usize, c->size)))
		return -EFAULT;
	return 0;
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
	.mode	= 0600,
};

int bpflib_dev_init(void)
{
	return misc_register(&bpflib_miscdev);
}

void bpflib_dev_exit(void)
{
	misc_deregister(&bpflib_miscdev);
}
