// SPDX-License-Identifier: GPL-2.0
/*
 * Loading libraries and linking consumers, end to end: real objects, the
 * real module, programs run with BPF_PROG_TEST_RUN and attached to lo.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
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

/*
 * In the parent, once the test's process and all its fds are gone: unload
 * what it left, then every program, map, link and BTF object it created
 * must go away too.
 */
FIXTURE_TEARDOWN_PARENT(reg)
{
	BPFLIB_TEARDOWN(&self->ids);
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

/* testlib 1.0 loaded, and the "consumer" object loaded but not linked. */
static struct bpf_object *testlib_and_consumer(struct bpflib_registry *reg)
{
	return load_lib(reg, "testlib_v1_0") > 0 ? load_obj("consumer") : NULL;
}

/* The consumer's result comes from the library: x * 3 + 1000 for 1.0. */
TEST_F(reg, result_comes_from_library)
{
	struct bpf_object *obj;
	__u8 pkt[64] = {};
	int fd;

	obj = testlib_and_consumer(self->reg);
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

/* Two consumers share the one program that implements the function. */
TEST_F(reg, consumers_share_one_copy)
{
	struct bpf_object *a, *b;
	struct bpflib_library_info *li;
	struct bpf_link_info info;
	__u32 len, ext_id, i;
	int lib, fd;

	lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(lib, 0);
	a = load_obj("consumer");
	b = load_obj("consumer");
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(a, "xdp_scale"), NULL));
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(b, "xdp_scale"), NULL));
	ext_id = lib_func_prog_id(self->reg, lib, "tl_scale", BPF_PROG_TYPE_XDP);
	ASSERT_NE(0, ext_id);

	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	EXPECT_EQ(2, li->info.nr_links);
	EXPECT_EQ(2, li->info.nr_consumers);
	/* Ask the kernel, not the registry, what each link runs and extends. */
	for (i = 0; i < li->info.nr_links; i++) {
		fd = bpf_link_get_fd_by_id(li->links[i].link_id);
		ASSERT_GE(fd, 0);
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		ASSERT_EQ(0, bpf_obj_get_info_by_fd(fd, &info, &len));
		EXPECT_EQ(ext_id, info.prog_id);
		EXPECT_EQ(li->links[i].consumer_id, info.tracing.target_obj_id);
		EXPECT_EQ(li->links[i].consumer_btf_id, info.tracing.target_btf_id);
		close(fd);
	}
	EXPECT_NE(li->links[0].consumer_id, li->links[1].consumer_id);
	EXPECT_EQ(prog_id(prog_fd(a, "xdp_scale")), li->links[0].consumer_id);
	bpflib_library_info__free(li);
	bpf_object__close(a);
	bpf_object__close(b);
}

/* One library, one set of maps, whatever the consumer's type. */
TEST_F(reg, library_state_shared_across_types)
{
	struct bpf_object *obj;
	__u64 calls = 0;
	__u32 key = 0;
	__u8 pkt[64] = {};
	int lib, map;

	lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(lib, 0);
	obj = load_obj("consumer");
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(obj, "xdp_scale"), NULL));
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(obj, "tc_scale"), NULL));
	EXPECT_EQ(64 * 3 + 1000, test_run(prog_fd(obj, "xdp_scale"), pkt, sizeof(pkt)));
	EXPECT_EQ(64 * 3 + 1000, test_run(prog_fd(obj, "tc_scale"), pkt, sizeof(pkt)));
	EXPECT_EQ(64 * 3 + 1000, test_run(prog_fd(obj, "tc_scale"), pkt, sizeof(pkt)));

	/* The XDP and the tc implementation of tl_scale count in the same map. */
	map = prog_map_fd(lib_func_prog_id(self->reg, lib, "tl_scale", BPF_PROG_TYPE_XDP),
			  "tl_calls");
	ASSERT_GE(map, 0);
	EXPECT_EQ(map >= 0 ? 0 : -1, 0);
	ASSERT_EQ(0, bpf_map_lookup_elem(map, &key, &calls));
	EXPECT_EQ(3, calls);
	close(map);
	map = prog_map_fd(lib_func_prog_id(self->reg, lib, "tl_scale", BPF_PROG_TYPE_SCHED_CLS),
			  "tl_calls");
	ASSERT_GE(map, 0);
	ASSERT_EQ(0, bpf_map_lookup_elem(map, &key, &calls));
	EXPECT_EQ(3, calls);
	close(map);
	bpf_object__close(obj);
}

/* A function whose argument is XDP's context only serves XDP consumers. */
TEST_F(reg, ctx_functions_serve_their_type_only)
{
	int lib = load_lib(self->reg, "testlib_v1_0");

	ASSERT_GT(lib, 0);
	EXPECT_NE(0, lib_func_prog_id(self->reg, lib, "tl_xdp_len", BPF_PROG_TYPE_XDP));
	EXPECT_EQ(0, lib_func_prog_id(self->reg, lib, "tl_xdp_len", BPF_PROG_TYPE_SCHED_CLS));
	EXPECT_NE(0, lib_func_prog_id(self->reg, lib, "tl_scale", BPF_PROG_TYPE_SCHED_CLS));
}

/* Several imports, a context argument and a struct on the stack. */
TEST_F(reg, all_imports_of_a_program)
{
	struct bpf_object *obj;
	__u8 pkt[100] = {};
	int fd;

	obj = testlib_and_consumer(self->reg);
	ASSERT_NE(NULL, obj);
	fd = prog_fd(obj, "xdp_all");
	ASSERT_EQ(3, bpflib_prog__link(self->reg, fd, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	/* 7 + len (tl_pair_sum of {7, tl_xdp_len}) + tl_scale(1) */
	EXPECT_EQ(7 + 100 + 3 + 1000, test_run(fd, pkt, sizeof(pkt)));
	EXPECT_EQ(0, bpflib_prog__link(self->reg, prog_fd(obj, "xdp_plain"), NULL));
	bpf_object__close(obj);
}

static int pin_linked_consumer(void *arg)
{
	struct bpflib_registry *reg = bpflib_registry__open(NULL);
	struct bpf_object *obj = load_obj("consumer");

	if (!reg || !obj)
		return 1;
	if (bpflib_prog__link(reg, prog_fd(obj, "xdp_scale"), NULL) != 1)
		return 2;
	if (bpf_obj_pin(prog_fd(obj, "xdp_scale"), "/sys/fs/bpf/bpflib_test_pin"))
		return 3;
	return 0;	/* exit: every fd of this process closes */
}

/* Linked by a process that has exited, run by another. */
TEST_F(reg, pinned_consumer_outlives_its_linker)
{
	__u8 pkt[64] = {};
	int pid, status, fd;
	__u32 id;

	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid)
		_exit(pin_linked_consumer(NULL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));

	/* The registry's periodic release must not take a pinned consumer. */
	usleep(1500 * 1000);
	fd = bpf_obj_get("/sys/fs/bpf/bpflib_test_pin");
	ASSERT_GE(fd, 0);
	unlink("/sys/fs/bpf/bpflib_test_pin");
	EXPECT_EQ(64 * 3 + 1000, test_run(fd, pkt, sizeof(pkt)));
	id = prog_id(fd);
	close(fd);
	/* Now nothing holds it but its link: the registry lets both go. */
	EXPECT_EQ(0, wait_prog_gone(id, 5000));
}

static int attach_flow_consumers(void *arg)
{
	struct bpflib_registry *reg = bpflib_registry__open(NULL);
	struct bpf_object *xdp = load_obj("xdp_flow"), *tc = load_obj("tc_flow");
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = 1, .attach_point = BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, tc_opts);

	if (!reg || !xdp || !tc)
		return 1;
	if (bpflib_object__link(reg, xdp, NULL) != 3 || bpflib_object__link(reg, tc, NULL) != 3)
		return 2;
	if (bpf_xdp_attach(1, prog_fd(xdp, "xdp_flow"), XDP_FLAGS_SKB_MODE, NULL))
		return 3;
	tc_opts.prog_fd = prog_fd(tc, "tc_flow");
	if (bpf_tc_hook_create(&hook) || bpf_tc_attach(&hook, &tc_opts))
		return 4;
	if (bpf_obj_pin(bpf_map__fd(bpf_object__find_map_by_name(xdp, "flows")),
			"/sys/fs/bpf/bpflib_xdp_flows") ||
	    bpf_obj_pin(bpf_map__fd(bpf_object__find_map_by_name(tc, "flows")),
			"/sys/fs/bpf/bpflib_tc_flows"))
		return 5;
	return 0;
}

/* Count the packets of the flow 127.0.0.1 -> 127.0.0.1:@port in @map_path. */
static __u64 flow_packets(const char *map_path, __u16 port, __u32 *hash)
{
	struct {
		__u32 saddr, daddr;
		__u16 sport, dport;
		__u8 proto, pad[3];
	} key, next;
	struct {
		__u64 packets, bytes;
		__u32 hash, bad_csum;
	} st;
	__u64 n = 0;
	int fd = bpf_obj_get(map_path);
	void *prev = NULL;

	while (fd >= 0 && !bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (key.dport != htons(port) || key.proto != IPPROTO_UDP ||
		    bpf_map_lookup_elem(fd, &key, &st))
			continue;
		n += st.packets;
		*hash = st.hash;
		if (st.hash != ref_flow_hash(key.saddr, key.daddr, key.sport, key.dport,
					     key.proto, 0) || st.bad_csum)
			return 0;
	}
	if (fd >= 0)
		close(fd);
	return n;
}

/* Attached by a process that has exited: real packets go through the library. */
TEST_F(reg, attached_consumers_outlive_their_linker)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = 1, .attach_point = BPF_TC_INGRESS);
	__u32 hash = 0;
	int pid, status, lib;

	lib = load_lib(self->reg, "libnet");
	ASSERT_GT(lib, 0);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid)
		_exit(attach_flow_consumers(NULL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));

	usleep(1500 * 1000);	/* past a periodic release */
	ASSERT_EQ(0, send_udp_lo(10, 9999));
	EXPECT_EQ(10, flow_packets("/sys/fs/bpf/bpflib_xdp_flows", 9999, &hash));
	EXPECT_NE(0, hash);
	EXPECT_EQ(10, flow_packets("/sys/fs/bpf/bpflib_tc_flows", 9999, &hash));
	EXPECT_EQ(-EBUSY, bpflib_library__unload(self->reg, lib));

	bpf_xdp_detach(1, XDP_FLAGS_SKB_MODE, NULL);
	hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
	bpf_tc_hook_destroy(&hook);
	unlink("/sys/fs/bpf/bpflib_xdp_flows");
	unlink("/sys/fs/bpf/bpflib_tc_flows");
	/* tc lets go of its program after an RCU grace period. */
	EXPECT_EQ(0, unload_wait(self->reg, lib, 5000))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
}

/* EBUSY while a consumer is linked; fine once it is gone. */
TEST_F(reg, unload_waits_for_consumers)
{
	struct bpf_object *obj;
	int lib;

	lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(lib, 0);
	obj = load_obj("consumer");
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(obj, "xdp_scale"), NULL));
	EXPECT_EQ(-EBUSY, bpflib_library__unload(self->reg, lib));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "1 consumer is linked to it"));
	bpf_object__close(obj);
	EXPECT_EQ(0, bpflib_library__unload(self->reg, lib))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(-ENOENT, bpflib_library__unload(self->reg, lib));
}

/* A consumer nobody holds any more is freed, links and all. */
TEST_F(reg, consumer_freed_when_released)
{
	struct bpflib_library_info *li;
	struct bpf_object *obj;
	__u32 id;
	int lib;

	lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(lib, 0);
	obj = load_obj("consumer");
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(obj, "xdp_scale"), NULL));
	id = prog_id(prog_fd(obj, "xdp_scale"));
	bpf_object__close(obj);
	/* Without anyone asking the registry: its periodic release. */
	EXPECT_EQ(0, wait_prog_gone(id, 5000));
	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	EXPECT_EQ(0, li->info.nr_links);
	bpflib_library_info__free(li);
}

/* Unlinking puts the stub back. */
TEST_F(reg, unlink_restores_the_stub)
{
	struct bpf_object *obj;
	__u8 pkt[64] = {};
	long long r = -1;
	int fd, i;

	obj = testlib_and_consumer(self->reg);
	ASSERT_NE(NULL, obj);
	fd = prog_fd(obj, "xdp_scale");
	ASSERT_EQ(1, bpflib_prog__link(self->reg, fd, NULL));
	EXPECT_EQ(64 * 3 + 1000, test_run(fd, pkt, sizeof(pkt)));
	ASSERT_EQ(0, bpflib_prog__unlink(self->reg, fd));
	/* The kernel releases the link from a workqueue. */
	for (i = 0; i < 100 && r; i++, usleep(10000))
		r = test_run(fd, pkt, sizeof(pkt));
	EXPECT_EQ(0, r);
	EXPECT_EQ(-ENOENT, bpflib_prog__unlink(self->reg, fd));
	/* And it can be linked again. */
	ASSERT_EQ(1, bpflib_prog__link(self->reg, fd, NULL));
	EXPECT_EQ(64 * 3 + 1000, test_run(fd, pkt, sizeof(pkt)));
	bpf_object__close(obj);
}

/*
 * A library of 256 exports for XDP and tc (the verifier takes 256
 * functions a program, a host's main function among them: the stubs take
 * two hosts), and a consumer of all 256 in two programs, each of which
 * threads a value through its 128 imports: every import answers.
 */
TEST_F(reg, a_library_of_256_exports)
{
	struct bpflib_library_info *li;
	struct bpf_object *obj;
	__u8 pkt[64] = {};
	int lib, p, i, fd;
	char name[16];

	lib = load_lib(self->reg, "bexp_256_lib");
	ASSERT_GT(lib, 0);
	/* The library is built for XDP and tc: each export once a type. */
	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	EXPECT_EQ(2 * 256, li->info.nr_funcs);
	bpflib_library_info__free(li);
	obj = load_obj("bexp_256_dyn");
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(256, bpflib_object__link(self->reg, obj, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	for (p = 0; p < 2; p++) {
		LIBBPF_OPTS(bpf_test_run_opts, run, .data_in = pkt, .data_size_in = sizeof(pkt));
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info), h;

		snprintf(name, sizeof(name), "bexp_part%d", p);
		fd = prog_fd(obj, name);
		ASSERT_GE(fd, 0);
		ASSERT_EQ(0, bpf_prog_test_run_opts(fd, &run));
		/* The run's ingress device is the namespace's loopback. */
		h = 1;
		for (i = 128 * p; i < 128 * (p + 1); i++)
			h = h * (2 * i + 3) + i;
		EXPECT_EQ(h & 1 ? XDP_PASS : XDP_DROP, run.retval);
		/* Its imports are the library's, one link each. */
		ASSERT_EQ(0, bpf_obj_get_info_by_fd(fd, &info, &len));
		EXPECT_EQ(129, info.nr_func_info);
	}
	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	EXPECT_EQ(256, li->info.nr_links);
	bpflib_library_info__free(li);
	bpf_object__close(obj);
}

/* Linking twice: the kernel allows one extension per function. */
TEST_F(reg, link_twice_is_ebusy)
{
	struct bpf_object *obj;
	__u8 pkt[64] = {};
	int fd;

	obj = testlib_and_consumer(self->reg);
	ASSERT_NE(NULL, obj);
	fd = prog_fd(obj, "xdp_scale");
	ASSERT_EQ(1, bpflib_prog__link(self->reg, fd, NULL));
	EXPECT_EQ(-EBUSY, bpflib_prog__link(self->reg, fd, NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "linked already"));
	EXPECT_EQ(64 * 3 + 1000, test_run(fd, pkt, sizeof(pkt)));
	bpf_object__close(obj);
}

static void expect_link_fails(struct __test_metadata *_metadata,
			      struct bpflib_registry *reg, const char *prog,
			      int err, const char *msg)
{
	struct bpflib_library_info *li;
	struct bpf_object *obj = load_obj("consumer_bad");
	__u8 pkt[64] = {};
	int fd;

	ASSERT_NE(NULL, obj);
	fd = prog_fd(obj, prog);
	EXPECT_EQ(err, bpflib_prog__link(reg, fd, NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(reg), msg))
		TH_LOG("%s", bpflib_registry__errstr(reg));
	/* Nothing linked: the stub still answers. */
	EXPECT_EQ(0, test_run(fd, pkt, sizeof(pkt)));
	li = bpflib_registry__library_info(reg, 0, BPFLIB_INFO_F_NEXT);
	ASSERT_NE(NULL, li);
	EXPECT_EQ(0, li->info.nr_links);
	bpflib_library_info__free(li);
	bpf_object__close(obj);
}

TEST_F(reg, missing_function_is_enoent)
{
	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	expect_link_fails(_metadata, self->reg, "bad_missing", -ENOENT, "tl_missing");
}

TEST_F(reg, missing_library_is_enoent)
{
	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	expect_link_fails(_metadata, self->reg, "bad_nolib", -ENOENT, "nosuchlib");
}

TEST_F(reg, signature_mismatch_is_einval)
{
	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	expect_link_fails(_metadata, self->reg, "bad_sig", -EINVAL, "signature mismatch");
}

/*
 * The kernel matches struct pointers by name; bpflib also compares size
 * and layout, since the library was verified for its own struct's size.
 */
TEST_F(reg, struct_layout_mismatch_is_einval)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts);
	struct bpf_object *obj;
	int lib, ext, link;

	lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(lib, 0);
	expect_link_fails(_metadata, self->reg, "bad_struct", -EINVAL, "tl_pair_sum");

	/* The kernel alone would have accepted it. */
	obj = load_obj("consumer_bad");
	ASSERT_NE(NULL, obj);
	ext = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, lib, "tl_pair_sum",
						     BPF_PROG_TYPE_XDP));
	ASSERT_GE(ext, 0);
	opts.target_btf_id = btf__find_by_name_kind(bpf_object__btf(obj), "tl_pair_sum",
						    BTF_KIND_FUNC);
	link = bpf_link_create(ext, prog_fd(obj, "bad_struct"), 0, &opts);
	EXPECT_GE(link, 0);
	if (link >= 0)
		close(link);
	close(ext);
	bpf_object__close(obj);
}

/* The newest library of the wanted major that is not older than wanted. */
TEST_F(reg, version_resolution)
{
	struct bpf_object *obj, *o11, *o2;
	__u8 pkt[20] = {};

	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	o11 = load_obj("consumer_v1_1");
	ASSERT_NE(NULL, o11);
	EXPECT_EQ(-ENOENT, bpflib_object__link(self->reg, o11, NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), ">= 1.1"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));

	ASSERT_GT(load_lib(self->reg, "testlib_v2_0"), 0);
	ASSERT_GT(load_lib(self->reg, "testlib_v1_1"), 0);
	obj = load_obj("consumer");
	o2 = load_obj("consumer_v2");
	ASSERT_NE(NULL, obj);
	ASSERT_NE(NULL, o2);
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(obj, "xdp_scale"), NULL));
	ASSERT_EQ(1, bpflib_object__link(self->reg, o11, NULL));
	ASSERT_EQ(1, bpflib_object__link(self->reg, o2, NULL));
	/* 1.0 consumers get 1.1, the newest 1.x; 2.x stays apart. */
	EXPECT_EQ(60 + 1100, test_run(prog_fd(obj, "xdp_scale"), pkt, sizeof(pkt)));
	EXPECT_EQ(60 + 1100, test_run(prog_fd(o11, "xdp_scale11"), pkt, sizeof(pkt)));
	EXPECT_EQ(60 + 2000, test_run(prog_fd(o2, "xdp_scale2"), pkt, sizeof(pkt)));
	bpf_object__close(obj);
	bpf_object__close(o11);
	bpf_object__close(o2);
}

/* A consumer type a library loaded with fixed targets does not serve. */
TEST_F(reg, unserved_program_type_is_enoent)
{
	const char *targets[] = { "xdp", NULL };
	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .targets = targets, .fixed_targets = true);
	struct bpf_object *obj;

	ASSERT_GT(bpflib_library__load(self->reg, bpf_obj("testlib_v1_0"), &opts), 0);
	obj = load_obj("consumer");
	ASSERT_NE(NULL, obj);
	EXPECT_EQ(1, bpflib_prog__link(self->reg, prog_fd(obj, "xdp_scale"), NULL));
	EXPECT_EQ(-ENOENT, bpflib_prog__link(self->reg, prog_fd(obj, "tc_scale"), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "sched_cls"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "fixed targets"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	bpf_object__close(obj);
}

/* typelib's calls counter, read through the function @func serving @type. */
static __u64 typelib_calls(struct bpflib_registry *reg, int lib, __u32 type)
{
	int map = prog_map_fd(lib_func_prog_id(reg, lib, "tt_fill", type), "tt_calls");
	__u64 n = 0;

	if (map >= 0) {
		bpf_map_lookup_elem(map, &(__u32){ 0 }, &n);
		close(map);
	}
	return n;
}

/* typelib's consumer of @prog, the only program of the object loaded; linked. */
static struct bpf_object *types_consumer(struct bpflib_registry *reg, const char *prog)
{
	struct bpf_object *obj = bpf_object__open_file(bpf_obj("types_consumer"), NULL);
	struct bpf_program *p;

	if (!obj)
		return NULL;
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), prog));
	if (bpf_object__load(obj) || bpflib_object__link(reg, obj, NULL) != 1) {
		fprintf(stderr, "# %s: %s\n", prog, bpflib_registry__errstr(reg));
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

/*
 * On demand: a library loaded for XDP only is verified for cgroup_skb when
 * the first cgroup_skb consumer links, once; later ones share that, and
 * every consumer counts in the one map.
 */
TEST_F(reg, new_program_type_served_on_demand)
{
	const char *targets[] = { "xdp", NULL };
	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .targets = targets);
	struct bpf_object *x, *c1, *c2;
	struct bpflib_library_info *li;
	__u8 pkt[64] = {};
	__u32 nr_funcs;
	int lib;

	lib = bpflib_library__load(self->reg, bpf_obj("typelib"), &opts);
	ASSERT_GT(lib, 0) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	x = types_consumer(self->reg, "c_xdp");
	ASSERT_NE(NULL, x);
	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	nr_funcs = li->info.nr_funcs;
	EXPECT_LT(1000, li->info.obj_size);
	bpflib_library_info__free(li);

	c1 = types_consumer(self->reg, "c_cgroup_skb_in");
	ASSERT_NE(NULL, c1);
	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	/* tt_fill for cgroup_skb (tt_scale cannot: its return range). */
	EXPECT_EQ(nr_funcs + 1, li->info.nr_funcs);
	nr_funcs = li->info.nr_funcs;
	bpflib_library_info__free(li);
	EXPECT_NE(0, lib_func_prog_id(self->reg, lib, "tt_fill", BPF_PROG_TYPE_CGROUP_SKB));

	c2 = types_consumer(self->reg, "c_cgroup_skb_in");
	ASSERT_NE(NULL, c2);
	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	EXPECT_EQ(nr_funcs, li->info.nr_funcs);	/* shared, not verified again */
	EXPECT_EQ(3, li->info.nr_consumers);
	bpflib_library_info__free(li);

	/* Every consumer's result is the library's, in one counter. */
	EXPECT_EQ(XDP_PASS, test_run(prog_fd(x, "c_xdp"), pkt, sizeof(pkt)));
	EXPECT_EQ(1, test_run(prog_fd(c1, "c_cgroup_skb_in"), pkt, sizeof(pkt)));
	EXPECT_EQ(1, test_run(prog_fd(c2, "c_cgroup_skb_in"), pkt, sizeof(pkt)));
	EXPECT_EQ(3, typelib_calls(self->reg, lib, BPF_PROG_TYPE_XDP));
	EXPECT_EQ(3, typelib_calls(self->reg, lib, BPF_PROG_TYPE_CGROUP_SKB));
	bpf_object__close(x);
	bpf_object__close(c1);
	bpf_object__close(c2);
}

static int link_cgroup_consumer(void *arg)
{
	struct bpflib_registry *reg = bpflib_registry__open(NULL);
	struct bpf_object *obj = reg ? types_consumer(reg, "c_cgroup_skb_in") : NULL;
	__u8 pkt[64] = {};
	int ok = obj && test_run(prog_fd(obj, "c_cgroup_skb_in"), pkt, sizeof(pkt)) == 1;

	bpf_object__close(obj);
	bpflib_registry__close(reg);
	return ok ? 0 : 1;
}

/* On demand, in another process, with the library's file gone. */
TEST_F(reg, on_demand_without_the_file)
{
	const char *targets[] = { "xdp", NULL }, *tmp = "/tmp/bpflib_typelib.o";
	LIBBPF_OPTS(bpflib_load_opts, opts, .targets = targets);
	char cmd[256];
	int lib, status;
	pid_t pid;

	snprintf(cmd, sizeof(cmd), "cp %s %s", bpf_obj("typelib"), tmp);
	ASSERT_EQ(0, system(cmd));
	lib = bpflib_library__load(self->reg, tmp, &opts);
	unlink(tmp);
	ASSERT_GT(lib, 0) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid)
		_exit(link_cgroup_consumer(NULL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_NE(0, lib_func_prog_id(self->reg, lib, "tt_fill", BPF_PROG_TYPE_CGROUP_SKB));
}

/*
 * On demand, raced: six processes link a consumer of the same new type at
 * once.  All link, and the library is verified for it once: the others'
 * copies are refused as duplicates (EEXIST) and they take the winner's.
 */
TEST_F(reg, on_demand_raced_by_six_processes)
{
	const char *targets[] = { "xdp", NULL };
	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .targets = targets);
	struct bpflib_library_info *li;
	int lib, i, status, ok = 0;
	pid_t pids[6];
	__u32 n = 0;

	lib = bpflib_library__load(self->reg, bpf_obj("typelib"), &opts);
	ASSERT_GT(lib, 0) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	for (i = 0; i < 6; i++) {
		pids[i] = fork();
		ASSERT_GE(pids[i], 0);
		if (!pids[i])
			_exit(link_cgroup_consumer(NULL));
	}
	for (i = 0; i < 6; i++)
		if (waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) &&
		    !WEXITSTATUS(status))
			ok++;
	EXPECT_EQ(6, ok);
	li = bpflib_registry__library_info(self->reg, lib, 0);
	ASSERT_NE(NULL, li);
	for (i = 0; i < (int)li->info.nr_funcs; i++)
		n += li->funcs[i].prog_type == BPF_PROG_TYPE_CGROUP_SKB;
	EXPECT_EQ(1, n);	/* tt_fill, once */
	bpflib_library_info__free(li);
}

/* On demand, a function the new type refuses: its reason, not "not found". */
TEST_F(reg, on_demand_refusal_is_explained)
{
	const char *targets[] = { "xdp", NULL };
	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .targets = targets);
	struct bpf_object *obj;
	struct bpf_program *p;
	int lib;

	lib = bpflib_library__load(self->reg, bpf_obj("typelib"), &opts);
	ASSERT_GT(lib, 0);
	obj = bpf_object__open_file(bpf_obj("types_consumer"), NULL);
	ASSERT_NE(NULL, obj);
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), "c_scale_cg"));
	ASSERT_EQ(0, bpf_object__load(obj));
	EXPECT_GT(0, bpflib_object__link(self->reg, obj, NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "return only values in [0, 1]"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	/* Asked again, once the type is served (tt_fill): the same reason. */
	EXPECT_NE(0, lib_func_prog_id(self->reg, lib, "tt_fill", BPF_PROG_TYPE_CGROUP_SKB));
	EXPECT_GT(0, bpflib_object__link(self->reg, obj, NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg),
			       "serves cgroup_skb/ingress programs, but the kernel refuses 'tt_scale'"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "return only values in [0, 1]"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	bpf_object__close(obj);
}

/*
 * On demand picks the newest version that would do: a consumer whose type
 * only an older version serves gets the newer one, verified for it.
 */
TEST_F(reg, on_demand_prefers_the_newest_version)
{
	const char *old_targets[] = { "xdp", "tc", NULL }, *new_targets[] = { "xdp", NULL };
	LIBBPFLIB_OPTS(bpflib_load_opts, o10, .targets = old_targets);
	LIBBPFLIB_OPTS(bpflib_load_opts, o11, .targets = new_targets);
	struct bpf_object *obj;
	__u8 pkt[20] = {};

	ASSERT_GT(bpflib_library__load(self->reg, bpf_obj("testlib_v1_0"), &o10), 0);
	ASSERT_GT(bpflib_library__load(self->reg, bpf_obj("testlib_v1_1"), &o11), 0);
	obj = load_obj("consumer");
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(1, bpflib_prog__link(self->reg, prog_fd(obj, "tc_scale"), NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(60 + 1100, test_run(prog_fd(obj, "tc_scale"), pkt, sizeof(pkt)));
	bpf_object__close(obj);
}

/*
 * A library serves each target's expected attach type exactly: an XDP
 * consumer loaded without BPF_XDP finds nothing, and is told why.
 */
TEST_F(reg, attach_type_mismatch_is_explained)
{
	struct bpf_object *obj = bpf_object__open_file(bpf_obj("consumer"), NULL);

	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	ASSERT_NE(NULL, obj);
	bpf_program__set_expected_attach_type(bpf_object__find_program_by_name(obj, "xdp_scale"),
					      0);
	ASSERT_EQ(0, bpf_object__load(obj));
	EXPECT_EQ(-ENOENT, bpflib_prog__link(self->reg, prog_fd(obj, "xdp_scale"), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg),
			       "exports it for xdp (attach type xdp), sched_cls (no expected attach type); this program is xdp with another expected attach type"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	bpf_object__close(obj);
}

/* An object's programs link all or none. */
TEST_F(reg, object_links_all_or_nothing)
{
	struct bpf_object *obj;
	__u8 pkt[64] = {};

	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	obj = load_obj("consumer_mixed");
	ASSERT_NE(NULL, obj);
	EXPECT_EQ(-ENOENT, bpflib_object__link(self->reg, obj, NULL));
	EXPECT_EQ(0, test_run(prog_fd(obj, "a_good"), pkt, sizeof(pkt)));
	EXPECT_EQ(-ENOENT, bpflib_prog__unlink(self->reg, prog_fd(obj, "a_good")));
	bpf_object__close(obj);
}

TEST_F(reg, duplicate_library_is_eexist)
{
	ASSERT_GT(load_lib(self->reg, "testlib_v1_0"), 0);
	EXPECT_EQ(-EEXIST, bpflib_library__load(self->reg, bpf_obj("testlib_v1_0"), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "loaded already"));
}

/* Objects that are not valid libraries are refused, with the reason. */
TEST_F(reg, bad_library_objects)
{
	char log[64 * 1024];
	LIBBPF_OPTS(bpflib_load_opts, opts, .log_buf = log, .log_size = sizeof(log));

	EXPECT_EQ(-EINVAL, bpflib_library__load(self->reg, bpf_obj("consumer"), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), ".bpflib"));
	EXPECT_EQ(-ENOENT, bpflib_library__load(self->reg, bpf_obj("nosuchfile"), NULL));

	/* The verifier refuses it, and says why. */
	EXPECT_GT(0, bpflib_library__load(self->reg, bpf_obj("badlib"), &opts));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "the verifier refused 'bad_read'"));
	EXPECT_NE(NULL, strstr(log, "invalid access to memory"));

	EXPECT_EQ(-EINVAL, bpflib_library__load(self->reg, bpf_obj("badproto"), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "sum_bytes"));
}

TEST_F(reg, not_a_program_fd)
{
	EXPECT_EQ(-EINVAL, bpflib_prog__link(self->reg, bpflib_registry__fd(self->reg), NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "/dev/bpflib, not a BPF program"));
	EXPECT_EQ(-EBADF, bpflib_prog__link(self->reg, 1000, NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "fd 1000 is not open"));
}

/*
 * Library functions that change packet data: Linux 6.12 checks on every
 * link that the import was declared to (BPFLIB_STUB_PKT); where the kernel
 * cannot check, bpflib refuses to load such functions.
 */
TEST_F(reg, functions_that_change_packet_data)
{
	struct bpf_object *good, *bad;
	struct utsname u;
	__u8 pkt[64] = {};
	int lib, major = 0, minor = 0;

	ASSERT_EQ(0, uname(&u));
	sscanf(u.release, "%d.%d", &major, &minor);
	lib = bpflib_library__load(self->reg, bpf_obj("pktlib"), NULL);
	if (major < 6 || (major == 6 && minor < 12)) {
		EXPECT_EQ(-EOPNOTSUPP, lib);
		EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "changes packet data"))
			TH_LOG("%s", bpflib_registry__errstr(self->reg));
		SKIP(return, "before 6.12 the kernel does not check packet changes on links; "
		     "bpflib refuses such functions");
	}
	ASSERT_GT(lib, 0) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	good = load_obj("pkt_user");
	bad = load_obj("pkt_user_bad");
	ASSERT_NE(NULL, good);
	ASSERT_NE(NULL, bad);
	ASSERT_EQ(1, bpflib_object__link(self->reg, good, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	EXPECT_EQ(64 - 14, test_run(prog_fd(good, "xdp_pull"), pkt, sizeof(pkt)));
	/* The kernel refuses it, and bpflib says what to do. */
	EXPECT_EQ(-EINVAL, bpflib_object__link(self->reg, bad, NULL));
	EXPECT_NE(NULL, strstr(bpflib_registry__errstr(self->reg), "BPFLIB_STUB_PKT"))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	bpf_object__close(good);
	bpf_object__close(bad);
}

static int link_run_release(void *arg)
{
	struct bpflib_registry *reg = bpflib_registry__open(NULL);
	__u8 pkt[64] = {};
	int i;

	for (i = 0; reg && i < 25; i++) {
		struct bpf_object *obj = load_obj("consumer");

		if (!obj || bpflib_object__link(reg, obj, NULL) != 5)
			return 1;
		if (test_run(prog_fd(obj, "tc_scale"), pkt, sizeof(pkt)) != 64 * 3 + 1000)
			return 2;
		/* Half unlinked by hand, half left to the registry. */
		if (i % 2 && bpflib_prog__unlink(reg, prog_fd(obj, "xdp_scale")))
			return 3;
		bpf_object__close(obj);
	}
	bpflib_registry__close(reg);
	return reg ? 0 : 4;
}

/*
 * Four processes link, run, unlink and drop consumers while this one reads
 * the registry (which also releases orphans) through both of its views:
 * the registry's lock and reference rules under contention.  Under KASAN
 * and TCG on a busy host this takes more than the harness's default 30 s.
 */
TEST_F_TIMEOUT(reg, concurrent_linking_and_release, 180)
{
	struct bpflib_library_info *li;
	int lib, i, pids[4], status, running = 4, reads = 0;
	char buf[4096];
	int fd;

	lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(lib, 0);
	for (i = 0; i < 4; i++) {
		pids[i] = fork();
		ASSERT_GE(pids[i], 0);
		if (!pids[i])
			_exit(link_run_release(NULL));
	}
	while (running) {
		li = bpflib_registry__library_info(self->reg, lib, 0);
		ASSERT_NE(NULL, li);
		EXPECT_LE(li->info.nr_consumers, 4 * 4);
		bpflib_library_info__free(li);
		fd = open("/proc/bpflib", O_RDONLY);
		ASSERT_GE(fd, 0);
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
		reads++;
		for (i = 0; i < 4; i++) {
			if (pids[i] && waitpid(pids[i], &status, WNOHANG) == pids[i]) {
				EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("child %d", i);
				pids[i] = 0;
				running--;
			}
		}
	}
	EXPECT_GT(reads, 1);
	/* Everything they linked goes with them. */
	EXPECT_EQ(0, unload_wait(self->reg, lib, 5000))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
}

TEST_HARNESS_MAIN
