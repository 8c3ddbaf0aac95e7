// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A library object's metadata: the NUL-separated "key=value" strings that
 * BPFLIB_LIBRARY() and BPFLIB_TARGET() put in its .bpflib section.
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static int meta_add(struct bpflib_meta *meta, const char *kv, char *err, size_t err_sz)
{
	const char *val = strchr(kv, '=');
	size_t klen;

	if (!val) {
		snprintf(err, err_sz, ".bpflib: '%s' is not key=value", kv);
		return -EINVAL;
	}
	klen = val++ - kv;
	if (klen == 4 && !strncmp(kv, "name", 4)) {
		if (strlen(val) >= sizeof(meta->name))
			goto too_long;
		strcpy(meta->name, val);
	} else if (klen == 7 && !strncmp(kv, "version", 7)) {
		if (strlen(val) >= sizeof(meta->version))
			goto too_long;
		strcpy(meta->version, val);
	} else if (klen == 6 && !strncmp(kv, "target", 6)) {
		if (meta->nr_targets == BPFLIB_MAX_TARGETS) {
			snprintf(err, err_sz, ".bpflib: more than %d targets", BPFLIB_MAX_TARGETS);
			return -E2BIG;
		}
		if (strlen(val) >= sizeof(meta->targets[0]))
			goto too_long;
		strcpy(meta->targets[meta->nr_targets++], val);
	}
	/* Unknown keys are for newer versions of bpflib. */
	return 0;

too_long:
	snprintf(err, err_sz, ".bpflib: value of '%.*s' is too long", (int)klen, kv);
	return -ENAMETOOLONG;
}

int bpflib_meta_read(const char *path, struct bpflib_meta *meta, char *err, size_t err_sz)
{
	Elf_Data *data = NULL;
	size_t shstrndx, off;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	Elf *elf;
	int fd, ret = -EINVAL;

	memset(meta, 0, sizeof(*meta));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, err_sz, "%s: %s", path, strerror(errno));
		return ret;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &shstrndx)) {
		snprintf(err, err_sz, "%s: not an ELF object", path);
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, ".bpflib")) {
			data = elf_getdata(scn, NULL);
			break;
		}
	}
	if (!data || !data->d_buf) {
		snprintf(err, err_sz,
			 "%s: no .bpflib section: not a bpflib library (BPFLIB_LIBRARY() missing)",
			 path);
		goto out;
	}
	for (off = 0, ret = 0; !ret && off < data->d_size;) {
		const char *s = (const char *)data->d_buf + off;
		size_t n = strnlen(s, data->d_size - off);

		if (n == data->d_size - off) {
			snprintf(err, err_sz, "%s: .bpflib is not NUL-terminated", path);
			ret = -EINVAL;
			break;
		}
		if (n)
			ret = meta_add(meta, s, err, err_sz);
		off += n + 1;
	}
out:
	elf_end(elf);
	close(fd);
	return ret;
}
