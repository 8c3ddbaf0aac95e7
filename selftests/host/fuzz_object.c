// SPDX-License-Identifier: GPL-2.0
/*
 * A libFuzzer target (clang -fsanitize=fuzzer,address,undefined) over
 * libbpflib's reading of library objects: whatever the bytes, the checks
 * run before the kernel is involved must refuse them with a reason or
 * accept them, without a crash or undefined behaviour.  Seeded with the
 * build's BPF objects; scripts/host-checks runs it for a bounded time.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bpf/libbpf.h>

#include "internal.h"

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpflib_registry reg = { .fd = -1 };
	struct bpflib_meta meta;
	char path[64];
	int fd, err;

	libbpf_set_print(quiet);
	fd = memfd_create("fuzz", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	err = bpflib_library_check(&reg, path, &meta, true);
	if (err && !reg.errstr[0])
		__builtin_trap();	/* refused without a reason */
	close(fd);
	return 0;
}
