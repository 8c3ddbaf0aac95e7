/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What the files of the bpflib command-line tool share. */
#ifndef __BPFLIB_CLI_H
#define __BPFLIB_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>
#include <bpflib/bpflib.h>

#include "json.h"

/* The Makefile's VERSION. */
#ifndef BPFLIB_VERSION
#define BPFLIB_VERSION "unknown"
#endif

struct cli {
	struct bpflib_registry *reg;
	const char *dev;
	bool json;
	bool verbose;
	struct json j;
};

/* One verb of an object: "library load", "prog show", ... */
struct cmd {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
};

int do_library(struct cli *c, int argc, char **argv);
int do_prog(struct cli *c, int argc, char **argv);
int do_gen(struct cli *c, int argc, char **argv);
/* Does "gen ARGS" need the registry device? */
bool gen_needs_registry(int argc, char **argv);

/*
 * Report an error as the output format wants it, with what libbpf warned
 * of since the last libbpf_log_reset() when @with_libbpf.  Returns 1.
 */
int fail(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int fail_libbpf(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Forget the libbpf warnings kept so far. */
void libbpf_log_reset(void);
/* What to do about the failure libbpf's last warnings describe, or "". */
const char *libbpf_log_hint(void);
/* libbpf's print callback: keeps warnings for fail_libbpf(), prints with -v. */
void libbpf_log_init(bool verbose);

/* A JSON object with one number, or @text for people. */
void report(struct cli *c, const char *name, __u64 value, const char *text);

bool is(const char *arg, const char *word);
int parse_u32(const char *s, __u32 *v);
/* An error unless every argument was used. */
int no_more_args(struct cli *c, int argc, char **argv);
/* LIBRARY := NAME[@VERSION] | id ID: 0 and the library id, or 1 (reported). */
int parse_library(struct cli *c, int *argc, char ***argv, __u32 *id);
/*
 * PROG := id ID | pinned PATH, and nothing after it: an fd of a BPF
 * program (anything else is refused), or -1 with the error reported.
 */
int parse_last_prog(struct cli *c, int argc, char **argv);
/* Run the verbs of an object; with no verb, "show". */
int dispatch(struct cli *c, const char *what, const struct cmd *cmds, int argc, char **argv);

/* A program's name, "?" if it is gone. */
const char *prog_name(__u32 id, char *buf, size_t size);
const char *map_name(__u32 id, char *buf, size_t size);
/* "xdp", "sched_cls", ...; "xdp", "none", ... for attach types. */
const char *prog_type_str(__u32 type);
const char *attach_type_str(__u32 prog_type, __u32 attach_type);
/* "1.2.3" */
const char *version_str(const struct bpflib_version *v, char *buf, size_t size);

#endif /* __BPFLIB_CLI_H */
