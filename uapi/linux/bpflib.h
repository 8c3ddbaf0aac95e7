/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * bpflib: a registry of loadable BPF function libraries.
 *
 * User space talks to the registry through ioctl()s on /dev/bpflib.
 *
 * Model
 * -----
 * A *library* has a name, a version and a set of exported *functions*.
 * Each function is implemented, once per consumer program type, by a
 * BPF_PROG_TYPE_EXT program that the verifier checked as a global function
 * when it was loaded.  A *consumer* is a BPF program with a global stub
 * function per import; *linking* it means creating an freplace link
 * (BPF_LINK_CREATE with target_fd and target_btf_id) from the library's
 * EXT program to the stub, and handing that link to the registry.  The
 * kernel re-checks the prototype on that link; nothing is re-verified.
 *
 * The registry may keep the library's object file (BPFLIB_IOC_LIB_ADD.obj),
 * so that when a consumer of a type the library does not serve yet comes,
 * the library can be verified for that type then, from the kept copy,
 * and its new functions added (BPFLIB_IOC_FUNCS_ADD): instantiation on
 * demand.  The new functions share the library's maps.
 *
 * Lifetimes
 * ---------
 * The registry holds a reference on every EXT program of a library, on the
 * program each was loaded against (its host, which the kernel itself lets
 * go at the first link), and on every link handed to it.  A link holds its consumer; the registry drops
 * a consumer's links (and so the consumer) once nothing but those links
 * holds the consumer any more.  A library cannot be deleted while links
 * into it exist (EBUSY).
 *
 * Who may change what
 * -------------------
 * Commands that change the registry need CAP_BPF or CAP_SYS_ADMIN in the
 * initial user namespace (EPERM), so callers in other user namespaces may
 * only read.  Beyond that, a library name belongs to the effective uid
 * that registered its first version, for as long as any version of it is
 * registered: only that uid may add versions of the name (so nobody else
 * can shadow it with a newer minor version) or delete them, and a
 * consumer's links belong to the uid that handed over the first of them:
 * only that uid may add links into it or drop them.  A caller with
 * CAP_SYS_ADMIN in the initial user namespace may do all of these.
 * Otherwise EACCES.
 *
 * Conventions
 * -----------
 * - Every command takes a pointer to its struct; the struct size is the
 *   size encoded in the command number (_IOC_SIZE), so a caller built
 *   against an older or newer header keeps working: a smaller struct is
 *   zero-extended, a larger one is accepted only if the bytes this module
 *   does not know are zero (E2BIG otherwise).  A struct smaller than the
 *   first published version is rejected with EINVAL.
 * - Arrays passed by pointer carry their element size (*_rec_size) with
 *   the same rules per element; an element size above the page size is
 *   refused with E2BIG.
 * - Names are NUL-terminated within their field and use only the ASCII
 *   characters given for each (EINVAL otherwise).
 * - Unknown flags and non-zero reserved fields are rejected with EINVAL.
 *   Fields marked "out" are ignored on input, so a struct the module
 *   filled in can be passed again as it is.
 * - A command either fails and changes nothing, or succeeds.  One that
 *   changes the registry copies its answer back before it makes the
 *   change, so a caller that cannot take the answer gets EFAULT and
 *   nothing changed.  A command may fail with EINTR if the caller is
 *   killed while it waits for the registry.
 * - An unknown command returns ENOTTY.
 */
#ifndef _UAPI_LINUX_BPFLIB_H
#define _UAPI_LINUX_BPFLIB_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define BPFLIB_DEVICE_NAME	"bpflib"

/* Longest library or function name, including the terminating NUL. */
#define BPFLIB_NAME_LEN		64

/* Most functions (counting each program type separately) in one library. */
#define BPFLIB_MAX_FUNCS	512

/* Largest library object the registry keeps (BPFLIB_IOC_LIB_ADD.obj). */
#define BPFLIB_MAX_OBJ_SIZE	(16U << 20)

/* Most maps the registry keeps for one library (BPFLIB_IOC_LIB_ADD.maps). */
#define BPFLIB_MAX_MAPS		256

/**
 * struct bpflib_version - a library version, compared field by field
 * @major: incompatible changes; an import asks for one exact major
 * @minor: compatible additions; an import asks for at least this minor
 * @patch: fixes; not considered when resolving an import
 * @__pad: must be zero
 */
struct bpflib_version {
	__u16 major;
	__u16 minor;
	__u16 patch;
	__u16 __pad;
};

/**
 * struct bpflib_func_desc - one function of a library being added
 * @name: exported name, a C identifier, NUL-terminated; the program's
 *	own name (which the kernel keeps to 15 characters) must be a
 *	prefix of it
 * @prog_fd: BPF_PROG_TYPE_EXT program that implements it, JITed, with
 *	BTF.  The program type and expected attach type it was loaded for
 *	are the consumer types it serves.
 * @flags: must be zero
 */
struct bpflib_func_desc {
	char name[BPFLIB_NAME_LEN];
	__u32 prog_fd;
	__u32 flags;
};

/**
 * struct bpflib_lib_add - BPFLIB_IOC_LIB_ADD argument
 * @name: library name: [A-Za-z0-9_.-], NUL-terminated, not empty
 * @version: library version; (name, version) must be unique (EEXIST)
 * @flags: must be zero
 * @nr_funcs: number of entries at @funcs, 1..BPFLIB_MAX_FUNCS
 * @func_rec_size: sizeof(struct bpflib_func_desc) as the caller knows it
 * @funcs: user pointer to @nr_funcs struct bpflib_func_desc
 * @lib_id: out: id of the new library, never reused while loaded
 * @__reserved: must be zero
 * @obj: user pointer to the ELF object the functions were loaded from, or
 *	0.  The registry keeps a copy (charged to the caller's memory cgroup)
 *	for as long as the library is loaded, so that the library can be
 *	verified for more consumer types later without the file
 *	(BPFLIB_IOC_LIB_OBJ, BPFLIB_IOC_FUNCS_ADD).  It must start with the
 *	ELF magic (EINVAL).
 * @obj_size: bytes at @obj, at most BPFLIB_MAX_OBJ_SIZE (E2BIG); 0 with
 *	@obj 0
 * @__reserved2: must be zero
 * @maps: user pointer to @nr_maps __u32 map fds, or 0: the library's maps
 *	(those its functions use; EINVAL for any other), which the registry
 *	keeps so that it can hand them to the library's owner later
 *	(BPFLIB_IOC_FD_GET), for instances and static consumers to share.
 *	New in 0.7.0.
 * @nr_maps: entries at @maps, at most BPFLIB_MAX_MAPS (E2BIG); 0 with
 *	@maps 0
 * @__reserved3: must be zero
 *
 * The registry takes its own reference on every program; the caller may
 * close its fds afterwards.  The (name, program type, attach type) of the
 * functions must be unique within the library (EINVAL), and a program can
 * be one function of one library only (EBUSY if it is a function of a
 * registered library already, or appears twice).  EACCES if another uid
 * owns the name (see above).  Links the caller makes from these programs
 * itself are its own business: the registry only knows the links handed
 * to it with BPFLIB_IOC_LINK_ADD.  A program recorded as a consumer cannot
 * be the target a function was loaded against (EBUSY).  EDQUOT beyond the
 * owner's quota of libraries (module parameter max_libs_per_uid).  The
 * registry's memory is charged to the caller's memory cgroup.
 */
struct bpflib_lib_add {
	char name[BPFLIB_NAME_LEN];
	struct bpflib_version version;
	__u32 flags;
	__u32 nr_funcs;
	__u32 func_rec_size;
	__u32 lib_id;
	__aligned_u64 funcs;
	__u64 __reserved;
	__aligned_u64 obj;
	__u32 obj_size;
	__u32 __reserved2;
	__aligned_u64 maps;
	__u32 nr_maps;
	__u32 __reserved3;
};

/* The first published size of struct bpflib_lib_add, without @obj. */
#define BPFLIB_LIB_ADD_SIZE_VER0	104
/* Its size in 0.2 to 0.6, without @maps. */
#define BPFLIB_LIB_ADD_SIZE_VER1	120

/**
 * struct bpflib_funcs_add - BPFLIB_IOC_FUNCS_ADD argument
 * @lib_id: a loaded library
 * @flags: must be zero
 * @nr_funcs: number of entries at @funcs, at least 1, and at most
 *	BPFLIB_MAX_FUNCS in the library afterwards (E2BIG)
 * @func_rec_size: sizeof(struct bpflib_func_desc) as the caller knows it
 * @funcs: user pointer to @nr_funcs struct bpflib_func_desc
 * @__reserved: must be zero
 *
 * Adds functions to a library for consumer types it does not serve yet:
 * the library's own object (BPFLIB_IOC_LIB_OBJ) loaded for another type.
 * Each must be an instance of one of the library's functions: the same
 * name, the same program tag (a digest of the instructions the verifier
 * was given, map references left out), and only maps that the library's
 * functions use (EINVAL otherwise); EEXIST if a function of that name
 * serves that consumer type already.  Ownership as for BPFLIB_IOC_LIB_ADD:
 * the uid the name belongs to, or an administrator (EACCES).  ELOOP if a
 * new function is a static consumer (BPFLIB_IOC_STATIC_ADD) of this library
 * or of one that uses it: the library would hold itself.  All are added or
 * none.
 */
struct bpflib_funcs_add {
	__u32 lib_id;
	__u32 flags;
	__u32 nr_funcs;
	__u32 func_rec_size;
	__aligned_u64 funcs;
	__u64 __reserved;
};

/**
 * struct bpflib_lib_obj - BPFLIB_IOC_LIB_OBJ argument
 * @lib_id: a loaded library
 * @flags: must be zero
 * @size: in: room at @buf; out: size of the object the registry keeps,
 *	0 if it keeps none
 * @__reserved: must be zero
 * @buf: user pointer to @size bytes, or 0 to ask for the size only
 *
 * Copies min(room, size) bytes of the library's object to @buf.  ENOENT
 * if there is no such library.
 */
struct bpflib_lib_obj {
	__u32 lib_id;
	__u32 flags;
	__u32 size;
	__u32 __reserved;
	__aligned_u64 buf;
};

/**
 * struct bpflib_lib_del - BPFLIB_IOC_LIB_DEL argument
 * @lib_id: library to delete
 * @flags: must be zero
 *
 * Fails with EBUSY while any consumer is linked to the library, ENOENT if
 * there is no such library, EACCES if another uid owns it.
 */
struct bpflib_lib_del {
	__u32 lib_id;
	__u32 flags;
};

/*
 * Resolve for the program BPFLIB_LOOKUP.consumer_fd refers to: its expected
 * attach type replaces @attach_type (the program must be of @prog_type).
 */
#define BPFLIB_LOOKUP_F_CONSUMER	(1U << 0)
/*
 * Only the version @version names, major, minor and patch: for moving a
 * consumer to an older version (bpflib prog upgrade ... use NAME@VERSION).
 */
#define BPFLIB_LOOKUP_F_EXACT		(1U << 1)
#define BPFLIB_LOOKUP_F_ALL		(BPFLIB_LOOKUP_F_CONSUMER | BPFLIB_LOOKUP_F_EXACT)

/**
 * struct bpflib_lookup - BPFLIB_IOC_LOOKUP argument
 * @lib_name: in: library name
 * @func_name: in: function name
 * @version: in: wanted version: same major, and no older than this (with
 *	BPFLIB_LOOKUP_F_EXACT: this one)
 * @flags: in: BPFLIB_LOOKUP_F_*
 * @consumer_fd: in: with BPFLIB_LOOKUP_F_CONSUMER, the consumer program
 * @prog_type: in: the consumer's program type (enum bpf_prog_type)
 * @attach_type: in: the consumer's expected attach type; out with
 *	BPFLIB_LOOKUP_F_CONSUMER, also when the lookup fails with ENOENT (the
 *	struct is then copied back as well), so that the caller knows which
 *	consumer type to add to a library (BPFLIB_IOC_FUNCS_ADD)
 * @lib_id: out: library that provides the function
 * @prog_id: out: id of the EXT program to link
 * @found: out: version of that library
 * @func_idx: out: index of the function in the library's function array,
 *	for BPFLIB_IOC_FD_GET (new in 0.7.0)
 * @__reserved: must be zero
 *
 * The newest matching version that provides the function for that program
 * type and expected attach type wins.  ENOENT if there is none.  The flag
 * is new in 0.6.0: an older module fails it with EINVAL.
 */
struct bpflib_lookup {
	char lib_name[BPFLIB_NAME_LEN];
	char func_name[BPFLIB_NAME_LEN];
	struct bpflib_version version;
	__u32 flags;
	__u32 consumer_fd;
	__u32 prog_type;
	__u32 attach_type;
	__u32 lib_id;
	__u32 prog_id;
	struct bpflib_version found;
	__u32 func_idx;
	__u32 __reserved;
};

/* The size of struct bpflib_lookup before 0.7.0, without @func_idx. */
#define BPFLIB_LOOKUP_SIZE_VER0	168

/**
 * struct bpflib_link_add - BPFLIB_IOC_LINK_ADD argument
 * @link_fd: an freplace link whose program is a function of a registered
 *	library and whose target is a consumer's import
 * @flags: must be zero
 * @link_id: out: id of that link
 * @consumer_id: out: program id of the consumer
 *
 * The registry takes a reference on the link and keeps it until the
 * consumer is released by everything else, or BPFLIB_IOC_UNLINK.  The
 * caller should close its own fd: a link that user space still holds
 * keeps its consumer registered.  EEXIST if the registry holds it already,
 * ENOENT if its program is no library's function, EACCES if another uid
 * linked the consumer, EINVAL if the consumer is a program a library was
 * verified against (a host), EDQUOT beyond the consumer owner's quota
 * (module parameter max_records_per_uid).
 */
struct bpflib_link_add {
	__u32 link_fd;
	__u32 flags;
	__u32 link_id;
	__u32 consumer_id;
};

/**
 * struct bpflib_unlink - BPFLIB_IOC_UNLINK argument
 * @consumer_id: program id of a linked consumer
 * @flags: must be zero
 *
 * Drops every link the registry holds into that consumer: its imports go
 * back to their stubs once the kernel releases the links.  ENOENT if the
 * registry holds no link into it, EACCES if another uid linked it.
 */
struct bpflib_unlink {
	__u32 consumer_id;
	__u32 flags;
};

/**
 * struct bpflib_static_add - BPFLIB_IOC_STATIC_ADD argument
 * @prog_fd: a loaded program with the code of a library function linked
 *	into it before it was loaded (statically): the consumer
 * @prog_type: its program type
 * @lib_id: the library the code came from
 * @btf_id: the function's type id in the consumer's BTF
 * @func_name: the library's function
 * @flags: must be zero
 * @consumer_id: out: the consumer's program id
 * @__reserved: must be zero
 *
 * Records a statically linked consumer so that the library is not
 * unloaded under it and BPFLIB_IOC_LIB_INFO lists it: as a link record
 * with link_id 0 (and func_idx BPFLIB_FUNC_IDX_NONE if the library serves
 * no program type with @func_name: a copy can serve any).  The registry
 * holds a reference on the program until nothing else does, or
 * BPFLIB_IOC_UNLINK; the program runs the code it was loaded with either
 * way.  The consumer may be an extension that holds library code (one
 * xdp-loader loaded), or the function of another library that uses this
 * one (its code linked in when it was loaded): a library that uses others
 * records each of its functions so, and the libraries it uses cannot be
 * unloaded before it.  @btf_id must be one of the program's own functions
 * (its BTF func_info), each recorded once, so a program holds at most one
 * record per function it has.  Only the library's owner or an
 * administrator may record consumers of it (EACCES): a static consumer
 * shares the library's maps, which are the owner's.  EINVAL for a program
 * of another type than @prog_type, a @btf_id that is none of its
 * functions, a function of library @lib_id itself, or a program bpflib
 * verifies a library against (a host); ELOOP if the program is a function
 * of a library that library @lib_id uses, directly or through others;
 * ENOENT if there is no such live library, EEXIST if the function or
 * @btf_id is recorded for the program already, EACCES if another uid
 * linked it, EDQUOT beyond the uid's quota (module parameter
 * max_records_per_uid).
 */
struct bpflib_static_add {
	__u32 prog_fd;
	__u32 prog_type;
	__u32 lib_id;
	__u32 btf_id;
	char func_name[BPFLIB_NAME_LEN];
	__u32 flags;
	__u32 consumer_id;
	__u32 __reserved[2];
};

/**
 * struct bpflib_func_info - one function, as reported by BPFLIB_IOC_LIB_INFO
 * @name: exported name
 * @prog_id: id of the EXT program implementing it
 * @prog_type: consumer program type it serves
 * @attach_type: consumer expected attach type it serves
 * @btf_id: type id of the function in the program's BTF
 * @nr_links: consumer imports linked to it
 */
struct bpflib_func_info {
	char name[BPFLIB_NAME_LEN];
	__u32 prog_id;
	__u32 prog_type;
	__u32 attach_type;
	__u32 btf_id;
	__u32 nr_links;
	__u32 __pad;
};

/**
 * struct bpflib_link_info - one link, as reported by BPFLIB_IOC_LIB_INFO
 * @link_id: id of the freplace link, or 0 for a consumer that holds a copy
 *	of the function's code (BPFLIB_IOC_STATIC_ADD)
 * @consumer_id: program id of the consumer
 * @consumer_btf_id: type id of the import in the consumer's BTF
 * @func_idx: index of the function in the library's function array, or
 *	BPFLIB_FUNC_IDX_NONE for a copy of a function the library serves no
 *	program type with
 * @func_name: the function's name (since 0.4: callers with 16-byte
 *	records get the fields above)
 */
struct bpflib_link_info {
	__u32 link_id;
	__u32 consumer_id;
	__u32 consumer_btf_id;
	__u32 func_idx;
	char func_name[BPFLIB_NAME_LEN];
};

#define BPFLIB_FUNC_IDX_NONE	0xffffffffU
/* The size of the first struct bpflib_link_info, still accepted. */
#define BPFLIB_LINK_INFO_SIZE_VER0	16

/* Return the first library with an id greater than @lib_id. */
#define BPFLIB_INFO_F_NEXT	(1U << 0)
#define BPFLIB_INFO_F_ALL	(BPFLIB_INFO_F_NEXT)

/**
 * struct bpflib_lib_info - BPFLIB_IOC_LIB_INFO argument
 * @lib_id: in: library to describe (0 with BPFLIB_INFO_F_NEXT: the first);
 *	out: the library described
 * @flags: in: BPFLIB_INFO_F_*
 * @name: out: library name
 * @version: out: library version
 * @nr_funcs: in: room at @funcs; out: functions of the library
 * @func_rec_size: in: sizeof(struct bpflib_func_info) as the caller knows it
 * @funcs: in: user pointer to room for @nr_funcs records, or 0
 * @nr_links: in: room at @links; out: links into the library
 * @link_rec_size: in: sizeof(struct bpflib_link_info) as the caller knows it,
 *	at least BPFLIB_LINK_INFO_SIZE_VER0
 * @links: in: user pointer to room for @nr_links records, or 0
 * @nr_consumers: out: distinct consumer programs linked to the library
 * @obj_size: out: size of the object the registry keeps for the library
 *	(BPFLIB_IOC_LIB_OBJ), 0 if none
 * @nr_maps: out: maps the registry keeps for the library
 *	(BPFLIB_IOC_FD_GET with BPFLIB_FD_F_MAP); new in 0.7.0
 * @owner: out: the uid the library's name belongs to, in the initial user
 *	namespace; new in 0.7.0
 *
 * Fills min(room, total) records of each array and reports the totals, so
 * a caller can ask once with no room and again with enough.  ENOENT when
 * there is no (next) library.
 */
struct bpflib_lib_info {
	__u32 lib_id;
	__u32 flags;
	char name[BPFLIB_NAME_LEN];
	struct bpflib_version version;
	__u32 nr_funcs;
	__u32 func_rec_size;
	__aligned_u64 funcs;
	__u32 nr_links;
	__u32 link_rec_size;
	__aligned_u64 links;
	__u32 nr_consumers;
	__u32 obj_size;
	__u32 nr_maps;
	__u32 owner;
};

/* The size of struct bpflib_lib_info before 0.7.0, without @nr_maps. */
#define BPFLIB_LIB_INFO_SIZE_VER0	120

/* BPFLIB_IOC_FD_GET: a map of the library, not a function's program. */
#define BPFLIB_FD_F_MAP		(1U << 0)
#define BPFLIB_FD_F_ALL		(BPFLIB_FD_F_MAP)

/**
 * struct bpflib_fd_get - BPFLIB_IOC_FD_GET argument
 * @lib_id: in: a loaded library
 * @flags: in: BPFLIB_FD_F_*
 * @idx: in: index of the function in the library's function array (as
 *	BPFLIB_IOC_LIB_INFO reports them), or with BPFLIB_FD_F_MAP of the map,
 *	below BPFLIB_IOC_LIB_INFO's @nr_maps
 * @fd: out: a new file descriptor (close-on-exec) for the function's
 *	BPF_PROG_TYPE_EXT program, or for the map
 *
 * The registry's own file of the program or map, as the library's loader
 * handed it over, so callers that may not take BPF objects by id
 * (BPF_PROG_GET_FD_BY_ID needs CAP_SYS_ADMIN) can link to a library's
 * functions and share its maps.  A function's program: any caller allowed
 * to change the registry (to link consumers to it).  A map: only the
 * library's owner or an administrator (EACCES), since whoever holds a map
 * can change the library's state.  ENOENT if there is no such library,
 * function or map.  New in 0.7.0.
 */
struct bpflib_fd_get {
	__u32 lib_id;
	__u32 flags;
	__u32 idx;
	__s32 fd;
};

#define BPFLIB_IOC_MAGIC	0xBB

#define BPFLIB_IOC_LIB_ADD	_IOWR(BPFLIB_IOC_MAGIC, 0x01, struct bpflib_lib_add)
#define BPFLIB_IOC_LIB_DEL	_IOW(BPFLIB_IOC_MAGIC, 0x02, struct bpflib_lib_del)
#define BPFLIB_IOC_LOOKUP	_IOWR(BPFLIB_IOC_MAGIC, 0x03, struct bpflib_lookup)
#define BPFLIB_IOC_LINK_ADD	_IOWR(BPFLIB_IOC_MAGIC, 0x04, struct bpflib_link_add)
#define BPFLIB_IOC_UNLINK	_IOW(BPFLIB_IOC_MAGIC, 0x05, struct bpflib_unlink)
#define BPFLIB_IOC_LIB_INFO	_IOWR(BPFLIB_IOC_MAGIC, 0x06, struct bpflib_lib_info)
#define BPFLIB_IOC_FUNCS_ADD	_IOW(BPFLIB_IOC_MAGIC, 0x07, struct bpflib_funcs_add)
#define BPFLIB_IOC_LIB_OBJ	_IOWR(BPFLIB_IOC_MAGIC, 0x08, struct bpflib_lib_obj)
#define BPFLIB_IOC_STATIC_ADD	_IOWR(BPFLIB_IOC_MAGIC, 0x09, struct bpflib_static_add)
#define BPFLIB_IOC_FD_GET	_IOWR(BPFLIB_IOC_MAGIC, 0x0a, struct bpflib_fd_get)

#endif /* _UAPI_LINUX_BPFLIB_H */
