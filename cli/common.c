// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Helpers every command of the bpflib tool uses: errors, arguments, names. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cli.h"

/*
 * libbpf's warnings since the last reset: the tool owns the process, so it
 * keeps them in one place and shows them with the error they explain.
 */
static char libbpf_log[4096];
static size_t libbpf_log_len;
static bool libbpf_verbose;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	if (libbpf_verbose) {
		va_copy(copy, ap);
		vfprintf(stderr, fmt, copy);
		va_end(copy);
	}
	if (level != LIBBPF_WARN)
		return 0;
	if (libbpf_log_len >= sizeof(libbpf_log) - 1)
		libbpf_log_len = 0;	/* keep the most recent ones */
	n = vsnprintf(libbpf_log + libbpf_log_len, sizeof(libbpf_log) - libbpf_log_len, fmt, ap);
	if (n > 0)
		libbpf_log_len += (size_t)n < sizeof(libbpf_log) - libbpf_log_len ?
				  (size_t)n : sizeof(libbpf_log) - libbpf_log_len - 1;
	return 0;
}

void libbpf_log_init(bool verbose)
{
	libbpf_verbose = verbose;
	libbpf_set_print(libbpf_print);
}

const char *libbpf_log_hint(void)
{
	if (strstr(libbpf_log, "too many subprograms"))
		return "\nhint: the kernel verifies at most 256 functions in one program (BPF_MAX_SUBPROGS): the program itself, its own functions and one stub per import; a program importing more than 255 library functions must be split into several programs";
	return "";
}

void libbpf_log_reset(void)
{
	libbpf_log_len = 0;
	libbpf_log[0] = '\0';
}

static int vfail(struct cli *c, bool with_libbpf, const char *fmt, va_list ap)
{
	char msg[8192];
	size_t len;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* What libbpf said, unless -v printed it already. */
	len = strlen(msg);
	if (with_libbpf && libbpf_log_len && !libbpf_verbose)
		snprintf(msg + len, sizeof(msg) - len, "\nlibbpf said:\n%s", libbpf_log);
	len = strlen(msg);
	while (len && msg[len - 1] == '\n')
		msg[--len] = '\0';
	if (c->json) {
		json_object_begin(&c->j);
		json_member_string(&c->j, "error", msg);
		json_object_end(&c->j);
		json_end(&c->j);
	} else {
		fprintf(stderr, "Error: %s\n", msg);
	}
	return 1;
}

int fail(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(c, false, fmt, ap);
	va_end(ap);
	return 1;
}

int fail_libbpf(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(c, true, fmt, ap);
	va_end(ap);
	return 1;
}

void report(struct cli *c, const char *name, __u64 value, const char *text)
{
	if (c->json) {
		json_object_begin(&c->j);
		json_member_uint(&c->j, name, value);
		json_object_end(&c->j);
		json_end(&c->j);
	} else if (text) {
		printf("%s\n", text);
	}
}

bool is(const char *arg, const char *word)
{
	return arg && !strcmp(arg, word);
}

int parse_u32(const char *s, __u32 *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s ?: "", &end, 0);
	if (!s || !*s || *s == '-' || *end || errno || n > 0xffffffffUL)
		return -EINVAL;
	*v = n;
	return 0;
}

int no_more_args(struct cli *c, int argc, char **argv)
{
	return argc ? fail(c, "unexpected argument '%s'", argv[0]) : 0;
}

int parse_library(struct cli *c, int *argc, char ***argv, __u32 *id)
{
	char *name, *at;
	int ret;

	if (*argc < 1)
		return fail(c, "expected a library: NAME[@VERSION] or id ID");
	if (is((*argv)[0], "id")) {
		if (*argc < 2 || parse_u32((*argv)[1], id))
			return fail(c, "expected a library id after 'id'");
		*argc -= 2;
		*argv += 2;
		return 0;
	}
	name = strdup((*argv)[0]);
	if (!name)
		return fail(c, "out of memory");
	at = strchr(name, '@');
	if (at)
		*at++ = '\0';
	ret = bpflib_library__find(c->reg, name, at);
	free(name);
	if (ret < 0)
		return fail(c, "%s", bpflib_registry__errstr(c->reg));
	*id = ret;
	(*argc)--;
	(*argv)++;
	return 0;
}

int parse_last_prog(struct cli *c, int argc, char **argv)
{
	const char *how = argc ? argv[0] : NULL, *what = argc > 1 ? argv[1] : NULL;
	__u32 id;
	int fd;

	if (argc < 2 || !(is(how, "id") || is(how, "pinned"))) {
		fail(c, "expected a program: id ID or pinned PATH");
		return -1;
	}
	if (no_more_args(c, argc - 2, argv + 2))
		return -1;
	if (is(how, "id")) {
		if (parse_u32(what, &id)) {
			fail(c, "bad program id '%s'", what);
			return -1;
		}
		fd = bpf_prog_get_fd_by_id(id);
		if (fd < 0) {
			fail(c, "program %u: %s", id,
			     errno == ENOENT ? "no such program" : strerror(errno));
			return -1;
		}
		return fd;
	}
	fd = bpf_obj_get(what);
	if (fd < 0) {
		fail(c, "pinned %s: %s", what, strerror(errno));
		return -1;
	}
	/* A pinned map or link must never pass for a program. */
	if (bpflib_prog__id(c->reg, fd) < 0) {
		fail(c, "pinned %s: %s", what, bpflib_registry__errstr(c->reg));
		close(fd);
		return -1;
	}
	return fd;
}

int dispatch(struct cli *c, const char *what, const struct cmd *cmds, int argc, char **argv)
{
	int i;

	for (i = 0; cmds[i].name; i++)
		if (argc ? is(argv[0], cmds[i].name) : is("show", cmds[i].name))
			return cmds[i].fn(c, argc ? argc - 1 : 0, argv + !!argc);
	return fail(c, "unknown %s command '%s'; see bpflib --help", what, argv[0]);
}

/* The name of the program or map @id, or "?": one helper for both. */
static const char *obj_name(__u32 id, bool map, char *buf, size_t size)
{
	union {
		struct bpf_prog_info prog;
		struct bpf_map_info map;
	} info = {};
	__u32 len = map ? sizeof(info.map) : sizeof(info.prog);
	int fd = map ? bpf_map_get_fd_by_id(id) : bpf_prog_get_fd_by_id(id);

	snprintf(buf, size, "?");
	if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len))
		snprintf(buf, size, "%s", map ? info.map.name : info.prog.name);
	if (fd >= 0)
		close(fd);
	return buf;
}

const char *prog_name(__u32 id, char *buf, size_t size)
{
	return obj_name(id, false, buf, size);
}

const char *map_name(__u32 id, char *buf, size_t size)
{
	return obj_name(id, true, buf, size);
}

/* Names libbpf 1.1 does not have: netfilter (Linux 6.4). */
#define PROG_TYPE_NETFILTER	32
#define ATTACH_NETFILTER	45

const char *prog_type_str(__u32 type)
{
	if (type == PROG_TYPE_NETFILTER && !libbpf_bpf_prog_type_str(type))
		return "netfilter";
	return libbpf_bpf_prog_type_str(type) ?: "unknown";
}

/* Attach type 0 is both "none" and BPF_CGROUP_INET_INGRESS. */
const char *attach_type_str(__u32 prog_type, __u32 attach_type)
{
	if (!attach_type && prog_type != BPF_PROG_TYPE_CGROUP_SKB)
		return "none";
	if (attach_type == ATTACH_NETFILTER && !libbpf_bpf_attach_type_str(attach_type))
		return "netfilter";
	return libbpf_bpf_attach_type_str(attach_type) ?: "unknown";
}

const char *version_str(const struct bpflib_version *v, char *buf, size_t size)
{
	snprintf(buf, size, "%u.%u.%u", v->major, v->minor, v->patch);
	return buf;
}
