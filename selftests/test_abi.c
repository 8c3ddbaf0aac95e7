// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl ABI of /dev/bpflib, called directly: every command, and every
 * way of getting one wrong.  A bad call must fail with its documented
 * errno and change nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <sys/ioctl.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

/* The ABI is frozen: these sizes are part of it. */
_Static_assert(sizeof(struct bpflib_version) == 8, "abi");
_Static_assert(sizeof(struct bpflib_func_desc) == 72, "abi");
_Static_assert(sizeof(struct bpflib_lib_add) == 104, "abi");
_Static_assert(sizeof(struct bpflib_lib_del) == 8, "abi");
_Static_assert(sizeof(struct bpflib_lookup) == 168, "abi");
_Static_assert(sizeof(struct bpflib_link_add) == 16, "abi");
_Static_assert(sizeof(struct bpflib_unlink) == 8, "abi");
_Static_assert(sizeof(struct bpflib_func_info) == 88, "abi");
_Static_assert(sizeof(struct bpflib_link_info) == 16, "abi");
_Static_assert(sizeof(struct bpflib_lib_info) == 120, "abi");

FIXTURE(abi) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
	int dev;
	int lib;		/* testlib 1.0, loaded the normal way */
	int ext;		/* its tl_scale for XDP */
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
	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg);
	self->dev = bpflib_registry__fd(self->reg);
	self->lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(self->lib, 0);
	self->ext = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, self->lib, "tl_scale",
							   BPF_PROG_TYPE_XDP));
	ASSERT_GE(self->ext, 0);
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
					      sizeof(struct bpflib_lib_info) - 8), buf));
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

	raw_add(&req, &d, self->ext);
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_GT(req.lib_id, self->lib);
	EXPECT_EQ(2, nr_libs(self->dev));
	/* The registry holds its own reference: our fd is not needed. */
	del.lib_id = req.lib_id;
	EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_DEL, &del));
	EXPECT_EQ(ENOENT, ioc(self->dev, BPFLIB_IOC_LIB_DEL, &del));
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
		raw_add(&req, &d, self->ext);
		strcpy(req.name, bad_libs[i]);
		EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req)) TH_LOG("'%s'", bad_libs[i]);
	}
	for (i = 0; i < ARRAY_SIZE(bad_funcs); i++) {
		raw_add(&req, &d, self->ext);
		strcpy(d.name, bad_funcs[i]);
		EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req)) TH_LOG("'%s'", bad_funcs[i]);
	}
	/* No terminating NUL within the field. */
	raw_add(&req, &d, self->ext);
	memset(req.name, 'a', sizeof(req.name));
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->ext);
	memset(d.name, 'a', sizeof(d.name));
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	/* A name that is not the program's. */
	raw_add(&req, &d, self->ext);
	strcpy(d.name, "tl_pair_sum");
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(1, nr_libs(self->dev));
}

TEST_F(abi, add_reserved_and_flags)
{
	struct bpflib_func_desc d;
	struct bpflib_lib_add req;

	raw_add(&req, &d, self->ext);
	req.flags = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->ext);
	req.__reserved = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->ext);
	req.version.__pad = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->ext);
	req.lib_id = 5;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->ext);
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

	raw_add(&req, &d, self->ext);
	req.nr_funcs = 0;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->ext);
	req.nr_funcs = BPFLIB_MAX_FUNCS + 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->ext);
	req.func_rec_size = sizeof(d) - 4;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	raw_add(&req, &d, self->ext);
	req.funcs = 0;
	EXPECT_EQ(EFAULT, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(1, nr_libs(self->dev));

	/* Larger records from a newer caller: their tails must be zero. */
	raw_add(&req, &big.d, self->ext);
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
	raw_add(&req, &d, dup(self->ext));
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

	raw_add(&req, &d[0], self->ext);
	d[1] = d[0];
	req.nr_funcs = 2;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	req.nr_funcs = 1;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	req.lib_id = 0;
	EXPECT_EQ(EEXIST, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	req.version.patch = 1;
	EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_LIB_ADD, &req));
	EXPECT_EQ(3, nr_libs(self->dev));
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

	/* Out fields must come in zero. */
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LOOKUP, &q));
	q.lib_id = q.prog_id = 0;
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
	req.link_id = req.consumer_id = 0;
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

	raw_add(&req, &d, self->ext);
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
	q.nr_consumers = 1;
	EXPECT_EQ(EINVAL, ioc(self->dev, BPFLIB_IOC_LIB_INFO, &q));
	q.nr_consumers = 0;
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
	if (ioc(dev, BPFLIB_IOC_LIB_INFO, &q) || strcmp(q.name, "testlib"))
		return 15;
	return 0;
}

static int open_dev(void *p)
{
	return open("/dev/bpflib", O_RDWR) < 0 && errno == EACCES ? 0 : 21;
}

TEST_F(abi, unprivileged_callers)
{
	struct unpriv_arg a = { .ext = self->ext, .lib = self->lib };

	EXPECT_EQ(0, run_unprivileged(unprivileged_calls, &a));
	EXPECT_EQ(0, run_as_nobody(open_dev, NULL));
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

TEST_HARNESS_MAIN
