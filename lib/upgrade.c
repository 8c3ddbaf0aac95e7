// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Upgrading a deployed consumer with no window: a fresh copy of it is
 * loaded with the old copy's maps, linked to the library versions asked
 * for, and put in the old copy's place on every hook, in one step where
 * the hook allows (bpflib_prog__replace()) and new-before-old where it
 * does not.  No call ever meets an unlinked stub: the old copy stays
 * linked until nothing runs it, and the new is linked before anything
 * does.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "internal.h"

/* One program of the object: its old copy and what was done for it. */
struct upgrade_prog {
	struct bpf_program *prog;
	int old_fd;
	__u32 old_id;
	bool replaced;		/* bpflib_prog__replace() done */
	__u32 left;		/* attachments replace could not move */
};

/* A link of the old copy remade for the new one before the old goes. */
struct remade {
	struct bpf_program *prog;
	char old_path[PATH_MAX + NAME_MAX + 2];
	char new_path[PATH_MAX];
};

struct upgrade {
	struct bpflib_registry *reg;
	const char *dir;
	struct bpf_object *obj;
	struct upgrade_prog *progs;
	int nr_progs;
	struct remade *remade;
	int nr_remade;
};

/* A pin's name for @name, as "prog link FILE pin DIR" makes it: no dots. */
static void pin_path(char *buf, size_t size, const char *dir, const char *name)
{
	char *s;

	snprintf(buf, size, "%s/%s", dir, name);
	for (s = buf + strlen(dir) + 1; *s; s++)
		if (*s == '.')
			*s = '_';
}

/* Each program's pinned old copy, of the same type. */
static int find_old(struct upgrade *u)
{
	struct bpf_prog_info info;
	struct bpf_program *p;
	char path[PATH_MAX];
	int n = 0, err;

	bpf_object__for_each_program(p, u->obj)
		n++;
	u->progs = calloc(n + 1, sizeof(*u->progs));
	if (!u->progs)
		return -ENOMEM;
	bpf_object__for_each_program(p, u->obj) {
		struct upgrade_prog *up = &u->progs[u->nr_progs++];

		up->prog = p;
		pin_path(path, sizeof(path), u->dir, bpf_program__name(p));
		up->old_fd = bpf_obj_get(path);
		if (up->old_fd < 0 && errno == ENOENT && n > 1 && u->nr_progs > 1)
			return bpflib_seterr(u->reg, -ENOENT,
					     "%s has no program %s: an upgrade moves the programs deployed there, and cannot add one (deploy the new object in a directory of its own)",
					     u->dir, bpf_program__name(p));
		if (up->old_fd < 0)
			return bpflib_seterr(u->reg, -errno,
					     "%s: %s: the consumer is not deployed there ('bpflib prog load FILE pin DIR' deploys it)",
					     path, errstr(-errno));
		err = bpflib_prog_fd_info(u->reg, up->old_fd, &info);
		if (err) {
			char why[256];

			snprintf(why, sizeof(why), "%s", bpflib_registry__errstr(u->reg));
			return bpflib_seterr(u->reg, err, "%s: %s", path, why);
		}
		if (info.type != bpf_program__type(p))
			return bpflib_seterr(u->reg, -EINVAL,
					     "%s is a %s program, but %s in the new object is %s: not the same consumer",
					     path, libbpf_bpf_prog_type_str(info.type),
					     bpf_program__name(p),
					     libbpf_bpf_prog_type_str(bpf_program__type(p)));
		up->old_id = info.id;
	}
	return 0;
}

/*
 * The new copy's maps are the old copy's, where pinned: state carries
 * over.  Read-only data (.rodata, .kconfig) is the new object's own.
 */
static int reuse_maps(struct upgrade *u)
{
	char path[PATH_MAX];
	struct bpf_map *m;
	int fd, err;

	bpf_object__for_each_map(m, u->obj) {
		if (bpf_map__fd(m) >= 0 || (bpf_map__map_flags(m) & BPF_F_RDONLY_PROG) ||
		    bpf_map__get_pin_path(m))
			continue;	/* a library's (static linking), read-only, or pinned by name */
		pin_path(path, sizeof(path), u->dir, bpf_map__name(m));
		fd = bpf_obj_get(path);
		if (fd < 0)
			continue;	/* new in this version */
		err = bpf_map__reuse_fd(m, fd);
		close(fd);
		if (err)
			return bpflib_seterr(u->reg, err, "map %s (%s): %s", bpf_map__name(m), path,
					     errstr(err));
	}
	return 0;
}

/* Is @fd a link of program @prog_id that the kernel cannot update? */
static bool remake_link(int fd, __u32 prog_id)
{
	struct bpf_link_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.prog_id != prog_id)
		return false;
	/* bpflib_prog__replace() moves the others, and counts these as left. */
	return !bpflib_link_updatable(info.type);
}

/* A free link path for @name, not taken by a link planned already. */
static int unique_link_path(struct upgrade *u, const char *name, char *buf, size_t size)
{
	struct stat st;
	int i, n;

	for (n = 0; n < 1000; n++) {
		if (snprintf(buf, size, "%s/links/%s_%d", u->dir, name, n) >= (int)size)
			return bpflib_seterr(u->reg, -ENAMETOOLONG, "%s: name too long", u->dir);
		if (!lstat(buf, &st) || errno != ENOENT)
			continue;
		for (i = 0; i < u->nr_remade && strcmp(u->remade[i].new_path, buf); i++)
			;
		if (i == u->nr_remade)
			return 0;
	}
	return bpflib_seterr(u->reg, -ENOSPC, "%s/links: no free name for a link of %s",
			     u->dir, name);
}

/* The new copy's links to make where the old one's pinned links are. */
static int remake_links(struct upgrade *u, struct upgrade_prog *up)
{
	const char *name = bpf_program__name(up->prog);
	char dir[PATH_MAX], path[PATH_MAX + NAME_MAX + 2];
	struct dirent *de;
	struct remade *r;
	DIR *d;
	int fd, err = 0;
	size_t n = strlen(name);

	snprintf(dir, sizeof(dir), "%s/links", u->dir);
	d = opendir(dir);
	if (!d)
		return 0;
	while (!err && (de = readdir(d))) {
		if (strncmp(de->d_name, name, n) || de->d_name[n] != '_')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		fd = bpf_obj_get(path);
		if (fd < 0)
			continue;
		if (!remake_link(fd, up->old_id)) {
			close(fd);
			continue;
		}
		close(fd);
		r = realloc(u->remade, (u->nr_remade + 1) * sizeof(*r));
		if (!r) {
			err = -ENOMEM;
			break;
		}
		u->remade = r;
		r = &r[u->nr_remade];
		snprintf(r->old_path, sizeof(r->old_path), "%s", path);
		r->prog = up->prog;
		err = unique_link_path(u, name, r->new_path, sizeof(r->new_path));
		if (!err)
			u->nr_remade++;
	}
	closedir(d);
	return err;
}

/*
 * Attach the new copy where the old one's links are, all at once, then
 * unpin the old ones: between the two an event may run both copies.
 * Nothing pinned or unpinned on failure.
 */
static int remake(struct upgrade *u)
{
	struct bpf_program **progs = calloc(u->nr_remade, sizeof(*progs));
	const char **paths = calloc(u->nr_remade, sizeof(*paths));
	const char **old = calloc(u->nr_remade, sizeof(*old));
	int i, k = 0, pass, err = -ENOMEM;

	if (progs && paths && old) {
		/*
		 * Kprobes first: making one is slow (the kernel patches its
		 * text), and a link made early overlaps its old one longer.
		 */
		for (pass = 0; pass < 2; pass++)
			for (i = 0; i < u->nr_remade; i++) {
				if ((bpf_program__type(u->remade[i].prog) ==
				     BPF_PROG_TYPE_KPROBE) != !pass)
					continue;
				progs[k] = u->remade[i].prog;
				paths[k] = u->remade[i].new_path;
				old[k++] = u->remade[i].old_path;
			}
		err = bpflib_attach_auto_pinned(progs, paths, u->nr_remade, old);
	}
	free(progs);
	free(paths);
	free(old);
	if (err) {
		/* Nothing of it was pinned: nothing for rollback() to unpin. */
		u->nr_remade = 0;
		return bpflib_seterr(u->reg, err,
				     "attaching the new copy where the old one's links are: %s",
				     errstr(err));
	}
	return 0;
}

/* Pin @fd at @path in place of what is there, in one step. */
static int repin(struct bpflib_registry *reg, int fd, const char *path)
{
	char tmp[PATH_MAX];

	if (snprintf(tmp, sizeof(tmp), "%s_bpflib_new", path) >= (int)sizeof(tmp))
		return bpflib_seterr(reg, -ENAMETOOLONG, "%s: name too long", path);
	unlink(tmp);
	if (bpf_obj_pin(fd, tmp))
		return bpflib_seterr(reg, -errno, "pin %s: %s", tmp, errstr(-errno));
	if (rename(tmp, path)) {
		unlink(tmp);
		return bpflib_seterr(reg, -errno, "rename %s: %s", tmp, errstr(-errno));
	}
	return 0;
}

/* Everything is in place: the new copy takes the pins (remake() unpinned the old links). */
static int commit(struct upgrade *u)
{
	char path[PATH_MAX];
	struct bpf_map *m;
	int i, err = 0;

	for (i = 0; !err && i < u->nr_progs; i++) {
		pin_path(path, sizeof(path), u->dir, bpf_program__name(u->progs[i].prog));
		err = repin(u->reg, bpf_program__fd(u->progs[i].prog), path);
	}
	bpf_object__for_each_map(m, u->obj) {
		if (err || bpf_map__get_pin_path(m))
			continue;
		pin_path(path, sizeof(path), u->dir, bpf_map__name(m));
		err = repin(u->reg, bpf_map__fd(m), path);
	}
	return err;
}

static void rollback(struct upgrade *u)
{
	int i;

	for (i = 0; i < u->nr_progs; i++)
		if (u->progs[i].replaced)
			bpflib_prog__replace(u->reg, bpf_program__fd(u->progs[i].prog),
					     u->progs[i].old_fd, NULL);
	for (i = 0; i < u->nr_remade; i++)
		unlink(u->remade[i].new_path);
}

int bpflib_object__upgrade(struct bpflib_registry *reg, const char *path, const char *pin_dir,
			   struct bpflib_upgrade_opts *opts)
{
	LIBBPFLIB_OPTS(bpflib_open_opts, oo);
	LIBBPFLIB_OPTS(bpflib_link_opts, lo);
	struct upgrade u = { .reg = reg, .dir = pin_dir };
	__u32 moved = 0, left = 0;
	char links_dir[PATH_MAX];
	int err, i;

	reg->errstr[0] = '\0';
	if (!OPTS_VALID(opts, bpflib_upgrade_opts) || !path || !pin_dir)
		return bpflib_seterr(reg, -EINVAL, "invalid arguments");
	if (snprintf(links_dir, sizeof(links_dir), "%s/links", pin_dir) >= (int)sizeof(links_dir))
		return bpflib_seterr(reg, -ENAMETOOLONG, "%s: name too long", pin_dir);
	oo.mode = OPTS_GET(opts, mode, BPFLIB_LINK_AUTO);
	oo.open_opts = OPTS_GET(opts, open_opts, NULL);
	oo.use = lo.use = OPTS_GET(opts, use, NULL);
	u.obj = bpflib_object__open_file(reg, path, &oo);
	if (!u.obj)
		return -errno;
	err = find_old(&u) ?: reuse_maps(&u);
	if (err)
		goto out;
	err = bpf_object__load(u.obj);
	if (err) {
		bpflib_seterr(reg, err, "%s: the kernel refused to load it: %s", path, errstr(err));
		goto out;
	}
	err = bpflib_object__link(reg, u.obj, &lo);
	if (err < 0)
		goto out;
	err = 0;
	for (i = 0; !err && i < u.nr_progs; i++)
		err = remake_links(&u, &u.progs[i]);
	for (i = 0; err >= 0 && i < u.nr_progs; i++) {
		LIBBPFLIB_OPTS(bpflib_replace_opts, ro, .links_dir = links_dir);

		err = bpflib_prog__replace(reg, u.progs[i].old_fd,
					   bpf_program__fd(u.progs[i].prog), &ro);
		if (err >= 0) {
			u.progs[i].replaced = true;
			moved += ro.nr_moved;
			left += ro.nr_left;
		}
	}
	if (err >= 0 && u.nr_remade)
		err = remake(&u);
	if (err < 0) {
		rollback(&u);
		goto out;
	}
	err = commit(&u);
	if (err)
		goto out;
	if (opts) {
		opts->nr_moved = moved;
		opts->nr_remade = u.nr_remade;
		/* The remade links were counted as left by replace. */
		opts->nr_left = left - u.nr_remade;
	}
	err = u.nr_progs;
out:
	for (i = 0; i < u.nr_progs; i++)
		if (u.progs[i].old_fd >= 0)
			close(u.progs[i].old_fd);
	free(u.progs);
	free(u.remade);
	bpf_object__close(u.obj);
	return err;
}
