# Step runner and helpers for platform.sh (sourced). A step is a shell function: it says what it
# did with `note`, and stops the run with `missing WHAT FIX` when it cannot do its job.

SETUP_STARTED_NS=$(date +%s%N)
CURRENT_STEP=""

elapsed() { # since nanoseconds $1, as "1.2s"
  local ns=$(($(date +%s%N) - $1))
  printf '%d.%01ds' $((ns / 1000000000)) $((ns / 100000000 % 10))
}

note() { echo "    $*"; }

# Stops the run: what is missing, and the command that fixes it.
missing() {
  STOP_EXPLAINED=1
  echo "✗ ${CURRENT_STEP}: $1" >&2
  [ -n "${2:-}" ] && echo "  fix: $2" >&2
  exit 1
}

step() {
  local name="$1" started
  shift
  CURRENT_STEP="$name"
  started=$(date +%s%N)
  echo "▸ $name"
  "$@"
  echo "  ✓ $name ($(elapsed "$started"))"
}

summary_setup() { echo "Set-up done in $(elapsed "$SETUP_STARTED_NS")."; }

is_root() { [ "$(id -u)" = 0 ]; }
has_apt() { command -v apt-get >/dev/null && [ -f /etc/debian_version ]; }
can_install() { is_root && has_apt; }

APT_UPDATED=""
# apt-get install, with one `apt-get update` per run first (a fresh machine has no package lists).
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    note "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >"$ROOT/.cache/apt.log" 2>&1 ||
      missing "apt-get update failed (log: .cache/apt.log)" "apt-get update"
    APT_UPDATED=1
  fi
  note "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$ROOT/.cache/apt.log" 2>&1 ||
    missing "apt-get install $* failed (log: .cache/apt.log)" "apt-get install -y $*"
}

# Answers when something listens on host:port (no client tools needed).
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

wait_port() { # host port seconds
  local i
  for ((i = 0; i < $3 * 5; i++)); do
    port_open "$1" "$2" && return 0
    sleep 0.2
  done
  return 1
}

# "host port" of a URL (default port $2 when the URL names none).
url_host_port() {
  node -e 'const u = new URL(process.argv[1]);
    console.log(u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1", u.port || process.argv[2])' "$1" "$2"
}

# $DATABASE_URL (or the local default) with its database name replaced by $1.
database_url() {
  node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.href)' \
    "${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/asyncio_course}" "$1"
}
