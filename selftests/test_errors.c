// SPDX-License-Identifier: GPL-2.0
/*
 * Every error says what happened: for each way a library or a consumer can
 * be wrong, the errno and the words that name the cause (and the fix,
 * where there is one).  Never strerror() of a libbpf code, never ENOSPC
 * for a verifier log that did not fit.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

FIXTURE(errors) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
};

FIXTURE_SETUP(errors)
{
	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg);
}

FIXTURE_TEARDOWN_PARENT(errors)
{
	BPFLIB_TEARDOWN(&self->ids);
}

/* The last error of @reg contains @what. */
#define EXPECT_ERR_HAS(reg, what)						\
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(reg), what))		\
		TH_LOG("wanted '%s' in: %s", what, bpflib_registry__errstr(reg))
#define EXPECT_ERR_LACKS(reg, what)						\
	EXPECT_EQ(NULL, strstr(bpflib_registry__errstr(reg), what))		\
		TH_LOG("did not want '%s' in: %s", what, bpflib_registry__errstr(reg))

/* Copy the first @len bytes of @from to @to. */
static int truncated_copy(const char *from, const char *to, off_t len)
{
	char buf[4096];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ssize_t n = in >= 0 && out >= 0 ? read(in, buf, len < 4096 ? len : 4096) : -1;
	int ok = n > 0 && write(out, buf, n) == n;

	close(in);
	close(out);
	return ok ? 0 : -1;
}

TEST_F(errors, library_without_btf)
{
	EXPECT_EQ(-EINVAL, bpflib_library__load(self->reg, bpf_obj("nobtf_lib"), NULL));
	EXPECT_ERR_HAS(self->reg, "no BTF");
	EXPECT_ERR_HAS(self->reg, "clang -g");
	EXPECT_ERR_LACKS(self->reg, "No such file");
}

TEST_F(errors, truncated_library)
{
	ASSERT_EQ(0, truncated_copy(bpf_obj("testlib_v1_0"), "/tmp/truncated.bpf.o", 900));
	EXPECT_EQ(-EINVAL, bpflib_library__load(self->reg, "/tmp/truncated.bpf.o", NULL));
	EXPECT_ERR_HAS(self->reg, "truncated or corrupt ELF");
	EXPECT_ERR_LACKS(self->reg, "BPFLIB_LIBRARY");
	unlink("/tmp/truncated.bpf.o");
}

TEST_F(errors, not_an_object)
{
	int fd = open("/tmp/garbage.o", O_WRONLY | O_CREAT | O_TRUNC, 0600);

	ASSERT_GE(fd, 0);
	ASSERT_EQ(8, write(fd, "garbage\n", 8));
	close(fd);
	EXPECT_EQ(-EINVAL, bpflib_library__load(self->reg, "/tmp/garbage.o", NULL));
	EXPECT_ERR_HAS(self->reg, "not an ELF object");
	unlink("/tmp/garbage.o");
	EXPECT_EQ(-EINVAL, bpflib_library__load(self->reg, "/tmp", NULL));
	EXPECT_ERR_HAS(self->reg, "not a regular file");
	EXPECT_EQ(-ENOENT, bpflib_library__load(self->reg, "/tmp/nothing.bpf.o", NULL));
	EXPECT_ERR_HAS(self->reg, "No such file");
}

/*
 * Prototypes no consumer could ever link are refused at load, every one
 * at once, each with the argument, the kernel's rule and the fix.
 */
TEST_F(errors, signatures_checked_up_front)
{
	const char *want[] = {
		"'bs_void': argument 1 (p) is a void (or untyped) pointer: the kernel links only pointers to named structs",
		"'bs_char': argument 1 (s) points to an integer (char): the kernel links only pointers to named structs (wrap it",
		"'bs_int': argument 1 (p) points to an integer (int)",
		"'bs_big': argument 1 (b) points to struct bs_big of 600 bytes: a caller has room for at most 512",
		"'bs_byval': argument 1 (s) is a struct passed by value",
		"'bs_anon': argument 1 (a) points to a struct without a name",
		"'bs_retptr': the return value is a pointer",
		"7 exports no consumer could link",
	};
	LIBBPFLIB_OPTS(bpflib_header_opts, hopts, .path = bpf_obj("badsigs"));
	const char *err;
	size_t i;

	EXPECT_EQ(-EINVAL, bpflib_library__load(self->reg, bpf_obj("badsigs"), NULL));
	err = bpflib_registry__errstr(self->reg);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		EXPECT_NE(NULL, strstr(err, want[i])) TH_LOG("no '%s' in: %s", want[i], err);
	EXPECT_EQ(NULL, strstr(err, "bs_ok"));
	/* No header declares them either. */
	EXPECT_EQ(-EINVAL, bpflib_gen_header(self->reg, stdout, &hopts));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "cannot be exported"));
}

/*
 * A log longer than any first buffer: the kernel answers ENOSPC instead
 * of the verifier's error.  bpflib must report the verifier's error, and
 * the end of the log, where the reason is.
 */
TEST_F_TIMEOUT(errors, verifier_log_longer_than_the_buffer, 120)
{
	char small[512];
	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .log_buf = small, .log_size = sizeof(small));
	int err;

	err = bpflib_library__load(self->reg, bpf_obj("biglog"), &opts);
	EXPECT_GT(0, err);
	EXPECT_NE(-ENOSPC, err);
	EXPECT_ERR_HAS(self->reg, "the verifier refused 'bl_sum'");
	EXPECT_ERR_LACKS(self->reg, "No space left");
	/* The reason is at the end, in the caller's buffer too. */
	EXPECT_NE(NULL, strstr(small, "processed")) TH_LOG("%s", small);
	EXPECT_EQ(strlen(small), sizeof(small) - 1);
}

TEST_F(errors, unload_names_the_consumers)
{
	struct bpf_object *obj;
	char want[128];
	int lib;

	lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(lib, 0);
	obj = load_obj("consumer");
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(obj, "xdp_scale"), NULL));
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(obj, "tc_scale"), NULL));
	EXPECT_EQ(-EBUSY, bpflib_library__unload(self->reg, lib));
	EXPECT_ERR_HAS(self->reg, "cannot unload testlib 1.0.0");
	snprintf(want, sizeof(want), "prog %u (xdp_scale)", prog_id(prog_fd(obj, "xdp_scale")));
	EXPECT_ERR_HAS(self->reg, want);
	snprintf(want, sizeof(want), "prog %u (tc_scale)", prog_id(prog_fd(obj, "tc_scale")));
	EXPECT_ERR_HAS(self->reg, want);
	EXPECT_ERR_HAS(self->reg, "2 consumers");
	bpf_object__close(obj);
}

/*
 * A library that serves other types, and keeps no copy of its object to
 * serve more: every type it serves is named, and the way out.
 */
TEST_F(errors, other_program_types_are_all_named)
{
	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .fixed_targets = true);
	struct bpf_object *obj;

	ASSERT_GT(bpflib_library__load(self->reg, bpf_obj("testlib_v1_0"), &opts), 0);
	obj = load_obj("consumer_socket");
	ASSERT_NE(NULL, obj);
	EXPECT_EQ(-ENOENT, bpflib_object__link(self->reg, obj, NULL));
	EXPECT_ERR_HAS(self->reg, "testlib 1.0.0 exports it for xdp (attach type xdp), sched_cls");
	EXPECT_ERR_HAS(self->reg, "this program is socket_filter");
	EXPECT_ERR_HAS(self->reg, "load it again with this program's type as a target");
	bpf_object__close(obj);
}

/* Same spelling, different layout: say which size or member differs. */
TEST_F(errors, struct_layout_mismatch_says_what_differs)
{
	struct bpf_object *obj;

	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	obj = load_obj("consumer_bad");
	ASSERT_NE(NULL, obj);
	EXPECT_EQ(-EINVAL, bpflib_prog__link(self->reg, prog_fd(obj, "bad_struct"), NULL));
	EXPECT_ERR_HAS(self->reg, "struct tl_pair is 4 bytes in the consumer, 8 in testlib 1.0.0");
	/* The two prototypes read the same: printing them would say nothing. */
	EXPECT_ERR_LACKS(self->reg, "declares");
	bpf_object__close(obj);
}

/* An integer argument of another size: no word about structs. */
TEST_F(errors, integer_mismatch_says_sizes)
{
	struct bpf_object *obj;

	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	obj = load_obj("consumer_bad");
	ASSERT_NE(NULL, obj);
	EXPECT_EQ(-EINVAL, bpflib_prog__link(self->reg, prog_fd(obj, "bad_sig"), NULL));
	EXPECT_ERR_HAS(self->reg, "argument 1 (x) is __u64 (8 bytes, unsigned) in the consumer, __u32 (4 bytes, unsigned) in testlib 1.0.0");
	EXPECT_ERR_LACKS(self->reg, "struct");
	bpf_object__close(obj);
}

/* The bytes of file @path into a new buffer; NULL on failure. */
static void *slurp(const char *path, size_t *size)
{
	struct stat st;
	void *buf = NULL;
	int fd = open(path, O_RDONLY);

	if (fd >= 0 && !fstat(fd, &st) && (buf = malloc(st.st_size)) &&
	    read(fd, buf, st.st_size) == st.st_size)
		*size = st.st_size;
	else if (buf) {
		free(buf);
		buf = NULL;
	}
	if (fd >= 0)
		close(fd);
	return buf;
}

/*
 * Any CAP_BPF caller chooses the object the registry keeps with its
 * library (BPFLIB_IOC_LIB_ADD's obj): gen header, instantiation on demand
 * or by hand, and static linking read it back.  Made hostile (its BTF
 * names a type that does not exist), each refuses it with the reason.
 */
TEST_F(errors, a_hostile_kept_object_is_refused_where_it_is_read)
{
	struct bpflib_func_desc d = { .name = "tl_scale" };
	struct bpflib_lib_add req = {
		.name = "testlib", .version = { .major = 1, .minor = 5 }, .nr_funcs = 1,
		.func_rec_size = sizeof(d), .funcs = (__u64)(unsigned long)&d,
	};
	LIBBPFLIB_OPTS(bpflib_header_opts, ho);
	struct bpf_object *obj;
	int lib, ext;
	size_t size;
	void *buf;
	FILE *null;

	ASSERT_EQ(0, system("bin/btfcorrupt bpf/testlib_v1_0.bpf.o /tmp/hostile.bpf.o range"));
	buf = slurp("/tmp/hostile.bpf.o", &size);
	ASSERT_NE(NULL, buf);
	/* A function of its own for the library: testlib's, for XDP. */
	lib = load_lib(self->reg, "testlib_v1_1");
	ASSERT_GT(lib, 0);
	ext = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, lib, "tl_scale",
						     BPF_PROG_TYPE_XDP));
	ASSERT_GE(ext, 0);
	ASSERT_EQ(0, bpflib_library__unload(self->reg, lib));
	d.prog_fd = ext;
	req.obj = (__u64)(unsigned long)buf;
	req.obj_size = size;
	ASSERT_EQ(0, ioctl(bpflib_registry__fd(self->reg), BPFLIB_IOC_LIB_ADD, &req));
	lib = req.lib_id;

	null = fopen("/dev/null", "w");
	ASSERT_NE(NULL, null);
	ho.lib_id = lib;
	EXPECT_GT(0, bpflib_gen_header(self->reg, null, &ho));
	EXPECT_ERR_HAS(self->reg, "corrupt BTF");
	fclose(null);
	EXPECT_GT(0, bpflib_library__add_target(self->reg, lib, "tc", NULL));
	EXPECT_ERR_HAS(self->reg, "corrupt BTF");
	/* A tc consumer: instantiated on demand, from the kept object. */
	obj = load_obj("consumer");
	ASSERT_NE(NULL, obj);
	EXPECT_GT(0, bpflib_prog__link(self->reg, prog_fd(obj, "tc_scale"), NULL));
	EXPECT_ERR_HAS(self->reg, "corrupt BTF");
	bpf_object__close(obj);
	/* A static consumer: the kept object is what would be linked in. */
	obj = bpflib_object__open_file(self->reg, bpf_obj("static_consumer"), NULL);
	EXPECT_EQ(NULL, obj);
	EXPECT_ERR_HAS(self->reg, "corrupt BTF");
	bpf_object__close(obj);
	EXPECT_EQ(0, bpflib_library__unload(self->reg, lib));
	close(ext);
	free(buf);
	unlink("/tmp/hostile.bpf.o");
}

TEST_HARNESS_MAIN
