#!/usr/bin/env bash
# shellcheck disable=SC2015  # ok/bad always return 0
# deploy/check.sh — check the systemd units in deploy/systemd/ (run by `make docker-check`).
# From the repository root:
#
#     bash deploy/check.sh [BUILD_DIR]      (default: build; zi-server is built if missing)
#
# What it checks (every line it prints is one check: ok, FAIL or skip):
#   1. systemd-analyze verify of both units in a scratch root that holds this machine's system
#      units, the units and zi-server at the path `make install` gives it: unknown keys, values
#      that do not parse, missing executables and dependencies. Any warning about our units
#      fails. Then `systemd-analyze security --offline` must rate each unit at most
#      SECURITY_MAX (exposure, 0 = locked down, 10 = none). systemd-analyze comes with Debian's
#      `systemd` package; it is installed when missing and possible (root, or sudo without a
#      password), else this part is skipped and part 2 stands alone.
#   2. A static lint that needs nothing but python3: the required keys and values (user and
#      group zi, the EnvironmentFile, the hardening set, the restart policy), ExecStart is
#      $(PREFIX)/bin/zi-server as `make -n install` installs it, LimitNOFILE, TasksMax and
#      TimeoutStopSec cover the limits in the server's sources (ZI_MAX_CONNECTIONS, the pool, the
#      drain and the long-poll), no Type=notify (zi-server does not call sd_notify).
#   3. zi-server.env.example against `zi-server --help`: the same ZI_* variables, each once, and
#      every commented default equal to the one --help prints.
# Exit status: 0 when every check passed, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
BUILD=${1:-build}
UNITS=deploy/systemd
ENV_EXAMPLE=$UNITS/zi-server.env.example
SECURITY_MAX=2.0
pass=0
fail=0
ok()   { printf '  ok    %s\n' "$*"; pass=$((pass + 1)); }
bad()  { printf '  FAIL  %s\n' "$*"; fail=$((fail + 1)); }
skip() { printf '  skip  %s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }
pycheck() {
    local out line rc
    out=$(python3 - "$@" 2>&1)
    rc=$?
    while IFS= read -r line; do
        case $line in
            "ok "*) ok "${line#ok }" ;;
            "FAIL "*) bad "${line#FAIL }" ;;
            "") ;;
            *) printf '        %s\n' "$line" ;;
        esac
    done <<<"$out"
    [ "$rc" = 0 ] || bad "python check exited $rc"
}

for f in $UNITS/zi-server.service $UNITS/zi-migrate.service "$ENV_EXAMPLE"; do
    [ -f "$f" ] || { echo "missing $f"; exit 1; }
done
command -v python3 >/dev/null || { echo "python3 is needed"; exit 1; }

BIN=$BUILD/bin/zi-server
if [ ! -x "$BIN" ]; then
    echo "deploy/check.sh: building $BIN (make all)"
    make -s --no-print-directory all >/dev/null || { echo "make all failed"; exit 1; }
fi
HELP=$("$BIN" --help 2>&1) || { echo "$BIN --help failed"; exit 1; }

# Where `make install` puts zi-server with the Makefile's own PREFIX (not one inherited from
# the caller's environment or command line): read from its dry run, nothing is built.
INSTALL_CMD=$(env -u MAKEFLAGS -u MAKELEVEL -u PREFIX -u DESTDIR \
    make -n --no-print-directory install DESTDIR= 2>/dev/null | grep -E '^install .*bin/zi-server ' | head -n 1)
INSTALLED=${INSTALL_CMD##* }
if [[ $INSTALLED == /*/bin/zi-server ]]; then
    ok "make -n install puts zi-server at $INSTALLED"
else
    bad "cannot tell where make install puts zi-server (make -n install: '${INSTALL_CMD:-nothing}')"
    INSTALLED=/usr/local/bin/zi-server
fi

# ---------------------------------------------------------------------------------------------
section "1. systemd-analyze verify and security"
if ! command -v systemd-analyze >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; then
        echo "        systemd-analyze is missing: installing Debian's systemd package (tools/deps.sh)"
        sh tools/deps.sh systemd >/dev/null 2>&1 || true
    fi
fi
if ! command -v systemd-analyze >/dev/null 2>&1; then
    skip "systemd-analyze: not installed and cannot be installed here (no root, no sudo);" \
         "static lint only (sections 2 and 3)"
elif [ ! -d /lib/systemd/system ] && [ ! -d /usr/lib/systemd/system ]; then
    skip "systemd-analyze: no system units on this machine to verify against; static lint only"
else
    ROOT=$(mktemp -d)
    trap 'rm -rf "$ROOT"' EXIT
    mkdir -p "$ROOT/etc/systemd/system" "$ROOT/usr/lib/systemd" "$ROOT$(dirname "$INSTALLED")"
    cp -a "$(readlink -f /lib/systemd/system)" "$ROOT/usr/lib/systemd/system"
    cp $UNITS/zi-server.service $UNITS/zi-migrate.service "$ROOT/etc/systemd/system/"
    install -m 0755 "$BIN" "$ROOT$INSTALLED"
    for unit in zi-server.service zi-migrate.service; do
        out=$(systemd-analyze verify --man=no --root="$ROOT" "$unit" 2>&1)
        rc=$?
        ours=$(grep -E 'zi-(server|migrate)\.service' <<<"$out")
        if [ "$rc" = 0 ] && [ -z "$ours" ]; then
            ok "systemd-analyze verify $unit ($(systemd-analyze --version | head -n 1))"
        else
            bad "systemd-analyze verify $unit (exit $rc): $(tr '\n' ' ' <<<"${ours:-$out}")"
        fi
        others=$(grep -vE 'zi-(server|migrate)\.service' <<<"$out" | grep -v '^$')
        [ -z "$others" ] || printf '        (about other units: %s)\n' "$(head -n 3 <<<"$others" | tr '\n' ' ')"
        out=$(systemd-analyze security --offline=true --root="$ROOT" "$unit" 2>&1)
        level=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$out")
        if [ -z "$level" ]; then
            bad "systemd-analyze security $unit: no exposure level ($(tail -n 2 <<<"$out" | tr '\n' ' '))"
        elif awk -v l="$level" -v m="$SECURITY_MAX" 'BEGIN { exit !(l <= m) }'; then
            ok "systemd-analyze security --offline $unit: exposure $level (at most $SECURITY_MAX)"
        else
            bad "systemd-analyze security --offline $unit: exposure $level, above $SECURITY_MAX:" \
                "$(grep '^✗' <<<"$out" | head -n 5 | tr -s ' ' | tr '\n' ';')"
        fi
    done
fi

# ---------------------------------------------------------------------------------------------
section "2. Static lint of the units"
pycheck "$UNITS" "$INSTALLED" server/src/zi_limits.h server/src/api/events.c "$BIN" <<'PY'
import os, re, subprocess, sys

units, installed, limits_h, events_c, binary = sys.argv[1:6]
def ok(m): print("ok " + m)
def bad(m): print("FAIL " + m)
def check(c, m): ok(m) if c else bad(m)

def parse(path):
    """{section: {key: [values in order]}}; continuation lines joined, comments dropped."""
    out, sec, cur = {}, None, ""
    for raw in open(path):
        line = raw.rstrip("\n")
        if cur:
            line, cur = cur + line.lstrip(), ""
        s = line.strip()
        if not s or s[0] in "#;":
            continue
        if s.endswith("\\"):
            cur = s[:-1] + " "
            continue
        m = re.fullmatch(r"\[(\w+)\]", s)
        if m:
            sec = m.group(1)
            out.setdefault(sec, {})
            continue
        k, sep, v = s.partition("=")
        if not sep or sec is None:
            bad(f"{os.path.basename(path)}: cannot parse line: {s}")
            continue
        out[sec].setdefault(k.strip(), []).append(v.strip())
    return out

def const(path, name):
    m = re.search(r"#define\s+" + name + r"\s+(\d+)", open(path).read())
    return int(m.group(1)) if m else None

def seconds(v):
    m = re.fullmatch(r"(\d+)\s*(s|sec|min|m)?", v)
    if not m:
        return None
    return int(m.group(1)) * (60 if m.group(2) in ("min", "m") else 1)

# Both units: who runs it, with what settings, and the hardening set.
hardening = {
    "NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes",
    "PrivateDevices": "yes", "ProtectKernelTunables": "yes", "ProtectKernelModules": "yes",
    "ProtectKernelLogs": "yes", "ProtectControlGroups": "yes", "RestrictNamespaces": "yes",
    "LockPersonality": "yes", "MemoryDenyWriteExecute": "yes", "User": "zi", "Group": "zi",
}
for name, cmd in (("zi-server.service", "serve"), ("zi-migrate.service", "migrate")):
    u = parse(os.path.join(units, name))
    svc = u.get("Service", {})
    last = lambda k: (svc.get(k) or [None])[-1]
    missing = [f"{k}={v}" for k, v in hardening.items() if last(k) != v]
    check(not missing, f"{name}: {', '.join(f'{k}={v}' for k, v in hardening.items() if k not in ('User', 'Group'))}, "
                       f"User=zi, Group=zi (wrong or missing: {missing or 'none'})")
    check("DynamicUser" not in svc, f"{name}: a static user (no DynamicUser=)")
    check("/etc/zi/zi-server.env" in (svc.get("EnvironmentFile") or []),
          f"{name}: EnvironmentFile=/etc/zi/zi-server.env (required, no '-')")
    fams = set(" ".join(svc.get("RestrictAddressFamilies") or []).split())
    check(fams == {"AF_INET", "AF_INET6", "AF_UNIX"}, f"{name}: RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX (has {sorted(fams)})")
    filters = " ".join(svc.get("SystemCallFilter") or []).split()
    check("@system-service" in filters, f"{name}: SystemCallFilter=@system-service")
    caps = svc.get("CapabilityBoundingSet")
    check(caps is not None and caps[-1] == "", f"{name}: CapabilityBoundingSet= (empty: no capabilities)")
    check(not [v for v in svc.get("ReadWritePaths", [])], f"{name}: no ReadWritePaths (zi-server writes no files)")
    ex = svc.get("ExecStart") or []
    check(len(ex) == 1 and ex[0].split()[:2] == [installed, cmd],
          f"{name}: ExecStart={installed} {cmd} (make install's path; has {ex})")
    typ = last("Type") or "simple"
    check(typ != "notify", f"{name}: Type={typ} (not notify: zi-server does not call sd_notify)")

srv = parse(os.path.join(units, "zi-server.service"))
svc, unit = srv.get("Service", {}), srv.get("Unit", {})
last = lambda d, k: (d.get(k) or [None])[-1]
check(last(svc, "Type") == "simple", "zi-server.service: Type=simple")
# zi-server calls no sd_notify (libsystemd may be loaded through other libraries; what
# counts is that zi-server itself imports none of its functions).
try:
    syms = subprocess.run(["nm", "-D", "--undefined-only", binary], capture_output=True, text=True).stdout
    check(re.search(r"\bsd_notify", syms) is None,
          "zi-server imports no sd_notify* (Type=notify would wait for a message that never comes)")
except OSError:
    print("(nm is not installed: sd_notify import not checked)")
check(last(svc, "Restart") == "on-failure", "zi-server.service: Restart=on-failure")
rs = seconds(last(svc, "RestartSec") or "")
check(rs is not None and rs >= 1, f"zi-server.service: RestartSec ≥ 1 s (has {last(svc, 'RestartSec')})")
check(last(unit, "StartLimitIntervalSec") and last(unit, "StartLimitBurst"),
      "zi-server.service: StartLimitIntervalSec and StartLimitBurst in [Unit]")
check("2" in (last(svc, "RestartPreventExitStatus") or "").split(),
      "zi-server.service: RestartPreventExitStatus=2 (a configuration error is not retried)")
check("zi-migrate.service" in " ".join(unit.get("Requires", [])) and "zi-migrate.service" in " ".join(unit.get("After", [])),
      "zi-server.service: Requires= and After=zi-migrate.service")
mig = parse(os.path.join(units, "zi-migrate.service"))
check(last(mig.get("Service", {}), "Type") == "oneshot" and last(mig.get("Service", {}), "RemainAfterExit") == "yes",
      "zi-migrate.service: Type=oneshot, RemainAfterExit=yes (once per boot, not per server restart)")

# Descriptors: every client connection, the pool at its largest, the webhook workers at their
# largest, an epoll descriptor and a wake-up pipe per thread of a 256-thread pool, plus slack.
conns = const(limits_h, "ZI_MAX_CONNECTIONS")
need = (conns or 0) + 256 + 64 + 2 * 256 + 64
nofile = last(svc, "LimitNOFILE") or ""
n = int(nofile.split(":")[0]) if re.fullmatch(r"\d+(:\d+)?", nofile) else 0
check(conns is not None and n >= need,
      f"zi-server.service: LimitNOFILE={nofile or 'unset'} ≥ {need} (ZI_MAX_CONNECTIONS {conns} + pool 256 + "
      "webhooks 64 + 2 × 256 threads + 64)")
# Threads: a thread per connection at the most, the webhook workers, slack.
tasks = last(svc, "TasksMax") or ""
need_tasks = (conns or 0) + 64 + 64
check(tasks == "infinity" or (tasks.isdigit() and int(tasks) >= need_tasks),
      f"zi-server.service: TasksMax={tasks or 'unset'} ≥ {need_tasks} (a thread per connection {conns} + webhooks 64 + 64)")
# Stopping: the drain, then a long-poll that is still waiting.
drain = const(limits_h, "ZI_SHUTDOWN_DRAIN_S")
wait = const(events_c, "EVENTS_WAIT_MAX")
stop = seconds(last(svc, "TimeoutStopSec") or "")
check(drain is not None and wait is not None and stop is not None and stop >= drain + wait,
      f"zi-server.service: TimeoutStopSec={last(svc, 'TimeoutStopSec')} ≥ drain {drain} s + long-poll {wait} s")
check((last(svc, "KillSignal") or "SIGTERM") == "SIGTERM", "zi-server.service: stopped with SIGTERM (graceful drain)")
PY

# ---------------------------------------------------------------------------------------------
section "3. $ENV_EXAMPLE against zi-server --help"
ZI_HELP_TEXT=$HELP pycheck "$ENV_EXAMPLE" <<'PY'
import os, re, sys
help_text = os.environ["ZI_HELP_TEXT"]
def ok(m): print("ok " + m)
def bad(m): print("FAIL " + m)
helpvars = {}
for line in help_text.splitlines():
    m = re.match(r"\s+(ZI_[A-Z0-9_]+)\s+(--\S+)\s+(\S+)", line)
    if m:
        helpvars[m.group(1)] = None if m.group(3) == "(unset)" else m.group(3)
if not helpvars:
    bad("no ZI_* variable found in zi-server --help"); sys.exit(0)
seen, dup, values = set(), [], {}
for raw in open(sys.argv[1]):
    m = re.match(r"^(#)?(ZI_[A-Z0-9_]+)=(.*)$", raw.rstrip("\n"))
    if not m:
        if re.search(r"\bZI_[A-Z0-9_]+=", raw) and not raw.startswith("#     "):
            bad(f"an assignment the lint cannot read: {raw.strip()}")
        continue
    name = m.group(2)
    if name in seen:
        dup.append(name)
    seen.add(name)
    values[name] = (bool(m.group(1)), m.group(3))
unknown = sorted(seen - set(helpvars))
missing = sorted(set(helpvars) - seen)
(ok if not unknown else bad)(f"every ZI_* variable of the example exists in zi-server --help (unknown: {unknown or 'none'})")
(ok if not missing else bad)(f"every variable of zi-server --help is in the example ({len(helpvars)}; missing: {missing or 'none'})")
(ok if not dup else bad)(f"each variable once (repeated: {dup or 'none'})")
wrong = [f"{k}={v[1]} (--help: {helpvars[k]})" for k, v in values.items()
         if k in helpvars and v[0] and helpvars[k] is not None and v[1] != helpvars[k]]
(ok if not wrong else bad)(f"commented lines show the defaults of --help (differ: {wrong or 'none'})")
active = sorted(k for k, v in values.items() if not v[0])
(ok if "ZI_DATABASE_URL" in active else bad)(f"ZI_DATABASE_URL is set (uncommented: {active})")
PY

printf '\ndeploy/check.sh: %d passed, %d failed\n' "$pass" "$fail"
[ "$fail" = 0 ]
