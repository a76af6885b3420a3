#!/usr/bin/env bash
# `npm start` after set-up: the web app (next start) and one grading worker as child processes.
# Ctrl-C (SIGINT) or SIGTERM stops both: the signal is forwarded, both are awaited, then we exit.
# If either one dies on its own, the other is stopped too, so nothing half-works unnoticed.
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/steps.sh

PORT="${PORT:-3000}"
export NEXTAUTH_URL="${NEXTAUTH_URL:-http://localhost:$PORT}"
# `next start` runs in production mode, which rightly refuses a default secret: a local one is
# generated once and kept in .cache/ (gitignored), so sessions survive a restart.
if [ -z "${NEXTAUTH_SECRET:-}" ]; then
  [ -s .cache/nextauth-secret ] ||
    node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))' >.cache/nextauth-secret
  NEXTAUTH_SECRET="$(cat .cache/nextauth-secret)"
  export NEXTAUTH_SECRET
  echo "Using the local NEXTAUTH_SECRET in .cache/nextauth-secret (set NEXTAUTH_SECRET to choose one)."
fi
if port_open 127.0.0.1 "$PORT"; then
  echo "✗ port $PORT is already in use (another npm start?)" >&2
  echo "  fix: stop that process, or PORT=3001 npm start" >&2
  exit 1
fi

# The processes log one JSON line per event (docs/operations.md): pino-pretty makes them readable
# here (other lines pass through as they are). Process substitution keeps $! the process's own pid.
pretty() {
  if [ -x node_modules/.bin/pino-pretty ]; then
    node_modules/.bin/pino-pretty --singleLine --translateTime SYS:HH:MM:ss --ignore pid,hostname
  else
    cat
  fi
}
# Loopback only unless HOST says otherwise: a local demo is no public server.
node_modules/.bin/next start -p "$PORT" -H "${HOST:-127.0.0.1}" > >(pretty) &
web=$!
# node --import tsx, not the tsx wrapper: the wrapper kills a worker slow to answer a signal.
node --import tsx grader/worker.ts > >(pretty) &
worker=$!

stopping=""
stop() {
  [ -n "$stopping" ] && return
  stopping=1
  echo "Stopping web and worker…"
  kill -TERM "$web" "$worker" 2>/dev/null
  # Give them 30 s to finish in-flight requests and gradings, then insist.
  local i
  for ((i = 0; i < 150; i++)); do
    kill -0 "$web" 2>/dev/null || kill -0 "$worker" 2>/dev/null || break
    sleep 0.2
  done
  if ((i == 150)); then
    echo "Still running after 30 s: killing."
    kill -KILL "$web" "$worker" 2>/dev/null
  fi
  wait "$web" "$worker" 2>/dev/null
  echo "Stopped."
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

for ((i = 0; i < 300; i++)); do
  port_open 127.0.0.1 "$PORT" || ! kill -0 "$web" 2>/dev/null && break
  sleep 0.2
done
if port_open 127.0.0.1 "$PORT"; then
  node_modules/.bin/tsx -e '
    import { DEMO } from "./prisma/demo";
    const url = process.argv[1];
    console.log(`
  The platform is up: ${url}
    student     ${DEMO.student.email} / ${DEMO.student.password}
    instructor  ${DEMO.instructor.email} / ${DEMO.instructor.password}
    admin       ${DEMO.admin.email} / ${DEMO.admin.password}
    cohort      "${DEMO.cohort.name}", join code ${DEMO.cohort.joinCode}
  One grading worker is running. Ctrl-C stops both.
`);' "$NEXTAUTH_URL"
fi

wait -n "$web" "$worker"
code=$?
if kill -0 "$web" 2>/dev/null; then
  echo "The grading worker exited ($code): stopping the web app." >&2
else
  echo "The web app exited ($code): stopping the worker." >&2
fi
stop
exit 1
