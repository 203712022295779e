#!/usr/bin/env bash
# shellcheck disable=SC2015,SC2012,SC1003,SC2016,SC1091  # ok/bad always return 0; info-level only
# docker/check.sh — check docker/Dockerfile, docker/compose.yaml and .dockerignore on a machine
# with no Docker engine (the docker client alone, or no docker at all). From the repository root:
#
#     bash docker/check.sh
#
# What it checks, in order (every line it prints is one check: ok, FAIL or skip):
#   1. compose.yaml: `docker compose config -q` when the compose plugin is installed; always a
#      structural check with python3 + yaml (services, images, depends_on conditions, ports,
#      healthchecks, the build context, variables with defaults).
#   2. Dockerfile: hadolint when it is on PATH; always a structural check (named stages, Debian 12
#      tags and no `latest`, non-root USER in the final stage, HEALTHCHECK on /healthz, the apt
#      conventions, ENTRYPOINT/CMD, the build packages against the Makefile's DEPS_RUN) and
#      .dockerignore.
#   3. The apt package lists of both stages on this Debian 12 machine: every name has a candidate
#      (apt-cache policy) and each list resolves as a whole (apt-get install --dry-run).
#   4. The build stage, simulated: the build context that .dockerignore leaves, copied to a
#      temporary directory, `make all` and `make install DESTDIR=/stage` there (the Dockerfile's
#      commands, on this machine's packages); then the runtime list is complete: every library
#      `ldd zi-server` loads is mapped with `dpkg -S` to its package, which must be in the
#      runtime list (direct NEEDED libraries, glibc aside), in its Depends closure or in Debian's
#      minbase (indirect ones); and every runtime package but ca-certificates and curl must be
#      behind a library.
#   5. The subcommands the image and compose.yaml use exist in `zi-server --help`.
#
# What it cannot check without an engine: that the image builds and runs (apt and `make all`
# inside a clean bookworm-slim rather than on this machine, the runtime image starting, healthchecks turning healthy,
# migrate exiting 0, the api reaching db over the compose network). Exit status: 0 when every
# check passed, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

DOCKERFILE=docker/Dockerfile
COMPOSE=docker/compose.yaml
pass=0
fail=0
ok()   { printf '  ok    %s\n' "$*"; pass=$((pass + 1)); }
bad()  { printf '  FAIL  %s\n' "$*"; fail=$((fail + 1)); }
skip() { printf '  skip  %s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }
# Runs python3 code that prints "ok ..." / "FAIL ..." lines; counts them.
pycheck() {
    local out line
    out=$(python3 - "$@" 2>&1)
    local rc=$?
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

for f in "$DOCKERFILE" "$COMPOSE" .dockerignore; do
    [ -f "$f" ] || { echo "missing $f"; exit 1; }
done
command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null \
    || { echo "python3 with yaml (python3-yaml) is needed"; exit 1; }

# The package lists of the two stages, between the "# X_PACKAGES begin/end" markers.
pkglist() {
    sed -n "/# $1 begin/,/# $1 end/p" "$DOCKERFILE" | grep -v '#' | tr -d '\\' | tr -s ' \n' ' ' | sed 's/^ //; s/ $//'
}
BUILD_PKGS=$(pkglist BUILD_PACKAGES)
RUNTIME_PKGS=$(pkglist RUNTIME_PACKAGES)

# ---------------------------------------------------------------------------------------------
section "1. $COMPOSE"
if docker compose version >/dev/null 2>&1; then
    if out=$(docker compose -f "$COMPOSE" config -q 2>&1); then
        ok "docker compose config -q"
    else
        bad "docker compose config -q: $out"
    fi
else
    skip "docker compose config -q: no compose plugin here (\`docker compose version\` fails); structural check only"
fi

pycheck "$COMPOSE" <<'PY'
import os, re, sys, yaml

path = sys.argv[1]
def ok(m): print("ok " + m)
def bad(m): print("FAIL " + m)
def check(cond, m): ok(m) if cond else bad(m)

text = open(path).read()
try:
    doc = yaml.safe_load(text)
except yaml.YAMLError as e:
    bad(f"YAML parses: {e}"); sys.exit(0)
ok("YAML parses")

check(isinstance(doc, dict) and isinstance(doc.get("services"), dict), "top level has services")
check("version" not in doc, "no obsolete top-level `version:` (Compose specification)")
allowed_top = {"name", "services", "networks", "volumes", "secrets", "configs", "include"}
extra = [k for k in doc if k not in allowed_top and not k.startswith("x-")]
check(not extra, f"top-level keys are Compose spec keys (unknown: {extra or 'none'})")

svcs = doc.get("services") or {}
for name in ("db", "migrate", "api"):
    check(name in svcs, f"service `{name}` defined")
if not all(n in svcs for n in ("db", "migrate", "api")):
    sys.exit(0)
db, migrate, api = svcs["db"], svcs["migrate"], svcs["api"]

# Keys a service may have (Compose specification); catches typos such as `depend_on`.
service_keys = set("""annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command
 configs container_name cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares
 cpus cpuset credential_spec depends_on deploy develop device_cgroup_rules devices dns dns_opt dns_search
 domainname driver_opts entrypoint env_file environment expose extends external_links extra_hosts gpus
 group_add healthcheck hostname image init ipc isolation labels label_file links logging mac_address
 mem_limit mem_reservation mem_swappiness memswap_limit models network_mode networks oom_kill_disable
 oom_score_adj pid pids_limit platform ports post_start pre_stop privileged profiles provider pull_policy
 read_only restart runtime scale secrets security_opt shm_size stdin_open stop_grace_period stop_signal
 storage_opt sysctls tmpfs tty ulimits use_api_socket user userns_mode uts volumes volumes_from
 working_dir""".split())
for n, s in svcs.items():
    unknown = sorted(k for k in s if k not in service_keys and not k.startswith("x-"))
    check(not unknown, f"service `{n}`: keys are Compose spec keys (unknown: {unknown or 'none'})")

def env(s):
    e = s.get("environment") or {}
    if isinstance(e, list):
        e = dict(x.split("=", 1) if "=" in x else (x, None) for x in e)
    return e

def tag_ok(image):
    if not image or "@" in image:
        return bool(image)
    last = image.rsplit("/", 1)[-1]
    return ":" in last and not last.endswith(":latest")

for n, s in svcs.items():
    if "image" in s:
        check(tag_ok(s["image"]), f"service `{n}`: image `{s['image']}` has an explicit tag, not latest")

# db
check(db.get("image") == "postgres:15-bookworm", "db: image postgres:15-bookworm")
e = env(db)
check(e.get("POSTGRES_DB") == "zi", "db: POSTGRES_DB=zi")
check(e.get("POSTGRES_USER") == "zi", "db: POSTGRES_USER=zi")
pw = str(e.get("POSTGRES_PASSWORD", ""))
m = re.fullmatch(r"\$\{(\w+):?-([^}]+)\}", pw)
check(m is not None, "db: POSTGRES_PASSWORD from an env var with a development default")
pwvar = m.group(1) if m else None
hc = db.get("healthcheck") or {}
test = hc.get("test")
test_s = " ".join(test) if isinstance(test, list) else str(test)
check("pg_isready" in test_s, "db: healthcheck runs pg_isready")
vols = db.get("volumes") or []
named = [v.split(":", 1)[0] if isinstance(v, str) else v.get("source") for v in vols]
named = [v for v in named if v and not v.startswith((".", "/", "~"))]
check(any(v in (doc.get("volumes") or {}) for v in named) and
      any((v if isinstance(v, str) else v.get("target", "")).endswith("/var/lib/postgresql/data") for v in vols),
      "db: a named volume (declared under volumes:) on /var/lib/postgresql/data")

# api and migrate: one image, built from the repository root with docker/Dockerfile
check(bool(api.get("image")) and api.get("image") == migrate.get("image"), "migrate uses the same image as api")
b = api.get("build") or {}
if isinstance(b, str):
    b = {"context": b}
check(b.get("context") == "..", "api: build context `..`")
check(b.get("dockerfile") == "docker/Dockerfile", "api: dockerfile docker/Dockerfile")
ctx = os.path.normpath(os.path.join(os.path.dirname(path), b.get("context", ".")))
check(os.path.isfile(os.path.join(ctx, b.get("dockerfile", "Dockerfile"))) and
      os.path.isfile(os.path.join(ctx, "Makefile")),
      f"api: build context resolves to the repository root ({ctx}) and the dockerfile exists there")
check(migrate.get("command") == ["migrate"], 'migrate: command ["migrate"]')
check(migrate.get("restart") in (None, "no"), "migrate: not restarted (one-shot)")

conds = {"service_started", "service_healthy", "service_completed_successfully"}
for n, s in svcs.items():
    deps = s.get("depends_on") or {}
    if isinstance(deps, list):
        deps = {d: {"condition": "service_started"} for d in deps}
    for d, spec in deps.items():
        c = (spec or {}).get("condition", "service_started")
        check(d in svcs and d != n and c in conds, f"{n}: depends_on {d} ({c}) names a service and a valid condition")

def cond(s, d):
    deps = s.get("depends_on") or {}
    return isinstance(deps, dict) and (deps.get(d) or {}).get("condition")
check(cond(migrate, "db") == "service_healthy", "migrate: depends_on db service_healthy")
check(cond(api, "migrate") == "service_completed_successfully", "api: depends_on migrate service_completed_successfully")

for n in ("migrate", "api"):
    url = str(env(svcs[n]).get("ZI_DATABASE_URL", ""))
    check(re.match(r"postgres(ql)?://zi:[^@]+@db(:5432)?/zi$", url) is not None,
          f"{n}: ZI_DATABASE_URL points at db (user zi, database zi)")
    if pwvar:
        check("${" + pwvar in url, f"{n}: ZI_DATABASE_URL uses the same password variable ({pwvar}) as db")
    check(str(env(svcs[n]).get("ZI_LISTEN", "0.0.0.0:8080")).startswith("0.0.0.0:"),
          f"{n}: ZI_LISTEN binds all interfaces inside the container")

ports = [str(p) for p in api.get("ports") or []]
check("127.0.0.1:8080:8080" in ports, "api: port 127.0.0.1:8080:8080")
hc = api.get("healthcheck") or {}
t = hc.get("test")
t_s = " ".join(t) if isinstance(t, list) else str(t)
check("curl" in t_s and "/healthz" in t_s and ":8080" in t_s, "api: healthcheck curls /healthz on 8080")

# Every ${VAR} has a default, so the file works without a .env file.
refs = re.findall(r"\$\{([^}]*)\}", text)
nodefault = [r for r in refs if not re.fullmatch(r"\w+:?[-?].*", r)]
check(not nodefault, f"every ${{VAR}} has a default ({len(refs)} references; without: {nodefault or 'none'})")
check("docker compose run --rm api create-key --role admin --name ops" in text,
      "comment says how to create an admin key")
PY

# ---------------------------------------------------------------------------------------------
section "2. $DOCKERFILE and .dockerignore"
if command -v hadolint >/dev/null 2>&1; then
    if out=$(hadolint "$DOCKERFILE" 2>&1); then ok "hadolint"; else bad "hadolint: $out"; fi
else
    skip "hadolint: not installed (Debian 12 has no package; npm's \`hadolint\` is only a wrapper" \
         "that needs the binary); structural check only"
fi

DEPS_RUN=$(make -s --no-print-directory --eval 'zi-print-%: ; @echo $($*)' zi-print-DEPS_RUN 2>/dev/null)
[ -n "$DEPS_RUN" ] || bad "read DEPS_RUN from the Makefile"

pycheck "$DOCKERFILE" "$DEPS_RUN" "$BUILD_PKGS" "$RUNTIME_PKGS" <<'PY'
import json, re, shlex, sys

path, deps_run, build_pkgs, runtime_pkgs = sys.argv[1], *[a.split() for a in sys.argv[2:]]
def ok(m): print("ok " + m)
def bad(m): print("FAIL " + m)
def check(cond, m): ok(m) if cond else bad(m)

# Logical instructions: continuation lines joined, comment lines dropped (as Docker's parser does).
insts, cur = [], ""
for raw in open(path):
    s = raw.strip()
    if s.startswith("#") or (not s and cur == ""):
        continue
    if s.endswith("\\"):
        cur += s[:-1] + " "
        continue
    cur += s
    if cur.strip():
        insts.append(cur.strip())
    cur = ""
if cur.strip():
    insts.append(cur.strip())

stages = []          # [(name, base, [(op, args)])]
for i in insts:
    op, _, args = i.partition(" ")
    op = op.upper()
    if op == "FROM":
        m = re.fullmatch(r"(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", args.strip(), re.I)
        stages.append((m.group(2) if m else None, m.group(1) if m else args, []))
    elif stages:
        stages[-1][2].append((op, args.strip()))
    elif op not in ("ARG",):
        bad(f"instruction before the first FROM: {i}")

names = [s[0] for s in stages]
check(len(stages) >= 2, f"multi-stage ({len(stages)} stages: {names})")
check(all(names), "every FROM names its stage (FROM image AS name)")
check(len(set(names)) == len(names), "stage names are unique")
for name, base, _ in stages:
    if base in names:
        continue
    check(base == "debian:bookworm-slim", f"stage `{name}` starts from debian:bookworm-slim (has `{base}`)")
    last = base.rsplit("/", 1)[-1]
    check(("@" in base) or (":" in last and not last.endswith(":latest")), f"stage `{name}`: base image tag is explicit, not latest")

final_name, _, final = stages[-1]
def ops(stage, op): return [a for o, a in stage if o == op]

users = ops(final, "USER")
user = users[-1].split(":")[0] if users else "root"
check(bool(users) and user not in ("root", "0"), f"final stage `{final_name}` runs as a non-root USER ({users[-1] if users else 'none'})")
hcs = ops(final, "HEALTHCHECK")
check(len(hcs) == 1 and "/healthz" in hcs[0] and "curl" in hcs[0] and not hcs[0].upper().startswith("NONE"),
      "final stage: one HEALTHCHECK, curl on /healthz")
def exec_form(a):
    try:
        return json.loads(a)
    except ValueError:
        return None
ep, cmd = ops(final, "ENTRYPOINT"), ops(final, "CMD")
check(ep and exec_form(ep[-1]) == ["zi-server"], 'ENTRYPOINT ["zi-server"] (exec form)')
check(cmd and exec_form(cmd[-1]) == ["serve"], 'CMD ["serve"] (exec form)')
check("8080" in " ".join(ops(final, "EXPOSE")).split(), "EXPOSE 8080")
check(any(re.search(r"\bZI_LISTEN=0\.0\.0\.0:8080\b", a) for a in ops(final, "ENV")), "ENV ZI_LISTEN=0.0.0.0:8080")
runs = " && ".join(ops(final, "RUN"))
check(re.search(r"useradd\b[^&]*--uid 10001\b[^&]*\bzi\b", runs) is not None, "final stage creates user zi with uid 10001")
check(users and users[-1].split(":")[0] in ("zi", "10001"), "USER is zi (uid 10001)")
copies = ops(final, "COPY")
check(any("--from=" in c and c.split()[-1] == "/usr/local/bin/zi-server" for c in copies),
      "final stage copies the binary to /usr/local/bin/zi-server")
check(any("--from=" in c and c.split()[-1].rstrip("/") == "/usr/local/share/zi/seed" for c in copies),
      "final stage copies the seed SQL to /usr/local/share/zi/seed")
for name, _, st in stages:
    for c in ops(st, "COPY") + ops(st, "ADD"):
        m = re.search(r"--from=(\S+)", c)
        if m:
            src = m.group(1)
            check(src in names[:names.index(name)], f"stage `{name}`: COPY --from={src} names an earlier stage")
    check(not ops(st, "ADD"), f"stage `{name}`: no ADD (COPY only)")

# apt conventions, in every RUN that installs packages
for name, _, st in stages:
    for r in ops(st, "RUN"):
        if "apt-get install" not in r:
            continue
        check("apt-get update" in r and r.index("apt-get update") < r.index("apt-get install"),
              f"stage `{name}`: apt-get update in the same RUN as install")
        check(re.search(r"apt-get install\s+(-\S+\s+)*", r) and "--no-install-recommends" in r and re.search(r"\s-y\b|--yes|--assume-yes", r),
              f"stage `{name}`: apt-get install -y --no-install-recommends")
        check("rm -rf /var/lib/apt/lists/*" in r, f"stage `{name}`: apt lists removed in the same RUN")
        check(" upgrade" not in r and "dist-upgrade" not in r, f"stage `{name}`: no apt-get upgrade")

build_name, _, build = stages[0]
check(any(re.search(r"\bmake\b[^&]*\ball\b", r) for r in ops(build, "RUN")), f"build stage `{build_name}` runs make all")

# The build list: the Makefile's DEPS_RUN, less what only running or testing needs.
not_for_build = {"postgresql", "postgresql-contrib", "curl"}
want = [p for p in deps_run if p not in not_for_build]
missing = [p for p in want if p not in build_pkgs]
check(build_pkgs and not missing, f"build packages cover the Makefile's DEPS_RUN less {sorted(not_for_build)} (missing: {missing or 'none'})")
check(not [p for p in runtime_pkgs if p.endswith("-dev") or p == "build-essential"],
      "runtime packages hold no -dev packages or compilers")
for p in ("ca-certificates", "curl"):
    check(p in runtime_pkgs, f"runtime packages include {p}")
PY

pycheck .dockerignore <<'PY'
import sys
lines = {l.strip().rstrip("/") for l in open(sys.argv[1]) if l.strip() and not l.lstrip().startswith("#")}
for want in ("build", "var", "tests/contract/node_modules", ".git"):
    print(("ok " if want in lines else "FAIL ") + f".dockerignore excludes {want}")
PY

# ---------------------------------------------------------------------------------------------
section "3. Debian 12 package names (apt on this machine)"
. /etc/os-release 2>/dev/null || true
if [ "${VERSION_CODENAME:-}" != bookworm ]; then
    bad "this machine is ${PRETTY_NAME:-unknown}, not Debian 12 (bookworm): package names not checked"
else
    ok "this machine is $PRETTY_NAME"
    # apt-cache needs the package lists; fetch them once if they are missing.
    if ! apt-cache policy libc6 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        if [ "$(id -u)" = 0 ]; then apt-get update -qq >/dev/null 2>&1; fi
    fi
    for stage in BUILD RUNTIME; do
        list=${stage}_PKGS
        [ -n "${!list}" ] || { bad "$stage package list read from $DOCKERFILE"; continue; }
        missing=""
        for p in ${!list}; do
            cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
            if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then missing="$missing $p"; fi
        done
        if [ -z "$missing" ]; then
            ok "$stage: all $(wc -w <<<"${!list}") packages have a bookworm candidate (apt-cache policy): ${!list}"
        else
            bad "$stage: no candidate for:$missing"
        fi
        # shellcheck disable=SC2086
        if out=$(apt-get install --dry-run --no-install-recommends -o Debug::NoLocking=1 ${!list} 2>&1); then
            n=$(grep -c '^Inst ' <<<"$out")
            ok "$stage: apt-get install --dry-run --no-install-recommends resolves ($n to install or upgrade on this machine)"
        else
            bad "$stage: apt-get install --dry-run failed: $(tail -n 5 <<<"$out" | tr '\n' ' ')"
        fi
    done
fi

# ---------------------------------------------------------------------------------------------
section "4. The build stage, simulated: the build context, make all, make install; then ldd + dpkg -S"
# The build context as docker would send it: the work tree less what .dockerignore excludes
# (plain patterns and globs; `!` exceptions are not simulated and make this check fail).
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
pycheck . "$WORK/src" <<'PY'
import fnmatch, os, shutil, sys
root, dest = sys.argv[1], sys.argv[2]
pats = [l.strip() for l in open(os.path.join(root, ".dockerignore")) if l.strip() and not l.lstrip().startswith("#")]
if any(p.startswith("!") for p in pats):
    print("FAIL .dockerignore exceptions (!) are not simulated here"); sys.exit(0)
pats = [os.path.normpath(p.lstrip("/")) for p in pats]
def ignored(rel):
    parts = rel.split("/")
    return any(fnmatch.fnmatchcase("/".join(parts[:i]), p) for p in pats for i in range(1, len(parts) + 1))
n = 0
for d, dirs, files in os.walk(root):
    reld = os.path.relpath(d, root)
    dirs[:] = [x for x in dirs if not ignored(os.path.normpath(os.path.join(reld, x)))]
    for f in files:
        rel = os.path.normpath(os.path.join(reld, f))
        if ignored(rel):
            continue
        os.makedirs(os.path.join(dest, os.path.dirname(rel)), exist_ok=True)
        shutil.copy2(os.path.join(root, rel), os.path.join(dest, rel), follow_symlinks=False)
        n += 1
print(f"ok build context as .dockerignore leaves it: {n} files, no build/, var/, .git")
PY
BIN=$WORK/stage/usr/local/bin/zi-server
if ! out=$(cd "$WORK/src" && make -s --no-print-directory -j"$(nproc)" all 2>&1 &&
           make -s --no-print-directory install DESTDIR="$WORK/stage" PREFIX=/usr/local 2>&1); then
    bad "make all && make install in the build context: $(grep -m 3 -E 'error|Error' <<<"$out" | tr '\n' ' ')"
elif ! command -v dpkg >/dev/null || ! command -v readelf >/dev/null; then
    bad "dpkg and readelf are needed to map libraries to packages"
else
    ok "make all && make install DESTDIR=/stage PREFIX=/usr/local in the build context"
    [ -x "$BIN" ] && ok "staged /usr/local/bin/zi-server" || bad "no /usr/local/bin/zi-server staged"
    seeds=$(cd "$WORK/src" && ls sql/seed/*.sql 2>/dev/null | wc -l)
    staged=$(ls "$WORK"/stage/usr/local/share/zi/seed/*.sql 2>/dev/null | wc -l)
    [ "$seeds" -gt 0 ] && [ "$seeds" = "$staged" ] && ok "staged /usr/local/share/zi/seed/ ($staged SQL files)" \
        || bad "seed SQL staged: $staged of $seeds"
    # soname -> package, for every library ldd resolves (direct and indirect).
    declare -A pkg_of=()
    unresolved=""
    while read -r soname _ libpath _; do
        [ -n "$libpath" ] || continue
        if [ "$libpath" = "not" ]; then unresolved="$unresolved $soname"; continue; fi
        p=""
        for cand in "$libpath" "$(readlink -f "$libpath")" "${libpath/#\/lib\//\/usr\/lib\/}" "${libpath/#\/usr\/lib\//\/lib\/}"; do
            p=$(dpkg -S "$cand" 2>/dev/null | head -n 1 | cut -d: -f1) && [ -n "$p" ] && break
        done
        pkg_of[$soname]=${p:-?}
    done < <(ldd "$BIN" | grep '=>')
    [ -z "$unresolved" ] && ok "ldd resolves every library" || bad "ldd cannot find:$unresolved"

    # The Depends closure of some packages, as " a b c ".
    depclosure() {
        printf ' %s ' "$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
            --no-breaks --no-replaces --no-enhances "$@" 2>/dev/null | grep -v '^[ <]' | tr '\n' ' ')"
    }
    # What a bookworm-slim image already has: the Essential and Priority required packages
    # (Debian's minbase) and what they depend on (libc6 is Priority optional, pulled in so).
    # shellcheck disable=SC2046
    base=$(depclosure $(dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Essential} ${Priority}\n' |
        awk '$1 == "ii" && ($3 == "yes" || $4 == "required") {print $2}'))
    is_base() { [[ "$base" == *" $1 "* ]]; }
    # shellcheck disable=SC2086
    closure=$(depclosure $RUNTIME_PKGS)

    needed=$(readelf -d "$BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
    for so in $needed; do
        p=${pkg_of[$so]:-?}
        if [[ " $RUNTIME_PKGS " == *" $p "* ]]; then
            ok "NEEDED $so -> $p (in the runtime list)"
        elif [ "$p" = libc6 ]; then
            ok "NEEDED $so -> $p (glibc: in every Debian image)"
        else
            bad "NEEDED $so -> $p: add it to RUNTIME_PACKAGES in $DOCKERFILE"
        fi
    done
    indirect_bad=""
    n=0
    for so in "${!pkg_of[@]}"; do
        grep -qx "$so" <<<"$needed" && continue
        n=$((n + 1))
        p=${pkg_of[$so]}
        if [[ "$closure" == *" $p "* ]] || { [ "$p" != "?" ] && is_base "$p"; }; then :; else
            indirect_bad="$indirect_bad $so->$p"
        fi
    done
    if [ -z "$indirect_bad" ]; then
        ok "all $n indirect libraries come from the runtime list's Depends closure or the base system"
    else
        bad "indirect libraries outside the runtime list's dependencies:$indirect_bad"
    fi
    libs=$(for so in "${!pkg_of[@]}"; do echo "${pkg_of[$so]}"; done | sort -u | tr '\n' ' ')
    extra=""
    for p in $RUNTIME_PKGS; do [[ " $libs " == *" $p "* ]] || extra="$extra $p"; done
    printf '        runtime packages not behind a loaded library (expected: ca-certificates curl):%s\n' "${extra:- none}"
    [ "$(tr -s ' ' <<<"$extra" | sed 's/^ //')" = "ca-certificates curl" ] \
        && ok "no unneeded runtime package" || bad "runtime packages no library needs:$extra"
fi

# ---------------------------------------------------------------------------------------------
section "5. Subcommands used by the image and compose.yaml"
if [ -x "$BIN" ] && help=$("$BIN" --help 2>&1); then
    for sub in serve migrate create-key; do
        grep -Eq "^  $sub\b" <<<"$help" && ok "zi-server $sub exists" || bad "zi-server has no subcommand $sub"
    done
    grep -q -- '--role ROLE --name NAME' <<<"$help" && ok "create-key takes --role and --name" \
        || bad "create-key does not take --role/--name"
    grep -q 'ZI_LISTEN' <<<"$help" && grep -q 'ZI_DATABASE_URL' <<<"$help" \
        && ok "zi-server reads ZI_LISTEN and ZI_DATABASE_URL" || bad "ZI_LISTEN/ZI_DATABASE_URL unknown to zi-server"
else
    bad "$BIN --help"
fi

cat <<'EOF'

Not checked (needs a Docker engine): building the image on a clean bookworm-slim, the image
starting, the healthchecks turning healthy, migrate exiting 0, api reaching db over the network.
EOF
printf '\ndocker/check.sh: %d passed, %d failed\n' "$pass" "$fail"
[ "$fail" = 0 ]
