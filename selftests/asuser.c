// SPDX-License-Identifier: GPL-2.0
/*
 * asuser UID CAP[,CAP...] COMMAND [ARG...]: run COMMAND as user and group
 * UID with exactly the capabilities named (bpf, perfmon, net_admin,
 * sys_admin; "none" for none), kept across exec as ambient capabilities,
 * the way systemd's User= and AmbientCapabilities= start a service.  The
 * command-line tests use it to be the service user the README names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

static const struct {
	const char *name;
	int cap;
} caps[] = {
	{ "bpf", CAP_BPF },
	{ "perfmon", CAP_PERFMON },
	{ "net_admin", CAP_NET_ADMIN },
	{ "sys_admin", CAP_SYS_ADMIN },
};

int main(int argc, char **argv)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = {};
	unsigned long long want = 0;
	char *list, *name;
	unsigned int uid;
	size_t i;

	if (argc < 4) {
		fprintf(stderr, "usage: asuser UID CAP[,CAP...]|none COMMAND [ARG...]\n");
		return 2;
	}
	uid = strtoul(argv[1], NULL, 0);
	list = argv[2];
	while (strcmp(argv[2], "none") && (name = strsep(&list, ","))) {
		for (i = 0; i < sizeof(caps) / sizeof(caps[0]) && strcmp(caps[i].name, name); i++)
			;
		if (i == sizeof(caps) / sizeof(caps[0])) {
			fprintf(stderr, "asuser: unknown capability '%s'\n", name);
			return 2;
		}
		want |= 1ULL << caps[i].cap;
	}
	data[0].effective = data[0].permitted = data[0].inheritable = (__u32)want;
	data[1].effective = data[1].permitted = data[1].inheritable = (__u32)(want >> 32);
	if (prctl(PR_SET_KEEPCAPS, 1) || setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid) || syscall(SYS_capset, &hdr, data)) {
		perror("asuser");
		return 2;
	}
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if ((want & (1ULL << caps[i].cap)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, caps[i].cap, 0, 0)) {
			perror("asuser: ambient");
			return 2;
		}
	execvp(argv[3], argv + 3);
	perror(argv[3]);
	return 127;
}
