// SPDX-License-Identifier: GPL-2.0
/*
 * mkpins DIR: pin objects of every kind that is not a consumer program
 * under DIR, for the command-line tests to hand to commands that expect a
 * program: DIR/map (an array map) and DIR/link (an XDP link on lo, of a
 * program that passes every packet).  Unpinning them releases them.
 */
#include <stdio.h>
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
	char path[4096];
	int map, prog, link;

	if (argc != 2) {
		fprintf(stderr, "usage: mkpins DIR\n");
		return 2;
	}
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "decoy", 4, 4, 1, NULL);
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
