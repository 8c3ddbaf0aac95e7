// SPDX-License-Identifier: GPL-2.0
/*
 * Who may change what (uapi/linux/bpflib.h, "Who may change what"): a
 * library name belongs to the uid that registered it first, a consumer's
 * links to the uid that linked it, and only they, or an administrator,
 * may change them.  Callers of other uids and capability sets, and from a
 * user namespace, through the raw ioctls.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

#define CAPS_BPF	(1ULL << CAP_BPF)
#define CAPS_ADMIN	(1ULL << CAP_BPF | 1ULL << CAP_SYS_ADMIN)

FIXTURE(owner) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
	int dev;
	int lib;		/* testlib 1.0, root's */
	int ext[2];		/* tl_scale programs no library has */
	struct bpf_object *consumer;
};

/* What a child needs: the device (opened as root) and the fds. */
struct ctx {
	int dev;
	int ext[2];
	__u32 lib;
	__u32 consumer_id;
	int link;		/* an freplace link into the consumer, not handed over */
};

static struct ctx ctx;

static int ioc(int dev, unsigned long cmd, void *arg)
{
	return ioctl(dev, cmd, arg) ? errno : 0;
}

static int add(int dev, const char *name, __u16 minor, int ext, __u32 *id)
{
	struct bpflib_func_desc d = { .prog_fd = ext };
	struct bpflib_lib_add req = {
		.version = { .major = 1, .minor = minor },
		.nr_funcs = 1,
		.func_rec_size = sizeof(d),
		.funcs = (__u64)(unsigned long)&d,
	};
	int err;

	strcpy(req.name, name);
	strcpy(d.name, "tl_scale");
	err = ioc(dev, BPFLIB_IOC_LIB_ADD, &req);
	if (!err && id)
		*id = req.lib_id;
	return err;
}

static int del(int dev, __u32 id)
{
	struct bpflib_lib_del req = { .lib_id = id };

	return ioc(dev, BPFLIB_IOC_LIB_DEL, &req);
}

FIXTURE_SETUP(owner)
{
	int lib, i;

	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg);
	self->dev = bpflib_registry__fd(self->reg);
	self->lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(self->lib, 0);
	for (i = 0; i < 2; i++) {
		lib = load_lib(self->reg, i ? "testlib_v2_0" : "testlib_v1_1");
		ASSERT_GT(lib, 0);
		self->ext[i] = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, lib, "tl_scale",
								      BPF_PROG_TYPE_XDP));
		ASSERT_GE(self->ext[i], 0);
		ASSERT_EQ(0, bpflib_library__unload(self->reg, lib));
	}
	self->consumer = load_obj("consumer");
	ASSERT_NE(NULL, self->consumer);

	ctx = (struct ctx){ .dev = self->dev, .ext = { self->ext[0], self->ext[1] },
			    .lib = self->lib, .link = -1 };
	ctx.consumer_id = prog_id(prog_fd(self->consumer, "xdp_all"));
}

FIXTURE_TEARDOWN_PARENT(owner)
{
	BPFLIB_TEARDOWN(&self->ids);
}

static int shadow_and_delete(void *p)
{
	if (add(ctx.dev, "testlib", 5, ctx.ext[0], NULL) != EACCES)
		return 10;
	if (del(ctx.dev, ctx.lib) != EACCES)
		return 11;
	return 0;
}

/* Another uid, with CAP_BPF, can neither shadow root's library nor delete it. */
TEST_F(owner, another_uid_cannot_shadow_or_delete)
{
	EXPECT_EQ(0, run_as(1000, CAPS_BPF, false, shadow_and_delete, NULL));
	EXPECT_EQ(0, add(self->dev, "testlib", 5, self->ext[0], NULL));
}

static __u32 mine[2];

static int own_names(void *p)
{
	if (add(ctx.dev, "mine", 0, ctx.ext[0], &mine[0]) ||
	    add(ctx.dev, "mine", 1, ctx.ext[1], &mine[1]))
		return 20;
	return del(ctx.dev, mine[0]) ? 21 : 0;
}

static int others_names(void *p)
{
	return del(ctx.dev, mine[1]) == EACCES ? 0 : 30;
}

/* A uid's own names: it may add versions and delete them; another uid may not. */
TEST_F(owner, a_uid_owns_its_names)
{
	char buf[8192];
	ssize_t n;
	int fd;

	ASSERT_EQ(0, run_as(1000, CAPS_BPF, false, own_names, NULL));
	/* The child's ids: the second version stayed. */
	fd = open("/proc/bpflib", O_RDONLY);
	ASSERT_GE(fd, 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ASSERT_GT(n, 0);
	buf[n] = '\0';
	EXPECT_NE(NULL, strstr(buf, "library mine 1.1.0 id")) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "owner 1000")) TH_LOG("%s", buf);
	mine[1] = bpflib_library__find(self->reg, "mine", "1.1.0");
	ASSERT_GT(mine[1], 0);
	EXPECT_EQ(0, run_as(2000, CAPS_BPF, false, others_names, NULL));
	/* Root is an administrator: it may. */
	EXPECT_EQ(0, del(self->dev, mine[1]));
}

static int admin_shadows(void *p)
{
	__u32 id;

	if (add(ctx.dev, "testlib", 5, ctx.ext[0], &id))
		return 40;
	return del(ctx.dev, id) ? 41 : 0;
}

/* CAP_SYS_ADMIN in the initial namespace may change what is another's. */
TEST_F(owner, an_administrator_may)
{
	EXPECT_EQ(0, run_as(1000, CAPS_ADMIN, false, admin_shadows, NULL));
}

static int others_consumer(void *p)
{
	struct bpflib_unlink u = { .consumer_id = ctx.consumer_id };
	struct bpflib_link_add l = { .link_fd = ctx.link };

	if (ioc(ctx.dev, BPFLIB_IOC_UNLINK, &u) != EACCES)
		return 50;
	if (ioc(ctx.dev, BPFLIB_IOC_LINK_ADD, &l) != EACCES)
		return 51;
	return 0;
}

/* A consumer's links belong to whoever linked it. */
TEST_F(owner, a_consumer_belongs_to_its_linker)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts);
	struct bpflib_link_add l = {};
	struct bpflib_unlink u = {};
	int ext, link;

	ext = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, self->lib, "tl_scale",
						     BPF_PROG_TYPE_XDP));
	ASSERT_GE(ext, 0);
	opts.target_btf_id = btf__find_by_name_kind(bpf_object__btf(self->consumer), "tl_scale",
						    BTF_KIND_FUNC);
	link = bpf_link_create(ext, prog_fd(self->consumer, "xdp_all"), 0, &opts);
	ASSERT_GE(link, 0);
	l.link_fd = link;
	ASSERT_EQ(0, ioc(self->dev, BPFLIB_IOC_LINK_ADD, &l));
	close(link);
	close(ext);

	/* Another import of the same consumer, for the other uid to try. */
	ext = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, self->lib, "tl_xdp_len",
						     BPF_PROG_TYPE_XDP));
	ASSERT_GE(ext, 0);
	opts.target_btf_id = btf__find_by_name_kind(bpf_object__btf(self->consumer), "tl_xdp_len",
						    BTF_KIND_FUNC);
	ctx.link = bpf_link_create(ext, prog_fd(self->consumer, "xdp_all"), 0, &opts);
	ASSERT_GE(ctx.link, 0);
	EXPECT_EQ(0, run_as(1000, CAPS_BPF, false, others_consumer, NULL));
	close(ctx.link);
	close(ext);
	u.consumer_id = ctx.consumer_id;
	EXPECT_EQ(0, ioc(self->dev, BPFLIB_IOC_UNLINK, &u));
}

static int in_a_userns(void *p)
{
	struct bpflib_lib_info q = { .lib_id = ctx.lib };

	if (add(ctx.dev, "nslib", 0, ctx.ext[0], NULL) != EPERM)
		return 60;
	if (del(ctx.dev, ctx.lib) != EPERM)
		return 61;
	/* Reading is for everyone who has the device open. */
	return ioc(ctx.dev, BPFLIB_IOC_LIB_INFO, &q) || strcmp(q.name, "testlib") ? 62 : 0;
}

/* Root in a user namespace is capable there, not in the initial one: read only. */
TEST_F(owner, a_user_namespace_may_only_read)
{
	EXPECT_EQ(0, run_as(0, 0, true, in_a_userns, NULL));
}

TEST_HARNESS_MAIN
