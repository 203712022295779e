#!/bin/sh
# Node.js and npm for the contract tests: Debian's packages unless a node is already on PATH.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && exit 0
exec sh "$(dirname "$0")/deps.sh" nodejs npm
