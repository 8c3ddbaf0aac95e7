/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The body of every uplib version; see uplib.h. */
#define BPFLIB_BUILD_LIBRARY
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "uplib.h"

#define __str(x) #x
#define str(x) __str(x)

BPFLIB_LIBRARY("uplib", "1." str(UL_MINOR) ".0");
BPFLIB_TARGET("xdp");
BPFLIB_TARGET("tc");
BPFLIB_TARGET("cgroup_skb/ingress");
BPFLIB_TARGET("tracepoint");
BPFLIB_TARGET("kprobe");

char LICENSE[] SEC("license") = "Dual BSD/GPL";

BPFLIB_EXPORT int up_answer(struct up_out *out)
{
	if (!out)
		return 0;
	out->version = 100 + UL_MINOR;
	out->calls++;
	return 0;
}
