// SPDX-License-Identifier: GPL-2.0
/*
 * bpflib registry: libraries, their functions, and the freplace links that
 * tie consumers to them.  See registry.h for the locking and reference
 * rules.
 */
#include <linux/bpf.h>
#include <linux/idr.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "registry.h"

/* Protects bpflib_libs, bpflib_consumers and everything they reach. */
static DEFINE_MUTEX(bpflib_lock);
/* struct bpflib_lib by id. */
static DEFINE_IDR(bpflib_libs);
/* struct bpflib_consumer, in the order they were first linked. */
static LIST_HEAD(bpflib_consumers);

unsigned int bpflib_gc_interval_ms = 1000;

static void bpflib_gc_workfn(struct work_struct *work);
static DECLARE_DELAYED_WORK(bpflib_gc_work, bpflib_gc_workfn);

static int bpflib_version_cmp(const struct bpflib_version *a,
			      const struct bpflib_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	return 0;
}

static void bpflib_lib_free(struct bpflib_lib *lib)
{
	u32 i;

	for (i = 0; i < lib->nr_funcs; i++)
		bpf_prog_put(lib->funcs[i].prog);
	kfree(lib);
	module_put(THIS_MODULE);
}

/**
 * bpflib_lib_add() - register a library
 * @name: library name, already validated
 * @version: library version
 * @funcs: its functions, names validated, each with a program reference
 *	the caller holds; nr_links must be 0
 * @nr_funcs: entries in @funcs
 * @id: out: the new library's id
 *
 * Context: process context, takes bpflib_lock.
 * Return: 0 on success, when the library owns the program references;
 * -EEXIST if @name at @version is loaded already, -ENOMEM.  On error the
 * caller still owns the references.
 */
int bpflib_lib_add(const char *name, const struct bpflib_version *version,
		   const struct bpflib_func *funcs, u32 nr_funcs, u32 *id)
{
	struct bpflib_lib *lib, *it;
	int err, i;

	lib = kzalloc(struct_size(lib, funcs, nr_funcs), GFP_KERNEL);
	if (!lib)
		return -ENOMEM;
	lib->nr_funcs = nr_funcs;
	strscpy(lib->name, name, sizeof(lib->name));
	lib->version = *version;
	memcpy(lib->funcs, funcs, flex_array_size(lib, funcs, nr_funcs));

	mutex_lock(&bpflib_lock);
	idr_for_each_entry(&bpflib_libs, it, i) {
		if (!strcmp(it->name, name) &&
		    !bpflib_version_cmp(&it->version, version)) {
			err = -EEXIST;
			goto unlock;
		}
	}
	err = idr_alloc_cyclic(&bpflib_libs, lib, 1, INT_MAX, GFP_KERNEL);
	if (err < 0)
		goto unlock;
	lib->id = err;
	*id = lib->id;
	/* Every loaded library pins the module: rmmod waits for an empty registry. */
	__module_get(THIS_MODULE);
	mutex_unlock(&bpflib_lock);
	return 0;

unlock:
	mutex_unlock(&bpflib_lock);
	kfree(lib);
	return err;
}

static void bpflib_link_release(struct bpflib_link *l)
{
	l->lib->nr_links--;
	l->lib->funcs[l->func_idx].nr_links--;
	list_del(&l->node);
	bpf_link_put(l->link);
	kfree(l);
}

static void bpflib_consumer_release(struct bpflib_consumer *c)
{
	struct bpflib_link *l, *tmp;

	lockdep_assert_held(&bpflib_lock);
	list_for_each_entry_safe(l, tmp, &c->links, node)
		bpflib_link_release(l);
	list_del(&c->node);
	kfree(c);
}

/*
 * A consumer is orphaned when the only references on it are the ones its
 * registry links hold, and nobody but the registry holds those links.
 * Nothing else can then run it, attach it or look it up except by id, so
 * dropping the links frees it.  A BPF_PROG_GET_FD_BY_ID racing with this
 * check gets a consumer whose imports are back to their stubs.
 */
static bool bpflib_consumer_orphaned(const struct bpflib_consumer *c)
{
	const struct bpflib_link *l;

	if (bpflib_prog_refs(c->prog) != c->nr_links)
		return false;
	list_for_each_entry(l, &c->links, node)
		if (bpflib_link_refs(l->link) != 1)
			return false;
	return true;
}

/*
 * Release consumers that only the registry still holds.  Runs periodically
 * while any consumer is linked; commands that report or depend on the set
 * of consumers run it first.
 */
static void bpflib_gc_locked(void)
{
	struct bpflib_consumer *c, *tmp;

	lockdep_assert_held(&bpflib_lock);
	list_for_each_entry_safe(c, tmp, &bpflib_consumers, node)
		if (bpflib_consumer_orphaned(c))
			bpflib_consumer_release(c);
}

static void bpflib_gc_schedule(void)
{
	lockdep_assert_held(&bpflib_lock);
	if (!list_empty(&bpflib_consumers))
		schedule_delayed_work(&bpflib_gc_work,
				      msecs_to_jiffies(max(READ_ONCE(bpflib_gc_interval_ms), 10U)));
}

static void bpflib_gc_workfn(struct work_struct *work)
{
	mutex_lock(&bpflib_lock);
	bpflib_gc_locked();
	bpflib_gc_schedule();
	mutex_unlock(&bpflib_lock);
}

/**
 * bpflib_lib_del() - unregister a library nothing is linked to
 * @id: library id
 *
 * Context: process context, takes bpflib_lock.
 * Return: 0, -ENOENT if there is no such library, -EBUSY while links into
 * it exist (after releasing orphaned consumers).
 */
int bpflib_lib_del(u32 id)
{
	struct bpflib_lib *lib;

	mutex_lock(&bpflib_lock);
	bpflib_gc_locked();
	lib = id <= INT_MAX ? idr_find(&bpflib_libs, id) : NULL;
	if (!lib) {
		mutex_unlock(&bpflib_lock);
		return -ENOENT;
	}
	if (lib->nr_links) {
		mutex_unlock(&bpflib_lock);
		return -EBUSY;
	}
	idr_remove(&bpflib_libs, id);
	mutex_unlock(&bpflib_lock);

	bpflib_lib_free(lib);
	return 0;
}

/* Does @have satisfy an import that asks for @want? */
static bool bpflib_version_match(const struct bpflib_version *have,
				 const struct bpflib_version *want)
{
	return have->major == want->major && bpflib_version_cmp(have, want) >= 0;
}

static struct bpflib_func *bpflib_lib_func(struct bpflib_lib *lib,
					   const char *name, u32 prog_type,
					   u32 attach_type)
{
	struct bpflib_func *f;
	u32 i;

	for (i = 0; i < lib->nr_funcs; i++) {
		f = &lib->funcs[i];
		if (f->prog->aux->saved_dst_prog_type == prog_type &&
		    f->prog->aux->saved_dst_attach_type == attach_type &&
		    !strcmp(f->name, name))
			return f;
	}
	return NULL;
}

/**
 * bpflib_lookup() - resolve an import
 * @req: name, function, wanted version and consumer type in; result out
 *
 * Picks the newest library version that has the same major as, and is no
 * older than, the wanted one, and provides the function for the consumer's
 * program type and expected attach type.
 *
 * Context: process context, takes bpflib_lock.
 * Return: 0 and @req filled in, or -ENOENT.
 */
int bpflib_lookup(struct bpflib_lookup *req)
{
	struct bpflib_lib *lib, *best = NULL;
	struct bpflib_func *f, *best_f = NULL;
	int id;

	mutex_lock(&bpflib_lock);
	idr_for_each_entry(&bpflib_libs, lib, id) {
		if (strcmp(lib->name, req->lib_name) ||
		    !bpflib_version_match(&lib->version, &req->version))
			continue;
		f = bpflib_lib_func(lib, req->func_name, req->prog_type,
				    req->attach_type);
		if (!f)
			continue;
		if (!best || bpflib_version_cmp(&lib->version, &best->version) > 0) {
			best = lib;
			best_f = f;
		}
	}
	if (best) {
		req->lib_id = best->id;
		req->prog_id = best_f->prog->aux->id;
		req->found = best->version;
	}
	mutex_unlock(&bpflib_lock);
	return best ? 0 : -ENOENT;
}

static struct bpflib_consumer *bpflib_consumer_find(const struct bpf_prog *prog)
{
	struct bpflib_consumer *c;

	lockdep_assert_held(&bpflib_lock);
	list_for_each_entry(c, &bpflib_consumers, node)
		if (c->prog == prog)
			return c;
	return NULL;
}

static bool bpflib_link_find_func(struct bpf_prog *prog, struct bpflib_lib **libp,
				  u32 *idx)
{
	struct bpflib_lib *lib;
	int id;
	u32 i;

	lockdep_assert_held(&bpflib_lock);
	idr_for_each_entry(&bpflib_libs, lib, id) {
		for (i = 0; i < lib->nr_funcs; i++) {
			if (lib->funcs[i].prog == prog) {
				*libp = lib;
				*idx = i;
				return true;
			}
		}
	}
	return false;
}

/**
 * bpflib_link_add() - take ownership of an freplace link into a consumer
 * @link: freplace link (type TRACING, program EXT); the caller's reference
 * @req: out: link_id and consumer_id
 *
 * Context: process context, takes bpflib_lock.
 * Return: 0 when the registry owns the caller's reference on @link;
 * -ENOENT if the link's program is not a registered library function,
 * -EEXIST if the registry holds this link already, -ENOMEM.  On error the
 * caller keeps its reference.
 */
int bpflib_link_add(struct bpf_link *link, struct bpflib_link_add *req)
{
	struct bpf_prog *tgt = bpflib_ext_target(link);
	struct bpflib_consumer *c, *new_c;
	struct bpf_link_info info = {};
	struct bpflib_link *l, *new_l;
	struct bpflib_lib *lib;
	u32 idx;
	int err;

	if (!tgt || !link->ops->fill_link_info)
		return -EINVAL;
	err = link->ops->fill_link_info(link, &info);
	if (err)
		return err;

	new_l = kzalloc(sizeof(*new_l), GFP_KERNEL);
	new_c = kzalloc(sizeof(*new_c), GFP_KERNEL);
	if (!new_l || !new_c) {
		err = -ENOMEM;
		goto free;
	}

	mutex_lock(&bpflib_lock);
	if (!bpflib_link_find_func(link->prog, &lib, &idx)) {
		err = -ENOENT;
		goto unlock;
	}
	c = bpflib_consumer_find(tgt);
	if (c) {
		list_for_each_entry(l, &c->links, node) {
			if (l->link == link) {
				err = -EEXIST;
				goto unlock;
			}
		}
	} else {
		c = new_c;
		new_c = NULL;
		c->prog = tgt;
		INIT_LIST_HEAD(&c->links);
		list_add_tail(&c->node, &bpflib_consumers);
	}

	new_l->link = link;
	new_l->lib = lib;
	new_l->func_idx = idx;
	new_l->btf_id = info.tracing.target_btf_id;
	list_add_tail(&new_l->node, &c->links);
	c->nr_links++;
	lib->nr_links++;
	lib->funcs[idx].nr_links++;
	req->link_id = link->id;
	req->consumer_id = tgt->aux->id;
	bpflib_gc_schedule();
	mutex_unlock(&bpflib_lock);
	kfree(new_c);
	return 0;

unlock:
	mutex_unlock(&bpflib_lock);
free:
	kfree(new_c);
	kfree(new_l);
	return err;
}

/**
 * bpflib_unlink() - drop every registry link into a consumer
 * @consumer_id: program id of the consumer
 *
 * Context: process context, takes bpflib_lock.
 * Return: 0, or -ENOENT if the registry holds no link into that program.
 */
int bpflib_unlink(u32 consumer_id)
{
	struct bpflib_consumer *c;
	int err = -ENOENT;

	mutex_lock(&bpflib_lock);
	list_for_each_entry(c, &bpflib_consumers, node) {
		if (c->prog->aux->id == consumer_id) {
			bpflib_consumer_release(c);
			err = 0;
			break;
		}
	}
	mutex_unlock(&bpflib_lock);
	return err;
}

/*
 * Copy one record of @ksize bytes to a user array slot of @usize bytes:
 * a shorter slot gets the prefix it knows, a longer one is zero-padded.
 */
static int bpflib_copy_rec(void __user *dst, const void *src, u32 ksize,
			   u32 usize)
{
	if (copy_to_user(dst, src, min(ksize, usize)))
		return -EFAULT;
	if (usize > ksize && clear_user(dst + ksize, usize - ksize))
		return -EFAULT;
	return 0;
}

static int bpflib_fill_funcs(const struct bpflib_lib *lib, u32 room,
			     void __user *ufuncs, u32 rec_size)
{
	struct bpflib_func_info fi;
	const struct bpflib_func *f;
	u32 i;

	for (i = 0; i < min(room, lib->nr_funcs); i++) {
		f = &lib->funcs[i];
		memset(&fi, 0, sizeof(fi));
		strscpy(fi.name, f->name, sizeof(fi.name));
		fi.prog_id = f->prog->aux->id;
		fi.prog_type = f->prog->aux->saved_dst_prog_type;
		fi.attach_type = f->prog->aux->saved_dst_attach_type;
		fi.btf_id = f->prog->aux->func_info[0].type_id;
		fi.nr_links = f->nr_links;
		if (bpflib_copy_rec(ufuncs + (size_t)i * rec_size, &fi,
				    sizeof(fi), rec_size))
			return -EFAULT;
	}
	return 0;
}

static int bpflib_fill_links(const struct bpflib_lib *lib, u32 room,
			     void __user *ulinks, u32 rec_size,
			     u32 *nr_consumers)
{
	const struct bpflib_consumer *c;
	const struct bpflib_link *l;
	struct bpflib_link_info li;
	u32 n = 0;
	bool uses;

	*nr_consumers = 0;
	list_for_each_entry(c, &bpflib_consumers, node) {
		uses = false;
		list_for_each_entry(l, &c->links, node) {
			if (l->lib != lib)
				continue;
			uses = true;
			if (n < room) {
				memset(&li, 0, sizeof(li));
				li.link_id = l->link->id;
				li.consumer_id = c->prog->aux->id;
				li.consumer_btf_id = l->btf_id;
				li.func_idx = l->func_idx;
				if (bpflib_copy_rec(ulinks + (size_t)n * rec_size,
						    &li, sizeof(li), rec_size))
					return -EFAULT;
			}
			n++;
		}
		*nr_consumers += uses;
	}
	return 0;
}

/**
 * bpflib_lib_info() - describe one library
 * @info: request in (lib_id, flags, room), answer out
 * @ufuncs: user array for struct bpflib_func_info, or NULL
 * @func_rec_size: size of one @ufuncs slot
 * @ulinks: user array for struct bpflib_link_info, or NULL
 * @link_rec_size: size of one @ulinks slot
 *
 * Context: process context, takes bpflib_lock; may fault on user memory.
 * Return: 0, -ENOENT if there is no (next) library, -EFAULT.
 */
int bpflib_lib_info(struct bpflib_lib_info *info,
		    void __user *ufuncs, u32 func_rec_size,
		    void __user *ulinks, u32 link_rec_size)
{
	struct bpflib_lib *lib = NULL;
	int id, err;

	mutex_lock(&bpflib_lock);
	bpflib_gc_locked();
	if (info->flags & BPFLIB_INFO_F_NEXT) {
		id = info->lib_id < INT_MAX ? info->lib_id + 1 : INT_MAX;
		if (info->lib_id < INT_MAX)
			lib = idr_get_next(&bpflib_libs, &id);
	} else if (info->lib_id <= INT_MAX) {
		lib = idr_find(&bpflib_libs, info->lib_id);
	}
	if (!lib) {
		err = -ENOENT;
		goto unlock;
	}

	info->lib_id = lib->id;
	strscpy(info->name, lib->name, sizeof(info->name));
	info->version = lib->version;
	err = bpflib_fill_funcs(lib, ufuncs ? info->nr_funcs : 0, ufuncs,
				func_rec_size);
	if (err)
		goto unlock;
	err = bpflib_fill_links(lib, ulinks ? info->nr_links : 0, ulinks,
				link_rec_size, &info->nr_consumers);
	if (err)
		goto unlock;
	info->nr_funcs = lib->nr_funcs;
	info->nr_links = lib->nr_links;
unlock:
	mutex_unlock(&bpflib_lock);
	return err;
}

/**
 * bpflib_registry_show() - the text view of the registry, for /proc/bpflib
 * @m: seq_file to print to
 *
 * Context: process context, takes bpflib_lock.
 */
void bpflib_registry_show(struct seq_file *m)
{
	const struct bpflib_consumer *c;
	const struct bpflib_link *l;
	const struct bpflib_func *f;
	struct bpflib_lib *lib;
	int id;
	u32 i;

	mutex_lock(&bpflib_lock);
	bpflib_gc_locked();
	idr_for_each_entry(&bpflib_libs, lib, id) {
		seq_printf(m, "library %s %u.%u.%u id %u funcs %u links %u\n",
			   lib->name, lib->version.major, lib->version.minor,
			   lib->version.patch, lib->id, lib->nr_funcs,
			   lib->nr_links);
		for (i = 0; i < lib->nr_funcs; i++) {
			f = &lib->funcs[i];
			seq_printf(m, "\tfunc %s prog_type %u attach_type %u prog %u btf_id %u links %u\n",
				   f->name, f->prog->aux->saved_dst_prog_type,
				   f->prog->aux->saved_dst_attach_type,
				   f->prog->aux->id,
				   f->prog->aux->func_info[0].type_id,
				   f->nr_links);
		}
		list_for_each_entry(c, &bpflib_consumers, node) {
			list_for_each_entry(l, &c->links, node) {
				if (l->lib != lib)
					continue;
				seq_printf(m, "\tconsumer prog %u name %s import btf_id %u -> %s link %u\n",
					   c->prog->aux->id, c->prog->aux->name,
					   l->btf_id, lib->funcs[l->func_idx].name,
					   l->link->id);
			}
		}
	}
	mutex_unlock(&bpflib_lock);
}

/**
 * bpflib_registry_exit() - tear down at module unload
 *
 * Every library holds a module reference and every consumer link belongs
 * to a library, so the registry is empty by the time this runs.
 *
 * Context: module exit.
 */
void bpflib_registry_exit(void)
{
	cancel_delayed_work_sync(&bpflib_gc_work);
	WARN_ON(!idr_is_empty(&bpflib_libs));
	WARN_ON(!list_empty(&bpflib_consumers));
	idr_destroy(&bpflib_libs);
}
