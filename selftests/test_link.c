// SPDX-License-Identifier: GPL-2.0
/*
 * Loading libraries and linking consumers, end to end: real objects, the
 * real module, programs run with BPF_PROG_TEST_RUN and attached to lo.
 */
#include <errno.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
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

/*
 * In the parent, once the test's process and all its fds are gone: unload
 * what it left, then every program, map, link and BTF object it created
 * must go away too.
 */
FIXTURE_TEARDOWN_PARENT(reg)
{
	struct bpflib_registry *reg = bpflib_registry__open(NULL);
	struct bpflib_library_info *li;
	char why[512];

	ASSERT_NE(NULL, reg);
	while ((li = bpflib_registry__library_info(reg, 0, BPFLIB_INFO_F_NEXT))) {
		EXPECT_EQ(0, bpflib_library__unload(reg, li->info.lib_id))
			TH_LOG("%s", bpflib_registry__errstr(reg));
		bpflib_library_info__free(li);
	}
	bpflib_registry__close(reg);
	EXPECT_EQ(0, ids_wait_equal(&self->ids, 5000, why, sizeof(why)))
		TH_LOG("leaked: %s", why);
}

static const __u8 *udp_frame(size_t *len)
{
	static __u8 buf[128];
	struct udp4 spec = {
		.saddr = htonl(0x0a000001), .daddr = htonl(0x0a000002),
		.sport = 1234, .dport = 53, .payload = 16,
	};

	*len = build_udp4(buf, sizeof(buf), &spec);
	return buf;
}

/* The consumer's result comes from the library: x * 3 + 1000 for 1.0. */
TEST_F(reg, result_comes_from_library)
{
	struct bpf_object *obj;
	__u8 pkt[64] = {};
	int fd;

	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	obj = load_obj("consumer");
	ASSERT_NE(NULL, obj);
	fd = prog_fd(obj, "xdp_scale");

	/* Unlinked, the stub answers 0. */
	EXPECT_EQ(0, test_run(fd, pkt, sizeof(pkt)));
	ASSERT_EQ(1, bpflib_prog__link(self->reg, fd, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(64 * 3 + 1000, test_run(fd, pkt, sizeof(pkt)));
	EXPECT_EQ(40 * 3 + 1000, test_run(fd, pkt, 40));
	bpf_object__close(obj);
}

/* libnet really parses and hashes: compare with an independent computation. */
TEST_F(reg, libnet_flow_hash_xdp_and_tc)
{
	struct bpf_object *obj;
	const __u8 *pkt;
	__u32 want;
	size_t len;
	int n;

	ASSERT_GT(load_lib(self->reg, "libnet"), 0);
	obj = load_obj("libnet_user");
	ASSERT_NE(NULL, obj);
	pkt = udp_frame(&len);
	want = ref_flow_hash(htonl(0x0a000001), htonl(0x0a000002), htons(1234), htons(53),
			     17, 0x5eed);
	ASSERT_NE(0, want);
	EXPECT_EQ(0, test_run(prog_fd(obj, "xdp_flow_hash"), pkt, len));

	n = bpflib_object__link(self->reg, obj, NULL);
	ASSERT_EQ(6, n) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(want, (__u32)test_run(prog_fd(obj, "xdp_flow_hash"), pkt, len));
	EXPECT_EQ(want, (__u32)test_run(prog_fd(obj, "tc_flow_hash"), pkt, len));
	/* UDP after a 14-byte Ethernet and a 20-byte IPv4 header. */
	EXPECT_EQ(34, test_run(prog_fd(obj, "xdp_parse"), pkt, len));
	/* A correct IPv4 header sums to 0. */
	EXPECT_EQ(0, test_run(prog_fd(obj, "xdp_ip_csum"), pkt, len));
	bpf_object__close(obj);
}

TEST_HARNESS_MAIN
