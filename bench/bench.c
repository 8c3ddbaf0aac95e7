// SPDX-License-Identifier: GPL-2.0
/*
 * bench - what dynamic linking through bpflib costs and saves, in figures.
 *
 * Six tables, each printed for people and, line by line, as JSON ("json:
 * {...}") for scripts/bench-report, which draws the plots and writes
 * docs/benchmarks.md:
 *   1. library size: one consumer, libraries of 100 to 100k verified
 *      instructions, linked against compiled in;
 *   2. consumers at scale: 1 to 1000 consumers of a 1k library;
 *   3. link cost: loading a library of M exports, linking a consumer of M
 *      imports, and where the time goes (every bpf() command and registry
 *      ioctl is timed through the linker's --wrap);
 *   4. call cost: linked, BPF-to-BPF and inlined calls, a realistic
 *      function, and the instruction the kernel patches into the stub;
 *   5. upgrade (unlink and link again, or a swap of fresh copies) and release;
 *   6. the registry with 1 to 1000 libraries loaded.
 * Under TCG, counts and bytes are exact; times are only worth comparing
 * with each other, within one run.
 *
 * Runs in the VM with the module inserted: make bench.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "helpers.h"

/* --- where the time goes: every bpf() and registry call, timed --------- */

enum kind {
	K_LOAD_EXT,	/* BPF_PROG_LOAD of an extension: verification */
	K_LOAD_PROG,	/* BPF_PROG_LOAD of anything else (hosts, consumers) */
	K_BTF,		/* BPF_BTF_LOAD, BTF_GET_FD_BY_ID */
	K_MAP,		/* BPF_MAP_CREATE, map updates */
	K_LINK,		/* BPF_LINK_CREATE: the freplace attach, text poke included */
	K_INFO,		/* BPF_OBJ_GET_INFO_BY_FD, *_GET_FD_BY_ID */
	K_BPF_OTHER,
	K_REGISTRY,	/* ioctl() on /dev/bpflib */
	NR_KINDS
};

static const char *const kind_name[NR_KINDS] = {
	"verify_ext", "load_other", "btf", "maps", "link_create", "info", "bpf_other", "registry",
};

static struct {
	double ns[NR_KINDS];
	long calls[NR_KINDS];
	int on;
} tm;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static enum kind bpf_kind(long cmd, const union bpf_attr *attr)
{
	switch (cmd) {
	case BPF_PROG_LOAD:
		return attr->prog_type == BPF_PROG_TYPE_EXT ? K_LOAD_EXT : K_LOAD_PROG;
	case BPF_BTF_LOAD:
	case BPF_BTF_GET_FD_BY_ID:
		return K_BTF;
	case BPF_MAP_CREATE:
	case BPF_MAP_UPDATE_ELEM:
	case BPF_MAP_FREEZE:
		return K_MAP;
	case BPF_LINK_CREATE:
		return K_LINK;
	case BPF_OBJ_GET_INFO_BY_FD:
	case BPF_PROG_GET_FD_BY_ID:
	case BPF_MAP_GET_FD_BY_ID:
	case BPF_LINK_GET_FD_BY_ID:
		return K_INFO;
	default:
		return K_BPF_OTHER;
	}
}

long __real_syscall(long nr, ...);
long __wrap_syscall(long nr, ...);
int __real_ioctl(int fd, unsigned long req, ...);
int __wrap_ioctl(int fd, unsigned long req, ...);

/* libbpf calls bpf() through syscall(): the link step wraps it (Makefile). */
long __wrap_syscall(long nr, ...)
{
	long a[6], ret;
	double t0;
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr != __NR_bpf || !tm.on)
		return __real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	t0 = now_ns();
	ret = __real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	i = bpf_kind(a[0], (const union bpf_attr *)a[1]);
	tm.ns[i] += now_ns() - t0;
	tm.calls[i]++;
	return ret;
}

/* libbpflib's registry calls. */
int __wrap_ioctl(int fd, unsigned long req, ...)
{
	double t0;
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!tm.on)
		return __real_ioctl(fd, req, arg);
	t0 = now_ns();
	ret = __real_ioctl(fd, req, arg);
	tm.ns[K_REGISTRY] += now_ns() - t0;
	tm.calls[K_REGISTRY]++;
	return ret;
}

static void timing_start(void)
{
	memset(&tm, 0, sizeof(tm));
	tm.on = 1;
}

static void timing_stop(void)
{
	tm.on = 0;
}

/* --- figures of programs ------------------------------------------------ */

struct cost {
	__u64 verified, xlated, jited;
};

static int prog_cost(int fd, struct cost *c)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	c->verified = info.verified_insns;
	c->xlated = info.xlated_prog_len;
	c->jited = info.jited_prog_len;
	return 0;
}

static void cost_add(struct cost *sum, const struct cost *c)
{
	sum->verified += c->verified;
	sum->xlated += c->xlated;
	sum->jited += c->jited;
}

/* Every program of @obj. */
static int obj_cost(struct bpf_object *obj, struct cost *sum)
{
	struct bpf_program *p;
	struct cost c;

	memset(sum, 0, sizeof(*sum));
	bpf_object__for_each_program(p, obj) {
		if (prog_cost(bpf_program__fd(p), &c))
			return -errno;
		cost_add(sum, &c);
	}
	return 0;
}

/* Every function of library @lib_id, as loaded (once). */
static int lib_cost(struct bpflib_registry *reg, int lib_id, struct cost *sum)
{
	struct bpflib_library_info *li = bpflib_registry__library_info(reg, lib_id, 0);
	struct cost c;
	__u32 i;
	int fd;

	memset(sum, 0, sizeof(*sum));
	if (!li)
		return -errno;
	for (i = 0; i < li->info.nr_funcs; i++) {
		fd = bpf_prog_get_fd_by_id(li->funcs[i].prog_id);
		if (fd < 0 || prog_cost(fd, &c)) {
			bpflib_library_info__free(li);
			return -errno;
		}
		close(fd);
		cost_add(sum, &c);
	}
	bpflib_library_info__free(li);
	return 0;
}

/*
 * Kernel memory in use, KiB: slab, vmalloc (programs, JIT images) and
 * per-CPU memory as /proc/meminfo counts them; the bench's own heap is not
 * in it.
 */
static long mem_used_kib(void)
{
	long sum = 0, v;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %ld", &v) == 1 || sscanf(line, "VmallocUsed: %ld", &v) == 1 ||
		    sscanf(line, "Percpu: %ld", &v) == 1)
			sum += v;
	fclose(f);
	return sum;
}

/* Load @name (and link it); keep only its program's fd. */
static int load_keep_fd(struct bpflib_registry *reg, const char *name, bool link)
{
	struct bpf_object *obj = load_obj(name);
	int fd;

	if (!obj || (link && bpflib_object__link(reg, obj, NULL) != 1)) {
		bpf_object__close(obj);
		return -1;
	}
	fd = dup(prog_fd(obj, "bs_consumer"));
	bpf_object__close(obj);
	return fd;
}

/*
 * Kernel memory once the kernel is done freeing: programs are freed after
 * their ids go, from RCU callbacks and a workqueue, and slab caches keep
 * freed objects until asked (drop_caches).  Waits until the figure stops
 * falling, up to 20 s.
 */
static long mem_settled_kib(void)
{
	long last = mem_used_kib(), now;
	int i, still = 0;
	FILE *f;

	for (i = 0; i < 100 && still < 3; i++) {
		usleep(200000);
		f = fopen("/proc/sys/vm/drop_caches", "w");
		if (f) {
			fputs("2\n", f);
			fclose(f);
		}
		now = mem_used_kib();
		still = now >= last - 16 ? still + 1 : 0;
		last = now < last ? now : last;
	}
	return last;
}

static int nr_progs(void)
{
	__u32 id = 0;
	int n = 0;

	while (!bpf_prog_get_next_id(id, &id))
		n++;
	return n;
}

/* Wait for the kernel to free programs down to @want (RCU, workqueues). */
static void wait_progs(int want)
{
	int i;

	for (i = 0; i < 500 && nr_progs() > want; i++)
		usleep(10000);
}

static struct bpf_object *open_load(const char *name, double *ms)
{
	double t0 = now_ns();
	struct bpf_object *obj = load_obj(name);

	if (ms)
		*ms = (now_ns() - t0) / 1e6;
	if (!obj)
		fprintf(stderr, "bench: cannot load %s\n", name);
	return obj;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static int fail(struct bpflib_registry *reg, const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, bpflib_registry__errstr(reg));
	return -EINVAL;
}

/* --- 1. library size ---------------------------------------------------- */

static const char *const size_tags[] = { "100", "1k", "10k", "100k" };

static int bench_size(struct bpflib_registry *reg)
{
	enum { REPS = 5 };
	__u8 pkt[64];
	unsigned int t;
	int r;

	for (r = 0; r < (int)sizeof(pkt); r++)
		pkt[r] = r * 7;
	printf("1. library size: one XDP consumer, linked or with the library compiled in\n"
	       "   (verified instructions and JITed bytes are exact; times are medians of %d\n"
	       "   loads under TCG, compare them with each other only)\n\n"
	       "   library  library     consumer verified insns     consumer JITed bytes    load (+link) ms\n"
	       "   size     verified      linked  compiled   ratio    linked compiled  ratio   linked compiled  ratio\n",
	       REPS);
	for (t = 0; t < sizeof(size_tags) / sizeof(size_tags[0]); t++) {
		char lib[32], dyn[32], stat[32];
		double ms_dyn[REPS], ms_stat[REPS], ms;
		struct cost lc, dc, sc;
		struct bpf_object *obj;
		long long a = 0, b = 0;
		int lib_id;

		snprintf(lib, sizeof(lib), "bsize_%s_lib", size_tags[t]);
		snprintf(dyn, sizeof(dyn), "bsize_%s_dyn", size_tags[t]);
		snprintf(stat, sizeof(stat), "bsize_%s_static", size_tags[t]);
		lib_id = bpflib_library__load(reg, bpf_obj(lib), NULL);
		if (lib_id < 0)
			return fail(reg, lib);
		if (lib_cost(reg, lib_id, &lc))
			return -errno;
		for (r = 0; r < REPS; r++) {
			double t0 = now_ns();

			obj = open_load(dyn, NULL);
			if (!obj || bpflib_object__link(reg, obj, NULL) != 1)
				return fail(reg, dyn);
			ms_dyn[r] = (now_ns() - t0) / 1e6;
			if (obj_cost(obj, &dc))
				return -errno;
			a = test_run(prog_fd(obj, "bs_consumer"), pkt, sizeof(pkt));
			bpf_object__close(obj);

			obj = open_load(stat, &ms_stat[r]);
			if (!obj || obj_cost(obj, &sc))
				return -EINVAL;
			b = test_run(prog_fd(obj, "bs_consumer"), pkt, sizeof(pkt));
			bpf_object__close(obj);
		}
		if (a != b || a < 0) {
			fprintf(stderr, "bench: %s: linked and compiled in differ: %lld, %lld\n",
				lib, a, b);
			return -EINVAL;
		}
		ms = median(ms_dyn, REPS);
		printf("   %-6s %10llu  %10llu %9llu %7.1f  %8llu %8llu %6.2f  %7.1f %8.1f %6.2f\n",
		       size_tags[t], lc.verified, dc.verified, sc.verified,
		       (double)sc.verified / dc.verified, dc.jited, sc.jited,
		       (double)sc.jited / dc.jited, ms, median(ms_stat, REPS),
		       median(ms_stat, REPS) / ms);
		printf("json: {\"bench\":\"size\",\"size\":\"%s\",\"lib_verified\":%llu,"
		       "\"lib_jited\":%llu,\"dyn_verified\":%llu,\"static_verified\":%llu,"
		       "\"dyn_jited\":%llu,\"static_jited\":%llu,\"dyn_ms\":%.2f,\"static_ms\":%.2f}\n",
		       size_tags[t], lc.verified, lc.jited, dc.verified, sc.verified, dc.jited,
		       sc.jited, ms, median(ms_stat, REPS));
		if (unload_wait(reg, lib_id, 5000))
			return fail(reg, "unload");
	}
	return 0;
}

/* --- 2. consumers at scale ---------------------------------------------- */

static int bench_scale(struct bpflib_registry *reg)
{
	static const int ns[] = { 1, 10, 100, 1000 };
	unsigned int k;
	int lib_id, i, *fds;

	fds = calloc(1000, sizeof(*fds));
	if (!fds)
		return -ENOMEM;
	printf("\n2. consumers at scale: N XDP consumers of a library of about 1k verified\n"
	       "   instructions, linked (the library counted once) or with it compiled in.\n"
	       "   Kernel KiB: slab + vmalloc + per-CPU, before and after (counts, not times);\n"
	       "   seconds under TCG.\n\n"
	       "       N   verified insns: linked  compiled  ratio   JITed bytes: linked  compiled  ratio"
	       "   xlated: linked  compiled   kernel KiB: linked compiled   s: linked compiled   KiB left after release: linked compiled\n");
	for (k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
		struct cost lc, c, dyn = {}, stat = {};
		long m0, m_dyn, m_stat, m_end, m_dyn_end;
		double t0, s_dyn, s_stat;
		int n = ns[k], progs0;

		progs0 = nr_progs();
		m0 = mem_settled_kib();
		t0 = now_ns();
		lib_id = bpflib_library__load(reg, bpf_obj("bsize_1k_lib"), NULL);
		if (lib_id < 0)
			return fail(reg, "bsize_1k_lib");
		for (i = 0; i < n; i++) {
			fds[i] = load_keep_fd(reg, "bsize_1k_dyn", true);
			if (fds[i] < 0)
				return fail(reg, "bsize_1k_dyn");
		}
		s_dyn = (now_ns() - t0) / 1e9;
		m_dyn = mem_used_kib() - m0;
		if (lib_cost(reg, lib_id, &lc))
			return -errno;
		dyn = lc;
		for (i = 0; i < n; i++) {
			if (prog_cost(fds[i], &c))
				return -errno;
			cost_add(&dyn, &c);
		}
		for (i = 0; i < n; i++)
			close(fds[i]);
		if (unload_wait(reg, lib_id, 10000))
			return fail(reg, "unload");
		wait_progs(progs0);
		m_dyn_end = mem_settled_kib() - m0;

		m0 = mem_used_kib();
		t0 = now_ns();
		for (i = 0; i < n; i++) {
			fds[i] = load_keep_fd(reg, "bsize_1k_static", false);
			if (fds[i] < 0)
				return -EINVAL;
		}
		s_stat = (now_ns() - t0) / 1e9;
		m_stat = mem_used_kib() - m0;
		for (i = 0; i < n; i++) {
			if (prog_cost(fds[i], &c))
				return -errno;
			cost_add(&stat, &c);
			close(fds[i]);
		}
		wait_progs(progs0);
		m_end = mem_settled_kib() - m0;
		printf("   %5d   %22llu %9llu %6.1f   %19llu %9llu %6.1f   %14llu %9llu   %18ld %8ld   %9.2f %8.2f   %29ld %8ld\n",
		       n, dyn.verified, stat.verified, (double)stat.verified / dyn.verified,
		       dyn.jited, stat.jited, (double)stat.jited / dyn.jited, dyn.xlated,
		       stat.xlated, m_dyn, m_stat, s_dyn, s_stat, m_dyn_end, m_end);
		printf("json: {\"bench\":\"scale\",\"n\":%d,\"dyn_verified\":%llu,\"static_verified\":%llu,"
		       "\"dyn_jited\":%llu,\"static_jited\":%llu,\"dyn_xlated\":%llu,\"static_xlated\":%llu,"
		       "\"dyn_kib\":%ld,\"static_kib\":%ld,\"dyn_s\":%.3f,\"static_s\":%.3f,\"dyn_left_kib\":%ld,\"static_left_kib\":%ld}\n",
		       n, dyn.verified, stat.verified, dyn.jited, stat.jited, dyn.xlated, stat.xlated,
		       m_dyn, m_stat, s_dyn, s_stat, m_dyn_end, m_end);
	}
	free(fds);
	return 0;
}

/* --- 3. link cost --------------------------------------------------------- */

static void print_breakdown(const char *label, const char *type, const char *what, int m,
			    double total_ms)
{
	int k;

	printf("   %-8s %4d %9.1f %8.3f ", label, m, total_ms, total_ms / m);
	for (k = 0; k < NR_KINDS; k++)
		printf(" %6.0f", tm.ns[k] / 1e6);
	printf("\n");
	printf("json: {\"bench\":\"link\",\"what\":\"%s\",\"type\":\"%s\",\"m\":%d,\"total_ms\":%.2f",
	       what, type, m, total_ms);
	for (k = 0; k < NR_KINDS; k++)
		printf(",\"%s_ms\":%.2f,\"%s_calls\":%ld", kind_name[k], tm.ns[k] / 1e6,
		       kind_name[k], tm.calls[k]);
	printf("}\n");
}

static int bench_link(struct bpflib_registry *reg)
{
	static const int ms[] = { 1, 8, 64, 256 };
	static const char *const types[][2] = { { "xdp", "dyn" }, { "tc", "tc" } };
	unsigned int k, t;
	int i;

	printf("\n3. link cost: loading a library of M exports for one program type, and\n"
	       "   linking a consumer object of M imports of that type; ms under TCG, and\n"
	       "   where they go (every bpf() command and registry ioctl timed; link_create\n"
	       "   includes the text poke; the rest is libbpf and bpflib in user space)\n\n"
	       "   what        M  total ms  ms per M ");
	for (i = 0; i < NR_KINDS; i++)
		printf(" %s", kind_name[i]);
	printf("\n");
	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		/*
		 * Not a compound literal inside LIBBPFLIB_OPTS(): its statement
		 * expression is the literal's block, which ends with it.
		 */
		const char *const targets[] = { types[t][0], NULL };
		LIBBPFLIB_OPTS(bpflib_load_opts, lo, .targets = targets);

		for (k = 0; k < sizeof(ms) / sizeof(ms[0]); k++) {
			char lib[32], dyn[32], what[16];
			struct bpf_object *obj;
			double t0, total;
			int lib_id, n;

			snprintf(lib, sizeof(lib), "bexp_%d_lib", ms[k]);
			snprintf(dyn, sizeof(dyn), "bexp_%d_%s", ms[k], types[t][1]);
			timing_start();
			t0 = now_ns();
			lib_id = bpflib_library__load(reg, bpf_obj(lib), &lo);
			total = (now_ns() - t0) / 1e6;
			timing_stop();
			if (lib_id < 0)
				return fail(reg, lib);
			snprintf(what, sizeof(what), "load %s", types[t][0]);
			print_breakdown(what, types[t][0], "load", ms[k], total);

			obj = open_load(dyn, NULL);
			if (!obj)
				return -EINVAL;
			timing_start();
			t0 = now_ns();
			n = bpflib_object__link(reg, obj, NULL);
			total = (now_ns() - t0) / 1e6;
			timing_stop();
			if (n != ms[k])
				return fail(reg, dyn);
			snprintf(what, sizeof(what), "link %s", types[t][0]);
			print_breakdown(what, types[t][0], "link", ms[k], total);
			bpf_object__close(obj);
			if (unload_wait(reg, lib_id, 10000))
				return fail(reg, "unload");
		}
	}
	return 0;
}

/* --- 4. call cost --------------------------------------------------------- */

/* Nanoseconds per run of @fd, over @repeat runs in the kernel. */
static double run_ns(int fd, int repeat)
{
	__u8 pkt[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt),
		    .repeat = repeat);

	if (bpf_prog_test_run_opts(fd, &opts))
		return -1;
	return opts.duration;
}

/*
 * The instruction the kernel patched into the first import stub of the
 * program @fd: printed, and its length in instructions returned.
 */
static int patched_entry(int fd)
{
	__u32 lens[8] = {}, len, i, off = 0;
	struct bpf_prog_info info = {};
	__u64 ksyms[8] = {};
	__u8 *img;
	int found = -1;

	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.nr_jited_ksyms > 8 ||
	    info.nr_jited_ksyms < 2)
		return -1;
	img = calloc(1, info.jited_prog_len);
	if (!img)
		return -1;
	len = info.jited_prog_len;
	i = info.nr_jited_ksyms;
	memset(&info, 0, sizeof(info));
	info.jited_prog_len = len;
	info.jited_prog_insns = (__u64)(unsigned long)img;
	info.nr_jited_ksyms = i;
	info.jited_ksyms = (__u64)(unsigned long)ksyms;
	info.nr_jited_func_lens = i;
	info.jited_func_lens = (__u64)(unsigned long)lens;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || !ksyms[0]) {
		free(img);
		return -1;
	}
	/* The stub is the second function: its first instructions. */
	off = lens[0];
#if defined(__x86_64__)
	for (i = 0; i + 5 <= 16 && i + 5 <= lens[1]; i++)
		if (img[off + i] == 0xe9) {
			printf("   x86-64: the stub's entry is now jmp rel32 (e9 %02x %02x %02x %02x) at +%u,\n"
			       "   straight to the library's code: one instruction on top of a BPF-to-BPF call\n",
			       img[off + i + 1], img[off + i + 2], img[off + i + 3], img[off + i + 4], i);
			found = 1;
			break;
		}
#elif defined(__aarch64__)
	for (i = 0; i < 4 * 4 && i + 4 <= lens[1]; i += 4) {
		__u32 insn;
		__s64 to;

		memcpy(&insn, img + off + i, 4);
		if ((insn & 0xfc000000) != 0x14000000)
			continue;
		to = (__s64)((__s32)(insn << 6) >> 6) * 4;
		if (ksyms[1] + i + to >= ksyms[0] && ksyms[1] + i + to < ksyms[0] + info.jited_prog_len) {
			printf("   arm64: the stub's entry is now b %+lld into the program's PLT (ldr x16; br x16):\n"
			       "   three instructions on top of a BPF-to-BPF call\n", (long long)to);
			found = 3;
		} else {
			printf("   arm64: the stub's entry is now b %+lld, straight to the library's code:\n"
			       "   one instruction on top of a BPF-to-BPF call\n", (long long)to);
			found = 1;
		}
		break;
	}
#endif
	free(img);
	return found;
}

static int bench_call(struct bpflib_registry *reg)
{
	enum { ROUNDS = 11, REPEAT = 2000 };
	double r_linked[ROUNDS], r_inline[ROUNDS], r_real[ROUNDS], m_linked, m_inline, m_real;
	struct bpf_object *obj, *dyn, *stat;
	int lib_id, lib2, fl, fg, fi, fd, fs, i, floor;
	__u8 pkt[64] = {};
	long long a, b, c;

	lib_id = load_lib(reg, "benchlib");
	lib2 = bpflib_library__load(reg, bpf_obj("bsize_1k_lib"), NULL);
	obj = load_obj("bench_call");
	dyn = load_obj("bsize_1k_dyn");
	stat = load_obj("bsize_1k_static");
	if (lib_id < 0 || lib2 < 0 || !obj || !dyn || !stat)
		return -EINVAL;
	fl = prog_fd(obj, "call_linked");
	fg = prog_fd(obj, "call_global");
	fi = prog_fd(obj, "call_inline");
	fd = prog_fd(dyn, "bs_consumer");
	fs = prog_fd(stat, "bs_consumer");
	if (bpflib_prog__link(reg, fl, NULL) != 1 || bpflib_prog__link(reg, fd, NULL) != 1)
		return fail(reg, "link");
	/* The results must agree before their speed means anything. */
	a = test_run(fl, pkt, sizeof(pkt));
	b = test_run(fg, pkt, sizeof(pkt));
	c = test_run(fi, pkt, sizeof(pkt));
	if (a != b || b != c || a <= 0 || test_run(fd, pkt, sizeof(pkt)) != test_run(fs, pkt, sizeof(pkt))) {
		fprintf(stderr, "bench: results differ\n");
		return -EINVAL;
	}
	for (i = 0; i < ROUNDS; i++) {
		double g = run_ns(fg, REPEAT);

		r_linked[i] = run_ns(fl, REPEAT) / g;
		r_inline[i] = run_ns(fi, REPEAT) / g;
		r_real[i] = run_ns(fd, REPEAT / 10) / run_ns(fs, REPEAT / 10);
	}
	/* median() sorts: the extremes are read after it. */
	m_linked = median(r_linked, ROUNDS);
	m_inline = median(r_inline, ROUNDS);
	m_real = median(r_real, ROUNDS);
	printf("\n4. call cost: ratios of run times measured in one run (%d rounds; median, min, max)\n\n",
	       ROUNDS);
	printf("   1000 calls of a small function, linked / BPF-to-BPF call:   %.2f (%.2f - %.2f)\n",
	       m_linked, r_linked[0], r_linked[ROUNDS - 1]);
	printf("   1000 calls of a small function, inlined / BPF-to-BPF call:  %.2f (%.2f - %.2f)\n",
	       m_inline, r_inline[0], r_inline[ROUNDS - 1]);
	printf("   one call of bsize_1k's bs_work (loops, ~1.5k insns), linked / compiled in: %.2f (%.2f - %.2f)\n",
	       m_real, r_real[0], r_real[ROUNDS - 1]);
	floor = patched_entry(fd);
	if (floor < 0)
		printf("   (the JITed image could not be read: kptr_restrict?)\n");
	printf("json: {\"bench\":\"call\",\"linked_over_global\":%.3f,\"inlined_over_global\":%.3f,"
	       "\"real_linked_over_static\":%.3f,\"patched_insns\":%d}\n",
	       m_linked, m_inline, m_real, floor);
	bpf_object__close(obj);
	bpf_object__close(dyn);
	bpf_object__close(stat);
	if (unload_wait(reg, lib_id, 5000) || unload_wait(reg, lib2, 5000))
		return fail(reg, "unload");
	return 0;
}

/* --- 5. upgrade and release ----------------------------------------------- */

static int set_gc_interval(int ms)
{
	FILE *f = fopen("/sys/module/bpflib/parameters/gc_interval_ms", "w");

	if (!f)
		return -errno;
	fprintf(f, "%d\n", ms);
	return fclose(f) ? -errno : 0;
}

static int lib_links(struct bpflib_registry *reg, int lib_id)
{
	struct bpflib_library_info *li = bpflib_registry__library_info(reg, lib_id, 0);
	int n;

	if (!li)
		return -errno;
	n = li->info.nr_links;
	bpflib_library_info__free(li);
	return n;
}

static int bench_upgrade(struct bpflib_registry *reg)
{
	static const int ns[] = { 1, 10, 100 };
	static const int gcs[] = { 1000, 10 };
	LIBBPFLIB_OPTS(bpflib_load_opts, v11, .version = "1.1.0");
	struct bpf_object *objs[100];
	unsigned int k, g;
	int i;

	printf("\n5. upgrade and release: N consumers moved from 1.0.0 to 1.1.0 by unlinking\n"
	       "   and linking again (imports on their stubs in between), then back by a swap\n"
	       "   (a fresh copy loaded, linked to 1.0.0 and put in place of the old with\n"
	       "   bpflib_prog__replace(), as prog upgrade does: no stub in between); then the\n"
	       "   last fds of the consumers are closed, and release is the time until the\n"
	       "   kernel has freed all N: the module's collector drops their links every\n"
	       "   gc_interval_ms, then the kernel frees them (RCU, workqueue).  ms under TCG.\n\n"
	       "       N   relink ms  per consumer   swap ms  per consumer   release ms (gc 1000 ms)  release ms (gc 10 ms)\n");
	for (k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
		const char *use10[] = { "bsize_100@1.0.0", NULL };
		LIBBPFLIB_OPTS(bpflib_link_opts, lo10, .use = use10);
		double up = 0, swap = 0, rel[2];
		int n = ns[k];

		for (g = 0; g < 2; g++) {
			int v10, v1, progs0, base = nr_progs();
			double t0;

			if (set_gc_interval(gcs[g]))
				return -errno;
			v10 = bpflib_library__load(reg, bpf_obj("bsize_100_lib"), NULL);
			if (v10 < 0)
				return fail(reg, "bsize_100_lib");
			for (i = 0; i < n; i++) {
				objs[i] = load_obj("bsize_100_dyn");
				if (!objs[i] || bpflib_object__link(reg, objs[i], NULL) != 1)
					return fail(reg, "bsize_100_dyn");
			}
			v1 = bpflib_library__load(reg, bpf_obj("bsize_100_lib"), &v11);
			if (v1 < 0)
				return fail(reg, "bsize_100_lib 1.1.0");
			t0 = now_ns();
			for (i = 0; i < n; i++) {
				int fd = prog_fd(objs[i], "bs_consumer");

				if (bpflib_prog__unlink(reg, fd) || bpflib_prog__link(reg, fd, NULL) != 1)
					return fail(reg, "upgrade");
			}
			if (!g)
				up = (now_ns() - t0) / 1e6;
			if (lib_links(reg, v1) != n)
				return fail(reg, "upgraded links");
			if (!g) {
				int before = nr_progs();

				t0 = now_ns();
				for (i = 0; i < n; i++) {
					struct bpf_object *fresh = load_obj("bsize_100_dyn");

					if (!fresh || bpflib_object__link(reg, fresh, &lo10) != 1 ||
					    bpflib_prog__replace(reg, prog_fd(objs[i], "bs_consumer"),
								 prog_fd(fresh, "bs_consumer"), NULL) < 0)
						return fail(reg, "swap");
					bpf_object__close(objs[i]);
					objs[i] = fresh;
				}
				swap = (now_ns() - t0) / 1e6;
				/* The old copies go; then only the fresh ones are left to release. */
				while ((lib_links(reg, v1) > 0 || nr_progs() > before) &&
				       now_ns() - t0 < 10e9)
					usleep(1000);
				if (lib_links(reg, v10) != n)
					return fail(reg, "swapped links");
			}
			/* Both versions' functions stay: only the consumers go. */
			progs0 = nr_progs() - n;
			for (i = 0; i < n; i++)
				bpf_object__close(objs[i]);
			t0 = now_ns();
			while (nr_progs() > progs0 && now_ns() - t0 < 10e9)
				usleep(1000);
			rel[g] = (now_ns() - t0) / 1e6;
			if (unload_wait(reg, v1, 5000) || unload_wait(reg, v10, 5000))
				return fail(reg, "unload");
			wait_progs(base);
		}
		printf("   %5d   %9.1f  %12.2f   %7.1f  %12.2f   %23.1f  %21.1f\n", n, up, up / n, swap,
		       swap / n, rel[0], rel[1]);
		printf("json: {\"bench\":\"upgrade\",\"n\":%d,\"upgrade_ms\":%.2f,\"swap_ms\":%.2f,"
		       "\"release_ms_gc1000\":%.2f,\"release_ms_gc10\":%.2f}\n", n, up, swap, rel[0],
		       rel[1]);
	}
	return set_gc_interval(1000);
}

/* --- 6. registry at scale ------------------------------------------------- */

static int bench_registry(struct bpflib_registry *reg)
{
	static const int ls[] = { 1, 100, 1000 };
	LIBBPFLIB_OPTS(bpflib_load_opts, opts);
	enum { LINKS = 20, FINDS = 50 };
	int *ids, loaded = 0, i, fd;
	struct bpf_object *obj;
	unsigned int k;
	char name[32];

	ids = calloc(1000, sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	printf("\n6. the registry with L libraries loaded: linking a consumer (the module's\n"
	       "   LOOKUP by name), finding a library by name (libbpflib walks LIB_INFO), and\n"
	       "   loading one more; ms under TCG, and kernel KiB per library\n\n"
	       "       L   link+unlink ms   find ms   load ms   KiB per library\n");
	obj = load_obj("bsize_100_dyn");
	if (!obj)
		return -EINVAL;
	fd = prog_fd(obj, "bs_consumer");
	for (k = 0; k < sizeof(ls) / sizeof(ls[0]); k++) {
		double t0, t_link, t_find, t_load;
		long m0 = mem_used_kib(), kib;
		int extra;

		/* Libraries of other names; the consumer's is loaded last. */
		t0 = now_ns();
		for (; loaded < ls[k] - 1; loaded++) {
			snprintf(name, sizeof(name), "reg_%04d", loaded);
			opts.name = name;
			ids[loaded] = bpflib_library__load(reg, bpf_obj("bsize_100_lib"), &opts);
			if (ids[loaded] < 0)
				return fail(reg, name);
		}
		kib = ls[k] > 1 ? (mem_used_kib() - m0) / (ls[k] - 1 - (k ? ls[k - 1] - 1 : 0)) : 0;
		t0 = now_ns();
		extra = bpflib_library__load(reg, bpf_obj("bsize_100_lib"), NULL);
		t_load = (now_ns() - t0) / 1e6;
		if (extra < 0)
			return fail(reg, "bsize_100_lib");
		t0 = now_ns();
		for (i = 0; i < LINKS; i++)
			if (bpflib_prog__link(reg, fd, NULL) != 1 || bpflib_prog__unlink(reg, fd))
				return fail(reg, "link");
		t_link = (now_ns() - t0) / 1e6 / LINKS;
		t0 = now_ns();
		for (i = 0; i < FINDS; i++)
			if (bpflib_library__find(reg, "bsize_100", NULL) != extra)
				return fail(reg, "find");
		t_find = (now_ns() - t0) / 1e6 / FINDS;
		printf("   %5d   %14.2f   %7.2f   %7.1f   %15ld\n", ls[k], t_link, t_find, t_load, kib);
		printf("json: {\"bench\":\"registry\",\"libraries\":%d,\"link_ms\":%.3f,\"find_ms\":%.3f,"
		       "\"load_ms\":%.2f,\"kib_per_library\":%ld}\n", ls[k], t_link, t_find, t_load, kib);
		if (unload_wait(reg, extra, 5000))
			return fail(reg, "unload");
	}
	bpf_object__close(obj);
	for (i = 0; i < loaded; i++)
		if (bpflib_library__unload(reg, ids[i]))
			return fail(reg, "unload");
	free(ids);
	return 0;
}

int main(int argc, char **argv)
{
	struct rlimit nofile = { 65536, 65536 };
	struct bpflib_registry *reg;
	const char *only = argc > 1 ? argv[1] : NULL;
	int err = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	setrlimit(RLIMIT_NOFILE, &nofile);
	reg = bpflib_registry__open(NULL);
	if (!reg) {
		fprintf(stderr, "bench: /dev/bpflib: %s\n", strerror(errno));
		return 1;
	}
#define RUN(name, fn) \
	do { if (!err && (!only || !strcmp(only, name))) err = fn(reg); } while (0)
	RUN("size", bench_size);
	RUN("scale", bench_scale);
	RUN("link", bench_link);
	RUN("call", bench_call);
	RUN("upgrade", bench_upgrade);
	RUN("registry", bench_registry);
	if (err)
		fprintf(stderr, "bench: failed: %s\n", strerror(-err));
	bpflib_registry__close(reg);
	return err ? 1 : 0;
}
