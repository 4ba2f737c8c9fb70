#!/usr/bin/env bash
# The shared-stack tests (test/stack/): Debian's PostgreSQL server binaries (initdb, pg_ctl, postgres),
# and psycopg2 in the MLflow venv of scripts/setup-mlflow.sh, so that `mlflow server` accepts a
# `postgresql+psycopg2://` backend store. Prints the folder holding initdb. Reruns change nothing.
#   PSYCOPG2_VERSION=2.9.11   the psycopg2-binary version
#   KEDRO_MLFLOW_CACHE=~/.cache/kedro-mlflow-ts
set -euo pipefail
psycopg2="${PSYCOPG2_VERSION:-2.9.11}"

# Debian keeps the server binaries off PATH, under /usr/lib/postgresql/<major>/bin.
find_bin() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return 0; fi
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  done
  return 1
}
if ! bin=$(find_bin); then
  echo "setup-postgres: installing Debian's postgresql (initdb not found)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin=$(find_bin) || { echo "setup-postgres: postgresql installed but no initdb under /usr/lib/postgresql/*/bin" >&2; exit 1; }
fi

venv=$(scripts_dir=$(dirname "$0"); "$scripts_dir/setup-mlflow.sh")
if ! "$venv/bin/python" -c 'import psycopg2' 2>/dev/null; then
  echo "setup-postgres: installing psycopg2-binary==$psycopg2 into $venv" >&2
  "$venv/bin/pip" install --disable-pip-version-check -q "psycopg2-binary==$psycopg2" >&2
fi
echo "$bin"
