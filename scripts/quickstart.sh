#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Quick start, command 1: install what is needed, build, and run the main
# job (the end-to-end demo on the embedded default: SQLite + software card).
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
[ -f build/build.ninja ] || meson setup build
meson compile -C build
if ./build/tools/socialcard help | grep -q '^  demo'; then
	./build/tools/socialcard demo
else
	# Until the demo lands: the version and the built-in self-check.
	./build/tools/socialcard version
	./build/tools/socialcard self-check
fi
