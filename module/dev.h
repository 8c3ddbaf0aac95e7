/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFLIB_DEV_H
#define _BPFLIB_DEV_H

int bpflib_dev_init(void);
void bpflib_dev_exit(void);
int bpflib_proc_init(void);
void bpflib_proc_exit(void);

#endif /* _BPFLIB_DEV_H */
