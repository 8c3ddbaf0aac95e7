// SPDX-License-Identifier: GPL-2.0
/*
 * bpflib registry: libraries, their functions, and the freplace links that
 * tie consumers to them.  See registry.h for the locking, reference and
 * ownership rules.
 */
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/refcount.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "registry.h"

/*
 * Protects bpflib_libs, bpflib_funcs, bpflib_consumers and everything they
 * reach.  The outermost lock; see registry.h.
 */
static DEFINE_MUTEX(bpflib_lock);
/* struct bpflib_lib by id, live or not. */
static DEFINE_IDR(bpflib_libs);
/* struct bpflib_func by the id of its program: a program is one function. */
static DEFINE_XARRAY(bpflib_funcs);
/* struct bpflib_consumer by program id. */
static DEFINE_XARRAY(bpflib_consumers);
/* How many functions hold each host, as xa_mk_value(), by program id. */
static DEFINE_XARRAY(bpflib_hosts);

/**
 * struct bpflib_quota - what one uid holds in the registry
 * @libs: libraries it owns
 * @records: links and static records of the consumers it owns
 */
struct bpflib_quota {
	u32 libs;
	u32 records;
};

/* struct bpflib_quota by uid, while the uid holds anything. */
static DEFINE_XARRAY(bpflib_quotas);

unsigned int bpflib_gc_interval_ms = 1000;
unsigned int bpflib_max_libs_per_uid = 4096;
unsigned int bpflib_max_records_per_uid = 65536;

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

/* May @caller change what belongs to @owner?  Administrators may. */
static bool bpflib_may(const struct bpflib_caller *caller, kuid_t owner)
{
	return uid_eq(caller->uid, owner) || caller->admin;
}

/*
 * Charge @n libraries (@lib) or records to @uid, within its quota: 0,
 * -EDQUOT or -ENOMEM.
 */
static int bpflib_quota_charge(kuid_t uid, bool lib, u32 n)
{
	unsigned long key = __kuid_val(uid);
	struct bpflib_quota *q;
	u32 *cnt, max;
	int err;

	lockdep_assert_held(&bpflib_lock);
	q = xa_load(&bpflib_quotas, key);
	if (!q) {
		q = kzalloc(sizeof(*q), GFP_KERNEL_ACCOUNT);
		if (!q)
			return -ENOMEM;
		err = xa_insert(&bpflib_quotas, key, q, GFP_KERNEL_ACCOUNT);
		if (err) {
			kfree(q);
			return err;
		}
	}
	cnt = lib ? &q->libs : &q->records;
	max = lib ? READ_ONCE(bpflib_max_libs_per_uid) : READ_ONCE(bpflib_max_records_per_uid);
	if (n > max || *cnt > max - n) {
		if (!q->libs && !q->records) {
			xa_erase(&bpflib_quotas, key);
			kfree(q);
		}
		return -EDQUOT;
	}
	*cnt += n;
	return 0;
}

/* Give back what bpflib_quota_charge() charged. */
static void bpflib_quota_uncharge(kuid_t uid, bool lib, u32 n)
{
	unsigned long key = __kuid_val(uid);
	struct bpflib_quota *q;
	u32 *cnt;

	lockdep_assert_held(&bpflib_lock);
	q = xa_load(&bpflib_quotas, key);
	if (WARN_ON_ONCE(!q))
		return;
	cnt = lib ? &q->libs : &q->records;
	if (WARN_ON_ONCE(*cnt < n))
		n = *cnt;
	*cnt -= n;
	if (!q->libs && !q->records) {
		xa_erase(&bpflib_quotas, key);
		kfree(q);
	}
}

/* Drop the references of links removed from the registry; no lock held. */
static void bpflib_links_put(struct list_head *dead)
{
	struct bpflib_link *l, *tmp;

	list_for_each_entry_safe(l, tmp, dead, cons_node) {
		if (l->link)
			bpf_link_put(l->link);
		else
			bpf_prog_put(l->prog);
		kfree(l);
	}
}

/**
 * bpflib_obj_put() - drop a reference on a kept library object
 * @obj: the object, or NULL
 *
 * Context: process context; frees @obj with the last reference.
 */
void bpflib_obj_put(struct bpflib_obj *obj)
{
	if (obj && refcount_dec_and_test(&obj->ref))
		kvfree(obj);
}

/**
 * bpflib_func_put() - drop what a function holds
 * @f: the function; its program, file and host references are put
 *
 * Context: process context, no lock held (bpf_prog_put() may free).
 */
void bpflib_func_put(struct bpflib_func *f)
{
	bpf_prog_put(f->prog);
	fput(f->file);
	if (f->host)
		bpf_prog_put(f->host);
}

static void bpflib_lib_free(struct bpflib_lib *lib)
{
	bool live = lib->live;
	u32 i;

	for (i = 0; i < lib->nr_funcs; i++) {
		bpflib_func_put(lib->funcs[i]);
		kfree(lib->funcs[i]);
	}
	kfree(lib->funcs);
	for (i = 0; i < lib->nr_maps; i++)
		fput(lib->maps[i]);
	kfree(lib->maps);
	bpflib_obj_put(lib->obj);
	kfree(lib);
	if (live)
		module_put(THIS_MODULE);
}

/* One more function holds @host. */
static int bpflib_host_hold(const struct bpf_prog *host)
{
	void *n = xa_load(&bpflib_hosts, host->aux->id);

	lockdep_assert_held(&bpflib_lock);
	return xa_err(xa_store(&bpflib_hosts, host->aux->id,
			       xa_mk_value(n ? xa_to_value(n) + 1 : 1), GFP_KERNEL_ACCOUNT));
}

/* One function less holds @host. */
static void bpflib_host_drop(const struct bpf_prog *host)
{
	void *n = xa_load(&bpflib_hosts, host->aux->id);

	lockdep_assert_held(&bpflib_lock);
	if (n && xa_to_value(n) > 1)
		xa_store(&bpflib_hosts, host->aux->id, xa_mk_value(xa_to_value(n) - 1),
			 GFP_KERNEL_ACCOUNT);
	else
		xa_erase(&bpflib_hosts, host->aux->id);
}

/* Take @lib's functions @from..@to - 1 out of bpflib_funcs and bpflib_hosts. */
static void bpflib_funcs_erase(struct bpflib_lib *lib, u32 from, u32 to)
{
	lockdep_assert_held(&bpflib_lock);
	while (to-- > from) {
		xa_erase(&bpflib_funcs, lib->funcs[to]->prog->aux->id);
		if (lib->funcs[to]->host)
			bpflib_host_drop(lib->funcs[to]->host);
	}
}

/*
 * Index @lib's functions @from..@to - 1 by program id, and their hosts:
 * 0, or -EBUSY (a program is a function already, or a host is a
 * consumer), -ENOMEM, with nothing indexed.
 */
static int bpflib_funcs_insert(struct bpflib_lib *lib, u32 from, u32 to)
{
	struct bpflib_func *f;
	int err = 0;
	u32 i;

	lockdep_assert_held(&bpflib_lock);
	for (i = from; i < to; i++) {
		f = lib->funcs[i];
		if (f->host && xa_load(&bpflib_consumers, f->host->aux->id)) {
			err = -EBUSY;
			break;
		}
		err = xa_insert(&bpflib_funcs, f->prog->aux->id, f, GFP_KERNEL_ACCOUNT);
		if (err)
			break;
		err = f->host ? bpflib_host_hold(f->host) : 0;
		if (err) {
			xa_erase(&bpflib_funcs, f->prog->aux->id);
			break;
		}
	}
	if (err)
		bpflib_funcs_erase(lib, from, i);
	return err;
}

/*
 * Copy @funcs to @lib->funcs[@lib->nr_funcs...], each allocated on its
 * own.  On failure, what was copied is freed again, without the program
 * references, which stay the caller's.
 */
static int bpflib_funcs_copy(struct bpflib_lib *lib, const struct bpflib_func *funcs, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		lib->funcs[lib->nr_funcs + i] = kmemdup(&funcs[i], sizeof(funcs[i]),
							GFP_KERNEL_ACCOUNT);
		if (!lib->funcs[lib->nr_funcs + i]) {
			while (i--) {
				kfree(lib->funcs[lib->nr_funcs + i]);
				lib->funcs[lib->nr_funcs + i] = NULL;
			}
			return -ENOMEM;
		}
		lib->funcs[lib->nr_funcs + i]->lib = lib;
		lib->funcs[lib->nr_funcs + i]->idx = lib->nr_funcs + i;
		lib->funcs[lib->nr_funcs + i]->nr_links = 0;
	}
	return 0;
}

/**
 * bpflib_lib_prepare() - reserve a library's name, version and programs
 * @name: library name, already validated
 * @version: library version
 * @funcs: its functions, names validated, each with the program, file and
 *	host references the caller holds
 * @nr_funcs: entries in @funcs
 * @obj: the object to keep for more consumer types later, or NULL
 * @maps: the files of the maps its functions use, the caller's references,
 *	in memory from kmalloc(); or NULL
 * @nr_maps: entries in @maps
 * @caller: who asks; a name belongs to the uid that loaded it first
 * @libp: out: the new library, with its id; not live yet
 *
 * The library is registered but reported to nobody and resolves nothing
 * until bpflib_lib_commit(); bpflib_lib_abort() undoes this.  So the
 * caller can hand the id out first, and fail without a trace if it cannot.
 *
 * Context: process context, takes bpflib_lock (killable).
 * Return: 0 when the library owns the references, @obj and @maps;
 * -EEXIST if @name at @version is registered already, -EACCES if the name
 * belongs to another uid and @caller is no administrator, -EBUSY if a
 * program is a function of a library already or a host is a consumer,
 * -EDQUOT beyond the owner's quota, -ENOMEM, -ENOSPC (ids), -EINTR.  On
 * error the caller still owns the references, @obj and @maps.
 */
int bpflib_lib_prepare(const char *name, const struct bpflib_version *version,
		       const struct bpflib_func *funcs, u32 nr_funcs,
		       struct bpflib_obj *obj, struct file **maps, u32 nr_maps,
		       const struct bpflib_caller *caller, struct bpflib_lib **libp)
{
	struct bpflib_lib *lib, *it;
	bool named = false;
	int err, id;
	u32 i = 0;

	lib = kzalloc(sizeof(*lib), GFP_KERNEL_ACCOUNT);
	if (!lib)
		return -ENOMEM;
	lib->funcs = kcalloc(BPFLIB_MAX_FUNCS, sizeof(*lib->funcs), GFP_KERNEL_ACCOUNT);
	if (!lib->funcs || bpflib_funcs_copy(lib, funcs, nr_funcs)) {
		kfree(lib->funcs);
		kfree(lib);
		return -ENOMEM;
	}
	lib->nr_funcs = nr_funcs;
	strscpy(lib->name, name, sizeof(lib->name));
	lib->version = *version;
	lib->owner = caller->uid;
	INIT_LIST_HEAD(&lib->links);
	INIT_LIST_HEAD(&lib->walk);

	err = mutex_lock_killable(&bpflib_lock);
	if (err)
		goto free;
	idr_for_each_entry(&bpflib_libs, it, id) {
		if (strcmp(it->name, name))
			continue;
		if (!bpflib_version_cmp(&it->version, version)) {
			err = -EEXIST;
			goto unlock;
		}
		named = true;
		lib->owner = it->owner;
	}
	if (named && !bpflib_may(caller, lib->owner)) {
		err = -EACCES;
		goto unlock;
	}
	err = bpflib_quota_charge(lib->owner, true, 1);
	if (err)
		goto unlock;
	err = bpflib_funcs_insert(lib, 0, nr_funcs);
	if (err)
		goto uncharge;
	err = idr_alloc_cyclic(&bpflib_libs, lib, 1, INT_MAX, GFP_KERNEL_ACCOUNT);
	if (err < 0)
		goto erase;
	lib->id = err;
	lib->obj = obj;
	lib->maps = maps;
	lib->nr_maps = nr_maps;
	mutex_unlock(&bpflib_lock);
	*libp = lib;
	return 0;

erase:
	bpflib_funcs_erase(lib, 0, nr_funcs);
uncharge:
	bpflib_quota_uncharge(lib->owner, true, 1);
unlock:
	mutex_unlock(&bpflib_lock);
free:
	for (i = 0; i < nr_funcs; i++)
		kfree(lib->funcs[i]);
	kfree(lib->funcs);
	kfree(lib);
	return err;
}

/**
 * bpflib_lib_commit() - publish a prepared library
 * @lib: from bpflib_lib_prepare()
 *
 * Every live library pins the module: rmmod waits for an empty registry.
 *
 * Context: process context, takes bpflib_lock.
 */
void bpflib_lib_commit(struct bpflib_lib *lib)
{
	__module_get(THIS_MODULE);
	mutex_lock(&bpflib_lock);
	lib->live = true;
	mutex_unlock(&bpflib_lock);
}

/**
 * bpflib_lib_abort() - forget a prepared library, and free it
 * @lib: from bpflib_lib_prepare(), not committed
 *
 * Context: process context, takes bpflib_lock.
 */
void bpflib_lib_abort(struct bpflib_lib *lib)
{
	mutex_lock(&bpflib_lock);
	bpflib_funcs_erase(lib, 0, lib->nr_funcs);
	idr_remove(&bpflib_libs, lib->id);
	bpflib_quota_uncharge(lib->owner, true, 1);
	mutex_unlock(&bpflib_lock);
	bpflib_lib_free(lib);
}

/* Take @c and its links out of the registry; the links go on @dead. */
static void bpflib_consumer_release(struct bpflib_consumer *c, struct list_head *dead)
{
	struct bpflib_link *l, *tmp;

	lockdep_assert_held(&bpflib_lock);
	list_for_each_entry_safe(l, tmp, &c->links, cons_node) {
		l->lib->nr_links--;
		if (l->func)
			l->func->nr_links--;
		list_del(&l->lib_node);
		list_move_tail(&l->cons_node, dead);
	}
	bpflib_quota_uncharge(c->owner, false, c->nr_links);
	xa_erase(&bpflib_consumers, c->id);
	kfree(c);
}

/*
 * A consumer is orphaned when the only references on it are the ones its
 * registry links and static records hold, and nobody but the registry
 * holds those links.
 * Nothing else can then run it, attach it or look it up except by id, so
 * dropping the links frees it.  A BPF_PROG_GET_FD_BY_ID racing with this
 * check gets a consumer whose imports are back to their stubs.
 */
static bool bpflib_consumer_orphaned(const struct bpflib_consumer *c)
{
	const struct bpflib_link *l;

	if (bpflib_prog_refs(c->prog) != c->nr_links)
		return false;
	list_for_each_entry(l, &c->links, cons_node)
		if (l->link && bpflib_link_refs(l->link) != 1)
			return false;
	return true;
}

/*
 * Release consumers that only the registry still holds, their links onto
 * @dead.  Runs periodically while any consumer is linked; commands that
 * report or depend on the set of consumers run it first.
 */
static void bpflib_gc_locked(struct list_head *dead)
{
	struct bpflib_consumer *c;
	unsigned long id;

	lockdep_assert_held(&bpflib_lock);
	xa_for_each(&bpflib_consumers, id, c)
		if (bpflib_consumer_orphaned(c))
			bpflib_consumer_release(c, dead);
}

static void bpflib_gc_schedule(void)
{
	lockdep_assert_held(&bpflib_lock);
	if (!xa_empty(&bpflib_consumers))
		schedule_delayed_work(&bpflib_gc_work,
				      msecs_to_jiffies(max(READ_ONCE(bpflib_gc_interval_ms), 10U)));
}

static void bpflib_gc_workfn(struct work_struct *work)
{
	LIST_HEAD(dead);

	mutex_lock(&bpflib_lock);
	bpflib_gc_locked(&dead);
	bpflib_gc_schedule();
	mutex_unlock(&bpflib_lock);
	bpflib_links_put(&dead);
}

/* A live library by id, or NULL. */
static struct bpflib_lib *bpflib_lib_find(u32 id)
{
	struct bpflib_lib *lib;

	lockdep_assert_held(&bpflib_lock);
	lib = id <= INT_MAX ? idr_find(&bpflib_libs, id) : NULL;
	return lib && lib->live ? lib : NULL;
}

/* The first live library with an id above @after, or NULL. */
static struct bpflib_lib *bpflib_lib_next(u32 after)
{
	struct bpflib_lib *lib;
	int id;

	lockdep_assert_held(&bpflib_lock);
	if (after >= INT_MAX)
		return NULL;
	/* Ids stay below INT_MAX (idr_alloc_cyclic()'s end is exclusive). */
	for (id = after + 1; (lib = idr_get_next(&bpflib_libs, &id)); id++)
		if (lib->live)
			return lib;
	return NULL;
}

/*
 * Is every map @prog uses one of @lib's?  The maps of a library are those
 * its functions' programs use; an instance for another consumer type must
 * share them, not bring its own.
 */
static bool bpflib_maps_within(struct bpf_prog *prog, const struct bpflib_lib *lib)
{
	struct bpf_prog_aux *aux = prog->aux, *faux;
	bool ok = true, found;
	u32 i, j, k;

	lockdep_assert_held(&bpflib_lock);
	mutex_lock(&aux->used_maps_mutex);
	for (i = 0; ok && i < aux->used_map_cnt; i++) {
		found = false;
		for (j = 0; !found && j < lib->nr_funcs; j++) {
			faux = lib->funcs[j]->prog->aux;
			if (faux == aux)	/* a function already: EBUSY later */
				continue;
			/* Two programs' map lists, under bpflib_lock: no ABBA. */
			mutex_lock_nested(&faux->used_maps_mutex, SINGLE_DEPTH_NESTING);
			for (k = 0; !found && k < faux->used_map_cnt; k++)
				found = faux->used_maps[k] == aux->used_maps[i];
			mutex_unlock(&faux->used_maps_mutex);
		}
		ok = found;
	}
	mutex_unlock(&aux->used_maps_mutex);
	return ok;
}

/*
 * Can @f join @lib as an instance of one of its functions for another
 * consumer type?  The same name and code (the program tag, a digest of the
 * instructions the verifier was given, map references left out) as one of
 * its functions, the library's maps only, and a consumer type no function
 * of that name serves yet.  0, -EINVAL or -EEXIST.
 */
static int bpflib_instance_ok(const struct bpflib_lib *lib, const struct bpflib_func *f)
{
	const struct bpf_prog_aux *aux = f->prog->aux, *faux;
	bool named = false;
	u32 i;

	for (i = 0; i < lib->nr_funcs; i++) {
		if (strcmp(lib->funcs[i]->name, f->name))
			continue;
		faux = lib->funcs[i]->prog->aux;
		if (faux->saved_dst_prog_type == aux->saved_dst_prog_type &&
		    faux->saved_dst_attach_type == aux->saved_dst_attach_type)
			return -EEXIST;
		if (memcmp(lib->funcs[i]->prog->tag, f->prog->tag, sizeof(f->prog->tag)))
			return -EINVAL;
		named = true;
	}
	if (!named || !bpflib_maps_within(f->prog, lib))
		return -EINVAL;
	return 0;
}

/*
 * Does library @from hold library @to through static records, directly or
 * through libraries it holds?  A breadth-first walk of the records of
 * @from's functions, and theirs.
 */
static bool bpflib_lib_reaches(struct bpflib_lib *from, struct bpflib_lib *to)
{
	static u32 bpflib_walk_gen;	/* under bpflib_lock */
	struct bpflib_consumer *c;
	struct bpflib_lib *lib;
	struct bpflib_link *l;
	LIST_HEAD(queue);
	bool found = false;
	u32 i;

	lockdep_assert_held(&bpflib_lock);
	from->walk_gen = ++bpflib_walk_gen;
	list_add_tail(&from->walk, &queue);
	while (!found && !list_empty(&queue)) {
		lib = list_first_entry(&queue, struct bpflib_lib, walk);
		list_del_init(&lib->walk);
		found = lib == to;
		for (i = 0; !found && i < lib->nr_funcs; i++) {
			c = xa_load(&bpflib_consumers, lib->funcs[i]->prog->aux->id);
			if (!c)
				continue;
			list_for_each_entry(l, &c->links, cons_node) {
				if (l->link || l->lib->walk_gen == bpflib_walk_gen)
					continue;
				l->lib->walk_gen = bpflib_walk_gen;
				list_add_tail(&l->lib->walk, &queue);
			}
		}
	}
	while (!list_empty(&queue))
		list_del_init(queue.next);
	return found;
}

/*
 * Would @f, joining @lib, make @lib hold itself?  It would if @f is a
 * static consumer of @lib, or of a library that holds @lib.  0 or -ELOOP.
 */
static int bpflib_func_loops(struct bpflib_lib *lib, const struct bpflib_func *f)
{
	struct bpflib_consumer *c = xa_load(&bpflib_consumers, f->prog->aux->id);
	struct bpflib_link *l;

	lockdep_assert_held(&bpflib_lock);
	if (!c)
		return 0;
	list_for_each_entry(l, &c->links, cons_node)
		if (!l->link && (l->lib == lib || bpflib_lib_reaches(l->lib, lib)))
			return -ELOOP;
	return 0;
}

/**
 * bpflib_funcs_add() - add a library's functions for more consumer types
 * @lib_id: a live library
 * @funcs: the new functions, names validated, each with a program
 *	reference the caller holds
 * @nr_funcs: entries in @funcs
 * @caller: who asks; the library's owner or an administrator
 *
 * Each new function must be an instance of one the library has (see
 * bpflib_instance_ok()), for a consumer type that function does not serve
 * yet.  All are added, or none.
 *
 * Context: process context, takes bpflib_lock (killable).
 * Return: 0 when the library owns the program references; -ENOENT if
 * there is no such library, -EACCES if it belongs to another uid and
 * @caller is no administrator, -EINVAL for a function that is no instance
 * of the library's, -EEXIST if one serves its type already, -E2BIG beyond
 * BPFLIB_MAX_FUNCS, -EBUSY if a program is a function of a library
 * already or a host is a consumer, -ELOOP if a program holds code of
 * this library (see bpflib_func_loops()), -ENOMEM, -EINTR.  On error the
 * caller still owns the references.
 */
int bpflib_funcs_add(u32 lib_id, const struct bpflib_func *funcs, u32 nr_funcs,
		     const struct bpflib_caller *caller)
{
	struct bpflib_lib *lib;
	u32 i, base;
	int err;

	err = mutex_lock_killable(&bpflib_lock);
	if (err)
		return err;
	lib = bpflib_lib_find(lib_id);
	if (!lib) {
		err = -ENOENT;
		goto unlock;
	}
	if (!bpflib_may(caller, lib->owner)) {
		err = -EACCES;
		goto unlock;
	}
	if (nr_funcs > BPFLIB_MAX_FUNCS - lib->nr_funcs) {
		err = -E2BIG;
		goto unlock;
	}
	for (i = 0; i < nr_funcs && !err; i++)
		err = bpflib_func_loops(lib, &funcs[i]) ?: bpflib_instance_ok(lib, &funcs[i]);
	if (err)
		goto unlock;
	base = lib->nr_funcs;
	err = bpflib_funcs_copy(lib, funcs, nr_funcs);
	if (err)
		goto unlock;
	err = bpflib_funcs_insert(lib, base, base + nr_funcs);
	if (err) {
		for (i = base; i < base + nr_funcs; i++) {
			kfree(lib->funcs[i]);
			lib->funcs[i] = NULL;
		}
		goto unlock;
	}
	lib->nr_funcs += nr_funcs;
unlock:
	mutex_unlock(&bpflib_lock);
	return err;
}

/**
 * bpflib_lib_obj_get() - the object a library was loaded from
 * @lib_id: a live library
 * @objp: out: the object, with a reference for the caller to put with
 *	bpflib_obj_put(), or NULL if the library keeps none
 *
 * Context: process context, takes bpflib_lock (killable).
 * Return: 0, -ENOENT if there is no such library, -EINTR.
 */
int bpflib_lib_obj_get(u32 lib_id, struct bpflib_obj **objp)
{
	struct bpflib_lib *lib;
	int err;

	*objp = NULL;
	err = mutex_lock_killable(&bpflib_lock);
	if (err)
		return err;
	lib = bpflib_lib_find(lib_id);
	if (!lib) {
		err = -ENOENT;
	} else if (lib->obj) {
		refcount_inc(&lib->obj->ref);
		*objp = lib->obj;
	}
	mutex_unlock(&bpflib_lock);
	return err;
}

/**
 * bpflib_file_get() - a file of a library's, to hand out as an fd
 * @lib_id: a live library
 * @map: a map's file rather than a function program's
 * @idx: index of the function or map
 * @caller: who asks; a map only to the library's owner or an administrator
 * @filep: out: the file, with a reference for the caller to fput()
 *
 * Context: process context, takes bpflib_lock (killable).
 * Return: 0, -ENOENT if there is no such library, function or map,
 * -EACCES, -EINTR.
 */
int bpflib_file_get(u32 lib_id, bool map, u32 idx, const struct bpflib_caller *caller,
		    struct file **filep)
{
	struct bpflib_lib *lib;
	struct file *file = NULL;
	int err;

	err = mutex_lock_killable(&bpflib_lock);
	if (err)
		return err;
	lib = bpflib_lib_find(lib_id);
	if (!lib)
		err = -ENOENT;
	else if (map && !bpflib_may(caller, lib->owner))
		err = -EACCES;
	else if (map ? idx >= lib->nr_maps : idx >= lib->nr_funcs)
		err = -ENOENT;
	else
		file = get_file(map ? lib->maps[idx] : lib->funcs[idx]->file);
	mutex_unlock(&bpflib_lock);
	*filep = file;
	return err;
}

/**
 * bpflib_lib_del() - unregister a library nothing is linked to
 * @id: library id
 * @caller: who asks
 *
 * Context: process context, takes bpflib_lock (killable).
 * Return: 0, -ENOENT if there is no such library, -EACCES if it belongs
 * to another uid and @caller is no administrator, -EBUSY while links into
 * it exist (after releasing orphaned consumers), -EINTR.
 */
int bpflib_lib_del(u32 id, const struct bpflib_caller *caller)
{
	struct bpflib_lib *lib;
	LIST_HEAD(dead);
	int err;

	err = mutex_lock_killable(&bpflib_lock);
	if (err)
		return err;
	bpflib_gc_locked(&dead);
	lib = bpflib_lib_find(id);
	if (!lib)
		err = -ENOENT;
	else if (!bpflib_may(caller, lib->owner))
		err = -EACCES;
	else if (lib->nr_links)
		err = -EBUSY;
	if (!err) {
		bpflib_funcs_erase(lib, 0, lib->nr_funcs);
		idr_remove(&bpflib_libs, id);
		bpflib_quota_uncharge(lib->owner, true, 1);
	}
	mutex_unlock(&bpflib_lock);
	bpflib_links_put(&dead);
	if (!err)
		bpflib_lib_free(lib);
	return err;
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
		f = lib->funcs[i];
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
 * older than, the wanted one (with BPFLIB_LOOKUP_F_EXACT: the wanted one),
 * and provides the function for the consumer's program type and expected
 * attach type.
 *
 * Context: process context, takes bpflib_lock (killable).
 * Return: 0 and @req filled in, -ENOENT, -EINTR.
 */
int bpflib_lookup(struct bpflib_lookup *req)
{
	struct bpflib_lib *lib, *best = NULL;
	struct bpflib_func *f, *best_f = NULL;
	int id, err;

	err = mutex_lock_killable(&bpflib_lock);
	if (err)
		return err;
	idr_for_each_entry(&bpflib_libs, lib, id) {
		if (!lib->live || strcmp(lib->name, req->lib_name) ||
		    !bpflib_version_match(&lib->version, &req->version))
			continue;
		if ((req->flags & BPFLIB_LOOKUP_F_EXACT) &&
		    bpflib_version_cmp(&lib->version, &req->version))
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
		req->func_idx = best_f->idx;
		req->found = best->version;
	}
	mutex_unlock(&bpflib_lock);
	return best ? 0 : -ENOENT;
}

/**
 * bpflib_record() - add a record to a consumer: an freplace link, or a
 *	static copy of a library function's code
 * @consumer: the consumer program; the link's target, or for a static
 *	record the caller's reference, which the record then owns
 * @link: the freplace link, the caller's reference; NULL for a static record
 * @lib_id: static record: the library the code came from
 * @name: static record: the function's name, validated
 * @btf_id: the import's type id in the consumer's BTF
 * @caller: who asks; a consumer belongs to the uid that linked it first
 *
 * Context: process context, takes bpflib_lock (killable).
 * Return: 0 when the registry owns the caller's reference; -ENOENT if the
 * link's program is not a function of a live library, or there is no live
 * library @lib_id; -EINVAL if @consumer is a host, or a static record's
 * @consumer is a function of library @lib_id itself or has no function
 * @btf_id; -ELOOP if @consumer is a function of a library that library
 * @lib_id holds; -EEXIST if the record exists; -EACCES if @consumer
 * belongs to another uid, or a static record's library does, and @caller
 * is no administrator; -EDQUOT, -ENOMEM, -EINTR.
 */
static int bpflib_record(struct bpf_prog *consumer, struct bpf_link *link, u32 lib_id,
			 const char *name, u32 btf_id, const struct bpflib_caller *caller)
{
	struct bpflib_consumer *c, *new_c;
	struct bpflib_link *l, *new_l;
	struct bpflib_func *f = NULL;
	struct bpflib_lib *lib;
	int err;
	u32 i;

	new_l = kzalloc(sizeof(*new_l), GFP_KERNEL_ACCOUNT);
	new_c = kzalloc(sizeof(*new_c), GFP_KERNEL_ACCOUNT);
	if (!new_l || !new_c) {
		err = -ENOMEM;
		goto free;
	}
	/* A static record names one of the consumer's own functions. */
	if (!link) {
		for (i = 0; i < consumer->aux->func_info_cnt; i++)
			if (consumer->aux->func_info[i].type_id == btf_id)
				break;
		if (i == consumer->aux->func_info_cnt) {
			err = -EINVAL;
			goto free;
		}
	}
	err = mutex_lock_killable(&bpflib_lock);
	if (err)
		goto free;
	/* A host is held by its library: it would never be released. */
	err = -EINVAL;
	if (xa_load(&bpflib_hosts, consumer->aux->id))
		goto unlock;
	if (link) {
		f = xa_load(&bpflib_funcs, link->prog->aux->id);
		err = -ENOENT;
		if (!f || f->prog != link->prog || !f->lib->live)
			goto unlock;
		lib = f->lib;
		name = f->name;
	} else {
		lib = bpflib_lib_find(lib_id);
		err = -ENOENT;
		if (!lib)
			goto unlock;
		/* A static consumer shares the library's maps: the owner's. */
		err = -EACCES;
		if (!bpflib_may(caller, lib->owner))
			goto unlock;
		/*
		 * A library's function may hold copies of the libraries it
		 * uses, never of its own library, nor of one that holds it.
		 */
		f = xa_load(&bpflib_funcs, consumer->aux->id);
		err = -EINVAL;
		if (f && f->lib == lib)
			goto unlock;
		err = -ELOOP;
		if (f && bpflib_lib_reaches(lib, f->lib))
			goto unlock;
		f = NULL;
		/* A copy serves any type: the function of that name, if served. */
		for (i = 0; i < lib->nr_funcs && !f; i++)
			if (!strcmp(lib->funcs[i]->name, name))
				f = lib->funcs[i];
	}

	c = xa_load(&bpflib_consumers, consumer->aux->id);
	err = -EACCES;
	if (c && !bpflib_may(caller, c->owner))
		goto unlock;
	err = -EEXIST;
	if (c) {
		list_for_each_entry(l, &c->links, cons_node)
			if (link ? l->link == link :
			    !l->link && ((l->lib == lib && !strcmp(l->name, name)) ||
					 l->btf_id == btf_id))
				goto unlock;
	}
	err = bpflib_quota_charge(c ? c->owner : caller->uid, false, 1);
	if (err)
		goto unlock;
	if (!c) {
		c = new_c;
		c->prog = consumer;
		c->id = consumer->aux->id;
		c->owner = caller->uid;
		INIT_LIST_HEAD(&c->links);
		err = xa_insert(&bpflib_consumers, c->id, c, GFP_KERNEL_ACCOUNT);
		if (err) {
			bpflib_quota_uncharge(c->owner, false, 1);
			goto unlock;
		}
		new_c = NULL;
	}

	new_l->link = link;
	new_l->prog = link ? NULL : consumer;
	new_l->consumer = c;
	new_l->lib = lib;
	new_l->func = f;
	new_l->btf_id = btf_id;
	strscpy(new_l->name, name, sizeof(new_l->name));
	list_add_tail(&new_l->cons_node, &c->links);
	list_add_tail(&new_l->lib_node, &lib->links);
	c->nr_links++;
	lib->nr_links++;
	if (f)
		f->nr_links++;
	new_l = NULL;
	err = 0;
	bpflib_gc_schedule();
unlock:
	mutex_unlock(&bpflib_lock);
free:
	kfree(new_c);
	kfree(new_l);
	return err;
}

/**
 * bpflib_link_add() - take ownership of an freplace link into a consumer
 * @link: freplace link (type TRACING, program EXT); the caller's reference
 * @btf_id: the type id of the import it replaces, in the consumer's BTF
 * @caller: who asks; a consumer belongs to the uid that linked it first
 *
 * Context: process context, takes bpflib_lock (killable).
 * Return: 0 when the registry owns the caller's reference on @link;
 * -ENOENT if the link's program is not a function of a live library,
 * -EEXIST if the registry holds this link already, -EACCES if another uid
 * linked the consumer and @caller is no administrator, -ENOMEM, -EINTR.
 * On error the caller keeps its reference.
 */
int bpflib_link_add(struct bpf_link *link, u32 btf_id,
		    const struct bpflib_caller *caller)
{
	return bpflib_record(bpflib_ext_target(link), link, 0, NULL, btf_id, caller);
}

/**
 * bpflib_static_add() - record a consumer that holds a library's code
 * @prog: the consumer (an extension too, such as one xdp-loader loaded, or
 *	the function of a library that uses this one), not a function of
 *	library @lib_id; the caller's reference
 * @lib_id: the library the code came from
 * @func_name: its function, validated
 * @btf_id: the function's type id in the consumer's BTF
 * @caller: who asks; a consumer belongs to the uid that linked it first
 *
 * Context: process context, takes bpflib_lock (killable).
 * The record names @func_name, and the library's function of that name if
 * it serves some program type with one: a copy serves any type.
 *
 * Return: 0 when the registry owns the caller's reference on @prog; -EINVAL
 * if @prog is a function of @lib_id, -ENOENT if there is no live library
 * @lib_id, -EEXIST if @func_name is recorded for @prog already, -EACCES,
 * -ENOMEM, -EINTR.  On error the caller keeps its reference.
 */
int bpflib_static_add(struct bpf_prog *prog, u32 lib_id, const char *func_name,
		      u32 btf_id, const struct bpflib_caller *caller)
{
	return bpflib_record(prog, NULL, lib_id, func_name, btf_id, caller);
}

/**
 * bpflib_unlink() - drop every registry link into a consumer
 * @consumer_id: program id of the consumer
 * @caller: who asks
 *
 * Context: process context, takes bpflib_lock (killable).
 * Return: 0, -ENOENT if the registry holds no link into that program,
 * -EACCES if another uid linked it and @caller is no administrator,
 * -EINTR.
 */
int bpflib_unlink(u32 consumer_id, const struct bpflib_caller *caller)
{
	struct bpflib_consumer *c;
	LIST_HEAD(dead);
	int err;

	err = mutex_lock_killable(&bpflib_lock);
	if (err)
		return err;
	c = xa_load(&bpflib_consumers, consumer_id);
	if (!c)
		err = -ENOENT;
	else if (!bpflib_may(caller, c->owner))
		err = -EACCES;
	else
		bpflib_consumer_release(c, &dead);
	mutex_unlock(&bpflib_lock);
	bpflib_links_put(&dead);
	return err;
}

/**
 * bpflib_lib_info() - describe one library
 * @info: request in (lib_id, flags), answer out (lib_id, name, version,
 *	totals)
 * @func_room: how many function records the caller wants
 * @link_room: how many link records the caller wants
 * @snap: out: the records, in memory the caller frees with kvfree()
 *
 * The records are copied here, under the lock, so that the caller can
 * copy them to user space without it.
 *
 * Context: process context, takes bpflib_lock (killable).
 * Return: 0, -ENOENT if there is no (next) library, -ENOMEM, -EINTR.
 */
int bpflib_lib_info(struct bpflib_lib_info *info, u32 func_room, u32 link_room,
		    struct bpflib_info_snap *snap)
{
	static u32 bpflib_seen_gen;	/* under bpflib_lock */
	struct bpflib_lib *lib;
	struct bpflib_link *l;
	LIST_HEAD(dead);
	u32 i, n = 0;
	int err;

	memset(snap, 0, sizeof(*snap));
	err = mutex_lock_killable(&bpflib_lock);
	if (err)
		return err;
	bpflib_gc_locked(&dead);
	lib = info->flags & BPFLIB_INFO_F_NEXT ? bpflib_lib_next(info->lib_id) :
						  bpflib_lib_find(info->lib_id);
	if (!lib) {
		err = -ENOENT;
		goto unlock;
	}
	snap->nr_funcs = min(func_room, lib->nr_funcs);
	snap->nr_links = min(link_room, lib->nr_links);
	snap->funcs = kvcalloc(snap->nr_funcs, sizeof(*snap->funcs), GFP_KERNEL_ACCOUNT);
	snap->links = kvcalloc(snap->nr_links, sizeof(*snap->links), GFP_KERNEL_ACCOUNT);
	if ((snap->nr_funcs && !snap->funcs) || (snap->nr_links && !snap->links)) {
		err = -ENOMEM;
		goto unlock;
	}
	for (i = 0; i < snap->nr_funcs; i++) {
		const struct bpflib_func *f = lib->funcs[i];
		struct bpflib_func_info *fi = &snap->funcs[i];

		strscpy(fi->name, f->name, sizeof(fi->name));
		fi->prog_id = f->prog->aux->id;
		fi->prog_type = f->prog->aux->saved_dst_prog_type;
		fi->attach_type = f->prog->aux->saved_dst_attach_type;
		fi->btf_id = f->prog->aux->func_info[0].type_id;
		fi->nr_links = f->nr_links;
	}
	/* Distinct consumers: each is counted at its first link seen now. */
	bpflib_seen_gen++;
	info->nr_consumers = 0;
	list_for_each_entry(l, &lib->links, lib_node) {
		if (l->consumer->seen != bpflib_seen_gen) {
			l->consumer->seen = bpflib_seen_gen;
			info->nr_consumers++;
		}
		if (n < snap->nr_links) {
			snap->links[n].link_id = l->link ? l->link->id : 0;
			snap->links[n].consumer_id = l->consumer->id;
			snap->links[n].consumer_btf_id = l->btf_id;
			snap->links[n].func_idx = l->func ? l->func->idx : BPFLIB_FUNC_IDX_NONE;
			strscpy(snap->links[n].func_name, l->name,
				sizeof(snap->links[n].func_name));
			n++;
		}
	}
	info->lib_id = lib->id;
	strscpy(info->name, lib->name, sizeof(info->name));
	info->version = lib->version;
	info->nr_funcs = lib->nr_funcs;
	info->nr_links = lib->nr_links;
	info->obj_size = lib->obj ? lib->obj->size : 0;
	info->nr_maps = lib->nr_maps;
	info->owner = from_kuid(&init_user_ns, lib->owner);
unlock:
	mutex_unlock(&bpflib_lock);
	bpflib_links_put(&dead);
	if (err) {
		kvfree(snap->funcs);
		kvfree(snap->links);
		memset(snap, 0, sizeof(*snap));
	}
	return err;
}

/**
 * bpflib_registry_show() - the text view of the registry, for /proc/bpflib
 * @m: seq_file to print to
 *
 * Context: process context, takes bpflib_lock (killable); prints to
 * @m's kernel buffer only.
 */
void bpflib_registry_show(struct seq_file *m)
{
	const struct bpflib_link *l;
	const struct bpflib_func *f;
	struct bpflib_lib *lib;
	LIST_HEAD(dead);
	int id;
	u32 i;

	if (mutex_lock_killable(&bpflib_lock))
		return;
	bpflib_gc_locked(&dead);
	idr_for_each_entry(&bpflib_libs, lib, id) {
		if (!lib->live)
			continue;
		seq_printf(m, "library %s %u.%u.%u id %u funcs %u links %u owner %u object %u\n",
			   lib->name, lib->version.major, lib->version.minor,
			   lib->version.patch, lib->id, lib->nr_funcs,
			   lib->nr_links, from_kuid(&init_user_ns, lib->owner),
			   lib->obj ? lib->obj->size : 0);
		for (i = 0; i < lib->nr_funcs; i++) {
			f = lib->funcs[i];
			seq_printf(m, "\tfunc %s prog_type %u attach_type %u prog %u btf_id %u links %u\n",
				   f->name, f->prog->aux->saved_dst_prog_type,
				   f->prog->aux->saved_dst_attach_type,
				   f->prog->aux->id,
				   f->prog->aux->func_info[0].type_id,
				   f->nr_links);
		}
		list_for_each_entry(l, &lib->links, lib_node)
			seq_printf(m, "\tconsumer prog %u name %s import btf_id %u -> %s link %u%s\n",
				   l->consumer->id, l->consumer->prog->aux->name,
				   l->btf_id, l->name, l->link ? l->link->id : 0,
				   l->link ? "" : " static");
	}
	mutex_unlock(&bpflib_lock);
	bpflib_links_put(&dead);
}

/**
 * bpflib_registry_exit() - tear down at module unload
 *
 * Every live library holds a module reference and every consumer link
 * belongs to one, so the registry is empty by the time this runs.
 *
 * Context: module exit.
 */
void bpflib_registry_exit(void)
{
	cancel_delayed_work_sync(&bpflib_gc_work);
	WARN_ON(!idr_is_empty(&bpflib_libs));
	WARN_ON(!xa_empty(&bpflib_funcs));
	WARN_ON(!xa_empty(&bpflib_consumers));
	WARN_ON(!xa_empty(&bpflib_hosts));
	WARN_ON(!xa_empty(&bpflib_quotas));
	idr_destroy(&bpflib_libs);
}
