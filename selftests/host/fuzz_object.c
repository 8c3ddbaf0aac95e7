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

/* Refused without a reason: a finding. */
static void check(int err, const struct bpflib_registry *reg)
{
	if (err && !reg->errstr[0])
		__builtin_trap();
}

/*
 * Every way bpflib reads an object without the kernel: a library file,
 * the copy the registry keeps, a consumer for dynamic and static linking,
 * gen header.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpflib_registry reg = { .fd = -1 };
	LIBBPFLIB_OPTS(bpflib_header_opts, ho);
	LIBBPFLIB_OPTS(bpflib_open_opts, oo);
	struct bpflib_meta meta;
	struct bpf_object *obj;
	char path[64], file[32];
	int fd, mfd, err;
	FILE *null;

	libbpf_set_print(quiet);
	fd = memfd_create("fuzz", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	check(bpflib_library_check(&reg, path, &meta, true), &reg);
	reg.errstr[0] = '\0';
	mfd = bpflib_lib_memfd(&reg, "kept", data, size, file, sizeof(file));
	check(mfd < 0 ? mfd : 0, &reg);
	if (mfd >= 0)
		close(mfd);
	for (oo.mode = BPFLIB_LINK_DYNAMIC; ; oo.mode = BPFLIB_LINK_STATIC) {
		reg.errstr[0] = '\0';
		obj = bpflib_object__open_file(&reg, path, &oo);
		err = obj ? 0 : -errno;
		bpf_object__close(obj);
		check(err, &reg);
		if (oo.mode == BPFLIB_LINK_STATIC)
			break;
	}
	null = fopen("/dev/null", "w");
	if (null) {
		reg.errstr[0] = '\0';
		ho.path = path;
		err = bpflib_gen_header(&reg, null, &ho);
		check(err < 0 ? err : 0, &reg);
		fclose(null);
	}
	close(fd);
	return 0;
}
