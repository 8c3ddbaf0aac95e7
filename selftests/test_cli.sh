#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The bpflib command-line tool, driven as a user would, in the VM (TAP).
# Run from /payload with the module inserted.
export PATH="$PWD/bin:$PATH"
. ./tap.sh
pins=/sys/fs/bpf/bpflib_cli

echo "TAP version 13"
echo "1..165"

check "help" bpflib --help
has "help lists the commands" "bpflib library load FILE"
check "version" bpflib --version
has "version is printed" "^bpflib [0-9]"
refuse "no arguments is a usage error" "Usage" bpflib
refuse "unknown object" "unknown object 'frob'" bpflib frob
refuse "unknown command" "unknown library command 'frob'" bpflib library frob

check "load libnet" bpflib library load bpf/libnet.bpf.o
has "load reports name, version, id, exports and types" "loaded libnet 1.0.0 as library [0-9]*: 3 exports for 2 program types (xdp, sched_cls)"
refuse "load it again" "that version is loaded already" bpflib library load bpf/libnet.bpf.o
refuse "load a consumer as a library" "not a bpflib library" bpflib library load bpf/xdp_flow.bpf.o
refuse "load a missing file" "No such file" bpflib library load bpf/nosuch.bpf.o
refuse "an export that trusts a pointer argument: the verifier's words, and the fix" \
	"hint: exports are verified as global functions, whose pointer arguments may be NULL" \
	bpflib library load bpf/nullderef_lib.bpf.o
check "load with name, version and target overridden" \
	bpflib library load bpf/libnet.bpf.o name netx version 2.1.0 target xdp
has "overrides apply" "loaded netx 2.1.0 as library [0-9]*: 3 exports for 1 program type (xdp)"

# gen header: the header consumers include, from the file or the loaded library.
check "gen header from the object" bpflib gen header bpf/libnet.bpf.o
has "one import per export, with its stub" \
	'^BPFLIB_IMPORT("libnet", "1.0")$'
has "the types the prototypes need" "^struct net_flow {"
echo "$out" > /tmp/hdr_file.h
check "gen header from the loaded library" bpflib gen header library libnet
echo "$out" > /tmp/hdr_lib.h
cmp -s /tmp/hdr_file.h /tmp/hdr_lib.h
ok $? "the same header from both"
cmp -s /tmp/hdr_file.h gen/libnet.gen.h
ok $? "and the same as the one the build made"
check "gen header needs no module for a file" bpflib -d /nonexistent gen header bpf/libnet.bpf.o
refuse "gen header of a consumer" "not a bpflib library" bpflib gen header bpf/consumer.bpf.o
refuse "gen header without a library" "gen header { FILE | library LIBRARY }" bpflib gen header
rm -f /tmp/hdr_file.h /tmp/hdr_lib.h

check "load as JSON" bpflib -j library load bpf/libnet.bpf.o name netj version 1.0.0
has "JSON names exports and program types" '"exports":\["net_parse_flow","net_flow_hash","net_csum"\],"program_types":\["xdp","sched_cls"\],"nr_functions":6'
check "unload it" bpflib library unload netj
# A target or function that cannot be served is left out, with the reason.
check "load for targets some functions cannot serve: the rest loads" \
	bpflib library load bpf/typelib.bpf.o target xdp target fentry/bpf_fentry_test1 \
	target cgroup_skb/ingress
has "a target the kernel cannot extend is refused with its reason" \
	"warning: .*target 'fentry/bpf_fentry_test1': the kernel does not let an extension replace part of an fentry"
has "a value return outside the type's range: the range and the fix" \
	"hint: the kernel lets a function that replaces part of a 'cgroup_skb/ingress' program return only values in \[0, 1\].*struct pointer argument"
has "the refusals are counted" "^2 refusals (warnings above)"
check "show what each export serves" bpflib -j library show typelib
has "tt_fill serves both types, tt_scale xdp only" \
	'"name":"tt_fill","prog_type":"xdp".*"name":"tt_scale","prog_type":"xdp".*"name":"tt_fill","prog_type":"cgroup_skb"'
if echo "$out" | grep -q '"name":"tt_scale","prog_type":"cgroup_skb"'; then rc=1; else rc=0; fi
ok $rc "tt_scale does not serve cgroup_skb"
check "unload it" bpflib library unload typelib
refuse "strict: the first refusal fails the load" "Cannot extend fentry/fexit" \
	bpflib library load bpf/typelib.bpf.o target xdp target fentry/bpf_fentry_test1 strict
refuse "strict: nothing was loaded" "is not loaded" bpflib library unload typelib
check "JSON lists the refusals" bpflib -j library load bpf/typelib.bpf.o target xdp target syscall
has "JSON refusal: target, errno, reason" \
	'"refused":\[{"target":"syscall","errno":95,"reason":".*sleepable programs cannot be extended safely'
check "unload it again" bpflib library unload typelib

# More program types on demand, from the object the registry keeps.
check "load for XDP only" bpflib library load bpf/typelib.bpf.o target xdp
check "instantiate it for cgroup_skb" bpflib library instantiate typelib target cgroup_skb/ingress
has "instantiate reports what it added" "^added 1 function for 1 program type$"
has "instantiate warns of what the type refuses" \
	"hint: the kernel lets a function that replaces part of a 'cgroup_skb/ingress' program return only values in \[0, 1\]"
refuse "instantiate for a type it serves" "serves 'xdp' already" \
	bpflib library instantiate typelib target xdp
refuse "instantiate for a type no extension can serve" "Cannot extend fentry/fexit" \
	bpflib library instantiate typelib target fentry/bpf_fentry_test1
check "show after instantiate" bpflib -j library show typelib
has "the new type is served" '"name":"tt_fill","prog_type":"cgroup_skb"'
check "unload the instantiated library" bpflib library unload typelib
check "load with fixed targets" bpflib library load bpf/typelib.bpf.o target xdp fixed
refuse "instantiate one loaded with fixed targets" "keeps no copy of its object" \
	bpflib library instantiate typelib target tc
check "unload the fixed library" bpflib library unload typelib

check "show" bpflib library show
has "show prints signatures" "xdp .*int net_parse_flow(struct net_pkt \*pkt, struct net_flow \*flow)"
check "show as JSON" bpflib -j library show libnet
has "JSON has the functions" '"name":"net_flow_hash","prog_type":"xdp","attach_type":"xdp"'
check "options after the object and command, as bpftool takes them" bpflib library show libnet -j
has "JSON from -j at the end" '"name":"net_flow_hash","prog_type":"xdp","attach_type":"xdp"'
check "--json between the command and its argument" bpflib library show --json libnet
has "JSON from --json in the middle" '"name":"net_flow_hash","prog_type":"xdp","attach_type":"xdp"'

mkdir -p $pins
check "link an object and pin it" bpflib prog link bpf/xdp_flow.bpf.o pin $pins
has "link reports the imports" "linked 3 imports"
check "prog show" bpflib prog show
has "prog show names the consumer's imports" "imports net_csum from libnet 1.0.0"
check "prog show of one program, pretty JSON" bpflib -p prog show pinned $pins/xdp_flow
has "pretty JSON is indented" '^                "function": "net_parse_flow",$'
refuse "prog show of something that is not pinned" "No such file" bpflib prog show pinned $pins/nothing
refuse "unload while linked" "consumer is linked to it: prog [0-9]* (xdp_flow)" bpflib library unload libnet
check "unlink" bpflib prog unlink pinned $pins/xdp_flow
refuse "unlink again" "not linked" bpflib prog unlink pinned $pins/xdp_flow
check "link a pinned program" bpflib prog link pinned $pins/xdp_flow
refuse "link needs somewhere to pin" "pin DIR" bpflib prog link bpf/xdp_flow.bpf.o
check "link makes a missing pin directory" bpflib prog link bpf/tc_flow.bpf.o pin $pins/new
[ -e $pins/new/tc_flow ]
ok $? "link pinned into the directory it made"
rm -rf $pins/new
refuse "a program and a map that would pin at one path are refused first" \
	"would both be pinned at $pins/bad/pinclash_bss" bpflib prog link bpf/pinclash.bpf.o pin $pins/bad
[ ! -e $pins/bad ]
ok $? "a refused link makes no directory"
refuse "a pin directory that cannot be made on bpffs" "is not on a bpffs mount to make it in" \
	bpflib prog link bpf/xdp_flow.bpf.o pin /tmp/nosuch

# loadall: the boot unit's command.  Files load in the order of their
# names; a name in an earlier directory hides it in later ones; a link
# to /dev/null masks; one that fails does not stop the others.
d=/tmp/loadall
rm -rf $d && mkdir -p $d/etc $d/usr
cp bpf/testlib_v1_0.bpf.o $d/usr/10-testlib.o
cp bpf/testlib_v1_1.bpf.o $d/etc/10-testlib.o
cp bpf/testlib_v2_0.bpf.o $d/usr/20-testlib2.o
head -c 300 bpf/libnet.bpf.o > $d/usr/25-broken.o
echo "not a library" > $d/usr/30-hidden.o
ln -s /dev/null $d/etc/30-hidden.o
echo "ignored: not *.o" > $d/usr/README
refuse "loadall goes on past a broken library, and fails" \
	"Error: $d/usr/25-broken.o: truncated or corrupt ELF" \
	bpflib library loadall $d/etc $d/missing $d/usr
has "loadall: the earlier directory's file hides the later one's" \
	"^$d/etc/10-testlib.o: loaded testlib 1.1.0 as library [0-9]*$"
has "loadall: the next file still loads" "^$d/usr/20-testlib2.o: loaded testlib 2.0.0"
has "loadall: a link to /dev/null masks" "^$d/etc/30-hidden.o: masked$"
out=$(echo "$out" | tr '\n' ' ')
has "loadall: the files go in name order, and are counted" \
	"10-testlib.o: loaded.*20-testlib2.o: loaded.*25-broken.*30-hidden.o: masked.*2 loaded, 0 loaded already, 1 masked, 1 failed $"
check "loadall: show" bpflib library show
if echo "$out" | grep -q "testlib 1.0.0"; then rc=1; else rc=0; fi
ok $rc "loadall: the hidden file was not loaded"
rm $d/usr/25-broken.o
check "loadall again: nothing new, and nothing fails" bpflib -j library loadall $d/etc $d/usr
has "loadall as JSON: loaded already, masked" \
	'{"file":"'$d'/etc/10-testlib.o","status":"loaded already"},{"file":"'$d'/usr/20-testlib2.o","status":"loaded already"},{"file":"'$d'/etc/30-hidden.o","status":"masked"}'
refuse "loadall needs a directory" "expected one or more directories" bpflib library loadall
refuse "loadall of a file" "Not a directory" bpflib library loadall $d/usr/20-testlib2.o
bpflib library unload testlib@1.1.0 && bpflib library unload testlib@2.0.0
ok $? "loadall: what it loaded unloads"
rm -rf $d

rm -rf $pins
check "unload once the consumer is gone" bpflib library unload libnet@1.0.0

# Static linking: a consumer the kernel cannot extend gets the code in.
bpflib library load bpf/testlib_v1_0.bpf.o >/dev/null && mkdir -p $pins
ok $? "static: load testlib"
check "link an fentry consumer: statically, by itself" \
	bpflib prog link bpf/static_consumer.bpf.o pin $pins/st
has "link says what it linked in" "linked 4 imports (4 statically: the library's code is in the programs)"
check "show lists the static consumer" bpflib library show testlib
has "show says it holds a copy" "consumer prog [0-9]* (static_scale) -> tl_scale, static (a copy of its code)"
check "prog show of it, as JSON" bpflib -j prog show pinned $pins/st/static_scale
has "JSON: static, no link" '"link_id":0,"static":true'
refuse "unload while a static consumer lives" \
	"consumers are linked to it: prog [0-9]* (static_scale), prog [0-9]* (static_sys)" bpflib library unload testlib
refuse "link mode is static or dynamic" "unexpected 'frob' (takes static, dynamic" \
	bpflib prog link bpf/consumer.bpf.o pin $pins/x frob
check "link an XDP consumer statically, forced" \
	bpflib -j prog link bpf/consumer.bpf.o pin $pins/xs static
has "JSON counts the imports linked in" '"linked":5,"static":5'
refuse "dynamically, an fentry consumer cannot be linked: the way that works" \
	"link it statically" bpflib prog link bpf/static_consumer.bpf.o pin $pins/sd dynamic
[ ! -e $pins/sd ]
ok $? "the refused link pinned nothing"
rm -rf $pins
check "unload once the static consumers are gone" sh -c \
	'for i in 1 2 3 4 5 6 7 8 9 10; do bpflib library unload testlib && exit 0; sleep 0.3; done; exit 1'
refuse "unload what is not loaded" "is not loaded" bpflib library unload libnet

# Draining the registry: what nothing uses goes, what is used stays and says why.
bpflib library load bpf/testlib_v1_0.bpf.o >/dev/null && mkdir -p $pins &&
	bpflib prog link bpf/consumer.bpf.o pin $pins/drain >/dev/null
ok $? "drain: a used library, and an unused one (netx)"
refuse "drain keeps what is used, and fails" "testlib 1.0.0 (library [0-9]*): kept: cannot unload .* consumers are linked to it" \
	bpflib library drain
has "drain unloads what nothing uses" "^netx 2.1.0 (library [0-9]*): unloaded$"
rm -rf $pins
check "drain once the consumers are gone" sh -c \
	'for i in 1 2 3 4 5 6 7 8 9 10; do bpflib library drain && exit 0; sleep 0.3; done; exit 1'
has "drain says the module can go" "the module can be removed (rmmod bpflib)"

# Libraries that use libraries: chainc uses chainb, which uses chaina.
bpflib library load bpf/chaina.bpf.o >/dev/null && bpflib library load bpf/chainb.bpf.o >/dev/null &&
	bpflib library load bpf/chainc.bpf.o >/dev/null
ok $? "load a chain of three libraries, bottom first"
check "show the middle one" bpflib library show chainb
has "it lists what it uses" "uses chaina 1.0.0 (library [0-9]*)"
has "and what uses it" "used by chainc 1.0.0 (library [0-9]*)"
check "show it as JSON" bpflib -j library show chainb
has "JSON: uses and used_by" \
	'"uses":\[{"id":[0-9]*,"name":"chaina","version":"1.0.0"}\],"used_by":\[{"id":[0-9]*,"name":"chainc","version":"1.0.0"}\]'
refuse "the bottom cannot go first, and says who uses it" \
	"cannot unload chaina 1.0.0 (library [0-9]*): chainb 1.0.0 (library [0-9]*), chainc 1.0.0 (library [0-9]*) use it (its code is part of theirs); unload them first" \
	bpflib library unload chaina
refuse "a library whose dependency is not loaded" \
	"cycle_b.bpf.o: no loaded version of library 'cyca' satisfies its imports" \
	bpflib library load bpf/cycle_b.bpf.o
check "drain unloads the chain, users first" bpflib library drain
has "all three went" "^3 unloaded, 0 kept"

# Deploying in one command, upgrading with no window, taking it down.
bpflib library load bpf/uplib_v1_0.bpf.o >/dev/null && bpflib library load bpf/uplib_v1_1.bpf.o >/dev/null &&
	mkdir -p $pins
ok $? "deploy: load uplib 1.0 and 1.1"
refuse "attach to an interface that does not exist" "no network interface 'nosuch0'" \
	bpflib prog load bpf/up_user.bpf.o pin $pins/up attach xdp dev nosuch0
refuse "attach a program of another type" "up_tc is a sched_cls program: it cannot attach to XDP" \
	bpflib prog load bpf/up_user.bpf.o pin $pins/up attach prog up_tc xdp dev lo
refuse "attach a program the object does not have" "the object has no program 'nosuch'" \
	bpflib prog load bpf/up_user.bpf.o pin $pins/up attach prog nosuch xdp dev lo
refuse "attach takes a hook" "attach takes \[prog NAME\] and then" \
	bpflib prog load bpf/up_user.bpf.o pin $pins/up attach xdp lo
[ ! -e $pins/up ] && [ -z "$(bpflib library show uplib@1.0.0 | grep 'consumer prog')" ]
ok $? "the refused deploys left nothing: no pins, no consumers"
check "prog load: load, link and attach in one command" \
	bpflib prog load bpf/up_user.bpf.o pin $pins/up use uplib@1.0.0 \
	attach xdp dev lo attach tc ingress dev lo attach auto
has "it says what it attached where" "attached to tc ingress dev lo"
has "and where the links are" "links pinned in $pins/up/links"
check "its XDP program imports from 1.0" bpflib prog show pinned $pins/up/up_xdp
has "prog show says so" "imports up_answer from uplib 1.0.0"
bpftool -j link show > /tmp/links.json
grep -q "\"type\":\"xdp\",\"prog_id\":$(bpftool prog show pinned $pins/up/up_xdp | sed -n 's/^\([0-9]*\):.*/\1/p')[,}]" /tmp/links.json
ok $? "bpftool sees the XDP link on its program"
refuse "XDP on lo is taken: a second deploy is refused" "attaching program up_xdp to lo" \
	bpflib prog load bpf/up_user.bpf.o pin $pins/up2 attach xdp dev lo
[ ! -e $pins/up2 ]
ok $? "the refused deploy left nothing behind"
refuse "deploying into a directory that is not empty" "is not empty" \
	bpflib prog load bpf/up_user.bpf.o pin $pins/up attach auto
check "a bystander: the same consumer again, on its tracepoint and kprobe only" \
	bpflib prog load bpf/up_user.bpf.o pin $pins/by use uplib@1.0.0 attach auto
check "upgrade to the newest version" bpflib -j prog upgrade bpf/up_user.bpf.o pin $pins/up
has "XDP and tc moved in one step, tracepoint and kprobe made again first" \
	'"upgraded":5,"moved":2,"remade":2,"left":0'
check "it is on 1.1 now" bpflib prog show pinned $pins/up/up_xdp
has "prog show says 1.1" "imports up_answer from uplib 1.1.0"
check "the bystander was not asked" bpflib prog show pinned $pins/by/up_trace
has "and stays on 1.0" "imports up_answer from uplib 1.0.0"
refuse "upgrade to a version that is not loaded" "uplib 1.5.0 is not loaded" \
	bpflib prog upgrade bpf/up_user.bpf.o pin $pins/up use uplib@1.5.0
refuse "use of another major" "the consumer asks for major version 1" \
	bpflib prog upgrade bpf/up_user.bpf.o pin $pins/up use uplib@2.0.0
refuse "use takes NAME@VERSION" "use takes NAME@VERSION" \
	bpflib prog upgrade bpf/up_user.bpf.o pin $pins/up use uplib
check "after the refusals it is still on 1.1" bpflib prog show pinned $pins/up/up_xdp
has "prog show says 1.1" "imports up_answer from uplib 1.1.0"
refuse "upgrade where nothing is deployed" "the consumer is not deployed there" \
	bpflib prog upgrade bpf/up_user.bpf.o pin $pins/nothing
mkdir -p $pins/mp && bpftool map pin pinned $pins/up/answers $pins/mp/up_xdp
refuse "a map pinned where a program should be" "is a BPF map, not a BPF program" \
	bpflib prog upgrade bpf/up_user.bpf.o pin $pins/mp
rm -rf $pins/mp
check "back to 1.0, named" bpflib prog upgrade bpf/up_user.bpf.o pin $pins/up use uplib@1.0.0
has "upgrade says what it moved" \
	"upgraded 5 programs: 2 attachments moved in one step, 2 links made again before the old went"
check "1.1 unloads by itself once nothing runs it" sh -c \
	'for i in 1 2 3 4 5 6 7 8 9 10; do bpflib library unload uplib@1.1.0 && exit 0; sleep 0.3; done; exit 1'
refuse "detach of a directory that is not a consumer's" "holds directory" bpflib prog detach $pins
refuse "detach of the bpffs root" "root of a mount" bpflib prog detach /sys/fs/bpf
[ -e $pins/up/up_xdp ] && [ -e $pins/by/up_xdp ]
ok $? "the refused detaches touched nothing"
check "detach takes it down" bpflib prog detach $pins/up
[ ! -e $pins/up ] && ! bpftool net show dev lo | grep -q up_
ok $? "its pins are gone, and lo has no program of it"
check "the bystander is still linked" bpflib prog show pinned $pins/by/up_trace
has "to 1.0" "imports up_answer from uplib 1.0.0"
refuse "1.0 is still used, by the bystander" "up_trace" bpflib library unload uplib@1.0.0
check "detach the bystander" bpflib prog detach $pins/by
check "1.0 unloads once both are gone" sh -c \
	'for i in 1 2 3 4 5 6 7 8 9 10; do bpflib library unload uplib@1.0.0 && exit 0; sleep 0.3; done; exit 1'
rm -rf $pins /tmp/links.json

bpflib library load bpf/libnet.bpf.o name netx version 2.1.0 target xdp >/dev/null
ok $? "load netx again, for the rmmod checks"

# The module cannot go while a library is loaded, and can after.
if rmmod bpflib 2>/dev/null; then rc=1; insmod ./bpflib.ko; else rc=0; fi
ok $rc "rmmod refused while a library is loaded"
bpflib library unload netx
if rmmod bpflib && insmod ./bpflib.ko; then rc=0; else rc=1; fi
ok $rc "rmmod once the registry is empty"

[ $failed -eq 0 ]
