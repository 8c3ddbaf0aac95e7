// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * For static executables built against Debian 13's libelf.a (elfutils
 * 0.192): its elf_begin.o and elf_end.o call eu_search_tree_init() and
 * eu_search_tree_fini() of elfutils' private libeu, which the archive does
 * not contain (sourceware bug 32293, fixed in elfutils 0.193), so nothing
 * that uses libelf links statically.  Debian builds elfutils without
 * thread safety (its libelf.a calls no pthread function): the tree is a
 * root pointer and an unused lock, and these are all the two do there.
 * Weak, so that an archive that has them wins.  make USERLAND=trixie links
 * this into the static executables only, never into libbpflib.
 */
#include <search.h>
#include <stddef.h>

struct eu_search_tree {
	void *root;
	int lock;	/* rwlock_define() without USE_LOCKS */
};

void eu_search_tree_init(struct eu_search_tree *tree);
void eu_search_tree_fini(struct eu_search_tree *tree, void (*free_node)(void *));

__attribute__((weak)) void eu_search_tree_init(struct eu_search_tree *tree)
{
	tree->root = NULL;
}

__attribute__((weak)) void eu_search_tree_fini(struct eu_search_tree *tree,
					      void (*free_node)(void *))
{
	tdestroy(tree->root, free_node);
}
