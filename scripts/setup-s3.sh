#!/usr/bin/env bash
# Installs versitygw (an Apache-2.0 S3-compatible server; the object store our S3 tests talk to) into
# <cache>/bin from the Go module proxy and prints the binary's path. Reruns reuse the cached binary.
#   VERSITYGW_VERSION=v1.8.0             the module version to build
#   KEDRO_MLFLOW_CACHE=~/.cache/kedro-mlflow-ts
set -euo pipefail
source "$(dirname "$0")/lib/go-install-cached.sh"
go_install_cached versitygw github.com/versity/versitygw/cmd/versitygw "${VERSITYGW_VERSION:-v1.8.0}" 1.5
