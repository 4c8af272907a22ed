#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The built shared library exports only ssc_* symbols, each versioned
# LIBSOCIALCARD_*, and its SONAME is libsocialcard.so.1.
set -eu
lib="$1"
fail=0
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
if [ "$soname" != "libsocialcard.so.1" ]; then
	echo "SONAME is '$soname', expected libsocialcard.so.1"
	fail=1
fi
n=0
# Defined dynamic symbols, with versions (binutils >= 2.35 prints them).
for entry in $(nm -D --defined-only --with-symbol-versions "$lib" | awk '{print $3}'); do
	name=${entry%%@*}
	version=${entry#*@}
	version=${version#@}
	case "$name" in
	LIBSOCIALCARD_*) continue ;; # the version node definitions themselves
	esac
	n=$((n + 1))
	case "$name" in
	ssc_*) ;;
	*) echo "leaked symbol: $entry"; fail=1; continue ;;
	esac
	case "$version" in
	LIBSOCIALCARD_*) ;;
	*) echo "unversioned symbol: $entry"; fail=1 ;;
	esac
done
echo "$n exported symbols checked"
[ "$n" -gt 0 ] || { echo "no symbols exported"; fail=1; }
exit $fail
