#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# abidiff of the built library against the committed baseline.  Fails on a
# tool error or an incompatible change; reports compatible additions.
# Exits 77 (skipped) only when abigail-tools is not installed.
# Usage: check_abi.sh LIB BASELINE SRC_INCLUDE BUILD_INCLUDE
set -u
lib="$1"; baseline="$2"; src="$3"; bld="$4"
command -v abidiff >/dev/null 2>&1 || { echo "abidiff not installed"; exit 77; }
if [ "${SSC_ABI_UPDATE:-}" = 1 ]; then
	abidw --headers-dir "$src/socialcard" --headers-dir "$bld/socialcard" \
		--out-file "$baseline" "$lib" && echo "baseline written: $baseline"
	exit $?
fi
out=$(abidiff --headers-dir2 "$src/socialcard" --headers-dir2 "$bld/socialcard" \
	"$baseline" "$lib" 2>&1)
rc=$?
echo "$out"
# abidiff exit bits: 1 error, 2 usage, 4 ABI change, 8 incompatible change.
if [ $((rc & 3)) -ne 0 ]; then echo "abidiff failed to run (exit $rc)"; exit 1; fi
if [ $((rc & 8)) -ne 0 ]; then echo "INCOMPATIBLE ABI change against $baseline"; exit 1; fi
# abidiff flags removed symbols as incompatible (8) but a changed struct
# layout only as a change (4): any removed or changed function or variable
# fails here; added ones are compatible.
bad=$(printf '%s\n' "$out" | grep -E '(Functions|Variables) changes summary' |
	grep -vE ': 0 Removed(\+[0-9]+ [A-Za-z ]+)?, 0 Changed' || true)
if [ -n "$bad" ]; then
	echo "INCOMPATIBLE ABI change against $baseline:"
	printf '%s\n' "$bad"
	exit 1
fi
if [ $((rc & 4)) -ne 0 ]; then echo "compatible ABI change: additions only (exit $rc)"; fi
echo "abidiff: no incompatible change"
exit 0
