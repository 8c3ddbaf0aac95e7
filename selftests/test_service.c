// SPDX-License-Identifier: GPL-2.0
/*
 * A service run as its own user with the capabilities the README names
 * (CAP_BPF, and CAP_NET_ADMIN and CAP_PERFMON where the kernel's rules for
 * a program type want them), not root and without CAP_SYS_ADMIN: it loads
 * its own library, links its consumers dynamically, on demand and
 * statically, runs them, and unloads; what it may not do is refused with
 * the capability or the rule named.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

#define SERVICE_UID	1000
#define CAPS_SERVICE	(1ULL << CAP_BPF | 1ULL << CAP_NET_ADMIN | 1ULL << CAP_PERFMON)

FIXTURE(service) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
};

FIXTURE_SETUP(service)
{
	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg);
}

FIXTURE_TEARDOWN_PARENT(service)
{
	BPFLIB_TEARDOWN(&self->ids);
}

#define FAIL_IF(cond, code) do {						\
		if (cond) {							\
			fprintf(stderr, "# %s:%d: %s\n", __FILE__, __LINE__,	\
				reg ? bpflib_registry__errstr(reg) : strerror(errno)); \
			return code;						\
		}								\
	} while (0)

/* Open @name through bpflib (its imports linked statically if need be) and load it. */
static struct bpf_object *open_static(struct bpflib_registry *reg, const char *name)
{
	struct bpf_object *obj = bpflib_object__open_file(reg, bpf_obj(name), NULL);

	if (obj && bpf_object__load(obj)) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

/* A literal in LIBBPF_OPTS() would end with its statement expression. */
static const char *const xdp_only[] = { "xdp", NULL };

/*
 * As the service: testlib 1.0 for XDP only, XDP consumers linked to it, a
 * tc consumer beside them that makes the library serve tc on demand (its
 * maps and object from the registry), a syscall consumer with the
 * library's code linked in, each with the library's answers; then
 * everything undone.
 */
static int whole_job(void *p)
{
	LIBBPF_OPTS(bpflib_load_opts, lo, .targets = xdp_only);
	struct bpflib_registry *reg = bpflib_registry__open(NULL);
	struct bpf_object *xdp, *sys;
	LIBBPF_OPTS(bpf_test_run_opts, run);
	__u8 pkt[64] = {};
	int lib;

	FAIL_IF(!reg, 10);
	lib = bpflib_library__load(reg, bpf_obj("testlib_v1_0"), &lo);
	FAIL_IF(lib < 0, 11);

	/* Its tc program: not served yet; the owner's library is verified for it now. */
	xdp = load_obj("consumer");
	FAIL_IF(!xdp, 12);
	FAIL_IF(bpflib_object__link(reg, xdp, NULL) != 5, 13);
	FAIL_IF(test_run(prog_fd(xdp, "xdp_scale"), pkt, sizeof(pkt)) != 64 * 3 + 1000, 14);
	FAIL_IF(test_run(prog_fd(xdp, "tc_scale"), pkt, sizeof(pkt)) != 64 * 3 + 1000, 15);

	sys = open_static(reg, "static_consumer");
	FAIL_IF(!sys, 17);
	FAIL_IF(bpflib_object__link(reg, sys, NULL) < 1, 18);
	FAIL_IF(bpf_prog_test_run_opts(prog_fd(sys, "static_sys"), &run), 19);
	FAIL_IF(obj_global_u32(sys, ".bss", 0) != 2 * 3 + 1000, 20);

	bpf_object__close(sys);
	bpf_object__close(xdp);
	FAIL_IF(unload_wait(reg, lib, 5000), 21);
	bpflib_registry__close(reg);
	return 0;
}

/* The README's service user does the whole job, without CAP_SYS_ADMIN. */
TEST_F(service, loads_links_and_unloads_its_own_library)
{
	EXPECT_EQ(0, run_as(SERVICE_UID, CAPS_SERVICE, false, whole_job, NULL));
	EXPECT_EQ(-ENOENT, bpflib_library__find(self->reg, "testlib", "1.0.0"));
}

static int without(void *p)
{
	struct bpflib_registry *reg = bpflib_registry__open(NULL);
	const char *want = p;
	int lib;

	FAIL_IF(!reg, 30);
	lib = bpflib_library__load(reg, bpf_obj("testlib_v1_0"), NULL);
	FAIL_IF(lib >= 0, 31);
	if (!strstr(bpflib_registry__errstr(reg), want)) {
		fprintf(stderr, "# wanted '%s' in: %s\n", want, bpflib_registry__errstr(reg));
		return 32;
	}
	bpflib_registry__close(reg);
	return 0;
}

/* Without a capability the kernel wants, the error says which. */
TEST_F(service, a_missing_capability_is_named)
{
	EXPECT_EQ(0, run_as(SERVICE_UID, 1ULL << CAP_BPF, false, without,
			    "needs CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON (or CAP_SYS_ADMIN); this process lacks CAP_NET_ADMIN CAP_PERFMON"));
	EXPECT_EQ(0, run_as(SERVICE_UID, 1ULL << CAP_BPF | 1ULL << CAP_NET_ADMIN, false, without,
			    "this process lacks CAP_PERFMON"));
	EXPECT_EQ(0, run_as(SERVICE_UID, 1ULL << CAP_NET_ADMIN | 1ULL << CAP_PERFMON, false,
			    without, "this process lacks CAP_BPF"));
}

static int anothers_library(void *p)
{
	struct bpflib_registry *reg = bpflib_registry__open(NULL);
	struct bpf_object *xdp, *sys;
	__u8 pkt[64] = {};

	FAIL_IF(!reg, 40);
	/* Linking to it is what a shared library is for. */
	xdp = load_obj("consumer");
	FAIL_IF(!xdp, 41);
	FAIL_IF(bpflib_object__link(reg, xdp, NULL) < 1, 42);
	FAIL_IF(test_run(prog_fd(xdp, "xdp_scale"), pkt, sizeof(pkt)) != 64 * 3 + 1000, 43);
	bpf_object__close(xdp);
	/* Its code linked in would share its maps: its owner's. */
	sys = bpflib_object__open_file(reg, bpf_obj("static_consumer"), NULL);
	FAIL_IF(sys, 44);
	if (errno != EACCES || !strstr(bpflib_registry__errstr(reg), "owner")) {
		fprintf(stderr, "# %s (%d)\n", bpflib_registry__errstr(reg), errno);
		return 45;
	}
	bpflib_registry__close(reg);
	return 0;
}

/* Root's library: the service links to it, and may not take its maps. */
TEST_F(service, anothers_library_is_shared_not_its_state)
{
	int lib = load_lib(self->reg, "testlib_v1_0");

	ASSERT_GT(lib, 0);
	EXPECT_EQ(0, run_as(SERVICE_UID, CAPS_SERVICE, false, anothers_library, NULL));
	EXPECT_EQ(0, unload_wait(self->reg, lib, 5000));
}

TEST_HARNESS_MAIN
