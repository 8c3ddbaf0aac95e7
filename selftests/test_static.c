// SPDX-License-Identifier: GPL-2.0
/*
 * Static linking: consumers the kernel cannot extend (fentry here) get
 * their libraries' code linked in before they load, from the copy of the
 * library object the registry keeps, and share the library's maps and
 * global variables with its dynamically linked consumers.
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
#include "progs/typelib_slots.h"

#define ENOTSUPP_KERNEL	524	/* the kernel's ENOTSUPP, which user space has no name for */

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

/* Open @name through bpflib in @mode and load it: NULL on failure (logged). */
static struct bpf_object *open_load(struct bpflib_registry *reg, const char *name,
				    enum bpflib_link_mode mode)
{
	LIBBPFLIB_OPTS(bpflib_open_opts, oo, .mode = mode);
	struct bpf_object *obj;

	obj = bpflib_object__open_file(reg, bpf_obj(name), &oo);
	if (!obj) {
		fprintf(stderr, "# open %s: %s\n", name, bpflib_registry__errstr(reg));
		return NULL;
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "# load %s failed\n", name);
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

/*
 * Attach fentry program @prog of @obj and fire it: a test run of a
 * tracing program calls bpf_fentry_test1(1).  0 or -errno; -ENOTSUPP_KERNEL
 * where the kernel has no BPF trampoline (arm64 before 6.4).
 */
static int fire_fentry(struct bpf_object *obj, const char *prog)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	struct bpf_program *p = bpf_object__find_program_by_name(obj, prog);
	struct bpf_link *link;
	int err;

	if (!p)
		return -ENOENT;
	link = bpf_program__attach(p);
	if (!link)
		return -errno;
	err = bpf_prog_test_run_opts(bpf_program__fd(p), &opts) ? -errno : 0;
	bpf_link__destroy(link);
	return err;
}

/* Test-run syscall program @prog of @obj: 0 or -errno. */
static int run_sys(struct bpf_object *obj, const char *prog)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);

	return bpf_prog_test_run_opts(prog_fd(obj, prog), &opts) ? -errno : 0;
}

static __u32 map_id(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

static __u64 slot(int map_fd, __u32 key)
{
	__u64 v = 0;

	bpf_map_lookup_elem(map_fd, &key, &v);
	return v;
}

/* The library's tl_calls counter: calls of tl_scale, by every consumer. */
static __u64 tl_calls(struct bpflib_registry *reg, int lib)
{
	int fd = prog_map_fd(lib_func_prog_id(reg, lib, "tl_scale", BPF_PROG_TYPE_XDP),
			     "tl_calls");
	__u64 v;

	if (fd < 0)
		return (__u64)-1;
	v = slot(fd, 0);
	close(fd);
	return v;
}

/*
 * testlib 1.0 loaded; static_consumer opened through bpflib (the code of
 * its two imports linked into each of its two programs) and linked; the
 * "consumer" object's xdp_scale linked dynamically.  The library's id, or
 * -1 with the reason on stderr.
 */
static int static_and_dynamic(struct bpflib_registry *reg, struct bpf_object **st,
			      struct bpf_object **dyn)
{
	int lib = load_lib(reg, "testlib_v1_0");

	*st = *dyn = NULL;
	if (lib < 0)
		return -1;
	*st = open_load(reg, "static_consumer", BPFLIB_LINK_AUTO);
	*dyn = load_obj("consumer");
	if (!*st || !*dyn)
		return -1;
	if (bpflib_object__link(reg, *st, NULL) != 4 ||
	    bpflib_prog__link(reg, prog_fd(*dyn, "xdp_scale"), NULL) != 1) {
		fprintf(stderr, "# %s\n", bpflib_registry__errstr(reg));
		return -1;
	}
	return lib;
}

/*
 * The test: an fentry consumer, linked statically, and an XDP
 * consumer, linked dynamically, increment one library counter; each gets
 * its result from the library's code.
 */
TEST_F(reg, fentry_static_and_xdp_dynamic_share_one_counter)
{
	struct bpf_object *st, *dyn;
	struct bpflib_library_info *li;
	__u8 pkt[64] = {};
	int lib, fd, ret;
	__u32 i, nr_static = 0;

	/* Automatic: fentry cannot be extended, so the code goes in. */
	lib = static_and_dynamic(self->reg, &st, &dyn);
	ASSERT_GT(lib, 0);
	fd = prog_fd(dyn, "xdp_scale");

	EXPECT_EQ(0, tl_calls(self->reg, lib));
	ret = fire_fentry(st, "static_scale");
	if (ret == -ENOTSUPP_KERNEL) {
		bpf_object__close(st);
		bpf_object__close(dyn);
		SKIP(return, "this kernel has no BPF trampoline on this architecture (ENOTSUPP): static_sys_and_xdp_dynamic_share_one_counter runs the same");
	}
	ASSERT_EQ(0, ret);
	/* bpf_fentry_test1(1): 1 * 3 + 1000, and the pair 1 + 41 */
	EXPECT_EQ(1003, obj_global_u32(st, ".bss", 0));
	EXPECT_EQ(42, obj_global_u32(st, ".bss", 1));
	EXPECT_EQ(1, tl_calls(self->reg, lib));
	EXPECT_EQ(64 * 3 + 1000, test_run(fd, pkt, sizeof(pkt)));
	EXPECT_EQ(2, tl_calls(self->reg, lib));

	/* The registry lists the static consumer: records without a link. */
	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	EXPECT_EQ(5, li->info.nr_links);
	EXPECT_EQ(3, li->info.nr_consumers);
	for (i = 0; i < li->info.nr_links; i++) {
		if (li->links[i].link_id)
			continue;
		nr_static++;
		if (li->links[i].consumer_id != prog_id(prog_fd(st, "static_sys")))
			EXPECT_EQ(prog_id(prog_fd(st, "static_scale")), li->links[i].consumer_id);
	}
	EXPECT_EQ(4, nr_static);
	bpflib_library_info__free(li);

	/* It holds the library: unload names it, and works once it is gone. */
	EXPECT_EQ(-EBUSY, bpflib_library__unload(self->reg, lib));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "static_scale"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	bpf_object__close(st);
	bpf_object__close(dyn);
	EXPECT_EQ(0, unload_wait(self->reg, lib, 5000))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
}

/* The same with a syscall program, which every kernel here can run. */
TEST_F(reg, static_sys_and_xdp_dynamic_share_one_counter)
{
	struct bpf_object *st, *dyn;
	__u8 pkt[64] = {};
	int lib, fd;

	lib = static_and_dynamic(self->reg, &st, &dyn);
	ASSERT_GT(lib, 0);
	fd = prog_fd(dyn, "xdp_scale");

	ASSERT_EQ(0, run_sys(st, "static_sys"));
	EXPECT_EQ(1006, obj_global_u32(st, ".bss", 0));
	EXPECT_EQ(42, obj_global_u32(st, ".bss", 1));
	EXPECT_EQ(1, tl_calls(self->reg, lib));
	EXPECT_EQ(64 * 3 + 1000, test_run(fd, pkt, sizeof(pkt)));
	EXPECT_EQ(2, tl_calls(self->reg, lib));
	bpf_object__close(st);
	bpf_object__close(dyn);
}

/*
 * A library's global variables (.bss, .data) are one set: a static
 * consumer's object gets the loaded library's maps for them.
 */
TEST_F(reg, library_globals_shared_with_static_consumers)
{
	struct bpf_object *obj;
	__u8 pkt[40] = {};
	int lib, seen, lib_bss;

	lib = load_lib(self->reg, "datalib");
	ASSERT_GT(lib, 0);
	/* One object, so both programs statically: the syscall one needs it. */
	obj = open_load(self->reg, "data_consumer", BPFLIB_LINK_AUTO);
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(3, bpflib_object__link(self->reg, obj, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	seen = bpf_map__fd(bpf_object__find_map_by_name(obj, "dc_seen"));
	ASSERT_GE(seen, 0);

	/* 40 from the XDP program, then 10 from the syscall one. */
	EXPECT_EQ(40, test_run(prog_fd(obj, "dc_xdp"), pkt, sizeof(pkt)));
	ASSERT_EQ(0, run_sys(obj, "dc_sys"));
	EXPECT_EQ(50, slot(seen, 0));
	EXPECT_EQ(1002, slot(seen, 1));
	/* The object's .bss and .data are the library's own maps. */
	lib_bss = prog_map_fd(lib_func_prog_id(self->reg, lib, "dl_add", BPF_PROG_TYPE_XDP),
			      "datalib.bss");
	ASSERT_GE(lib_bss, 0);
	EXPECT_EQ(map_id(lib_bss), map_id(bpf_map__fd(bpf_object__find_map_by_name(obj, ".bss"))));
	close(lib_bss);
	EXPECT_EQ(50, obj_global_u32(obj, ".bss", 0));
	EXPECT_EQ(1002, obj_global_u32(obj, ".data", 0));
	bpf_object__close(obj);
}

/*
 * Mixed in one object: an XDP program linked dynamically beside a syscall
 * program that needs the code in; and the state is still one set with a
 * dynamically linked consumer in another object.
 */
TEST_F(reg, static_and_dynamic_consumers_see_one_total)
{
	struct bpf_object *st, *dyn;
	__u8 pkt[32] = {};
	int lib, seen;

	lib = load_lib(self->reg, "datalib");
	ASSERT_GT(lib, 0);
	dyn = open_load(self->reg, "data_consumer", BPFLIB_LINK_DYNAMIC);
	ASSERT_NE(NULL, dyn);
	/* Dynamically, the syscall program cannot be linked: bpflib says why. */
	EXPECT_EQ(-EOPNOTSUPP, bpflib_object__link(self->reg, dyn, NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "link it statically"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(1, bpflib_prog__link(self->reg, prog_fd(dyn, "dc_xdp"), NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	st = open_load(self->reg, "data_consumer", BPFLIB_LINK_STATIC);
	ASSERT_NE(NULL, st);
	ASSERT_EQ(3, bpflib_object__link(self->reg, st, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	seen = bpf_map__fd(bpf_object__find_map_by_name(st, "dc_seen"));

	EXPECT_EQ(32, test_run(prog_fd(dyn, "dc_xdp"), pkt, sizeof(pkt)));
	EXPECT_EQ(64, test_run(prog_fd(st, "dc_xdp"), pkt, sizeof(pkt)));
	ASSERT_EQ(0, run_sys(st, "dc_sys"));
	EXPECT_EQ(74, slot(seen, 0));
	EXPECT_EQ(1003, slot(seen, 1));
	bpf_object__close(st);
	bpf_object__close(dyn);
}

/*
 * A program type that bounds what an extension may return (cgroup_skb:
 * [0, 1]) refuses a value-returning export dynamically; linked in, the
 * function is a plain global function and returns what it likes.
 */
TEST_F(reg, static_linking_lifts_the_return_range)
{
	const char *targets[] = { "cgroup_skb/ingress", NULL };
	LIBBPFLIB_OPTS(bpflib_load_opts, lo, .targets = targets);
	LIBBPFLIB_OPTS(bpflib_open_opts, oo, .mode = BPFLIB_LINK_STATIC);
	struct bpflib_library_info *li;
	struct bpf_object *obj;
	struct bpf_program *p;
	int lib, fd;
	__u32 i;

	lib = bpflib_library__load(self->reg, bpf_obj("typelib"), &lo);
	ASSERT_GT(lib, 0) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	for (i = 0; i < li->info.nr_funcs; i++)
		EXPECT_STRNE("tt_scale", li->funcs[i].name);	/* refused for the range */
	bpflib_library_info__free(li);

	obj = bpflib_object__open_file(self->reg, bpf_obj("types_consumer"), &oo);
	ASSERT_NE(NULL, obj) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), "c_scale_cg"));
	ASSERT_EQ(0, bpf_object__load(obj));
	fd = prog_fd(obj, "c_scale_cg");
	ASSERT_EQ(1, bpflib_prog__link(self->reg, fd, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(1, test_run(fd, (__u8[64]){}, 64));
	/* tt_scale(x) = x * 3 + 1, out of [0, 1] */
	EXPECT_EQ(TT_IN(TT_SCALE) * 3 + 1, obj_global_u32(obj, ".bss", TT_SCALE));
	bpf_object__close(obj);
}

/* An object with nothing the kernel cannot extend stays dynamic by default. */
TEST_F(reg, auto_leaves_extensible_consumers_dynamic)
{
	struct bpflib_library_info *li;
	struct bpf_object *obj;
	int lib;

	lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(lib, 0);
	obj = open_load(self->reg, "consumer", BPFLIB_LINK_AUTO);
	ASSERT_NE(NULL, obj);
	/* Unlinked: the stub answers. */
	EXPECT_EQ(0, test_run(prog_fd(obj, "xdp_scale"), (__u8[64]){}, 64));
	ASSERT_GT(bpflib_object__link(self->reg, obj, NULL), 0)
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	ASSERT_GT(li->info.nr_links, 0);
	EXPECT_NE(0, li->links[0].link_id);
	bpflib_library_info__free(li);
	bpf_object__close(obj);
}

/* Forced static, an XDP consumer runs the library's code from the start. */
TEST_F(reg, forced_static_xdp_consumer)
{
	struct bpf_object *obj;
	int lib;

	lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(lib, 0);
	obj = open_load(self->reg, "consumer", BPFLIB_LINK_STATIC);
	ASSERT_NE(NULL, obj);
	/* Before bpflib_object__link(): the code is in already. */
	EXPECT_EQ(64 * 3 + 1000, test_run(prog_fd(obj, "xdp_scale"), (__u8[64]){}, 64));
	ASSERT_GT(bpflib_object__link(self->reg, obj, NULL), 0)
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	/* Linking it twice is refused, as for dynamic links. */
	EXPECT_EQ(-EEXIST, bpflib_prog__link(self->reg, prog_fd(obj, "xdp_scale"), NULL));
	bpf_object__close(obj);
}

/* The newest loaded version every import accepts is the one linked in. */
TEST_F(reg, newest_compatible_version_linked_in)
{
	struct bpf_object *obj;

	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	ASSERT_GT(load_lib(self->reg, "testlib_v1_1"), 0);
	ASSERT_GT(load_lib(self->reg, "testlib_v2_0"), 0);
	obj = open_load(self->reg, "static_consumer", BPFLIB_LINK_AUTO);
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(4, bpflib_object__link(self->reg, obj, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	ASSERT_EQ(0, run_sys(obj, "static_sys"));
	EXPECT_EQ(2 * 3 + 1100, obj_global_u32(obj, ".bss", 0));
	bpf_object__close(obj);
}

/* Each refusal says why, and leaves nothing behind (the teardown checks). */
TEST_F(reg, refusals_are_explained)
{
	LIBBPFLIB_OPTS(bpflib_load_opts, fixed, .fixed_targets = true);
	LIBBPFLIB_OPTS(bpflib_open_opts, oo, .mode = BPFLIB_LINK_STATIC);
	struct bpf_object *obj;
	const char *why;

	/* No library loaded. */
	obj = bpflib_object__open_file(self->reg, bpf_obj("static_consumer"), NULL);
	EXPECT_EQ(NULL, obj);
	EXPECT_EQ(ENOENT, errno);
	why = bpflib_registry__errstr(self->reg);
	EXPECT_NE(NULL, strstr(why, "no loaded version of library 'testlib'")) TH_LOG("%s", why);

	/* Loaded without a kept copy. */
	ASSERT_GT(bpflib_library__load(self->reg, bpf_obj("testlib_v1_0"), &fixed), 0);
	obj = bpflib_object__open_file(self->reg, bpf_obj("static_consumer"), NULL);
	EXPECT_EQ(NULL, obj);
	EXPECT_EQ(ENODATA, errno);
	why = bpflib_registry__errstr(self->reg);
	EXPECT_NE(NULL, strstr(why, "keeps no copy")) TH_LOG("%s", why);

	/* An import the library does not export: its stub would stay. */
	obj = bpflib_object__open_file(self->reg, bpf_obj("consumer_mixed"), &oo);
	EXPECT_EQ(NULL, obj);
	EXPECT_EQ(ENODATA, errno);	/* testlib is still the fixed one */
	ASSERT_EQ(0, bpflib_library__unload(self->reg,
					    bpflib_library__find(self->reg, "testlib", NULL)));
	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	obj = bpflib_object__open_file(self->reg, bpf_obj("consumer_mixed"), &oo);
	EXPECT_EQ(NULL, obj);
	EXPECT_EQ(ENOENT, errno);
	why = bpflib_registry__errstr(self->reg);
	EXPECT_NE(NULL, strstr(why, "import 'tl_missing': testlib 1.0.0 exports no such function"))
		TH_LOG("%s", why);

	/* Both it and datalib keep variables in .bss. */
	ASSERT_GT(load_lib(self->reg, "datalib"), 0);
	obj = bpflib_object__open_file(self->reg, bpf_obj("data_consumer_bss"), NULL);
	EXPECT_EQ(NULL, obj);
	EXPECT_EQ(EOPNOTSUPP, errno);
	why = bpflib_registry__errstr(self->reg);
	EXPECT_NE(NULL, strstr(why, ".bss")) TH_LOG("%s", why);

	/* Not a file, and bad options. */
	EXPECT_EQ(NULL, bpflib_object__open_file(self->reg, "/nonexistent.o", NULL));
	EXPECT_EQ(ENOENT, errno);
	oo.mode = 7;
	EXPECT_EQ(NULL, bpflib_object__open_file(self->reg, bpf_obj("consumer"), &oo));
	EXPECT_EQ(EINVAL, errno);
}

/* A prototype that differs: libbpf's linker refuses, and bpflib says so. */
TEST_F(reg, prototype_mismatch_is_refused)
{
	LIBBPFLIB_OPTS(bpflib_open_opts, oo, .mode = BPFLIB_LINK_STATIC);
	struct bpf_object *obj;
	const char *why;

	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	obj = bpflib_object__open_file(self->reg, bpf_obj("consumer_sig"), &oo);
	EXPECT_EQ(NULL, obj);
	EXPECT_EQ(EINVAL, errno);
	why = bpflib_registry__errstr(self->reg);
	EXPECT_NE(NULL, strstr(why, "linking testlib 1.0.0 into it")) TH_LOG("%s", why);
}

/* Gone once nothing holds it: the registry's record goes too. */
TEST_F(reg, static_consumer_released_with_its_last_fd)
{
	struct bpflib_library_info *li;
	struct bpf_object *obj;
	__u32 id;
	int lib;

	lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(lib, 0);
	obj = open_load(self->reg, "static_consumer", BPFLIB_LINK_AUTO);
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(4, bpflib_object__link(self->reg, obj, NULL));
	id = prog_id(prog_fd(obj, "static_scale"));
	bpf_object__close(obj);
	EXPECT_EQ(0, wait_prog_gone(id, 5000));
	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	EXPECT_EQ(0, li->info.nr_links);
	bpflib_library_info__free(li);
}

TEST_HARNESS_MAIN
