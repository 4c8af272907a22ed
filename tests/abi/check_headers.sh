#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every public header compiles alone as C99 -pedantic -Werror and as C++.
# Usage: check_headers.sh CC CXX SRC_INCLUDE BUILD_INCLUDE
set -eu
cc="$1"; cxx="$2"; src="$3"; bld="$4"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; n=0
for h in $(cd "$src" && find socialcard -name '*.h' | sort) socialcard/version.h; do
	n=$((n + 1))
	printf '#include <%s>\n#include <%s>\nint ssc_header_check_%s;\n' "$h" "$h" "$n" >"$tmp/t.c"
	if ! $cc -std=c99 -pedantic -Werror -Wall -Wextra -fsyntax-only \
		-I"$src" -I"$bld" "$tmp/t.c" 2>"$tmp/err"; then
		echo "C99: $h"; cat "$tmp/err"; fail=1
	fi
	if [ "$cxx" != none ]; then
		cp "$tmp/t.c" "$tmp/t.cpp"
		if ! $cxx -std=c++11 -pedantic -Werror -Wall -Wextra -fsyntax-only \
			-I"$src" -I"$bld" "$tmp/t.cpp" 2>"$tmp/err"; then
			echo "C++: $h"; cat "$tmp/err"; fail=1
		fi
	fi
done
echo "$n headers checked (C99 pedantic$( [ "$cxx" != none ] && echo ', C++11'))"
exit $fail
