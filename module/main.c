// SPDX-License-Identifier: GPL-2.0
/*
 * bpflib: a registry of loadable BPF function libraries.
 *
 * A library's functions are BPF_PROG_TYPE_EXT programs, verified once when
 * the library is loaded; consumers are linked to them with the kernel's
 * own freplace links.  This module only keeps the programs and links
 * alive, names them, and lets them go when nothing needs them.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "compat.h"
#include "dev.h"
#include "registry.h"

module_param_named(gc_interval_ms, bpflib_gc_interval_ms, uint, 0644);
MODULE_PARM_DESC(gc_interval_ms,
		 "How often to release consumers held only by their links (ms, min 10)");
module_param_named(max_libs_per_uid, bpflib_max_libs_per_uid, uint, 0644);
MODULE_PARM_DESC(max_libs_per_uid, "Most libraries one uid may own");
module_param_named(max_records_per_uid, bpflib_max_records_per_uid, uint, 0644);
MODULE_PARM_DESC(max_records_per_uid,
		 "Most links and static records the consumers of one uid may hold");

static int __init bpflib_init(void)
{
	int err;

	err = bpflib_proc_init();
	if (err)
		return err;
	err = bpflib_dev_init();
	if (err)
		goto remove_proc;
	return 0;

remove_proc:
	bpflib_proc_exit();
	return err;
}

static void __exit bpflib_exit(void)
{
	bpflib_dev_exit();
	bpflib_proc_exit();
	bpflib_registry_exit();
}

module_init(bpflib_init);
module_exit(bpflib_exit);

BPFLIB_IMPORT_NS();
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Registry of loadable BPF function libraries");
MODULE_AUTHOR("bpflib developers");
/* The one version of bpflib: the Makefile, dkms.conf and debian/changelog agree. */
MODULE_VERSION("0.7.0");
