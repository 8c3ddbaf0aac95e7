#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Consumers loaded by another loader (bpftool) and linked afterwards by
# pinned path or by id, run by that loader; and every id bpflib shows
# (programs, links, maps) is the one bpftool shows for the same object.
# A consumer loaded by libxdp's xdp-loader, which makes it an extension
# of its dispatcher, with the library linked in beforehand (gen object).
# TAP, in the VM, with Debian's bpftool and xdp-loader in the payload.
export PATH="$PWD/bin:$PATH"
. ./tap.sh
d=/sys/fs/bpf/bpflib_loaders
pkt=/tmp/bpflib_pkt

# The first value of "key":N in $out.
json_num() {
	echo "$out" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" | head -n 1
}

echo "TAP version 13"
echo "1..38"

check "bpftool runs in the guest" bpftool version
check "load testlib" bpflib library load bpf/testlib_v1_0.bpf.o
mkdir -p $d
head -c 64 /dev/zero > $pkt

# bpftool loads and pins; bpflib links the pinned program; bpftool runs it.
check "bpftool loads a consumer object" bpftool prog loadall bpf/consumer.bpf.o $d/a
check "bpflib links a program bpftool pinned" bpflib prog link pinned $d/a/xdp_scale
has "one import linked" "linked 1 import"
check "bpftool runs it" bpftool prog run pinned $d/a/xdp_scale data_in $pkt repeat 1
has "its result is the library's (64 * 3 + 1000)" "Return value: 1192"

# By id.
check "bpftool loads a second copy" bpftool prog loadall bpf/consumer.bpf.o $d/b
check "its id, from bpftool" bpftool -j prog show pinned $d/b/xdp_scale
id=$(json_num id)
check "bpflib links it by id" bpflib prog link id $id
check "bpftool runs it by id" bpftool prog run id $id data_in $pkt repeat 1
has "its result is the library's" "Return value: 1192"

# The same ids on both sides.
check "bpflib shows the consumer" bpflib -j prog show pinned $d/a/xdp_scale
mine=$(json_num id)
check "bpftool shows the consumer" bpftool -j prog show pinned $d/a/xdp_scale
[ -n "$mine" ] && [ "$mine" = "$(json_num id)" ]
ok $? "program ids agree ($mine)"

check "bpflib shows the library" bpflib -j library show testlib
lib=$out
rc=0 n_links=0
# Every link: bpftool knows it, a tracing link of that function's program
# (bpftool 7.1 does not show a link's target).
for l in $(echo "$lib" | grep -o '"link_id":[0-9]*,"consumer_id":[0-9]*' | tr -d '"' | tr ',' ' ' |
	   sed 's/link_id://; s/consumer_id://' | tr ' ' ':'); do
	link=${l%%:*} consumer=${l##*:}
	out=$(bpftool -j link show id "$link" 2>&1)
	prog=$(json_num prog_id)
	if [ -z "$prog" ] || ! echo "$lib" | grep -q "\"prog_id\":$prog," ||
	   ! echo "$out" | grep -q '"type":"tracing"' ||
	   ! echo "$lib" | grep -q "\"consumer_id\":$consumer,"; then
		printf '# link %s: %s\n' "$link" "$out"
		rc=1
	fi
	n_links=$((n_links + 1))
done
[ $n_links -ge 2 ] || rc=1
ok $rc "link ids agree: each is a tracing link of a function's program ($n_links links)"
# Every function's program is an extension bpftool knows.
rc=0
for p in $(echo "$lib" | grep -o '"prog_id":[0-9]*' | sed 's/.*://'); do
	bpftool -j prog show id "$p" 2>&1 | grep -q '"type":"ext"' || { echo "# prog $p"; rc=1; }
done
ok $rc "function program ids agree: extensions"
# The library's maps: the ones its programs use, by bpftool's count.
rc=0
ext=$(echo "$lib" | grep -o '"prog_id":[0-9]*' | head -n 1 | sed 's/.*://')
out=$(bpftool -j prog show id "$ext" 2>&1)
for m in $(echo "$lib" | grep -o '"maps":\[[^]]*\]' | grep -o '"id":[0-9]*' | sed 's/.*://'); do
	echo "$out" | grep -q "\"map_ids\":\[\([0-9]*,\)*$m[],]" || { echo "# map $m"; rc=1; }
	bpftool -j map show id "$m" | grep -q '"name":"tl_calls"\|\.bss"\|\.data"\|\.rodata"' ||
		{ echo "# map $m: $(bpftool map show id "$m")"; rc=1; }
done
echo "$lib" | grep -q '"maps":\[{"id":' || rc=1
ok $rc "map ids agree"

# xdp-loader: the library's code goes in before it loads the program.
# (Its lock file is in /run, which the busybox guest lacks.)
xl=/tmp/xdpl.o
mkdir -p /run
check "xdp-loader runs in the guest" xdp-loader status
check "gen object links testlib into an XDP consumer" \
	bpflib gen object $xl bpf/xdp_loader_consumer.bpf.o
has "gen says what it wrote" "wrote $xl: .* with the code of 1 library linked in"
check "xdp-loader loads it on lo, behind its dispatcher" xdp-loader load -m skb lo $xl
check "bpftool finds it: an extension" bpftool -j prog show name xl_count
has "its type is ext" '"type":"ext"'
xid=$(json_num id)
ping -c 3 -W 1 127.0.0.1 >/dev/null 2>&1
check "bpftool reads what it kept" bpftool -j map dump name xl_out
n_pkts=$(echo "$out" | tr -d ' \n' | sed -n 's/.*"key":0,"value":\([0-9]*\).*/\1/p')
len=$(echo "$out" | tr -d ' \n' | sed -n 's/.*"key":1,"value":\([0-9]*\).*/\1/p')
res=$(echo "$out" | tr -d ' \n' | sed -n 's/.*"key":2,"value":\([0-9]*\).*/\1/p')
[ "${n_pkts:-0}" -gt 0 ] && [ -n "$len" ] && [ "$res" = $((len * 3 + 1000)) ]
ok $? "it ran on $n_pkts packets, with the library's result ($len * 3 + 1000 = $res)"
check "bpflib records it: an extension holding library code" bpflib prog link id $xid
has "one import, linked in" "linked 1 import (1 statically"
check "library show lists it" bpflib library show testlib
has "as a static consumer" "consumer prog $xid (xl_count) -> tl_scale, static"
check "xdp-loader unloads it" xdp-loader unload lo --all
refuse "a library's function (an extension) is no consumer" \
	"is an extension" bpflib prog link id $(bpflib -j library show testlib |
	grep -o '"prog_id":[0-9]*' | head -n 1 | sed 's/.*://')

rm -rf $d $pkt
check "unload once the consumers are gone" sh -c \
	'for i in 1 2 3 4 5 6 7 8 9 10; do bpflib library unload testlib 2>/dev/null && exit 0; sleep 0.2; done; exit 1'

# A failed gen object leaves what was at its path alone.
echo keep > $xl
refuse "gen object with no library loaded: the reason" "no loaded version of library 'testlib'" \
	bpflib gen object $xl bpf/xdp_loader_consumer.bpf.o
[ "$(cat $xl)" = keep ]
ok $? "the file at its path is untouched"
refuse "gen object of an object that imports nothing" "imports nothing" \
	bpflib gen object $xl bpf/pinclash.bpf.o
refuse "gen object needs two arguments" "gen object OUT FILE" bpflib gen object $xl
rm -f $xl

[ $failed -eq 0 ]
