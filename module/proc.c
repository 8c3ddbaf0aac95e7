// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/bpflib: a read-only text view of the registry, one library per
 * "library" line followed by its functions and the consumers linked to it.
 * The format is for people; programs use BPFLIB_IOC_LIB_INFO.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "dev.h"
#include "registry.h"

static int bpflib_proc_show(struct seq_file *m, void *v)
{
	bpflib_registry_show(m);
	return 0;
}

int bpflib_proc_init(void)
{
	return proc_create_single(BPFLIB_DEVICE_NAME, 0400, NULL,
				  bpflib_proc_show) ? 0 : -ENOMEM;
}

void bpflib_proc_exit(void)
{
	remove_proc_entry(BPFLIB_DEVICE_NAME, NULL);
}
