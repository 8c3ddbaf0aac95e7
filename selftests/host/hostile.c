// SPDX-License-Identifier: GPL-2.0
/*
 * hostile SEED.bpf.o...: malformed library objects made from real ones,
 * read by libbpflib's object checks (everything that runs before the
 * kernel is involved), built with AddressSanitizer and UBSan.  Each
 * variant must be refused with a reason, or accepted as the whole object
 * it still is; never a crash, never undefined behaviour.  Variants:
 * truncations, ELF and section header fields set to extremes, BTF bytes
 * flipped, .bpflib contents of hostile strings, symbols and relocations
 * out of range.  Prints how many variants it made and how they ended.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <stddef.h>
#include <linux/btf.h>
#include <bpf/libbpf.h>

#include "internal.h"

static long made, refused, accepted, silent;

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

/* One verdict: accepted, or refused with a reason. */
static void verdict(int err, const struct bpflib_registry *reg)
{
	made++;
	if (!err) {
		accepted++;
	} else {
		refused++;
		if (!reg->errstr[0])
			silent++;	/* refused without saying why */
	}
}

/*
 * The object at @buf read every way bpflib reads objects without the
 * kernel: as a library file, as the copy the registry keeps (any CAP_BPF
 * user chooses its bytes), as a consumer opened for dynamic and for static
 * linking (the registry then answers nothing), and for gen header.
 */
void hostile_try(const void *buf, size_t len)
{
	struct bpflib_registry reg = { .fd = -1 };
	LIBBPFLIB_OPTS(bpflib_header_opts, ho);
	LIBBPFLIB_OPTS(bpflib_open_opts, oo);
	struct bpflib_meta meta;
	struct bpf_object *obj;
	char path[64], file[32];
	int fd = memfd_create("hostile", 0), mfd, err;
	FILE *null;

	if (fd < 0 || write(fd, buf, len) != (ssize_t)len) {
		perror("memfd");
		exit(2);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	verdict(bpflib_library_check(&reg, path, &meta, true), &reg);

	reg.errstr[0] = '\0';
	mfd = bpflib_lib_memfd(&reg, "kept", buf, len, file, sizeof(file));
	verdict(mfd < 0 ? mfd : 0, &reg);
	if (mfd >= 0)
		close(mfd);

	for (oo.mode = BPFLIB_LINK_DYNAMIC; ; oo.mode = BPFLIB_LINK_STATIC) {
		reg.errstr[0] = '\0';
		obj = bpflib_object__open_file(&reg, path, &oo);
		err = obj ? 0 : -errno;
		bpf_object__close(obj);
		verdict(err, &reg);
		if (oo.mode == BPFLIB_LINK_STATIC)
			break;
	}

	null = fopen("/dev/null", "w");
	if (null) {
		reg.errstr[0] = '\0';
		ho.path = path;
		err = bpflib_gen_header(&reg, null, &ho);
		verdict(err < 0 ? err : 0, &reg);
		fclose(null);
	}
	close(fd);
}

static void try(const void *buf, size_t len)
{
	hostile_try(buf, len);
}

/* The section headers of the ELF object in @buf. */
static Elf64_Shdr *shdrs(unsigned char *buf, size_t len, int *n)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;

	if (len < sizeof(*eh) || eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf64_Shdr) > len)
		return NULL;
	*n = eh->e_shnum;
	return (Elf64_Shdr *)(buf + eh->e_shoff);
}

static const char *sec_name(unsigned char *buf, Elf64_Shdr *sh, int i)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;

	return (const char *)buf + sh[eh->e_shstrndx].sh_offset + sh[i].sh_name;
}

/*
 * Each typedef, modifier and pointer of the BTF at @off made to refer to
 * itself: libbpf accepts such a loop (the ids are in range), and whatever
 * walks the chain must stop (libFuzzer found a walk that did not).  And
 * types that cannot be laid out, which libbpf accepts as well: each
 * integer, enum and float given a size of 0 (libbpf's btf_dump divided by
 * the alignment that made: SIGFPE in gen header), and each struct and
 * union given a first member of itself, by value, and of void.
 */
static void btf_loops(const unsigned char *seed, size_t len, unsigned char *buf,
		      size_t off, size_t size)
{
	const struct btf_header *h = (const void *)(seed + off);
	size_t p, end, rec;
	__u32 id = 1, kind, vlen, *ref;

	if (size < sizeof(*h) || h->hdr_len + (size_t)h->type_off + h->type_len > size)
		return;
	p = off + h->hdr_len + h->type_off;
	end = p + h->type_len;
	for (; p + sizeof(struct btf_type) <= end; p += rec, id++) {
		const struct btf_type *t = (const void *)(seed + p);

		kind = BTF_INFO_KIND(t->info);
		vlen = BTF_INFO_VLEN(t->info);
		rec = sizeof(*t) + (kind == BTF_KIND_INT || kind == BTF_KIND_VAR ||
				    kind == BTF_KIND_DECL_TAG ? 4 :
				    kind == BTF_KIND_ARRAY ? 12 :
				    kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION ||
				    kind == BTF_KIND_DATASEC || kind == BTF_KIND_ENUM64 ? vlen * 12 :
				    kind == BTF_KIND_ENUM || kind == BTF_KIND_FUNC_PROTO ? vlen * 8 : 0);
		if (kind == BTF_KIND_INT || kind == BTF_KIND_ENUM || kind == BTF_KIND_ENUM64 ||
		    kind == BTF_KIND_FLOAT) {
			memcpy(buf, seed, len);
			ref = (__u32 *)(buf + p + offsetof(struct btf_type, size));
			*ref = 0;
			try(buf, len);
			continue;
		}
		if ((kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION) && vlen) {
			memcpy(buf, seed, len);
			ref = (__u32 *)(buf + p + sizeof(*t) + offsetof(struct btf_member, type));
			*ref = id;
			try(buf, len);
			*ref = 0;
			try(buf, len);
			continue;
		}
		if (kind != BTF_KIND_TYPEDEF && kind != BTF_KIND_CONST && kind != BTF_KIND_VOLATILE &&
		    kind != BTF_KIND_RESTRICT && kind != BTF_KIND_PTR && kind != BTF_KIND_TYPE_TAG)
			continue;
		memcpy(buf, seed, len);
		ref = (__u32 *)(buf + p + offsetof(struct btf_type, type));
		*ref = id;
		try(buf, len);
	}
}

static void variants(const unsigned char *seed, size_t len)
{
	/* Hostile .bpflib contents, with their lengths (a final NUL or none). */
#define B(str)		{ str, sizeof(str) }
#define NO_NUL(str)	{ str, sizeof(str) - 1 }
	static const struct {
		const char *s;
		size_t len;
	} bpflib[] = {
		NO_NUL("name=x\0version=1.0.0\0target=xdp"),
		B("name=\nx\0version=1.0.0\0target=xdp"),
		B("name=\xff\xfe\0version=1.0.0\0target=xdp"),
		B("name=x\0version=99999999999999999999.1.1\0target=xdp"),
		B("name=x\0version=1.0.0\0target=no such section type at all"),
		B("=\0=\0=\0"),
		B("name=x\0version=1.0.0\0target=xdp\0target=xdp\0target=xdp\0target=xdp\0"
		  "target=xdp\0target=xdp\0target=xdp\0target=xdp\0target=xdp\0target=xdp\0"
		  "target=xdp\0target=xdp\0target=xdp\0target=xdp\0target=xdp\0target=xdp\0"
		  "target=xdp"),
		B("name=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	};
	static const Elf64_Xword extremes[] = { 0, 1, 0x7fffffff, 0xffffffff, ~0ULL, 0x8000000000000000ULL };
	unsigned char *buf = malloc(len + 4096);
	Elf64_Shdr *sh;
	size_t off, i, k;
	int n, s;

	if (!buf)
		exit(2);
	/* Cut short anywhere. */
	for (off = 0; off < len; off += len / 97 + 1)
		try(seed, off);
	/* Every byte of the ELF header at its extremes. */
	for (i = 0; i < sizeof(Elf64_Ehdr); i++) {
		for (k = 0; k < 2; k++) {
			memcpy(buf, seed, len);
			buf[i] = k ? 0xff : 0x00;
			try(buf, len);
		}
	}
	memcpy(buf, seed, len);
	if (!shdrs(buf, len, &n))
		return;
	for (s = 1; s < n; s++) {
		const char *name;

		/* Each field of each section header at its extremes. */
		for (k = 0; k < sizeof(extremes) / sizeof(extremes[0]); k++) {
			for (i = 0; i < 6; i++) {
				memcpy(buf, seed, len);
				sh = shdrs(buf, len, &n);
				switch (i) {
				case 0: sh[s].sh_offset = extremes[k]; break;
				case 1: sh[s].sh_size = extremes[k]; break;
				case 2: sh[s].sh_name = extremes[k]; break;
				case 3: sh[s].sh_link = extremes[k]; break;
				case 4: sh[s].sh_info = extremes[k]; break;
				case 5: sh[s].sh_type = extremes[k]; break;
				}
				try(buf, len);
			}
		}
		/* A section with a size and no bytes (libFuzzer found .BTF so). */
		memcpy(buf, seed, len);
		sh = shdrs(buf, len, &n);
		sh[s].sh_type = SHT_NOBITS;
		try(buf, len);
		memcpy(buf, seed, len);
		sh = shdrs(buf, len, &n);
		name = sec_name(buf, sh, s);
		if (!strcmp(name, ".BTF") || !strcmp(name, ".BTF.ext")) {
			/* Flip bytes of the BTF: its header first, then anywhere. */
			for (i = 0; i < 400; i++) {
				memcpy(buf, seed, len);
				off = sh[s].sh_offset + (i < 64 ? i / 2 : rand() % sh[s].sh_size);
				buf[off] ^= i < 64 ? (i % 2 ? 0xff : 0x80) : 1 << (rand() % 8);
				try(buf, len);
			}
			if (!strcmp(name, ".BTF"))
				btf_loops(seed, len, buf, sh[s].sh_offset, sh[s].sh_size);
		} else if (!strcmp(name, ".bpflib")) {
			/* Hostile strings in place of the metadata. */
			for (i = 0; i < sizeof(bpflib) / sizeof(bpflib[0]); i++) {
				size_t l = bpflib[i].len;

				memcpy(buf, seed, len);
				memcpy(buf + len, bpflib[i].s, l);
				sh = shdrs(buf, len + l, &n);
				sh[s].sh_offset = len;
				sh[s].sh_size = l;
				try(buf, len + l);
			}
		} else if (sh[s].sh_type == SHT_SYMTAB || sh[s].sh_type == SHT_REL) {
			/* Symbols and relocations that point out of range. */
			for (i = 0; i < 64 && sh[s].sh_size; i++) {
				memcpy(buf, seed, len);
				off = sh[s].sh_offset + rand() % sh[s].sh_size;
				memset(buf + off, 0xff, off + 4 <= len ? 4 : len - off);
				try(buf, len);
			}
		}
	}
	free(buf);
}

int main(int argc, char **argv)
{
	int i;

	libbpf_set_print(quiet);
	srand(42);
	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		unsigned char *seed;
		long len;

		if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET)) {
			perror(argv[i]);
			return 2;
		}
		seed = malloc(len);
		if (!seed || fread(seed, 1, len, f) != (size_t)len)
			return 2;
		fclose(f);
		variants(seed, len);
		free(seed);
	}
	printf("figure: hostile objects: %ld variants of %d objects: %ld refused (%ld without a reason), %ld accepted\n",
	       made, argc - 1, refused, silent, accepted);
	return silent ? 1 : 0;
}
