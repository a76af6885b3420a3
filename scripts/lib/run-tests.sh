#!/usr/bin/env bash
# The suite, after platform.sh's set-up: vitest over test/**/*.test.ts, then one plain summary
# line ("N passed, N failed[, N skipped]") alone at the end, which CI reads; non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
results=.cache/vitest-results.json
rm -f "$results"
started=$(date +%s)
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$results"
code=$?
echo "vitest finished in $(($(date +%s) - started)) s (exit $code)"
exec node scripts/lib/test-summary.mjs "$results" "$code"
