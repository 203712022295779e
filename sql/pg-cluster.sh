#!/usr/bin/env bash
# Manage a private PostgreSQL cluster for development and tests.
#
# Usage: sql/pg-cluster.sh <command> <dir> [args]
#
#   init    <dir> [port]     create the cluster once (no-op if it exists);
#                            port defaults to a free one (sql/free-port.sh)
#   start   <dir>            start it if it is not running
#   stop    <dir>            fast shutdown if it is running
#   status  <dir>            exit 0 if running, 3 if not (4: not accessible)
#   url     <dir> [dbname]   print a libpq URI for the cluster's socket
#                            (user zi, database zi unless given)
#   port    <dir>            print the cluster's TCP port (on 127.0.0.1)
#   psql    <dir> [args...]  run psql as user zi (database postgres unless
#                            the args say otherwise)
#   destroy <dir>            stop the cluster and delete it (data, log, socket
#                            dir, and the /var/tmp or /tmp fallbacks)
#
# Layout of <dir>: data/ (PGDATA), log/postgresql.log, run/ (socket dir unless
# the path is too long), socket_dir (the socket dir actually used).
#
# Authentication is trust, for local connections only (unix socket and
# 127.0.0.1); the superuser is "zi".  Durability is left on; ZI_PG_FAST=1 at
# init time turns fsync, synchronous_commit and full_page_writes off, for
# throw-away test clusters.
#
# Run as root, every cluster process and file belongs to the unprivileged
# "postgres" user (or a system user "zi-pg", created when postgres does not
# exist).  If that user cannot reach <dir> (e.g. it is under /root, mode 700),
# the cluster lives in /var/tmp/zi-pg-<hash> and <dir> becomes a symlink to it.
# If the socket path would exceed the 107-byte limit, the socket directory is
# /tmp/zi-pg-<hash>.  <hash> is the first 12 hex digits of the SHA-256 of the
# absolute <dir> path.
#
# Environment: ZI_PG_FAST=1 (see above), ZI_PG_BINDIR (PostgreSQL bin dir,
# default: the highest version under /usr/lib/postgresql), ZI_PG_STOP_MODE (stop: fast by
# default; immediate = a crash without shutdown, for the fault tests).
set -euo pipefail

PROG=pg-cluster
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
PG_SUPERUSER=zi
FALLBACK_OS_USER=zi-pg
MAX_SOCKET_PATH=100

# ---------------------------------------------------------------- helpers --

die() {
    echo "$PROG: error: $*" >&2
    exit 1
}

note() {
    echo "$PROG: $*" >&2
}

usage() {
    sed -n '4,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
    exit 2
}

# Absolute path of $1 without resolving its last component (which may be our
# own symlink); existing parent components are resolved physically.
abspath() {
    local p=$1 parent base
    while [[ $p == */ && $p != / ]]; do p=${p%/}; done
    [[ -n $p && $p != / ]] || die "invalid cluster directory: '$1'"
    parent=$(dirname -- "$p")
    base=$(basename -- "$p")
    [[ $base != . && $base != .. ]] || die "invalid cluster directory: '$1' (name it explicitly)"
    parent=$(realpath -m -- "$parent")
    if [[ $parent == / ]]; then
        printf '/%s\n' "$base"
    else
        printf '%s/%s\n' "$parent" "$base"
    fi
}

path_hash() {
    printf '%s' "$1" | sha256sum | cut -c1-12
}

# The directory that really holds the cluster: <dir> itself, the target of
# <dir> when it is a symlink, or the path in <dir>/.zi-pg-cluster.
resolve_real() {
    local abs=$1 target
    if [[ -L $abs ]]; then
        realpath -m -- "$abs"
    elif [[ -f $abs/.zi-pg-cluster ]]; then
        target=$(head -n1 -- "$abs/.zi-pg-cluster")
        [[ $target == /* ]] || die "bad pointer file $abs/.zi-pg-cluster"
        printf '%s\n' "$target"
    else
        printf '%s\n' "$abs"
    fi
}

find_bindir() {
    local ver=${1:-} d best=
    if [[ -n ${ZI_PG_BINDIR:-} ]]; then
        [[ -x $ZI_PG_BINDIR/pg_ctl ]] || die "ZI_PG_BINDIR=$ZI_PG_BINDIR has no pg_ctl"
        printf '%s\n' "$ZI_PG_BINDIR"
        return
    fi
    if [[ -n $ver && -x /usr/lib/postgresql/$ver/bin/pg_ctl ]]; then
        printf '%s\n' "/usr/lib/postgresql/$ver/bin"
        return
    fi
    # Highest version, compared numerically (9.6 < 15).
    best=$(for d in /usr/lib/postgresql/*/bin; do
               if [[ -x $d/initdb && -x $d/pg_ctl ]]; then printf '%s\n' "$d"; fi
           done | sort -V | tail -n1)
    if [[ -n $best ]]; then
        printf '%s\n' "$best"
        return
    fi
    if d=$(command -v pg_ctl 2>/dev/null) && [[ -x $(dirname -- "$d")/initdb ]]; then
        dirname -- "$d"
        return
    fi
    die "no PostgreSQL server binaries found (install postgresql, or set ZI_PG_BINDIR)"
}

is_root() {
    [[ $EUID -eq 0 ]]
}

# Sets OS_USER: the unprivileged account that owns and runs the cluster.
# When root: the owner of an existing data directory, else postgres, else
# zi-pg (created if $1 = create).
choose_os_user() {
    local mode=${1:-} owner
    if ! is_root; then
        OS_USER=$(id -un)
        if [[ -e $REAL/data ]]; then
            owner=$(stat -c %U -- "$REAL/data")
            [[ $owner == "$OS_USER" ]] ||
                die "the cluster in $REAL belongs to '$owner'; run this as '$owner' or as root"
        fi
        return
    fi
    if [[ -e $REAL/data ]]; then
        owner=$(stat -c %U -- "$REAL/data")
        [[ $owner != root ]] || die "$REAL/data is owned by root; PostgreSQL cannot run as root"
        OS_USER=$owner
    elif getent passwd postgres >/dev/null; then
        OS_USER=postgres
    elif getent passwd "$FALLBACK_OS_USER" >/dev/null; then
        OS_USER=$FALLBACK_OS_USER
    elif [[ $mode == create ]]; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin --comment "zi PostgreSQL dev cluster" \
            "$FALLBACK_OS_USER" || die "could not create system user $FALLBACK_OS_USER"
        note "created system user $FALLBACK_OS_USER to run PostgreSQL"
        OS_USER=$FALLBACK_OS_USER
    else
        OS_USER=postgres
    fi
}

# Run a command as the cluster's OS user, from / (the caller's working
# directory may be unreadable to that user, e.g. /root).
run_as() {
    if is_root; then
        (cd / && runuser -u "$OS_USER" -- "$@" 9<&-)
    else
        "$@" 9<&-
    fi
}

# Create (or check) a private directory owned by the cluster user, mode 0700.
# Refuses symlinks and directories owned by anybody else: the fallbacks live
# in world-writable /tmp and /var/tmp, with predictable names.
make_private_dir() {
    local d=$1 uid owner
    uid=$(id -u -- "$OS_USER")
    [[ -e $d || -L $d ]] || mkdir -m 700 -- "$d" 2>/dev/null || true
    [[ ! -L $d ]] || die "refusing to use $d: it is a symlink"
    [[ -d $d ]] || die "could not create directory $d"
    owner=$(stat -c %u -- "$d")
    if [[ $owner != "$uid" ]]; then
        if is_root && [[ $owner == 0 ]]; then
            chown -- "$OS_USER:" "$d"
        else
            die "refusing to use $d: owned by uid $owner, not $OS_USER"
        fi
    fi
    chmod 700 -- "$d"
}

# Serialise init/start/stop/destroy of one cluster: flock on the cluster
# directory itself (never on a shared parent such as /tmp).  Fd 9 is closed
# in every child (run_as), so a postmaster never inherits the lock.
take_lock() {
    command -v flock >/dev/null || return 0
    [[ -d $REAL && -r $REAL ]] || return 0
    exec 9<"$REAL"
    flock 9
}

# Is <path> usable as a value of unix_socket_directories without quoting
# trouble (commas and quotes are special in that setting)?
plain_path() {
    [[ $1 =~ ^[A-Za-z0-9._/+@~-]+$ ]]
}

conf_value() {
    # Last setting of $1 in postgresql.conf / postgresql.auto.conf.
    local key=$1 f line val=
    for f in "$REAL/data/postgresql.conf" "$REAL/data/postgresql.auto.conf"; do
        [[ -r $f ]] || continue
        while IFS= read -r line; do
            if [[ $line =~ ^[[:space:]]*${key}([[:space:]]*=[[:space:]]*|[[:space:]]+)\'?([^\'#[:space:]]*) ]]; then
                val=${BASH_REMATCH[2]}
            fi
        done <"$f"
    done
    printf '%s\n' "$val"
}

cluster_port() {
    local p
    [[ -r $REAL/data/postgresql.conf ]] ||
        die "cannot read $REAL/data/postgresql.conf (cluster missing, or owned by another user)"
    p=$(conf_value port)
    printf '%s\n' "${p:-5432}"
}

socket_dir() {
    local s=
    if [[ -r $REAL/socket_dir ]]; then
        s=$(head -n1 -- "$REAL/socket_dir")
    fi
    if [[ -z $s ]]; then
        s=$(conf_value unix_socket_directories)
        s=${s%%,*}
    fi
    [[ -n $s ]] || die "cannot tell the socket directory of the cluster in $REAL"
    printf '%s\n' "$s"
}

# Die if the cluster directory exists but this user cannot look into it
# (typically: created by root for user postgres, used by a normal user).
check_accessible() {
    if [[ -e $REAL && ! ( -r $REAL && -x $REAL ) ]] ||
        [[ -e $REAL/data && ! ( -r $REAL/data && -x $REAL/data ) ]]; then
        die "the cluster in $ABS is not accessible to $(id -un)" \
            "(owner: $(stat -c %U -- "$REAL" 2>/dev/null || echo '?'); run this as that user or as root)"
    fi
}

require_cluster() {
    [[ -f $REAL/data/PG_VERSION ]] && return 0
    check_accessible
    die "no cluster in $ABS (run: $0 init $ABS <port>)"
}

setup_cluster() {
    local ver=
    ABS=$(abspath "$1")
    HASH=$(path_hash "$ABS")
    REAL=$(resolve_real "$ABS")
    if [[ -r $REAL/data/PG_VERSION ]]; then
        ver=$(head -n1 -- "$REAL/data/PG_VERSION")
    fi
    BINDIR=$(find_bindir "$ver")
}

pg_status_code() {
    # 0 running, 3 not running, 4 no accessible cluster.
    local rc=0
    [[ -f $REAL/data/PG_VERSION ]] || return 3
    run_as "$BINDIR/pg_ctl" status -D "$REAL/data" >/dev/null 2>&1 || rc=$?
    case $rc in
        0) return 0 ;;
        3) return 3 ;;
        *) return 4 ;;
    esac
}

urlencode() {
    local LC_ALL=C s=$1 out='' c i
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        if [[ $c =~ [A-Za-z0-9._~/-] ]]; then
            out+=$c
        else
            out+=$(printf '%%%02X' "'$c")
        fi
    done
    printf '%s\n' "$out"
}

# --------------------------------------------------------------- commands --

# init on an existing cluster: say so, and warn if it uses another port than
# the one asked for ($1, empty if none).
init_exists() {
    local old_port
    old_port=$(cluster_port 2>/dev/null || echo '?')
    note "cluster already initialised in $ABS (port $old_port); nothing to do"
    if [[ -n $1 && $old_port != "$1" ]]; then
        note "warning: it listens on port $old_port, not $1 (see: $0 url $ABS)"
    fi
}

cmd_init() {
    local port=${2:-} parent sock_dir locale_opt fast=${ZI_PG_FAST:-0} tmpdata
    setup_cluster "$1"
    if [[ -z $port ]]; then
        port=$("$SCRIPT_DIR/free-port.sh")
    fi
    if ! [[ $port =~ ^[1-9][0-9]{0,4}$ ]] || ((port > 65535)); then
        die "invalid port: '$port'"
    fi

    check_accessible
    if [[ -f $REAL/data/PG_VERSION ]]; then
        init_exists "${2:-}"
        return 0
    fi
    choose_os_user create

    # Where the cluster files go.
    if is_root && [[ $REAL == "$ABS" ]]; then
        parent=$(dirname -- "$ABS")
        mkdir -p -- "$parent"
        if runuser -u "$OS_USER" -- test -x "$parent" 2>/dev/null; then
            mkdir -p -- "$ABS"
            chown -- "$OS_USER:" "$ABS"
            chmod 700 -- "$ABS"
        else
            REAL=/var/tmp/zi-pg-$HASH
            make_private_dir "$REAL"
            if [[ -f $REAL/data/PG_VERSION ]]; then
                note "reusing the existing cluster in $REAL for $ABS"
            fi
            if [[ -L $ABS && $(realpath -m -- "$ABS") == "$REAL" ]]; then
                : # a concurrent init got here first
            elif [[ ! -e $ABS ]] || rmdir -- "$ABS" 2>/dev/null; then
                ln -s -- "$REAL" "$ABS"
                note "$parent is not accessible to user $OS_USER (PostgreSQL cannot run as root);" \
                    "cluster placed in $REAL, $ABS is a symlink to it"
            else
                printf '%s\n' "$REAL" >"$ABS/.zi-pg-cluster"
                note "$parent is not accessible to user $OS_USER (PostgreSQL cannot run as root);" \
                    "cluster placed in $REAL ($ABS is not empty: pointer in $ABS/.zi-pg-cluster)"
            fi
        fi
    elif is_root; then
        # <dir> is already a symlink / pointer to the real location.
        if [[ $REAL == /var/tmp/zi-pg-* ]]; then
            make_private_dir "$REAL"
        else
            mkdir -p -- "$REAL"
            chown -- "$OS_USER:" "$REAL"
            chmod 700 -- "$REAL"
        fi
        runuser -u "$OS_USER" -- test -x "$REAL" ||
            die "$REAL is not accessible to user $OS_USER"
    else
        mkdir -p -- "$REAL"
    fi
    take_lock
    if [[ -f $REAL/data/PG_VERSION ]]; then
        init_exists "${2:-}"
        return 0
    fi
    if [[ -e $REAL/data ]]; then
        die "$REAL/data exists but holds no cluster (interrupted init?); remove it and retry"
    fi

    # Socket directory: <real>/run unless the socket path would be too long.
    sock_dir=$REAL/run
    if ((${#sock_dir} + ${#port} + 10 > MAX_SOCKET_PATH)) || ! plain_path "$sock_dir"; then
        sock_dir=/tmp/zi-pg-$HASH
        make_private_dir "$sock_dir"
        note "socket path under $REAL/run would be too long (or has special characters);" \
            "using socket directory $sock_dir"
    else
        [[ -d $sock_dir ]] || mkdir -m 700 -- "$sock_dir"
        if is_root; then chown -- "$OS_USER:" "$sock_dir"; fi
    fi
    mkdir -p -- "$REAL/log"
    printf '%s\n' "$sock_dir" >"$REAL/socket_dir"
    if is_root; then chown -- "$OS_USER:" "$REAL/log" "$REAL/socket_dir"; fi

    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        locale_opt=C.UTF-8
    else
        locale_opt=C
    fi

    # initdb into a scratch dir, renamed into place only when complete, so an
    # interrupted init never leaves a half-configured cluster behind.
    tmpdata=$REAL/data.initdb
    rm -rf -- "$tmpdata"
    : >"$REAL/log/initdb.log"
    if is_root; then chown -- "$OS_USER:" "$REAL/log/initdb.log"; fi
    if ! run_as "$BINDIR/initdb" -D "$tmpdata" -U "$PG_SUPERUSER" -E UTF8 \
        --locale="$locale_opt" --auth-local=trust --auth-host=trust \
        --no-instructions >>"$REAL/log/initdb.log" 2>&1; then
        cat -- "$REAL/log/initdb.log" >&2
        rm -rf -- "$tmpdata"
        die "initdb failed (log: $REAL/log/initdb.log)"
    fi

    {
        echo
        echo "# ---- added by sql/pg-cluster.sh ----"
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$sock_dir'"
        echo "max_connections = 100"
        echo "# The server's stderr goes to log/postgresql.log (pg_ctl -l)."
        echo "logging_collector = off"
        echo "log_destination = 'stderr'"
        echo "log_line_prefix = '%m [%p] %q%u@%d '"
        if [[ $fast == 1 ]]; then
            echo "# ZI_PG_FAST=1: throw-away cluster, durability off."
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        else
            echo "# fsync, synchronous_commit, full_page_writes: defaults (on)."
        fi
    } >>"$tmpdata/postgresql.conf"

    cat >"$tmpdata/pg_hba.conf" <<'EOF'
# Written by sql/pg-cluster.sh: trust authentication, local connections only.
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
EOF

    # The default database of `url`, owned by the superuser.  Single-user mode:
    # no server, no socket needed yet.
    if ! run_as "$BINDIR/postgres" --single -D "$tmpdata" -c exit_on_error=on postgres \
        <<<"CREATE DATABASE $PG_SUPERUSER OWNER $PG_SUPERUSER;" >>"$REAL/log/initdb.log" 2>&1 ||
        grep -q 'ERROR' "$REAL/log/initdb.log"; then
        tail -n 20 -- "$REAL/log/initdb.log" >&2
        rm -rf -- "$tmpdata"
        die "could not create database $PG_SUPERUSER (log: $REAL/log/initdb.log)"
    fi

    mv -T -- "$tmpdata" "$REAL/data"
    if [[ $fast == 1 ]]; then fast=", fast mode (no fsync)"; else fast=; fi
    note "initialised cluster in $ABS (PostgreSQL $(head -n1 -- "$REAL/data/PG_VERSION"), port $port," \
        "socket dir $sock_dir, superuser $PG_SUPERUSER$fast)"
}

cmd_start() {
    local sock_dir log out rc=0
    setup_cluster "$1"
    take_lock
    require_cluster
    choose_os_user
    if pg_status_code; then
        note "already running ($ABS)"
        return 0
    fi
    # The socket dir may have been removed (e.g. /tmp cleaned at boot).
    sock_dir=$(socket_dir)
    if [[ $sock_dir == /tmp/zi-pg-* ]]; then
        make_private_dir "$sock_dir"
    elif [[ ! -d $sock_dir ]]; then
        mkdir -m 700 -- "$sock_dir"
        if is_root; then chown -- "$OS_USER:" "$sock_dir"; fi
    fi
    mkdir -p -- "$REAL/log"
    if is_root; then chown -- "$OS_USER:" "$REAL/log"; fi
    log=$REAL/log/postgresql.log
    out=$(run_as "$BINDIR/pg_ctl" -D "$REAL/data" -w -t 30 -l "$log" start 2>&1) || rc=$?
    if ((rc != 0)); then
        printf '%s\n' "$out" >&2
        echo "---- last 20 lines of $log ----" >&2
        tail -n 20 -- "$log" >&2 2>/dev/null || echo "(no log)" >&2
        die "could not start the cluster in $ABS"
    fi
    note "started ($ABS, port $(cluster_port), socket dir $sock_dir)"
}

cmd_stop() {
    local rc=0
    setup_cluster "$1"
    take_lock
    check_accessible
    if [[ ! -f $REAL/data/PG_VERSION ]]; then
        note "no cluster in $ABS; nothing to stop"
        return 0
    fi
    choose_os_user
    pg_status_code || rc=$?
    case $rc in
        0) ;;
        3) note "not running ($ABS)"; return 0 ;;
        *) die "cannot access the cluster in $ABS" ;;
    esac
    local mode=${ZI_PG_STOP_MODE:-fast}
    [[ $mode == fast || $mode == immediate || $mode == smart ]] || die "ZI_PG_STOP_MODE must be fast, immediate or smart"
    run_as "$BINDIR/pg_ctl" -D "$REAL/data" -m "$mode" -w -t 60 stop >/dev/null ||
        die "could not stop the cluster in $ABS"
    note "stopped ($ABS)"
}

cmd_status() {
    local rc=0
    setup_cluster "$1"
    if [[ ! -f $REAL/data/PG_VERSION ]]; then
        if [[ -e $REAL && ! ( -r $REAL && -x $REAL ) ]] ||
            [[ -e $REAL/data && ! ( -r $REAL/data && -x $REAL/data ) ]]; then
            echo "unknown: the cluster in $ABS is not accessible to $(id -un)" >&2
            exit 4
        fi
        echo "not running (no cluster in $ABS)"
        exit 3
    fi
    choose_os_user
    pg_status_code || rc=$?
    case $rc in
        0) echo "running ($ABS, port $(cluster_port), socket dir $(socket_dir))" ;;
        3) echo "not running ($ABS)" ;;
        *) echo "unknown: cannot access the cluster in $ABS" >&2 ;;
    esac
    exit "$rc"
}

cmd_url() {
    local db=${2:-zi}
    setup_cluster "$1"
    require_cluster
    printf 'postgresql://%s@/%s?host=%s&port=%s\n' "$PG_SUPERUSER" "$(urlencode "$db")" \
        "$(urlencode "$(socket_dir)")" "$(cluster_port)"
}

cmd_port() {
    setup_cluster "$1"
    require_cluster
    cluster_port
}

cmd_psql() {
    local sock port psql_bin
    setup_cluster "$1"
    shift
    require_cluster
    sock=$(socket_dir)
    port=$(cluster_port)
    psql_bin=$BINDIR/psql
    [[ -x $psql_bin ]] || psql_bin=psql
    unset PGHOSTADDR PGSERVICE PGSERVICEFILE
    PGHOST=$sock PGPORT=$port PGUSER=$PG_SUPERUSER PGDATABASE=postgres \
        exec "$psql_bin" "$@" 9<&-
}

cmd_destroy() {
    local sock_dir='' e rc=0
    setup_cluster "$1"
    take_lock
    check_accessible
    if [[ -f $REAL/data/PG_VERSION ]]; then
        choose_os_user
        pg_status_code || rc=$?
        if ((rc == 0)); then
            run_as "$BINDIR/pg_ctl" -D "$REAL/data" -m fast -w -t 60 stop >/dev/null ||
                die "could not stop the cluster in $ABS"
        elif ((rc != 3)); then
            die "cannot access the cluster in $ABS"
        fi
    fi
    if [[ -r $REAL/socket_dir ]]; then
        sock_dir=$(head -n1 -- "$REAL/socket_dir")
    fi
    # Remove only what this script creates.
    if [[ -d $REAL ]]; then
        for e in data data.initdb log run socket_dir; do
            rm -rf -- "${REAL:?}/$e"
        done
        if [[ $REAL != "$ABS" ]]; then
            rmdir -- "$REAL" 2>/dev/null || note "left $REAL in place (not empty)"
        fi
    fi
    if [[ $sock_dir == /tmp/zi-pg-"$HASH" && -d $sock_dir && ! -L $sock_dir ]]; then
        rm -rf -- "$sock_dir"
    fi
    if [[ -L $ABS ]]; then
        rm -f -- "$ABS"
    elif [[ -f $ABS/.zi-pg-cluster ]]; then
        rm -f -- "$ABS/.zi-pg-cluster"
    fi
    if [[ -d $ABS && ! -L $ABS ]]; then
        rmdir -- "$ABS" 2>/dev/null || true
    fi
    note "destroyed cluster $ABS"
}

# ------------------------------------------------------------------- main --

main() {
    (($# >= 2)) || usage
    local cmd=$1
    shift
    case $cmd in
        init) (($# <= 2)) || usage; cmd_init "$@" ;;
        start) (($# == 1)) || usage; cmd_start "$@" ;;
        stop) (($# == 1)) || usage; cmd_stop "$@" ;;
        status) (($# == 1)) || usage; cmd_status "$@" ;;
        url) (($# <= 2)) || usage; cmd_url "$@" ;;
        port) (($# == 1)) || usage; cmd_port "$@" ;;
        psql) cmd_psql "$@" ;;
        destroy) (($# == 1)) || usage; cmd_destroy "$@" ;;
        -h | --help | help) usage ;;
        *) usage ;;
    esac
}

main "$@"
