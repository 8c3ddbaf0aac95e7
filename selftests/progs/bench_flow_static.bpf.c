// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The XDP flow counter of examples/ with libnet compiled in rather than
 * linked: what bench compares the linked consumer against.
 */
#define BPFLIB_STATIC_LINK
#include "libnet/libnet.bpf.c"
#include "xdp_flow.bpf.c"
