/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What exportcalls exports. */
#ifndef __EXPORTCALLS_H
#define __EXPORTCALLS_H

#include <bpflib/bpflib.bpf.h>

/* x * 5 + 1, counted in ec_calls */
BPFLIB_IMPORT("exportcalls", "1.0")
__u32 ec_inner(__u32 x)
BPFLIB_STUB(x);

/* ec_inner(x) + 2 */
BPFLIB_IMPORT("exportcalls", "1.0")
__u32 ec_middle(__u32 x)
BPFLIB_STUB(x);

/* ec_middle(x) * 2 + (x ^ 0x5a) */
BPFLIB_IMPORT("exportcalls", "1.0")
__u32 ec_outer(__u32 x)
BPFLIB_STUB(x);

#endif /* __EXPORTCALLS_H */
