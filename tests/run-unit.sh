#!/usr/bin/env bash
# Runs the unit tests (pure code) twice: directly, and under valgrind (no fork, so
# valgrind sees every test); any valgrind error or leak fails the run.
set -uo pipefail
bin=${1:?usage: tests/run-unit.sh build/bin/unit-tests}
"$bin" || exit 1
echo "unit tests again under valgrind:"
CK_FORK=no valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    "$bin" >/dev/null
rc=$?
if [ $rc -ne 0 ]; then
    echo "valgrind: unit tests failed or leaked (exit $rc)"
    exit 1
fi
echo "valgrind: clean"
