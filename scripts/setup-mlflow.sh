#!/usr/bin/env bash
# Installs Python MLflow (the reference server our integration tests talk to) into a cached venv
# outside the repository and prints the venv's path. Reruns reuse the cache.
#   MLFLOW_VERSION="3.18.0 3.17.2"   versions to try, in order (the first that installs wins)
#   KEDRO_MLFLOW_CACHE=~/.cache/kedro-mlflow-ts
set -euo pipefail
cache="${KEDRO_MLFLOW_CACHE:-$HOME/.cache/kedro-mlflow-ts}"
# 3.18.0 is what we target; some PyPI mirrors lack its mlflow-skinny wheel, so 3.17.2 is the fallback.
versions="${MLFLOW_VERSION:-3.18.0 3.17.2}"
# The `auth` extra lets tests start the server's basic-auth app (`--app-name basic-auth`); boto3 is what
# MLflow uses for s3:// artifact roots (the server started with `--default-artifact-root s3://…`, and
# Python clients reading such runs' artifacts directly).
boto3="${BOTO3_VERSION:-1.44.8}"
marker=".complete-auth-boto3"
mkdir -p "$cache"

for v in $versions; do
  if [ -f "$cache/mlflow-$v/$marker" ]; then
    echo "$cache/mlflow-$v" > "$cache/current-mlflow"
    echo "$cache/mlflow-$v"
    exit 0
  fi
done

python=${PYTHON:-python3}
command -v "$python" >/dev/null || { echo "setup-mlflow: $python not found; install Python 3.10+ to run the MLflow integration tests" >&2; exit 1; }
for v in $versions; do
  venv="$cache/mlflow-$v"
  # A venv from before the auth extra (or boto3) only needs them added.
  if [ ! -f "$venv/.complete" ]; then
    rm -rf "$venv"
    echo "setup-mlflow: installing mlflow[auth]==$v and boto3==$boto3 into $venv" >&2
    "$python" -m venv "$venv"
  fi
  if "$venv/bin/pip" install --disable-pip-version-check -q "mlflow[auth]==$v" "boto3==$boto3" >&2; then
    touch "$venv/.complete" "$venv/$marker"
    echo "$venv" > "$cache/current-mlflow"
    echo "$venv"
    exit 0
  fi
  echo "setup-mlflow: mlflow==$v could not be installed, trying the next version" >&2
  rm -rf "$venv"
done
echo "setup-mlflow: no MLflow version of [$versions] could be installed" >&2
exit 1
