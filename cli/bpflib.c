// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpflib - command-line tool for the bpflib registry: load and unload
 * libraries, link and unlink consumer programs, show what is loaded.
 * See bpflib(8).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <bpflib/bpflib.h>

#include "json.h"

#define BPFLIB_CLI_VERSION "0.1.0"

struct cli {
	struct bpflib_registry *reg;
	const char *dev;
	bool json;
	bool verbose;
	struct json j;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: bpflib [OPTIONS] OBJECT COMMAND [ARGS]\n"
		"\n"
		"  bpflib library load FILE [name NAME] [version VERSION] [target SEC]...\n"
		"  bpflib library unload LIBRARY\n"
		"  bpflib library show [LIBRARY]\n"
		"  bpflib prog link FILE pin DIR\n"
		"  bpflib prog link PROG\n"
		"  bpflib prog unlink PROG\n"
		"  bpflib prog show [PROG]\n"
		"\n"
		"  LIBRARY := { NAME[@VERSION] | id ID }\n"
		"  PROG    := { id ID | pinned PATH }\n"
		"\n"
		"Options:\n"
		"  -j, --json        JSON output\n"
		"  -p, --pretty      indented JSON output (implies --json)\n"
		"  -d, --device PATH the registry device (default /dev/bpflib)\n"
		"  -v, --verbose     libbpf's messages on stderr\n"
		"  -h, --help        this text\n"
		"  -V, --version     the version of bpflib\n"
		"\n"
		"See bpflib(8).\n");
}

/* Report an error the way the output format wants it; returns 1. */
static int __attribute__((format(printf, 2, 3))) fail(struct cli *c, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
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

/* A JSON object with one number, or @text for people. */
static void report(struct cli *c, const char *name, __u64 value, const char *text)
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

static int open_registry(struct cli *c)
{
	LIBBPFLIB_OPTS(bpflib_registry_opts, opts, .dev_path = c->dev);

	c->reg = bpflib_registry__open(&opts);
	if (c->reg)
		return 0;
	if (errno == ENOENT)
		return fail(c, "%s: no such device; is the bpflib module loaded?",
			    c->dev ?: "/dev/bpflib");
	return fail(c, "%s: %s", c->dev ?: "/dev/bpflib", strerror(errno));
}

static bool is(const char *arg, const char *word)
{
	return arg && !strcmp(arg, word);
}

static int parse_u32(const char *s, __u32 *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s ?: "", &end, 0);
	if (!s || !*s || *end || errno || n > 0xffffffffUL)
		return -EINVAL;
	*v = n;
	return 0;
}

/* LIBRARY := NAME[@VERSION] | id ID: the library id, or an error printed. */
static int parse_library(struct cli *c, int *argc, char ***argv, __u32 *id)
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

/* PROG := id ID | pinned PATH: an fd, or -1 with the error printed. */
static int parse_prog(struct cli *c, int *argc, char ***argv)
{
	__u32 id;
	int fd;

	if (*argc < 2 || !(is((*argv)[0], "id") || is((*argv)[0], "pinned"))) {
		fail(c, "expected a program: id ID or pinned PATH");
		return -1;
	}
	if (is((*argv)[0], "id")) {
		if (parse_u32((*argv)[1], &id)) {
			fail(c, "bad program id '%s'", (*argv)[1]);
			return -1;
		}
		fd = bpf_prog_get_fd_by_id(id);
	} else {
		fd = bpf_obj_get((*argv)[1]);
	}
	if (fd < 0)
		fail(c, "%s %s: %s", (*argv)[0], (*argv)[1], strerror(errno));
	*argc -= 2;
	*argv += 2;
	return fd;
}

static int no_more_args(struct cli *c, int argc, char **argv)
{
	return argc ? fail(c, "unexpected argument '%s'", argv[0]) : 0;
}

/* PROG and nothing after it: an fd, or -1 with the error printed. */
static int parse_last_prog(struct cli *c, int argc, char **argv)
{
	int fd = parse_prog(c, &argc, &argv);

	if (fd >= 0 && no_more_args(c, argc, argv)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int lib_load(struct cli *c, int argc, char **argv)
{
	const char *targets[17] = {}, *file;
	LIBBPFLIB_OPTS(bpflib_load_opts, opts);
	char ver[24];
	struct bpflib_library_info *li;
	int nr_targets = 0, id;

	if (argc < 1)
		return fail(c, "expected a library object file");
	file = argv[0];
	argc--, argv++;
	while (argc) {
		if (argc < 2)
			return fail(c, "'%s' needs a value", argv[0]);
		if (is(argv[0], "name")) {
			opts.name = argv[1];
		} else if (is(argv[0], "version")) {
			opts.version = argv[1];
		} else if (is(argv[0], "target")) {
			if (nr_targets == 16)
				return fail(c, "at most 16 targets");
			targets[nr_targets++] = argv[1];
			opts.targets = targets;
		} else {
			return fail(c, "unknown argument '%s'", argv[0]);
		}
		argc -= 2, argv += 2;
	}

	id = bpflib_library__load(c->reg, file, &opts);
	if (id < 0)
		return fail(c, "%s", bpflib_registry__errstr(c->reg));
	li = bpflib_registry__library_info(c->reg, id, 0);
	if (!li)
		return fail(c, "library %d: %s", id, strerror(errno));
	snprintf(ver, sizeof(ver), "%u.%u.%u", li->info.version.major,
		 li->info.version.minor, li->info.version.patch);
	if (c->json) {
		json_object_begin(&c->j);
		json_member_uint(&c->j, "id", id);
		json_member_string(&c->j, "name", li->info.name);
		json_member_string(&c->j, "version", ver);
		json_member_uint(&c->j, "nr_functions", li->info.nr_funcs);
		json_object_end(&c->j);
		json_end(&c->j);
	} else {
		printf("loaded %s %s as library %d (%u functions)\n", li->info.name, ver,
		       id, li->info.nr_funcs);
	}
	bpflib_library_info__free(li);
	return 0;
}

static int lib_unload(struct cli *c, int argc, char **argv)
{
	__u32 id;
	int err;

	if (parse_library(c, &argc, &argv, &id) || no_more_args(c, argc, argv))
		return 1;
	err = bpflib_library__unload(c->reg, id);
	if (err)
		return fail(c, "%s", bpflib_registry__errstr(c->reg));
	report(c, "unloaded", id, NULL);
	return 0;
}

/* The C prototype of a library function, from its program's BTF. */
static void func_signature(__u32 prog_id, __u32 btf_id, char *buf, size_t size)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct btf *btf = NULL;
	int fd;

	snprintf(buf, size, "?");
	fd = bpf_prog_get_fd_by_id(prog_id);
	if (fd < 0)
		return;
	if (!bpf_obj_get_info_by_fd(fd, &info, &len) && info.btf_id)
		btf = btf__load_from_kernel_by_id(info.btf_id);
	if (btf)
		bpflib_btf__func_proto_str(btf, btf_id, buf, size);
	btf__free(btf);
	close(fd);
}

static const char *prog_name(__u32 id, char *buf, size_t size)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int fd = bpf_prog_get_fd_by_id(id);

	snprintf(buf, size, "?");
	if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len))
		snprintf(buf, size, "%s", info.name);
	if (fd >= 0)
		close(fd);
	return buf;
}

static const char *type_str(__u32 type)
{
	return libbpf_bpf_prog_type_str(type) ?: "unknown";
}

/* Attach type 0 is both "none" and BPF_CGROUP_INET_INGRESS. */
static const char *attach_str(__u32 prog_type, __u32 attach_type)
{
	if (!attach_type && prog_type != BPF_PROG_TYPE_CGROUP_SKB)
		return "none";
	return libbpf_bpf_attach_type_str(attach_type) ?: "unknown";
}

static void show_one(struct cli *c, const struct bpflib_library_info *li)
{
	const struct bpflib_lib_info *in = &li->info;
	char sig[512], name[32], ver[24];
	__u32 i;

	snprintf(ver, sizeof(ver), "%u.%u.%u", in->version.major, in->version.minor,
		 in->version.patch);
	if (!c->json) {
		printf("%u: %s %s  functions %u  links %u  consumers %u\n", in->lib_id,
		       in->name, ver, in->nr_funcs, in->nr_links, in->nr_consumers);
		for (i = 0; i < in->nr_funcs; i++) {
			const struct bpflib_func_info *f = &li->funcs[i];

			func_signature(f->prog_id, f->btf_id, sig, sizeof(sig));
			printf("\t%-10s prog %-5u links %-3u %s\n", type_str(f->prog_type),
			       f->prog_id, f->nr_links, sig);
		}
		for (i = 0; i < in->nr_links; i++) {
			const struct bpflib_link_info *l = &li->links[i];

			printf("\tconsumer prog %u (%s) -> %s, link %u\n", l->consumer_id,
			       prog_name(l->consumer_id, name, sizeof(name)),
			       li->funcs[l->func_idx].name, l->link_id);
		}
		return;
	}
	json_object_begin(&c->j);
	json_member_uint(&c->j, "id", in->lib_id);
	json_member_string(&c->j, "name", in->name);
	json_member_string(&c->j, "version", ver);
	json_member_uint(&c->j, "nr_links", in->nr_links);
	json_member_uint(&c->j, "nr_consumers", in->nr_consumers);
	json_name(&c->j, "functions");
	json_array_begin(&c->j);
	for (i = 0; i < in->nr_funcs; i++) {
		const struct bpflib_func_info *f = &li->funcs[i];

		func_signature(f->prog_id, f->btf_id, sig, sizeof(sig));
		json_object_begin(&c->j);
		json_member_string(&c->j, "name", f->name);
		json_member_string(&c->j, "prog_type", type_str(f->prog_type));
		json_member_string(&c->j, "attach_type", attach_str(f->prog_type, f->attach_type));
		json_member_uint(&c->j, "prog_id", f->prog_id);
		json_member_uint(&c->j, "btf_id", f->btf_id);
		json_member_uint(&c->j, "nr_links", f->nr_links);
		json_member_string(&c->j, "signature", sig);
		json_object_end(&c->j);
	}
	json_array_end(&c->j);
	json_name(&c->j, "links");
	json_array_begin(&c->j);
	for (i = 0; i < in->nr_links; i++) {
		const struct bpflib_link_info *l = &li->links[i];

		json_object_begin(&c->j);
		json_member_uint(&c->j, "link_id", l->link_id);
		json_member_uint(&c->j, "consumer_id", l->consumer_id);
		json_member_string(&c->j, "consumer_name",
				   prog_name(l->consumer_id, name, sizeof(name)));
		json_member_uint(&c->j, "import_btf_id", l->consumer_btf_id);
		json_member_string(&c->j, "function", li->funcs[l->func_idx].name);
		json_object_end(&c->j);
	}
	json_array_end(&c->j);
	json_object_end(&c->j);
}

static int lib_show(struct cli *c, int argc, char **argv)
{
	struct bpflib_library_info *li;
	__u32 id = 0;

	if (argc) {
		if (parse_library(c, &argc, &argv, &id) || no_more_args(c, argc, argv))
			return 1;
		li = bpflib_registry__library_info(c->reg, id, 0);
		if (!li)
			return fail(c, "library %u: %s", id, strerror(errno));
		show_one(c, li);
		bpflib_library_info__free(li);
	} else {
		if (c->json)
			json_array_begin(&c->j);
		while ((li = bpflib_registry__library_info(c->reg, id, BPFLIB_INFO_F_NEXT))) {
			show_one(c, li);
			id = li->info.lib_id;
			bpflib_library_info__free(li);
		}
		if (errno != ENOENT)
			return fail(c, "registry: %s", strerror(errno));
		if (c->json)
			json_array_end(&c->j);
	}
	if (c->json)
		json_end(&c->j);
	return 0;
}

static int prog_link_file(struct cli *c, const char *file, const char *dir)
{
	struct bpf_object *obj;
	struct bpf_program *p;
	char path[4096];
	int n, err;

	obj = bpf_object__open_file(file, NULL);
	if (!obj)
		return fail(c, "%s: %s", file, strerror(errno));
	err = bpf_object__load(obj);
	if (err) {
		bpf_object__close(obj);
		return fail(c, "%s: loading failed: %s%s", file, strerror(-err),
			    c->verbose ? "" : " (-v shows the verifier's log)");
	}
	n = bpflib_object__link(c->reg, obj, NULL);
	if (n < 0) {
		bpf_object__close(obj);
		return fail(c, "%s", bpflib_registry__errstr(c->reg));
	}
	err = bpf_object__pin_programs(obj, dir) ?: bpf_object__pin_maps(obj, dir);
	if (err) {
		bpf_object__unpin_programs(obj, dir);
		bpf_object__close(obj);
		return fail(c, "pin to %s: %s", dir, strerror(-err));
	}
	if (c->json) {
		json_object_begin(&c->j);
		json_member_uint(&c->j, "linked", n);
		json_name(&c->j, "programs");
		json_array_begin(&c->j);
	}
	bpf_object__for_each_program(p, obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len);
		snprintf(path, sizeof(path), "%s/%s", dir, bpf_program__name(p));
		if (c->json) {
			json_object_begin(&c->j);
			json_member_string(&c->j, "name", bpf_program__name(p));
			json_member_uint(&c->j, "id", info.id);
			json_member_string(&c->j, "pinned", path);
			json_object_end(&c->j);
		} else {
			printf("%s: prog %u pinned at %s\n", bpf_program__name(p), info.id, path);
		}
	}
	if (c->json) {
		json_array_end(&c->j);
		json_object_end(&c->j);
		json_end(&c->j);
	} else {
		printf("linked %d import%s\n", n, n == 1 ? "" : "s");
	}
	bpf_object__close(obj);
	return 0;
}

static int prog_link(struct cli *c, int argc, char **argv)
{
	char text[32];
	int fd, n;

	if (argc == 3 && is(argv[1], "pin"))
		return prog_link_file(c, argv[0], argv[2]);
	if (argc >= 1 && !is(argv[0], "id") && !is(argv[0], "pinned"))
		return fail(c, "link FILE needs 'pin DIR': the programs must outlive this command");
	fd = parse_last_prog(c, argc, argv);
	if (fd < 0)
		return 1;
	n = bpflib_prog__link(c->reg, fd, NULL);
	close(fd);
	if (n < 0)
		return fail(c, "%s", bpflib_registry__errstr(c->reg));
	snprintf(text, sizeof(text), "linked %d import%s", n, n == 1 ? "" : "s");
	report(c, "linked", n, text);
	return 0;
}

static int prog_unlink(struct cli *c, int argc, char **argv)
{
	int fd, err;

	fd = parse_last_prog(c, argc, argv);
	if (fd < 0)
		return 1;
	err = bpflib_prog__unlink(c->reg, fd);
	close(fd);
	if (err)
		return fail(c, "%s", bpflib_registry__errstr(c->reg));
	report(c, "unlinked", 1, NULL);
	return 0;
}

/* Every consumer (or one), with what it imports from where. */
static int prog_show(struct cli *c, int argc, char **argv)
{
	struct bpflib_library_info *li;
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), lib = 0, only = 0, i;
	char name[32];
	int fd;

	if (argc) {
		fd = parse_last_prog(c, argc, argv);
		if (fd < 0)
			return 1;
		if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
			close(fd);
			return fail(c, "program: %s", strerror(errno));
		}
		close(fd);
		only = info.id;
	}
	if (c->json)
		json_array_begin(&c->j);
	while ((li = bpflib_registry__library_info(c->reg, lib, BPFLIB_INFO_F_NEXT))) {
		lib = li->info.lib_id;
		for (i = 0; i < li->info.nr_links; i++) {
			const struct bpflib_link_info *l = &li->links[i];
			const struct bpflib_func_info *f = &li->funcs[l->func_idx];

			if (only && l->consumer_id != only)
				continue;
			prog_name(l->consumer_id, name, sizeof(name));
			if (!c->json) {
				printf("%u: %s  imports %s from %s %u.%u.%u (prog %u, link %u)\n",
				       l->consumer_id, name, f->name, li->info.name,
				       li->info.version.major, li->info.version.minor,
				       li->info.version.patch, f->prog_id, l->link_id);
				continue;
			}
			json_object_begin(&c->j);
			json_member_uint(&c->j, "id", l->consumer_id);
			json_member_string(&c->j, "name", name);
			json_member_string(&c->j, "function", f->name);
			json_member_string(&c->j, "library", li->info.name);
			json_member_uint(&c->j, "library_id", li->info.lib_id);
			json_member_uint(&c->j, "prog_id", f->prog_id);
			json_member_uint(&c->j, "link_id", l->link_id);
			json_object_end(&c->j);
		}
		bpflib_library_info__free(li);
	}
	if (c->json) {
		json_array_end(&c->j);
		json_end(&c->j);
	}
	return 0;
}

struct cmd {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
};

static const struct cmd lib_cmds[] = {
	{ "load", lib_load }, { "unload", lib_unload }, { "show", lib_show },
	{ "list", lib_show }, { NULL, NULL },
};

static const struct cmd prog_cmds[] = {
	{ "link", prog_link }, { "unlink", prog_unlink }, { "show", prog_show },
	{ "list", prog_show }, { NULL, NULL },
};

static int dispatch(struct cli *c, const char *what, const struct cmd *cmds,
		    int argc, char **argv)
{
	int i;

	if (!argc)	/* bpftool's habit: the object alone shows it */
		return cmds[2].fn(c, 0, argv);
	for (i = 0; cmds[i].name; i++)
		if (is(argv[0], cmds[i].name))
			return cmds[i].fn(c, argc - 1, argv + 1);
	return fail(c, "unknown %s command '%s'; see bpflib --help", what, argv[0]);
}

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_DEBUG ? 0 : vfprintf(stderr, fmt, ap);
}

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "device", required_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli c = {};
	bool pretty = false;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "+jpd:vhV", long_opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			c.json = true;
			break;
		case 'p':
			c.json = pretty = true;
			break;
		case 'd':
			c.dev = optarg;
			break;
		case 'v':
			c.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("bpflib %s\n", BPFLIB_CLI_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	json_init(&c.j, stdout, pretty);
	libbpf_set_print(c.verbose ? quiet_print : silent_print);

	if (!argc || is(argv[0], "help")) {
		usage(argc ? stdout : stderr);
		return argc ? 0 : 2;
	}
	if (!is(argv[0], "library") && !is(argv[0], "lib") && !is(argv[0], "prog"))
		return fail(&c, "unknown object '%s'; see bpflib --help", argv[0]);
	if (open_registry(&c))
		return 1;
	if (is(argv[0], "prog"))
		ret = dispatch(&c, "prog", prog_cmds, argc - 1, argv + 1);
	else
		ret = dispatch(&c, "library", lib_cmds, argc - 1, argv + 1);
	bpflib_registry__close(c.reg);
	return ret;
}
