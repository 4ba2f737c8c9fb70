#!/usr/bin/env bash
# Prepares a fresh machine: pnpm, the workspace's dependencies, the Python MLflow server venv, a build.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm -v 2>/dev/null || true)" != "$want" ]; then
  npm install -g "pnpm@$want" --no-fund --no-audit >&2
fi
if [ "${CI:-}" = "true" ]; then pnpm install --frozen-lockfile; else pnpm install; fi
scripts/setup-mlflow.sh >/dev/null
scripts/setup-s3.sh >/dev/null || echo "bootstrap: versitygw could not be built (needs Go); the S3 tests will fail, naming scripts/setup-s3.sh" >&2
pnpm build
