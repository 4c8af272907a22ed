#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Quick start, command 2: the whole test suite.
#   1. a normal build with -Werror: every suite (unit, abi, fuzz-corpus,
#      integration against real pcscd + vpcd and PostgreSQL, python);
#   2. an ASan + UBSan build: every suite but abi.
# Prints one closing line "N passed, N failed, N skipped".
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

/usr/bin/python3 - build/meson-logs/testlog.json build-asan/meson-logs/testlog.json <<'PY'
import json, sys
counts = {'passed': 0, 'failed': 0, 'skipped': 0}
for path in sys.argv[1:]:
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
