// SPDX-License-Identifier: GPL-2.0
/*
 * The consumer's machine code really changes: read the JITed image of the
 * import before linking, after linking and after unlinking, and decode the
 * instruction the kernel patches at the import's entry (x86-64: the 5-byte
 * NOP after ENDBR64 becomes jmp rel32; arm64: the NOP after mov x9, x30
 * becomes b, directly or through the program's PLT).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "helpers.h"
#include "kselftest_harness.h"

struct image {
	__u8 *insns;
	__u32 len;
	__u64 ksyms[16];
	__u32 lens[16];
	struct bpf_func_info finfo[16];
	__u32 nr_funcs;
};

static int read_image(int fd, struct image *im)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	if (info.nr_jited_ksyms > 16 || info.nr_func_info > 16)
		return -E2BIG;
	free(im->insns);
	memset(im, 0, sizeof(*im));
	im->len = info.jited_prog_len;
	im->nr_funcs = info.nr_jited_ksyms;
	im->insns = calloc(1, im->len);
	if (!im->insns)
		return -ENOMEM;
	memset(&info, 0, sizeof(info));
	info.jited_prog_len = im->len;
	info.jited_prog_insns = (__u64)(unsigned long)im->insns;
	info.nr_jited_ksyms = im->nr_funcs;
	info.jited_ksyms = (__u64)(unsigned long)im->ksyms;
	info.nr_jited_func_lens = im->nr_funcs;
	info.jited_func_lens = (__u64)(unsigned long)im->lens;
	info.nr_func_info = im->nr_funcs;
	info.func_info_rec_size = sizeof(im->finfo[0]);
	info.func_info = (__u64)(unsigned long)im->finfo;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	/* Without CAP_SYSLOG under kptr_restrict the kernel zeroes these. */
	return im->ksyms[0] ? 0 : -EPERM;
}

/* The image of function @idx: its address and bytes. */
static const __u8 *func_code(const struct image *im, __u32 idx, __u64 *addr, __u32 *len)
{
	__u32 off = 0, i;

	for (i = 0; i < idx; i++)
		off += im->lens[i];
	*addr = im->ksyms[idx];
	*len = im->lens[idx];
	return im->insns + off;
}

static int func_index(const struct image *im, __u32 btf_id)
{
	__u32 i;

	for (i = 0; i < im->nr_funcs; i++)
		if (im->finfo[i].type_id == btf_id)
			return i;
	return -1;
}

enum patch { PATCH_UNKNOWN, PATCH_NOP, PATCH_JUMP };

/*
 * Decode the patch site at the entry of a function at @addr with code
 * @code: is it the JIT's NOP, or a jump, and where to?
 */
#if defined(__x86_64__)
static enum patch decode_entry(const __u8 *code, __u32 len, __u64 addr, __u64 *target)
{
	static const __u8 endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	static const __u8 nop5[] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
	__u32 at = 0;
	__s32 rel;

	if (len >= 4 && !memcmp(code, endbr64, 4))
		at = 4;
	if (len < at + 5)
		return PATCH_UNKNOWN;
	if (!memcmp(code + at, nop5, 5))
		return PATCH_NOP;
	if (code[at] != 0xe9)	/* jmp rel32 */
		return PATCH_UNKNOWN;
	memcpy(&rel, code + at + 1, 4);
	*target = addr + at + 5 + (__s64)rel;
	return PATCH_JUMP;
}
#elif defined(__aarch64__)
static __u32 insn_at(const __u8 *code, __u32 i)
{
	__u32 insn;

	memcpy(&insn, code + 4 * i, 4);
	return insn;
}

static enum patch decode_entry(const __u8 *code, __u32 len, __u64 addr, __u64 *target)
{
	const __u32 mov_x9_lr = 0xaa1e03e9, add_x9_lr = 0x910003c9, nop = 0xd503201f;
	__u32 i, insn, site = 0;
	__s64 off;

	/* [bti jc], mov x9, x30 (either encoding), then the patch site. */
	for (i = 0; i < 3 && 4 * (i + 2) <= len; i++) {
		if (insn_at(code, i) == mov_x9_lr || insn_at(code, i) == add_x9_lr) {
			site = i + 1;
			break;
		}
	}
	if (!site)
		return PATCH_UNKNOWN;
	insn = insn_at(code, site);
	if (insn == nop)
		return PATCH_NOP;
	if ((insn & 0xfc000000) != 0x14000000)	/* b imm26 */
		return PATCH_UNKNOWN;
	off = (__s64)((__s32)(insn << 6) >> 6) * 4;
	*target = addr + 4 * site + off;
	/*
	 * Out of b's range the kernel jumps to the program's PLT, at the end
	 * of its image: ldr x16, #8; br x16; .quad target.
	 */
	if (*target >= addr && *target + 16 <= addr + len &&
	    insn_at(code, (*target - addr) / 4) == 0x58000050)
		memcpy(target, code + (*target - addr) + 8, 8);
	return PATCH_JUMP;
}
#else
#error "the JIT test knows x86-64 and arm64"
#endif

FIXTURE(jit) {
	struct bpflib_registry *reg;
	struct bpf_ids ids;
	struct bpf_object *obj;
	struct image im;
	int fd, lib;
	__u32 import;		/* index of tl_scale among the consumer's functions */
	__u64 ext_addr;		/* where the library's tl_scale starts */
};

FIXTURE_SETUP(jit)
{
	struct image ext = {};
	int ext_fd, id;

	ASSERT_EQ(0, ids_snapshot(&self->ids));
	self->reg = bpflib_registry__open(NULL);
	ASSERT_NE(NULL, self->reg);
	self->lib = load_lib(self->reg, "testlib_v1_0");
	ASSERT_GT(self->lib, 0);
	self->obj = load_obj("consumer");
	ASSERT_NE(NULL, self->obj);
	self->fd = prog_fd(self->obj, "xdp_scale");
	ASSERT_EQ(0, read_image(self->fd, &self->im));
	id = func_index(&self->im, btf__find_by_name_kind(bpf_object__btf(self->obj),
							  "tl_scale", BTF_KIND_FUNC));
	ASSERT_GT(id, 0);
	self->import = id;

	ext_fd = bpf_prog_get_fd_by_id(lib_func_prog_id(self->reg, self->lib, "tl_scale",
							BPF_PROG_TYPE_XDP));
	ASSERT_GE(ext_fd, 0);
	ASSERT_EQ(0, read_image(ext_fd, &ext));
	self->ext_addr = ext.ksyms[0];
	free(ext.insns);
	close(ext_fd);
}

FIXTURE_TEARDOWN_PARENT(jit)
{
	BPFLIB_TEARDOWN(&self->ids);
}

static enum patch entry(struct __test_metadata *_metadata, FIXTURE_DATA(jit) *self,
			__u64 *target)
{
	const __u8 *code;
	__u64 addr;
	__u32 len;

	enum patch p;
	__u32 w[4] = {};

	EXPECT_EQ(0, read_image(self->fd, &self->im));
	code = func_code(&self->im, self->import, &addr, &len);
	p = decode_entry(code, len, addr, target);
	if (p == PATCH_UNKNOWN) {
		memcpy(w, code, len < sizeof(w) ? len : sizeof(w));
		TH_LOG("cannot decode the entry at %llx (%u bytes): %08x %08x %08x %08x",
		       (unsigned long long)addr, len, w[0], w[1], w[2], w[3]);
	}
	return p;
}

TEST_F(jit, import_entry_jumps_to_the_library)
{
	__u64 target = 0;
	int i;

	EXPECT_EQ(PATCH_NOP, entry(_metadata, self, &target));
	ASSERT_EQ(1, bpflib_prog__link(self->reg, self->fd, NULL));

	ASSERT_EQ(PATCH_JUMP, entry(_metadata, self, &target));
	EXPECT_EQ(self->ext_addr, target)
		TH_LOG("jump to %llx, library function at %llx",
		       (unsigned long long)target, (unsigned long long)self->ext_addr);

	/* Unlinked, the NOP comes back once the kernel releases the link. */
	ASSERT_EQ(0, bpflib_prog__unlink(self->reg, self->fd));
	for (i = 0; i < 100 && entry(_metadata, self, &target) != PATCH_NOP; i++)
		usleep(10000);
	EXPECT_EQ(PATCH_NOP, entry(_metadata, self, &target));
	bpf_object__close(self->obj);
	free(self->im.insns);
}

/* Only the import's entry changes: the rest of the image is untouched. */
TEST_F(jit, only_the_entry_changes)
{
	struct image before = {};
	__u32 i, diff = 0, first = 0, last = 0, off, len;
	__u64 addr, target;

	ASSERT_EQ(0, read_image(self->fd, &before));
	ASSERT_EQ(1, bpflib_prog__link(self->reg, self->fd, NULL));
	ASSERT_EQ(PATCH_JUMP, entry(_metadata, self, &target));
	ASSERT_EQ(before.len, self->im.len);
	for (i = 0; i < before.len; i++) {
		if (before.insns[i] == self->im.insns[i])
			continue;
		if (!diff++)
			first = i;
		last = i;
	}
	off = func_code(&before, self->import, &addr, &len) - before.insns;
	/* One instruction (5 bytes on x86-64, 4 on arm64) in the import's prologue. */
	EXPECT_GT(diff, 0);
	EXPECT_LE(diff, 5);
	EXPECT_GE(first, off);
	EXPECT_LT(last, off + 16);
	free(before.insns);
	bpf_object__close(self->obj);
	free(self->im.insns);
}

TEST_HARNESS_MAIN
