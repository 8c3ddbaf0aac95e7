// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Editing BPF object files in memory.
 *
 * libbpf calls functions only in .text, and a library's exports live in
 * the "freplace" section, each a program of its own.  For an export to call
 * another (dynamic linking), and for a library's code to be joined to a
 * consumer or to another library by libbpf's linker (static linking), the
 * exports' code has to be in .text too: bpflib_elf_exports_to_text() puts
 * it there, with everything that refers to it (symbols, relocations, the
 * .BTF.ext records of functions, lines and CO-RE relocations).
 *
 * Edits append: a changed section gets new bytes at the end of the file
 * and its header points there; the old bytes stay, unreferenced.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "objedit.h"

#ifndef R_BPF_64_32
#define R_BPF_64_32	10	/* a BPF-to-BPF call */
#endif

int bpflib_elf_parse(struct bpflib_elf *e, void *buf, size_t size)
{
	Elf64_Shdr *s;
	__u32 i;

	e->buf = buf;
	e->size = size;
	e->eh = buf;
	if (size < sizeof(*e->eh) || memcmp(e->eh->e_ident, ELFMAG, SELFMAG) ||
	    e->eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    e->eh->e_ident[EI_DATA] != (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ?
					ELFDATA2LSB : ELFDATA2MSB) ||
	    e->eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    e->eh->e_shoff > size || e->eh->e_shnum > (size - e->eh->e_shoff) / sizeof(*s) ||
	    e->eh->e_shoff % 8 || e->eh->e_shstrndx >= e->eh->e_shnum)
		return -EINVAL;
	e->sh = (Elf64_Shdr *)(e->buf + e->eh->e_shoff);
	for (i = 0; i < e->eh->e_shnum; i++) {
		s = &e->sh[i];
		if (s->sh_type != SHT_NOBITS &&
		    (s->sh_offset > size || s->sh_size > size - s->sh_offset))
			return -EINVAL;
	}
	s = &e->sh[e->eh->e_shstrndx];
	if (s->sh_type == SHT_NOBITS)
		return -EINVAL;
	e->shstr = (const char *)e->buf + s->sh_offset;
	e->shstr_size = s->sh_size;
	if (!e->shstr_size || e->shstr[e->shstr_size - 1])
		return -EINVAL;
	return 0;
}

void *bpflib_elf_sec_data(const struct bpflib_elf *e, int i, size_t *size)
{
	if (i <= 0 || i >= e->eh->e_shnum || e->sh[i].sh_type == SHT_NOBITS)
		return NULL;
	*size = e->sh[i].sh_size;
	return e->buf + e->sh[i].sh_offset;
}

const char *bpflib_elf_sec_name(const struct bpflib_elf *e, __u32 i)
{
	return e->sh[i].sh_name < e->shstr_size ? e->shstr + e->sh[i].sh_name : "";
}

int bpflib_elf_sec_find(const struct bpflib_elf *e, const char *name)
{
	__u32 i;

	for (i = 1; i < e->eh->e_shnum; i++)
		if (!strcmp(bpflib_elf_sec_name(e, i), name))
			return i;
	return -1;
}

/*
 * Append @len bytes to the file @e, for a section to move there: their
 * offset, or a negative errno.  Pointers into @e move with it.
 */
static long elf_append(struct bpflib_elf *e, const void *data, size_t len)
{
	size_t at = (e->size + 7) & ~7UL;
	__u8 *buf;

	buf = realloc(e->buf, at + len);
	if (!buf)
		return -ENOMEM;
	memset(buf + e->size, 0, at - e->size);
	memcpy(buf + at, data, len);
	if (bpflib_elf_parse(e, buf, at + len))
		return -EINVAL;
	return at;
}

/* Give section @i the @len bytes at @data, appended: 0 or a negative errno. */
static int sec_set(struct bpflib_elf *e, int i, const void *data, size_t len)
{
	long at = elf_append(e, data, len);

	if (at < 0)
		return at;
	e->sh[i].sh_offset = at;
	e->sh[i].sh_size = len;
	return 0;
}

/* A new section like @tmpl: its index, or a negative errno. */
static int sec_add(struct bpflib_elf *e, const Elf64_Shdr *tmpl)
{
	size_t n = e->eh->e_shnum;
	Elf64_Shdr *tab;
	long at;

	if (n + 1 >= SHN_LORESERVE)
		return -E2BIG;
	tab = malloc((n + 1) * sizeof(*tab));
	if (!tab)
		return -ENOMEM;
	memcpy(tab, e->sh, n * sizeof(*tab));
	tab[n] = *tmpl;
	at = elf_append(e, tab, (n + 1) * sizeof(*tab));
	free(tab);
	if (at < 0)
		return at;
	e->eh->e_shoff = at;
	e->eh->e_shnum = n + 1;
	return bpflib_elf_parse(e, e->buf, e->size) ?: (int)n;
}

int bpflib_elf_add_names(struct bpflib_elf *e, const char *names, size_t len, __u32 *offs,
			 int n)
{
	size_t old = e->shstr_size;
	__u16 idx = e->eh->e_shstrndx;
	__u8 *tab;
	int i, err;

	tab = malloc(old + len);
	if (!tab)
		return -ENOMEM;
	memcpy(tab, e->shstr, old);
	memcpy(tab + old, names, len);
	err = sec_set(e, idx, tab, old + len);
	free(tab);
	if (err)
		return err;
	e->shstr = (const char *)e->buf + e->sh[idx].sh_offset;
	e->shstr_size = old + len;
	for (i = 0; i < n; i++) {
		offs[i] = old;
		old += strlen(names) + 1;
		names += strlen(names) + 1;
	}
	return 0;
}

int bpflib_elf_btf_edit(struct bpflib_elf *e, int (*edit)(struct btf *btf, void *ctx),
			void *ctx)
{
	int bi = bpflib_elf_sec_find(e, ".BTF"), err;
	const void *raw;
	struct btf *btf;
	__u32 size;

	size_t bsize;
	void *bdata = bpflib_elf_sec_data(e, bi, &bsize);

	if (!bdata)
		return -EINVAL;
	btf = btf__new(bdata, bsize);
	if (!btf)
		return -errno;
	/* Writable from now on. */
	err = btf__add_str(btf, ".text");
	err = err < 0 ? err : edit(btf, ctx);
	if (err >= 0) {
		raw = btf__raw_data(btf, &size);
		err = raw ? sec_set(e, bi, raw, size) : -ENOMEM;
	}
	btf__free(btf);
	return err < 0 ? err : 0;
}

/* The symbol table of @e, checked: its index, or -1. */
static int symtab(const struct bpflib_elf *e, const Elf64_Sym **syms, size_t *nr)
{
	__u32 i;

	for (i = 1; i < e->eh->e_shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];

		if (s->sh_type != SHT_SYMTAB)
			continue;
		if (s->sh_entsize != sizeof(Elf64_Sym) || s->sh_offset % 8 ||
		    s->sh_link >= e->eh->e_shnum)
			return -1;
		*syms = (const Elf64_Sym *)(e->buf + s->sh_offset);
		*nr = s->sh_size / sizeof(Elf64_Sym);
		return i;
	}
	return -1;
}

/* The relocation section of section @sec, checked: its index, or -1. */
static int rel_of(const struct bpflib_elf *e, int sec, const Elf64_Rel **rels, size_t *nr)
{
	__u32 i;

	for (i = 1; i < e->eh->e_shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];

		if (s->sh_type != SHT_REL || s->sh_info != (__u32)sec ||
		    s->sh_entsize != sizeof(Elf64_Rel) || s->sh_offset % 8)
			continue;
		*rels = (const Elf64_Rel *)(e->buf + s->sh_offset);
		*nr = s->sh_size / sizeof(Elf64_Rel);
		return i;
	}
	*rels = NULL;
	*nr = 0;
	return -1;
}

bool bpflib_elf_export_calls(const struct bpflib_elf *e)
{
	int fr = bpflib_elf_sec_find(e, "freplace");
	const Elf64_Sym *syms;
	const Elf64_Rel *rels;
	size_t nsyms, nrels, i, k;

	if (fr < 0 || symtab(e, &syms, &nsyms) < 0 || rel_of(e, fr, &rels, &nrels) < 0)
		return false;
	for (i = 0; i < nrels; i++) {
		k = ELF64_R_SYM(rels[i].r_info);
		if (k < nsyms && syms[k].st_shndx == fr &&
		    ELF64_ST_TYPE(syms[k].st_info) == STT_FUNC)
			return true;
	}
	return false;
}

/* The name of symbol @sym, or "?". */
static const char *sym_name(const struct bpflib_elf *e, int st, const Elf64_Sym *sym)
{
	const Elf64_Shdr *strs = &e->sh[e->sh[st].sh_link];

	if (strs->sh_type == SHT_NOBITS || sym->st_name >= strs->sh_size ||
	    !memchr(e->buf + strs->sh_offset + sym->st_name, 0, strs->sh_size - sym->st_name))
		return "?";
	return (const char *)e->buf + strs->sh_offset + sym->st_name;
}

bool bpflib_elf_exports(const struct bpflib_elf *e, const char *name)
{
	int fr = bpflib_elf_sec_find(e, "freplace"), st;
	const Elf64_Sym *syms;
	size_t nr, k;

	st = symtab(e, &syms, &nr);
	for (k = 1; fr > 0 && st > 0 && k < nr; k++)
		if (syms[k].st_shndx == fr && ELF64_ST_TYPE(syms[k].st_info) == STT_FUNC &&
		    ELF64_ST_BIND(syms[k].st_info) == STB_GLOBAL &&
		    !strcmp(sym_name(e, st, &syms[k]), name))
			return true;
	return false;
}

int bpflib_elf_undef_call(const struct bpflib_elf *e,
			  bool (*known)(const char *name, void *ctx), void *ctx,
			  const char **caller, const char **callee)
{
	const Elf64_Sym *syms, *s;
	const Elf64_Rel *rels;
	size_t nsyms, nrels, i, k;
	__u32 sec;
	int st;

	st = symtab(e, &syms, &nsyms);
	if (st < 0)
		return 0;
	for (sec = 1; sec < e->eh->e_shnum; sec++) {
		if (!(e->sh[sec].sh_flags & SHF_EXECINSTR) || rel_of(e, sec, &rels, &nrels) < 0)
			continue;
		for (i = 0; i < nrels; i++) {
			k = ELF64_R_SYM(rels[i].r_info);
			if (k >= nsyms || syms[k].st_shndx != SHN_UNDEF ||
			    ELF64_R_TYPE(rels[i].r_info) != R_BPF_64_32 ||
			    known(sym_name(e, st, &syms[k]), ctx))
				continue;
			*callee = sym_name(e, st, &syms[k]);
			*caller = "?";
			for (s = syms; s < syms + nsyms; s++)
				if (s->st_shndx == sec && ELF64_ST_TYPE(s->st_info) == STT_FUNC &&
				    rels[i].r_offset >= s->st_value &&
				    rels[i].r_offset < s->st_value + s->st_size)
					*caller = sym_name(e, st, s);
			return 1;
		}
	}
	return 0;
}

int bpflib_elf_weaken_others(struct bpflib_elf *e, const struct bpflib_elf *own)
{
	const Elf64_Sym *syms, *osyms;
	size_t nr, onr, i, k;
	int st, ost, n = 0;
	const char *name;
	Elf64_Sym *w;

	st = symtab(e, &syms, &nr);
	ost = symtab(own, &osyms, &onr);
	if (st < 0 || ost < 0)
		return -EINVAL;
	for (i = 1; i < nr; i++) {
		if (ELF64_ST_BIND(syms[i].st_info) != STB_GLOBAL || syms[i].st_shndx == SHN_UNDEF)
			continue;
		name = sym_name(e, st, &syms[i]);
		for (k = 1; k < onr; k++)
			if (ELF64_ST_BIND(osyms[k].st_info) == STB_GLOBAL &&
			    osyms[k].st_shndx != SHN_UNDEF && !strcmp(sym_name(own, ost, &osyms[k]), name))
				break;
		if (k < onr)
			continue;
		w = (Elf64_Sym *)&syms[i];
		w->st_info = ELF64_ST_INFO(STB_WEAK, ELF64_ST_TYPE(w->st_info));
		n++;
	}
	return n;
}

int bpflib_elf_unhide_funcs(struct bpflib_elf *e, bool (*want)(const char *name, void *ctx),
			    void *ctx)
{
	const Elf64_Sym *syms;
	size_t nr, i;
	int st, n = 0;
	Elf64_Sym *s;

	st = symtab(e, &syms, &nr);
	if (st < 0)
		return -EINVAL;
	for (i = 1; i < nr; i++) {
		if (ELF64_ST_TYPE(syms[i].st_info) != STT_FUNC ||
		    ELF64_ST_BIND(syms[i].st_info) == STB_LOCAL ||
		    ELF64_ST_VISIBILITY(syms[i].st_other) == STV_DEFAULT ||
		    !want(sym_name(e, st, &syms[i]), ctx))
			continue;
		s = (Elf64_Sym *)&syms[i];
		s->st_other = (s->st_other & ~0x3) | STV_DEFAULT;
		n++;
	}
	return n;
}

/* Where the BTF string table keeps the two section names .BTF.ext uses. */
struct sec_names {
	int fr, tx;
};

static int sec_names_edit(struct btf *btf, void *ctx)
{
	struct sec_names *n = ctx;

	n->fr = btf__add_str(btf, "freplace");
	n->tx = btf__add_str(btf, ".text");
	return n->fr < 0 || n->tx < 0 ? -ENOMEM : 0;
}

/* One section's records in one part of .BTF.ext. */
struct ext_block {
	const __u8 *recs;
	__u32 n;
};

/*
 * Rewrite the .BTF.ext of @e: the records of section name @fr are added,
 * their instruction offsets moved by @shift bytes, to those of @tx (and
 * with @copy kept as they were too).  Each record starts with the offset
 * of its instruction: func_info, line_info and CO-RE relocations alike.
 */
static int btf_ext_to_text(struct bpflib_elf *e, __u32 fr, __u32 tx, __u32 shift, bool copy)
{
	int xi = bpflib_elf_sec_find(e, ".BTF.ext"), err;
	__u32 hdr_len, sub, nsub, off, len, rec, n, k, i, insn;
	struct ext_block frb = {}, txb = {};
	const __u8 *ext, *p, *end;
	size_t size, cap;
	__u8 *out, *q;

	if (xi < 0)
		return 0;
	ext = bpflib_elf_sec_data(e, xi, &size);
	if (!ext || size < 8)
		return -EINVAL;
	memcpy(&hdr_len, ext + 4, 4);
	if (hdr_len < 24 || hdr_len > size || hdr_len % 4)
		return -EINVAL;
	nsub = (hdr_len - 8) / 8 < 3 ? (hdr_len - 8) / 8 : 3;
	/* At worst every record twice, and a new block header in each part. */
	cap = hdr_len + 2 * (size - hdr_len) + 8 * nsub;
	out = calloc(1, cap);
	if (!out)
		return -ENOMEM;
	memcpy(out, ext, hdr_len);
	q = out + hdr_len;
	err = -EINVAL;
	for (sub = 0; sub < nsub; sub++) {
		memcpy(&off, ext + 8 + 8 * sub, 4);
		memcpy(&len, ext + 12 + 8 * sub, 4);
		if (!len)
			continue;
		if (off > size - hdr_len || len > size - hdr_len - off || len < 4)
			goto out;
		p = ext + hdr_len + off;
		end = p + len;
		memcpy(&rec, p, 4);
		if (rec < 4)
			goto out;
		off = q - out - hdr_len;
		memcpy(q, &rec, 4);
		q += 4;
		frb.n = txb.n = 0;
		/* The blocks of other sections as they are; these two aside. */
		for (p += 4; p < end; p += 8 + (size_t)n * rec) {
			if (end - p < 8)
				goto out;
			memcpy(&k, p, 4);
			memcpy(&n, p + 4, 4);
			if (n > (size_t)(end - p - 8) / rec)
				goto out;
			if (k == fr || k == tx) {
				struct ext_block *b = k == fr ? &frb : &txb;

				if (b->n && n)
					goto out;	/* one block per section */
				if (n)
					*b = (struct ext_block){ p + 8, n };
				if (k == tx || !copy)
					continue;
			}
			memcpy(q, p, 8 + (size_t)n * rec);
			q += 8 + (size_t)n * rec;
		}
		if (frb.n || txb.n) {
			n = frb.n + txb.n;
			memcpy(q, &tx, 4);
			memcpy(q + 4, &n, 4);
			q += 8;
			if (txb.n)
				memcpy(q, txb.recs, (size_t)txb.n * rec);
			q += (size_t)txb.n * rec;
			for (i = 0; i < frb.n; i++, q += rec) {
				memcpy(q, frb.recs + (size_t)i * rec, rec);
				memcpy(&insn, q, 4);
				insn += shift;
				memcpy(q, &insn, 4);
			}
		}
		len = q - out - hdr_len - off;
		memcpy(out + 8 + 8 * sub, &off, 4);
		memcpy(out + 12 + 8 * sub, &len, 4);
	}
	err = sec_set(e, xi, out, q - out);
out:
	free(out);
	return err;
}

/*
 * The relocations of .text, followed by those of the exports' section moved
 * @shift bytes on; each symbol index through @map where it has an entry.
 * With @copy, the exports' own relocations go through @map too.
 */
static int rels_to_text(struct bpflib_elf *e, int fr, int tx, int st, __u32 shift,
			const __u32 *map, size_t nsyms, bool copy, char *why, size_t why_sz)
{
	static const char names[] = ".rel.text\0.rel.debug_bpflib_exports";
	const Elf64_Rel *frr, *txr;
	size_t nfr, ntx, i, k;
	int rfr, rtx, err;
	Elf64_Rel *rels;
	__u32 offs[2];

	rfr = rel_of(e, fr, &frr, &nfr);
	rtx = rel_of(e, tx, &txr, &ntx);
	if (rfr < 0)
		return 0;
	rels = malloc((nfr + ntx) * sizeof(*rels));
	if (!rels)
		return -ENOMEM;
	if (ntx)
		memcpy(rels, txr, ntx * sizeof(*rels));
	for (i = 0; i < nfr; i++) {
		k = ELF64_R_SYM(frr[i].r_info);
		if (k >= nsyms) {
			snprintf(why, why_sz, "a relocation of its exports names symbol %zu of %zu",
				 k, nsyms);
			err = -EINVAL;
			goto out;
		}
		rels[ntx + i].r_offset = frr[i].r_offset + shift;
		rels[ntx + i].r_info = ELF64_R_INFO(map[k] ?: k, ELF64_R_TYPE(frr[i].r_info));
		if (copy && map[k])	/* the export's own: to the copy too */
			((Elf64_Rel *)frr)[i].r_info = rels[ntx + i].r_info;
	}
	err = bpflib_elf_add_names(e, names, sizeof(names), offs, 2);
	if (err)
		goto out;
	if (rtx < 0 && !copy) {
		/* The exports' relocations become .text's. */
		rtx = rfr;
		rfr = -1;
	} else if (rtx < 0) {
		Elf64_Shdr s = { .sh_type = SHT_REL, .sh_flags = SHF_INFO_LINK, .sh_link = st,
				 .sh_info = tx, .sh_addralign = 8,
				 .sh_entsize = sizeof(Elf64_Rel) };

		err = sec_add(e, &s);
		if (err < 0)
			goto out;
		rtx = err;
	}
	err = sec_set(e, rtx, rels, (nfr + ntx) * sizeof(*rels));
	if (err)
		goto out;
	e->sh[rtx].sh_name = offs[0];
	e->sh[rtx].sh_info = tx;
	if (rfr >= 0 && !copy)
		e->sh[rfr].sh_name = offs[1];	/* the linker ignores it */
out:
	free(rels);
	return err;
}

int bpflib_elf_exports_to_text(struct bpflib_elf *e, bool copy, char *why, size_t why_sz)
{
	static const char names[] = ".debug_bpflib_exports";
	int fr = bpflib_elf_sec_find(e, "freplace"), tx = bpflib_elf_sec_find(e, ".text");
	struct sec_names sn;
	const Elf64_Sym *syms;
	const Elf64_Rel *rels;
	Elf64_Sym *out_syms = NULL;
	size_t nr, nf = 0, nrels, i, k, tlen, flen;
	__u32 *map = NULL, off;
	__u8 *text = NULL;
	int st, err;

	st = symtab(e, &syms, &nr);
	if (fr < 0 || tx < 0 || st < 0) {
		snprintf(why, why_sz, "it has no %s section",
			 fr < 0 ? "exports (freplace)" : tx < 0 ? ".text" : "symbol table");
		return -EINVAL;
	}
	tlen = e->sh[tx].sh_size;
	flen = e->sh[fr].sh_size;
	if (e->sh[tx].sh_type != SHT_PROGBITS || e->sh[fr].sh_type != SHT_PROGBITS ||
	    tlen % 8 || flen % 8) {
		snprintf(why, why_sz, "its .text or freplace section is not BPF code");
		return -EINVAL;
	}
	map = calloc(nr ?: 1, sizeof(*map));
	out_syms = malloc((2 * nr ?: 1) * sizeof(*out_syms));
	text = malloc(tlen + flen ?: 1);
	err = -ENOMEM;
	if (!map || !out_syms || !text)
		goto out;

	/*
	 * A relocation against the exports' section itself (a call to a static
	 * function there) would be off by the length of .text.
	 */
	rel_of(e, fr, &rels, &nrels);
	for (i = 0; i < nrels; i++) {
		k = ELF64_R_SYM(rels[i].r_info);
		if (k < nr && syms[k].st_shndx == fr &&
		    ELF64_ST_TYPE(syms[k].st_info) == STT_SECTION) {
			snprintf(why, why_sz,
				 "its exports call a static function in their section (freplace); make that function static in .text (without SEC()) or __always_inline");
			err = -EOPNOTSUPP;
			goto out;
		}
	}

	/* The exports' symbols: copied (appended: they are global) or moved. */
	memcpy(out_syms, syms, nr * sizeof(*out_syms));
	for (i = 0; i < nr; i++) {
		if (syms[i].st_shndx != fr)
			continue;
		if (ELF64_ST_TYPE(syms[i].st_info) == STT_SECTION)
			continue;	/* relocations against it are refused below */
		if (ELF64_ST_TYPE(syms[i].st_info) != STT_FUNC ||
		    ELF64_ST_BIND(syms[i].st_info) != STB_GLOBAL) {
			snprintf(why, why_sz,
				 "its exports' section holds symbol %zu, not a global function (an export must be one)",
				 i);
			err = -EINVAL;
			goto out;
		}
		map[i] = copy ? nr + nf : i;
		out_syms[map[i]] = syms[i];
		out_syms[map[i]].st_shndx = tx;
		out_syms[map[i]].st_value += tlen;
		nf++;
	}
	if (tlen)
		memcpy(text, e->buf + e->sh[tx].sh_offset, tlen);
	if (flen)
		memcpy(text + tlen, e->buf + e->sh[fr].sh_offset, flen);
	err = sec_set(e, tx, text, tlen + flen);
	if (!err && copy)
		err = sec_set(e, st, out_syms, (nr + nf) * sizeof(*out_syms));
	else if (!err)
		memcpy(e->buf + e->sh[st].sh_offset, out_syms, nr * sizeof(*out_syms));
	err = err ?: rels_to_text(e, fr, tx, st, tlen, map, nr, copy, why, why_sz);
	if (err)
		goto out;
	err = bpflib_elf_btf_edit(e, sec_names_edit, &sn);
	err = err ?: btf_ext_to_text(e, sn.fr, sn.tx, tlen, copy);
	if (err) {
		snprintf(why, why_sz, "its .BTF.ext: %s", strerror(-err));
		goto out;
	}
	if (!copy) {
		err = bpflib_elf_add_names(e, names, sizeof(names), &off, 1);
		if (err)
			goto out;
		e->sh[fr].sh_name = off;
		e->sh[fr].sh_flags = 0;
	}
out:
	if (err == -ENOMEM)
		snprintf(why, why_sz, "out of memory");
	free(text);
	free(out_syms);
	free(map);
	return err;
}

/* The BTF string offsets of the exports' section name, before and after. */
struct sec_rename {
	const char *to;
	int from_off, to_off;
};

static int sec_rename_edit(struct btf *btf, void *ctx)
{
	struct sec_rename *r = ctx;

	r->from_off = btf__add_str(btf, "freplace");
	r->to_off = btf__add_str(btf, r->to);
	return r->from_off < 0 || r->to_off < 0 ? -ENOMEM : 0;
}

/*
 * Point the .BTF.ext blocks of section name @from at section name @to, in
 * place: 0 or -EINVAL for a malformed .BTF.ext.
 */
static int btf_ext_rename(struct bpflib_elf *e, __u32 from, __u32 to)
{
	int xi = bpflib_elf_sec_find(e, ".BTF.ext");
	__u32 hdr_len, sub, nsub, off, len, rec, n, k;
	__u8 *ext, *p, *end;
	size_t size;

	if (xi < 0)
		return 0;
	ext = bpflib_elf_sec_data(e, xi, &size);
	if (!ext || size < 8)
		return -EINVAL;
	memcpy(&hdr_len, ext + 4, 4);
	if (hdr_len < 24 || hdr_len > size || hdr_len % 4)
		return -EINVAL;
	nsub = (hdr_len - 8) / 8 < 3 ? (hdr_len - 8) / 8 : 3;
	for (sub = 0; sub < nsub; sub++) {
		memcpy(&off, ext + 8 + 8 * sub, 4);
		memcpy(&len, ext + 12 + 8 * sub, 4);
		if (!len)
			continue;
		if (off > size - hdr_len || len > size - hdr_len - off || len < 4)
			return -EINVAL;
		p = ext + hdr_len + off;
		end = p + len;
		memcpy(&rec, p, 4);
		if (rec < 4)
			return -EINVAL;
		for (p += 4; p < end; p += 8 + (size_t)n * rec) {
			if (end - p < 8)
				return -EINVAL;
			memcpy(&k, p, 4);
			memcpy(&n, p + 4, 4);
			if (n > (size_t)(end - p - 8) / rec)
				return -EINVAL;
			if (k == from)
				memcpy(p, &to, 4);
		}
	}
	return 0;
}

int bpflib_elf_exports_rename(struct bpflib_elf *e, const char *name)
{
	int fr = bpflib_elf_sec_find(e, "freplace"), err;
	struct sec_rename r = { .to = name };
	__u32 off;

	if (fr < 0)
		return 0;
	err = bpflib_elf_add_names(e, name, strlen(name) + 1, &off, 1);
	if (err)
		return err;
	e->sh[fr].sh_name = off;
	err = bpflib_elf_btf_edit(e, sec_rename_edit, &r);
	return err ?: btf_ext_rename(e, r.from_off, r.to_off);
}
