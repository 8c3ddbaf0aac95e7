// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * What an fd refers to.  Every call that takes a program checks that it is
 * given one: BPF_OBJ_GET_INFO_BY_FD answers for maps, links and BTF too,
 * with an id from another id space, so a map taken for a program names an
 * unrelated program.  The kernel names each BPF object's anonymous inode
 * after its kind ("bpf-prog", "bpf-map", "bpf_link", ...), as bpftool
 * relies on too.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "internal.h"

static const struct {
	const char *inode;
	const char *what;
} kinds[] = {
	{ "anon_inode:bpf-prog", "a BPF program" },
	{ "anon_inode:bpf-map", "a BPF map" },
	{ "anon_inode:bpf_link", "a BPF link" },
	{ "anon_inode:bpf-link", "a BPF link" },
	{ "anon_inode:btf", "a BTF object" },
	{ "anon_inode:bpf_iter", "a BPF iterator" },
	{ "anon_inode:bpf-token", "a BPF token" },
};

/*
 * Describe what @fd is ("a BPF map", "/dev/null") in @buf.  Returns 0 if
 * it is a BPF program, -EINVAL if it is something else, -EBADF if it is
 * not open, or another negative errno if that cannot be told.
 */
static int fd_kind(int fd, char *buf, size_t size)
{
	char path[64], target[256];
	ssize_t n;
	size_t i;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0) {
		if (fd < 0 || fcntl(fd, F_GETFD) < 0)
			return -EBADF;
		snprintf(buf, size, "unknown (%s: %s; is /proc mounted?)", path,
			 strerror(errno));
		return -errno;
	}
	target[n] = '\0';
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		if (!strcmp(target, kinds[i].inode)) {
			snprintf(buf, size, "%s", kinds[i].what);
			return i == 0 ? 0 : -EINVAL;
		}
	}
	snprintf(buf, size, "%s", target);
	return -EINVAL;
}

int bpflib_prog_fd_info(struct bpflib_registry *reg, int fd, struct bpf_prog_info *info)
{
	__u32 len = sizeof(*info);
	char what[256];
	int err;

	err = fd_kind(fd, what, sizeof(what));
	if (err == -EBADF)
		return bpflib_seterr(reg, err, "fd %d is not open", fd);
	if (err)
		return bpflib_seterr(reg, err, "fd %d is %s, not a BPF program", fd, what);
	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(fd, info, &len))
		return bpflib_seterr(reg, -errno, "program (fd %d): %s", fd, errstr(-errno));
	return 0;
}

int bpflib_prog__id(struct bpflib_registry *reg, int prog_fd)
{
	struct bpf_prog_info info;
	int err;

	reg->errstr[0] = '\0';
	err = bpflib_prog_fd_info(reg, prog_fd, &info);
	return err ?: (int)info.id;
}
