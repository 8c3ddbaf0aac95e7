#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The module unloaded and inserted in a loop while other processes use the
# device, /proc/bpflib and the libraries (TAP, in the VM, from /payload).
# rmmod may only succeed or say the module is in use; every other caller
# may only see its call work or find the module gone; the kernel must not
# complain (vm-run fails the lane on any splat).  The module is inserted
# again at the end, for the rest of the suite.
export PATH="$PWD/bin:$PATH"
rounds=${BPFLIB_UNLOAD_ROUNDS:-60}
out=/tmp/unload_race
rm -rf $out
mkdir -p $out

echo "TAP version 13"
echo "1..4"

# Users: the tool (open, ioctl, close), /proc/bpflib, libraries loaded and unloaded.
user() {
	i=0
	while [ ! -e $out/stop ]; do
		case $1 in
		show) bpflib library show >/dev/null 2>>$out/$1.err ;;
		proc) cat /proc/bpflib >/dev/null 2>>$out/$1.err ;;
		load) bpflib library load bpf/testlib_v1_0.bpf.o version 1.0.$i >/dev/null 2>>$out/$1.err &&
			bpflib library unload testlib@1.0.$i >/dev/null 2>>$out/$1.err ;;
		esac
		i=$((i + 1))
	done
	echo $i > $out/$1.count
}
for u in show proc load; do
	user $u &
done

removed=0 refused=0 other=0
r=0
while [ $r -lt $rounds ]; do
	if msg=$(rmmod bpflib 2>&1); then
		removed=$((removed + 1))
		insmod ./bpflib.ko || other=$((other + 1))
	elif echo "$msg" | grep -q -e "in use" -e "Resource temporarily unavailable"; then
		refused=$((refused + 1))
	else
		other=$((other + 1))
		echo "# rmmod: $msg"
	fi
	r=$((r + 1))
done
touch $out/stop
wait
[ -e /dev/bpflib ] || insmod ./bpflib.ko

echo "# unload race: $rounds rounds: rmmod $removed, refused as in use $refused, otherwise $other;" \
	"users: $(cat $out/show.count) shows, $(cat $out/proc.count) reads, $(cat $out/load.count) loads"
# What the users saw: their calls worked, or the module was not there (a
# reader of /proc/bpflib whose entry goes away gets EIO, procfs's way).
unexpected=$(cat $out/*.err 2>/dev/null | grep -v -e "no such device" -e "is the bpflib module loaded" \
	-e "No such file or directory" -e "is not loaded" -e "loaded already" \
	-e "/proc/bpflib.*Input/output error" -e "read error: Input/output error" | head -5)

[ $other -eq 0 ]
echo "$([ $? -eq 0 ] && echo ok || echo not ok) 1 rmmod either unloads or says the module is in use"
[ $removed -gt 0 ]
echo "$([ $? -eq 0 ] && echo ok || echo not ok) 2 the module was unloaded under load"
[ -z "$unexpected" ]
r=$?
[ $r -eq 0 ] || echo "$unexpected" | sed 's/^/# /'
echo "$([ $r -eq 0 ] && echo ok || echo not ok) 3 users saw their calls work or the module gone"
[ -z "$(grep '^library' /proc/bpflib)" ]
echo "$([ $? -eq 0 ] && echo ok || echo not ok) 4 the registry is empty afterwards"
