#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The bpflib demo, run inside the VM from /payload by `make demo`:
# insert the module, load a library, link two consumers to it, run them on
# real packets, and show the registry along the way.
set -e
export PATH="$PWD/bin:$PATH"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "insmod bpflib.ko"
insmod ./bpflib.ko
ls -l /dev/bpflib

step "bpflib library load bpf/libnet.bpf.o  (each function verified once, per consumer type)"
bpflib library load bpf/libnet.bpf.o

step "bpflib library show"
bpflib library show

step "flowcount: XDP and tc consumers, linked to libnet at load time, counting UDP on lo"
flowcount -i lo -d 3 -g 25 &
pid=$!
sleep 2

step "cat /proc/bpflib  (the registry while the consumers run)"
cat /proc/bpflib

step "bpflib prog show  (who imports what)"
bpflib prog show
wait $pid

step "the consumers have exited: the registry released their links"
bpflib library show

step "bpflib -p library show libnet  (JSON)"
bpflib -p library show libnet

step "bpflib library unload libnet; rmmod bpflib"
bpflib library unload libnet
rmmod bpflib
echo "done"
