// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpflib gen: files made from what the registry holds. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/*
 * gen object OUT FILE: FILE with the code of the libraries it imports
 * linked in, for loaders that cannot link (xdp-loader), as bpftool's
 * "gen object" links object files.
 */
static int gen_object(struct cli *c, int argc, char **argv)
{
	char text[512];
	int n;

	if (argc != 2)
		return fail(c, "gen object OUT FILE: the object to write, and the consumer object to link");
	libbpf_log_reset();
	n = bpflib_object__write_linked(c->reg, argv[1], argv[0], NULL);
	if (n < 0)
		return fail_libbpf(c, "%s", bpflib_registry__errstr(c->reg));
	snprintf(text, sizeof(text),
		 "wrote %s: %s with the code of %d librar%s linked in (with maps of its own, not the loaded librar%s); load it with any loader, then 'bpflib prog link id ID' records it",
		 argv[0], argv[1], n, n == 1 ? "y" : "ies", n == 1 ? "y's" : "ies'");
	report(c, "libraries", n, text);
	return 0;
}

static const struct cmd gen_cmds[] = {
	{ "object", gen_object }, { NULL, NULL },
};

int do_gen(struct cli *c, int argc, char **argv)
{
	if (!argc)
		return fail(c, "gen needs a command: object; see bpflib --help");
	return dispatch(c, "gen", gen_cmds, argc, argv);
}
