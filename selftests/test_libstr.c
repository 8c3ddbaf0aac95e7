// SPDX-License-Identifier: GPL-2.0
/*
 * examples/libstr, the second example library: string utilities that an
 * XDP, a tc and a tracepoint consumer share, each linked to the one copy
 * verified for its type, each checked against results computed here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

/* examples/libstr/libstr.h's struct str, as user space fills it. */
#define STR_MAX	64
struct str {
	__u32 len;
	__u32 __pad;
	char s[STR_MAX];
};

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

/*
 * libstr for @target only (NULL: all three), so that a test verifies what
 * it uses: the debug kernel's verifier takes tens of seconds for all.
 */
static int load_libstr(struct bpflib_registry *reg, const char *target)
{
	const char *targets[] = { target, NULL };
	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .targets = target ? targets : NULL);
	int lib = bpflib_library__load(reg, bpf_obj("libstr"), &opts);

	if (lib < 0)
		fprintf(stderr, "# load libstr: %s\n", bpflib_registry__errstr(reg));
	return lib;
}

FIXTURE_TEARDOWN_PARENT(reg)
{
	BPFLIB_TEARDOWN(&self->ids);
}

/* An Ethernet/IPv4/UDP frame carrying @payload; its length. */
static size_t udp_with(__u8 *buf, size_t size, const char *payload)
{
	struct udp4 spec = {
		.saddr = htonl(0x0a000001), .daddr = htonl(0x0a000002),
		.sport = 1234, .dport = 5353, .payload = strlen(payload),
	};
	size_t len = build_udp4(buf, size, &spec);

	memcpy(buf + len - strlen(payload), payload, strlen(payload));
	return len;
}

static __u32 fnv1a(const char *s)
{
	__u32 h = 2166136261U;

	for (; *s; s++) {
		h ^= (__u8)*s;
		h *= 16777619U;
	}
	return h;
}

/* Every export serves each of the three types. */
TEST_F_TIMEOUT(reg, serves_three_types, 300)
{
	int lib = load_libstr(self->reg, NULL);
	struct bpflib_library_info *li;

	ASSERT_GT(lib, 0);
	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	EXPECT_EQ(12, li->info.nr_funcs);
	bpflib_library_info__free(li);
}

/* XDP: payloads that start with a blocked prefix are dropped. */
TEST_F_TIMEOUT(reg, xdp_blocks_prefixes, 180)
{
	struct str drop = { .len = 4, .s = "DROP" };
	struct bpf_object *obj;
	__u8 pkt[128];
	__u32 key = 0;
	__u64 dropped = 0;
	size_t len;

	ASSERT_GT(load_libstr(self->reg, "xdp"), 0);
	obj = load_obj("str_xdp");
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(0, bpf_map_update_elem(bpf_map__fd(bpf_object__find_map_by_name(obj, "str_blocked")),
					 &key, &drop, 0));
	ASSERT_EQ(1, bpflib_object__link(self->reg, obj, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	len = udp_with(pkt, sizeof(pkt), "DROP TABLE users");
	EXPECT_EQ(XDP_DROP, test_run(prog_fd(obj, "str_xdp"), pkt, len));
	len = udp_with(pkt, sizeof(pkt), "hello DROP");
	EXPECT_EQ(XDP_PASS, test_run(prog_fd(obj, "str_xdp"), pkt, len));
	len = udp_with(pkt, sizeof(pkt), "DRO");
	EXPECT_EQ(XDP_PASS, test_run(prog_fd(obj, "str_xdp"), pkt, len));
	ASSERT_EQ(0, bpf_map_lookup_elem(bpf_map__fd(bpf_object__find_map_by_name(obj, ".bss")),
					 &key, &dropped));
	EXPECT_EQ(1, dropped);
	bpf_object__close(obj);
}

/* tc: "id=<n>" in the payload becomes the packet's mark. */
TEST_F_TIMEOUT(reg, tc_marks_ids, 180)
{
	struct __sk_buff ctx = {}, out = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		    .ctx_out = &out, .ctx_size_out = sizeof(out));
	struct bpf_object *obj;
	__u8 pkt[128];

	ASSERT_GT(load_libstr(self->reg, "tc"), 0);
	obj = load_obj("str_tc");
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(2, bpflib_object__link(self->reg, obj, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	opts.data_in = pkt;
	opts.data_size_in = udp_with(pkt, sizeof(pkt), "user=alice id=4242 end");
	ASSERT_EQ(0, bpf_prog_test_run_opts(prog_fd(obj, "str_tc"), &opts));
	EXPECT_EQ(4242, out.mark);
	memset(&out, 0, sizeof(out));
	opts.data_size_in = udp_with(pkt, sizeof(pkt), "no number here: id=x");
	ASSERT_EQ(0, bpf_prog_test_run_opts(prog_fd(obj, "str_tc"), &opts));
	EXPECT_EQ(0, out.mark);
	bpf_object__close(obj);
}

/* A tracepoint: this process's opens under /tmp/, by name hash. */
TEST_F_TIMEOUT(reg, tracepoint_counts_opens, 180)
{
	__u32 bss[2] = { getpid(), SYS_openat }, key = 0, h;
	struct bpf_object *obj;
	struct bpf_link *link;
	__u64 n = 0;
	int i, opens;

	ASSERT_GT(load_libstr(self->reg, "tracepoint"), 0);
	obj = load_obj("str_trace");
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(0, bpf_map_update_elem(bpf_map__fd(bpf_object__find_map_by_name(obj, ".bss")),
					 &key, bss, 0));
	ASSERT_EQ(2, bpflib_object__link(self->reg, obj, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	link = bpf_program__attach(bpf_object__find_program_by_name(obj, "str_trace"));
	ASSERT_NE(NULL, link);
	for (i = 0; i < 3; i++)
		close(open("/tmp/libstr_a", O_RDONLY | O_CREAT, 0600));
	close(open("/tmp/libstr_b", O_RDONLY | O_CREAT, 0600));
	close(open("/etc/passwd", O_RDONLY));
	bpf_link__destroy(link);
	unlink("/tmp/libstr_a");
	unlink("/tmp/libstr_b");

	opens = bpf_map__fd(bpf_object__find_map_by_name(obj, "str_opens"));
	h = fnv1a("/tmp/libstr_a");
	EXPECT_EQ(0, bpf_map_lookup_elem(opens, &h, &n));
	EXPECT_EQ(3, n);
	h = fnv1a("/tmp/libstr_b");
	EXPECT_EQ(0, bpf_map_lookup_elem(opens, &h, &n));
	EXPECT_EQ(1, n);
	h = fnv1a("/etc/passwd");
	EXPECT_EQ(-ENOENT, bpf_map_lookup_elem(opens, &h, &n) ? -errno : 0);
	bpf_object__close(obj);
}

TEST_HARNESS_MAIN
