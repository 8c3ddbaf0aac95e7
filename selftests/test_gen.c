// SPDX-License-Identifier: GPL-2.0
/*
 * bpflib gen header: the header consumers include, generated from a
 * library.  Consumers built against headers generated from libnet and
 * pktlib (at build time, from the objects) link and run; the header is the
 * same from the object file, from the loaded library, and as built.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
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

/* The header for @opts, in a malloc()ed string (NULL on failure, logged). */
static char *header(struct bpflib_registry *reg, const struct bpflib_header_opts *opts)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int n;

	if (!f)
		return NULL;
	n = bpflib_gen_header(reg, f, opts);
	fclose(f);
	if (n < 0) {
		fprintf(stderr, "# gen header: %s\n", bpflib_registry__errstr(reg));
		free(buf);
		return NULL;
	}
	return buf;
}

/* The file at @path, in a malloc()ed string (NULL if it cannot be read). */
static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *in = fopen(path, "r"), *out = open_memstream(&buf, &len);
	int ch;

	if (in && out)
		while ((ch = fgetc(in)) != EOF)
			fputc(ch, out);
	if (out)
		fclose(out);
	if (!in) {
		free(buf);
		return NULL;
	}
	fclose(in);
	return buf;
}

/* The round trip: a consumer of the generated header links and runs. */
TEST_F(reg, consumer_of_a_generated_header)
{
	struct udp4 spec = {
		.saddr = htonl(0x0a000001), .daddr = htonl(0x0a000002),
		.sport = 1234, .dport = 53, .payload = 16,
	};
	struct bpf_object *obj;
	__u8 pkt[128];
	size_t len;
	__u32 want;

	ASSERT_GT(load_lib(self->reg, "libnet"), 0);
	obj = load_obj("gen_user");
	ASSERT_NE(NULL, obj);
	len = build_udp4(pkt, sizeof(pkt), &spec);
	want = ref_flow_hash(spec.saddr, spec.daddr, htons(1234), htons(53), 17, 0x5eed);
	EXPECT_EQ(0, test_run(prog_fd(obj, "gen_flow_hash"), pkt, len));
	ASSERT_EQ(2, bpflib_object__link(self->reg, obj, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(want, (__u32)test_run(prog_fd(obj, "gen_flow_hash"), pkt, len));
	bpf_object__close(obj);
}

/* An export that changes packet data gets BPFLIB_STUB_PKT, which the kernel checks. */
TEST_F(reg, generated_stub_for_packet_changes)
{
	struct bpf_object *obj;
	__u8 pkt[64] = {};
	struct utsname u;
	int major = 0, minor = 0, lib;

	ASSERT_EQ(0, uname(&u));
	sscanf(u.release, "%d.%d", &major, &minor);
	lib = bpflib_library__load(self->reg, bpf_obj("pktlib"), NULL);
	if (major < 6 || (major == 6 && minor < 12)) {
		EXPECT_EQ(-EOPNOTSUPP, lib);
		SKIP(return, "before 6.12 the kernel does not check packet changes on links; bpflib refuses such functions");
	}
	ASSERT_GT(lib, 0) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	obj = load_obj("gen_pkt_user");
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(1, bpflib_object__link(self->reg, obj, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(64 - 14, test_run(prog_fd(obj, "gen_pull"), pkt, sizeof(pkt)));
	bpf_object__close(obj);
}

/* The same header from the file, from the loaded library, and as built. */
TEST_F(reg, same_header_from_file_loaded_and_build)
{
	LIBBPFLIB_OPTS(bpflib_header_opts, from_file, .path = bpf_obj("libnet"));
	LIBBPFLIB_OPTS(bpflib_header_opts, from_lib);
	char *a, *b, *built;
	int lib;

	lib = load_lib(self->reg, "libnet");
	ASSERT_GT(lib, 0);
	from_lib.lib_id = lib;
	a = header(self->reg, &from_file);
	b = header(self->reg, &from_lib);
	built = slurp("gen/libnet.gen.h");
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_NE(NULL, built);
	EXPECT_STREQ(a, b);
	EXPECT_STREQ(a, built);
	EXPECT_NE(NULL, strstr(a, "struct net_flow {"));
	EXPECT_NE(NULL, strstr(a, "BPFLIB_IMPORT(\"libnet\", \"1.0\")\n"
			       "__u32 net_flow_hash(struct net_flow *flow, __u32 seed)\n"
			       "BPFLIB_STUB(flow, seed);"));
	free(a);
	free(b);
	free(built);
}

/* Bad input: a consumer, no library at all, both or neither source, a fixed library. */
TEST_F(reg, header_errors)
{
	LIBBPFLIB_OPTS(bpflib_header_opts, opts, .path = bpf_obj("consumer"));
	LIBBPFLIB_OPTS(bpflib_header_opts, fixed_opts);
	LIBBPFLIB_OPTS(bpflib_load_opts, fixed, .fixed_targets = true);
	int lib;

	EXPECT_EQ(-EINVAL, bpflib_gen_header(self->reg, stdout, &opts));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "not a bpflib library"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	opts.path = "/nonexistent.bpf.o";
	EXPECT_EQ(-ENOENT, bpflib_gen_header(self->reg, stdout, &opts));
	opts.lib_id = 1;
	EXPECT_EQ(-EINVAL, bpflib_gen_header(self->reg, stdout, &opts));
	opts.path = NULL;
	opts.lib_id = 999999;
	EXPECT_EQ(-ENOENT, bpflib_gen_header(self->reg, stdout, &opts));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "no such library"));
	lib = bpflib_library__load(self->reg, bpf_obj("testlib_v1_0"), &fixed);
	ASSERT_GT(lib, 0);
	fixed_opts.lib_id = lib;
	EXPECT_EQ(-ENODATA, bpflib_gen_header(self->reg, stdout, &fixed_opts));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "from its file"));
}

TEST_HARNESS_MAIN
