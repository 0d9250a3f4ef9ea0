#!/usr/bin/env bash
# `npm test`: lint, type-check, unit + integration tests (real PostgreSQL and S3),
# then Playwright end-to-end tests against a freshly started zero-setup server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-test-system.sh
echo "== lint"; npx eslint . --max-warnings 0
echo "== type-check"; npx tsc --noEmit
echo "== unit and integration tests"; npx vitest run
echo "== end-to-end tests"; npx playwright test
