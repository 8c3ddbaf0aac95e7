// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The registry handle: the device, errors, and introspection. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "internal.h"
#include "objedit.h"

int bpflib_seterr(struct bpflib_registry *reg, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reg->errstr, sizeof(reg->errstr), fmt, ap);
	va_end(ap);
	return err;
}

const char *bpflib_errstr_r(int err, char *buf, size_t size)
{
	/* It knows libbpf's own codes and falls back to strerror_r(). */
	libbpf_strerror(err, buf, size);
	return buf;
}

bool bpflib_opts_valid(const void *opts, size_t opts_sz, size_t user_sz)
{
	const char *p = opts;
	size_t i;

	if (user_sz < sizeof(size_t))
		return false;
	for (i = opts_sz; i < user_sz; i++)
		if (p[i])
			return false;
	return true;
}

struct bpflib_registry *bpflib_registry__open(const struct bpflib_registry_opts *opts)
{
	const char *path = OPTS_GET(opts, dev_path, NULL) ?: "/dev/" BPFLIB_DEVICE_NAME;
	struct bpflib_registry *reg;
	int err;

	if (!OPTS_VALID(opts, bpflib_registry_opts)) {
		errno = EINVAL;
		return NULL;
	}
	reg = calloc(1, sizeof(*reg));
	if (!reg)
		return NULL;
	if (OPTS_GET(opts, offline, false)) {
		reg->fd = -1;
		return reg;
	}
	reg->fd = open(path, O_RDWR | O_CLOEXEC);
	if (reg->fd < 0) {
		err = errno;
		free(reg);
		errno = err;
		return NULL;
	}
	return reg;
}

void bpflib_registry__close(struct bpflib_registry *reg)
{
	if (!reg)
		return;
	if (reg->fd >= 0)
		close(reg->fd);
	free(reg);
}

int bpflib_registry__fd(const struct bpflib_registry *reg)
{
	return reg->fd;
}

const char *bpflib_registry__errstr(const struct bpflib_registry *reg)
{
	return reg->errstr;
}

int bpflib_version__parse(const char *str, struct bpflib_version *ver)
{
	unsigned long v[3] = {};
	const char *p = str;
	char *end;
	int i;

	memset(ver, 0, sizeof(*ver));
	for (i = 0; i < 3; i++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v[i] = strtoul(p, &end, 10);
		if (v[i] > 0xffff)
			return -EINVAL;
		p = end;
		if (!*p)
			break;
		if (*p != '.' || i == 2)
			return -EINVAL;
		p++;
	}
	ver->major = v[0];
	ver->minor = v[1];
	ver->patch = v[2];
	return 0;
}

bool bpflib_name_ok(const char *name, bool lib)
{
	const char *p;

	if (!*name || (!lib && *name >= '0' && *name <= '9'))
		return false;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' ||
		      (lib && (*p == '.' || *p == '-'))))
			return false;
	return true;
}

int bpflib_version_cmp(const struct bpflib_version *a, const struct bpflib_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	return 0;
}

bool bpflib_version_satisfies(const struct bpflib_version *have,
			      const struct bpflib_version *want)
{
	return have->major == want->major && bpflib_version_cmp(have, want) >= 0;
}

int bpflib_use_version(struct bpflib_registry *reg, const char *const *use,
		       const char *lib, struct bpflib_version *ver)
{
	size_t n = strlen(lib);

	for (; use && *use; use++) {
		const char *at = strchr(*use, '@');

		if (!at || at == *use || bpflib_version__parse(at + 1, ver))
			return bpflib_seterr(reg, -EINVAL,
					     "'%s': expected NAME@VERSION (libnet@1.1.0)", *use);
		if ((size_t)(at - *use) == n && !strncmp(*use, lib, n))
			return 1;
	}
	return 0;
}

int bpflib_registry__func_library(struct bpflib_registry *reg, __u32 prog_id)
{
	struct bpflib_library_info *li;
	__u32 id = 0, i;
	bool found;

	while ((li = bpflib_registry__library_info(reg, id, BPFLIB_INFO_F_NEXT))) {
		id = li->info.lib_id;
		for (i = 0; i < li->info.nr_funcs && li->funcs[i].prog_id != prog_id; i++)
			;
		found = i < li->info.nr_funcs;
		bpflib_library_info__free(li);
		if (found)
			return id;
	}
	return errno == ENOENT ? -ENOENT : -errno;
}

/* Append ", " (unless @buf is empty) and the formatted text to @buf. */
__attribute__((format(printf, 3, 4)))
static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len && len < size - 1)
		len += snprintf(buf + len, size - len, ", ");
	if (len >= size - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/*
 * Why library @lib_id cannot go: its name, version, the libraries that use
 * it, and the consumers linked to it (program id and name), as rmmod names
 * a module's users.
 */
static int explain_busy(struct bpflib_registry *reg, __u32 lib_id)
{
	struct bpflib_library_info *li = bpflib_registry__library_info(reg, lib_id, 0);
	struct bpflib_library_info *user;
	char users[512] = "", libs[512] = "", what[BPFLIB_NAME_LEN + 64];
	__u32 i, j, n = 0, nl = 0, seen[64];
	int ul;

	if (!li)
		return bpflib_seterr(reg, -EBUSY, "library %u is in use", lib_id);
	for (i = 0; i < li->info.nr_links; i++) {
		struct bpf_prog_info info = {};
		__u32 id = li->links[i].consumer_id, ilen = sizeof(info);
		int fd;

		for (j = 0; j < i && li->links[j].consumer_id != id; j++)
			;
		if (j < i)
			continue;	/* one line per consumer */
		/* A library's function: that library uses this one. */
		ul = bpflib_registry__func_library(reg, id);
		if (ul > 0) {
			for (j = 0; j < nl && seen[j] != (__u32)ul; j++)
				;
			if (j < nl || nl == ARRAY_SIZE(seen))
				continue;
			seen[nl++] = ul;
			user = bpflib_registry__library_info(reg, ul, 0);
			snprintf(what, sizeof(what), "%s %u.%u.%u (library %d)",
				 user ? user->info.name : "?",
				 user ? user->info.version.major : 0,
				 user ? user->info.version.minor : 0,
				 user ? user->info.version.patch : 0, ul);
			bpflib_library_info__free(user);
			append(libs, sizeof(libs), "%s", what);
			continue;
		}
		fd = bpf_prog_get_fd_by_id(id);
		if (fd >= 0) {
			bpf_obj_get_info_by_fd(fd, &info, &ilen);
			close(fd);
		}
		append(users, sizeof(users), "prog %u (%s)", id, info.name[0] ? info.name : "?");
		n++;
	}
	snprintf(what, sizeof(what), "%s %u.%u.%u (library %u)", li->info.name,
		 li->info.version.major, li->info.version.minor, li->info.version.patch, lib_id);
	if (nl && !n)
		bpflib_seterr(reg, -EBUSY,
			      "cannot unload %s: %s use%s it (its code is part of theirs); unload %s first",
			      what, libs, nl == 1 ? "s" : "", nl == 1 ? "that library" : "them");
	else if (nl)
		bpflib_seterr(reg, -EBUSY,
			      "cannot unload %s: %s use%s it, and %u consumer%s linked to it: %s; unload the librar%s and detach or unlink the consumer%s first (bpflib prog show)",
			      what, libs, nl == 1 ? "s" : "", n, n == 1 ? " is" : "s are", users,
			      nl == 1 ? "y" : "ies", n == 1 ? "" : "s");
	else
		bpflib_seterr(reg, -EBUSY,
			      "cannot unload %s: %u consumer%s linked to it: %s; detach or unlink %s first (bpflib prog show)",
			      what, n, n == 1 ? " is" : "s are", users, n == 1 ? "it" : "them");
	bpflib_library_info__free(li);
	return -EBUSY;
}

int bpflib_library__unload(struct bpflib_registry *reg, __u32 lib_id)
{
	struct bpflib_lib_del req = { .lib_id = lib_id };

	reg->errstr[0] = '\0';
	if (!ioctl(reg->fd, BPFLIB_IOC_LIB_DEL, &req))
		return 0;
	if (errno == EBUSY)
		return explain_busy(reg, lib_id);
	if (errno == ENOENT)
		return bpflib_seterr(reg, -ENOENT, "no library %u is loaded", lib_id);
	if (errno == EACCES)
		return bpflib_seterr(reg, -EACCES,
				     "library %u belongs to another user (uid %d): only that user or an administrator (CAP_SYS_ADMIN) may unload it",
				     lib_id, bpflib_lib_owner(reg, lib_id));
	return bpflib_seterr(reg, -errno, "unload library %u: %s%s", lib_id, errstr(-errno),
			     errno == EPERM ? " (changing the registry needs CAP_BPF)" : "");
}

int bpflib_lib_func_fd(struct bpflib_registry *reg, __u32 lib_id, __u32 idx, __u32 prog_id)
{
	struct bpflib_fd_get g = { .lib_id = lib_id, .idx = idx };
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int fd;

	if (!ioctl(reg->fd, BPFLIB_IOC_FD_GET, &g)) {
		if (!bpf_obj_get_info_by_fd(g.fd, &info, &len) && info.id == prog_id)
			return g.fd;
		close(g.fd);
	}
	fd = bpf_prog_get_fd_by_id(prog_id);
	return fd < 0 ? -errno : fd;
}

int bpflib_lib_owner(struct bpflib_registry *reg, __u32 lib_id)
{
	struct bpflib_lib_info q = { .lib_id = lib_id };

	return ioctl(reg->fd, BPFLIB_IOC_LIB_INFO, &q) ? -1 : (int)q.owner;
}

struct bpflib_library_info *
bpflib_registry__library_info(struct bpflib_registry *reg, __u32 lib_id, __u32 flags)
{
	struct bpflib_library_info *li;
	struct bpflib_lib_info q;
	int err;

	li = calloc(1, sizeof(*li));
	if (!li)
		return NULL;
	/*
	 * Ask for the sizes, then for the records; retry if the library
	 * grew links in between.
	 */
	for (;;) {
		memset(&q, 0, sizeof(q));
		q.lib_id = lib_id;
		q.flags = flags;
		if (ioctl(reg->fd, BPFLIB_IOC_LIB_INFO, &q))
			goto err;
		free(li->funcs);
		free(li->links);
		li->funcs = calloc(q.nr_funcs + 1, sizeof(*li->funcs));
		li->links = calloc(q.nr_links + 1, sizeof(*li->links));
		if (!li->funcs || !li->links)
			goto err;
		memset(&li->info, 0, sizeof(li->info));
		li->info.lib_id = q.lib_id;
		li->info.nr_funcs = q.nr_funcs;
		li->info.nr_links = q.nr_links;
		li->info.func_rec_size = sizeof(*li->funcs);
		li->info.funcs = (__u64)(unsigned long)li->funcs;
		li->info.link_rec_size = sizeof(*li->links);
		li->info.links = (__u64)(unsigned long)li->links;
		if (ioctl(reg->fd, BPFLIB_IOC_LIB_INFO, &li->info))
			goto err;
		if (li->info.nr_links <= q.nr_links &&
		    li->info.nr_funcs <= q.nr_funcs)
			return li;
		lib_id = q.lib_id;
		flags = 0;
	}
err:
	err = errno;
	bpflib_library_info__free(li);
	errno = err;
	return NULL;
}

void bpflib_library_info__free(struct bpflib_library_info *li)
{
	if (!li)
		return;
	free(li->funcs);
	free(li->links);
	free(li);
}

int bpflib_lib_next(struct bpflib_registry *reg, __u32 after, struct bpflib_lib_info *q)
{
	memset(q, 0, sizeof(*q));
	q->lib_id = after;
	q->flags = BPFLIB_INFO_F_NEXT;
	return ioctl(reg->fd, BPFLIB_IOC_LIB_INFO, q) ? -errno : 0;
}

int bpflib_library__find(struct bpflib_registry *reg, const char *name,
			 const char *version)
{
	struct bpflib_version want;
	struct bpflib_lib_info q;
	__u32 id = 0;
	int found = -ENOENT;

	reg->errstr[0] = '\0';
	if (version && bpflib_version__parse(version, &want))
		return bpflib_seterr(reg, -EINVAL, "bad version '%s'", version);
	/* One ioctl per library, names and versions only. */
	while (!bpflib_lib_next(reg, id, &q)) {
		id = q.lib_id;
		if (!strcmp(q.name, name) &&
		    (!version || !memcmp(&q.version, &want, sizeof(want)))) {
			if (found > 0)
				return bpflib_seterr(reg, -EINVAL,
						     "several versions of '%s' are loaded; name one",
						     name);
			found = id;
		}
	}
	if (errno != ENOENT)
		return bpflib_seterr(reg, -errno, "registry: %s", errstr(-errno));
	if (found < 0)
		return bpflib_seterr(reg, found, "library '%s%s%s' is not loaded",
				     name, version ? "@" : "", version ?: "");
	return found;
}

struct btf *bpflib_lib_obj_btf(struct bpflib_registry *reg, __u32 lib_id)
{
	struct bpflib_library_info *li = bpflib_registry__library_info(reg, lib_id, 0);
	struct bpflib_elf e;
	struct btf *btf = NULL;
	void *buf = NULL, *data;
	size_t size;
	int err;

	if (!li)
		return NULL;
	err = li->info.obj_size ? bpflib_lib_obj_read(reg, li, li->info.name, &buf) : -ENODATA;
	if (!err && !bpflib_elf_parse(&e, buf, li->info.obj_size)) {
		data = bpflib_elf_sec_data(&e, bpflib_elf_sec_find(&e, ".BTF"), &size);
		btf = data ? btf__new(data, size) : NULL;
		err = btf ? 0 : -errno;
	}
	free(buf);
	bpflib_library_info__free(li);
	errno = -err;
	return btf;
}

int bpflib_registry__func_proto_str(struct bpflib_registry *reg, __u32 lib_id, __u32 func_idx,
				    char *buf, size_t size)
{
	struct bpflib_library_info *li = bpflib_registry__library_info(reg, lib_id, 0);
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	struct btf *btf = NULL;
	int fd, err;

	if (!li)
		return -errno;
	if (func_idx >= li->info.nr_funcs) {
		err = -ENOENT;
		goto out;
	}
	fd = bpflib_lib_func_fd(reg, lib_id, func_idx, li->funcs[func_idx].prog_id);
	if (fd < 0) {
		err = fd;
		goto out;
	}
	if (!bpf_obj_get_info_by_fd(fd, &info, &len) && info.btf_id)
		btf = btf__load_from_kernel_by_id(info.btf_id);
	close(fd);
	/* Reading BTF by id needs CAP_SYS_ADMIN: the library's kept object has it. */
	if (!btf && errno == EPERM)
		btf = bpflib_lib_obj_btf(reg, lib_id);
	err = btf ? bpflib_btf__func_proto_str(btf, li->funcs[func_idx].btf_id, buf, size) :
		    -errno;
	btf__free(btf);
out:
	bpflib_library_info__free(li);
	return err;
}
