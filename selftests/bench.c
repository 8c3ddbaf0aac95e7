// SPDX-License-Identifier: GPL-2.0
/*
 * bench - what linking to a library costs and saves, in figures.
 *
 * Deterministic figures first (instructions the verifier processed, bytes
 * of translated and JITed code), for libnet's XDP consumer linked to the
 * library and with the library compiled in.  Then the cost of a call,
 * linked against a BPF-to-BPF call and an inlined one, as ratios measured
 * in one run: under TCG only ratios mean anything.
 *
 * Runs in the VM with the module inserted: make bench.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "helpers.h"

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

static void print_cost(const char *what, const struct cost *c)
{
	printf("  %-44s %10llu %10llu %10llu\n", what, (unsigned long long)c->verified,
	       (unsigned long long)c->xlated, (unsigned long long)c->jited);
}

static int sizes(struct bpflib_registry *reg)
{
	struct cost lib = {}, c, linked, compiled;
	struct bpflib_library_info *li;
	struct bpf_object *obj;
	char what[96];
	int lib_id, fd, n;
	__u32 i;

	lib_id = load_lib(reg, "libnet");
	if (lib_id < 0)
		return lib_id;
	li = bpflib_registry__library_info(reg, lib_id, 0);
	if (!li)
		return -errno;
	printf("verification and size (deterministic)          verified     xlated      jited\n"
	       "                                                   insns      bytes      bytes\n");
	for (i = 0; i < li->info.nr_funcs; i++) {
		if (li->funcs[i].prog_type != BPF_PROG_TYPE_XDP)
			continue;
		fd = bpf_prog_get_fd_by_id(li->funcs[i].prog_id);
		if (fd < 0 || prog_cost(fd, &c))
			return -errno;
		close(fd);
		snprintf(what, sizeof(what), "libnet %s, once", li->funcs[i].name);
		print_cost(what, &c);
		lib.verified += c.verified;
		lib.xlated += c.xlated;
		lib.jited += c.jited;
	}
	bpflib_library_info__free(li);
	print_cost("libnet for XDP, total, once", &lib);

	obj = load_obj("xdp_flow");
	if (!obj)
		return -EINVAL;
	n = bpflib_object__link(reg, obj, NULL);
	if (n < 0 || prog_cost(prog_fd(obj, "xdp_flow"), &linked))
		return -EINVAL;
	bpf_object__close(obj);
	print_cost("xdp_flow linked to libnet, per consumer", &linked);

	obj = load_obj("bench_flow_static");
	if (!obj || prog_cost(prog_fd(obj, "xdp_flow"), &compiled))
		return -EINVAL;
	bpf_object__close(obj);
	print_cost("xdp_flow with libnet compiled in, per consumer", &compiled);

	printf("\n  consumers   verified insns: linked  compiled in   jited bytes: linked  compiled in\n");
	for (n = 1; n <= 100; n *= 10)
		printf("  %9d   %20llu %12llu   %19llu %12llu\n", n,
		       (unsigned long long)(lib.verified + n * linked.verified),
		       (unsigned long long)(n * compiled.verified),
		       (unsigned long long)(lib.jited + n * linked.jited),
		       (unsigned long long)(n * compiled.jited));
	return unload_wait(reg, lib_id, 5000);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

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

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int call_cost(struct bpflib_registry *reg)
{
	enum { ROUNDS = 11, REPEAT = 2000 };
	double linked[ROUNDS], global[ROUNDS], inlined[ROUNDS];
	double r_linked[ROUNDS], r_inline[ROUNDS], start;
	struct bpf_object *obj;
	int lib_id, fl, fg, fi, i;
	long long a, b, c;

	lib_id = load_lib(reg, "benchlib");
	obj = load_obj("bench_call");
	if (lib_id < 0 || !obj)
		return -EINVAL;
	fl = prog_fd(obj, "call_linked");
	fg = prog_fd(obj, "call_global");
	fi = prog_fd(obj, "call_inline");
	if (bpflib_prog__link(reg, fl, NULL) != 1)
		return -EINVAL;
	/* The three must agree before their speed means anything. */
	__u8 pkt[64] = {};

	a = test_run(fl, pkt, sizeof(pkt));
	b = test_run(fg, pkt, sizeof(pkt));
	c = test_run(fi, pkt, sizeof(pkt));
	if (a != b || b != c || a <= 0) {
		fprintf(stderr, "bench: results differ: %lld %lld %lld\n", a, b, c);
		return -EINVAL;
	}
	start = now_ns();
	for (i = 0; i < ROUNDS; i++) {
		linked[i] = run_ns(fl, REPEAT);
		global[i] = run_ns(fg, REPEAT);
		inlined[i] = run_ns(fi, REPEAT);
		r_linked[i] = linked[i] / global[i];
		r_inline[i] = inlined[i] / global[i];
	}
	qsort(r_linked, ROUNDS, sizeof(double), cmp_double);
	qsort(r_inline, ROUNDS, sizeof(double), cmp_double);
	printf("\ncall cost: 1000 calls per run, %d runs per round, %d rounds, %.1f s\n"
	       "  linked / BPF-to-BPF call:  median %.2f (min %.2f, max %.2f)\n"
	       "  inlined / BPF-to-BPF call: median %.2f (min %.2f, max %.2f)\n",
	       REPEAT, ROUNDS, (now_ns() - start) / 1e9,
	       r_linked[ROUNDS / 2], r_linked[0], r_linked[ROUNDS - 1],
	       r_inline[ROUNDS / 2], r_inline[0], r_inline[ROUNDS - 1]);
	bpf_object__close(obj);
	return unload_wait(reg, lib_id, 5000);
}

int main(void)
{
	struct bpflib_registry *reg = bpflib_registry__open(NULL);
	int err;

	if (!reg) {
		fprintf(stderr, "bench: /dev/bpflib: %s\n", strerror(errno));
		return 1;
	}
	err = sizes(reg) ?: call_cost(reg);
	if (err)
		fprintf(stderr, "bench: %s (%s)\n", strerror(-err), bpflib_registry__errstr(reg));
	bpflib_registry__close(reg);
	return err ? 1 : 0;
}
