// SPDX-License-Identifier: GPL-2.0
/*
 * Every program type: typelib, declared for all of them, is loaded for one
 * type at a time; a consumer of that type is linked and run the way that
 * type runs (BPF_PROG_TEST_RUN where the kernel has it, otherwise a
 * syscall, a socket, a cgroup, a perf event or an LSM hook for real), and
 * its result must come from the library.  Types no extension can serve
 * must be refused with their reason.  Each test prints one line of the
 * README's program-type table ("# type: ...").
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"
#include "progs/typelib_slots.h"

#define CGROUP_DIR	"/sys/fs/cgroup/bpflib_types"
#define ENOTSUPP_KERNEL	524	/* the kernel's ENOTSUPP, which user space has no name for */
#if defined(__x86_64__)
#define SYS_PREFIX	"__x64_"
#elif defined(__aarch64__)
#define SYS_PREFIX	"__arm64_"
#else
#define SYS_PREFIX	""
#endif

enum how {
	RUN_PKT,	/* BPF_PROG_TEST_RUN on a UDP frame */
	RUN_RAW_TP,	/* BPF_PROG_TEST_RUN with a context of arguments */
	RUN_SK_LOOKUP,	/* BPF_PROG_TEST_RUN with a struct bpf_sk_lookup */
	RUN_NF,		/* BPF_PROG_TEST_RUN on an IPv4 packet */
	RAW_TP_W,	/* attached to the writable bpf_test_finish, which a test run fires */
	KPROBE,		/* a kprobe on getpgid(), called */
	TRACEPOINT,	/* raw_syscalls:sys_enter, by a getpgid() */
	PERF,		/* a software perf event that overflows */
	CGROUP,		/* attached to a cgroup the test moves into, then @act */
	LSM,		/* attached to file_open, then a file opened */
	SK_MSG,		/* in a sockmap's verdict slot, then a TCP send */
	SK_SKB,
	REUSEPORT,	/* a UDP reuseport group, then a datagram */
	NOT_RUN,	/* served, but this VM has nothing to run it with */
	REFUSED,	/* no extension can serve the type, nor static linking */
	/* The library's code linked in before loading, then: */
	STATIC_RUN,	/* BPF_PROG_TEST_RUN (attached first, if it attaches) */
	STATIC_TP,	/* attached, then a getpgid() */
	STATIC_ITER,	/* an iterator read to its end */
};

enum act { ACT_NONE, ACT_SOCKET, ACT_CONNECT, ACT_TCP, ACT_DEV, ACT_SYSCTL, ACT_SOCKOPT,
	   ACT_BIND };

/* Refusals a load reported: "target|function or *|reason" lines. */
struct refusal_log {
	char lines[32768];
};

FIXTURE(types) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
	struct refusal_log refusals;
};

FIXTURE_VARIANT(types) {
	const char *sec;		/* the library's target */
	enum bpf_prog_type type;
	const char *prog;		/* the consumer */
	enum tt_slot slot;
	enum how how;
	enum bpf_attach_type attach;	/* CGROUP */
	enum act act;
	const char *why;		/* NOT_RUN and REFUSED: the reason, as the table says it */
};

#define V(name, ...) FIXTURE_VARIANT_ADD(types, name) { __VA_ARGS__ }
V(socket_filter, "socket", BPF_PROG_TYPE_SOCKET_FILTER, "c_socket", TT_SOCKET, RUN_PKT);
V(kprobe, "kprobe", BPF_PROG_TYPE_KPROBE, "c_kprobe", TT_KPROBE, KPROBE);
V(sched_cls, "tc", BPF_PROG_TYPE_SCHED_CLS, "c_tc", TT_TC, RUN_PKT);
V(sched_act, "action", BPF_PROG_TYPE_SCHED_ACT, "c_action", TT_ACTION, RUN_PKT);
V(tracepoint, "tracepoint", BPF_PROG_TYPE_TRACEPOINT, "c_tracepoint", TT_TRACEPOINT,
  TRACEPOINT);
V(xdp, "xdp", BPF_PROG_TYPE_XDP, "c_xdp", TT_XDP, RUN_PKT);
V(perf_event, "perf_event", BPF_PROG_TYPE_PERF_EVENT, "c_perf_event", TT_PERF_EVENT, PERF);
V(cgroup_skb_ingress, "cgroup_skb/ingress", BPF_PROG_TYPE_CGROUP_SKB, "c_cgroup_skb_in",
  TT_CGROUP_SKB_IN, RUN_PKT);
V(cgroup_skb_egress, "cgroup_skb/egress", BPF_PROG_TYPE_CGROUP_SKB, "c_cgroup_skb_eg",
  TT_CGROUP_SKB_EG, RUN_PKT);
V(cgroup_sock, "cgroup/sock_create", BPF_PROG_TYPE_CGROUP_SOCK, "c_cgroup_sock",
  TT_CGROUP_SOCK, CGROUP, BPF_CGROUP_INET_SOCK_CREATE, ACT_SOCKET);
V(lwt_in, "lwt_in", BPF_PROG_TYPE_LWT_IN, "c_lwt_in", TT_LWT_IN, RUN_PKT);
V(lwt_out, "lwt_out", BPF_PROG_TYPE_LWT_OUT, "c_lwt_out", TT_LWT_OUT, RUN_PKT);
V(lwt_xmit, "lwt_xmit", BPF_PROG_TYPE_LWT_XMIT, "c_lwt_xmit", TT_LWT_XMIT, RUN_PKT);
V(sock_ops, "sockops", BPF_PROG_TYPE_SOCK_OPS, "c_sock_ops", TT_SOCK_OPS, CGROUP,
  BPF_CGROUP_SOCK_OPS, ACT_TCP);
V(sk_skb, "sk_skb/stream_verdict", BPF_PROG_TYPE_SK_SKB, "c_sk_skb", TT_SK_SKB, SK_SKB);
V(cgroup_device, "cgroup/dev", BPF_PROG_TYPE_CGROUP_DEVICE, "c_cgroup_device",
  TT_CGROUP_DEVICE, CGROUP, BPF_CGROUP_DEVICE, ACT_DEV);
V(sk_msg, "sk_msg", BPF_PROG_TYPE_SK_MSG, "c_sk_msg", TT_SK_MSG, SK_MSG);
V(raw_tracepoint, "raw_tp", BPF_PROG_TYPE_RAW_TRACEPOINT, "c_raw_tp", TT_RAW_TP, RUN_RAW_TP);
V(cgroup_sock_addr, "cgroup/connect4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, "c_sock_addr",
  TT_SOCK_ADDR, CGROUP, BPF_CGROUP_INET4_CONNECT, ACT_CONNECT);
V(lwt_seg6local, "lwt_seg6local", BPF_PROG_TYPE_LWT_SEG6LOCAL, "c_seg6local", TT_SEG6LOCAL,
  NOT_RUN, .why = "the kernel has no test run for it, and the VM no SRv6 route");
V(lirc_mode2, "lirc_mode2", BPF_PROG_TYPE_LIRC_MODE2, "c_lirc", TT_LIRC, NOT_RUN,
  .why = "the VM has no infrared receiver");
V(sk_reuseport, "sk_reuseport", BPF_PROG_TYPE_SK_REUSEPORT, "c_reuseport", TT_REUSEPORT,
  REUSEPORT);
V(flow_dissector, "flow_dissector", BPF_PROG_TYPE_FLOW_DISSECTOR, "c_flow_dissector",
  TT_FLOW_DISSECTOR, RUN_PKT);
V(cgroup_sysctl, "cgroup/sysctl", BPF_PROG_TYPE_CGROUP_SYSCTL, "c_sysctl", TT_SYSCTL, CGROUP,
  BPF_CGROUP_SYSCTL, ACT_SYSCTL);
V(raw_tracepoint_writable, "raw_tp.w", BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, "c_raw_tp_w",
  TT_RAW_TP_W, RAW_TP_W);
V(cgroup_sockopt, "cgroup/getsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, "c_sockopt", TT_SOCKOPT,
  CGROUP, BPF_CGROUP_GETSOCKOPT, ACT_SOCKOPT);
V(tracing_tp_btf, "tp_btf/sys_enter", BPF_PROG_TYPE_TRACING, "c_tp_btf", TT_TP_BTF,
  STATIC_TP, .why = "attaches an extension of a tp_btf, fmod_ret or iter program to no program but");
V(tracing_fentry, "fentry/bpf_fentry_test1", BPF_PROG_TYPE_TRACING, "c_fentry", TT_FENTRY,
  STATIC_RUN, .why = "Cannot extend fentry/fexit");
V(tracing_fexit, "fexit/bpf_fentry_test1", BPF_PROG_TYPE_TRACING, "c_fexit", TT_FEXIT,
  STATIC_RUN, .why = "Cannot extend fentry/fexit");
V(tracing_fmod_ret, "fmod_ret/bpf_modify_return_test", BPF_PROG_TYPE_TRACING, "c_fmod_ret",
  TT_FMOD_RET, STATIC_RUN,
  .why = "attaches an extension of a tp_btf, fmod_ret or iter program to no program but");
V(tracing_iter, "iter/task", BPF_PROG_TYPE_TRACING, "c_iter", TT_ITER, STATIC_ITER,
  .why = "attaches an extension of a tp_btf, fmod_ret or iter program to no program but");
V(struct_ops, "struct_ops", BPF_PROG_TYPE_STRUCT_OPS, .how = REFUSED,
  .why = "bpflib makes no host for them");
V(lsm, "lsm/file_open", BPF_PROG_TYPE_LSM, "c_lsm", TT_LSM, LSM);
V(lsm_cgroup, "lsm_cgroup/socket_bind", BPF_PROG_TYPE_LSM, "c_lsm_cgroup", TT_LSM_CGROUP,
  CGROUP, BPF_LSM_CGROUP, ACT_BIND);
V(sk_lookup, "sk_lookup", BPF_PROG_TYPE_SK_LOOKUP, "c_sk_lookup", TT_SK_LOOKUP, RUN_SK_LOOKUP);
V(netfilter, "netfilter", 32 /* BPF_PROG_TYPE_NETFILTER */, "c_netfilter", TT_NETFILTER,
  RUN_NF);
V(syscall, "syscall", BPF_PROG_TYPE_SYSCALL, "c_syscall", TT_SYSCALL, STATIC_RUN,
  .why = "sleepable programs cannot be extended safely");

static void on_refusal(const struct bpflib_refusal *r, void *ctx)
{
	struct refusal_log *log = ctx;
	size_t len = strlen(log->lines);

	snprintf(log->lines + len, sizeof(log->lines) - len, "%s|%s|%s\n",
		 r->target, r->func ?: "*", r->reason);
}

FIXTURE_SETUP(types)
{
	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg) TH_LOG("open /dev/bpflib: %s", strerror(errno));
}

FIXTURE_TEARDOWN_PARENT(types)
{
	rmdir(CGROUP_DIR);
	BPFLIB_TEARDOWN(&self->ids);
}

/*
 * Was function @func (or "*": the whole target) refused for target @sec,
 * by the lines of @refusals?  Its reason, or NULL.
 */
static const char *refused_in(const char *refusals, const char *sec, const char *func)
{
	char key[128];
	const char *p;

	snprintf(key, sizeof(key), "%s|%s|", sec, func);
	for (p = refusals; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, key, strlen(key)))
			return p + strlen(key);
	return NULL;
}
#define refused(self, sec, func) refused_in((self)->refusals.lines, sec, func)

#define PROG_TYPE_NETFILTER	32
#define ATTACH_NETFILTER	45

/* libbpf's log of a load, for the reason a kernel gives for refusing a type. */
static char load_log[16384];

static int log_to_buf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	size_t len = strlen(load_log);

	if (level != LIBBPF_DEBUG && len < sizeof(load_log) - 1)
		vsnprintf(load_log + len, sizeof(load_log) - len, fmt, ap);
	return 0;
}

/* The program type's name, as bpftool spells it (libbpf 1.1 lacks netfilter). */
static const char *type_name(enum bpf_prog_type type)
{
	if (type == PROG_TYPE_NETFILTER)
		return "netfilter";
	return libbpf_bpf_prog_type_str(type) ?: "?";
}

/* Does this kernel have the LSM hook of section @sec ("lsm/file_open")? */
static bool have_lsm_hook(const char *sec)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	char fn[128];
	bool ret;

	snprintf(fn, sizeof(fn), "bpf_lsm_%s", strchr(sec, '/') + 1);
	ret = vmlinux && btf__find_by_name_kind(vmlinux, fn, BTF_KIND_FUNC) > 0;
	btf__free(vmlinux);
	return ret;
}

/* Can this kernel load programs of @type?  (libbpf 1.1 cannot probe netfilter.) */
static bool have_type(enum bpf_prog_type type)
{
	struct bpf_insn ret1[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = ATTACH_NETFILTER);
	int fd;

	if (type != PROG_TYPE_NETFILTER)
		return libbpf_probe_bpf_prog_type(type, NULL) == 1;
	fd = bpf_prog_load(type, NULL, "GPL", ret1, 2, &opts);
	if (fd >= 0)
		close(fd);
	return fd >= 0;
}

static int trigger_cgroup(const FIXTURE_VARIANT(types) *v, int prog)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(4242),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int cg, fd = -1, lfd = -1, ret = -1, val;
	char buf[64], pid[16];

	mkdir("/sys/fs/cgroup", 0755);
	if (access("/sys/fs/cgroup/cgroup.procs", F_OK) &&
	    system("mount -t cgroup2 none /sys/fs/cgroup"))
		return -1;
	mkdir(CGROUP_DIR, 0755);
	cg = open(CGROUP_DIR, O_RDONLY | O_DIRECTORY);
	if (cg < 0)
		return -1;
	snprintf(pid, sizeof(pid), "%d", getpid());
	fd = open(CGROUP_DIR "/cgroup.procs", O_WRONLY);
	if (fd < 0 || write(fd, pid, strlen(pid)) < 0)
		goto out;
	close(fd);
	fd = -1;
	if (bpf_prog_attach(prog, cg, v->attach, 0)) {
		ret = -errno;
		goto out;
	}
	switch (v->act) {
	case ACT_SOCKET:
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		ret = fd < 0 ? -1 : 0;
		break;
	case ACT_CONNECT:
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		ret = fd < 0 ? -1 : connect(fd, (void *)&sin, sizeof(sin));
		break;
	case ACT_BIND:
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		sin.sin_port = 0;
		ret = fd < 0 ? -1 : bind(fd, (void *)&sin, sizeof(sin));
		break;
	case ACT_TCP:
		lfd = socket(AF_INET, SOCK_STREAM, 0);
		if (lfd < 0 || bind(lfd, (void *)&sin, sizeof(sin)) || listen(lfd, 1))
			break;
		fd = socket(AF_INET, SOCK_STREAM, 0);
		ret = fd < 0 ? -1 : connect(fd, (void *)&sin, sizeof(sin));
		break;
	case ACT_DEV:
		fd = open("/dev/null", O_RDONLY);
		ret = fd < 0 ? -1 : 0;
		break;
	case ACT_SYSCTL:
		fd = open("/proc/sys/kernel/ostype", O_RDONLY);
		ret = fd < 0 || read(fd, buf, sizeof(buf)) < 0 ? -1 : 0;
		break;
	case ACT_SOCKOPT:
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		len = sizeof(val);
		ret = fd < 0 ? -1 : getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &val, &len);
		break;
	default:
		break;
	}
	bpf_prog_detach2(prog, cg, v->attach);
out:
	if (fd >= 0)
		close(fd);
	if (lfd >= 0)
		close(lfd);
	/* Back to the root, so that the directory can go. */
	fd = open("/sys/fs/cgroup/cgroup.procs", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, pid, strlen(pid)) < 0)
			ret = -1;
		close(fd);
	}
	close(cg);
	return ret;
}

/* A TCP pair on lo with the server side in a sockmap whose verdict is @prog. */
static int trigger_sockmap(int prog, enum bpf_attach_type attach)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(4243),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int map, lfd, cfd = -1, sfd = -1, ret = -1, one = 1;
	__u32 key = 0;
	char buf[8] = "bpflib";

	map = bpf_map_create(BPF_MAP_TYPE_SOCKMAP, NULL, 4, 4, 1, NULL);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (map < 0 || lfd < 0)
		goto out;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bpf_prog_attach(prog, map, attach, 0) ||
	    bind(lfd, (void *)&sin, sizeof(sin)) || listen(lfd, 1))
		goto out;
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	if (cfd < 0 || connect(cfd, (void *)&sin, sizeof(sin)))
		goto out;
	sfd = accept(lfd, NULL, NULL);
	/* sk_msg runs on the sender, sk_skb on the receiver. */
	if (sfd < 0 || bpf_map_update_elem(map, &key, attach == BPF_SK_MSG_VERDICT ? &cfd : &sfd,
					   BPF_ANY))
		goto out;
	if (send(cfd, buf, sizeof(buf), 0) != sizeof(buf))
		goto out;
	ret = recv(sfd, buf, sizeof(buf), 0) > 0 ? 0 : -1;
out:
	if (sfd >= 0)
		close(sfd);
	if (cfd >= 0)
		close(cfd);
	if (lfd >= 0)
		close(lfd);
	if (map >= 0)
		close(map);
	return ret;
}

static int trigger_reuseport(int prog)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(4244),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int s[2] = { -1, -1 }, c = -1, one = 1, i, ret = -1;
	char buf[8] = "bpflib";

	for (i = 0; i < 2; i++) {
		s[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (s[i] < 0 || setsockopt(s[i], SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)))
			goto out;
		if (!i && setsockopt(s[i], SOL_SOCKET, SO_ATTACH_REUSEPORT_EBPF, &prog,
				     sizeof(prog)))
			goto out;
		if (bind(s[i], (void *)&sin, sizeof(sin)))
			goto out;
	}
	c = socket(AF_INET, SOCK_DGRAM, 0);
	if (c < 0 || sendto(c, buf, sizeof(buf), 0, (void *)&sin, sizeof(sin)) != sizeof(buf))
		goto out;
	ret = 0;
out:
	for (i = 0; i < 2; i++)
		if (s[i] >= 0)
			close(s[i]);
	if (c >= 0)
		close(c);
	return ret;
}

static int trigger_perf(int prog)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(attr),
		.config = PERF_COUNT_SW_TASK_CLOCK, .sample_period = 100000,
	};
	volatile unsigned long spin;
	int pfd, ret = -1, i;

	pfd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, 0);
	if (pfd < 0)
		return -1;
	if (!ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog) && !ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0)) {
		for (i = 0; i < 200; i++)	/* at least 100 us of task clock */
			for (spin = 0; spin < 100000; spin++)
				;
		ret = 0;
	}
	close(pfd);
	return ret;
}

/* An iterator of @p, read to its end. */
static int trigger_iter(struct bpf_program *p)
{
	struct bpf_link *link = bpf_program__attach_iter(p, NULL);
	char buf[256];
	int fd, n;

	if (!link)
		return -errno;
	fd = bpf_iter_create(bpf_link__fd(link));
	if (fd < 0) {
		bpf_link__destroy(link);
		return -errno;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	close(fd);
	bpf_link__destroy(link);
	return n < 0 ? -errno : 0;
}

static int trigger(const FIXTURE_VARIANT(types) *v, struct bpf_object *obj,
		   struct bpf_program *p)
{
	int fd = bpf_program__fd(p), ret = -1;
	struct bpf_sk_lookup skl = { .family = AF_INET, .protocol = IPPROTO_TCP };
	__u64 args[6] = {};
	struct bpf_link *link = NULL;
	__u8 pkt[128] = {};
	size_t len;
	LIBBPF_OPTS(bpf_test_run_opts, topts, .repeat = 1);

	switch (v->how) {
	case RUN_PKT:
		topts.data_in = pkt;
		topts.data_size_in = build_udp4(pkt, sizeof(pkt), &(struct udp4){
			.saddr = htonl(0x0a000001), .daddr = htonl(0x0a000002),
			.sport = 1234, .dport = 53, .payload = 16 });
		return bpf_prog_test_run_opts(fd, &topts);
	case RUN_RAW_TP:
		topts.repeat = 0;
		topts.ctx_in = args;
		topts.ctx_size_in = sizeof(args);
		return bpf_prog_test_run_opts(fd, &topts);
	case RUN_NF:
		len = build_udp4(pkt, sizeof(pkt), &(struct udp4){ .sport = 1, .dport = 2 });
		topts.data_in = pkt + 14;	/* from the IPv4 header */
		topts.data_size_in = len - 14;
		return bpf_prog_test_run_opts(fd, &topts);
	case RUN_SK_LOOKUP:
		topts.ctx_in = &skl;
		topts.ctx_size_in = sizeof(skl);
		return bpf_prog_test_run_opts(fd, &topts);
	case RAW_TP_W:
		ret = bpf_raw_tracepoint_open("bpf_test_finish", fd);
		if (ret < 0)
			return ret;
		len = build_udp4(pkt, sizeof(pkt), &(struct udp4){ .sport = 1, .dport = 2 });
		test_run(prog_fd(obj, "c_socket"), pkt, len);
		close(ret);
		return 0;
	case KPROBE:
		link = bpf_program__attach_kprobe(p, false, SYS_PREFIX "sys_getpgid");
		break;
	case TRACEPOINT:
		link = bpf_program__attach_tracepoint(p, "raw_syscalls", "sys_enter");
		break;
	case LSM:
		link = bpf_program__attach_lsm(p);
		if (link) {
			int f = open("/proc/self/status", O_RDONLY);

			if (f >= 0)
				close(f);
		}
		break;
	case PERF:
		return trigger_perf(fd);
	case CGROUP:
		return trigger_cgroup(v, fd);
	case SK_MSG:
		return trigger_sockmap(fd, BPF_SK_MSG_VERDICT);
	case SK_SKB:
		return trigger_sockmap(fd, BPF_SK_SKB_STREAM_VERDICT);
	case REUSEPORT:
		return trigger_reuseport(fd);
	case STATIC_RUN:
		/* A tracing test run calls bpf_fentry_test1() and the like. */
		topts.repeat = 0;
		if (v->type == BPF_PROG_TYPE_SYSCALL)
			return bpf_prog_test_run_opts(fd, &topts);
		link = bpf_program__attach(p);
		if (!link)
			return -errno;
		ret = bpf_prog_test_run_opts(fd, &topts);
		bpf_link__destroy(link);
		return ret;
	case STATIC_TP:
		link = bpf_program__attach(p);
		break;
	case STATIC_ITER:
		return trigger_iter(p);
	default:
		return -1;
	}
	if (!link)
		return -errno;
	syscall(__NR_getpgid, 0);
	bpf_link__destroy(link);
	return 0;
}

/* The consumer's tt_results[@slot], from its .bss. */
static __u32 result(struct bpf_object *obj, enum tt_slot slot)
{
	struct bpf_map *bss = NULL, *m;
	__u32 key = 0, *val, ret = 0;
	size_t sz;

	bpf_object__for_each_map(m, obj)
		if (strstr(bpf_map__name(m), ".bss"))
			bss = m;
	if (!bss)
		return 0;
	sz = bpf_map__value_size(bss);
	val = calloc(1, sz);
	if (val && !bpf_map__lookup_elem(bss, &key, sizeof(key), val, sz, 0))
		ret = val[slot];
	free(val);
	return ret;
}

TEST_F_TIMEOUT(types, linked, 120)
{
	bool is_static = variant->how >= STATIC_RUN;
	/* A type the kernel cannot extend: the library is loaded for another. */
	const char *targets[] = { variant->sec, is_static ? "xdp" : NULL, NULL };
	const char *mode = is_static ? "static" : "dynamic";
	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .targets = targets, .refused = on_refusal,
		       .refused_ctx = &self->refusals);
	const char *why, *scale;
	struct bpf_object *obj;
	struct bpf_program *p;
	int id, lo, hi, ret;

	if (variant->how != REFUSED && !is_static && !have_type(variant->type)) {
		printf("# type: %s (%s): absent: this kernel is built without them\n",
		       type_name(variant->type), variant->sec);
		SKIP(return, "this kernel has no %s programs", type_name(variant->type));
	}
	if (variant->type == BPF_PROG_TYPE_LSM && !have_lsm_hook(variant->sec)) {
		printf("# type: %s (%s): absent: this kernel has no such LSM hook\n",
		       type_name(variant->type), variant->sec);
		SKIP(return, "this kernel has no LSM hook %s", strchr(variant->sec, '/') + 1);
	}
	if (variant->how == LSM &&
	    system("grep -q bpf /sys/kernel/security/lsm 2>/dev/null || "
		   "{ mount -t securityfs none /sys/kernel/security && "
		   "grep -q bpf /sys/kernel/security/lsm; }")) {
		printf("# type: %s (%s): absent: the BPF LSM is not active (lsm= lacks bpf)\n",
		       type_name(variant->type), variant->sec);
		SKIP(return, "the BPF LSM is not active (lsm= lacks bpf)");
	}

	id = bpflib_library__load(self->reg, bpf_obj("typelib"), &opts);
	if (variant->how == REFUSED) {
		/* Refused as a whole, with the reason; nothing loaded. */
		ASSERT_GT(0, id);
		why = refused(self, variant->sec, "*");
		ASSERT_NE(NULL, why) TH_LOG("refusals: %s", self->refusals.lines);
		ASSERT_NE(NULL, strstr(why, variant->why)) TH_LOG("%s", why);
		EXPECT_EQ(-ENOENT, bpflib_library__find(self->reg, "typelib", NULL));
		/* "<path>: target '<sec>': <reason>": the reason's first line. */
		why = strstr(why, "': ") ? strstr(why, "': ") + 3 : why;
		printf("# type: %s (%s): refused: %.*s\n", type_name(variant->type),
		       variant->sec, (int)strcspn(why, "\n"), why);
		return;
	}
	ASSERT_GT(id, 0) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	if (is_static) {
		/* Refused as a target, with the reason, and the way that works. */
		why = refused(self, variant->sec, "*");
		ASSERT_NE(NULL, why) TH_LOG("refusals: %s", self->refusals.lines);
		ASSERT_NE(NULL, strstr(why, variant->why)) TH_LOG("%s", why);
		ASSERT_NE(NULL, strstr(why, "linked in")) TH_LOG("%s", why);
	}
	ASSERT_EQ(NULL, refused(self, is_static ? "xdp" : variant->sec, "tt_fill"))
		TH_LOG("%s", self->refusals.lines);
	/* A value-returning function: served, or refused for the return range. */
	scale = refused(self, variant->sec, "tt_scale");
	if (scale)
		ASSERT_NE(NULL, strstr(scale, "return only values in"))
			TH_LOG("%s", scale);

	if (is_static)
		obj = bpflib_object__open_file(self->reg, bpf_obj("types_consumer"), NULL);
	else
		obj = bpf_object__open_file(bpf_obj("types_consumer"), NULL);
	ASSERT_NE(NULL, obj) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), variant->prog) ||
					  (variant->how == RAW_TP_W &&
					   !strcmp(bpf_program__name(p), "c_socket")));
	p = bpf_object__find_program_by_name(obj, "c_netfilter");
	if (variant->type == PROG_TYPE_NETFILTER) {
		bpf_program__set_type(p, variant->type);
		bpf_program__set_expected_attach_type(p, ATTACH_NETFILTER);
	}
	load_log[0] = '\0';
	libbpf_set_print(log_to_buf);
	ret = bpf_object__load(obj);
	libbpf_set_print(NULL);
	if (ret && strstr(load_log, "is not modifiable")) {
		/*
		 * 6.1 lets fmod_ret modify only functions on its error-injection
		 * list (check_attach_modify_return()); 6.12 also takes the functions
		 * registered as fmod_ret targets, bpf_modify_return_test among them.
		 */
		printf("# type: %s (%s): absent: the kernel refuses fmod_ret programs on %s (\"%s() is not modifiable\")\n",
		       type_name(variant->type), variant->sec, strchr(variant->sec, '/') + 1,
		       strchr(variant->sec, '/') + 1);
		bpf_object__close(obj);
		SKIP(return, "%s() is not modifiable on this kernel", strchr(variant->sec, '/') + 1);
	}
	ASSERT_EQ(0, ret) TH_LOG("%s", load_log);
	p = bpf_object__find_program_by_name(obj, variant->prog);
	ASSERT_EQ(1, bpflib_prog__link(self->reg, bpf_program__fd(p), NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	if (variant->how == NOT_RUN) {
		printf("# type: %s (%s): dynamic, not run: linked; %s\n",
		       type_name(variant->type), variant->sec, variant->why);
		bpf_object__close(obj);
		return;
	}
	ret = trigger(variant, obj, p);
	if (ret == -ENOTSUPP_KERNEL) {
		/* Linux 6.1 on arm64: its BPF trampoline cannot attach these. */
		printf("# type: %s (%s): %s, not run: linked; this kernel cannot attach %s programs on this architecture (ENOTSUPP)\n",
		       type_name(variant->type), variant->sec, mode, variant->sec);
		bpf_object__close(obj);
		return;
	}
	ASSERT_EQ(0, ret) TH_LOG("running %s: %s", variant->prog, strerror(errno));
	ASSERT_EQ(TT_OUT(variant->slot), result(obj, variant->slot))
		TH_LOG("the consumer's result did not come from the library");
	if (scale && sscanf(strstr(scale, "values in ["), "values in [%d, %d]", &lo, &hi) == 2)
		printf("# type: %s (%s): dynamic, results by pointer: returns limited to [%d, %d]\n",
		       type_name(variant->type), variant->sec, lo, hi);
	else if (is_static)
		printf("# type: %s (%s): static: the kernel cannot extend them; the library's code is linked in\n",
		       type_name(variant->type), variant->sec);
	else
		printf("# type: %s (%s): dynamic: -\n", type_name(variant->type), variant->sec);
	bpf_object__close(obj);
}

FIXTURE(all) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
	struct refusal_log refusals;
};

FIXTURE_SETUP(all)
{
	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg) TH_LOG("open /dev/bpflib: %s", strerror(errno));
}

FIXTURE_TEARDOWN_PARENT(all)
{
	BPFLIB_TEARDOWN(&self->ids);
}

/*
 * One load for every declared type: the refused ones are reported, the
 * rest served; one consumer per test-runnable type gets its result from
 * that one library, whose counter sees every call.
 */
TEST_F_TIMEOUT(all, one_library_every_type, 300)
{
	static const char *const runnable[] = {
		"c_socket", "c_tc", "c_action", "c_xdp", "c_cgroup_skb_in", "c_cgroup_skb_eg",
		"c_flow_dissector",
	};
	static const enum tt_slot slots[] = {
		TT_SOCKET, TT_TC, TT_ACTION, TT_XDP, TT_CGROUP_SKB_IN, TT_CGROUP_SKB_EG,
		TT_FLOW_DISSECTOR,
	};
	LIBBPFLIB_OPTS(bpflib_load_opts, opts, .refused = on_refusal, .refused_ctx = &self->refusals);
	FIXTURE_VARIANT(types) v = { .how = RUN_PKT };
	struct bpflib_library_info *li;
	struct bpf_object *obj;
	struct bpf_program *p;
	__u32 i, k, nr_scale = 0;
	int id, calls;

	id = bpflib_library__load(self->reg, bpf_obj("typelib"), &opts);
	ASSERT_GT(id, 0) TH_LOG("%s", bpflib_registry__errstr(self->reg));
	/* Refused whole: the six types no extension can serve. */
	EXPECT_NE(NULL, refused(self, "fentry/bpf_fentry_test1", "*"));
	EXPECT_NE(NULL, refused(self, "syscall", "*"));
	EXPECT_NE(NULL, refused(self, "struct_ops", "*"));
	/* Refused per function: tt_scale where the type bounds return values. */
	EXPECT_NE(NULL, refused(self, "cgroup_skb/ingress", "tt_scale"));
	EXPECT_NE(NULL, refused(self, "raw_tp", "tt_scale"));
	EXPECT_EQ(NULL, strstr(self->refusals.lines, "|tt_fill|")) TH_LOG("%s", self->refusals.lines);
	EXPECT_EQ(NULL, refused(self, "xdp", "tt_scale")) TH_LOG("%s", self->refusals.lines);
	EXPECT_EQ(NULL, refused(self, "xdp", "*")) TH_LOG("%s", self->refusals.lines);

	li = bpflib_registry__library_info(self->reg, id, 0);
	ASSERT_NE(NULL, li);
	for (i = 0; i < li->info.nr_funcs; i++)
		nr_scale += !strcmp(li->funcs[i].name, "tt_scale");
	EXPECT_LT(nr_scale, li->info.nr_funcs / 2);
	EXPECT_GT(nr_scale, 0);
	bpflib_library_info__free(li);

	obj = bpf_object__open_file(bpf_obj("types_consumer"), NULL);
	ASSERT_NE(NULL, obj);
	bpf_object__for_each_program(p, obj) {
		for (k = 0; k < ARRAY_SIZE(runnable) && strcmp(bpf_program__name(p), runnable[k]);
		     k++)
			;
		bpf_program__set_autoload(p, k < ARRAY_SIZE(runnable) ||
					  !strcmp(bpf_program__name(p), "c_scale"));
	}
	ASSERT_EQ(0, bpf_object__load(obj));
	ASSERT_EQ(ARRAY_SIZE(runnable) + 1, bpflib_object__link(self->reg, obj, NULL))
		TH_LOG("%s", bpflib_registry__errstr(self->reg));
	for (k = 0; k < ARRAY_SIZE(runnable); k++) {
		p = bpf_object__find_program_by_name(obj, runnable[k]);
		EXPECT_EQ(0, trigger(&v, obj, p)) TH_LOG("%s", runnable[k]);
		EXPECT_EQ(TT_OUT(slots[k]), result(obj, slots[k])) TH_LOG("%s", runnable[k]);
	}
	EXPECT_EQ(0, trigger(&v, obj, bpf_object__find_program_by_name(obj, "c_scale")));
	EXPECT_EQ(TT_IN(TT_SCALE) * 3 + 1, result(obj, TT_SCALE));
	/* One counter for all of them. */
	calls = 0;
	li = bpflib_registry__library_info(self->reg, id, 0);
	ASSERT_NE(NULL, li);
	for (i = 0; i < li->info.nr_funcs && !calls; i++) {
		int map = strcmp(li->funcs[i].name, "tt_fill") ? -1 :
			  prog_map_fd(li->funcs[i].prog_id, "tt_calls");
		__u64 n = 0;

		if (map >= 0) {
			EXPECT_EQ(0, bpf_map_lookup_elem(map, &(__u32){ 0 }, &n));
			calls = n;
			close(map);
		}
	}
	bpflib_library_info__free(li);
	EXPECT_EQ(ARRAY_SIZE(runnable), calls);
	bpf_object__close(obj);
}

TEST_HARNESS_MAIN
