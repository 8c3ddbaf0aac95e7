// SPDX-License-Identifier: GPL-2.0
/*
 * Allocations that fail.  For each operation, and for N = 1, 2, ... until
 * the operation gets through without reaching its N-th allocation, the
 * N-th kernel allocation the operation makes (slab or page, in the module
 * or in the BPF core) is made to fail through /proc/thread-self/fail-nth.
 * Every time, the operation must succeed or fail with a clean errno, and
 * the registry must be as it was or as the operation leaves it, nothing
 * in between.  Needs a kernel with failslab and fail_page_alloc (the debug
 * lane); skips elsewhere.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define MAX_NTH		200000

/*
 * Every one of the first 64 allocations, then every fourth of the way
 * further: a library load makes thousands (the verifier's), and each run
 * is a whole load under KASAN and TCG.
 */
static int next_nth(int n)
{
	return n < 64 ? n + 1 : n + n / 4;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return -errno;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -EIO;
}

/*
 * The thread's fail-nth, kept open: reading and writing an open proc file
 * allocates nothing, so arming and asking count no allocation of their own.
 */
static int nth_fd = -1;

/*
 * Say so in the kernel log: scripts/vm-run takes the kernel's dumps of
 * failed allocations between these markers for what they are.
 */
static void injecting(bool on)
{
	write_file("/dev/kmsg", on ? "bpflib-test: fault injection on\n" :
				     "bpflib-test: fault injection off\n");
}

/* Arm the N-th allocation of this thread to fail; 0 disarms. */
static int arm(int n)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", n);
	return pwrite(nth_fd, buf, strlen(buf), 0) == (ssize_t)strlen(buf) ? 0 : -errno;
}

/* Did the armed failure happen (the countdown reached zero)? */
static bool fired(void)
{
	char buf[16] = "";
	ssize_t n = pread(nth_fd, buf, sizeof(buf) - 1, 0);

	return n > 0 && atoi(buf) == 0;
}

static int nr_libs(int dev)
{
	struct bpflib_lib_info q = { .flags = BPFLIB_INFO_F_NEXT };
	int n = 0;

	while (!ioctl(dev, BPFLIB_IOC_LIB_INFO, &q)) {
		n++;
		q.flags = BPFLIB_INFO_F_NEXT;
	}
	return n;
}

static int nr_links(int dev, __u32 lib)
{
	struct bpflib_lib_info q = { .lib_id = lib };

	return ioctl(dev, BPFLIB_IOC_LIB_INFO, &q) ? -1 : (int)q.nr_links;
}

FIXTURE(fail) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
	int dev;
	int lib;
	int free_ext;
};

FIXTURE_SETUP(fail)
{
	int lib;

	if (access(FAIL_NTH, W_OK) || access("/sys/kernel/debug/failslab", F_OK))
		SKIP(return, "no fault injection in this kernel (failslab, fail_page_alloc, fail-nth)");
	/*
	 * Fail even allocations that may sleep, of any order, and quietly:
	 * a stack trace per failure would read as a splat.
	 */
	ASSERT_EQ(0, write_file("/sys/kernel/debug/failslab/verbose", "0"));
	ASSERT_EQ(0, write_file("/sys/kernel/debug/fail_page_alloc/verbose", "0"));
	ASSERT_EQ(0, write_file("/sys/kernel/debug/failslab/ignore-gfp-wait", "N"));
	ASSERT_EQ(0, write_file("/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N"));
	ASSERT_EQ(0, write_file("/sys/kernel/debug/fail_page_alloc/min-order", "0"));
	nth_fd = open(FAIL_NTH, O_RDWR);
	ASSERT_GE(nth_fd, 0);
	injecting(true);
	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg);
	self->dev = bpflib_registry__fd(self->reg);
	self->lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(self->lib, 0);
	lib = load_lib(self->reg, "testlib_v1_1");
	ASSERT_GT(lib, 0);
	self->free_ext = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, lib, "tl_scale",
								BPF_PROG_TYPE_XDP));
	ASSERT_GE(self->free_ext, 0);
	ASSERT_EQ(0, bpflib_library__unload(self->reg, lib));
}

FIXTURE_TEARDOWN_PARENT(fail)
{
	injecting(false);
	BPFLIB_TEARDOWN(&self->ids);
}

/* An errno an allocation failure may give. */
static bool clean(int err)
{
	return err == ENOMEM || err == EFAULT || err == EAGAIN || err == ENOSPC ||
	       err == EINVAL || err == EBUSY;
}

TEST_F_TIMEOUT(fail, registry_commands, 600)
{
	struct bpflib_func_desc d = { .name = "tl_scale", .prog_fd = self->free_ext };
	struct bpflib_lib_add add = {
		.name = "failing", .version = { .major = 1 },
		.nr_funcs = 1, .func_rec_size = sizeof(d), .funcs = (__u64)(unsigned long)&d,
	};
	struct bpflib_func_info funcs[8];
	int n, err, failures = 0;

	/* LIB_ADD: registered, or not at all. */
	for (n = 1; n < MAX_NTH; n = next_nth(n)) {
		ASSERT_EQ(0, arm(n));
		err = ioctl(self->dev, BPFLIB_IOC_LIB_ADD, &add) ? errno : 0;
		if (!fired()) {
			arm(0);
			ASSERT_EQ(0, err);
			break;
		}
		arm(0);
		failures++;
		if (!err) {	/* an allocation failed and was handled: fine */
			struct bpflib_lib_del del = { .lib_id = add.lib_id };

			ASSERT_EQ(0, ioctl(self->dev, BPFLIB_IOC_LIB_DEL, &del));
			continue;
		}
		EXPECT_TRUE(clean(err)) TH_LOG("LIB_ADD, allocation %d: errno %d", n, err);
		EXPECT_EQ(1, nr_libs(self->dev)) TH_LOG("LIB_ADD failed at %d, yet registered", n);
	}
	EXPECT_LT(n, MAX_NTH);

	/* LIB_INFO, with records: an answer, or a clean error. */
	for (n = 1; n < MAX_NTH; n = next_nth(n)) {
		struct bpflib_lib_info q = { .lib_id = self->lib, .nr_funcs = 8,
			.func_rec_size = sizeof(funcs[0]), .funcs = (__u64)(unsigned long)funcs };

		ASSERT_EQ(0, arm(n));
		err = ioctl(self->dev, BPFLIB_IOC_LIB_INFO, &q) ? errno : 0;
		if (!fired()) {
			arm(0);
			ASSERT_EQ(0, err);
			break;
		}
		arm(0);
		failures++;
		EXPECT_TRUE(!err || clean(err)) TH_LOG("LIB_INFO, allocation %d: errno %d", n, err);
	}
	EXPECT_LT(n, MAX_NTH);
	printf("# fail-nth: registry commands: %d runs with one allocation made to fail, each ending cleanly\n",
	       failures);
}

TEST_F_TIMEOUT(fail, loading_and_linking, 900)
{
	struct bpf_object *obj;
	__u8 pkt[64] = {};
	int n, err, id, failures = 0;
	char ver[16];

	/* A whole library load: programs, BTF, maps, the registry. */
	for (n = 1; n < MAX_NTH; n = next_nth(n)) {
		LIBBPFLIB_OPTS(bpflib_load_opts, opts, .version = ver);

		snprintf(ver, sizeof(ver), "1.5.%d", n);
		ASSERT_EQ(0, arm(n));
		id = bpflib_library__load(self->reg, bpf_obj("testlib_v1_1"), &opts);
		if (!fired()) {
			arm(0);
			ASSERT_GT(id, 0) TH_LOG("%s", bpflib_registry__errstr(self->reg));
			ASSERT_EQ(0, bpflib_library__unload(self->reg, id));
			break;
		}
		arm(0);
		failures++;
		if (id > 0) {
			ASSERT_EQ(0, bpflib_library__unload(self->reg, id));
			continue;
		}
		/* The reason names the failure; nothing of it stays registered. */
		EXPECT_NE(0, bpflib_registry__errstr(self->reg)[0]);
		EXPECT_EQ(1, nr_libs(self->dev)) TH_LOG("load failed at %d, yet registered", n);
	}
	EXPECT_LT(n, MAX_NTH);

	/* Linking a consumer: links made, handed over, all or none. */
	obj = load_obj("consumer");
	ASSERT_NE(NULL, obj);
	for (n = 1; n < MAX_NTH; n = next_nth(n)) {
		ASSERT_EQ(0, arm(n));
		err = bpflib_object__link(self->reg, obj, NULL);
		if (!fired()) {
			arm(0);
			ASSERT_EQ(5, err) TH_LOG("%s", bpflib_registry__errstr(self->reg));
			break;
		}
		arm(0);
		failures++;
		if (err < 0) {
			/* Nothing linked: the stub answers, the registry holds nothing. */
			usleep(50 * 1000);
			EXPECT_EQ(0, test_run(prog_fd(obj, "xdp_scale"), pkt, sizeof(pkt)));
			EXPECT_EQ(0, nr_links(self->dev, self->lib)) TH_LOG("link failed at %d", n);
		} else {
			EXPECT_EQ(5, err);
			EXPECT_EQ(64 * 3 + 1000, test_run(prog_fd(obj, "xdp_scale"), pkt, sizeof(pkt)));
		}
		/* Start over from an unlinked consumer. */
		bpf_object__close(obj);
		obj = load_obj("consumer");
		ASSERT_NE(NULL, obj);
	}
	EXPECT_LT(n, MAX_NTH);
	EXPECT_EQ(64 * 3 + 1000, test_run(prog_fd(obj, "xdp_scale"), pkt, sizeof(pkt)));
	bpf_object__close(obj);
	printf("# fail-nth: loading and linking: %d runs with one allocation made to fail, each ending cleanly\n",
	       failures);
}

TEST_HARNESS_MAIN
