// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl ABI of /dev/bpflib, called directly: every command, and every
 * way of getting one wrong.  A bad call must fail with its documented
 * errno and change nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <pthread.h>
#include <time.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

/* The ABI is frozen: these sizes are part of it. */
_Static_assert(sizeof(struct bpflib_version) == 8, "abi");
_Static_assert(sizeof(struct bpflib_func_desc) == 72, "abi");
_Static_assert(sizeof(struct bpflib_lib_add) == 136, "abi");
_Static_assert(BPFLIB_LIB_ADD_SIZE_VER0 == 104, "abi");
_Static_assert(BPFLIB_LIB_ADD_SIZE_VER1 == 120, "abi");
_Static_assert(sizeof(struct bpflib_lib_del) == 8, "abi");
_Static_assert(sizeof(struct bpflib_lookup) == 176, "abi");
_Static_assert(BPFLIB_LOOKUP_SIZE_VER0 == 168, "abi");
_Static_assert(sizeof(struct bpflib_link_add) == 16, "abi");
_Static_assert(sizeof(struct bpflib_unlink) == 8, "abi");
_Static_assert(sizeof(struct bpflib_func_info) == 88, "abi");
_Static_assert(sizeof(struct bpflib_link_info) == 80, "abi");
_Static_assert(BPFLIB_LINK_INFO_SIZE_VER0 == 16, "abi");
_Static_assert(sizeof(struct bpflib_lib_info) == 128, "abi");
_Static_assert(BPFLIB_LIB_INFO_SIZE_VER0 == 120, "abi");
_Static_assert(sizeof(struct bpflib_funcs_add) == 32, "abi");
_Static_assert(sizeof(struct bpflib_lib_obj) == 24, "abi");
_Static_assert(sizeof(struct bpflib_static_add) == 96, "abi");
_Static_assert(sizeof(struct bpflib_fd_get) == 16, "abi");

FIXTURE(abi) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
	int dev;
	int lib;		/* testlib 1.0, loaded the normal way */
	int ext;		/* its tl_scale for XDP */
	int free_ext;		/* a tl_scale for XDP that no library has */
};

static int nr_libs(int dev)
{
	struct bpflib_lib_info q = { .flags = BPFLIB_INFO_F_NEXT };
	int n = 0;

	while (!ioctl(dev, BPFLIB_IOC_LIB_INFO, &q)) {
		n++;
		q.nr_funcs = q.nr_links = q.nr_consumers = 0;
		q.flags = BPFLIB_INFO_F_NEXT;
	}
	return n;
}

FIXTURE_SETUP(abi)
{
	int lib;

	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg);
	self->dev = bpflib_registry__fd(self->reg);
	self->lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(self->lib, 0);
	self->ext = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, self->lib, "tl_scale",
							   BPF_PROG_TYPE_XDP));
	ASSERT_GE(self->ext, 0);
	/* testlib 1.1's, kept after 1.1 is unloaded. */
	lib = load_lib(self->reg, "testlib_v1_1");
	ASSERT_GT(lib, 0);
	self->free_ext = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, lib, "tl_scale",
								BPF_PROG_TYPE_XDP));
	ASSERT_GE(self->free_ext, 0);
	ASSERT_EQ(0, bpflib_library__unload(self->reg, lib));
}

FIXTURE_TEARDOWN_PARENT(abi)
{
	BPFLIB_TEARDOWN(&self->ids);
}

/* A valid registration of tl_scale as library "raw" 1.0.0. */
static void raw_add(struct bpflib_lib_add *req, struct bpflib_func_desc *d, int ext)
{
	memset(req, 0, sizeof(*req));
	memset(d, 0, sizeof(*d));
	strcpy(req->name, "raw");
	req->version.major = 1;
	req->nr_funcs = 1;
	req->func_rec_size = sizeof(*d);
	req->funcs = (__u64)(unsigned long)d;
	strcpy(d->name, "tl_scale");
	d->prog_fd = ext;
}

/* Run ioctl @cmd and return errno (0 on success). */
static int ioc(int dev, unsigned long cmd, void *arg)
{
	return ioctl(dev, cmd, arg) ? errno : 0;
}

TEST_F(abi, unknown_command_is_enotty)
{
	struct bpflib_lib_add req;

	EXPECT_EQ(ENOTTY, ioc(self->dev, _IO(BPFLIB_IOC_MAGIC, 0x40), NULL));
	EXPECT_EQ(ENOTTY, ioc(self->dev, _IO(BPFLIB_IOC_MAGIC, 0), NULL));
	EXPECT_EQ(ENOTTY, ioc(self->dev, _IOWR('x', 1, struct bpflib_lib_add), &req));
	/* The right number with the wrong direction. */
	EXPECT_EQ(ENOTTY, ioc(self->dev, _IOW(BPFLIB_IOC_MAGIC, 1, struct bpflib_lib_add), &req));
	EXPECT_EQ(ENOTTY, ioc(self->dev, _IO(BPFLIB_IOC_MAGIC, 2), NULL));
}

TEST_F(abi, truncated_struct_is_einval)
{
	char buf[256] = {};

	EXPECT_EQ(EINVAL, ioc(self->dev, _IOC(_IOC_READ | _IOC_WRITE, BPFLIB_IOC_MAGIC, 1, 8), buf));
	EXPECT_EQ(EINVAL, ioc(self->dev, _IOC(_IOC_READ | _IOC_WRITE, BPFLIB_IOC_MAGIC, 6,
					      BPFLIB_LIB_INFO_SIZE_VER0 - 8), buf));
	EXPECT_EQ(EINVAL, ioc(self->dev, _IOC(_IOC_READ | _IOC_WRITE, BPFLIB_IOC_MAGIC, 3,
					      BPFLIB_LOOKUP_SIZE_VER0 - 8), buf));
	EXPECT_EQ(EINVAL, ioc(self->dev, _IOC(_IOC_READ | _IOC_WRITE, BPFLIB_IOC_MAGIC, 10,
					      sizeof(struct bpflib_fd_get) - 4), buf));
	EXPECT_EQ(EINVAL, ioc(self->dev, _IOC(_IOC_WRITE, BPFLIB_IOC_MAGIC, 2, 4), buf));
	EXPECT_EQ(1, nr_libs(self->dev));
}

/* A newer caller's larger struct: fine if the extra bytes are zero. */
TEST_F(abi, larger_struct_needs_zero_tail)
{
	struct {
		struct bpflib_lib_info info;
		__u64 tail;
	} big = {};
	unsigned long cmd = _IOC(_IOC_READ | _IOC_WRITE, BPFLIB_IOC_MAGIC, 6, sizeof(big));

	big.info.lib_id = self->lib;
	EXPECT_EQ(0, ioc(self->dev, cmd, &big));
	EXPECT_STREQ("testlib", big.info.name);
	EXPECT_EQ(0, big.tail);
	big.tail = 1;
	EXPECT_EQ(E2BIG, ioc(self->dev, cmd, &big));
}

TEST_F(abi, add_and_delete)
{
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;
	struct bpflib_lib_del del = {};

	raw_add(&req, &d, self->free_ext);
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_GT(req.lib_id, self->lib);
	EXPECT_EQ(2, nr_libs(self->dev));
	/* The registry holds its own reference: our fd is not needed. */
	del.lib_id = req.lib_id;
	EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_DEL, &del));
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_LIB_DEL, &del));
	EXPECT_EQ(1, nr_libs(self->dev));
}

/* A caller built against the first header: no object, nothing kept. */
TEST_F(abi, add_with_the_first_struct_size)
{
	unsigned long cmd = _IOC(_IOC_READ | _IOC_WRITE, BPFLIB_IOC_MAGIC, 1,
				 BPFLIB_LIB_ADD_SIZE_VER0);
	struct bpflib_lib_info q = {};
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;

	raw_add(&req, &d, self->free_ext);
	req.obj = 1;		/* beyond the old size: not read */
	ASSERT_EQ(0, ioc(self->dev, cmd, &req));
	q.lib_id = req.lib_id;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	EXPECT_EQ(0, q.obj_size);
	EXPECT_EQ(2, nr_libs(self->dev));
}

/* The object kept with a library: sizes, bounds, and reading it back. */
TEST_F(abi, kept_object)
{
	static char elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	struct bpflib_lib_obj o = {};
	struct bpflib_lib_info q = {};
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;
	char back[128];

	/* Bad objects: nothing registered. */
	raw_add(&req, &d, self->free_ext);
	req.obj = (__u64)(unsigned long)elf;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));	/* no size */
	req.obj_size = 3;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));	/* no room for the magic */
	req.obj_size = BPFLIB_MAX_OBJ_SIZE + 1;
	EXPECT_EQ(E2BIG, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	req.obj_size = sizeof(elf);
	req.obj = (__u64)(unsigned long)"not an ELF object, but long enough for the magic, and more";
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	req.obj = 8;
	EXPECT_EQ(EFAULT, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	req.obj = 0;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));	/* a size, no object */
	raw_add(&req, &d, self->free_ext);
	req.__reserved2 = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(1, nr_libs(self->dev));

	raw_add(&req, &d, self->free_ext);
	req.obj = (__u64)(unsigned long)elf;
	req.obj_size = sizeof(elf);
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	q.lib_id = req.lib_id;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	EXPECT_EQ(sizeof(elf), q.obj_size);

	/* The size alone, then part of it, then all of it. */
	o.lib_id = req.lib_id;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_OBJ, &o));
	EXPECT_EQ(sizeof(elf), o.size);
	memset(back, 0x55, sizeof(back));
	o.buf = (__u64)(unsigned long)back;
	o.size = 4;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_OBJ, &o));
	EXPECT_EQ(sizeof(elf), o.size);
	EXPECT_EQ(0, memcmp(back, elf, 4));
	EXPECT_EQ(0x55, back[4]);
	o.size = sizeof(back);
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_OBJ, &o));
	EXPECT_EQ(0, memcmp(back, elf, sizeof(elf)));
	EXPECT_EQ(0x55, back[sizeof(elf)]);
	/* Bad requests. */
	o.buf = 8;
	EXPECT_EQ(EFAULT, ioc(self->dev, BPFLIB_IOC_LIB_OBJ, &o));
	o.buf = (__u64)(unsigned long)back;
	o.flags = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_OBJ, &o));
	o.flags = 0;
	o.__reserved = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_OBJ, &o));
	o.__reserved = 0;
	o.lib_id = 4242;
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_LIB_OBJ, &o));
	/* A library loaded the normal way keeps its file. */
	o.lib_id = self->lib;
	o.size = 0;
	o.buf = 0;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_OBJ, &o));
	EXPECT_LT(1000, o.size);
}

/*
 * testlib 1.1 loaded under @name, and unloaded again: its tl_scale for
 * XDP and for tc, with their maps, outlive it in @xdp and @tc.
 */
static void loose_instances(struct bpflib_registry *reg, const char *name, int *xdp, int *tc)
{
	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .name = name, .version = "1.1.0");
	int lib = bpflib_library__load(reg, bpf_obj("testlib_v1_1"), &opts);

	*xdp = *tc = -1;
	if (lib < 0)
		return;
	*xdp = bpf_prog_get_fd_by_id(lib_func_prog_id(reg, lib, "tl_scale", BPF_PROG_TYPE_XDP));
	*tc = bpf_prog_get_fd_by_id(lib_func_prog_id(reg, lib, "tl_scale",
						     BPF_PROG_TYPE_SCHED_CLS));
	bpflib_library__unload(reg, lib);
}

struct funcs_add_call {
	int dev;			/* the parent's, inherited */
	struct bpflib_funcs_add *req;
};

static int funcs_add_as_other(void *arg)
{
	struct funcs_add_call *call = arg;

	return ioctl(call->dev, BPFLIB_IOC_FUNCS_ADD, call->req) && errno == EACCES ? 0 : 1;
}

/* A copy of a library's function for another type joins it; nothing else does. */
TEST_F(abi, funcs_add_an_instance)
{
	struct bpflib_funcs_add req = { .nr_funcs = 1 };
	struct bpflib_func_desc d = { .name = "tl_scale" };
	struct bpflib_lib_info q = {};
	struct bpflib_func_info fi[2];
	struct bpflib_func_desc rd;
	struct bpflib_lib_add add;
	int t1_xdp, t1_tc, t2_xdp, t2_tc;

	loose_instances(self->reg, "t1", &t1_xdp, &t1_tc);
	loose_instances(self->reg, "t2", &t2_xdp, &t2_tc);
	ASSERT_GE(t1_tc, 0);
	ASSERT_GE(t2_tc, 0);
	/* "raw": t1's tl_scale for XDP. */
	raw_add(&add, &rd, t1_xdp);
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &add));
	req.lib_id = add.lib_id;
	req.func_rec_size = sizeof(d);
	req.funcs = (__u64)(unsigned long)&d;
	/* The same code with maps of its own (t2's): refused. */
	d.prog_fd = t2_tc;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_FUNCS_ADD, &req));
	/* Other code (testlib 1.0's, in a library already). */
	d.prog_fd = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, self->lib, "tl_scale",
							   BPF_PROG_TYPE_SCHED_CLS));
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_FUNCS_ADD, &req));
	close(d.prog_fd);
	/* Another uid with CAP_BPF: not the owner. */
	d.prog_fd = t1_tc;
	EXPECT_EQ(0, run_as(1000, 1ULL << CAP_BPF, false, funcs_add_as_other,
			    &(struct funcs_add_call){ self->dev, &req }));
	/* t1's own copy for tc: joins. */
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_FUNCS_ADD, &req));
	EXPECT_EQ(EEXIST, ioc(self->dev, BPFLIB_IOC_FUNCS_ADD, &req));
	q.lib_id = add.lib_id;
	q.nr_funcs = 2;
	q.func_rec_size = sizeof(fi[0]);
	q.funcs = (__u64)(unsigned long)fi;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	ASSERT_EQ(2, q.nr_funcs);
	EXPECT_EQ(BPF_PROG_TYPE_XDP, fi[0].prog_type);
	EXPECT_EQ(BPF_PROG_TYPE_SCHED_CLS, fi[1].prog_type);
	EXPECT_EQ(prog_id(t1_tc), fi[1].prog_id);
	close(t1_xdp);
	close(t1_tc);
	close(t2_xdp);
	close(t2_tc);
}

/* Functions added to a library must be copies of its own, for new types. */
TEST_F(abi, funcs_add_takes_only_instances)
{
	struct bpflib_funcs_add req = { .lib_id = self->lib, .nr_funcs = 1 };
	struct bpflib_func_desc d = { .name = "tl_scale" };

	req.func_rec_size = sizeof(d);
	req.funcs = (__u64)(unsigned long)&d;
	/* testlib 1.1's tl_scale: the same name and type, other code. */
	d.prog_fd = self->free_ext;
	EXPECT_EQ(EEXIST, ioc(self->dev, BPFLIB_IOC_FUNCS_ADD, &req));	/* XDP is served */
	/* Its own tl_scale again. */
	d.prog_fd = self->ext;
	EXPECT_EQ(EEXIST, ioc(self->dev, BPFLIB_IOC_FUNCS_ADD, &req));
	req.lib_id = 4242;
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_FUNCS_ADD, &req));
	req.lib_id = self->lib;
	req.flags = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_FUNCS_ADD, &req));
	req.flags = 0;
	req.__reserved = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_FUNCS_ADD, &req));
	req.__reserved = 0;
	req.nr_funcs = 0;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_FUNCS_ADD, &req));
	req.nr_funcs = 1;
	req.func_rec_size = 4;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_FUNCS_ADD, &req));
	req.func_rec_size = sizeof(d);
	d.prog_fd = 1000;
	EXPECT_EQ(EBADF, ioc(self->dev, BPFLIB_IOC_FUNCS_ADD, &req));
	EXPECT_EQ(1, nr_libs(self->dev));
}

TEST_F(abi, add_bad_names)
{
	static const char *const bad_libs[] = { "", "a/b", "a b", "lib\n" };
	static const char *const bad_funcs[] = { "", "1abc", "a-b", "a.b" };
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_libs); i++) {
		raw_add(&req, &d, self->free_ext);
		strcpy(req.name, bad_libs[i]);
		EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req)) TH_LOG("'%s'", bad_libs[i]);
	}
	for (i = 0; i < ARRAY_SIZE(bad_funcs); i++) {
		raw_add(&req, &d, self->free_ext);
		strcpy(d.name, bad_funcs[i]);
		EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req)) TH_LOG("'%s'", bad_funcs[i]);
	}
	/* No terminating NUL within the field. */
	raw_add(&req, &d, self->free_ext);
	memset(req.name, 'a', sizeof(req.name));
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->free_ext);
	memset(d.name, 'a', sizeof(d.name));
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	/* A name that is not the program's. */
	raw_add(&req, &d, self->free_ext);
	strcpy(d.name, "tl_pair_sum");
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(1, nr_libs(self->dev));
}

TEST_F(abi, add_reserved_and_flags)
{
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;

	raw_add(&req, &d, self->free_ext);
	req.flags = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->free_ext);
	req.__reserved = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->free_ext);
	req.version.__pad = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->free_ext);
	d.flags = 0x80000000;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(1, nr_libs(self->dev));
}

TEST_F(abi, add_bad_counts_and_sizes)
{
	struct {
		struct bpflib_func_desc d;
		__u64 tail;
	} big = {};
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;

	raw_add(&req, &d, self->free_ext);
	req.nr_funcs = 0;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->free_ext);
	req.nr_funcs = BPFLIB_MAX_FUNCS + 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->free_ext);
	req.func_rec_size = sizeof(d) - 4;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->free_ext);
	req.funcs = 0;
	EXPECT_EQ(EFAULT, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(1, nr_libs(self->dev));

	/* Larger records from a newer caller: their tails must be zero. */
	raw_add(&req, &big.d, self->free_ext);
	req.func_rec_size = sizeof(big);
	big.tail = 7;
	EXPECT_EQ(E2BIG, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	big.tail = 0;
	EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(2, nr_libs(self->dev));
}

TEST_F(abi, add_bad_fds)
{
	struct bpf_object *obj = load_obj("consumer");
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;
	int null_fd = open("/dev/null", O_RDONLY);
	int map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "m", 4, 4, 1, NULL);

	ASSERT_NE(NULL, obj);
	ASSERT_GE(null_fd, 0);
	ASSERT_GE(map_fd, 0);
	raw_add(&req, &d, null_fd);
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, map_fd);
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, 1000);
	EXPECT_EQ(EBADF, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	/* A program, but not an extension. */
	raw_add(&req, &d, prog_fd(obj, "xdp_scale"));
	strcpy(d.name, "xdp_scale");
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	/* A stale fd: the extension is gone, the number is not. */
	raw_add(&req, &d, dup(self->free_ext));
	close(d.prog_fd);
	EXPECT_EQ(EBADF, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(1, nr_libs(self->dev));
	close(null_fd);
	close(map_fd);
	bpf_object__close(obj);
}

TEST_F(abi, add_duplicates)
{
	struct bpflib_func_desc d[2];
	struct bpflib_lib_add req;

	raw_add(&req, &d[0], self->free_ext);
	d[1] = d[0];
	req.nr_funcs = 2;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	req.nr_funcs = 1;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(EEXIST, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	/* Another version, but the same program: it is 1.0.0's already. */
	req.version.patch = 1;
	EXPECT_EQ(EBUSY, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(2, nr_libs(self->dev));
}

TEST_F(abi, delete_errors)
{
	struct bpflib_lib_del del = { .lib_id = 999999 };

	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_LIB_DEL, &del));
	del.lib_id = 0;
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_LIB_DEL, &del));
	del.lib_id = self->lib;
	del.flags = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_DEL, &del));
	EXPECT_EQ(1, nr_libs(self->dev));
}

TEST_F(abi, lookup)
{
	struct bpf_object *obj = load_obj("consumer");
	struct bpflib_lookup q = {};

	ASSERT_NE(NULL, obj);
	strcpy(q.lib_name, "testlib");
	strcpy(q.func_name, "tl_scale");
	q.version.major = 1;
	q.prog_type = BPF_PROG_TYPE_XDP;
	q.attach_type = BPF_XDP;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LOOKUP, &q));
	EXPECT_EQ(self->lib, q.lib_id);
	EXPECT_EQ(prog_id(self->ext), q.prog_id);
	EXPECT_EQ(1, q.found.major);

	/* Out fields are ignored on input: the same struct works again. */
	EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_LOOKUP, &q));
	EXPECT_EQ(prog_id(self->ext), q.prog_id);
	q.version.major = 2;
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_LOOKUP, &q));
	q.version.major = 1;
	q.attach_type = 0;	/* an XDP program loaded without BPF_XDP */
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_LOOKUP, &q));

	/* The consumer's own expected attach type. */
	q.flags = BPFLIB_LOOKUP_F_CONSUMER;
	q.consumer_fd = prog_fd(obj, "xdp_scale");
	EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_LOOKUP, &q));
	EXPECT_EQ(BPF_XDP, q.attach_type);
	q.lib_id = q.prog_id = 0;
	q.prog_type = BPF_PROG_TYPE_SCHED_CLS;	/* not that program's type */
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LOOKUP, &q));

	q.flags = 0;		/* consumer_fd without the flag */
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LOOKUP, &q));
	q.consumer_fd = 0;
	q.flags = 1 << 7;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LOOKUP, &q));
	q.flags = 0;
	strcpy(q.func_name, "not a name");
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LOOKUP, &q));
	bpf_object__close(obj);
}

/* An freplace link from @ext into the consumer's tl_scale. */
static int freplace_link(int ext, struct bpf_object *obj, const char *prog)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts);

	opts.target_btf_id = btf__find_by_name_kind(bpf_object__btf(obj), "tl_scale",
						    BTF_KIND_FUNC);
	return bpf_link_create(ext, prog_fd(obj, prog), 0, &opts);
}

TEST_F(abi, link_add)
{
	struct bpf_object *obj = load_obj("consumer");
	struct bpflib_link_add req = {};
	__u8 pkt[64] = {};
	int link;

	ASSERT_NE(NULL, obj);
	link = freplace_link(self->ext, obj, "xdp_scale");
	ASSERT_GE(link, 0);
	req.link_fd = link;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LINK_ADD, &req));
	EXPECT_EQ(prog_id(prog_fd(obj, "xdp_scale")), req.consumer_id);
	EXPECT_NE(0, req.link_id);
	/* Passed again as it came back (out fields and all): EEXIST. */
	EXPECT_EQ(EEXIST, ioc(self->dev, BPFLIB_IOC_LINK_ADD, &req));
	close(link);
	/* The registry keeps the link, and so the library's code, in place. */
	EXPECT_EQ(64 * 3 + 1000, test_run(prog_fd(obj, "xdp_scale"), pkt, sizeof(pkt)));

	req.link_fd = link;
	req.flags = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LINK_ADD, &req));
	bpf_object__close(obj);
}

TEST_F(abi, link_add_errors)
{
	struct bpf_object *obj = load_obj("consumer");
	struct bpflib_link_add req = {};
	struct bpflib_lib_del del = { .lib_id = self->lib };
	int link;

	ASSERT_NE(NULL, obj);
	req.link_fd = prog_fd(obj, "xdp_scale");	/* a program, not a link */
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LINK_ADD, &req));
	req.link_fd = 1000;
	EXPECT_EQ(EBADF, ioc(self->dev, BPFLIB_IOC_LINK_ADD, &req));

	/* A link, but an XDP one. */
	link = bpf_link_create(prog_fd(obj, "xdp_plain"), 1, BPF_XDP, NULL);
	ASSERT_GE(link, 0);
	req.link_fd = link;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LINK_ADD, &req));
	close(link);

	/* An freplace link whose program no library has (any more). */
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_DEL, &del));
	link = freplace_link(self->ext, obj, "xdp_scale");
	ASSERT_GE(link, 0);
	req.link_fd = link;
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_LINK_ADD, &req));
	close(link);
	EXPECT_EQ(0, nr_libs(self->dev));
	bpf_object__close(obj);
}

/* A static record: held like a link, listed with link id 0, dropped by unlink. */
TEST_F(abi, static_add)
{
	struct bpf_object *obj = load_obj("consumer");
	struct bpflib_static_add req = {
		.prog_type = BPF_PROG_TYPE_XDP, .lib_id = self->lib, .func_name = "tl_scale",
	};
	struct bpflib_lib_del del = { .lib_id = self->lib };
	struct bpflib_link_info links[4];
	struct bpflib_lib_info q = {
		.lib_id = self->lib, .nr_links = 4, .link_rec_size = sizeof(links[0]),
		.links = (__u64)(unsigned long)links,
	};
	struct bpflib_unlink u = {};
	int stub, main_fn;

	ASSERT_NE(NULL, obj);
	/* A record names one of the consumer's own functions by its type id. */
	stub = btf__find_by_name_kind(bpf_object__btf(obj), "tl_scale", BTF_KIND_FUNC);
	main_fn = btf__find_by_name_kind(bpf_object__btf(obj), "xdp_scale", BTF_KIND_FUNC);
	ASSERT_GT(stub, 0);
	ASSERT_GT(main_fn, 0);
	req.btf_id = stub;
	req.prog_fd = prog_fd(obj, "xdp_scale");
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	EXPECT_EQ(prog_id(req.prog_fd), req.consumer_id);
	/* Passed again as it came back: EEXIST. */
	EXPECT_EQ(EEXIST, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	ASSERT_EQ(1, q.nr_links);
	EXPECT_EQ(0, links[0].link_id);
	EXPECT_EQ(req.consumer_id, links[0].consumer_id);
	EXPECT_EQ(stub, links[0].consumer_btf_id);
	EXPECT_STREQ("tl_scale", links[0].func_name);
	EXPECT_NE(BPFLIB_FUNC_IDX_NONE, links[0].func_idx);
	EXPECT_EQ(1, q.nr_consumers);
	/* One record per function of the consumer: another name there is EEXIST. */
	strcpy(req.func_name, "tl_unserved");
	EXPECT_EQ(EEXIST, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	/* A copy of a function the library serves no type with: no index. */
	req.btf_id = main_fn;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	/* Callers of 0.3 ask with 16-byte records, and get those. */
	memset(links, 0xff, sizeof(links));
	q.nr_links = 4;
	q.link_rec_size = BPFLIB_LINK_INFO_SIZE_VER0;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	ASSERT_EQ(2, q.nr_links);
	EXPECT_EQ(req.consumer_id, ((struct bpflib_link_info *)((char *)links + 16))->consumer_id);
	EXPECT_EQ(BPFLIB_FUNC_IDX_NONE, ((struct bpflib_link_info *)((char *)links + 16))->func_idx);
	EXPECT_EQ(0xff, (__u8)((char *)links)[32]);	/* nothing past two records */
	q.link_rec_size = 12;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	/* It holds the library... */
	EXPECT_EQ(EBUSY, ioc(self->dev, BPFLIB_IOC_LIB_DEL, &del));
	/* ...and the program, until unlinked. */
	u.consumer_id = req.consumer_id;
	EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_UNLINK, &u));
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_UNLINK, &u));
	bpf_object__close(obj);
	EXPECT_EQ(0, wait_prog_gone(u.consumer_id, 5000));
	EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_DEL, &del));
}

TEST_F(abi, static_add_errors)
{
	struct bpf_object *obj = load_obj("consumer");
	struct bpflib_static_add req, good = {
		.prog_type = BPF_PROG_TYPE_XDP, .lib_id = self->lib, .func_name = "tl_scale",
	};
	int map;

	ASSERT_NE(NULL, obj);
	good.prog_fd = prog_fd(obj, "xdp_scale");
	good.btf_id = btf__find_by_name_kind(bpf_object__btf(obj), "tl_scale", BTF_KIND_FUNC);
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 4, 1, NULL);
	ASSERT_GE(map, 0);

	req = good;
	req.flags = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	req = good;
	req.__reserved[1] = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	req = good;
	strcpy(req.func_name, "1bad");
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	/* A type id that is none of the program's functions: no record to trust. */
	req = good;
	req.btf_id = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	req.btf_id = 0x7fffffff;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	/* Not the program's type; the library's own function; a map; no fd at all. */
	req = good;
	req.prog_type = BPF_PROG_TYPE_SCHED_CLS;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	req = good;
	req.prog_fd = self->ext;
	req.prog_type = BPF_PROG_TYPE_EXT;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	req = good;
	req.prog_fd = map;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	req = good;
	req.prog_fd = 1000;
	EXPECT_EQ(EBADF, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	/* No such library. */
	req = good;
	req.lib_id = 999999;
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_STATIC_ADD, &req));
	/* None of it left a record, or a reference. */
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_UNLINK,
			      &(struct bpflib_unlink){ .consumer_id = prog_id(good.prog_fd) }));
	close(map);
	bpf_object__close(obj);
}

TEST_F(abi, unlink_errors)
{
	struct bpflib_unlink u = { .consumer_id = 999999 };

	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_UNLINK, &u));
	u.flags = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_UNLINK, &u));
}

TEST_F(abi, info)
{
	struct bpflib_func_info funcs[8];
	struct bpflib_lib_info q = {};
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;
	__u32 i;

	raw_add(&req, &d, self->free_ext);
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));

	/* Iterate: testlib, then raw, then nothing. */
	q.flags = BPFLIB_INFO_F_NEXT;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	EXPECT_EQ(self->lib, q.lib_id);
	EXPECT_STREQ("testlib", q.name);
	/* tl_scale and tl_pair_sum for both types, tl_xdp_len for XDP */
	EXPECT_EQ(5, q.nr_funcs);
	q.nr_funcs = q.nr_links = q.nr_consumers = 0;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	EXPECT_EQ(req.lib_id, q.lib_id);
	q.nr_funcs = q.nr_links = q.nr_consumers = 0;
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));

	/* Less room than records: fill what fits, report the total. */
	memset(&q, 0, sizeof(q));
	memset(funcs, 0xff, sizeof(funcs));
	q.lib_id = self->lib;
	q.nr_funcs = 2;
	q.func_rec_size = sizeof(funcs[0]);
	q.funcs = (__u64)(unsigned long)funcs;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	EXPECT_EQ(5, q.nr_funcs);
	for (i = 0; i < 2; i++) {
		EXPECT_NE(0, funcs[i].prog_id);
		EXPECT_EQ(0, funcs[i].__pad);
	}
	EXPECT_EQ(0xffffffff, funcs[2].prog_id);

	memset(&q, 0, sizeof(q));
	q.lib_id = self->lib;
	q.flags = 1 << 5;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	q.flags = 0;
	q.nr_consumers = 1;	/* out: ignored */
	EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	q.nr_funcs = 1;
	q.func_rec_size = 8;
	q.funcs = (__u64)(unsigned long)funcs;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	q.lib_id = 999999;
	q.func_rec_size = sizeof(funcs[0]);
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
}

struct unpriv_arg {
	int ext;
	__u32 lib;
};

/* Without CAP_BPF or CAP_SYS_ADMIN: reads work, changes do not. */
static int unprivileged_calls(void *p)
{
	struct unpriv_arg *a = p;
	struct bpflib_lib_del del = { .lib_id = a->lib };
	struct bpflib_link_add link = { .link_fd = a->ext };
	struct bpflib_unlink u = { .consumer_id = 1 };
	struct bpflib_static_add st = {
		.prog_fd = a->ext, .prog_type = BPF_PROG_TYPE_XDP, .lib_id = a->lib,
		.func_name = "tl_scale",
	};
	struct bpflib_lib_info q = { .lib_id = a->lib };
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;
	int dev = open("/dev/bpflib", O_RDWR);

	if (dev < 0)
		return 10;
	raw_add(&req, &d, a->ext);
	if (ioc(dev, BPFLIB_IOC_LIB_ADD, &req) != EPERM)
		return 11;
	if (ioc(dev, BPFLIB_IOC_LIB_DEL, &del) != EPERM)
		return 12;
	if (ioc(dev, BPFLIB_IOC_LINK_ADD, &link) != EPERM)
		return 13;
	if (ioc(dev, BPFLIB_IOC_UNLINK, &u) != EPERM)
		return 14;
	if (ioc(dev, BPFLIB_IOC_STATIC_ADD, &st) != EPERM)
		return 16;
	if (ioc(dev, BPFLIB_IOC_LIB_INFO, &q) || strcmp(q.name, "testlib"))
		return 15;
	return 0;
}

/* Anyone may open the device (mode 0666); each command checks the caller. */
static int open_dev(void *p)
{
	const struct unpriv_arg *a = p;
	struct bpflib_lib_info q = { .lib_id = a->lib };
	struct bpflib_fd_get g = { .lib_id = a->lib };
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;
	int dev = open("/dev/bpflib", O_RDWR);

	if (dev < 0)
		return 20;
	raw_add(&req, &d, a->ext);
	if (ioc(dev, BPFLIB_IOC_LIB_ADD, &req) != EPERM)
		return 21;
	if (ioc(dev, BPFLIB_IOC_FD_GET, &g) != EPERM)
		return 22;
	return ioc(dev, BPFLIB_IOC_LIB_INFO, &q) || strcmp(q.name, "testlib") ? 23 : 0;
}

TEST_F(abi, unprivileged_callers)
{
	struct unpriv_arg a = { .ext = self->ext, .lib = self->lib };

	EXPECT_EQ(0, run_unprivileged(unprivileged_calls, &a));
	EXPECT_EQ(0, run_as_nobody(open_dev, &a));
	EXPECT_EQ(1, nr_libs(self->dev));
}

/* The text view names the library, its functions and its consumers. */
TEST_F(abi, proc_view)
{
	struct bpf_object *obj = load_obj("consumer");
	char buf[8192], want[128];
	ssize_t n;
	int fd;

	ASSERT_NE(NULL, obj);
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(obj, "xdp_scale"), NULL));
	fd = open("/proc/bpflib", O_RDONLY);
	ASSERT_GE(fd, 0);
	n = read(fd, buf, sizeof(buf) - 1);
	ASSERT_GT(n, 0);
	buf[n] = '\0';
	close(fd);
	snprintf(want, sizeof(want), "library testlib 1.0.0 id %d funcs 5 links 1", self->lib);
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("%s", buf);
	snprintf(want, sizeof(want), "func tl_scale prog_type %d attach_type %d prog %u",
		 BPF_PROG_TYPE_XDP, BPF_XDP, prog_id(self->ext));
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("%s", buf);
	snprintf(want, sizeof(want), "consumer prog %u name xdp_scale",
		 prog_id(prog_fd(obj, "xdp_scale")));
	EXPECT_NE(NULL, strstr(buf, want)) TH_LOG("%s", buf);
	bpf_object__close(obj);
}


/* Record sizes are capped at a page: a huge one must not keep a CPU busy. */
TEST_F(abi, record_sizes_above_a_page_are_e2big)
{
	struct bpflib_func_info funcs[1];
	struct bpflib_lib_info q = {};
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;
	struct timespec a, b;
	long pagesz = sysconf(_SC_PAGESIZE);
	void *zeros;

	clock_gettime(CLOCK_MONOTONIC, &a);
	raw_add(&req, &d, self->free_ext);
	req.func_rec_size = pagesz + 1;
	EXPECT_EQ(E2BIG, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	/*
	 * 48 records of 4 GiB each, over zero pages: once a soft lockup of a
	 * minute (the lockup detector reports it in the debug lane).
	 */
	zeros = mmap(NULL, 1UL << 38, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ASSERT_NE(MAP_FAILED, zeros);
	raw_add(&req, &d, self->free_ext);
	req.funcs = (__u64)(unsigned long)zeros;
	req.nr_funcs = 48;
	req.func_rec_size = 0xffffffff;
	EXPECT_EQ(E2BIG, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	munmap(zeros, 1UL << 38);

	q.lib_id = self->lib;
	q.nr_funcs = 1;
	q.funcs = (__u64)(unsigned long)funcs;
	q.func_rec_size = pagesz + 8;
	EXPECT_EQ(E2BIG, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	q.func_rec_size = sizeof(funcs[0]);
	q.nr_links = 1000;
	q.links = (__u64)(unsigned long)funcs;
	q.link_rec_size = 0x80000000;
	EXPECT_EQ(E2BIG, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	clock_gettime(CLOCK_MONOTONIC, &b);
	EXPECT_GT(2, b.tv_sec - a.tv_sec);
	EXPECT_EQ(1, nr_libs(self->dev));
}

/* Names are ASCII: bytes 0x80-0xff are no letters, whatever Latin-1 says. */
TEST_F(abi, names_are_ascii)
{
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;
	int c, lib_ok, func_ok, n = 0;

	for (c = 1; c < 256; c++) {
		lib_ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
		raw_add(&req, &d, self->free_ext);
		req.name[3] = c;	/* "rawX" */
		req.name[4] = '\0';
		EXPECT_EQ(lib_ok ? 0 : EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req))
			TH_LOG("library name byte 0x%02x", c);
		if (lib_ok) {
			struct bpflib_lib_del del = { .lib_id = req.lib_id };

			EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_DEL, &del));
			n++;
		}
		func_ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_';
		if (func_ok)
			continue;
		raw_add(&req, &d, self->free_ext);
		d.name[8] = c;		/* "tl_scaleX" */
		d.name[9] = '\0';
		EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req))
			TH_LOG("function name byte 0x%02x", c);
	}
	EXPECT_EQ(65, n);
	EXPECT_EQ(1, nr_libs(self->dev));
}

/* A program is one function of one library: links are charged exactly. */
TEST_F(abi, one_program_is_one_function)
{
	struct bpflib_func_desc d[2];
	struct bpflib_lib_add req;

	/* testlib 1.0's own tl_scale, again under another library. */
	raw_add(&req, &d[0], self->ext);
	EXPECT_EQ(EBUSY, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	/* One program under two names of one library. */
	raw_add(&req, &d[0], self->free_ext);
	d[1] = d[0];
	strcpy(d[1].name, "tl_scale2");
	req.nr_funcs = 2;
	EXPECT_EQ(EBUSY, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(1, nr_libs(self->dev));
	/* Once it is in one library, no other may have it. */
	req.nr_funcs = 1;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	strcpy(req.name, "raw2");
	EXPECT_EQ(EBUSY, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(2, nr_libs(self->dev));
}

/* @len bytes that can be read but not written. */
static void *read_only(const void *src, size_t len)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memcpy(p, src, len);
	mprotect(p, 4096, PROT_READ);
	return p;
}

/* A caller that cannot take the answer gets EFAULT, and nothing happened. */
TEST_F(abi, efault_on_the_answer_changes_nothing)
{
	struct bpf_object *obj = load_obj("consumer");
	struct bpflib_link_add link_req = {};
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;
	__u8 pkt[64] = {};
	void *ro;
	int link;

	ASSERT_NE(NULL, obj);
	raw_add(&req, &d, self->free_ext);
	ro = read_only(&req, sizeof(req));
	ASSERT_NE(NULL, ro);
	EXPECT_EQ(EFAULT, ioc(self->dev, BPFLIB_IOC_LIB_ADD, ro));
	munmap(ro, 4096);
	EXPECT_EQ(1, nr_libs(self->dev));
	/* Not registered under an id the caller never learnt: a retry works. */
	EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(2, nr_libs(self->dev));

	link = freplace_link(self->ext, obj, "xdp_scale");
	ASSERT_GE(link, 0);
	link_req.link_fd = link;
	ro = read_only(&link_req, sizeof(link_req));
	ASSERT_NE(NULL, ro);
	EXPECT_EQ(EFAULT, ioc(self->dev, BPFLIB_IOC_LINK_ADD, ro));
	munmap(ro, 4096);
	close(link);
	/* The registry did not keep the link: the stub is back. */
	usleep(100 * 1000);
	EXPECT_EQ(0, test_run(prog_fd(obj, "xdp_scale"), pkt, sizeof(pkt)));
	bpf_object__close(obj);
}

struct stall {
	int dev;
	__u32 lib;
	void *page;		/* registered with userfaultfd, never filled */
	int result;
};

static void *stalled_info(void *p)
{
	struct stall *st = p;
	struct bpflib_lib_info q = { .lib_id = st->lib };

	q.nr_funcs = 1;
	q.func_rec_size = sizeof(struct bpflib_func_info);
	q.funcs = (__u64)(unsigned long)st->page;
	st->result = ioctl(st->dev, BPFLIB_IOC_LIB_INFO, &q) ? errno : 0;
	return NULL;
}

/* The kernel's hung-task timeout, if it has a detector and it is short (<= 30 s). */
static int hung_task_timeout(void)
{
	char buf[16] = "";
	int fd = open("/proc/sys/kernel/hung_task_timeout_secs", O_RDONLY), n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1) > 0 ? atoi(buf) : 0;
	close(fd);
	return n > 0 && n <= 30 ? n : 0;
}

/*
 * A caller whose page fault does not resolve (userfaultfd here; FUSE or
 * NFS in life) must not stall anybody else: the module copies to user
 * memory without its lock.
 */
TEST_F_TIMEOUT(abi, a_stalled_copy_blocks_nobody, 180)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = {};
	struct uffdio_zeropage zero = {};
	struct stall st = { .dev = self->dev, .lib = self->lib };
	struct bpflib_lib_info q = { .lib_id = self->lib };
	struct timespec a, b;
	char buf[4096];
	pthread_t t;
	int uffd, fd, stall;

	uffd = syscall(__NR_userfaultfd, O_CLOEXEC);
	if (uffd < 0)
		SKIP(return, "no userfaultfd in this kernel (%s)", strerror(errno));
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_API, &api));
	st.page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, st.page);
	reg.range.start = (unsigned long)st.page;
	reg.range.len = 4096;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_REGISTER, &reg));
	ASSERT_EQ(0, pthread_create(&t, NULL, stalled_info, &st));
	usleep(300 * 1000);	/* it is in the kernel now, faulting */
	/*
	 * Where the kernel reports tasks stuck waiting soon (the debug lane),
	 * stall long enough for it to look twice: a registry that waited for
	 * this caller would leave the ioctls below stuck, and be reported.
	 */
	stall = hung_task_timeout();
	if (stall)
		sleep(2 * stall + 2);

	clock_gettime(CLOCK_MONOTONIC, &a);
	EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	fd = open("/proc/bpflib", O_RDONLY);
	ASSERT_GE(fd, 0);
	EXPECT_LT(0, read(fd, buf, sizeof(buf)));
	close(fd);
	EXPECT_EQ(0, bpflib_library__unload(self->reg, 999999) == -ENOENT ? 0 : 1);
	clock_gettime(CLOCK_MONOTONIC, &b);
	EXPECT_GT(2, b.tv_sec - a.tv_sec) TH_LOG("the registry waited for a stalled caller");

	/* Let the stalled caller go. */
	zero.range = reg.range;
	EXPECT_EQ(0, ioctl(uffd, UFFDIO_ZEROPAGE, &zero));
	pthread_join(t, NULL);
	EXPECT_EQ(0, st.result);
	close(uffd);
	munmap(st.page, 4096);
}

TEST_HARNESS_MAIN
