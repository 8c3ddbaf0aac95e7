// SPDX-License-Identifier: GPL-2.0
/*
 * No call harms what it was not asked to touch.  Every call that takes a
 * program is given objects of every other kind, and every call is made to
 * fail after part of its work, each time with a bystander beside it: a
 * consumer of the same library and the same name, linked and running.
 * The bystander must come through untouched.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

FIXTURE(faults) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
	int lib;			/* testlib 1.0 */
	struct bpf_object *bystander;	/* "consumer", xdp_scale linked */
	int by_fd;
	__u32 by_id;
};

static int nr_links(struct bpflib_registry *reg, __u32 lib)
{
	struct bpflib_library_info *li = bpflib_registry__library_info(reg, lib, 0);
	int n = li ? (int)li->info.nr_links : -1;

	bpflib_library_info__free(li);
	return n;
}

static int nr_libs(struct bpflib_registry *reg)
{
	struct bpflib_library_info *li;
	__u32 id = 0;
	int n = 0;

	while ((li = bpflib_registry__library_info(reg, id, BPFLIB_INFO_F_NEXT))) {
		id = li->info.lib_id;
		bpflib_library_info__free(li);
		n++;
	}
	return n;
}

FIXTURE_SETUP(faults)
{
	__u8 pkt[64] = {};

	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg);
	self->lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(self->lib, 0);
	self->bystander = load_obj("consumer");
	ASSERT_NE(NULL, self->bystander);
	self->by_fd = prog_fd(self->bystander, "xdp_scale");
	self->by_id = prog_id(self->by_fd);
	ASSERT_EQ(1, bpflib_prog__link(self->reg, self->by_fd, NULL));
	ASSERT_EQ(64 * 3 + 1000, test_run(self->by_fd, pkt, sizeof(pkt)));
}

FIXTURE_TEARDOWN_PARENT(faults)
{
	BPFLIB_TEARDOWN(&self->ids);
}

/* The bystander still runs the library, and the registry still holds its link. */
#define EXPECT_BYSTANDER_OK() do {						\
		__u8 __pkt[64] = {};						\
		usleep(50 * 1000);	/* links are released from a workqueue */ \
		EXPECT_EQ(64 * 3 + 1000, test_run(self->by_fd, __pkt, sizeof(__pkt))); \
		EXPECT_EQ(1, nr_links(self->reg, self->lib));			\
		EXPECT_EQ(self->by_id, bpflib_prog__id(self->reg, self->by_fd));	\
	} while (0)

/* A map whose id is the bystander's program id: ids are separate spaces. */
static int map_with_id(__u32 id, int *fds, int max, int *nr)
{
	struct bpf_map_info info;
	__u32 len;
	int fd;

	for (*nr = 0; *nr < max; (*nr)++) {
		fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "decoy", 4, 4, 1, NULL);
		if (fd < 0)
			return -1;
		fds[*nr] = fd;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (bpf_obj_get_info_by_fd(fd, &info, &len))
			return -1;
		if (info.id == id)
			return fd;
		if (info.id > id)
			return -1;
	}
	return -1;
}

/* Program calls given a map, a link, BTF, a file, a closed fd, an extension. */
TEST_F(faults, wrong_kinds_for_program_calls)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts);
	static int decoys[900];
	struct bpf_object *obj = load_obj("consumer");
	int fds[6], expect[6], i, nr = 0, map, ext, link, closed;
	const char *what[6] = { "a BPF map", "a BPF link", "a BTF object", "/dev/null",
				"not open", "an extension" };

	ASSERT_NE(NULL, obj);
	map = map_with_id(self->by_id, decoys, 900, &nr);
	TH_LOG("the decoy map's id %s the bystander's program id", map < 0 ? "differs from" : "is");
	if (map < 0)
		map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "decoy", 4, 4, 1, NULL);
	ASSERT_GE(map, 0);
	/* An XDP link: a link, of another type than the registry's. */
	link = bpf_link_create(prog_fd(obj, "xdp_plain"), 1, BPF_XDP, &opts);
	ASSERT_GE(link, 0);
	ext = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, self->lib, "tl_scale",
						     BPF_PROG_TYPE_XDP));
	ASSERT_GE(ext, 0);
	/* A number that was an fd a moment ago, high enough not to be reused here. */
	closed = fcntl(map, F_DUPFD_CLOEXEC, 1000);
	ASSERT_GE(closed, 1000);
	close(closed);

	fds[0] = map;
	fds[1] = link;
	fds[2] = btf__fd(bpf_object__btf(obj));
	fds[3] = open("/dev/null", O_RDONLY);
	fds[4] = closed;
	fds[5] = ext;
	for (i = 0; i < 6; i++)
		expect[i] = i == 4 ? -EBADF : -EINVAL;

	for (i = 0; i < 6; i++) {
		/* An extension is a program: it is just not linked. */
		EXPECT_EQ(i == 5 ? -ENOENT : expect[i], bpflib_prog__unlink(self->reg, fds[i]))
			TH_LOG("%s", what[i]);
		EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg),
				       i == 5 ? "not linked" : what[i]))
			TH_LOG("%s", bpflib_registry__errstr(self->reg));
		EXPECT_EQ(expect[i], bpflib_prog__link(self->reg, fds[i], NULL)) TH_LOG("%s", what[i]);
		EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), what[i]))
			TH_LOG("%s", bpflib_registry__errstr(self->reg));
		if (i < 5)
			EXPECT_EQ(expect[i], bpflib_prog__id(self->reg, fds[i]));
	}
	EXPECT_BYSTANDER_OK();
	close(fds[3]);
	close(ext);
	close(link);
	close(map);
	while (nr--)
		close(decoys[nr]);
	bpf_object__close(obj);
}

/* A library that fails for its second target leaves nothing of the first. */
TEST_F(faults, library_load_fails_after_one_target)
{
	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .strict = true);
	struct bpf_ids before;
	char why[512];
	int err;

	ASSERT_EQ(0, ids_snapshot(&before));
	/*
	 * halflib is "testlib" 1.5: it would shadow 1.0 for new consumers.
	 * Strict: its refusal for "socket" fails the whole load.
	 */
	err = bpflib_library__load(self->reg, bpf_obj("halflib"), &opts);
	EXPECT_GT(0, err);
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "target 'socket'"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(1, nr_libs(self->reg));
	/* The programs and maps made for the xdp target are gone. */
	EXPECT_EQ(0, ids_wait_equal(&before, 2000, why, sizeof(why))) TH_LOG("%s", why);
	EXPECT_BYSTANDER_OK();
}

/* An object that fails on its second program: its first is not linked, the bystander is. */
TEST_F(faults, object_link_fails_after_one_program)
{
	struct bpf_object *a = load_obj("consumer_mixed"), *b = load_obj("consumer_mixed");
	__u8 pkt[64] = {};

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	/* A second bystander of the same name, from the same object file. */
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(a, "a_good"), NULL));
	EXPECT_EQ(-ENOENT, bpflib_object__link(self->reg, b, NULL));
	EXPECT_EQ(0, test_run(prog_fd(b, "a_good"), pkt, sizeof(pkt)));
	EXPECT_EQ(-ENOENT, bpflib_prog__unlink(self->reg, prog_fd(b, "a_good")));
	EXPECT_EQ(1003, test_run(prog_fd(a, "a_good"), pkt, sizeof(pkt)));
	EXPECT_EQ(0, bpflib_prog__unlink(self->reg, prog_fd(a, "a_good")));
	EXPECT_BYSTANDER_OK();
	bpf_object__close(a);
	bpf_object__close(b);
}

/* A program with several imports that fails on the last links none of them. */
TEST_F(faults, prog_link_fails_after_one_import)
{
	struct bpf_object *obj = load_obj("consumer_bad");
	__u8 pkt[64] = {};

	ASSERT_NE(NULL, obj);
	/* Linking the same program twice: the second fails, the first stays. */
	EXPECT_EQ(-EBUSY, bpflib_prog__link(self->reg, self->by_fd, NULL));
	EXPECT_EQ(-EINVAL, bpflib_prog__link(self->reg, prog_fd(obj, "bad_struct"), NULL));
	EXPECT_EQ(0, test_run(prog_fd(obj, "bad_struct"), pkt, sizeof(pkt)));
	EXPECT_BYSTANDER_OK();
	bpf_object__close(obj);
}

/* Unlinking another copy of the bystander's program touches only that copy. */
TEST_F(faults, unlink_of_a_namesake)
{
	struct bpf_object *obj = load_obj("consumer");

	ASSERT_NE(NULL, obj);
	EXPECT_EQ(-ENOENT, bpflib_prog__unlink(self->reg, prog_fd(obj, "xdp_scale")));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "not linked"));
	EXPECT_BYSTANDER_OK();
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(obj, "xdp_scale"), NULL));
	EXPECT_EQ(0, bpflib_prog__unlink(self->reg, prog_fd(obj, "xdp_scale")));
	EXPECT_BYSTANDER_OK();
	bpf_object__close(obj);
}

/* Unload refused, find of another version, unload of what is not there. */
TEST_F(faults, library_calls_that_fail)
{
	EXPECT_EQ(-EBUSY, bpflib_library__unload(self->reg, self->lib));
	EXPECT_EQ(-ENOENT, bpflib_library__unload(self->reg, self->lib + 1000));
	EXPECT_EQ(-ENOENT, bpflib_library__find(self->reg, "testlib", "1.0.1"));
	EXPECT_EQ(-EINVAL, bpflib_library__find(self->reg, "testlib", "x"));
	EXPECT_EQ(-EEXIST, bpflib_library__load(self->reg, bpf_obj("testlib_v1_0"), NULL));
	EXPECT_EQ(1, nr_libs(self->reg));
	EXPECT_BYSTANDER_OK();
}

TEST_HARNESS_MAIN
