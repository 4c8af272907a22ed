#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Install the Debian 12 packages libsocialcard needs to build and test.
# Idempotent: does nothing when everything is installed.  Run as root.
set -eu
PKGS="meson ninja-build pkg-config gcc g++ binutils swig
libpcsclite-dev pcscd vsmartcard-vpcd python3-pyscard
libcmocka-dev uuid-dev libssl-dev libsqlite3-dev sqlite3 libpq-dev postgresql
python3-dev python3-pytest libjansson-dev clang-14 libclang-rt-14-dev
abigail-tools doxygen graphviz valgrind"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all packages present"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages:$missing; run as root (or: sudo $0)" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
