#!/usr/bin/env bash
# One entry point for a fresh machine:
#   bash scripts/platform.sh setup   install/start what is missing (dependencies, PostgreSQL, Redis,
#                                    Docker engine, sandbox image), migrate and seed the demo database
#   bash scripts/platform.sh start   setup, build the web app if stale, serve web + one grading worker
#   bash scripts/platform.sh test    setup, build, run the whole vitest suite, print "N passed, N failed"
# Every step says what it does and how long it took; a step that cannot be satisfied names what is
# missing and the command that fixes it. With everything present, set-up is a series of quick checks.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
source scripts/lib/steps.sh
source scripts/lib/services.sh

mode="${1:-}"
case "$mode" in setup | start | test) ;; *) echo "usage: bash scripts/platform.sh setup|start|test" >&2; exit 2 ;; esac
# A step that dies other than through `missing` still names itself.
STOP_EXPLAINED=""
unexpected_exit() {
  local code=$?
  [ "$code" = 0 ] || [ -n "$STOP_EXPLAINED" ] || echo "✗ ${CURRENT_STEP:-set-up} failed unexpectedly (exit $code)" >&2
}
trap unexpected_exit EXIT

# A local .env (see .env.example) configures the shell steps the same way it configures the app.
if [ -f .env ]; then set -a; source ./.env; set +a; fi

# No phoning home from the tools (this may run where only loopback and the registries are reachable).
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1

DEMO_DB=asyncio_course
TEST_DB=asyncio_course_test
mkdir -p .cache

setup_common() {
  step "Node dependencies" ensure_node_modules
  step "Prisma client" ensure_prisma_client
  step "PostgreSQL" ensure_postgres
  step "Redis" ensure_redis
  step "Docker engine" ensure_docker
  step "Sandbox image" ensure_sandbox_image
  # The worker's runtime, when it is gVisor, must be there; the suite grades under runsc as well.
  if [ "${SANDBOX_RUNTIME:-}" = runsc ]; then step "gVisor runtime (runsc)" ensure_gvisor required; fi
}

case "$mode" in
  setup)
    setup_common
    step "Demo database" ensure_database "$(database_url "$DEMO_DB")"
    summary_setup
    ;;
  start)
    setup_common
    export DATABASE_URL="$(database_url "$DEMO_DB")"
    step "Demo database" ensure_database "$DATABASE_URL"
    step "Web build" ensure_next_build
    summary_setup
    exec bash scripts/lib/serve.sh
    ;;
  test)
    setup_common
    step "Test tools (Chromium, docker-compose)" ensure_test_tools
    [ "${SANDBOX_RUNTIME:-}" = runsc ] || step "gVisor runtime (runsc)" ensure_gvisor
    export DATABASE_URL="${TEST_DATABASE_URL:-$(database_url "$TEST_DB")}"
    step "Test database" ensure_database "$DATABASE_URL"
    step "Web build" ensure_next_build
    summary_setup
    exec bash scripts/lib/run-tests.sh
    ;;
esac
