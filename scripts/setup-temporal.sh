#!/usr/bin/env bash
# Installs the `temporal` CLI (its `server start-dev` is the Temporal dev server the @kedro-mlflow/temporal
# tests start) into <cache>/bin from the Go module proxy and prints the binary's path. Reruns reuse the
# cached binary (instant); the first build takes about 4 minutes. The SDK's own server download needs the
# internet at test time, so the tests use this binary instead.
#   TEMPORAL_CLI_VERSION=v1.5.1          the module version to build (@latest does not `go install`)
#   KEDRO_MLFLOW_CACHE=~/.cache/kedro-mlflow-ts
set -euo pipefail
source "$(dirname "$0")/lib/go-install-cached.sh"
go_install_cached temporal github.com/temporalio/cli/cmd/temporal "${TEMPORAL_CLI_VERSION:-v1.5.1}" 4
