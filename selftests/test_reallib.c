// SPDX-License-Identifier: GPL-2.0
/*
 * A library of realistic size (reallib: a bitwise CRC-32 and an FNV-1a
 * hash over 64 bytes, a token bucket in a hash map) linked dynamically and
 * statically.  Statically linked, its functions are global functions of
 * the consumer: the verifier checks each call against the prototype and
 * walks each function once, so a consumer verifies about what it verifies
 * dynamically plus one verification of each function, however many calls
 * it makes (each consumer here calls every function twice or more).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"
#include "progs/reallib_user.h"

#define RL_LEN	64	/* the library's buffer */

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

/* zlib's crc32() of @len bytes of @p. */
static __u32 ref_crc32(const __u8 *p, __u32 len)
{
	__u32 crc = 0xffffffff;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? crc >> 1 ^ 0xedb88320 : crc >> 1;
	}
	return ~crc;
}

/* 32-bit FNV-1a of @len bytes of @p, @seed xored into the offset basis. */
static __u32 ref_fnv1a(const __u8 *p, __u32 len, __u32 seed)
{
	__u32 h = 0x811c9dc5 ^ seed;

	while (len--) {
		h ^= *p++;
		h *= 0x01000193;
	}
	return h;
}

/*
 * Check the two rounds rl_run() made on @data (@len bytes, at most
 * RL_LEN of them hashed), whose buckets held @left + 1 tokens before.
 */
static void check_out(struct __test_metadata *_metadata, const struct rl_out *out,
		      const __u8 *data, __u32 len, __u64 left)
{
	int i;

	for (i = 0; i < 2; i++, len /= 2) {
		__u32 n = len < RL_LEN ? len : RL_LEN;

		EXPECT_EQ(ref_crc32(data, n), out[i].crc) TH_LOG("round %d", i);
		EXPECT_EQ(ref_fnv1a(data, n, 0), out[i].hash) TH_LOG("round %d", i);
		EXPECT_EQ(ref_fnv1a(data, n, out[i].crc), out[i].hash2) TH_LOG("round %d", i);
		EXPECT_EQ(1, out[i].took) TH_LOG("round %d", i);
		EXPECT_EQ(left, out[i].left) TH_LOG("round %d", i);
	}
}

/* @obj's .bss: its two struct rl_out. */
static int read_out(struct bpf_object *obj, struct rl_out *out)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, ".bss");
	__u32 key = 0;

	if (!map || bpf_map__value_size(map) != 2 * sizeof(*out))
		return -ENOENT;
	return bpf_map_lookup_elem(bpf_map__fd(map), &key, out) ? -errno : 0;
}

static __u32 verified_insns(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.verified_insns;
}

/* What the library's three functions verified, each once, as @type. */
static __u32 lib_verified(struct bpflib_registry *reg, int lib, __u32 type)
{
	static const char *const funcs[] = { "rl_crc32", "rl_hash", "rl_take" };
	__u32 sum = 0, i, n;
	int fd;

	for (i = 0; i < 3; i++) {
		fd = bpf_prog_get_fd_by_id(lib_func_prog_id(reg, lib, funcs[i], type));
		n = fd < 0 ? 0 : verified_insns(fd);
		if (fd >= 0)
			close(fd);
		if (!n)
			return 0;
		sum += n;
	}
	return sum;
}

/* Open @name through bpflib in @mode, load and link it; NULL on failure (logged). */
static struct bpf_object *open_link(struct bpflib_registry *reg, const char *name,
				    enum bpflib_link_mode mode, int nr_imports)
{
	LIBBPFLIB_OPTS(bpflib_open_opts, oo, .mode = mode);
	struct bpf_object *obj;
	int n;

	obj = bpflib_object__open_file(reg, bpf_obj(name), &oo);
	if (!obj) {
		fprintf(stderr, "# open %s: %s\n", name, bpflib_registry__errstr(reg));
		return NULL;
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "# load %s failed (libbpf's log above)\n", name);
		bpf_object__close(obj);
		return NULL;
	}
	n = bpflib_object__link(reg, obj, NULL);
	if (n != nr_imports) {
		fprintf(stderr, "# link %s: %d: %s\n", name, n, bpflib_registry__errstr(reg));
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

/* Test-run syscall program @prog of @obj on @args: 0 or -errno. */
static int run_sys(struct bpf_object *obj, const char *prog, struct rl_sys_args *args)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = args, .ctx_size_in = sizeof(*args));

	return bpf_prog_test_run_opts(prog_fd(obj, prog), &opts) ? -errno : 0;
}

static void fill(__u8 *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = i * 37 + 11;
}

/*
 * One tc consumer object, linked dynamically and statically: both compute
 * what user space computes, take from the same buckets (the library's
 * map), and the static one verifies the library's functions once.
 */
TEST_F(reg, tc_static_and_dynamic_agree_and_verify_each_function_once)
{
	struct bpf_object *dyn, *st;
	__u32 funcs, v_dyn, v_st;
	struct rl_out out[2];
	__u8 pkt[80];
	int lib;

	lib = load_lib(self->reg, "reallib");
	ASSERT_GT(lib, 0);
	funcs = lib_verified(self->reg, lib, BPF_PROG_TYPE_SCHED_CLS);
	ASSERT_GT(funcs, 0);
	dyn = open_link(self->reg, "reallib_user", BPFLIB_LINK_DYNAMIC, 6);
	ASSERT_NE(NULL, dyn);
	st = open_link(self->reg, "reallib_user", BPFLIB_LINK_STATIC, 6);
	ASSERT_NE(NULL, st);
	fill(pkt, sizeof(pkt));

	ASSERT_EQ(0, test_run(prog_fd(dyn, "rl_tc"), pkt, sizeof(pkt)));
	ASSERT_EQ(0, read_out(dyn, out));
	check_out(_metadata, out, pkt, sizeof(pkt), RL_BURST - 1);
	/* One bucket per key for every consumer: one token fewer now. */
	ASSERT_EQ(0, test_run(prog_fd(st, "rl_tc"), pkt, sizeof(pkt)));
	ASSERT_EQ(0, read_out(st, out));
	check_out(_metadata, out, pkt, sizeof(pkt), RL_BURST - 2);

	v_dyn = verified_insns(prog_fd(dyn, "rl_tc"));
	v_st = verified_insns(prog_fd(st, "rl_tc"));
	fprintf(stderr, "# verified insns: library functions %u, dynamic consumer %u, static consumer %u\n",
		funcs, v_dyn, v_st);
	EXPECT_GE(v_st, funcs);
	/* Each function walked once, not once per call (twice or more here). */
	EXPECT_LE(v_st * 4, (v_dyn + funcs) * 5);
	bpf_object__close(st);
	bpf_object__close(dyn);
}

/* A syscall consumer (linked statically, as bpflib must) is the same. */
TEST_F(reg, syscall_static_verifies_each_function_once)
{
	struct rl_sys_args args = { .len = 64, .key = RL_KEY_SYS };
	struct rl_out out[2];
	struct bpf_object *st;
	__u32 funcs, v_st;
	int lib;

	lib = load_lib(self->reg, "reallib");
	ASSERT_GT(lib, 0);
	funcs = lib_verified(self->reg, lib, BPF_PROG_TYPE_SCHED_CLS);
	ASSERT_GT(funcs, 0);
	st = open_link(self->reg, "reallib_sys", BPFLIB_LINK_AUTO, 3);
	ASSERT_NE(NULL, st);
	fill(args.data, sizeof(args.data));

	ASSERT_EQ(0, run_sys(st, "rl_sys", &args));
	ASSERT_EQ(0, read_out(st, out));
	check_out(_metadata, out, args.data, args.len, RL_BURST - 1);
	v_st = verified_insns(prog_fd(st, "rl_sys"));
	fprintf(stderr, "# verified insns: library functions %u, static syscall consumer %u\n",
		funcs, v_st);
	EXPECT_GE(v_st, funcs);
	EXPECT_LE(v_st * 4, funcs * 5);
	bpf_object__close(st);
}

/*
 * Built with hidden import stubs (-fvisibility=hidden, or a visibility
 * pragma), a consumer must still get global functions when linked
 * statically: libbpf would make hidden ones static, and the verifier
 * would walk them at every call (past its limit, on Linux 6.1).
 */
TEST_F(reg, hidden_imports_stay_global_when_linked_statically)
{
	struct rl_sys_args args = { .len = 50, .key = RL_KEY_HIDDEN };
	struct rl_out out[2];
	struct bpf_object *st;
	__u32 funcs, v_st;
	int lib;

	lib = load_lib(self->reg, "reallib");
	ASSERT_GT(lib, 0);
	funcs = lib_verified(self->reg, lib, BPF_PROG_TYPE_SCHED_CLS);
	ASSERT_GT(funcs, 0);
	st = open_link(self->reg, "reallib_hidden", BPFLIB_LINK_AUTO, 3);
	ASSERT_NE(NULL, st);
	fill(args.data, sizeof(args.data));

	ASSERT_EQ(0, run_sys(st, "rl_hidden", &args));
	ASSERT_EQ(0, read_out(st, out));
	check_out(_metadata, out, args.data, args.len, RL_BURST - 1);
	v_st = verified_insns(prog_fd(st, "rl_hidden"));
	fprintf(stderr, "# verified insns: library functions %u, static consumer with hidden imports %u\n",
		funcs, v_st);
	EXPECT_GE(v_st, funcs);
	EXPECT_LE(v_st * 4, funcs * 5);
	bpf_object__close(st);
}

/*
 * A consumer built with hidden visibility links dynamically: its stubs
 * stay global functions, which the kernel can replace.
 */
TEST_F(reg, hidden_visibility_consumers_link_dynamically)
{
	struct bpf_object *dyn;
	struct rl_out out[2];
	__u8 pkt[80];
	int lib;

	lib = load_lib(self->reg, "reallib");
	ASSERT_GT(lib, 0);
	dyn = open_link(self->reg, "reallib_pragma", BPFLIB_LINK_DYNAMIC, 3);
	ASSERT_NE(NULL, dyn);
	fill(pkt, sizeof(pkt));
	ASSERT_EQ(0, test_run(prog_fd(dyn, "rl_hidden_tc"), pkt, sizeof(pkt)));
	ASSERT_EQ(0, read_out(dyn, out));
	check_out(_metadata, out, pkt, sizeof(pkt), RL_BURST - 1);
	bpf_object__close(dyn);
}

TEST_HARNESS_MAIN
