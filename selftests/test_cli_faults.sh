#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# No command harms what it was not asked to touch (TAP, in the VM).  Every
# command that takes a program is given objects of other kinds, and every
# command is made to fail, several after part of their work, with a
# bystander beside it: a consumer of the same library, linked and pinned
# under the same names.  The bystander must come through untouched.
export PATH="$PWD/bin:$PATH"
. ./tap.sh
by=/sys/fs/bpf/bpflib_by	# the bystander's pins
other=/sys/fs/bpf/bpflib_other	# maps, links and the like
new=/sys/fs/bpf/bpflib_new	# where commands under test pin

# The bystander is still pinned, linked to testlib 1.0.0, and alone in its library.
bystander() {
	out=$(bpflib prog show pinned $by/xdp_scale 2>&1)
	libs=$(bpflib library show 2>&1)
	if [ -e $by/xdp_all ] && [ -e $by/tc_scale ] &&
	   echo "$out" | grep -q "imports tl_scale from testlib 1.0.0" &&
	   [ "$(echo "$libs" | grep -c '^[0-9]*: ')" = 1 ] &&
	   echo "$libs" | grep -q "links 5  consumers 3"; then
		ok 0 "$1: the bystander is untouched"
	else
		printf '# %s\n' "$out" "$libs"
		ls $by | sed 's/^/# /'
		ok 1 "$1: the bystander is untouched"
	fi
}

echo "TAP version 13"
echo "1..55"

mkdir -p $by $other $new
bpflib library load bpf/testlib_v1_0.bpf.o >/dev/null &&
	bpflib prog link bpf/consumer.bpf.o pin $by >/dev/null &&
	by_id=$(bpflib -j prog show pinned $by/xdp_scale | sed 's/^\[{"id":\([0-9]*\),.*/\1/') &&
	mkpins $other "$by_id"
ok $? "setup: a library, a bystander consumer, a pinned map (with its id) and a link"
ext=$(bpflib -j library show testlib | sed 's/.*"prog_id":\([0-9]*\).*/\1/')

# Objects that are not consumer programs, where a program is expected.
for verb in link unlink show; do
	refuse "prog $verb of a pinned map" "pinned $other/map: fd [0-9]* is a BPF map, not a BPF program" \
		bpflib prog $verb pinned $other/map
	refuse "prog $verb of a pinned link" "is a BPF link, not a BPF program" \
		bpflib prog $verb pinned $other/link
	refuse "prog $verb of a directory" "pinned $by: " bpflib prog $verb pinned $by
done
refuse "prog link of a library's own function" "is an extension" bpflib prog link id "$ext"
refuse "prog unlink of a library's own function" "not linked" bpflib prog unlink id "$ext"
refuse "prog show of an id that is no program" "no such program" bpflib prog show id 999999
refuse "JSON: the error is an object" '^{"error":"pinned .* is a BPF map, not a BPF program"}$' \
	bpflib -j prog unlink pinned $other/map
bystander "programs of the wrong kind"

# Files that are not library objects.
refuse "library load of a pinned map" "not a regular file" bpflib library load $other/map
refuse "library load of a directory" "not a regular file" bpflib library load /tmp
refuse "library load of a consumer" "not a bpflib library" bpflib library load bpf/consumer.bpf.o
head -c 900 bpf/testlib_v1_0.bpf.o > /tmp/truncated.bpf.o
refuse "library load of a truncated object" "truncated or corrupt ELF" \
	bpflib library load /tmp/truncated.bpf.o
refuse "library load without BTF" "no BTF.*clang -g" bpflib library load bpf/nobtf_lib.bpf.o
refuse "library load of an export calling a function nobody defines" "bc_nothere" \
	bpflib library load bpf/badcalls.bpf.o
refuse "library load: a long verifier log is no ENOSPC" "the verifier refused 'bl_sum': Permission denied" \
	bpflib library load bpf/biglog.bpf.o
refuse "library load strict fails for its second target" "target 'socket'" \
	bpflib library load bpf/halflib.bpf.o strict
refuse "library unload of an id that is no library" "no library 4242 is loaded" \
	bpflib library unload id 4242
refuse "library unload while the bystander is linked" \
	"cannot unload testlib 1.0.0 (library [0-9]*): 3 consumers are linked to it: prog [0-9]* (xdp_scale), prog [0-9]* (xdp_all), prog [0-9]* (tc_scale)" \
	bpflib library unload testlib
refuse "JSON: a refused unload names the consumers" \
	'^{"error":"cannot unload testlib 1.0.0 (library [0-9]*): 3 consumers are linked to it: prog [0-9]* (xdp_scale)' \
	bpflib -j library unload testlib
refuse "JSON: a library without BTF" '^{"error":".*no BTF.*clang -g"}$' \
	bpflib -j library load bpf/nobtf_lib.bpf.o
refuse "JSON: a long verifier log" '^{"error":".*the verifier refused .bl_sum.: Permission denied\\n' \
	bpflib -j library load bpf/biglog.bpf.o
out=$(bpflib -j prog show pinned $by/xdp_scale)
echo "$out" | grep -q '"function":"tl_scale","library":"testlib","library_version":"1.0.0"'
ok $? "JSON: prog show gives the library's version"
bystander "libraries that fail to load or unload"

# Linking where pins exist: nothing of the bystander's may be replaced or removed.
refuse "prog link where the bystander's pins are" "$by/xdp_scale exists already" \
	bpflib prog link bpf/consumer.bpf.o pin $by
refuse "prog link again, the same" "exists already" bpflib prog link bpf/consumer.bpf.o pin $by
refuse "prog link to a directory off bpffs" "not on a bpffs mount" \
	bpflib prog link bpf/consumer.bpf.o pin /tmp
refuse "prog link to a file" "not a directory" bpflib prog link bpf/consumer.bpf.o pin $other/map
refuse "prog link of a library object" "is a bpflib library: load it with 'bpflib library load" \
	bpflib prog link bpf/testlib_v1_0.bpf.o pin $new
refuse "prog link of a garbage object" "truncated or corrupt ELF object" bpflib prog link /tmp/truncated.bpf.o pin $new
# Hostile BTF, which libbpf 1.1 walks unchecked: every command that reads an
# object refuses it with the reason, none crashes.
btfcorrupt bpf/testlib_v1_0.bpf.o /tmp/loop_lib.bpf.o loop &&
	btfcorrupt bpf/consumer.bpf.o /tmp/range_user.bpf.o range &&
	btfcorrupt bpf/static_consumer.bpf.o /tmp/loop_static.bpf.o loop
ok $? "hostile BTF: a library and two consumers made"
refuse "library load of a BTF that loops: the BTF is blamed" \
	"corrupt BTF: type [0-9]* refers to itself" bpflib library load /tmp/loop_lib.bpf.o
refuse "gen header of it" "corrupt BTF" bpflib gen header /tmp/loop_lib.bpf.o
refuse "prog link of a consumer whose BTF names a type that is not there" "corrupt BTF" \
	bpflib prog link /tmp/range_user.bpf.o pin $new
refuse "prog link of it, statically" "corrupt BTF" bpflib prog link /tmp/range_user.bpf.o pin $new static
refuse "prog link of a fentry consumer whose BTF loops" "corrupt BTF" \
	bpflib prog link /tmp/loop_static.bpf.o pin $new
refuse "prog load of it" "corrupt BTF" bpflib prog load /tmp/loop_static.bpf.o pin $new attach auto
refuse "gen object of it" "corrupt BTF" bpflib gen object /tmp/out.bpf.o /tmp/loop_static.bpf.o
[ -z "$(ls $new)" ] && [ ! -e /tmp/out.bpf.o ]
ok $? "the refusals left nothing"
rm -f /tmp/loop_lib.bpf.o /tmp/range_user.bpf.o /tmp/loop_static.bpf.o
# More imports than the kernel takes in one program: the limit and the fix.
refuse "a program importing 256 functions: the limit is named" \
	"at most 256 functions in one program" bpflib prog link bpf/toomany_user.bpf.o pin $new
# Fails after linking its first program: that one is unlinked, nothing pinned.
refuse "prog link fails on the second program" "import 'tl_missing'" \
	bpflib prog link bpf/consumer_mixed.bpf.o pin $new
[ -z "$(ls $new)" ]
ok $? "nothing pinned by the failed link"
bystander "links that fail"

# The registry changes only when a command succeeds, and then only as asked.
out=$(bpflib prog link bpf/consumer.bpf.o pin $new 2>&1)
ok $? "a second consumer of the same names, elsewhere"
refuse "prog unlink of a namesake with no imports" "not linked" bpflib prog unlink pinned $new/xdp_plain
bpflib prog unlink pinned $new/xdp_scale && bpflib prog unlink pinned $new/xdp_all &&
	bpflib prog unlink pinned $new/tc_scale
ok $? "unlinking the namesake"
bystander "a namesake linked and unlinked"

rm -rf $new $other
refuse "unload refused until the bystander goes" "cannot unload" bpflib library unload testlib
rm -rf $by
i=0
until bpflib library unload testlib >/dev/null 2>&1 || [ $i -ge 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
[ $i -lt 50 ]
ok $? "the library unloads once the bystander is unpinned"

[ $failed -eq 0 ]
