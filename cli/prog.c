// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpflib prog { load | link | upgrade | detach | unlink | show } */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "cli.h"

/* A pin "prog link FILE pin DIR" makes: a program or a map of the object. */
struct pin {
	char path[PATH_MAX];
	int fd;
	bool done;		/* pinned by this command */
};

#define MAX_ARGS 16

/* One "attach [prog NAME] HOOK" of "prog load". */
struct attach_arg {
	const char *prog;
	const char *what;	/* as given: "xdp dev eth0" */
	struct bpflib_attach_opts o;
};

/* "prog { link | load | upgrade } FILE pin DIR ...", parsed. */
struct deploy {
	const char *file, *dir;
	enum bpflib_link_mode mode;
	const char *use[MAX_ARGS + 1];
	int nr_use;
	struct attach_arg att[MAX_ARGS];
	int nr_att;
	char what[MAX_ARGS][64];
};

/* Every pin the object needs under @dir, none of which may exist yet. */
static int plan_pins(struct cli *c, struct bpf_object *obj, const char *dir,
		     struct pin **pins, int *nr)
{
	struct bpf_program *p;
	struct bpf_map *m;
	struct stat st;
	char *s;
	int n = 0, i, k;

	bpf_object__for_each_program(p, obj)
		n++;
	bpf_object__for_each_map(m, obj)
		n++;
	*pins = calloc(n + 1, sizeof(**pins));
	if (!*pins)
		return fail(c, "out of memory");
	n = 0;
	bpf_object__for_each_program(p, obj) {
		snprintf((*pins)[n].path, PATH_MAX, "%s/%s", dir, bpf_program__name(p));
		(*pins)[n++].fd = -1;
	}
	/* Maps as bpf_object__pin_maps() names them; pinned-by-name maps stay where they are. */
	bpf_object__for_each_map(m, obj) {
		if (bpf_map__is_pinned(m) || bpf_map__get_pin_path(m))
			continue;
		snprintf((*pins)[n].path, PATH_MAX, "%s/%s", dir, bpf_map__name(m));
		for (s = (*pins)[n].path + strlen(dir) + 1; *s; s++)
			if (*s == '.')
				*s = '_';
		(*pins)[n++].fd = -1;
	}
	*nr = n;
	for (i = 0; i < n; i++)
		for (k = 0; k < i; k++)
			if (!strcmp((*pins)[i].path, (*pins)[k].path))
				return fail(c, "two objects of %s would both be pinned at %s", bpf_object__name(obj),
					    (*pins)[i].path);
	for (i = 0; i < n; i++)
		if (!lstat((*pins)[i].path, &st))
			return fail(c, "%s exists already: pinning there would replace another object; pin into another directory, or remove it",
				    (*pins)[i].path);
	return 0;
}

/* Pin what plan_pins() planned; on failure remove this command's pins, and only those. */
static int make_pins(struct cli *c, struct bpf_object *obj, struct pin *pins, int nr)
{
	struct bpf_program *p;
	struct bpf_map *m;
	int i = 0, err = 0;

	bpf_object__for_each_program(p, obj)
		pins[i++].fd = bpf_program__fd(p);
	bpf_object__for_each_map(m, obj)
		if (i < nr && !bpf_map__is_pinned(m) && !bpf_map__get_pin_path(m))
			pins[i++].fd = bpf_map__fd(m);
	for (i = 0; i < nr; i++) {
		if (bpf_obj_pin(pins[i].fd, pins[i].path)) {
			err = fail(c, "pin %s: %s", pins[i].path, strerror(errno));
			break;
		}
		pins[i].done = true;
	}
	if (err)
		for (i = 0; i < nr; i++)
			if (pins[i].done)
				unlink(pins[i].path);
	return err;
}

/*
 * @dir must be a directory on bpffs, or not exist yet in one (as mkdir
 * would make it: *@missing, and make_pin_dir() makes it after every check).
 */
static int check_pin_dir(struct cli *c, const char *dir, bool *missing)
{
	char parent[PATH_MAX], *slash;
	struct statfs fs;
	struct stat st;

	*missing = false;
	if (stat(dir, &st) && errno == ENOENT) {
		snprintf(parent, sizeof(parent), "%s", dir);
		while ((slash = strrchr(parent, '/')) && !slash[1] && slash > parent)
			*slash = '\0';	/* "dir/" */
		slash = strrchr(parent, '/');
		if (slash)
			*(slash == parent ? slash + 1 : slash) = '\0';
		else
			strcpy(parent, ".");
		if (statfs(parent, &fs) || fs.f_type != BPF_FS_MAGIC)
			return fail(c, "%s does not exist, and %s is not on a bpffs mount to make it in (mount -t bpf bpf /sys/fs/bpf)",
				    dir, parent);
		*missing = true;
		return 0;
	}
	if (stat(dir, &st))
		return fail(c, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return fail(c, "%s is not a directory", dir);
	if (statfs(dir, &fs) || fs.f_type != BPF_FS_MAGIC)
		return fail(c, "%s is not on a bpffs mount (mount -t bpf bpf /sys/fs/bpf)", dir);
	return 0;
}

/* A library object has functions in "freplace": it is loaded, not linked. */
static bool is_library_object(struct bpf_object *obj)
{
	struct bpf_program *p;

	bpf_object__for_each_program(p, obj)
		if (!strcmp(bpf_program__section_name(p), "freplace"))
			return true;
	return false;
}

/* Imports of program @id linked statically: the registry's records of them. */
static int nr_static(struct cli *c, __u32 id)
{
	struct bpflib_library_info *li;
	__u32 lib = 0, i;
	int n = 0;

	while ((li = bpflib_registry__library_info(c->reg, lib, BPFLIB_INFO_F_NEXT))) {
		lib = li->info.lib_id;
		for (i = 0; i < li->info.nr_links; i++)
			n += !li->links[i].link_id && li->links[i].consumer_id == id;
		bpflib_library_info__free(li);
	}
	return n;
}

/* "linked 2 imports (1 statically: ...)", for @nr_progs programs. */
static void linked_text(char *buf, size_t size, int n, int ns, int nr_progs)
{
	int len = snprintf(buf, size, "linked %d import%s", n, n == 1 ? "" : "s");

	if (ns && len > 0 && (size_t)len < size)
		snprintf(buf + len, size - len,
			 " (%d statically: the library's code is in the program%s)", ns,
			 nr_progs == 1 ? "" : "s");
}

static void print_linked(struct cli *c, struct bpf_object *obj, const struct pin *pins, int n,
			 const struct deploy *d, int nr_links)
{
	struct bpf_program *p;
	char text[160];
	int i = 0, ns = 0;

	bpf_object__for_each_program(p, obj)
		if (bpf_program__fd(p) >= 0)
			ns += nr_static(c, bpflib_prog__id(c->reg, bpf_program__fd(p)));

	if (c->json) {
		json_object_begin(&c->j);
		json_member_uint(&c->j, "linked", n);
		json_member_uint(&c->j, "static", ns);
		json_name(&c->j, "programs");
		json_array_begin(&c->j);
	}
	bpf_object__for_each_program(p, obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len);
		if (c->json) {
			json_object_begin(&c->j);
			json_member_string(&c->j, "name", bpf_program__name(p));
			json_member_uint(&c->j, "id", info.id);
			json_member_string(&c->j, "pinned", pins[i].path);
			json_object_end(&c->j);
		} else {
			printf("%s: prog %u pinned at %s\n", bpf_program__name(p), info.id,
			       pins[i].path);
		}
		i++;
	}
	if (c->json) {
		json_array_end(&c->j);
		if (d->nr_att)
			json_member_uint(&c->j, "links", nr_links);
		json_object_end(&c->j);
		json_end(&c->j);
	} else {
		linked_text(text, sizeof(text), n, ns, i);
		printf("%s\n", text);
		for (i = 0; i < d->nr_att; i++)
			printf(d->att[i].o.hook == BPFLIB_HOOK_AUTO ?
			       "attached by section name (%s)\n" : "attached to %s\n",
			       d->att[i].what);
		if (d->nr_att)
			printf("%d link%s pinned in %s/links; 'bpflib prog detach %s' takes it all down\n",
			       nr_links, nr_links == 1 ? "" : "s", d->dir, d->dir);
	}
}

/*
 * HOOK := { xdp | xdpgeneric | xdpdrv } dev IF | tc { ingress | egress } dev IF
 *	 | cgroup PATH | auto
 */
static int parse_attach(struct cli *c, struct deploy *d, int *argc, char ***argv)
{
	struct attach_arg *a = &d->att[d->nr_att];
	char **v = *argv;
	int n = *argc, used;

	if (d->nr_att == MAX_ARGS)
		return fail(c, "at most %d attach clauses", MAX_ARGS);
	memset(a, 0, sizeof(*a));
	a->o.sz = sizeof(a->o);
	if (n >= 2 && is(v[0], "prog")) {
		a->prog = v[1];
		v += 2;
		n -= 2;
	}
	if (n >= 3 && (is(v[0], "xdp") || is(v[0], "xdpgeneric") || is(v[0], "xdpdrv")) &&
	    is(v[1], "dev")) {
		a->o.hook = BPFLIB_HOOK_XDP;
		a->o.xdp_flags = is(v[0], "xdpgeneric") ? XDP_FLAGS_SKB_MODE :
				 is(v[0], "xdpdrv") ? XDP_FLAGS_DRV_MODE : 0;
		a->o.target = v[2];
		used = 3;
	} else if (n >= 4 && is(v[0], "tc") && (is(v[1], "ingress") || is(v[1], "egress")) &&
		   is(v[2], "dev")) {
		a->o.hook = is(v[1], "ingress") ? BPFLIB_HOOK_TC_INGRESS : BPFLIB_HOOK_TC_EGRESS;
		a->o.target = v[3];
		used = 4;
	} else if (n >= 2 && is(v[0], "cgroup")) {
		a->o.hook = BPFLIB_HOOK_CGROUP;
		a->o.target = v[1];
		used = 2;
	} else if (n >= 1 && is(v[0], "auto")) {
		a->o.hook = BPFLIB_HOOK_AUTO;
		used = 1;
	} else {
		return fail(c, "attach takes [prog NAME] and then { xdp | xdpgeneric | xdpdrv } dev IF, tc { ingress | egress } dev IF, cgroup PATH or auto (got '%s')",
			    n ? v[0] : "nothing");
	}
	snprintf(d->what[d->nr_att], sizeof(d->what[0]), "%s%s%s%s%s", v[0],
		 a->o.hook == BPFLIB_HOOK_TC_INGRESS ? " ingress" :
		 a->o.hook == BPFLIB_HOOK_TC_EGRESS ? " egress" : "",
		 a->o.hook == BPFLIB_HOOK_CGROUP || a->o.hook == BPFLIB_HOOK_AUTO ? "" : " dev",
		 a->o.target ? " " : "", a->o.target ?: "");
	a->what = d->what[d->nr_att++];
	*argv = v + used;
	*argc = n - used;
	return 0;
}

/* FILE pin DIR [static | dynamic] [use NAME@VERSION]... [attach ...]... */
static int parse_deploy(struct cli *c, const char *verb, int argc, char **argv,
			struct deploy *d, bool attach)
{
	memset(d, 0, sizeof(*d));
	if (argc < 3 || !is(argv[1], "pin"))
		return fail(c, "%s FILE needs 'pin DIR': the programs must outlive this command", verb);
	d->file = argv[0];
	d->dir = argv[2];
	argc -= 3;
	argv += 3;
	while (argc) {
		if (is(argv[0], "static") || is(argv[0], "dynamic")) {
			d->mode = is(argv[0], "static") ? BPFLIB_LINK_STATIC : BPFLIB_LINK_DYNAMIC;
			argc--;
			argv++;
		} else if (is(argv[0], "use") && argc >= 2 && d->nr_use < MAX_ARGS) {
			if (!strchr(argv[1], '@'))
				return fail(c, "use takes NAME@VERSION (libnet@1.1.0), not '%s'", argv[1]);
			d->use[d->nr_use++] = argv[1];
			argc -= 2;
			argv += 2;
		} else if (is(argv[0], "attach") && attach) {
			argc--;
			argv++;
			if (parse_attach(c, d, &argc, &argv))
				return 1;
		} else {
			return fail(c, "%s FILE pin DIR: unexpected '%s' (takes static, dynamic, use NAME@VERSION%s)",
				    verb, argv[0], attach ? ", attach HOOK" : "");
		}
	}
	return 0;
}

/* The program "attach" means: named, or the object's one of the hook's kind. */
static struct bpf_program *attach_prog(struct cli *c, struct bpf_object *obj,
				       const struct attach_arg *a)
{
	struct bpf_program *p, *found = NULL;
	enum bpf_prog_type t;
	int n = 0;

	if (a->prog) {
		p = bpf_object__find_program_by_name(obj, a->prog);
		if (!p)
			fail(c, "attach %s: the object has no program '%s'", a->what, a->prog);
		return p;
	}
	bpf_object__for_each_program(p, obj) {
		t = bpf_program__type(p);
		if (a->o.hook == BPFLIB_HOOK_XDP ? t == BPF_PROG_TYPE_XDP :
		    a->o.hook == BPFLIB_HOOK_CGROUP ? (t == BPF_PROG_TYPE_CGROUP_SKB ||
						       t == BPF_PROG_TYPE_CGROUP_SOCK ||
						       t == BPF_PROG_TYPE_CGROUP_SOCK_ADDR ||
						       t == BPF_PROG_TYPE_CGROUP_SOCKOPT ||
						       t == BPF_PROG_TYPE_CGROUP_SYSCTL ||
						       t == BPF_PROG_TYPE_CGROUP_DEVICE ||
						       t == BPF_PROG_TYPE_SOCK_OPS) :
		    t == BPF_PROG_TYPE_SCHED_CLS) {
			found = p;
			n++;
		}
	}
	if (n == 1)
		return found;
	fail(c, n ? "attach %s: the object has %d programs of that kind; name one with 'attach prog NAME %s'" :
		    "attach %s: the object has no program of that kind%.0d%.0s",
	     a->what, n, a->what);
	return NULL;
}

/* Attach what "attach" asked for; the links go under DIR/links. */
static int deploy_attach(struct cli *c, struct bpf_object *obj, const struct deploy *d,
			 int *nr_links)
{
	struct bpf_program *p;
	int i, ret, n;

	for (i = 0; i < d->nr_att; i++) {
		if (d->att[i].o.hook == BPFLIB_HOOK_AUTO && !d->att[i].prog) {
			/* Every program libbpf can attach by its section name. */
			n = 0;
			bpf_object__for_each_program(p, obj) {
				enum bpf_prog_type t = bpf_program__type(p);

				if (t != BPF_PROG_TYPE_TRACEPOINT && t != BPF_PROG_TYPE_KPROBE &&
				    t != BPF_PROG_TYPE_RAW_TRACEPOINT && t != BPF_PROG_TYPE_TRACING &&
				    t != BPF_PROG_TYPE_LSM)
					continue;
				ret = bpflib_program__attach(c->reg, p, d->dir, &d->att[i].o);
				if (ret < 0)
					return fail(c, "%s", bpflib_registry__errstr(c->reg));
				*nr_links += ret;
				n++;
			}
			if (!n)
				return fail(c, "attach auto: %s has no kprobe, tracepoint, raw tracepoint, tracing or LSM program to attach by its section name",
					    d->file);
			continue;
		}
		p = attach_prog(c, obj, &d->att[i]);
		if (!p)
			return 1;
		ret = bpflib_program__attach(c->reg, p, d->dir, &d->att[i].o);
		if (ret < 0)
			return fail(c, "%s", bpflib_registry__errstr(c->reg));
		*nr_links += ret;
	}
	return 0;
}

/* Is @dir empty (or missing)? */
static bool dir_empty(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	bool empty = true;

	while (d && empty && (de = readdir(d)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	if (d)
		closedir(d);
	return empty;
}

/*
 * Load, link and pin a consumer object, and attach it.  Everything that
 * can be checked is checked before anything is done; a failure afterwards
 * undoes this command's own links, pins and attachments, and nothing
 * else.
 */
static int prog_link_file(struct cli *c, const struct deploy *d)
{
	LIBBPFLIB_OPTS(bpflib_open_opts, oo, .mode = d->mode, .use = d->use);
	LIBBPFLIB_OPTS(bpflib_link_opts, lo, .use = d->use);
	struct bpf_program *p;
	struct bpf_object *obj;
	struct pin *pins = NULL;
	int n, nr_pins = 0, err, nr_links = 0;
	bool made_dir = false, missing;

	if (check_pin_dir(c, d->dir, &missing))
		return 1;
	if (d->nr_att && !missing && !dir_empty(d->dir))
		return fail(c, "%s is not empty: a consumer that is attached gets a directory of its own ('bpflib prog detach %s' takes it down as a whole)",
			    d->dir, d->dir);
	libbpf_log_reset();
	obj = bpflib_object__open_file(c->reg, d->file, &oo);
	if (!obj)
		return fail_libbpf(c, "%s", bpflib_registry__errstr(c->reg));
	if (is_library_object(obj)) {
		bpf_object__close(obj);
		return fail(c, "%s is a bpflib library: load it with 'bpflib library load %s'",
			    d->file, d->file);
	}
	if (plan_pins(c, obj, d->dir, &pins, &nr_pins)) {
		err = 1;
		goto out;
	}
	err = bpf_object__load(obj);
	if (err) {
		char why[128];

		libbpf_strerror(err, why, sizeof(why));
		err = fail_libbpf(c, "%s: the kernel refused to load it: %s%s", d->file, why,
				  libbpf_log_hint());
		goto out;
	}
	n = bpflib_object__link(c->reg, obj, &lo);
	if (n < 0) {
		err = fail(c, "%s", bpflib_registry__errstr(c->reg));
		goto out;
	}
	if (missing) {
		if (mkdir(d->dir, 0700)) {
			err = fail(c, "mkdir %s: %s", d->dir, strerror(errno));
			bpf_object__for_each_program(p, obj)
				bpflib_prog__unlink(c->reg, bpf_program__fd(p));
			goto out;
		}
		made_dir = true;
	}
	err = make_pins(c, obj, pins, nr_pins);
	if (!err && deploy_attach(c, obj, d, &nr_links)) {
		/* The directory was new or empty: everything in it is this command's. */
		if (bpflib_pin_dir__detach(c->reg, d->dir))
			fprintf(stderr, "Warning: undoing: %s\n", bpflib_registry__errstr(c->reg));
		else if (!made_dir)
			mkdir(d->dir, 0700);
		made_dir = false;
		err = 1;
	}
	if (err) {
		if (made_dir)
			rmdir(d->dir);
		/* Ours, and only ours: these programs were linked by this command. */
		bpf_object__for_each_program(p, obj)
			bpflib_prog__unlink(c->reg, bpf_program__fd(p));
		goto out;
	}
	print_linked(c, obj, pins, n, d, nr_links);
out:
	free(pins);
	bpf_object__close(obj);
	return err;
}

static int prog_load(struct cli *c, int argc, char **argv)
{
	struct deploy d;

	if (parse_deploy(c, "load", argc, argv, &d, true))
		return 1;
	return prog_link_file(c, &d);
}

static int prog_link(struct cli *c, int argc, char **argv)
{
	char text[160];
	struct deploy d;
	int fd, n, id;

	if (argc >= 1 && !is(argv[0], "id") && !is(argv[0], "pinned")) {
		if (parse_deploy(c, "link", argc, argv, &d, false))
			return 1;
		return prog_link_file(c, &d);
	}
	fd = parse_last_prog(c, argc, argv);
	if (fd < 0)
		return 1;
	n = bpflib_prog__link(c->reg, fd, NULL);
	id = n < 0 ? 0 : bpflib_prog__id(c->reg, fd);
	close(fd);
	if (n < 0)
		return fail(c, "%s", bpflib_registry__errstr(c->reg));
	linked_text(text, sizeof(text), n, nr_static(c, id), 1);
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

/* One consumer: what it imports, from which library, through which link. */
struct consumer_row {
	__u32 id;
	struct bpflib_library_info *li;
	__u32 link;		/* index in li->links */
};

static int row_cmp(const void *a, const void *b)
{
	const struct consumer_row *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static void show_import(struct cli *c, const struct consumer_row *r)
{
	const struct bpflib_link_info *l = &r->li->links[r->link];
	/* A static copy may be of a function the library serves no type with. */
	__u32 prog = l->link_id && l->func_idx < r->li->info.nr_funcs ?
		     r->li->funcs[l->func_idx].prog_id : 0;
	char ver[24];

	version_str(&r->li->info.version, ver, sizeof(ver));
	if (!c->json) {
		if (l->link_id)
			printf("\timports %s from %s %s (library %u, prog %u, link %u)\n",
			       l->func_name, r->li->info.name, ver, r->li->info.lib_id, prog,
			       l->link_id);
		else
			printf("\timports %s from %s %s (library %u, linked statically)\n",
			       l->func_name, r->li->info.name, ver, r->li->info.lib_id);
		return;
	}
	json_object_begin(&c->j);
	json_member_string(&c->j, "function", l->func_name);
	json_member_string(&c->j, "library", r->li->info.name);
	json_member_string(&c->j, "library_version", ver);
	json_member_uint(&c->j, "library_id", r->li->info.lib_id);
	json_member_uint(&c->j, "prog_id", prog);
	json_member_uint(&c->j, "link_id", l->link_id);
	json_member_bool(&c->j, "static", !l->link_id);
	json_object_end(&c->j);
}

/* Every consumer (or one), with what it imports from where. */
static int prog_show(struct cli *c, int argc, char **argv)
{
	struct bpflib_library_info *libs[1024];
	struct consumer_row *rows = NULL, *tmp;
	__u32 lib = 0, only = 0, i;
	int nr_libs = 0, nr = 0, k, fd;
	char name[32];

	if (argc) {
		fd = parse_last_prog(c, argc, argv);
		if (fd < 0)
			return 1;
		only = bpflib_prog__id(c->reg, fd);
		close(fd);
	}
	while (nr_libs < 1024 &&
	       (libs[nr_libs] = bpflib_registry__library_info(c->reg, lib, BPFLIB_INFO_F_NEXT))) {
		struct bpflib_library_info *li = libs[nr_libs++];

		lib = li->info.lib_id;
		for (i = 0; i < li->info.nr_links; i++) {
			if (only && li->links[i].consumer_id != only)
				continue;
			tmp = realloc(rows, (nr + 1) * sizeof(*rows));
			if (!tmp)
				break;
			rows = tmp;
			rows[nr++] = (struct consumer_row){ li->links[i].consumer_id, li, i };
		}
	}
	qsort(rows, nr, sizeof(*rows), row_cmp);
	if (c->json)
		json_array_begin(&c->j);
	if (!nr && only) {
		/* Asked about one program that imports nothing from the registry. */
		prog_name(only, name, sizeof(name));
		if (c->json) {
			json_object_begin(&c->j);
			json_member_uint(&c->j, "id", only);
			json_member_string(&c->j, "name", name);
			json_name(&c->j, "imports");
			json_array_begin(&c->j);
			json_array_end(&c->j);
			json_object_end(&c->j);
		} else {
			printf("%u: %s  not linked\n", only, name);
		}
	}
	for (k = 0; k < nr; k++) {
		if (!k || rows[k].id != rows[k - 1].id) {
			prog_name(rows[k].id, name, sizeof(name));
			if (c->json) {
				json_object_begin(&c->j);
				json_member_uint(&c->j, "id", rows[k].id);
				json_member_string(&c->j, "name", name);
				json_name(&c->j, "imports");
				json_array_begin(&c->j);
			} else {
				printf("%u: %s\n", rows[k].id, name);
			}
		}
		show_import(c, &rows[k]);
		if (c->json && (k == nr - 1 || rows[k + 1].id != rows[k].id)) {
			json_array_end(&c->j);
			json_object_end(&c->j);
		}
	}
	if (c->json) {
		json_array_end(&c->j);
		json_end(&c->j);
	}
	free(rows);
	for (k = 0; k < nr_libs; k++)
		bpflib_library_info__free(libs[k]);
	return 0;
}

static int prog_upgrade(struct cli *c, int argc, char **argv)
{
	LIBBPFLIB_OPTS(bpflib_upgrade_opts, uo);
	struct deploy d;
	char text[256];
	int n;

	if (parse_deploy(c, "upgrade", argc, argv, &d, false))
		return 1;
	uo.mode = d.mode;
	uo.use = d.use;
	libbpf_log_reset();
	n = bpflib_object__upgrade(c->reg, d.file, d.dir, &uo);
	if (n < 0)
		return fail_libbpf(c, "%s", bpflib_registry__errstr(c->reg));
	if (c->json) {
		json_object_begin(&c->j);
		json_member_uint(&c->j, "upgraded", n);
		json_member_uint(&c->j, "moved", uo.nr_moved);
		json_member_uint(&c->j, "remade", uo.nr_remade);
		json_member_uint(&c->j, "left", uo.nr_left);
		json_object_end(&c->j);
		json_end(&c->j);
		return 0;
	}
	snprintf(text, sizeof(text),
		 "upgraded %d program%s: %u attachment%s moved in one step, %u link%s made again before the old went",
		 n, n == 1 ? "" : "s", uo.nr_moved, uo.nr_moved == 1 ? "" : "s", uo.nr_remade,
		 uo.nr_remade == 1 ? "" : "s");
	printf("%s\n", text);
	if (uo.nr_left)
		printf("%u attachment%s stay%s with the old copy (links held elsewhere that the kernel cannot update, or tc filters that are not direct-action): it stays linked to the old versions while they live\n",
		       uo.nr_left, uo.nr_left == 1 ? "" : "s", uo.nr_left == 1 ? "s" : "");
	return 0;
}

static int prog_detach(struct cli *c, int argc, char **argv)
{
	if (argc != 1)
		return fail(c, "detach takes the directory 'prog load FILE pin DIR' deployed into");
	if (bpflib_pin_dir__detach(c->reg, argv[0]))
		return fail(c, "%s", bpflib_registry__errstr(c->reg));
	report(c, "detached", 1, NULL);
	return 0;
}

static const struct cmd prog_cmds[] = {
	{ "load", prog_load }, { "link", prog_link }, { "upgrade", prog_upgrade },
	{ "detach", prog_detach }, { "unlink", prog_unlink }, { "show", prog_show },
	{ "list", prog_show }, { NULL, NULL },
};

int do_prog(struct cli *c, int argc, char **argv)
{
	return dispatch(c, "prog", prog_cmds, argc, argv);
}
