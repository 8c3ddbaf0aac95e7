/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A small streaming JSON writer for the CLI's --json output. */
#ifndef __BPFLIB_CLI_JSON_H
#define __BPFLIB_CLI_JSON_H

#include <stdbool.h>
#include <stdio.h>

struct json {
	FILE *out;
	bool pretty;
	int depth;
	bool first;		/* no value yet at this depth */
	bool after_name;	/* a member name was just written */
};

void json_init(struct json *j, FILE *out, bool pretty);
void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
void json_name(struct json *j, const char *name);
void json_string(struct json *j, const char *s);
void json_uint(struct json *j, unsigned long long v);
void json_bool(struct json *j, bool v);
/* A member: name and value in one call. */
void json_member_string(struct json *j, const char *name, const char *s);
void json_member_uint(struct json *j, const char *name, unsigned long long v);
void json_member_bool(struct json *j, const char *name, bool v);
/* Finish the document (a newline). */
void json_end(struct json *j);

#endif /* __BPFLIB_CLI_JSON_H */
