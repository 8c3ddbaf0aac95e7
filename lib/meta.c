// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * An object before libbpf sees it: that it is a whole BPF ELF object with
 * sound BTF (libbpf 1.1 walks BTF without checking it), and for a library
 * its metadata, the NUL-separated "key=value" strings that BPFLIB_LIBRARY()
 * and BPFLIB_TARGET() put in its .bpflib section.  Every object bpflib
 * hands to libbpf passes here first, whatever its origin: a library's
 * file, the copy the registry keeps (which any CAP_BPF user may have
 * stored), a consumer's file.  So a truncated object, one built without
 * -g or one made to crash its reader is reported as what it is.
 */
#include <fcntl.h>
#include <gelf.h>
#include <bpf/btf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "internal.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

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

static int meta_parse(const char *path, Elf_Data *data, struct bpflib_meta *meta,
		      char *err, size_t err_sz)
{
	size_t off, n;
	int ret = 0;

	for (off = 0; !ret && off < data->d_size; off += n + 1) {
		const char *s = (const char *)data->d_buf + off;

		n = strnlen(s, data->d_size - off);
		if (n == data->d_size - off) {
			snprintf(err, err_sz, "%s: .bpflib is not NUL-terminated", path);
			return -EINVAL;
		}
		if (n)
			ret = meta_add(meta, s, err, err_sz);
	}
	return ret;
}

int bpflib_object_check(const void *buf, size_t size, const char *what, unsigned int flags,
			struct bpflib_meta *meta, char *err, size_t err_sz)
{
	Elf_Scn *scn = NULL;
	Elf_Data *data = NULL;
	GElf_Shdr sh;
	GElf_Ehdr eh;
	size_t shstrndx;
	Elf_Data *btf_data = NULL;
	struct btf *btf;
	char why[128];
	Elf *elf;
	int ret = -EINVAL;

	if (meta)
		memset(meta, 0, sizeof(*meta));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	/* libelf reads it in place: it is never written for a native object. */
	elf = elf_memory((char *)buf, size);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		snprintf(err, err_sz, "%s: not an ELF object", what);
		goto out;
	}
	if (eh.e_machine != EM_BPF || eh.e_type != ET_REL ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ?
				    ELFDATA2LSB : ELFDATA2MSB)) {
		snprintf(err, err_sz,
			 "%s: not a BPF object file for this machine (ELF machine %u, type %u, class %u, byte order %u; build it with clang -target bpf -c)",
			 what, eh.e_machine, eh.e_type, eh.e_ident[EI_CLASS], eh.e_ident[EI_DATA]);
		goto out;
	}
	if (eh.e_shoff + (GElf_Off)eh.e_shnum * eh.e_shentsize > (GElf_Off)size ||
	    elf_getshdrstrndx(elf, &shstrndx)) {
		snprintf(err, err_sz,
			 "%s: truncated or corrupt ELF object: its section table lies beyond its %zu bytes",
			 what, size);
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh) ||
		    !(name = elf_strptr(elf, shstrndx, sh.sh_name))) {
			snprintf(err, err_sz, "%s: corrupt ELF object: unreadable section %zu",
				 what, elf_ndxscn(scn));
			goto out;
		}
		if (sh.sh_type != SHT_NOBITS && sh.sh_offset + sh.sh_size > (GElf_Off)size) {
			snprintf(err, err_sz,
				 "%s: truncated or corrupt ELF object: section '%s' ends at byte %llu of a %zu-byte file",
				 what, name, (unsigned long long)(sh.sh_offset + sh.sh_size), size);
			goto out;
		}
		if (!strcmp(name, ".BTF"))
			btf_data = elf_getdata(scn, NULL);
		else if (!strcmp(name, ".bpflib"))
			data = elf_getdata(scn, NULL);
	}
	if (!btf_data && (flags & BPFLIB_CHECK_BTF_OPTIONAL)) {
		ret = 0;
		goto out;
	}
	if (!btf_data) {
		snprintf(err, err_sz,
			 "%s: no BTF: bpflib needs the prototypes BTF describes; compile with clang -g",
			 what);
		goto out;
	}
	/* A .BTF without bytes (SHT_NOBITS, say): btf__new() would copy from NULL. */
	if (!btf_data->d_buf || !btf_data->d_size) {
		snprintf(err, err_sz, "%s: corrupt BTF: its .BTF section holds no data", what);
		goto out;
	}
	/* libbpf 1.1 walks BTF without checking it: check it first. */
	btf = btf__new(btf_data->d_buf, btf_data->d_size);
	if (!btf) {
		snprintf(err, err_sz, "%s: corrupt BTF: %s", what, strerror(errno));
		goto out;
	}
	if (bpflib_btf_sane(btf, why, sizeof(why))) {
		snprintf(err, err_sz, "%s: corrupt BTF: %s", what, why);
		btf__free(btf);
		goto out;
	}
	btf__free(btf);
	if (!meta) {
		ret = 0;
		goto out;
	}
	if (!data || !data->d_buf) {
		snprintf(err, err_sz,
			 "%s: no .bpflib section: not a bpflib library (BPFLIB_LIBRARY() missing)",
			 what);
		ret = -ENOMSG;
		goto out;
	}
	ret = meta_parse(what, data, meta, err, err_sz);
out:
	elf_end(elf);
	return ret;
}

int bpflib_object_check_file(const char *path, unsigned int flags, struct bpflib_meta *meta,
			     char *err, size_t err_sz)
{
	struct statfs fs;
	struct stat st;
	void *map;
	int fd, ret;

	if (meta)
		memset(meta, 0, sizeof(*meta));
	/* Before open(): bpffs refuses to open what is pinned there (EIO). */
	if (stat(path, &st)) {
		ret = -errno;
		snprintf(err, err_sz, "%s: %s", path, strerror(errno));
		return ret;
	}
	if (!S_ISREG(st.st_mode) || (!statfs(path, &fs) && fs.f_type == BPF_FS_MAGIC)) {
		snprintf(err, err_sz, "%s: not a regular file%s", path,
			 S_ISREG(st.st_mode) ? " but a BPF object pinned in bpffs" : "");
		return -EINVAL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		ret = -errno;
		snprintf(err, err_sz, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return ret;
	}
	if (!st.st_size) {
		close(fd);
		snprintf(err, err_sz, "%s: an empty file, not an ELF object", path);
		return -EINVAL;
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		ret = -errno;
		snprintf(err, err_sz, "%s: %s", path, strerror(errno));
		return ret;
	}
	ret = bpflib_object_check(map, st.st_size, path, flags, meta, err, err_sz);
	munmap(map, st.st_size);
	return ret;
}

int bpflib_meta_read(const char *path, struct bpflib_meta *meta, char *err, size_t err_sz)
{
	return bpflib_object_check_file(path, 0, meta, err, err_sz);
}
