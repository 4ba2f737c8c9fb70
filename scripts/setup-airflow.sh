#!/usr/bin/env bash
# Installs Apache Airflow (the scheduler `kedro-mlflow export airflow` writes DAGs for; its end-to-end test
# runs `airflow dags test`) from PyPI into a cached venv outside the repository and prints the venv's path.
# Reruns reuse the cache (a marker file is written only after a complete install).
#   AIRFLOW_VERSION=3.3.2                 the apache-airflow version
#   KEDRO_MLFLOW_CACHE=~/.cache/kedro-mlflow-ts
set -euo pipefail
cache="${KEDRO_MLFLOW_CACHE:-$HOME/.cache/kedro-mlflow-ts}"
version="${AIRFLOW_VERSION:-3.3.2}"
venv="$cache/airflow-$version"
marker="$venv/.complete"
if [ -f "$marker" ]; then
  echo "$venv"
  exit 0
fi
python=${PYTHON:-python3}
command -v "$python" >/dev/null || { echo "setup-airflow: $python not found; install Python 3.10+ to run the Airflow export test" >&2; exit 1; }
mkdir -p "$cache"
# A venv without the marker is a half-finished install: start again from nothing.
rm -rf "$venv"
echo "setup-airflow: installing apache-airflow==$version into $venv (a few minutes the first time)" >&2
"$python" -m venv "$venv"
if ! "$venv/bin/pip" install --disable-pip-version-check -q "apache-airflow==$version" >&2; then
  rm -rf "$venv"
  echo "setup-airflow: apache-airflow==$version could not be installed from PyPI" >&2
  exit 1
fi
touch "$marker"
echo "$venv"
