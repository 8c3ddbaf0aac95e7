// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * bpflib - command-line tool for the bpflib registry: load and unload
 * libraries, link and unlink consumer programs, show what is loaded,
 * write consumers with their libraries linked in.
 * See bpflib(8).
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: bpflib [OPTIONS] OBJECT COMMAND [ARGS]\n"
		"\n"
		"  bpflib library load FILE [name NAME] [version VERSION] [target SEC]... [strict] [fixed]\n"
		"  bpflib library loadall DIR...\n"
		"  bpflib library instantiate LIBRARY target SEC...\n"
		"  bpflib library unload LIBRARY\n"
		"  bpflib library drain\n"
		"  bpflib library show [LIBRARY]\n"
		"  bpflib prog load FILE pin DIR [static | dynamic] [use NAME@VERSION]... [attach ATTACH]...\n"
		"  bpflib prog upgrade FILE pin DIR [static | dynamic] [use NAME@VERSION]...\n"
		"  bpflib prog detach DIR\n"
		"  bpflib prog link FILE pin DIR [static | dynamic] [use NAME@VERSION]...\n"
		"  bpflib prog link PROG\n"
		"  bpflib prog unlink PROG\n"
		"  bpflib prog show [PROG]\n"
		"  bpflib gen object OUT FILE\n"
		"  bpflib gen header { FILE | library LIBRARY }\n"
		"\n"
		"  LIBRARY := { NAME[@VERSION] | id ID }\n"
		"  PROG    := { id ID | pinned PATH }\n"
		"  ATTACH  := [prog NAME] { { xdp | xdpgeneric | xdpdrv } dev IF | tc { ingress | egress } dev IF |\n"
		"             cgroup PATH | auto }\n"
		"\n"
		"Options:\n"
		"  -j, --json        JSON output\n"
		"  -p, --pretty      indented JSON output (implies --json)\n"
		"  -d, --device PATH the registry device (default /dev/bpflib)\n"
		"  -v, --verbose     libbpf's messages on stderr\n"
		"  -h, --help        this text\n"
		"  -V, --version     the version of bpflib\n"
		"\n"
		"See bpflib(8).\n");
}

static int open_registry(struct cli *c, bool offline)
{
	LIBBPFLIB_OPTS(bpflib_registry_opts, opts, .dev_path = c->dev, .offline = offline);

	c->reg = bpflib_registry__open(&opts);
	if (c->reg)
		return 0;
	/* ENODEV, ENXIO: the node outlived the module for a moment. */
	if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
		return fail(c, "%s: no such device; is the bpflib module loaded? (modprobe bpflib)",
			    c->dev ?: "/dev/bpflib");
	if (errno == EACCES)
		return fail(c, "%s: permission denied; the registry is root's (run as root)",
			    c->dev ?: "/dev/bpflib");
	return fail(c, "%s: %s", c->dev ?: "/dev/bpflib", strerror(errno));
}

static const struct {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
} objects[] = {
	{ "library", do_library },
	{ "lib", do_library },
	{ "prog", do_prog },
	{ "gen", do_gen },
};

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "device", required_argument, NULL, 'd' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli c = {};
	bool pretty = false;
	size_t i;
	int opt, ret;

	/* Options anywhere on the line, as bpftool takes them ("--" ends them). */
	while ((opt = getopt_long(argc, argv, "jpd:vhV", long_opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			c.json = true;
			break;
		case 'p':
			c.json = pretty = true;
			break;
		case 'd':
			c.dev = optarg;
			break;
		case 'v':
			c.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("bpflib %s\n", BPFLIB_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	json_init(&c.j, stdout, pretty);
	libbpf_log_init(c.verbose);

	if (!argc || is(argv[0], "help")) {
		usage(argc ? stdout : stderr);
		return argc ? 0 : 2;
	}
	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (is(argv[0], objects[i].name))
			break;
	if (i == sizeof(objects) / sizeof(objects[0]))
		return fail(&c, "unknown object '%s'; see bpflib --help", argv[0]);
	if (open_registry(&c, objects[i].fn == do_gen &&
				!gen_needs_registry(argc - 1, argv + 1)))
		return 1;
	ret = objects[i].fn(&c, argc - 1, argv + 1);
	bpflib_registry__close(c.reg);
	return ret;
}
