// SPDX-License-Identifier: GPL-2.0
/*
 * Libraries that use libraries: a library imports from another exactly as
 * a consumer does, and the functions it imports are linked into it when it
 * is loaded (the kernel cannot extend an extension), with the used
 * library's maps.  The registry records the use: a library cannot be
 * unloaded while one that uses it is loaded.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

FIXTURE(reg) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
};

FIXTURE_SETUP(reg)
{
	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg) TH_LOG("open /dev/bpflib: %s", strerror(errno));
}

FIXTURE_TEARDOWN_PARENT(reg)
{
	BPFLIB_TEARDOWN(&self->ids);
}

/* Slot 0 of map @map of library @lib's function @func, and its map id. */
static __u64 hits(struct bpflib_registry *reg, int lib, const char *func, const char *map,
		  __u32 *id)
{
	int fd = prog_map_fd(lib_func_prog_id(reg, lib, func, BPF_PROG_TYPE_XDP), map);
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), key = 0;
	__u64 v = (__u64)-1;

	if (fd < 0)
		return v;
	bpf_map_lookup_elem(fd, &key, &v);
	if (id && !bpf_obj_get_info_by_fd(fd, &info, &len))
		*id = info.id;
	close(fd);
	return v;
}

#define CHAIN(x)	(((x) + 1) * 2 + 100)

/*
 * The test: chaina <- chainb <- chainc, and a consumer of chainc,
 * dynamically and statically (that one also calls chaina directly); every
 * level's counter counts each call, and each counter is one map, whoever
 * holds the code.
 */
TEST_F(reg, chain_of_three)
{
	LIBBPFLIB_OPTS(bpflib_open_opts, dyn_oo, .mode = BPFLIB_LINK_DYNAMIC);
	struct bpf_object *dyn, *st;
	__u32 a_id = 0, a_id2 = 0, a_id3 = 0, b_id = 0, b_id2 = 0;
	__u8 pkt[64] = {};
	int a, b, c;

	a = load_lib(self->reg, "chaina");
	b = load_lib(self->reg, "chainb");
	c = load_lib(self->reg, "chainc");
	ASSERT_GT(a, 0);
	ASSERT_GT(b, 0);
	ASSERT_GT(c, 0);
	/* One ca_hits: chaina's, used by the copies in chainb and chainc. */
	EXPECT_EQ(0, hits(self->reg, a, "ca_add", "ca_hits", &a_id));
	EXPECT_EQ(0, hits(self->reg, b, "cb_twice", "ca_hits", &a_id2));
	EXPECT_EQ(0, hits(self->reg, c, "cc_top", "ca_hits", &a_id3));
	EXPECT_EQ(0, hits(self->reg, b, "cb_twice", "cb_hits", &b_id));
	EXPECT_EQ(0, hits(self->reg, c, "cc_top", "cb_hits", &b_id2));
	EXPECT_NE(0, a_id);
	EXPECT_EQ(a_id, a_id2);
	EXPECT_EQ(a_id, a_id3);
	EXPECT_EQ(b_id, b_id2);

	dyn = bpflib_object__open_file(self->reg, bpf_obj("chain_user"), &dyn_oo);
	ASSERT_NE(NULL, dyn) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	bpf_program__set_autoload(bpf_object__find_program_by_name(dyn, "chain_sys"), false);
	ASSERT_EQ(0, bpf_object__load(dyn));
	ASSERT_EQ(1, bpflib_object__link(self->reg, dyn, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(XDP_PASS, test_run(prog_fd(dyn, "chain_xdp"), pkt, sizeof(pkt)));
	EXPECT_EQ(CHAIN(64), obj_global_u32(dyn, ".bss", 0));
	EXPECT_EQ(1, hits(self->reg, a, "ca_add", "ca_hits", NULL));
	EXPECT_EQ(1, hits(self->reg, b, "cb_twice", "cb_hits", NULL));
	EXPECT_EQ(1, hits(self->reg, c, "cc_top", "cc_hits", NULL));

	st = bpflib_object__open_file(self->reg, bpf_obj("chain_user"), NULL);
	ASSERT_NE(NULL, st) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	ASSERT_EQ(0, bpf_object__load(st));
	EXPECT_LT(0, bpflib_object__link(self->reg, st, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	ASSERT_EQ(0, bpf_prog_test_run_opts(prog_fd(st, "chain_sys"),
					    &(struct bpf_test_run_opts){ .sz = sizeof(struct bpf_test_run_opts) }));
	EXPECT_EQ(CHAIN(7), obj_global_u32(st, ".bss", 1));
	EXPECT_EQ(4, obj_global_u32(st, ".bss", 2));
	EXPECT_EQ(3, hits(self->reg, a, "ca_add", "ca_hits", NULL));
	EXPECT_EQ(2, hits(self->reg, b, "cb_twice", "cb_hits", NULL));
	EXPECT_EQ(2, hits(self->reg, c, "cc_top", "cc_hits", NULL));

	/* Each is held by what uses it, and says so. */
	EXPECT_EQ(-EBUSY, bpflib_library__unload(self->reg, a));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "chainb"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(-EBUSY, bpflib_library__unload(self->reg, b));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "chainc"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(-EBUSY, bpflib_library__unload(self->reg, c));
	bpf_object__close(dyn);
	bpf_object__close(st);
	EXPECT_EQ(0, unload_wait(self->reg, c, 5000)) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(0, unload_wait(self->reg, b, 5000)) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(0, unload_wait(self->reg, a, 5000)) TH_LOG("%s", bpflib_registry__errstr(self->reg));
}

/* A library for another type gets the same copies, recorded the same way. */
TEST_F(reg, instance_of_a_library_that_uses_one)
{
	int a = load_lib(self->reg, "chaina"), b = load_lib(self->reg, "chainb");

	ASSERT_GT(a, 0);
	ASSERT_GT(b, 0);
	EXPECT_EQ(1, bpflib_library__add_target(self->reg, b, "tc", NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(-EBUSY, bpflib_library__unload(self->reg, a));
	EXPECT_EQ(0, bpflib_library__unload(self->reg, b))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(0, unload_wait(self->reg, a, 5000)) TH_LOG("%s", bpflib_registry__errstr(self->reg));
}

/* A library that is not loaded, or not in a version that will do. */
TEST_F(reg, missing_or_wrong_version)
{
	LIBBPFLIB_OPTS(bpflib_load_opts, v2, .version = "2.0.0");
	int a;

	EXPECT_EQ(-ENOENT, bpflib_library__load(self->reg, bpf_obj("chainb"), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "no loaded version of library 'chaina'"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	a = bpflib_library__load(self->reg, bpf_obj("chaina"), &v2);
	ASSERT_GT(a, 0) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(-ENOENT, bpflib_library__load(self->reg, bpf_obj("chainb"), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "1.0 or newer, same major"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(0, bpflib_library__unload(self->reg, a));
}

/* Cycles: a library cannot use itself, and two that use each other never load. */
TEST_F(reg, cycles)
{
	EXPECT_EQ(-ELOOP, bpflib_library__load(self->reg, bpf_obj("cycle_self"), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "imports from itself"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(-ENOENT, bpflib_library__load(self->reg, bpf_obj("cycle_a"), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "'cycb'"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(-ENOENT, bpflib_library__load(self->reg, bpf_obj("cycle_b"), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "'cyca'"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
}

TEST_HARNESS_MAIN
