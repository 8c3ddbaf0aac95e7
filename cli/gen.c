// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* bpflib gen: files made from libraries and what the registry holds. */
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

/*
 * gen header { FILE | library LIBRARY }: the header a library's consumers
 * include, on stdout, as bpftool's "gen skeleton" writes a skeleton.
 */
static int gen_header(struct cli *c, int argc, char **argv)
{
	LIBBPFLIB_OPTS(bpflib_header_opts, opts);
	__u32 id;

	if (argc && is(argv[0], "library")) {
		argc--;
		argv++;
		if (parse_library(c, &argc, &argv, &id) || no_more_args(c, argc, argv))
			return 1;
		opts.lib_id = id;
	} else if (argc == 1) {
		opts.path = argv[0];
	} else {
		return fail(c, "gen header { FILE | library LIBRARY }: a library object, or a loaded library");
	}
	libbpf_log_reset();
	if (bpflib_gen_header(c->reg, stdout, &opts) < 0)
		return fail_libbpf(c, "%s", bpflib_registry__errstr(c->reg));
	return 0;
}

static const struct cmd gen_cmds[] = {
	{ "object", gen_object }, { "header", gen_header }, { NULL, NULL },
};

/* gen header FILE needs no registry: a build machine may have no module. */
bool gen_needs_registry(int argc, char **argv)
{
	return !(argc == 2 && is(argv[0], "header") && !is(argv[1], "library"));
}

int do_gen(struct cli *c, int argc, char **argv)
{
	if (!argc)
		return fail(c, "gen needs a command: object, header; see bpflib --help");
	return dispatch(c, "gen", gen_cmds, argc, argv);
}
