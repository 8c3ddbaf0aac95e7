// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Function prototypes in BTF: what the kernel can replace, whether two
 * prototypes match, and how they read in C.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

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
	{ (enum bpf_prog_type)BPFLIB_PROG_TYPE_NETFILTER, "bpf_nf_ctx" },
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

/*
 * Past typedefs and modifiers; NULL for a chain that does not end (a
 * hostile object's BTF may loop: the kernel would refuse it, later).
 */
static const struct btf_type *skip_mods(const struct btf *btf, __u32 id, __u32 *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	__u32 n = btf__type_cnt(btf);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		if (!n--)
			return NULL;
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

#define HOST_STACK_MAX	512	/* the most a caller has room for: the BPF stack */

/*
 * Is type @id (a return value or an argument, @what) one the kernel can
 * match when it links an extension?  If not, the rule it breaks and the
 * fix, in @why.
 */
static int check_type(const struct btf *btf, __u32 id, bool is_ret,
		      char *why, size_t why_sz, const char *what)
{
	const struct btf_type *t = skip_mods(btf, id, NULL), *s;
	const char *name;

	if (!id && is_ret)
		return 0;
	if (t && (btf_is_int(t) || btf_is_any_enum(t)))
		return 0;
	if (t && btf_is_ptr(t) && is_ret) {
		snprintf(why, why_sz,
			 "%s is a pointer: an export returns an integer or enum (return a status and fill a struct the caller passes)",
			 what);
		return -EINVAL;
	}
	if (t && btf_is_ptr(t)) {
		s = skip_mods(btf, t->type, NULL);
		if (!s || btf_is_void(s) || (!btf_is_composite(s) && !btf_is_int(s) &&
					   !btf_is_any_enum(s))) {
			snprintf(why, why_sz,
				 "%s is a void (or untyped) pointer: the kernel links only pointers to named structs, whose size it knows (pass a pointer to a struct that holds the data)",
				 what);
			return -EINVAL;
		}
		if (!btf_is_composite(s)) {
			snprintf(why, why_sz,
				 "%s points to an integer (%s): the kernel links only pointers to named structs (wrap it: struct { %s v; } *, or pass the value itself)",
				 what, btf__name_by_offset(btf, s->name_off),
				 btf__name_by_offset(btf, s->name_off));
			return -EINVAL;
		}
		name = btf__name_by_offset(btf, s->name_off);
		if (!name || !name[0]) {
			snprintf(why, why_sz,
				 "%s points to a struct without a name: the kernel matches structs by name (give it one)",
				 what);
			return -EINVAL;
		}
		if (s->size > HOST_STACK_MAX && !bpflib_is_ctx_struct(name)) {
			snprintf(why, why_sz,
				 "%s points to struct %s of %u bytes: a caller has room for at most %d, on the BPF stack (split it, or keep the data in a map and pass what finds it)",
				 what, name, s->size, HOST_STACK_MAX);
			return -EINVAL;
		}
		return 0;
	}
	if (t && btf_is_composite(t)) {
		snprintf(why, why_sz,
			 "%s is a struct passed by value: the kernel links only integers, enums and pointers to structs (pass a pointer to it)",
			 what);
		return -EINVAL;
	}
	snprintf(why, why_sz, "%s is not an integer, enum or pointer to a named struct", what);
	return -EINVAL;
}

int bpflib_btf_proto_check(const struct btf *btf, __u32 func_id, char *why, size_t why_sz)
{
	const struct btf_type *t = btf__type_by_id(btf, func_id);
	const struct btf_param *p;
	char what[BPFLIB_NAME_LEN + 32];
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
		snprintf(why, why_sz,
			 "it has %u arguments; a BPF function takes at most %d (pass the rest in a struct)",
			 btf_vlen(t), BPFLIB_MAX_ARGS);
		return -EINVAL;
	}
	err = check_type(btf, t->type, true, why, why_sz, "the return value");
	for (i = 0, p = btf_params(t); !err && i < btf_vlen(t); i++, p++) {
		const char *pname = btf__name_by_offset(btf, p->name_off);

		if (pname && pname[0])
			snprintf(what, sizeof(what), "argument %d (%s)", i + 1, pname);
		else
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

/* The type ids and names type @id refers to exist. */
struct sane {
	const struct btf *btf;
	__u32 id, cnt;
	char *why;
	size_t why_sz;
	int err;
};

static void sane_id(struct sane *c, __u32 ref)
{
	if (!c->err && ref >= c->cnt) {
		snprintf(c->why, c->why_sz, "type %u refers to type %u, of %u", c->id, ref,
			 c->cnt - 1);
		c->err = -EINVAL;
	}
}

static void sane_name(struct sane *c, __u32 off)
{
	if (!c->err && !btf__str_by_offset(c->btf, off)) {
		snprintf(c->why, c->why_sz, "type %u has a name at %u, past its strings", c->id, off);
		c->err = -EINVAL;
	}
}

/* The type a typedef, modifier, pointer or array is of; 0 for other kinds. */
static __u32 chain_next(const struct btf_type *t)
{
	if (btf_is_mod(t) || btf_is_typedef(t) || btf_is_ptr(t) || btf_is_type_tag(t))
		return t->type;
	if (btf_is_array(t))
		return btf_array(t)->type;
	return 0;
}

/*
 * Does a chain of typedefs, modifiers, pointers and arrays come back to
 * where it started?  The kernel refuses such BTF ("Loop detected"); what
 * walks it here must not follow it forever.  Each type is walked once:
 * @ok marks those known to end.  0, or -EINVAL with the first loop.
 */
static int sane_chains(const struct btf *btf, __u32 cnt, char *why, size_t why_sz)
{
	__u8 *ok = calloc(cnt, 1);
	__u32 id, k, n;
	int err = 0;

	if (!ok)
		return -ENOMEM;
	for (id = 1; !err && id < cnt; id++) {
		for (k = id, n = 0; k && !ok[k] && n <= cnt; n++)
			k = chain_next(btf__type_by_id(btf, k));
		if (n > cnt) {
			snprintf(why, why_sz,
				 "type %u refers to itself through typedefs, modifiers, pointers or arrays",
				 id);
			err = -EINVAL;
			break;
		}
		for (k = id; k && !ok[k]; k = chain_next(btf__type_by_id(btf, k)))
			ok[k] = 1;
	}
	free(ok);
	return err;
}

/* A size the kernel takes for a type of this kind (btf.c's checks). */
static bool sane_size(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8 ||
		       t->size == 16;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8;
	case BTF_KIND_FLOAT:
		return t->size == 2 || t->size == 4 || t->size == 8 || t->size == 12 ||
		       t->size == 16;
	default:
		return true;
	}
}

/* The struct, union or array @id holds by value (through typedefs, modifiers and arrays), or 0. */
static __u32 held_composite(const struct btf *btf, __u32 id)
{
	const struct btf_type *t;

	for (;;) {
		t = skip_mods(btf, id, &id);
		if (!t || !btf_is_array(t))
			break;
		id = btf_array(t)->type;
	}
	return t && btf_is_composite(t) ? id : 0;
}

/*
 * Can every struct, union and array be laid out?  Each member and element
 * must be of a kind with a size (not void, a forward declaration or a
 * function), and no struct may hold itself by value: libbpf works out
 * alignments and padding from these (btf__align_of(), btf_dump) and would
 * divide by zero or recurse forever.  Depth-first over the "holds by
 * value" edges with an explicit stack.  Runs after sane_chains().
 */
static int sane_layout(const struct btf *btf, __u32 cnt, char *why, size_t why_sz)
{
	enum { NEW, OPEN, DONE };
	struct frame { __u32 id, next; } *stack = calloc(cnt, sizeof(*stack));
	__u8 *state = calloc(cnt, 1);
	const struct btf_type *t, *m;
	__u32 id, depth, ref;
	int err = 0;

	if (!stack || !state) {
		err = -ENOMEM;
		goto out;
	}
	for (id = 1; !err && id < cnt; id++) {
		t = btf__type_by_id(btf, id);
		if (btf_is_composite(t) || btf_is_array(t)) {
			__u16 i, n = btf_is_array(t) ? 1 : btf_vlen(t);

			for (i = 0; i < n; i++) {
				ref = btf_is_array(t) ? btf_array(t)->type : btf_members(t)[i].type;
				m = skip_mods(btf, ref, NULL);
				if (!m || !(btf_is_int(m) || btf_is_any_enum(m) || btf_is_float(m) ||
					    btf_is_ptr(m) || btf_is_array(m) || btf_is_composite(m))) {
					snprintf(why, why_sz, "type %u %s type %u, which has no size",
						 id, btf_is_array(t) ? "is an array of" : "has a member of",
						 ref);
					err = -EINVAL;
					break;
				}
			}
		} else if (!sane_size(t)) {
			snprintf(why, why_sz, "type %u has a size of %u bytes, not one of its kind's",
				 id, t->size);
			err = -EINVAL;
		}
	}
	for (id = 1; !err && id < cnt; id++) {
		if (state[id] != NEW || !btf_is_composite(btf__type_by_id(btf, id)))
			continue;
		depth = 0;
		stack[depth++] = (struct frame){ id, 0 };
		state[id] = OPEN;
		while (depth && !err) {
			struct frame *f = &stack[depth - 1];

			t = btf__type_by_id(btf, f->id);
			if (f->next == btf_vlen(t)) {
				state[f->id] = DONE;
				depth--;
				continue;
			}
			ref = held_composite(btf, btf_members(t)[f->next++].type);
			if (!ref || state[ref] == DONE)
				continue;
			if (state[ref] == OPEN) {
				snprintf(why, why_sz, "type %u holds itself by value", ref);
				err = -EINVAL;
				break;
			}
			state[ref] = OPEN;
			stack[depth++] = (struct frame){ ref, 0 };
		}
	}
out:
	free(stack);
	free(state);
	return err;
}

int bpflib_btf_sane(const struct btf *btf, char *why, size_t why_sz)
{
	struct sane c = { .btf = btf, .cnt = btf__type_cnt(btf), .why = why, .why_sz = why_sz };
	const struct btf_type *t;
	int i, n;

	for (c.id = 1; !c.err && c.id < c.cnt; c.id++) {
		t = btf__type_by_id(btf, c.id);
		n = btf_vlen(t);
		sane_name(&c, t->name_off);
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_FWD:
		case BTF_KIND_FLOAT:
			break;
		case BTF_KIND_FUNC:
			sane_id(&c, t->type);
			if (!c.err && !btf_is_func_proto(btf__type_by_id(btf, t->type))) {
				snprintf(why, why_sz, "function type %u has no prototype", c.id);
				c.err = -EINVAL;
			}
			break;
		case BTF_KIND_PTR:
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
		case BTF_KIND_TYPE_TAG:
			sane_id(&c, t->type);
			break;
		case BTF_KIND_ARRAY:
			sane_id(&c, btf_array(t)->type);
			sane_id(&c, btf_array(t)->index_type);
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			for (i = 0; i < n; i++) {
				sane_id(&c, btf_members(t)[i].type);
				sane_name(&c, btf_members(t)[i].name_off);
			}
			break;
		case BTF_KIND_ENUM:
			for (i = 0; i < n; i++)
				sane_name(&c, btf_enum(t)[i].name_off);
			break;
		case BTF_KIND_ENUM64:
			for (i = 0; i < n; i++)
				sane_name(&c, btf_enum64(t)[i].name_off);
			break;
		case BTF_KIND_FUNC_PROTO:
			sane_id(&c, t->type);
			for (i = 0; i < n; i++) {
				sane_id(&c, btf_params(t)[i].type);
				sane_name(&c, btf_params(t)[i].name_off);
			}
			break;
		case BTF_KIND_DATASEC:
			for (i = 0; i < n; i++)
				sane_id(&c, btf_var_secinfos(t)[i].type);
			break;
		default:
			snprintf(why, why_sz, "type %u is of unknown kind %u", c.id, btf_kind(t));
			c.err = -EINVAL;
		}
	}
	return c.err ?: sane_chains(btf, c.cnt, why, why_sz) ?:
	       sane_layout(btf, c.cnt, why, why_sz);
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
/* @depth bounds a hostile object's BTF, whose chains may loop. */
static void type_str_depth(const struct btf *btf, __u32 id, struct sbuf *sb, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name;

	if (depth > 32) {
		sb_printf(sb, "...");
		return;
	}
	if (!id || !t) {
		sb_printf(sb, "void");
		return;
	}
	name = btf__name_by_offset(btf, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_CONST:
		sb_printf(sb, "const ");
		type_str_depth(btf, t->type, sb, depth + 1);
		break;
	case BTF_KIND_VOLATILE:
		sb_printf(sb, "volatile ");
		type_str_depth(btf, t->type, sb, depth + 1);
		break;
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		type_str_depth(btf, t->type, sb, depth + 1);
		break;
	case BTF_KIND_PTR:
		type_str_depth(btf, t->type, sb, depth + 1);
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

static void type_str(const struct btf *btf, __u32 id, struct sbuf *sb)
{
	type_str_depth(btf, id, sb, 0);
}

/* The C spelling of type @id, with its size for integers and enums. */
static const char *type_desc(const struct btf *btf, __u32 id, char *buf, size_t size)
{
	struct sbuf sb = { .buf = buf, .size = size };
	const struct btf_type *t = skip_mods(btf, id, NULL);

	buf[0] = '\0';
	type_str(btf, id, &sb);
	if (t && btf_is_int(t))
		sb_printf(&sb, " (%u bytes, %s)", t->size,
			  btf_int_encoding(t) & BTF_INT_SIGNED ? "signed" : "unsigned");
	else if (t && btf_is_any_enum(t))
		sb_printf(&sb, " (%u bytes)", t->size);
	return buf;
}

/* What the prototypes being compared are called in messages. */
struct side {
	const struct btf *btf;
	const char *who;
};

/*
 * The kernel matches pointer arguments by struct name only, although the
 * verifier checked each side's accesses against its own idea of the
 * struct's size.  Insist on the same size and member layout, except for
 * context structs, which are the kernel's own.  On a difference, say
 * which member or size differs.
 */
static int composite_cmp(const struct side *a, const struct btf_type *ta,
			 const struct side *b, const struct btf_type *tb,
			 struct sbuf *why)
{
	const char *name = btf__name_by_offset(a->btf, ta->name_off), *na, *nb;
	const struct btf_member *ma, *mb;
	int i;

	if (bpflib_is_ctx_struct(name))
		return 0;
	if (ta->size != tb->size) {
		sb_printf(why, "struct %s is %u bytes in %s, %u in %s", name, ta->size,
			  a->who, tb->size, b->who);
		return -1;
	}
	for (i = 0, ma = btf_members(ta), mb = btf_members(tb);
	     i < btf_vlen(ta) && i < btf_vlen(tb); i++, ma++, mb++) {
		na = btf__name_by_offset(a->btf, ma->name_off);
		nb = btf__name_by_offset(b->btf, mb->name_off);
		if (strcmp(na, nb)) {
			sb_printf(why, "struct %s: member %d is '%s' in %s, '%s' in %s",
				  name, i + 1, na, a->who, nb, b->who);
			return -1;
		}
		if (btf_member_bit_offset(ta, i) != btf_member_bit_offset(tb, i)) {
			sb_printf(why, "struct %s: member '%s' at offset %u in %s, %u in %s",
				  name, na, btf_member_bit_offset(ta, i) / 8, a->who,
				  btf_member_bit_offset(tb, i) / 8, b->who);
			return -1;
		}
		if (btf__resolve_size(a->btf, ma->type) != btf__resolve_size(b->btf, mb->type)) {
			sb_printf(why, "struct %s: member '%s' is %lld bytes in %s, %lld in %s",
				  name, na, (long long)btf__resolve_size(a->btf, ma->type), a->who,
				  (long long)btf__resolve_size(b->btf, mb->type), b->who);
			return -1;
		}
	}
	if (btf_vlen(ta) != btf_vlen(tb)) {
		sb_printf(why, "struct %s has %u members in %s, %u in %s", name,
			  btf_vlen(ta), a->who, btf_vlen(tb), b->who);
		return -1;
	}
	return 0;
}

/* Compare one argument or return type; @what names it in the reason. */
static int type_cmp(const struct side *a, __u32 a_id, const struct side *b, __u32 b_id,
		    const char *what, struct sbuf *why)
{
	__u32 ra, rb;	/* resolved through typedefs and modifiers */
	const struct btf_type *ta = skip_mods(a->btf, a_id, &ra);
	const struct btf_type *tb = skip_mods(b->btf, b_id, &rb);
	const struct btf_type *sa, *sb;
	char da[96], db[96];

	if (!ra && !rb)
		return 0;
	if (ra && rb && ta && tb && btf_kind(ta) == btf_kind(tb)) {
		if (btf_is_int(ta) && ta->size == tb->size &&
		    btf_int_encoding(ta) == btf_int_encoding(tb))
			return 0;
		if (btf_is_any_enum(ta) && ta->size == tb->size)
			return 0;
		if (btf_is_ptr(ta)) {
			sa = skip_mods(a->btf, ta->type, NULL);
			sb = skip_mods(b->btf, tb->type, NULL);
			if (sa && sb && btf_is_composite(sa) && btf_kind(sa) == btf_kind(sb) &&
			    !strcmp(btf__name_by_offset(a->btf, sa->name_off),
				    btf__name_by_offset(b->btf, sb->name_off))) {
				if (!composite_cmp(a, sa, b, sb, why))
					return 0;
				return -1;
			}
		}
	}
	sb_printf(why, "%s is %s in %s, %s in %s", what,
		  type_desc(a->btf, a_id, da, sizeof(da)), a->who,
		  type_desc(b->btf, b_id, db, sizeof(db)), b->who);
	return -1;
}

int bpflib_btf_proto_cmp(const struct btf *a_btf, __u32 a_id, const char *a_who,
			 const struct btf *b_btf, __u32 b_id, const char *b_who,
			 char *buf, size_t size)
{
	const struct btf_type *pa = func_proto(a_btf, a_id), *pb = func_proto(b_btf, b_id);
	struct side a = { a_btf, a_who }, b = { b_btf, b_who };
	struct sbuf why = { .buf = buf, .size = size };
	const struct btf_param *xa, *xb;
	char what[96];
	int i;

	if (size)
		buf[0] = '\0';
	if (!pa || !pb) {
		sb_printf(&why, "not a function");
		return -EINVAL;
	}
	if (btf_vlen(pa) != btf_vlen(pb)) {
		sb_printf(&why, "%u arguments in %s, %u in %s", btf_vlen(pa), a_who,
			  btf_vlen(pb), b_who);
		return -EINVAL;
	}
	if (type_cmp(&a, pa->type, &b, pb->type, "the return type", &why))
		return -EINVAL;
	for (i = 0, xa = btf_params(pa), xb = btf_params(pb); i < btf_vlen(pa); i++, xa++, xb++) {
		const char *pname = btf__name_by_offset(a_btf, xa->name_off);

		if (pname && pname[0])
			snprintf(what, sizeof(what), "argument %d (%s)", i + 1, pname);
		else
			snprintf(what, sizeof(what), "argument %d", i + 1);
		if (type_cmp(&a, xa->type, &b, xb->type, what, &why))
			return -EINVAL;
	}
	return 0;
}

int bpflib_btf__func_proto_str(const struct btf *btf, __u32 func_id, char *buf, size_t size)
{
	return bpflib_btf_func_decl(btf, func_id, buf, size, false);
}

int bpflib_btf_func_decl(const struct btf *btf, __u32 func_id, char *buf, size_t size,
			 bool name_all)
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
		if ((pname && pname[0]) || name_all) {
			bool ptr = btf_is_ptr(btf__type_by_id(btf, p->type));

			sb_printf(&sb, "%s", ptr ? "" : " ");
			if (pname && pname[0])
				sb_printf(&sb, "%s", pname);
			else
				sb_printf(&sb, "arg%d", i + 1);
		}
	}
	sb_printf(&sb, "%s)", btf_vlen(proto) ? "" : "void");
	return sb.len;
}

int bpflib_sec_type(const char *sec, enum bpf_prog_type *type,
		    enum bpf_attach_type *attach_type)
{
	if (!libbpf_prog_type_by_name(sec, type, attach_type))
		return 0;
	if (!strcmp(sec, "netfilter")) {
		*type = (enum bpf_prog_type)BPFLIB_PROG_TYPE_NETFILTER;
		*attach_type = (enum bpf_attach_type)BPFLIB_ATTACH_NETFILTER;
		return 0;
	}
	return -ENOENT;
}

const char *bpflib_func_tag(const struct btf *btf, const struct btf_type *t, const char *prefix)
{
	const char *tag;

	if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1)
		return NULL;
	tag = btf__name_by_offset(btf, t->name_off);
	return tag && !strncmp(tag, prefix, strlen(prefix)) ? tag + strlen(prefix) : NULL;
}

bool bpflib_type_extensible(__u32 type)
{
	return type != BPF_PROG_TYPE_TRACING && type != BPF_PROG_TYPE_SYSCALL &&
	       type != BPF_PROG_TYPE_STRUCT_OPS && type != BPF_PROG_TYPE_EXT;
}

/* Besides CAP_BPF: what the kernel wants to load a program of @type. */
#define NEEDS_NET_ADMIN	1
#define NEEDS_PERFMON	2

static int type_needs(__u32 type)
{
	switch (type) {
	case BPF_PROG_TYPE_EXT:		/* in both lists: it extends any program */
		return NEEDS_NET_ADMIN | NEEDS_PERFMON;
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPFLIB_PROG_TYPE_NETFILTER:
		return NEEDS_NET_ADMIN;
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_STRUCT_OPS:
		return NEEDS_PERFMON;
	default:
		return 0;
	}
}

const char *bpflib_type_caps(__u32 type)
{
	static const char *const caps[] = {
		"CAP_BPF", "CAP_BPF and CAP_NET_ADMIN", "CAP_BPF and CAP_PERFMON",
		"CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON",
	};

	return caps[type_needs(type)];
}

int bpflib_caps_check(struct bpflib_registry *reg, __u32 type, const char *what)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = {};
	int needs = type_needs(type);
	char missing[64] = "";
	__u64 eff;

	if (syscall(SYS_capget, &hdr, data))
		return 0;	/* cannot tell: the kernel will */
	eff = data[0].effective | (__u64)data[1].effective << 32;
	if (eff & (1ULL << CAP_SYS_ADMIN))
		return 0;	/* stands for each of them */
	if (!(eff & (1ULL << CAP_BPF)))
		strcat(missing, " CAP_BPF");
	if ((needs & NEEDS_NET_ADMIN) && !(eff & (1ULL << CAP_NET_ADMIN)))
		strcat(missing, " CAP_NET_ADMIN");
	if ((needs & NEEDS_PERFMON) && !(eff & (1ULL << CAP_PERFMON)))
		strcat(missing, " CAP_PERFMON");
	if (!missing[0])
		return 0;
	return bpflib_seterr(reg, -EPERM, "%s needs %s (or CAP_SYS_ADMIN); this process lacks%s",
			     what, bpflib_type_caps(type), missing);
}
