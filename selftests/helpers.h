/* SPDX-License-Identifier: GPL-2.0 */
/* What the bpflib selftests share: object paths, leak checks, packets. */
#ifndef __BPFLIB_SELFTEST_HELPERS_H
#define __BPFLIB_SELFTEST_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include <bpf/libbpf.h>
#include <bpflib/bpflib.h>

#define MAX_IDS 1024

/* The ids of every BPF program, map, link and BTF object in the system. */
struct bpf_ids {
	__u32 progs[MAX_IDS], maps[MAX_IDS], links[MAX_IDS], btfs[MAX_IDS];
	int nr_progs, nr_maps, nr_links, nr_btfs;
};

int ids_snapshot(struct bpf_ids *ids);
/*
 * Wait up to @timeout_ms for the kernel's objects to be those of @before
 * again (releases are deferred to workqueues).  0, or -1 with the
 * leftovers described in @why.
 */
int ids_wait_equal(const struct bpf_ids *before, int timeout_ms, char *why, size_t sz);

/* Path of a BPF object the build put in the payload: "bpf/<name>.bpf.o". */
const char *bpf_obj(const char *name);

/* Load a library object; its id, or a negative errno (reason on stderr). */
int load_lib(struct bpflib_registry *reg, const char *name);
/* Open and load a consumer object; NULL on failure. */
struct bpf_object *load_obj(const char *name);
/*
 * __u32 number @idx of the global variables in section @sec (".bss") of
 * loaded object @obj, or (__u64)-1 if it cannot be read.
 */
__u64 obj_global_u32(struct bpf_object *obj, const char *sec, int idx);
/* fd of program @prog in @obj. */
int prog_fd(struct bpf_object *obj, const char *prog);

/* BPF_PROG_TEST_RUN once on @pkt; the program's return value, or -errno. */
long long test_run(int fd, const void *pkt, size_t len);

/* An Ethernet/IPv4/UDP frame with a correct IPv4 header checksum. */
struct udp4 {
	__u32 saddr, daddr;	/* network order */
	__u16 sport, dport;	/* host order */
	bool vlan;
	size_t payload;
};
size_t build_udp4(void *buf, size_t size, const struct udp4 *spec);

/* libnet's flow hash, computed here independently of the library. */
__u32 ref_flow_hash(__u32 saddr, __u32 daddr, __u16 sport_be, __u16 dport_be,
		    __u8 proto, __u32 seed);

/* Run @fn in a child without CAP_BPF, CAP_SYS_ADMIN; its exit status. */
int run_unprivileged(int (*fn)(void *), void *arg);
/* Run @fn in a child as uid/gid 65534; its exit status. */
int run_as_nobody(int (*fn)(void *), void *arg);
/*
 * Run @fn in a child whose effective uid is @uid and whose capabilities
 * are exactly @caps (a mask of 1ULL << CAP_*), or, with @userns, as root
 * in a new user namespace (capable there, not in the initial one).
 * Returns its exit status.
 */
int run_as(__u32 uid, __u64 caps, bool userns, int (*fn)(void *), void *arg);

/* The first program id of a library function the registry reports. */
__u32 lib_func_prog_id(struct bpflib_registry *reg, __u32 lib_id, const char *func,
		       __u32 prog_type);



/* fd of the map called @name that program @prog_id uses, or -ENOENT. */
int prog_map_fd(__u32 prog_id, const char *name);
/* Program id behind @fd, or 0. */
__u32 prog_id(int fd);
/* Wait up to @timeout_ms for program @id to be freed; 0 if it was. */
int wait_prog_gone(__u32 id, int timeout_ms);
/* Send @n UDP datagrams to 127.0.0.1:@port. */
int send_udp_lo(int n, __u16 port);
/* Unload a library, retrying while consumers are still being released. */
int unload_wait(struct bpflib_registry *reg, __u32 lib_id, int timeout_ms);

/*
 * After a test, in the parent, once the test's process is gone: detach
 * whatever it left on lo, remove its pins, unload every library, and wait
 * for the kernel's objects to be those of @before.  0, or -1 with what
 * went wrong in @why.
 */
int cleanup_after_test(const struct bpf_ids *before, char *why, size_t sz);

/*
 * The body of every FIXTURE_TEARDOWN_PARENT().  No ASSERT/EXPECT here: a
 * failed ASSERT in the test's process leaves the harness's shared
 * "trigger" set, and the next macro in the parent would bail out.
 */
#define BPFLIB_TEARDOWN(before) do {						\
		char __why[1024];						\
		_metadata->trigger = 0;						\
		if (cleanup_after_test(before, __why, sizeof(__why))) {	\
			TH_LOG("after the test: %s", __why);			\
			_metadata->exit_code = KSFT_FAIL;			\
		}								\
	} while (0)

#endif /* __BPFLIB_SELFTEST_HELPERS_H */
