# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the shell tests (sourced).  Each result is numbered;
# $failed counts the failures, for the script's exit status.
n=0 failed=0

ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
	fi
}

# check NAME CMD...: CMD must succeed.  Its output is in $out.
check() {
	name=$1
	shift
	out=$("$@" 2>&1)
	rc=$?
	[ $rc -eq 0 ] || printf '# %s\n' "$* -> $rc" "$out"
	ok $rc "$name"
}

# refuse NAME PATTERN CMD...: CMD must fail and say PATTERN.
refuse() {
	name=$1 pattern=$2
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && echo "$out" | grep -q -- "$pattern"; then
		ok 0 "$name"
	else
		printf '# %s\n' "$* -> $rc, wanted '$pattern'" "$out"
		ok 1 "$name"
	fi
}

# has NAME PATTERN: the last output matches PATTERN.
has() {
	if echo "$out" | grep -q -- "$2"; then
		ok 0 "$1"
	else
		printf '# wanted %s in:\n' "$2"
		echo "$out" | sed 's/^/# /'
		ok 1 "$1"
	fi
}
