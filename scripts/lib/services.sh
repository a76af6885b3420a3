# The set-up steps of platform.sh (sourced after steps.sh). Each is a quick check when its part is
# already there, and installs or starts it otherwise where it can (root on Debian/Ubuntu).

BIN="$ROOT/node_modules/.bin"
# The end of a fix's text where this script installs the part itself when it can.
AS_ROOT_INSTALLS=" (as root on Debian/Ubuntu this script installs and starts one)"

ensure_node_modules() {
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  [ "$major" -ge 20 ] ||
    missing "Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" \
      "install Node.js 20+ (https://nodejs.org or apt-get install -y nodejs npm)"
  if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
    note "node_modules matches package-lock.json"
    return
  fi
  note "npm ci (node_modules is missing or older than package-lock.json; log: .cache/npm-ci.log)"
  npm ci --no-audit --no-fund >.cache/npm-ci.log 2>&1 || {
    tail -n 20 .cache/npm-ci.log >&2
    missing "npm ci failed (log: .cache/npm-ci.log)" "npm ci"
  }
  # Install scripts that must have run (npm 11 runs those approved in package.json "allowScripts").
  "$BIN/esbuild" --version >/dev/null 2>&1 ||
    missing "esbuild's binary is not installed (its install script did not run)" "npm rebuild esbuild"
  # The similarity check's tree-sitter parsers are compiled at install (node-gyp, g++ and Node's headers).
  node -e 'if (!require("@dodona/dolos-parsers").python) process.exit(1); require("tree-sitter")' >/dev/null 2>&1 ||
    missing "the Python parser of the similarity check is not built (its install script did not run)" \
      "npm rebuild tree-sitter tree-sitter-compat @dodona/dolos-parsers"
}

ensure_prisma_client() {
  local client=lib/generated/prisma/client.ts
  if [ -f "$client" ] && [ "$client" -nt prisma/schema.prisma ] &&
    [ "$client" -nt node_modules/.package-lock.json ]; then
    note "lib/generated/prisma is newer than prisma/schema.prisma"
    return
  fi
  # `generate` uses no schema engine, but the CLI insists on one and would download it (fails offline).
  note "prisma generate"
  PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/true}" \
    "$BIN/prisma" generate >.cache/prisma-generate.log 2>&1 || {
    cat .cache/prisma-generate.log >&2
    missing "prisma generate failed" "PRISMA_SCHEMA_ENGINE_BINARY=/bin/true npx prisma generate"
  }
}

ensure_postgres() {
  local host port ver hba
  if [ -n "${DATABASE_URL:-}" ]; then
    read -r host port < <(url_host_port "$DATABASE_URL" 5432)
    port_open "$host" "$port" ||
      missing "DATABASE_URL points at $host:$port, where no server answers" \
        "start PostgreSQL there, or unset DATABASE_URL to use 127.0.0.1:5432"
    note "using DATABASE_URL ($host:$port)"
    return
  fi
  if port_open 127.0.0.1 5432; then
    note "a server answers on 127.0.0.1:5432"
    return
  fi
  can_install || missing "no PostgreSQL on 127.0.0.1:5432" \
    "start PostgreSQL 13+ on 127.0.0.1:5432 (user postgres, trust on loopback), or set DATABASE_URL$AS_ROOT_INSTALLS"
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  ver="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$ver" ] || missing "no PostgreSQL cluster in /etc/postgresql" "pg_createcluster --start 15 main"
  # Debian asks for a password on TCP; the local default URL has none, so loopback is trusted.
  hba="/etc/postgresql/$ver/main/pg_hba.conf"
  if ! grep -qE '^host +all +all +127\.0\.0\.1/32 +trust' "$hba"; then
    note "trusting loopback connections in $hba"
    { echo "# Added by asyncio-course scripts/platform.sh: local development trusts loopback."
      echo "host all all 127.0.0.1/32 trust"
      echo "host all all ::1/128 trust"
      cat "$hba"; } >"$hba.new" && mv "$hba.new" "$hba"
    chown postgres:postgres "$hba"
  fi
  note "pg_ctlcluster --skip-systemctl-redirect $ver main start"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>&1 | sed 's/^/    /' || true
  wait_port 127.0.0.1 5432 30 ||
    missing "PostgreSQL $ver did not come up on 127.0.0.1:5432" \
      "pg_ctlcluster --skip-systemctl-redirect $ver main start; see /var/log/postgresql/"
}

ensure_redis() {
  local host port
  if [ -n "${REDIS_URL:-}" ]; then
    read -r host port < <(url_host_port "$REDIS_URL" 6379)
    port_open "$host" "$port" ||
      missing "REDIS_URL points at $host:$port, where no server answers" \
        "start Redis there, or unset REDIS_URL to use 127.0.0.1:6379"
    note "using REDIS_URL ($host:$port)"
    return
  fi
  if port_open 127.0.0.1 6379; then
    note "a server answers on 127.0.0.1:6379"
    return
  fi
  can_install || missing "no Redis on 127.0.0.1:6379" \
    "start Redis 6+ on 127.0.0.1:6379, or set REDIS_URL$AS_ROOT_INSTALLS"
  command -v redis-server >/dev/null || apt_install redis-server
  note "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --logfile "$ROOT/.cache/redis.log" >/dev/null
  wait_port 127.0.0.1 6379 15 ||
    missing "Redis did not come up on 127.0.0.1:6379 (log: .cache/redis.log)" \
      "redis-server --daemonize yes --bind 127.0.0.1 --port 6379"
}

DOCKERD_LOG=/var/log/asyncio-course-dockerd.log
DOCKERD_COMMAND="dockerd --bridge=none --iptables=false --ip6tables=false"

ensure_docker() {
  local i
  if ! docker info >/dev/null 2>&1; then
    [ -z "${DOCKER_HOST:-}" ] ||
      missing "DOCKER_HOST=$DOCKER_HOST does not answer docker info" \
        "start that engine, or unset DOCKER_HOST to use the local one"
    can_install || missing "no Docker engine answers docker info" \
      "install Docker Engine and start it; as root on Debian: apt-get install -y docker.io && $DOCKERD_COMMAND &"
    command -v dockerd >/dev/null || apt_install docker.io
    if ! pgrep -x dockerd >/dev/null; then
      # No bridge and no iptables: containers get no network interface but lo.
      note "dockerd --bridge=none --iptables=false --ip6tables=false (log: $DOCKERD_LOG)"
      setsid nohup dockerd --bridge=none --iptables=false --ip6tables=false >"$DOCKERD_LOG" 2>&1 </dev/null &
    fi
    for ((i = 0; i < 120; i++)); do
      docker info >/dev/null 2>&1 && break
      sleep 0.5
    done
    docker info >/dev/null 2>&1 ||
      missing "the Docker engine did not answer within 60 s (log: $DOCKERD_LOG)" \
        "dockerd --bridge=none --iptables=false --ip6tables=false"
  fi
  note "engine $(docker version --format '{{.Server.Version}}' 2>/dev/null) answers"
  # The sandbox image is built offline from Debian packages (grader/sandbox/build-image.sh).
  if ! command -v debootstrap >/dev/null && can_install; then apt_install debootstrap; fi
}

ensure_sandbox_image() {
  local tag
  tag="$(bash grader/sandbox/build-image.sh 2> >(sed 's/^/    /' >&2))" ||
    missing "the sandbox image could not be built" \
      "bash grader/sandbox/build-image.sh (SANDBOX_BUILD=dockerfile where Docker Hub is reachable)"
  note "$tag"
}

ensure_database() {
  if DATABASE_URL="$1" node scripts/lib/db-state.mjs check; then
    note "$(node -p 'const u = new URL(process.argv[1]); u.host + u.pathname' "$1"): migrations and seed up to date"
    return
  fi
  if ! DATABASE_URL="$1" "$BIN/tsx" scripts/db-setup.ts 2>&1 | sed 's/^/    /'; then
    local where
    where="$(node -p 'const u = new URL(process.argv[1]); u.host + u.pathname' "$1")"
    missing "the database $where could not be set up (reason above)" \
      "check the URL's server, user and password (DATABASE_URL), then: npm run db:migrate && npm run db:seed"
  fi
}

# Sources the production build depends on; a newer one means `next build` again.
web_sources() {
  local dir file
  for dir in app components lib public grader; do
    # grader/'s entry points (worker, CLI) are not part of the web app.
    [ -d "$dir" ] && find "$dir" -type f \
      \( -name '*.ts' -o -name '*.tsx' -o -name '*.css' -o -name '*.js' -o -name '*.mjs' -o -name '*.json' \
      -o -path 'public/*' \) \
      ! -path grader/worker.ts ! -path grader/cli.ts
  done
  for file in next.config.* proxy.ts middleware.ts package-lock.json tsconfig.json tsconfig.web.json \
    prisma/schema.prisma postcss.config.*; do
    [ -f "$file" ] && echo "$file"
  done
  return 0
}

first_newer_than() { # prints the first path on stdin newer than $1 (reads all: no SIGPIPE upstream)
  local f found=""
  while read -r f; do
    if [ -z "$found" ] && [ "$f" -nt "$1" ]; then found="$f"; fi
  done
  echo "$found"
}

ensure_next_build() {
  local newer
  if [ -f .next/BUILD_ID ]; then
    newer="$(web_sources | first_newer_than .next/BUILD_ID)"
    if [ -z "$newer" ]; then
      note ".next is newer than every source"
      return
    fi
    note "$newer changed since the last build"
  fi
  note "next build (log: .cache/next-build.log)"
  "$BIN/next" build >.cache/next-build.log 2>&1 || {
    tail -n 30 .cache/next-build.log | sed 's/^/    | /' >&2
    missing "next build failed (log: .cache/next-build.log)" "npm run build, fix what it reports"
  }
}

ensure_test_tools() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    note "chromium: ${CHROMIUM_PATH:-/usr/bin/chromium}"
  else
    can_install ||
      missing "Chromium for the browser tests (/usr/bin/chromium)" "apt-get install -y chromium, or set CHROMIUM_PATH"
    apt_install chromium
  fi
  if command -v docker-compose >/dev/null; then
    note "docker-compose: $(command -v docker-compose)"
  else
    can_install ||
      missing "docker-compose, which validates docker-compose.yml in the suite" "apt-get install -y docker-compose"
    apt_install docker-compose
  fi
}

GVISOR_ARGS='["--network=none","--oci-seccomp"]'

# gVisor's runsc registered as the engine's "runsc" runtime (the suite grades under it too; the
# worker uses it with SANDBOX_RUNTIME=runsc). The engine reloads its runtimes on SIGHUP, so
# registering never restarts it: other containers keep running. With $1 = required, a runtime that
# cannot be had stops set-up; otherwise it is said loudly, and the suite's runsc tests fail saying so.
ensure_gvisor() {
  local required="${1:-}" runtimes pid i
  runtimes="$(docker info --format '{{json .Runtimes}}' 2>/dev/null || echo '{}')"
  if node -e 'const r = JSON.parse(process.argv[1]).runsc;
      process.exit(r && (r.runtimeArgs || []).includes("--oci-seccomp") ? 0 : 1)' "$runtimes"; then
    note "runtime runsc registered ($(runsc --version 2>/dev/null | head -n 1 || echo 'runsc on the engine host'))"
    return
  fi
  if ! gvisor_registrable; then
    local why="the engine has no runsc runtime (with --oci-seccomp) and set-up cannot register it"
    why+=" (it needs root and the local engine: DOCKER_HOST unset, /etc/docker writable)"
    local how="install runsc and add to the engine's daemon.json:"
    how+=" {\"runtimes\":{\"runsc\":{\"path\":\"/usr/bin/runsc\",\"runtimeArgs\":$GVISOR_ARGS}}},"
    how+=" then: kill -HUP \$(pidof dockerd)"
    gvisor_unavailable "$required" "$why" "$how"
    return
  fi
  if ! command -v runsc >/dev/null; then
    has_apt && apt_install runsc
    command -v runsc >/dev/null || {
      gvisor_unavailable "$required" "runsc is not installed and apt-get cannot install it" \
        "install gVisor's runsc (https://gvisor.dev/docs/user_guide/install/)"
      return
    }
  fi
  note "registering runsc in /etc/docker/daemon.json (runtimeArgs $GVISOR_ARGS)"
  mkdir -p /etc/docker
  node -e '
    const fs = require("fs"), file = "/etc/docker/daemon.json";
    const config = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8") || "{}") : {};
    const runsc = { path: process.argv[1], runtimeArgs: JSON.parse(process.argv[2]) };
    config.runtimes = { ...config.runtimes, runsc };
    fs.writeFileSync(file + ".new", JSON.stringify(config, null, 2) + "\n");
    fs.renameSync(file + ".new", file);' "$(command -v runsc)" "$GVISOR_ARGS"
  pid="$(cat /var/run/docker.pid 2>/dev/null || pgrep -o -x dockerd)"
  note "kill -HUP $pid (dockerd reloads its configuration; nothing is restarted)"
  kill -HUP "$pid"
  for ((i = 0; i < 40; i++)); do
    if docker info --format '{{json .Runtimes}}' 2>/dev/null | grep -q '"runsc"'; then
      note "runtime runsc registered"
      return
    fi
    sleep 0.25
  done
  gvisor_unavailable "$required" "dockerd did not pick up the runsc runtime after SIGHUP (log: $DOCKERD_LOG)" \
    "check /etc/docker/daemon.json, then kill -HUP \$(pidof dockerd)"
}

# The local engine, whose configuration this machine's root can change.
gvisor_registrable() {
  is_root && [ -z "${DOCKER_HOST:-}" ] && pgrep -x dockerd >/dev/null && { [ -w /etc/docker ] || [ ! -e /etc/docker ]; }
}

gvisor_unavailable() { # required what fix
  [ "$1" = required ] && missing "$2" "$3"
  echo "  ⚠ gVisor (runsc) is NOT available: $2." >&2
  echo "    The suite's runsc tests (test/grader/runsc.test.ts) will FAIL until it is. Fix: $3" >&2
}
