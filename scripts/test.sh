#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Quick start, command 2: the whole test suite.
#   1. a normal build with -Werror: every suite (unit, abi, fuzz-corpus,
#      reliability, integration against real pcscd + vpcd and PostgreSQL,
#      python);
#   2. an ASan + UBSan build: every suite but abi;
#   3. a TSan build: the tests that run threads (suite 'threads' and the
#      threaded unit programs);
#   4. valgrind memcheck over the unit suite (normal build);
#   5. libFuzzer (clang-14, ASan + UBSan): every target in fuzz/targets.txt
#      for FUZZ_SECONDS (default 20) each -- see doc/reliability.md.
# Prints one closing line "N passed, N failed, N skipped"; stages 3-5 count
# one result per test or fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
sh scripts/deps.sh

. scripts/services.sh
svc_init
trap svc_stop_all EXIT
if [ "$(id -u)" = 0 ]; then
	svc_start_pcscd
	svc_start_postgres
else
	echo "test: not root: pcscd and PostgreSQL not started (those suites skip)"
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

status=0
run() { # run BUILD_DIR SETUP_ARGS... -- TEST_ARGS...
	dir=$1; shift
	setup=(); while [ "$1" != -- ]; do setup+=("$1"); shift; done; shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "${setup[@]}"
	else
		meson setup --reconfigure "$dir" "${setup[@]}" >/dev/null
	fi
	meson compile -C "$dir"
	meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" || status=1
}

run build -Dwerror=true -- 
run build-asan -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -- --no-suite abi

# Results of the extra stages that are not meson test runs: one line
# "OK|FAIL|SKIP name" each.
extra=build/meson-logs/extra-results.txt
mkdir -p build/meson-logs
: >"$extra"
logs=(build/meson-logs/testlog.json build-asan/meson-logs/testlog.json)

# 3. TSan: the threaded tests only (suite 'threads' and the unit programs
#    that start threads); only their programs are built.
tsan_tests=(test_errors test_sim store-conformance-memory store-conformance-sqlite)
tsan_targets=(tests/unit/core/test_errors tests/unit/reader/test_sim
	tests/unit/store/test_store_conformance tests/reliability/test_concurrency)
rm -f build-tsan/meson-logs/testlog.json
if [ ! -f build-tsan/build.ninja ]; then
	meson setup build-tsan -Db_sanitize=thread -Db_lundef=false -Dpython=disabled >/dev/null
fi
if meson compile -C build-tsan "${tsan_targets[@]}" >/dev/null; then
	mapfile -t -O ${#tsan_tests[@]} tsan_tests < <(meson test -C build-tsan \
		--no-rebuild --list --suite threads 2>/dev/null | grep ' / ' | sed 's/.* \/ //')
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
		meson test -C build-tsan --no-rebuild --print-errorlogs \
		--num-processes 2 "${tsan_tests[@]}" || status=1
	logs+=(build-tsan/meson-logs/testlog.json)
else
	echo "FAIL tsan-build" >>"$extra"; status=1
fi

# 4. valgrind memcheck over the unit suite (tests/valgrind.supp).
if command -v valgrind >/dev/null; then
	rm -f build/meson-logs/testlog-valgrind.json
	meson test -C build --setup valgrind --suite unit --print-errorlogs \
		--num-processes 2 || status=1
	logs+=(build/meson-logs/testlog-valgrind.json)
else
	echo "SKIP valgrind" >>"$extra"
fi

# 5. libFuzzer: every target for FUZZ_SECONDS.
if command -v clang-14 >/dev/null; then
	fuzz_log=build/meson-logs/fuzz.txt
	# 20 s per target, but the whole fuzz stage stays within 4 minutes
	# of fuzzing: with many targets each gets 240 s / targets.
	n_targets=$(grep -vc '^#' fuzz/targets.txt)
	secs=$((240 / n_targets)); [ "$secs" -gt 20 ] && secs=20
	[ "$secs" -lt 5 ] && secs=5
	fuzz/run "${FUZZ_SECONDS:-$secs}" >"$fuzz_log" 2>&1 || status=1
	cat "$fuzz_log"
	n_before=$(wc -l <"$extra")
	awk 'NR > 1 && NF >= 4 { print ($4 == "ok" ? "OK" : "FAIL"), "fuzz-" $1 }' \
		"$fuzz_log" >>"$extra"
	if [ "$(wc -l <"$extra")" = "$n_before" ]; then
		echo "FAIL fuzz-build" >>"$extra"; status=1
	fi
else
	echo "SKIP fuzz (no clang-14)" >>"$extra"
fi

/usr/bin/python3 - "$extra" "${logs[@]}" <<'PY'
import json, os, sys
counts = {'passed': 0, 'failed': 0, 'skipped': 0}
for line in open(sys.argv[1], encoding='utf-8'):
    word = line.split()[0] if line.strip() else ''
    key = {'OK': 'passed', 'FAIL': 'failed', 'SKIP': 'skipped'}.get(word)
    if key:
        counts[key] += 1
for path in sys.argv[2:]:
    if not os.path.exists(path):
        counts['failed'] += 1
        continue
    for line in open(path, encoding='utf-8'):
        r = json.loads(line).get('result')
        if r in ('OK', 'EXPECTEDFAIL'):
            counts['passed'] += 1
        elif r == 'SKIP':
            counts['skipped'] += 1
        else:
            counts['failed'] += 1
print(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
PY
exit $status
