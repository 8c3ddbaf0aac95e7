// SPDX-License-Identifier: GPL-2.0
/*
 * mkpins DIR [ID]: pin objects of every kind that is not a consumer
 * program under DIR, for the command-line tests to hand to commands that
 * expect a program: DIR/map (an array map, whose id is ID if it can be:
 * map and program ids are separate spaces, so a map taken for a program
 * names the program with its id) and DIR/link (an XDP link on lo, of a
 * program that passes every packet).  Unpinning them releases them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>

int main(int argc, char **argv)
{
	struct bpf_insn pass[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_XDP);
	unsigned int want = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
	struct bpf_map_info info;
	__u32 len;
	char path[4096];
	int map, prog, link, tries;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: mkpins DIR [ID]\n");
		return 2;
	}
	/* Ids only grow: make maps (and keep them, until exit) up to @want. */
	for (tries = 0; tries < 900; tries++) {
		map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "decoy", 4, 4, 1, NULL);
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (map < 0 || bpf_obj_get_info_by_fd(map, &info, &len) || info.id >= want)
			break;
	}
	if (want && info.id != want)
		fprintf(stderr, "mkpins: map id %u, not %u\n", info.id, want);
	prog = bpf_prog_load(BPF_PROG_TYPE_XDP, "pass", "GPL", pass, 2, &opts);
	link = prog < 0 ? -1 : bpf_link_create(prog, 1, BPF_XDP, NULL);
	if (map < 0 || link < 0) {
		perror("mkpins");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/map", argv[1]);
	if (bpf_obj_pin(map, path)) {
		perror(path);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/link", argv[1]);
	if (bpf_obj_pin(link, path)) {
		perror(path);
		return 1;
	}
	return 0;
}
