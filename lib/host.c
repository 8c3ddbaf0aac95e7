// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The host: a program of a consumer type, generated at load time, whose
 * only purpose is to be the target a library's functions are verified
 * against.  An extension program takes its program type and its argument
 * types from the function it is loaded against, so the host has one global
 * stub per exported function, with the same prototype, and calls each of
 * them (uncalled global functions are dropped by the verifier).
 *
 * It never runs.  Each extension holds the host until it is first linked
 * to a consumer, and the registry holds it for as long as the library is
 * loaded (registry.h says why).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "internal.h"

#define HOST_STACK_MAX	512

static struct bpf_insn insn(__u8 code, __u8 dst, __u8 src, __s16 off, __s32 imm)
{
	return (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
				  .off = off, .imm = imm };
}

#define MOV64_REG(d, s)	insn(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i)	insn(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define ADD64_IMM(d, i)	insn(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ST_DW(d, o, i)	insn(BPF_ST | BPF_MEM | BPF_DW, d, 0, o, i)
#define JEQ_IMM(d, i, o) insn(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define CALL_HELPER(id)	insn(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define CALL_LOCAL(rel)	insn(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, rel)
#define EXIT()		insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/*
 * A stub: return 0, behind a call to a helper that changes packet data on
 * a branch the verifier proves dead.  Linux 6.12 only lets an extension
 * that changes packet data replace a function that does too; the kernel
 * finds such calls by a scan of all instructions, dead or not.
 */
#define STUB_LEN 4
static void emit_stub(struct bpf_insn *insns, bool pkt)
{
	insns[0] = MOV64_IMM(BPF_REG_0, 0);
	insns[1] = JEQ_IMM(BPF_REG_0, 0, 1);
	/* The probe below needs a stub that does not change packet data. */
	insns[2] = pkt ? CALL_HELPER(BPF_FUNC_xdp_adjust_head) : MOV64_IMM(BPF_REG_0, 0);
	insns[3] = EXIT();
}

enum arg_kind { ARG_SCALAR, ARG_CTX, ARG_MEM };

struct host_func {
	__u32 btf_id;		/* in the host's BTF */
	int nr_args;
	enum arg_kind args[BPFLIB_MAX_ARGS];
};

struct host {
	struct btf *btf;
	const struct btf *src;
	const char *ctx_name;
	__u32 stack;		/* bytes of zeroed stack for struct arguments */
	struct host_func *funcs;
};

static const struct btf_type *resolve(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);
	__u32 n = btf__type_cnt(btf);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		if (!n--)
			return NULL;	/* a chain that loops */
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

/*
 * Copy type @id of the library's BTF into the host's, as far as the
 * kernel's prototype check looks: integers and enums verbatim, structs by
 * name and size only.
 */
static int copy_type(struct host *h, __u32 id, enum arg_kind *kind)
{
	const struct btf_type *t = resolve(h->src, &id), *s;
	__u32 sid;
	int ret;

	*kind = ARG_SCALAR;
	if (!id)
		return 0;
	if (!t)
		return -EINVAL;
	if (btf_is_int(t) || btf_is_any_enum(t))
		return btf__add_type(h->btf, h->src, t);
	if (!btf_is_ptr(t))
		return -EINVAL;
	sid = t->type;
	s = resolve(h->src, &sid);
	if (!s || !btf_is_composite(s))
		return -EINVAL;
	if (btf_is_struct(s))
		ret = btf__add_struct(h->btf, btf__name_by_offset(h->src, s->name_off), s->size);
	else
		ret = btf__add_union(h->btf, btf__name_by_offset(h->src, s->name_off), s->size);
	if (ret < 0)
		return ret;
	if (h->ctx_name && !strcmp(btf__name_by_offset(h->src, s->name_off), h->ctx_name)) {
		*kind = ARG_CTX;
	} else {
		*kind = ARG_MEM;
		if (s->size > HOST_STACK_MAX)
			return -E2BIG;
		if (s->size > h->stack)
			h->stack = (s->size + 7) & ~7U;
	}
	return btf__add_ptr(h->btf, ret);
}

static int add_func(struct host *h, __u32 src_id, struct host_func *hf)
{
	const struct btf_type *f = btf__type_by_id(h->src, src_id);
	const struct btf_type *proto = btf__type_by_id(h->src, f->type);
	const struct btf_param *p = btf_params(proto);
	int ret_id, proto_id, arg_id[BPFLIB_MAX_ARGS], i, ret;
	enum arg_kind kind;

	hf->nr_args = btf_vlen(proto);
	if (hf->nr_args > BPFLIB_MAX_ARGS)
		return -EINVAL;
	/* Types first: a FUNC_PROTO must be followed by its params. */
	ret_id = copy_type(h, proto->type, &kind);
	if (ret_id < 0)
		return ret_id;
	for (i = 0; i < hf->nr_args; i++) {
		arg_id[i] = copy_type(h, p[i].type, &hf->args[i]);
		if (arg_id[i] < 0)
			return arg_id[i];
	}
	proto_id = btf__add_func_proto(h->btf, ret_id);
	if (proto_id < 0)
		return proto_id;
	for (i = 0; i < hf->nr_args; i++) {
		ret = btf__add_func_param(h->btf, btf__name_by_offset(h->src, p[i].name_off),
					  arg_id[i]);
		if (ret)
			return ret;
	}
	ret = btf__add_func(h->btf, btf__name_by_offset(h->src, f->name_off),
			    BTF_FUNC_GLOBAL, proto_id);
	if (ret < 0)
		return ret;
	hf->btf_id = ret;
	return 0;
}

/* int bpflib_host(struct <ctx> *ctx) */
static int add_main(struct host *h)
{
	int int_id, ptr_id = 0, proto_id, err;

	int_id = btf__add_int(h->btf, "int", 4, BTF_INT_SIGNED);
	if (int_id < 0)
		return int_id;
	if (h->ctx_name) {
		ptr_id = btf__add_struct(h->btf, h->ctx_name, 0);
		if (ptr_id > 0)
			ptr_id = btf__add_ptr(h->btf, ptr_id);
		if (ptr_id < 0)
			return ptr_id;
	}
	/* A FUNC_PROTO's params must follow it directly: types come first. */
	proto_id = btf__add_func_proto(h->btf, int_id);
	if (proto_id < 0)
		return proto_id;
	if (ptr_id) {
		err = btf__add_func_param(h->btf, "ctx", ptr_id);
		if (err)
			return err;
	}
	return btf__add_func(h->btf, "bpflib_host", BTF_FUNC_GLOBAL, proto_id);
}

/* Attach types the headers of older systems do not name. */
#define ATTACH_CGROUP_UNIX_RECVMSG	51
#define ATTACH_CGROUP_UNIX_GETPEERNAME	52
#define ATTACH_CGROUP_UNIX_GETSOCKNAME	53
#define ATTACH_TRACE_KPROBE_SESSION	56

bool bpflib_ret_range(enum bpf_prog_type type, enum bpf_attach_type attach_type,
		      int *lo, int *hi)
{
	*lo = 0;
	*hi = 1;
	switch (type) {
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		switch ((int)attach_type) {
		case BPF_CGROUP_UDP4_RECVMSG:
		case BPF_CGROUP_UDP6_RECVMSG:
		case BPF_CGROUP_INET4_GETPEERNAME:
		case BPF_CGROUP_INET6_GETPEERNAME:
		case BPF_CGROUP_INET4_GETSOCKNAME:
		case BPF_CGROUP_INET6_GETSOCKNAME:
		case ATTACH_CGROUP_UNIX_RECVMSG:
		case ATTACH_CGROUP_UNIX_GETPEERNAME:
		case ATTACH_CGROUP_UNIX_GETSOCKNAME:
			*lo = 1;
			break;
		case BPF_CGROUP_INET4_BIND:
		case BPF_CGROUP_INET6_BIND:
			*hi = 3;
			break;
		default:
			break;
		}
		return true;
	case BPF_PROG_TYPE_CGROUP_SKB:
		if (attach_type == BPF_CGROUP_INET_EGRESS)
			*hi = 3;
		return true;
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
	case BPF_PROG_TYPE_SK_LOOKUP:
		return true;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		/* An extension always has an attach_btf_id: [0, 0]. */
		*hi = 0;
		return true;
	case BPF_PROG_TYPE_TRACING:
		if (attach_type == BPF_TRACE_FENTRY || attach_type == BPF_TRACE_FEXIT)
			*hi = 0;
		return attach_type != BPF_TRACE_RAW_TP && attach_type != BPF_MODIFY_RETURN;
	case BPF_PROG_TYPE_KPROBE:
		return (int)attach_type == ATTACH_TRACE_KPROBE_SESSION;
	case BPF_PROG_TYPE_LSM:
		/* LSM_MAC: the hook's range is looked up for LSM programs only. */
		return attach_type == BPF_LSM_CGROUP;
	default:
		return (int)type == BPFLIB_PROG_TYPE_NETFILTER;
	}
}

static int host_load(enum bpf_prog_type type, enum bpf_attach_type attach_type,
		     __u32 attach_btf_id, const struct btf *src, const __u32 *func_ids,
		     int nr_funcs, bool pkt, __u32 *stub_ids, char *log, size_t log_sz)
{
	struct host h = { .src = src, .ctx_name = bpflib_ctx_struct(type) };
	int ret_lo, ret_hi;
	struct bpf_func_info *finfo = NULL;
	struct bpf_insn *insns = NULL;
	int main_id, n = 0, cap, i, j, fd, err;
	__u32 stub_off;
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		.expected_attach_type = attach_type,
		.attach_btf_id = attach_btf_id,
		.log_buf = log,
		.log_size = log && log_sz ? log_sz : 0,
		.log_level = log && log_sz ? 1 : 0,
	);

	h.btf = btf__new_empty();
	if (!h.btf)
		return -errno;
	h.funcs = calloc(nr_funcs, sizeof(*h.funcs));
	finfo = calloc(nr_funcs + 1, sizeof(*finfo));
	if (!h.funcs || !finfo) {
		err = -ENOMEM;
		goto out;
	}
	main_id = add_main(&h);
	if (main_id < 0) {
		err = main_id;
		goto out;
	}
	for (i = 0; i < nr_funcs; i++) {
		err = add_func(&h, func_ids[i], &h.funcs[i]);
		if (err)
			goto out;
	}

	/* Main: save ctx, zero the scratch stack, call every stub, return 0. */
	cap = 4 + h.stack / 8 + nr_funcs * (2 * BPFLIB_MAX_ARGS + 1) +
	      nr_funcs * STUB_LEN;
	insns = calloc(cap, sizeof(*insns));
	if (!insns) {
		err = -ENOMEM;
		goto out;
	}
	insns[n++] = MOV64_REG(BPF_REG_6, BPF_REG_1);
	for (i = 8; i <= (int)h.stack; i += 8)
		insns[n++] = ST_DW(BPF_REG_10, -i, 0);
	/* Stub i starts after main, at main_len + i * stub length. */
	for (i = 0; i < nr_funcs; i++) {
		for (j = 0; j < h.funcs[i].nr_args; j++) {
			switch (h.funcs[i].args[j]) {
			case ARG_CTX:
				insns[n++] = MOV64_REG(BPF_REG_1 + j, BPF_REG_6);
				break;
			case ARG_MEM:
				insns[n++] = MOV64_REG(BPF_REG_1 + j, BPF_REG_10);
				insns[n++] = ADD64_IMM(BPF_REG_1 + j, -(int)h.stack);
				break;
			default:
				insns[n++] = MOV64_IMM(BPF_REG_1 + j, 0);
				break;
			}
		}
		/* Placeholder: imm is fixed up once main's length is known. */
		insns[n] = CALL_LOCAL(i);
		n++;
	}
	/* A value the program type may return: 1 where only 1 is. */
	bpflib_ret_range(type, attach_type, &ret_lo, &ret_hi);
	insns[n++] = MOV64_IMM(BPF_REG_0, ret_lo);
	insns[n++] = EXIT();

	finfo[0].insn_off = 0;
	finfo[0].type_id = main_id;
	for (i = 0, j = 0; i < n; i++) {
		if (insns[i].code != (BPF_JMP | BPF_CALL) ||
		    insns[i].src_reg != BPF_PSEUDO_CALL)
			continue;
		stub_off = n + insns[i].imm * STUB_LEN;
		insns[i].imm = stub_off - (i + 1);
		finfo[1 + j].insn_off = stub_off;
		finfo[1 + j].type_id = h.funcs[j].btf_id;
		j++;
	}
	for (i = 0; i < nr_funcs; i++, n += STUB_LEN)
		emit_stub(&insns[n], pkt);

	err = btf__load_into_kernel(h.btf);
	if (err)
		goto out;
	opts.prog_btf_fd = btf__fd(h.btf);
	opts.func_info = finfo;
	opts.func_info_cnt = nr_funcs + 1;
	opts.func_info_rec_size = sizeof(*finfo);
	fd = bpf_prog_load(type, "bpflib_host", "GPL", insns, n, &opts);
	err = fd < 0 ? -errno : fd;
	for (i = 0; fd >= 0 && i < nr_funcs; i++)
		stub_ids[i] = h.funcs[i].btf_id;
out:
	btf__free(h.btf);
	free(h.funcs);
	free(finfo);
	free(insns);
	return err;
}

int bpflib_host_load(enum bpf_prog_type type, enum bpf_attach_type attach_type,
		     __u32 attach_btf_id, const struct btf *src, const __u32 *func_ids,
		     int nr_funcs, __u32 *stub_ids, char *log, size_t log_sz)
{
	return host_load(type, attach_type, attach_btf_id, src, func_ids, nr_funcs, true,
			 stub_ids, log, log_sz);
}

/*
 * Does the kernel refuse an extension that changes packet data in place of
 * a function that does not (Linux 6.12, and stable kernels since)?  Try
 * it: an XDP host whose stub does not, and an extension of it that calls
 * bpf_xdp_adjust_head().
 */
int bpflib_probe_pkt_data_check(void)
{
	struct bpf_insn ext[] = {
		MOV64_IMM(BPF_REG_2, 0),
		CALL_HELPER(BPF_FUNC_xdp_adjust_head),
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	struct bpf_func_info finfo = {};
	char log[4096] = "";
	struct btf *btf;
	__u32 stub_id = 0;
	int int_id, ptr_id, proto_id, func_id, host_fd, fd, ret;

	btf = btf__new_empty();
	if (!btf)
		return -errno;
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	ptr_id = btf__add_ptr(btf, btf__add_struct(btf, "xdp_md", 24));
	proto_id = btf__add_func_proto(btf, int_id);
	btf__add_func_param(btf, "ctx", ptr_id);
	func_id = btf__add_func(btf, "bpflib_probe", BTF_FUNC_GLOBAL, proto_id);
	ret = func_id < 0 ? func_id : 0;
	host_fd = ret ?: host_load(BPF_PROG_TYPE_XDP, BPF_XDP, 0, btf, (__u32 *)&func_id, 1,
				    false, &stub_id, NULL, 0);
	if (host_fd < 0) {
		ret = host_fd;
		goto out;
	}
	ret = btf__load_into_kernel(btf);
	if (ret)
		goto close_host;
	finfo.type_id = func_id;
	opts.prog_btf_fd = btf__fd(btf);
	opts.func_info = &finfo;
	opts.func_info_cnt = 1;
	opts.func_info_rec_size = sizeof(finfo);
	opts.attach_prog_fd = host_fd;
	opts.attach_btf_id = stub_id;
	opts.log_buf = log;
	opts.log_size = sizeof(log);
	opts.log_level = 1;
	fd = bpf_prog_load(BPF_PROG_TYPE_EXT, "bpflib_probe", "GPL", ext, ARRAY_SIZE(ext), &opts);
	if (fd >= 0) {
		close(fd);
		ret = 0;
	} else {
		/* Refused for that reason, and no other. */
		ret = strstr(log, "changes packet data") ? 1 : -errno;
	}
close_host:
	close(host_fd);
out:
	btf__free(btf);
	return ret;
}
