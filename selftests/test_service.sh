#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The README's service user, through the command-line tool (TAP): uid
# 1000 with CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON, as systemd's User= and
# AmbientCapabilities= start a service, loads its own library, deploys a
# consumer, upgrades it to a new version, takes it down and unloads, with
# no CAP_SYS_ADMIN; with less, each refusal names what is missing; and
# another uid with the same capabilities may not touch any of it.
export PATH="$PWD/bin:$PATH"
. ./tap.sh
svc="asuser 1000 bpf,net_admin,perfmon"
other="asuser 2000 bpf,net_admin,perfmon"
pins=/sys/fs/bpf/svc

echo "TAP version 13"
echo "1..24"

mkdir -p $pins && chown 1000:1000 $pins
ok $? "root gives the service a directory in bpffs"

refuse "CAP_BPF alone: the capabilities a library needs are named" \
	"needs CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON (or CAP_SYS_ADMIN); this process lacks CAP_NET_ADMIN CAP_PERFMON" \
	asuser 1000 bpf bpflib library load bpf/uplib_v1_0.bpf.o
refuse "without CAP_PERFMON: extensions need it too" \
	"this process lacks CAP_PERFMON" \
	asuser 1000 bpf,net_admin bpflib library load bpf/uplib_v1_0.bpf.o
check "the service loads its library" $svc bpflib library load bpf/uplib_v1_0.bpf.o
check "it is the service's" grep "^library uplib 1.0.0 .* owner 1000 " /proc/bpflib
check "the service shows it" $svc bpflib library show uplib
has "with each function's prototype (no BTF by id needed)" "int up_answer(struct up_out \*out)"
check "the service deploys its consumer on XDP and tc" \
	$svc bpflib prog load bpf/up_user.bpf.o pin $pins/up attach prog up_xdp xdpgeneric dev lo \
	attach prog up_tc tc ingress dev lo
check "the consumer imports from 1.0" $svc bpflib prog show pinned $pins/up/up_xdp
has "prog show says so" "imports up_answer from uplib 1.0.0"
refuse "another uid may not unload it" "belongs to another user (uid 1000)" \
	$other bpflib library unload uplib@1.0.0
refuse "nor detach the service's consumer" "" \
	$other bpflib prog detach $pins/up
check "the service loads a new version" $svc bpflib library load bpf/uplib_v1_1.bpf.o
check "and upgrades its consumer to it" $svc bpflib -j prog upgrade bpf/up_user.bpf.o pin $pins/up
has "both hooks moved in one step" '"upgraded":[0-9]*,"moved":2,"remade":0,"left":0'
check "the consumer imports from 1.1 now" $svc bpflib prog show pinned $pins/up/up_xdp
has "prog show says so" "imports up_answer from uplib 1.1.0"
check "1.0 unloads once nothing runs it" sh -c \
	"for i in 1 2 3 4 5 6 7 8 9 10; do $svc bpflib library unload uplib@1.0.0 && exit 0; sleep 0.3; done; exit 1"
check "the service takes its consumer down" $svc bpflib prog detach $pins/up
[ ! -e $pins/up ] && ! bpftool net show dev lo | grep -q up_
ok $? "its pins are gone, and lo has no program of it"
check "and unloads its library" sh -c \
	"for i in 1 2 3 4 5 6 7 8 9 10; do $svc bpflib library unload uplib@1.1.0 && exit 0; sleep 0.3; done; exit 1"
[ -z "$(grep '^library' /proc/bpflib)" ]
ok $? "the registry is empty"
check "a library of another uid's, loaded by root" bpflib library load bpf/uplib_v1_0.bpf.o
refuse "the service may not take its maps into a static consumer" "owner" \
	$svc bpflib prog link bpf/up_user.bpf.o pin $pins/st static
bpflib library unload uplib >/dev/null
rm -rf $pins

[ $failed -eq 0 ]
