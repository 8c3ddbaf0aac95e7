// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpflib library { load | unload | show } */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "cli.h"

/* The distinct export names and consumer types of a library. */
struct summary {
	const char *exports[BPFLIB_MAX_FUNCS];
	__u32 types[BPFLIB_MAX_FUNCS][2];
	int nr_exports, nr_types;
};

static void summarize(const struct bpflib_library_info *li, struct summary *s)
{
	__u32 i;
	int k;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < li->info.nr_funcs; i++) {
		const struct bpflib_func_info *f = &li->funcs[i];

		for (k = 0; k < s->nr_exports && strcmp(s->exports[k], f->name); k++)
			;
		if (k == s->nr_exports)
			s->exports[s->nr_exports++] = f->name;
		for (k = 0; k < s->nr_types; k++)
			if (s->types[k][0] == f->prog_type && s->types[k][1] == f->attach_type)
				break;
		if (k == s->nr_types) {
			s->types[k][0] = f->prog_type;
			s->types[k][1] = f->attach_type;
			s->nr_types++;
		}
	}
}

/* What "library load" was told of refusals: for JSON, or the count. */
struct refusals {
	struct cli *c;
	struct refusal_rec {
		char *target, *func, *reason;
		int err;
	} *recs;
	int nr;
};

static void on_refusal(const struct bpflib_refusal *r, void *ctx)
{
	struct refusals *rs = ctx;
	struct refusal_rec *recs;

	if (!rs->c->json)
		fprintf(stderr, "warning: %s\n", r->reason);
	recs = realloc(rs->recs, (rs->nr + 1) * sizeof(*recs));
	if (!recs)
		return;
	rs->recs = recs;
	recs[rs->nr].target = strdup(r->target ?: "");
	recs[rs->nr].func = r->func ? strdup(r->func) : NULL;
	recs[rs->nr].reason = strdup(r->reason);
	recs[rs->nr].err = r->err;
	rs->nr++;
}

static void refusals_json(struct refusals *rs)
{
	struct json *j = &rs->c->j;
	int k;

	json_name(j, "refused");
	json_array_begin(j);
	for (k = 0; k < rs->nr; k++) {
		json_object_begin(j);
		json_member_string(j, "target", rs->recs[k].target ?: "");
		if (rs->recs[k].func)	/* none: the whole target */
			json_member_string(j, "function", rs->recs[k].func);
		json_member_uint(j, "errno", -rs->recs[k].err);
		json_member_string(j, "reason", rs->recs[k].reason ?: "");
		json_object_end(j);
	}
	json_array_end(j);
}

static void refusals_free(struct refusals *rs)
{
	while (rs->nr--) {
		free(rs->recs[rs->nr].target);
		free(rs->recs[rs->nr].func);
		free(rs->recs[rs->nr].reason);
	}
	free(rs->recs);
}

static int lib_load(struct cli *c, int argc, char **argv)
{
	const char *targets[BPFLIB_MAX_TARGETS + 1] = {}, *file;
	LIBBPFLIB_OPTS(bpflib_load_opts, opts);
	struct refusals rs = { .c = c };
	struct bpflib_library_info *li;
	struct summary *s;
	char ver[24];
	int nr_targets = 0, id, k;

	if (argc < 1)
		return fail(c, "expected a library object file");
	file = argv[0];
	argc--, argv++;
	while (argc) {
		if (is(argv[0], "strict") || is(argv[0], "fixed")) {
			opts.strict |= is(argv[0], "strict");
			opts.fixed_targets |= is(argv[0], "fixed");
			argc--, argv++;
			continue;
		}
		if (argc < 2)
			return fail(c, "'%s' needs a value", argv[0]);
		if (is(argv[0], "name")) {
			opts.name = argv[1];
		} else if (is(argv[0], "version")) {
			opts.version = argv[1];
		} else if (is(argv[0], "target")) {
			if (nr_targets == BPFLIB_MAX_TARGETS)
				return fail(c, "at most %d targets", BPFLIB_MAX_TARGETS);
			targets[nr_targets++] = argv[1];
			opts.targets = targets;
		} else {
			return fail(c, "unknown argument '%s'", argv[0]);
		}
		argc -= 2, argv += 2;
	}

	opts.refused = on_refusal;
	opts.refused_ctx = &rs;
	libbpf_log_reset();
	id = bpflib_library__load(c->reg, file, &opts);
	if (id < 0) {
		refusals_free(&rs);
		return strstr(bpflib_registry__errstr(c->reg), "libbpf") ?
		       fail_libbpf(c, "%s", bpflib_registry__errstr(c->reg)) :
		       fail(c, "%s", bpflib_registry__errstr(c->reg));
	}
	li = bpflib_registry__library_info(c->reg, id, 0);
	s = malloc(sizeof(*s));
	if (!li || !s) {
		free(s);
		bpflib_library_info__free(li);
		refusals_free(&rs);
		return fail(c, "library %d: %s", id, strerror(errno));
	}
	summarize(li, s);
	version_str(&li->info.version, ver, sizeof(ver));
	if (c->json) {
		json_object_begin(&c->j);
		json_member_uint(&c->j, "id", id);
		json_member_string(&c->j, "name", li->info.name);
		json_member_string(&c->j, "version", ver);
		json_name(&c->j, "exports");
		json_array_begin(&c->j);
		for (k = 0; k < s->nr_exports; k++)
			json_string(&c->j, s->exports[k]);
		json_array_end(&c->j);
		json_name(&c->j, "program_types");
		json_array_begin(&c->j);
		for (k = 0; k < s->nr_types; k++)
			json_string(&c->j, prog_type_str(s->types[k][0]));
		json_array_end(&c->j);
		json_member_uint(&c->j, "nr_functions", li->info.nr_funcs);
		refusals_json(&rs);
		json_object_end(&c->j);
		json_end(&c->j);
	} else {
		printf("loaded %s %s as library %d: %d export%s for %d program type%s (",
		       li->info.name, ver, id, s->nr_exports, s->nr_exports == 1 ? "" : "s",
		       s->nr_types, s->nr_types == 1 ? "" : "s");
		for (k = 0; k < s->nr_types; k++)
			printf("%s%s", k ? ", " : "", prog_type_str(s->types[k][0]));
		printf(")\n");
		if (rs.nr)
			printf("%d refusal%s (warnings above); 'bpflib library show %d' lists what each export serves\n",
			       rs.nr, rs.nr == 1 ? "" : "s", id);
	}
	refusals_free(&rs);
	free(s);
	bpflib_library_info__free(li);
	return 0;
}

/* One file of "library loadall": its name decides the order, its path wins. */
struct lib_file {
	char name[NAME_MAX + 1];
	char path[PATH_MAX];
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct lib_file *)a)->name, ((const struct lib_file *)b)->name);
}

/*
 * The *.o files of @dirs, sorted by file name; a name in an earlier
 * directory hides the same name in later ones (as in modules-load.d).
 * A directory that does not exist is empty.  NULL with errno on failure.
 */
static struct lib_file *collect(struct cli *c, char **dirs, int nr_dirs, int *nr)
{
	struct lib_file *files = NULL, *more;
	struct dirent *de;
	size_t len;
	int i, k, cap = 0;
	DIR *d;

	*nr = 0;
	for (i = 0; i < nr_dirs; i++) {
		d = opendir(dirs[i]);
		if (!d) {
			if (errno == ENOENT)
				continue;
			fail(c, "%s: %s", dirs[i], strerror(errno));
			goto err;
		}
		while ((de = readdir(d))) {
			len = strlen(de->d_name);
			if (de->d_name[0] == '.' || len < 3 || strcmp(de->d_name + len - 2, ".o"))
				continue;
			for (k = 0; k < *nr && strcmp(files[k].name, de->d_name); k++)
				;
			if (k < *nr)
				continue;
			if (*nr == cap) {
				cap = cap ? 2 * cap : 16;
				more = realloc(files, cap * sizeof(*files));
				if (!more) {
					closedir(d);
					fail(c, "%s", strerror(ENOMEM));
					goto err;
				}
				files = more;
			}
			snprintf(files[*nr].name, sizeof(files[*nr].name), "%s", de->d_name);
			if (snprintf(files[*nr].path, sizeof(files[*nr].path), "%s/%s",
				     dirs[i], de->d_name) >= (int)sizeof(files[*nr].path))
				continue;
			(*nr)++;
		}
		closedir(d);
	}
	if (*nr)
		qsort(files, *nr, sizeof(*files), by_name);
	return files ?: calloc(1, sizeof(*files));
err:
	free(files);
	return NULL;
}

/* A link to /dev/null masks a library of that name, as systemd does. */
static bool masked(const char *path)
{
	char target[PATH_MAX];

	return realpath(path, target) && !strcmp(target, "/dev/null");
}

static int lib_loadall(struct cli *c, int argc, char **argv)
{
	int nr, i, id, nr_loaded = 0, nr_had = 0, nr_masked = 0, nr_failed = 0;
	struct bpflib_library_info *li;
	struct lib_file *files;
	const char *status;
	char ver[24];

	if (argc < 1)
		return fail(c, "expected one or more directories of library objects");
	files = collect(c, argv, argc, &nr);
	if (!files)
		return 1;
	if (c->json)
		json_array_begin(&c->j);
	for (i = 0; i < nr; i++) {
		const char *path = files[i].path;

		li = NULL;
		id = 0;
		if (masked(path)) {
			status = "masked";
			nr_masked++;
		} else {
			libbpf_log_reset();
			id = bpflib_library__load(c->reg, path, NULL);
			if (id == -EEXIST) {
				status = "loaded already";
				nr_had++;
			} else if (id < 0) {
				status = "failed";
				nr_failed++;
			} else {
				status = "loaded";
				nr_loaded++;
				li = bpflib_registry__library_info(c->reg, id, 0);
			}
		}
		if (li)
			version_str(&li->info.version, ver, sizeof(ver));
		if (c->json) {
			json_object_begin(&c->j);
			json_member_string(&c->j, "file", path);
			json_member_string(&c->j, "status", status);
			if (id > 0)
				json_member_uint(&c->j, "id", id);
			if (li) {
				json_member_string(&c->j, "name", li->info.name);
				json_member_string(&c->j, "version", ver);
			}
			if (id < 0 && id != -EEXIST)
				json_member_string(&c->j, "error", bpflib_registry__errstr(c->reg));
			json_object_end(&c->j);
		} else if (id < 0 && id != -EEXIST) {
			fprintf(stderr, "Error: %s\n", bpflib_registry__errstr(c->reg));
		} else if (li) {
			printf("%s: loaded %s %s as library %d\n", path, li->info.name, ver, id);
		} else {
			printf("%s: %s\n", path, status);
		}
		bpflib_library_info__free(li);
		/* One stream in the journal: each line in its file's turn. */
		fflush(stdout);
	}
	free(files);
	if (c->json) {
		json_array_end(&c->j);
		json_end(&c->j);
	} else {
		printf("%d loaded, %d loaded already, %d masked, %d failed\n",
		       nr_loaded, nr_had, nr_masked, nr_failed);
	}
	return nr_failed ? 1 : 0;
}

static int lib_unload(struct cli *c, int argc, char **argv)
{
	__u32 id;

	if (parse_library(c, &argc, &argv, &id) || no_more_args(c, argc, argv))
		return 1;
	if (bpflib_library__unload(c->reg, id))
		return fail(c, "%s", bpflib_registry__errstr(c->reg));
	report(c, "unloaded", id, NULL);
	return 0;
}

/*
 * library drain: unload every library nothing is linked to, so that the
 * module can be removed; say which stay, and why.  Exit 1 if any stays.
 */
static int lib_drain(struct cli *c, int argc, char **argv)
{
	struct bpflib_library_info *li;
	int nr_unloaded = 0, nr_kept = 0, nr = 0;
	__u32 id = 0, *ids = NULL, *more;
	const char *status;
	char ver[24];

	if (no_more_args(c, argc, argv))
		return 1;
	/* Newest first: a library that uses another was loaded after it. */
	while ((li = bpflib_registry__library_info(c->reg, id, BPFLIB_INFO_F_NEXT))) {
		id = li->info.lib_id;
		bpflib_library_info__free(li);
		more = realloc(ids, (nr + 1) * sizeof(*ids));
		if (!more) {
			free(ids);
			return fail(c, "%s", strerror(ENOMEM));
		}
		ids = more;
		ids[nr++] = id;
	}
	if (errno != ENOENT) {
		free(ids);
		return fail(c, "registry: %s", strerror(errno));
	}
	if (c->json)
		json_array_begin(&c->j);
	while (nr--) {
		id = ids[nr];
		li = bpflib_registry__library_info(c->reg, id, 0);
		if (!li)
			continue;	/* gone meanwhile */
		version_str(&li->info.version, ver, sizeof(ver));
		if (!bpflib_library__unload(c->reg, id)) {
			status = "unloaded";
			nr_unloaded++;
		} else {
			status = bpflib_registry__errstr(c->reg);
			nr_kept++;
		}
		if (c->json) {
			json_object_begin(&c->j);
			json_member_uint(&c->j, "id", id);
			json_member_string(&c->j, "name", li->info.name);
			json_member_string(&c->j, "version", ver);
			json_member_string(&c->j, "status",
					   strcmp(status, "unloaded") ? "kept" : "unloaded");
			if (strcmp(status, "unloaded"))
				json_member_string(&c->j, "reason", status);
			json_object_end(&c->j);
		} else if (!strcmp(status, "unloaded")) {
			printf("%s %s (library %u): unloaded\n", li->info.name, ver, id);
		} else {
			printf("%s %s (library %u): kept: %s\n", li->info.name, ver, id, status);
		}
		bpflib_library_info__free(li);
	}
	free(ids);
	if (c->json) {
		json_array_end(&c->j);
		json_end(&c->j);
	} else {
		printf("%d unloaded, %d kept%s\n", nr_unloaded, nr_kept,
		       nr_kept ? "" : ": the module can be removed (rmmod bpflib)");
	}
	return nr_kept ? 1 : 0;
}

/* library instantiate LIBRARY target SEC...: more consumer types, from the kept object. */
static int lib_instantiate(struct cli *c, int argc, char **argv)
{
	LIBBPFLIB_OPTS(bpflib_load_opts, opts);
	struct refusals rs = { .c = c };
	int n, total = 0, k = 0;
	char text[64];
	__u32 id;

	if (parse_library(c, &argc, &argv, &id))
		return 1;
	if (!argc)
		return fail(c, "expected 'target SEC'");
	opts.refused = on_refusal;
	opts.refused_ctx = &rs;
	for (; argc; argc -= 2, argv += 2, k++) {
		if (argc < 2 || !is(argv[0], "target")) {
			refusals_free(&rs);
			return fail(c, "expected 'target SEC', got '%s'", argv[0]);
		}
		n = bpflib_library__add_target(c->reg, id, argv[1], &opts);
		if (n < 0) {
			refusals_free(&rs);
			return fail(c, "%s", bpflib_registry__errstr(c->reg));
		}
		total += n;
	}
	snprintf(text, sizeof(text), "added %d function%s for %d program type%s", total,
		 total == 1 ? "" : "s", k, k == 1 ? "" : "s");
	if (c->json) {
		json_object_begin(&c->j);
		json_member_uint(&c->j, "id", id);
		json_member_uint(&c->j, "added", total);
		refusals_json(&rs);
		json_object_end(&c->j);
		json_end(&c->j);
	} else {
		printf("%s\n", text);
	}
	refusals_free(&rs);
	return 0;
}

#define MAX_LIB_MAPS	64

/*
 * The maps of a library: those its functions' programs use, one set for
 * all of them.  Their ids in @ids (at most MAX_LIB_MAPS); how many.
 */
static int lib_maps(const struct bpflib_library_info *li, __u32 *ids)
{
	__u32 i, k, j, map_ids[MAX_LIB_MAPS];
	int n = 0, fd;

	for (i = 0; i < li->info.nr_funcs; i++) {
		struct bpf_prog_info info = {
			.nr_map_ids = MAX_LIB_MAPS,
			.map_ids = (__u64)(unsigned long)map_ids,
		};
		__u32 len = sizeof(info);

		fd = bpf_prog_get_fd_by_id(li->funcs[i].prog_id);
		if (fd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(fd, &info, &len))
			for (k = 0; k < info.nr_map_ids && k < MAX_LIB_MAPS; k++) {
				for (j = 0; j < (__u32)n && ids[j] != map_ids[k]; j++)
					;
				if (j == (__u32)n && n < MAX_LIB_MAPS)
					ids[n++] = map_ids[k];
			}
		close(fd);
	}
	return n;
}

#define MAX_DEPS	32

/* Add @id to @ids (@n of them) unless it is there. */
static void add_id(__u32 *ids, int *n, __u32 id)
{
	int i;

	for (i = 0; i < *n && ids[i] != id; i++)
		;
	if (i == *n && *n < MAX_DEPS)
		ids[(*n)++] = id;
}

/*
 * The libraries @li uses (whose records name its functions as consumers:
 * their code is linked into it) and those that use it (its records whose
 * consumers are their functions), as ldd and lsmod's "Used by" list them.
 */
static void lib_deps(struct cli *c, const struct bpflib_library_info *li, __u32 *uses,
		     int *nr_uses, __u32 *users, int *nr_users)
{
	struct bpflib_library_info *o;
	__u32 i, k, id = 0;
	int ul;

	*nr_uses = *nr_users = 0;
	for (i = 0; i < li->info.nr_links; i++) {
		ul = bpflib_registry__func_library(c->reg, li->links[i].consumer_id);
		if (ul > 0)
			add_id(users, nr_users, ul);
	}
	while ((o = bpflib_registry__library_info(c->reg, id, BPFLIB_INFO_F_NEXT))) {
		id = o->info.lib_id;
		for (i = 0; id != li->info.lib_id && i < o->info.nr_links; i++)
			for (k = 0; k < li->info.nr_funcs; k++)
				if (o->links[i].consumer_id == li->funcs[k].prog_id)
					add_id(uses, nr_uses, id);
		bpflib_library_info__free(o);
	}
}

/* "name major.minor.patch" of library @id, or "?". */
static const char *lib_what(struct cli *c, __u32 id, char *buf, size_t size, char *ver,
			    size_t ver_size)
{
	struct bpflib_library_info *li = bpflib_registry__library_info(c->reg, id, 0);

	snprintf(buf, size, "?");
	snprintf(ver, ver_size, "?");
	if (li) {
		snprintf(buf, size, "%s", li->info.name);
		version_str(&li->info.version, ver, ver_size);
	}
	bpflib_library_info__free(li);
	return buf;
}

static void deps_text(struct cli *c, const char *label, const __u32 *ids, int n)
{
	char name[BPFLIB_NAME_LEN], ver[24];
	int k;

	for (k = 0; k < n; k++) {
		lib_what(c, ids[k], name, sizeof(name), ver, sizeof(ver));
		printf("%s%s %s (library %u)%s", k ? ", " : label, name, ver, ids[k],
		       k == n - 1 ? "\n" : "");
	}
}

static void deps_json(struct cli *c, const char *label, const __u32 *ids, int n)
{
	char name[BPFLIB_NAME_LEN], ver[24];
	int k;

	json_name(&c->j, label);
	json_array_begin(&c->j);
	for (k = 0; k < n; k++) {
		lib_what(c, ids[k], name, sizeof(name), ver, sizeof(ver));
		json_object_begin(&c->j);
		json_member_uint(&c->j, "id", ids[k]);
		json_member_string(&c->j, "name", name);
		json_member_string(&c->j, "version", ver);
		json_object_end(&c->j);
	}
	json_array_end(&c->j);
}

static void show_one(struct cli *c, const struct bpflib_library_info *li)
{
	const struct bpflib_lib_info *in = &li->info;
	char sig[512], name[32], ver[24];
	__u32 i, maps[MAX_LIB_MAPS], uses[MAX_DEPS], users[MAX_DEPS];
	int nr_maps = lib_maps(li, maps), k, nr_uses, nr_users;

	lib_deps(c, li, uses, &nr_uses, users, &nr_users);

	version_str(&in->version, ver, sizeof(ver));
	if (!c->json) {
		printf("%u: %s %s  functions %u  links %u  consumers %u\n", in->lib_id,
		       in->name, ver, in->nr_funcs, in->nr_links, in->nr_consumers);
		if (in->obj_size)
			printf("\tobject kept: %u bytes (more program types on demand)\n",
			       in->obj_size);
		for (i = 0; i < in->nr_funcs; i++) {
			const struct bpflib_func_info *f = &li->funcs[i];

			if (bpflib_registry__func_proto_str(c->reg, in->lib_id, i, sig, sizeof(sig)) < 0)
				snprintf(sig, sizeof(sig), "?");
			printf("\t%-10s prog %-5u links %-3u %s\n", prog_type_str(f->prog_type),
			       f->prog_id, f->nr_links, sig);
		}
		for (k = 0; k < nr_maps; k++)
			printf("%s%u (%s)%s", k ? ", " : "\tmaps ", maps[k],
			       map_name(maps[k], name, sizeof(name)), k == nr_maps - 1 ? "\n" : "");
		deps_text(c, "\tuses ", uses, nr_uses);
		deps_text(c, "\tused by ", users, nr_users);
		for (i = 0; i < in->nr_links; i++) {
			const struct bpflib_link_info *l = &li->links[i];

			printf("\tconsumer prog %u (%s) -> %s, ", l->consumer_id,
			       prog_name(l->consumer_id, name, sizeof(name)), l->func_name);
			if (l->link_id)
				printf("link %u\n", l->link_id);
			else
				printf("static (a copy of its code)\n");
		}
		return;
	}
	json_object_begin(&c->j);
	json_member_uint(&c->j, "id", in->lib_id);
	json_member_string(&c->j, "name", in->name);
	json_member_string(&c->j, "version", ver);
	json_member_uint(&c->j, "nr_links", in->nr_links);
	json_member_uint(&c->j, "nr_consumers", in->nr_consumers);
	json_member_uint(&c->j, "object_size", in->obj_size);
	json_name(&c->j, "functions");
	json_array_begin(&c->j);
	for (i = 0; i < in->nr_funcs; i++) {
		const struct bpflib_func_info *f = &li->funcs[i];

		if (bpflib_registry__func_proto_str(c->reg, in->lib_id, i, sig, sizeof(sig)) < 0)
			snprintf(sig, sizeof(sig), "?");
		json_object_begin(&c->j);
		json_member_string(&c->j, "name", f->name);
		json_member_string(&c->j, "prog_type", prog_type_str(f->prog_type));
		json_member_string(&c->j, "attach_type", attach_type_str(f->prog_type, f->attach_type));
		json_member_uint(&c->j, "prog_id", f->prog_id);
		json_member_uint(&c->j, "btf_id", f->btf_id);
		json_member_uint(&c->j, "nr_links", f->nr_links);
		json_member_string(&c->j, "signature", sig);
		json_object_end(&c->j);
	}
	json_array_end(&c->j);
	json_name(&c->j, "maps");
	json_array_begin(&c->j);
	for (k = 0; k < nr_maps; k++) {
		json_object_begin(&c->j);
		json_member_uint(&c->j, "id", maps[k]);
		json_member_string(&c->j, "name", map_name(maps[k], name, sizeof(name)));
		json_object_end(&c->j);
	}
	json_array_end(&c->j);
	deps_json(c, "uses", uses, nr_uses);
	deps_json(c, "used_by", users, nr_users);
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
		json_member_string(&c->j, "function", l->func_name);
		json_member_bool(&c->j, "static", !l->link_id);
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
			return fail(c, "library %u: %s", id,
				    errno == ENOENT ? "no such library" : strerror(errno));
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

static const struct cmd lib_cmds[] = {
	{ "load", lib_load }, { "loadall", lib_loadall }, { "unload", lib_unload }, { "show", lib_show },
	{ "instantiate", lib_instantiate }, { "drain", lib_drain },
	{ "list", lib_show }, { NULL, NULL },
};

int do_library(struct cli *c, int argc, char **argv)
{
	return dispatch(c, "library", lib_cmds, argc, argv);
}
