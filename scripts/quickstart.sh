#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Quick start, command 1: install what is needed, build, and run the main
# job: `socialcard demo`, the end-to-end demo on the embedded default (a
# fresh SQLite store in a temporary directory + the in-process software
# card).  It exits 0 only when every step did what it should.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
[ -f build/build.ninja ] || meson setup build
meson compile -C build
./build/tools/socialcard version
./build/tools/socialcard demo
