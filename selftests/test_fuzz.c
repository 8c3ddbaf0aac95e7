// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl ABI under fire: every command from several threads at once,
 * with structured and random input (sizes in the command number and in
 * records, flags, reserved and out fields, names, pointers of every kind,
 * fds of every kind), while another thread links, runs, unlinks and
 * detaches consumers and reopens the device.  Oracles:
 *  - every call returns 0 or an errno documented for it;
 *  - no call takes longer than a bound;
 *  - no call that fails with EFAULT has changed the registry;
 *  - everything created is released at the end (the fixture's check).
 * Bounded in time (BPFLIB_FUZZ_SECONDS, 15 by default); prints the calls
 * made and the errnos seen.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

#define NR_THREADS	4
#define SLOW_NS		2000000000LL	/* TCG is slow; no call may take 2 s */
#define MAX_ERRNO	140

/* The commands, 0 and the last being none, and the errnos each may return. */
static const struct {
	const char *name;
	unsigned int cmd;
	const int *errnos;
} cmds[] = {
	{ "none", _IO(BPFLIB_IOC_MAGIC, 0), (const int[]){ ENOTTY, 0 } },
	{ "lib_add", BPFLIB_IOC_LIB_ADD, (const int[]){ EINVAL, E2BIG, EFAULT, EEXIST, EBUSY,
		EACCES, EBADF, ENOMEM, ENOSPC, EDQUOT, 0 } },
	{ "lib_del", BPFLIB_IOC_LIB_DEL, (const int[]){ EINVAL, E2BIG, EFAULT, ENOENT, EBUSY,
		EACCES, 0 } },
	{ "lookup", BPFLIB_IOC_LOOKUP, (const int[]){ EINVAL, E2BIG, EFAULT, ENOENT, EBADF, 0 } },
	{ "link_add", BPFLIB_IOC_LINK_ADD, (const int[]){ EINVAL, E2BIG, EFAULT, ENOENT, EEXIST,
		EACCES, EBADF, ENOMEM, EDQUOT, 0 } },
	{ "unlink", BPFLIB_IOC_UNLINK, (const int[]){ EINVAL, E2BIG, EFAULT, ENOENT, EACCES, 0 } },
	{ "lib_info", BPFLIB_IOC_LIB_INFO, (const int[]){ EINVAL, E2BIG, EFAULT, ENOENT, ENOMEM, 0 } },
	{ "funcs_add", BPFLIB_IOC_FUNCS_ADD, (const int[]){ EINVAL, E2BIG, EFAULT, ENOENT, EEXIST,
		EBUSY, EACCES, EBADF, ENOMEM, ELOOP, 0 } },
	{ "lib_obj", BPFLIB_IOC_LIB_OBJ, (const int[]){ EINVAL, E2BIG, EFAULT, ENOENT, 0 } },
	{ "static_add", BPFLIB_IOC_STATIC_ADD, (const int[]){ EINVAL, E2BIG, EFAULT, ENOENT,
		EEXIST, EACCES, EBADF, ENOMEM, ELOOP, EDQUOT, 0 } },
	{ "fd_get", BPFLIB_IOC_FD_GET, (const int[]){ EINVAL, E2BIG, EFAULT, ENOENT, EACCES,
		EMFILE, 0 } },
	{ "none", _IO(BPFLIB_IOC_MAGIC, 11), (const int[]){ ENOTTY, 0 } },
};
#define NR_CMDS ((int)ARRAY_SIZE(cmds))

/* What the fuzzing threads pick from. */
struct pool {
	int dev;
	int fds[16];			/* programs, extensions, maps, links, files */
	int nr_fds;
	char *unmapped;			/* PROT_NONE */
	/*
	 * Each thread's own memory: with one scratch area for all, a struct
	 * another thread rewrote during the call could carry a pointer made
	 * of halves of two good ones, to anywhere.
	 */
	struct {
		char *rw;		/* 64 KiB of writable memory, then a guard page */
		struct bpf_object *consumer;
		int link;		/* an freplace link into it, not handed over */
		char *ro;		/* a read-only page */
		char *edge;		/* a page followed by a PROT_NONE page */
	} t[NR_THREADS];
	__u32 lib;			/* testlib 1.0 */
	volatile bool stop;
};

struct stats {
	long calls[NR_CMDS];
	long errnos[MAX_ERRNO];
	long bad_errno, slow, efault_effects, churn_bad;
	long long max_ns;
	char first_bad[256];
};

static struct pool pool;

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static bool allowed(int c, int err)
{
	const int *e;

	if (!err || err == EINTR || err == ENOTTY)
		return true;	/* ENOTTY: a direction or size the command does not take */
	for (e = cmds[c].errnos; *e; e++)
		if (*e == err)
			return true;
	return false;
}

/* Where a struct or array lives: memory of every kind. */
static void *pick_ptr(unsigned int *seed, int tid, size_t len)
{
	switch (rand_r(seed) % 16) {
	case 0:
		return NULL;
	case 1:
		return pool.t[tid].ro;
	case 2:		/* straddles the guard page */
		return pool.t[tid].edge + 4096 - (len && len < 4096 ? len / 2 : 64);
	case 3:
		return pool.unmapped;
	case 4:
		return (void *)0xffff888000000000UL;		/* the kernel's */
	case 5:
		return pool.t[tid].rw + 1;			/* misaligned */
	default:
		return pool.t[tid].rw + 8 * (rand_r(seed) % 1024);
	}
}

/* Leave @p alone if it points where the fuzzer may be written to; else out of user space. */
static void safe_ptr(__u64 *p, int tid)
{
	unsigned long v = *p;

	/*
	 * Kernel addresses are safe.  Not everything above x86-64's 47 bits:
	 * arm64 user space reaches 48 bits, thread stacks at its top.
	 */
	if (!v || v >= 0xffff000000000000UL ||
	    (v >= (unsigned long)pool.t[tid].rw && v < (unsigned long)pool.t[tid].rw + 65536) ||
	    (v >= (unsigned long)pool.t[tid].ro && v < (unsigned long)pool.t[tid].ro + 3 * 4096) ||
	    (v >= (unsigned long)pool.unmapped && v < (unsigned long)pool.unmapped + 4096))
		return;
	*p = v | 0xffff800000000000UL;
}

static int pick_fd(unsigned int *seed, int tid)
{
	switch (rand_r(seed) % 8) {
	case 0:
		return rand_r(seed) % 2048;			/* anything, closed or not */
	case 1:
	case 2:
		return pool.t[tid].link;
	default:
		return pool.fds[rand_r(seed) % pool.nr_fds];
	}
}

static __u32 pick_size(unsigned int *seed, __u32 good)
{
	switch (rand_r(seed) % 10) {
	case 0:
		return rand_r(seed);
	case 1:
		return good + rand_r(seed) % 16 - 8;
	case 2:
		return 4097;
	default:
		return good;
	}
}

static void pick_name(unsigned int *seed, char *name, size_t len, const char *good)
{
	size_t i, n;

	switch (rand_r(seed) % 6) {
	case 0:
		n = rand_r(seed) % len;
		for (i = 0; i < n; i++)
			name[i] = rand_r(seed) % 255 + 1;
		name[n] = '\0';
		break;
	case 1:
		memset(name, 'a', len);				/* no NUL */
		break;
	default:
		snprintf(name, len, "%s", good);
	}
}

/*
 * A struct for command @c: a valid one, with fields of it made wrong.
 * Returns whether a library name is the unique one it was meant to be.
 */
static bool build(unsigned int *seed, int c, char *buf, int tid, long serial)
{
	char good[BPFLIB_NAME_LEN];
	struct bpflib_func_desc *d;
	bool unique = false;
	unsigned int i, n;

	memset(buf, 0, 512);
	switch (c) {
	case 1: {
		struct bpflib_lib_add *r = (void *)buf;

		snprintf(good, sizeof(good), "fuzz%d_%ld", tid, serial);
		pick_name(seed, r->name, sizeof(r->name), good);
		unique = !strcmp(r->name, good);
		r->version.major = rand_r(seed) % 3;
		r->nr_funcs = rand_r(seed) % 4 ? 1 + rand_r(seed) % 3 : rand_r(seed);
		r->func_rec_size = pick_size(seed, sizeof(*d));
		d = (void *)(pool.t[tid].rw + 32768);
		n = r->nr_funcs < 3 ? r->nr_funcs : 3;
		for (i = 0; i < n; i++) {
			pick_name(seed, d[i].name, sizeof(d[i].name), "tl_scale");
			d[i].prog_fd = pick_fd(seed, tid);
		}
		r->funcs = (__u64)(unsigned long)(rand_r(seed) % 4 ? (void *)d :
						   pick_ptr(seed, tid, sizeof(*d)));
		break;
	}
	case 2: {
		struct bpflib_lib_del *r = (void *)buf;

		r->lib_id = rand_r(seed) % 3 ? rand_r(seed) % 64 : rand_r(seed);
		break;
	}
	case 3: {
		struct bpflib_lookup *r = (void *)buf;

		pick_name(seed, r->lib_name, sizeof(r->lib_name), "testlib");
		pick_name(seed, r->func_name, sizeof(r->func_name), "tl_scale");
		r->version.major = 1;
		r->prog_type = rand_r(seed) % 4 ? BPF_PROG_TYPE_XDP : rand_r(seed) % 40;
		r->attach_type = BPF_XDP;
		if (rand_r(seed) % 2) {
			r->flags = BPFLIB_LOOKUP_F_CONSUMER;
			r->consumer_fd = pick_fd(seed, tid);
		}
		break;
	}
	case 4: {
		struct bpflib_link_add *r = (void *)buf;

		r->link_fd = pick_fd(seed, tid);
		break;
	}
	case 5: {
		struct bpflib_unlink *r = (void *)buf;

		r->consumer_id = rand_r(seed) % 256;
		break;
	}
	case 6: {
		struct bpflib_lib_info *r = (void *)buf;

		r->lib_id = rand_r(seed) % 32;
		r->flags = rand_r(seed) % 2 ? BPFLIB_INFO_F_NEXT : 0;
		r->nr_funcs = rand_r(seed) % 4 ? rand_r(seed) % 8 : rand_r(seed);
		r->func_rec_size = pick_size(seed, sizeof(struct bpflib_func_info));
		r->funcs = (__u64)(unsigned long)pick_ptr(seed, tid, 512);
		r->nr_links = rand_r(seed) % 4 ? rand_r(seed) % 8 : rand_r(seed);
		r->link_rec_size = pick_size(seed, sizeof(struct bpflib_link_info));
		r->links = (__u64)(unsigned long)pick_ptr(seed, tid, 512);
		break;
	}
	case 7: {
		struct bpflib_funcs_add *r = (void *)buf;

		r->lib_id = rand_r(seed) % 4 ? pool.lib : rand_r(seed) % 64;
		r->nr_funcs = rand_r(seed) % 4 ? 1 + rand_r(seed) % 3 : rand_r(seed);
		r->func_rec_size = pick_size(seed, sizeof(*d));
		d = (void *)(pool.t[tid].rw + 32768);
		n = r->nr_funcs < 3 ? r->nr_funcs : 3;
		for (i = 0; i < n; i++) {
			pick_name(seed, d[i].name, sizeof(d[i].name), "tl_scale");
			d[i].prog_fd = pick_fd(seed, tid);
		}
		r->funcs = (__u64)(unsigned long)(rand_r(seed) % 4 ? (void *)d :
						   pick_ptr(seed, tid, sizeof(*d)));
		break;
	}
	case 8: {
		struct bpflib_lib_obj *r = (void *)buf;

		r->lib_id = rand_r(seed) % 4 ? pool.lib : rand_r(seed) % 64;
		r->size = rand_r(seed) % 4 ? rand_r(seed) % 8192 : rand_r(seed);
		r->buf = (__u64)(unsigned long)pick_ptr(seed, tid, 4096);
		break;
	}
	case 9: {
		struct bpflib_static_add *r = (void *)buf;

		r->prog_fd = pick_fd(seed, tid);
		r->prog_type = rand_r(seed) % 4 ? BPF_PROG_TYPE_XDP : rand_r(seed) % 40;
		r->lib_id = rand_r(seed) % 4 ? pool.lib : rand_r(seed) % 64;
		r->btf_id = rand_r(seed) % 64;
		pick_name(seed, r->func_name, sizeof(r->func_name), "tl_scale");
		break;
	}
	case 10: {
		struct bpflib_fd_get *r = (void *)buf;

		r->lib_id = rand_r(seed) % 4 ? pool.lib : rand_r(seed) % 64;
		r->flags = rand_r(seed) % 2 ? BPFLIB_FD_F_MAP : 0;
		r->idx = rand_r(seed) % 4 ? rand_r(seed) % 4 : rand_r(seed);
		break;
	}
	}
	/* Sometimes a flag, a reserved word or any byte at all. */
	if (!(rand_r(seed) % 8))
		buf[rand_r(seed) % 200] ^= 1 << (rand_r(seed) % 8);
	if (!(rand_r(seed) % 64)) {
		for (i = 0; i < 512; i++)
			buf[i] = rand_r(seed);
		unique = false;
	}
	if (unique && buf[0] != good[0])
		unique = false;		/* the bit flip above hit the name */
	/*
	 * The kernel writes where the pointer fields point: a mutated one
	 * could aim at this process's own stack.  Only memory it can afford
	 * to lose, or addresses that are not user memory at all.
	 */
	switch (c) {
	case 1:
		safe_ptr(&((struct bpflib_lib_add *)buf)->funcs, tid);
		break;
	case 6:
		safe_ptr(&((struct bpflib_lib_info *)buf)->funcs, tid);
		safe_ptr(&((struct bpflib_lib_info *)buf)->links, tid);
		break;
	case 7:
		safe_ptr(&((struct bpflib_funcs_add *)buf)->funcs, tid);
		break;
	case 8:
		safe_ptr(&((struct bpflib_lib_obj *)buf)->buf, tid);
		break;
	}
	return unique && !strcmp(buf, good);
}

/* Is a library of that name registered, or a link of that id held? */
static bool registered(int dev, const char *name, __u32 link_id)
{
	struct bpflib_link_info links[64];
	struct bpflib_lib_info q = { .flags = BPFLIB_INFO_F_NEXT };
	__u32 i;

	for (;;) {
		q.nr_links = 64;
		q.link_rec_size = sizeof(links[0]);
		q.links = (__u64)(unsigned long)links;
		q.nr_funcs = 0;
		if (ioctl(dev, BPFLIB_IOC_LIB_INFO, &q))
			return false;
		if (name && !strncmp(q.name, name, sizeof(q.name)))
			return true;
		for (i = 0; link_id && i < q.nr_links && i < 64; i++)
			if (links[i].link_id == link_id)
				return true;
		q.flags = BPFLIB_INFO_F_NEXT;
	}
}

struct worker {
	int tid;
	struct stats st;
};

static void note_bad(struct stats *st, const char *fmt, ...)
{
	va_list ap;

	if (st->first_bad[0])
		return;
	va_start(ap, fmt);
	vsnprintf(st->first_bad, sizeof(st->first_bad), fmt, ap);
	va_end(ap);
}

/*
 * Put the struct where @where says: memory that cannot take the answer
 * (read-only), that ends in the middle of it (a guard page follows), or
 * anywhere in the scratch area.
 */
static void *place(int tid, void *where, const char *buf, size_t size)
{
	char *ro = pool.t[tid].ro, *edge = pool.t[tid].edge;

	if (where == ro) {
		mprotect(ro, 4096, PROT_READ | PROT_WRITE);
		memcpy(ro, buf, size < 4096 ? size : 4096);
		mprotect(ro, 4096, PROT_READ);
	} else if ((char *)where > edge && (char *)where < edge + 4096) {
		memcpy(where, buf, edge + 4096 - (char *)where);
	} else if ((char *)where >= pool.t[tid].rw && (char *)where < pool.t[tid].rw + 65536) {
		/* Never a struct the fuzzer did not make: its pointers are checked. */
		memcpy(where, buf, size < 512 ? size : 512);
	}
	return where;
}

static void *fuzz(void *arg)
{
	struct worker *w = arg;
	struct stats *st = &w->st;
	unsigned int seed = 0x5eed + w->tid;
	char name[BPFLIB_NAME_LEN];
	long serial = 0;
	char *buf;

	buf = aligned_alloc(64, 4096);
	while (buf && !pool.stop) {
		int c = rand_r(&seed) % NR_CMDS, err, dir;
		unsigned int cmd = cmds[c].cmd, size = _IOC_SIZE(cmd);
		struct bpf_link_info li = {};
		__u32 li_len = sizeof(li), link_id = 0;
		void *where = buf;
		bool unique;
		long long t;

		unique = build(&seed, c, buf, w->tid, serial++);
		memcpy(name, buf, sizeof(name));
		/* The thread's own link, when the registry does not hold it yet. */
		if (c == 4 && ((struct bpflib_link_add *)buf)->link_fd == pool.t[w->tid].link &&
		    !bpf_obj_get_info_by_fd(pool.t[w->tid].link, &li, &li_len) &&
		    !registered(pool.dev, NULL, li.id))
			link_id = li.id;
		/* Sizes, directions and places of every kind. */
		switch (rand_r(&seed) % 12) {
		case 0:
			size = rand_r(&seed) % 300;
			break;
		case 1:
			size += rand_r(&seed) % 32 - 16;
			break;
		case 2:
		case 3:
			where = place(w->tid, pick_ptr(&seed, w->tid, size), buf, size);
			break;
		}
		dir = rand_r(&seed) % 16 ? _IOC_DIR(cmd) : rand_r(&seed) % 4;
		cmd = _IOC(dir, BPFLIB_IOC_MAGIC, _IOC_NR(cmd), size & _IOC_SIZEMASK);

		t = now_ns();
		err = ioctl(pool.dev, cmd, where) ? errno : 0;
		t = now_ns() - t;

		st->calls[c]++;
		st->errnos[err < MAX_ERRNO ? err : 0]++;
		if (t > st->max_ns)
			st->max_ns = t;
		if (t > SLOW_NS) {
			st->slow++;
			note_bad(st, "%s took %lld ms", cmds[c].name, t / 1000000);
		}
		if (!allowed(c, err)) {
			st->bad_errno++;
			note_bad(st, "%s (size %u, dir %d) returned errno %d", cmds[c].name,
				 size, dir, err);
		}
		/* An fd handed out is the caller's to close; it was written where asked. */
		if (!err && c == 10 && _IOC_NR(cmd) == 10 && (dir & _IOC_READ) &&
		    size >= sizeof(struct bpflib_fd_get))
			close(((struct bpflib_fd_get *)where)->fd);
		if (!err && c == 1 && where == buf) {
			struct bpflib_lib_del del = { .lib_id = ((struct bpflib_lib_add *)buf)->lib_id };

			/* Half the libraries go at once, half stay for the others to find. */
			if (rand_r(&seed) % 2)
				ioctl(pool.dev, BPFLIB_IOC_LIB_DEL, &del);
		}
		/* EFAULT must leave no trace: names and links here are this thread's own. */
		if (err == EFAULT && c == 1 && unique && registered(pool.dev, name, 0)) {
			st->efault_effects++;
			note_bad(st, "lib_add failed with EFAULT, and '%s' is registered", name);
		}
		if (err == EFAULT && c == 4 && link_id && registered(pool.dev, NULL, link_id)) {
			st->efault_effects++;
			note_bad(st, "link_add failed with EFAULT, and link %u is held", link_id);
		}
	}
	free(buf);
	return NULL;
}

/* Beside the fuzzing: link, run, unlink, detach, reopen. */
static void *churn(void *arg)
{
	struct stats *st = arg;
	__u8 pkt[64] = {};
	long n = 0;

	while (!pool.stop) {
		struct bpflib_registry *reg = bpflib_registry__open(NULL);
		struct bpf_object *obj = load_obj("consumer");
		struct bpflib_library_info *li;
		long long r;
		__u32 i;
		int fd;

		if (!reg || !obj) {
			st->churn_bad++;
			note_bad(st, "churn: cannot open the registry or load a consumer");
			bpflib_registry__close(reg);
			bpf_object__close(obj);
			break;
		}
		if (bpflib_object__link(reg, obj, NULL) >= 0) {
			r = test_run(prog_fd(obj, "xdp_scale"), pkt, sizeof(pkt));
			/* The library's answer, or the stub's if a fuzzer unlinked it. */
			if (r != 64 * 3 + 1000 && r != 0) {
				st->churn_bad++;
				note_bad(st, "churn: a consumer answered %lld", r);
			}
			switch (n++ % 3) {
			case 0:
				bpflib_prog__unlink(reg, prog_fd(obj, "xdp_all"));
				break;
			case 1:	/* BPF_LINK_DETACH on a link the registry holds */
				li = bpflib_registry__library_info(reg, pool.lib, 0);
				for (i = 0; li && i < li->info.nr_links; i++) {
					fd = bpf_link_get_fd_by_id(li->links[i].link_id);
					if (fd >= 0) {
						bpf_link_detach(fd);
						close(fd);
						break;
					}
				}
				bpflib_library_info__free(li);
				break;
			}
		}
		bpf_object__close(obj);
		bpflib_registry__close(reg);
	}
	return NULL;
}

FIXTURE(fuzz) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
	struct bpf_object *consumer;
};

FIXTURE_SETUP(fuzz)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts);
	int lib, ext, i, pipefd[2];
	char *p;

	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg);
	memset(&pool, 0, sizeof(pool));
	pool.dev = bpflib_registry__fd(self->reg);
	pool.lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(pool.lib, 0);
	/* Extensions: a registered one, and free ones (their library unloaded). */
	pool.fds[pool.nr_fds++] = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, pool.lib,
							"tl_scale", BPF_PROG_TYPE_XDP));
	lib = load_lib(self->reg, "testlib_v1_1");
	ASSERT_GT(lib, 0);
	for (i = 0; i < 2; i++)
		pool.fds[pool.nr_fds++] = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, lib,
			"tl_scale", i ? BPF_PROG_TYPE_SCHED_CLS : BPF_PROG_TYPE_XDP));
	ASSERT_EQ(0, bpflib_library__unload(self->reg, lib));
	/* Consumers, a map, BTF, an XDP link, files. */
	self->consumer = load_obj("consumer");
	ASSERT_NE(NULL, self->consumer);
	pool.fds[pool.nr_fds++] = prog_fd(self->consumer, "xdp_scale");
	pool.fds[pool.nr_fds++] = prog_fd(self->consumer, "tc_scale");
	pool.fds[pool.nr_fds++] = bpf_map_create(BPF_MAP_TYPE_ARRAY, "fuzz", 4, 4, 1, NULL);
	pool.fds[pool.nr_fds++] = btf__fd(bpf_object__btf(self->consumer));
	pool.fds[pool.nr_fds++] = bpf_link_create(prog_fd(self->consumer, "xdp_plain"), 1,
						  BPF_XDP, NULL);
	pool.fds[pool.nr_fds++] = open("/dev/null", O_RDONLY);
	ASSERT_EQ(0, pipe(pipefd));
	pool.fds[pool.nr_fds++] = pipefd[0];
	pool.fds[pool.nr_fds++] = pipefd[1];
	pool.fds[pool.nr_fds++] = pool.dev;
	for (i = 0; i < pool.nr_fds; i++)
		ASSERT_GE(pool.fds[i], 0) TH_LOG("pool fd %d", i);
	/* For each thread, a consumer and an freplace link into it of its own. */
	ext = pool.fds[0];
	for (i = 0; i < NR_THREADS; i++) {
		pool.t[i].consumer = load_obj("consumer");
		ASSERT_NE(NULL, pool.t[i].consumer);
		opts.target_btf_id = btf__find_by_name_kind(bpf_object__btf(pool.t[i].consumer),
							    "tl_scale", BTF_KIND_FUNC);
		pool.t[i].link = bpf_link_create(ext, prog_fd(pool.t[i].consumer, "xdp_scale"),
						 0, &opts);
		ASSERT_GE(pool.t[i].link, 0);
		p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ASSERT_NE(MAP_FAILED, p);
		pool.t[i].ro = p;
		mprotect(p, 4096, PROT_READ);
		pool.t[i].edge = p + 4096;
		mprotect(p + 2 * 4096, 4096, PROT_NONE);
		/* Records the kernel writes past its end fault on a guard page. */
		p = mmap(NULL, 65536 + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
		ASSERT_NE(MAP_FAILED, p);
		mprotect(p + 65536, 4096, PROT_NONE);
		pool.t[i].rw = p;
	}
	/*
	 * Faults like unmapped memory, but stays reserved: a page munmap()ed
	 * here could be a thread's stack by the time the kernel writes to it.
	 */
	pool.unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, pool.unmapped);
}

FIXTURE_TEARDOWN_PARENT(fuzz)
{
	BPFLIB_TEARDOWN(&self->ids);
}

TEST_F_TIMEOUT(fuzz, ioctls, 600)
{
	int secs = getenv("BPFLIB_FUZZ_SECONDS") ? atoi(getenv("BPFLIB_FUZZ_SECONDS")) : 15;
	struct worker w[NR_THREADS] = {};
	struct stats cs = {}, total = {};
	pthread_t t[NR_THREADS], ct;
	char line[1024];
	long calls = 0;
	int i, e;
	size_t len;

	for (i = 0; i < NR_THREADS; i++) {
		w[i].tid = i;
		ASSERT_EQ(0, pthread_create(&t[i], NULL, fuzz, &w[i]));
	}
	ASSERT_EQ(0, pthread_create(&ct, NULL, churn, &cs));
	sleep(secs);
	pool.stop = true;
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(t[i], NULL);
	pthread_join(ct, NULL);

	for (i = 0; i < NR_THREADS; i++) {
		struct stats *st = &w[i].st;

		for (e = 0; e < NR_CMDS; e++)
			total.calls[e] += st->calls[e];
		for (e = 0; e < MAX_ERRNO; e++)
			total.errnos[e] += st->errnos[e];
		total.bad_errno += st->bad_errno;
		total.slow += st->slow;
		total.efault_effects += st->efault_effects;
		if (st->max_ns > total.max_ns)
			total.max_ns = st->max_ns;
		if (!total.first_bad[0])
			strcpy(total.first_bad, st->first_bad);
	}
	for (e = 0; e < NR_CMDS; e++)
		calls += total.calls[e];
	printf("# fuzz: %ld calls in %d s from %d threads, slowest %lld us\n", calls, secs,
	       NR_THREADS, total.max_ns / 1000);
	len = 0;
	for (e = 1; e < NR_CMDS - 1; e++)
		len += snprintf(line + len, sizeof(line) - len, " %s %ld", cmds[e].name,
				total.calls[e]);
	printf("# fuzz: by command:%s; unknown %ld\n", line, total.calls[0] + total.calls[NR_CMDS - 1]);
	len = 0;
	for (e = 0; e < MAX_ERRNO; e++)
		if (total.errnos[e])
			len += snprintf(line + len, sizeof(line) - len, " %s %ld",
					e ? strerrorname_np(e) : "ok", total.errnos[e]);
	printf("# fuzz: results:%s\n", line);
	printf("# fuzz: undocumented errnos %ld, calls over %lld s %ld, EFAULT with effects %ld, churn faults %ld\n",
	       total.bad_errno, SLOW_NS / 1000000000, total.slow, total.efault_effects,
	       cs.churn_bad);
	if (total.first_bad[0] || cs.first_bad[0])
		printf("# fuzz: first fault: %s\n", total.first_bad[0] ? total.first_bad : cs.first_bad);
	EXPECT_LT(1000, calls);
	EXPECT_EQ(0, total.bad_errno);
	EXPECT_EQ(0, total.slow);
	EXPECT_EQ(0, total.efault_effects);
	EXPECT_EQ(0, cs.churn_bad);
	for (i = 0; i < NR_THREADS; i++) {
		close(pool.t[i].link);
		bpf_object__close(pool.t[i].consumer);
	}
	bpf_object__close(self->consumer);
}

TEST_HARNESS_MAIN
