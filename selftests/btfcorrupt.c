// SPDX-License-Identifier: GPL-2.0
/*
 * btfcorrupt IN OUT loop|range: copy the BPF object IN to OUT with its BTF
 * made hostile the two ways libbpf 1.1 does not check: "loop" makes the
 * first pointer or typedef refer to itself, "range" makes it refer to a
 * type that does not exist.  The command-line and VM tests hand such
 * objects to every command that reads objects.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>
#include <bpf/btf.h>

int main(int argc, char **argv)
{
	const struct btf_type *t, *first;
	struct btf_header *hdr;
	Elf64_Shdr *sh, *shstr;
	Elf64_Ehdr *eh;
	unsigned char *buf;
	struct btf *btf;
	long size;
	__u32 id, off;
	FILE *f;
	int i;

	if (argc != 4 || (strcmp(argv[3], "loop") && strcmp(argv[3], "range"))) {
		fprintf(stderr, "usage: btfcorrupt IN OUT loop|range\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < (long)sizeof(*eh) ||
	    fseek(f, 0, SEEK_SET) || !(buf = malloc(size)) || fread(buf, 1, size, f) != (size_t)size) {
		perror(argv[1]);
		return 1;
	}
	fclose(f);
	eh = (Elf64_Ehdr *)buf;
	sh = (Elf64_Shdr *)(buf + eh->e_shoff);
	shstr = &sh[eh->e_shstrndx];
	for (i = 1; i < eh->e_shnum; i++)
		if (!strcmp((char *)buf + shstr->sh_offset + sh[i].sh_name, ".BTF"))
			break;
	if (i == eh->e_shnum) {
		fprintf(stderr, "%s: no .BTF\n", argv[1]);
		return 1;
	}
	hdr = (struct btf_header *)(buf + sh[i].sh_offset);
	btf = btf__new(hdr, sh[i].sh_size);
	if (!btf) {
		perror("btf__new");
		return 1;
	}
	/* The types as libbpf laid them out: offsets into the section's. */
	first = btf__type_by_id(btf, 1);
	for (id = 1; id < btf__type_cnt(btf); id++) {
		t = btf__type_by_id(btf, id);
		if (btf_is_ptr(t) || btf_is_typedef(t))
			break;
	}
	if (id == btf__type_cnt(btf)) {
		fprintf(stderr, "%s: no pointer or typedef in its BTF\n", argv[1]);
		return 1;
	}
	off = hdr->hdr_len + hdr->type_off + ((const char *)t - (const char *)first);
	((struct btf_type *)((char *)hdr + off))->type = !strcmp(argv[3], "loop") ? id : 0x7ffffff0;
	btf__free(btf);
	f = fopen(argv[2], "wb");
	if (!f || fwrite(buf, 1, size, f) != (size_t)size || fclose(f)) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
