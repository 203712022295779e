#!/usr/bin/env bash
# Print a TCP port on 127.0.0.1, in 20000-60000, that nothing uses right now.
# Ports are tried at random, so that tests starting clusters and servers side
# by side rarely pick the same one.  (There is still a window between this
# check and the caller's bind: callers should be ready to retry.)
#
# Usage: sql/free-port.sh
set -euo pipefail

LOW=20000
HIGH=60000
TRIES=200

port_in_use() {
    local p=$1
    if command -v ss >/dev/null 2>&1; then
        # Any socket (listening or connected, any address) with that local port.
        [[ -n $(ss -Htan "( sport = :$p )" 2>/dev/null) ]] && return 0
        return 1
    fi
    # No ss: a successful connect means something listens there.
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        return 0
    fi
    return 1
}

for ((i = 0; i < TRIES; i++)); do
    port=$(((RANDOM << 15 | RANDOM) % (HIGH - LOW + 1) + LOW))
    if ! port_in_use "$port"; then
        printf '%s\n' "$port"
        exit 0
    fi
done
echo "free-port: no free port found in $LOW-$HIGH after $TRIES tries" >&2
exit 1
