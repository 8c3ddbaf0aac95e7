// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * probe - load probe.bpf.o, link it to the ratelimit library in the
 * bpflib registry, run it on 8 packets and print what it decided.
 *
 *	probe [probe.bpf.o]
 */
#include <stdio.h>
#include <string.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <bpflib/bpflib.h>

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "probe.bpf.o";
	unsigned char pkt[64] = {};
	struct bpflib_registry *reg;
	struct bpf_object *obj;
	int i, n, fd, passed = 0;

	reg = bpflib_registry__open(NULL);
	if (!reg) {
		perror("probe: /dev/bpflib");
		return 1;
	}
	obj = bpf_object__open_file(path, NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "probe: %s: cannot load\n", path);
		return 1;
	}
	n = bpflib_object__link(reg, obj, NULL);
	if (n < 0) {
		fprintf(stderr, "probe: %s\n", bpflib_registry__errstr(reg));
		return 1;
	}
	fd = bpf_program__fd(bpf_object__find_program_by_name(obj, "probe"));
	for (i = 0; i < 8; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, run, .data_in = pkt, .data_size_in = sizeof(pkt));

		if (bpf_prog_test_run_opts(fd, &run)) {
			perror("probe: test run");
			return 1;
		}
		passed += run.retval == XDP_PASS;
	}
	printf("probe: linked %d import, %d of 8 packets passed\n", n, passed);
	bpf_object__close(obj);
	bpflib_registry__close(reg);
	return passed == 5 ? 0 : 1;
}
