#!/usr/bin/env bash
# Out-of-tree build of a libzi program: `make install-sdk` into a temporary PREFIX, then
# `cc prog.c $(pkg-config --cflags --libs zi)` with PKG_CONFIG_PATH pointed there, run the
# program against the server at ZI_URL, and run the installed zi command.
#
# Usage: tests/sdk/oot.sh <build-dir>   (from anywhere; ZI_URL set; ZI_SDK_TEST_WRAP optional)
set -euo pipefail
build=${1:?usage: tests/sdk/oot.sh <build-dir>}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
tmp=$(mktemp -d /tmp/zi-sdk-oot.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if ! make -C "$root" --no-print-directory install-sdk BUILD="$build" PREFIX="$tmp/prefix" \
        >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    exit 1
fi
export PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig
cd "$tmp"
cp "$root/tests/sdk/oot/prog.c" prog.c
# shellcheck disable=SC2046  # word splitting of pkg-config's output is the point
cc -std=c17 -Wall -Wextra -Werror -o prog prog.c $(pkg-config --cflags --libs zi)
# shellcheck disable=SC2086  # ZI_SDK_TEST_WRAP is a command prefix
LD_LIBRARY_PATH=$tmp/prefix/lib ${ZI_SDK_TEST_WRAP:-} ./prog
"$tmp/prefix/bin/zi" --version
