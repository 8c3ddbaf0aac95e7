// SPDX-License-Identifier: GPL-2.0
/*
 * Calls between a library's exports: an export may call another with a
 * real call.  The kernel cannot let one extension call another, so the
 * callee's code becomes part of the caller's program (a copy in .text,
 * verified as a global function); linked statically, the exports are all
 * one .text.  Either way every caller gets what a consumer gets.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
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

/* ec_calls of exportcalls @lib: the calls of ec_inner, from anywhere. */
static __u64 ec_calls(struct bpflib_registry *reg, int lib)
{
	int fd = prog_map_fd(lib_func_prog_id(reg, lib, "ec_inner", BPF_PROG_TYPE_XDP),
			     "ec_calls");
	__u64 v = (__u64)-1;
	__u32 key = 0;

	if (fd < 0)
		return v;
	bpf_map_lookup_elem(fd, &key, &v);
	close(fd);
	return v;
}

/* The functions (BTF func_info records) in program @id. */
static __u32 nr_funcs(__u32 id)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int fd = bpf_prog_get_fd_by_id(id);

	if (fd < 0)
		return 0;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		info.nr_func_info = 0;
	close(fd);
	return info.nr_func_info;
}

#define INNER(x)	((x) * 5 + 1)
#define MIDDLE(x)	(INNER(x) + 2)
#define OUTER(x)	(MIDDLE(x) * 2 + ((x) ^ 0x5a))

/*
 * Dynamically: each export's program holds the code of what it calls, and
 * a consumer calling all three gets the results and counts of three calls.
 */
TEST_F(reg, exports_call_exports_dynamically)
{
	LIBBPFLIB_OPTS(bpflib_open_opts, oo, .mode = BPFLIB_LINK_DYNAMIC);
	struct bpf_object *obj;
	__u8 pkt[64] = {};
	int lib;

	lib = load_lib(self->reg, "exportcalls");
	ASSERT_GT(lib, 0);
	/* ec_outer: itself, ec_middle and ec_inner, and the library's ec_mix. */
	EXPECT_EQ(1, nr_funcs(lib_func_prog_id(self->reg, lib, "ec_inner", BPF_PROG_TYPE_XDP)));
	EXPECT_EQ(2, nr_funcs(lib_func_prog_id(self->reg, lib, "ec_middle", BPF_PROG_TYPE_XDP)));
	EXPECT_EQ(4, nr_funcs(lib_func_prog_id(self->reg, lib, "ec_outer", BPF_PROG_TYPE_XDP)));

	obj = bpflib_object__open_file(self->reg, bpf_obj("exportcalls_user"), &oo);
	ASSERT_NE(NULL, obj) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	bpf_program__set_autoload(bpf_object__find_program_by_name(obj, "ecu_sys"), false);
	ASSERT_EQ(0, bpf_object__load(obj));
	ASSERT_EQ(3, bpflib_object__link(self->reg, obj, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(0, ec_calls(self->reg, lib));
	EXPECT_EQ(XDP_PASS, test_run(prog_fd(obj, "ecu_xdp"), pkt, sizeof(pkt)));
	EXPECT_EQ(INNER(64), obj_global_u32(obj, ".bss", 0));
	EXPECT_EQ(MIDDLE(64), obj_global_u32(obj, ".bss", 1));
	EXPECT_EQ(OUTER(64), obj_global_u32(obj, ".bss", 2));
	EXPECT_EQ(3, ec_calls(self->reg, lib));
	bpf_object__close(obj);
	EXPECT_EQ(0, unload_wait(self->reg, lib, 5000))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
}

/* An instance for another type is made from the kept object the same way. */
TEST_F(reg, exports_call_exports_in_instances)
{
	int lib = load_lib(self->reg, "exportcalls");

	ASSERT_GT(lib, 0);
	EXPECT_EQ(3, bpflib_library__add_target(self->reg, lib, "socket", NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(4, nr_funcs(lib_func_prog_id(self->reg, lib, "ec_outer",
					       BPF_PROG_TYPE_SOCKET_FILTER)));
	EXPECT_EQ(0, bpflib_library__unload(self->reg, lib))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
}

/*
 * Statically: the library's exports and its own functions are one .text,
 * linked into both programs, with the library's map; the counts go on.
 */
TEST_F(reg, exports_call_exports_statically)
{
	LIBBPFLIB_OPTS(bpflib_open_opts, oo, .mode = BPFLIB_LINK_STATIC);
	struct bpf_object *obj;
	__u8 pkt[40] = {};
	int lib;

	lib = load_lib(self->reg, "exportcalls");
	ASSERT_GT(lib, 0);
	obj = bpflib_object__open_file(self->reg, bpf_obj("exportcalls_user"), &oo);
	ASSERT_NE(NULL, obj) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	ASSERT_EQ(0, bpf_object__load(obj));
	ASSERT_EQ(6, bpflib_object__link(self->reg, obj, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));

	ASSERT_EQ(0, bpf_prog_test_run_opts(prog_fd(obj, "ecu_sys"),
					    &(struct bpf_test_run_opts){ .sz = sizeof(struct bpf_test_run_opts) }));
	EXPECT_EQ(INNER(10), obj_global_u32(obj, ".bss", 3));
	EXPECT_EQ(MIDDLE(10), obj_global_u32(obj, ".bss", 4));
	EXPECT_EQ(OUTER(10), obj_global_u32(obj, ".bss", 5));
	EXPECT_EQ(3, ec_calls(self->reg, lib));
	EXPECT_EQ(XDP_PASS, test_run(prog_fd(obj, "ecu_xdp"), pkt, sizeof(pkt)));
	EXPECT_EQ(OUTER(40), obj_global_u32(obj, ".bss", 2));
	EXPECT_EQ(6, ec_calls(self->reg, lib));
	bpf_object__close(obj);
	EXPECT_EQ(0, unload_wait(self->reg, lib, 5000))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
}

/* A call to a function nobody defines: named, and nothing loaded. */
TEST_F(reg, export_calling_what_does_not_exist)
{
	EXPECT_GT(0, bpflib_library__load(self->reg, bpf_obj("badcalls"), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "bc_nothere"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(NULL, strstr(bpflib_registry__errstr(self->reg), "Unknown error"));
}

TEST_HARNESS_MAIN
