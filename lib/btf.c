// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Function prototypes in BTF: what the kernel can replace, whether two
 * prototypes match, and how they read in C.
 */
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>

#include "internal.h"

/* Context structs by program type, as the kernel's bpf_ctx_convert has them. */
static const struct {
	enum bpf_prog_type type;
	const char *ctx;
} ctx_structs[] = {
	{ BPF_PROG_TYPE_SOCKET_FILTER,		"__sk_buff" },
	{ BPF_PROG_TYPE_SCHED_CLS,		"__sk_buff" },
	{ BPF_PROG_TYPE_SCHED_ACT,		"__sk_buff" },
	{ BPF_PROG_TYPE_XDP,			"xdp_md" },
	{ BPF_PROG_TYPE_CGROUP_SKB,		"__sk_buff" },
	{ BPF_PROG_TYPE_CGROUP_SOCK,		"bpf_sock" },
	{ BPF_PROG_TYPE_LWT_IN,			"__sk_buff" },
	{ BPF_PROG_TYPE_LWT_OUT,		"__sk_buff" },
	{ BPF_PROG_TYPE_LWT_XMIT,		"__sk_buff" },
	{ BPF_PROG_TYPE_SOCK_OPS,		"bpf_sock_ops" },
	{ BPF_PROG_TYPE_SK_SKB,			"__sk_buff" },
	{ BPF_PROG_TYPE_CGROUP_DEVICE,		"bpf_cgroup_dev_ctx" },
	{ BPF_PROG_TYPE_SK_MSG,			"sk_msg_md" },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR,	"bpf_sock_addr" },
	{ BPF_PROG_TYPE_LWT_SEG6LOCAL,		"__sk_buff" },
	{ BPF_PROG_TYPE_SK_REUSEPORT,		"sk_reuseport_md" },
	{ BPF_PROG_TYPE_FLOW_DISSECTOR,		"__sk_buff" },
	{ BPF_PROG_TYPE_CGROUP_SYSCTL,		"bpf_sysctl" },
	{ BPF_PROG_TYPE_CGROUP_SOCKOPT,		"bpf_sockopt" },
	{ BPF_PROG_TYPE_SK_LOOKUP,		"bpf_sk_lookup" },
	{ BPF_PROG_TYPE_PERF_EVENT,		"bpf_perf_event_data" },
};

const char *bpflib_ctx_struct(enum bpf_prog_type type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ctx_structs); i++)
		if (ctx_structs[i].type == type)
			return ctx_structs[i].ctx;
	return NULL;
}

bool bpflib_is_ctx_struct(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ctx_structs); i++)
		if (!strcmp(ctx_structs[i].ctx, name))
			return true;
	return false;
}

static const struct btf_type *skip_mods(const struct btf *btf, __u32 id, __u32 *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t;
}

static const struct btf_type *func_proto(const struct btf *btf, __u32 func_id)
{
	const struct btf_type *t = btf__type_by_id(btf, func_id);

	if (!t || !btf_is_func(t))
		return NULL;
	t = btf__type_by_id(btf, t->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

/* Is type @id (a return value or an argument) one the kernel can match? */
static int check_type(const struct btf *btf, __u32 id, bool is_ret,
		      char *why, size_t why_sz, const char *what)
{
	const struct btf_type *t = skip_mods(btf, id, NULL);

	if (!id && is_ret)
		return 0;
	if (t && (btf_is_int(t) || btf_is_any_enum(t)))
		return 0;
	if (!is_ret && t && btf_is_ptr(t)) {
		t = skip_mods(btf, t->type, NULL);
		if (t && btf_is_composite(t) && t->name_off)
			return 0;
		snprintf(why, why_sz,
			 "%s is a pointer to something other than a named struct", what);
		return -EINVAL;
	}
	snprintf(why, why_sz, "%s is not an integer, enum or struct pointer", what);
	return -EINVAL;
}

int bpflib_btf_proto_check(const struct btf *btf, __u32 func_id, char *why, size_t why_sz)
{
	const struct btf_type *t = btf__type_by_id(btf, func_id);
	const struct btf_param *p;
	char what[32];
	int i, err;

	if (!t || !btf_is_func(t)) {
		snprintf(why, why_sz, "type %u is not a function", func_id);
		return -EINVAL;
	}
	if (btf_vlen(t) != BTF_FUNC_GLOBAL) {	/* a FUNC keeps its linkage in vlen */
		snprintf(why, why_sz, "it is not a global function");
		return -EINVAL;
	}
	t = func_proto(btf, func_id);
	if (!t)
		return -EINVAL;
	if (btf_vlen(t) > BPFLIB_MAX_ARGS) {
		snprintf(why, why_sz, "it has %u arguments; BPF allows %d",
			 btf_vlen(t), BPFLIB_MAX_ARGS);
		return -EINVAL;
	}
	err = check_type(btf, t->type, true, why, why_sz, "the return type");
	for (i = 0, p = btf_params(t); !err && i < btf_vlen(t); i++, p++) {
		snprintf(what, sizeof(what), "argument %d", i + 1);
		err = check_type(btf, p->type, false, why, why_sz, what);
	}
	return err;
}

bool bpflib_btf_proto_uses_ctx(const struct btf *btf, __u32 func_id,
			       const char **other_ctx, enum bpf_prog_type type)
{
	const struct btf_type *proto = func_proto(btf, func_id), *t;
	const char *mine = bpflib_ctx_struct(type), *name;
	const struct btf_param *p;
	int i;

	*other_ctx = NULL;
	if (!proto)
		return false;
	for (i = 0, p = btf_params(proto); i < btf_vlen(proto); i++, p++) {
		t = skip_mods(btf, p->type, NULL);
		if (!t || !btf_is_ptr(t))
			continue;
		t = skip_mods(btf, t->type, NULL);
		if (!t || !btf_is_composite(t))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (mine && !strcmp(name, mine))
			return true;
		if (bpflib_is_ctx_struct(name))
			*other_ctx = name;
	}
	return false;
}

/*
 * The kernel matches pointer arguments by struct name only, although the
 * verifier checked each side's accesses against its own idea of the
 * struct's size.  Insist on the same size and member layout, except for
 * context structs, which are the kernel's own.
 */
static int composite_cmp(const struct btf *a, const struct btf_type *ta,
			 const struct btf *b, const struct btf_type *tb)
{
	const char *name = btf__name_by_offset(a, ta->name_off);
	const struct btf_member *ma, *mb;
	int i;

	if (strcmp(name, btf__name_by_offset(b, tb->name_off)))
		return -1;
	if (bpflib_is_ctx_struct(name))
		return 0;
	if (!btf_is_composite(ta) || ta->size != tb->size ||
	    btf_vlen(ta) != btf_vlen(tb))
		return -1;
	for (i = 0, ma = btf_members(ta), mb = btf_members(tb); i < btf_vlen(ta);
	     i++, ma++, mb++) {
		if (strcmp(btf__name_by_offset(a, ma->name_off),
			   btf__name_by_offset(b, mb->name_off)) ||
		    btf_member_bit_offset(ta, i) != btf_member_bit_offset(tb, i) ||
		    btf__resolve_size(a, ma->type) != btf__resolve_size(b, mb->type))
			return -1;
	}
	return 0;
}

static int type_cmp(const struct btf *a, __u32 a_id, const struct btf *b, __u32 b_id)
{
	const struct btf_type *ta = skip_mods(a, a_id, &a_id);
	const struct btf_type *tb = skip_mods(b, b_id, &b_id);

	if (!a_id || !b_id)
		return a_id == b_id ? 0 : -1;
	if (!ta || !tb || btf_kind(ta) != btf_kind(tb))
		return -1;
	if (btf_is_int(ta))
		return ta->size == tb->size &&
		       btf_int_encoding(ta) == btf_int_encoding(tb) ? 0 : -1;
	if (btf_is_any_enum(ta))
		return ta->size == tb->size ? 0 : -1;
	if (btf_is_ptr(ta)) {
		ta = skip_mods(a, ta->type, NULL);
		tb = skip_mods(b, tb->type, NULL);
		if (!ta || !tb || btf_kind(ta) != btf_kind(tb))
			return -1;
		return composite_cmp(a, ta, b, tb);
	}
	return -1;
}

int bpflib_btf_proto_cmp(const struct btf *a, __u32 a_id, const struct btf *b, __u32 b_id,
			 char *why, size_t why_sz)
{
	const struct btf_type *pa = func_proto(a, a_id), *pb = func_proto(b, b_id);
	const struct btf_param *xa, *xb;
	int i;

	if (!pa || !pb) {
		snprintf(why, why_sz, "not a function");
		return -EINVAL;
	}
	if (btf_vlen(pa) != btf_vlen(pb)) {
		snprintf(why, why_sz, "%u arguments against %u", btf_vlen(pa), btf_vlen(pb));
		return -EINVAL;
	}
	if (type_cmp(a, pa->type, b, pb->type)) {
		snprintf(why, why_sz, "the return types differ");
		return -EINVAL;
	}
	for (i = 0, xa = btf_params(pa), xb = btf_params(pb); i < btf_vlen(pa); i++, xa++, xb++) {
		if (type_cmp(a, xa->type, b, xb->type)) {
			snprintf(why, why_sz,
				 "argument %d differs (for struct pointers: name, size or layout)",
				 i + 1);
			return -EINVAL;
		}
	}
	return 0;
}

/* A bounded string that counts what it would need, as snprintf() does. */
struct sbuf {
	char *buf;
	size_t size;
	int len;
};

static void __attribute__((format(printf, 2, 3)))
sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	size_t at = (size_t)sb->len < sb->size ? (size_t)sb->len : sb->size;
	va_list ap;

	va_start(ap, fmt);
	sb->len += vsnprintf(sb->buf + at, sb->size - at, fmt, ap);
	va_end(ap);
}

/* Append the C spelling of type @id. */
static void type_str(const struct btf *btf, __u32 id, struct sbuf *sb)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name;

	if (!id || !t) {
		sb_printf(sb, "void");
		return;
	}
	name = btf__name_by_offset(btf, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_CONST:
		sb_printf(sb, "const ");
		type_str(btf, t->type, sb);
		break;
	case BTF_KIND_VOLATILE:
		sb_printf(sb, "volatile ");
		type_str(btf, t->type, sb);
		break;
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		type_str(btf, t->type, sb);
		break;
	case BTF_KIND_PTR:
		type_str(btf, t->type, sb);
		sb_printf(sb, " *");
		break;
	case BTF_KIND_STRUCT:
		sb_printf(sb, "struct %s", name);
		break;
	case BTF_KIND_UNION:
		sb_printf(sb, "union %s", name);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		sb_printf(sb, "enum %s", name);
		break;
	case BTF_KIND_FWD:
		sb_printf(sb, "%s %s", btf_kflag(t) ? "union" : "struct", name);
		break;
	default:
		sb_printf(sb, "%s", name[0] ? name : "?");
		break;
	}
}

int bpflib_btf__func_proto_str(const struct btf *btf, __u32 func_id, char *buf, size_t size)
{
	const struct btf_type *f = btf__type_by_id(btf, func_id);
	const struct btf_type *proto = func_proto(btf, func_id);
	struct sbuf sb = { .buf = buf, .size = size };
	const struct btf_param *p;
	const char *pname;
	int i;

	if (!f || !proto)
		return -EINVAL;
	if (size)
		buf[0] = '\0';
	type_str(btf, proto->type, &sb);
	sb_printf(&sb, " %s(", btf__name_by_offset(btf, f->name_off));
	for (i = 0, p = btf_params(proto); i < btf_vlen(proto); i++, p++) {
		if (i)
			sb_printf(&sb, ", ");
		type_str(btf, p->type, &sb);
		pname = btf__name_by_offset(btf, p->name_off);
		if (pname && pname[0]) {
			bool ptr = btf_is_ptr(btf__type_by_id(btf, p->type));

			sb_printf(&sb, "%s%s", ptr ? "" : " ", pname);
		}
	}
	sb_printf(&sb, "%s)", btf_vlen(proto) ? "" : "void");
	return sb.len;
}
