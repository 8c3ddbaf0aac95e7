// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include "json.h"

void json_init(struct json *j, FILE *out, bool pretty)
{
	*j = (struct json){ .out = out, .pretty = pretty, .first = true };
}

/* Separator and indentation before a value or a member name. */
static void json_sep(struct json *j)
{
	if (j->after_name) {
		j->after_name = false;
		return;
	}
	if (!j->first)
		fputc(',', j->out);
	if (j->pretty && j->depth)
		fprintf(j->out, "\n%*s", 4 * j->depth, "");
	j->first = false;
}

static void json_open(struct json *j, char c)
{
	json_sep(j);
	fputc(c, j->out);
	j->depth++;
	j->first = true;
}

static void json_close(struct json *j, char c)
{
	j->depth--;
	if (j->pretty && !j->first)
		fprintf(j->out, "\n%*s", 4 * j->depth, "");
	fputc(c, j->out);
	j->first = false;
}

void json_object_begin(struct json *j) { json_open(j, '{'); }
void json_object_end(struct json *j) { json_close(j, '}'); }
void json_array_begin(struct json *j) { json_open(j, '['); }
void json_array_end(struct json *j) { json_close(j, ']'); }

static void json_quoted(struct json *j, const char *s)
{
	fputc('"', j->out);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(j->out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", j->out);
		else if (c == '\t')
			fputs("\\t", j->out);
		else if (c < 0x20)
			fprintf(j->out, "\\u%04x", c);
		else
			fputc(c, j->out);
	}
	fputc('"', j->out);
}

void json_name(struct json *j, const char *name)
{
	json_sep(j);
	json_quoted(j, name);
	fputs(j->pretty ? ": " : ":", j->out);
	j->after_name = true;
}

void json_string(struct json *j, const char *s)
{
	json_sep(j);
	json_quoted(j, s);
}

void json_uint(struct json *j, unsigned long long v)
{
	json_sep(j);
	fprintf(j->out, "%llu", v);
}

void json_bool(struct json *j, bool v)
{
	json_sep(j);
	fputs(v ? "true" : "false", j->out);
}

void json_member_bool(struct json *j, const char *name, bool v)
{
	json_name(j, name);
	json_bool(j, v);
}

void json_member_string(struct json *j, const char *name, const char *s)
{
	json_name(j, name);
	json_string(j, s);
}

void json_member_uint(struct json *j, const char *name, unsigned long long v)
{
	json_name(j, name);
	json_uint(j, v);
}

void json_end(struct json *j)
{
	fputc('\n', j->out);
}
