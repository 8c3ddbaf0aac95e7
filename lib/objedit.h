/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Editing BPF object files in memory (lib/objedit.c): what libbpf cannot
 * be asked to do.  Not installed.
 */
#ifndef __BPFLIB_OBJEDIT_H
#define __BPFLIB_OBJEDIT_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct btf;

/* An ELF object in memory, checked enough to edit in place. */
struct bpflib_elf {
	__u8 *buf;		/* malloc()ed; edits may move it */
	size_t size;
	Elf64_Ehdr *eh;
	Elf64_Shdr *sh;
	const char *shstr;
	size_t shstr_size;
};

/* Take @buf (malloc()ed, @size bytes) as an ELF object: 0 or -EINVAL. */
int bpflib_elf_parse(struct bpflib_elf *e, void *buf, size_t size);
const char *bpflib_elf_sec_name(const struct bpflib_elf *e, __u32 i);
/* The bytes of section @i and their number, or NULL (none, or SHT_NOBITS). */
void *bpflib_elf_sec_data(const struct bpflib_elf *e, int i, size_t *size);
/* The index of the section named @name, or -1. */
int bpflib_elf_sec_find(const struct bpflib_elf *e, const char *name);

/*
 * Give the sections of @e the names in @names ("a\0b\0...", @len bytes
 * with the last NUL): *@offs get their offsets in a new section name table.
 */
int bpflib_elf_add_names(struct bpflib_elf *e, const char *names, size_t len, __u32 *offs,
			 int n);

/*
 * Let @edit change the .BTF of @e, as a struct btf (writable), and put the
 * result in its place.  String offsets stay valid: strings are only added.
 */
int bpflib_elf_btf_edit(struct bpflib_elf *e, int (*edit)(struct btf *btf, void *ctx),
			void *ctx);

/* Does @e export (define in its exports' section) a function called @name? */
bool bpflib_elf_exports(const struct bpflib_elf *e, const char *name);

/* Does an exported function of @e call another one (or take its address)? */
bool bpflib_elf_export_calls(const struct bpflib_elf *e);

/*
 * Make weak every global symbol @e defines that @own (the object it was
 * linked from) does not: in a library linked to the libraries it uses,
 * their functions, maps and variables, so that an object linked to it and
 * to one of those too gets that library's own, once.  How many, or
 * -EINVAL.
 */
int bpflib_elf_weaken_others(struct bpflib_elf *e, const struct bpflib_elf *own);

/*
 * Give default visibility to every global function of @e that @want names.
 * libbpf makes a hidden (or internal) global function static in the
 * program's BTF (BTF_FUNC_STATIC), which the verifier walks again at every
 * call instead of once; and libbpf's linker makes a symbol hidden if any
 * object hides it.  How many were not default, or -EINVAL.
 */
int bpflib_elf_unhide_funcs(struct bpflib_elf *e, bool (*want)(const char *name, void *ctx),
			    void *ctx);

/*
 * Find a call in @e's code to a function it does not define and @known
 * does not know (kfuncs, say): 1 with the names of both in *@caller and
 * *@callee (pointers into @e), or 0.
 */
int bpflib_elf_undef_call(const struct bpflib_elf *e,
			  bool (*known)(const char *name, void *ctx), void *ctx,
			  const char **caller, const char **callee);

/*
 * Append the code of the exports' section ("freplace") to .text, where
 * libbpf lets programs call it, with its symbols, relocations and .BTF.ext
 * records.  With @copy the exports stay where they are, and their calls
 * (and those of the copy) to one another go to the copy in .text: each
 * export that calls another takes the callee's code into its program.
 * Without, they move: the section becomes one that libbpf's linker
 * ignores.  0, or a negative errno with the reason in @why.
 */
int bpflib_elf_exports_to_text(struct bpflib_elf *e, bool copy, char *why, size_t why_sz);

/*
 * Rename the exports' section ("freplace") to @name, in the section name
 * table and in the .BTF.ext records that name it: 0, or a negative errno.
 */
int bpflib_elf_exports_rename(struct bpflib_elf *e, const char *name);

#endif /* __BPFLIB_OBJEDIT_H */
