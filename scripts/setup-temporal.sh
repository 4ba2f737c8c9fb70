#!/usr/bin/env bash
# Installs the `temporal` CLI (its `server start-dev` is the Temporal dev server the @kedro-mlflow/temporal
# tests start) into <cache>/bin from the Go module proxy and prints the binary's path. Reruns reuse the
# cached binary (instant); the first build takes about 4 minutes. The SDK's own server download needs the
# internet at test time, so the tests use this binary instead.
#   TEMPORAL_CLI_VERSION=v1.5.1          the module version to build (@latest does not `go install`)
#   KEDRO_MLFLOW_CACHE=~/.cache/kedro-mlflow-ts
set -euo pipefail
cache="${KEDRO_MLFLOW_CACHE:-$HOME/.cache/kedro-mlflow-ts}"
version="${TEMPORAL_CLI_VERSION:-v1.5.1}"
bin="$cache/bin"
target="$bin/temporal-$version"
if [ -x "$target" ]; then
  ln -sfn "temporal-$version" "$bin/temporal"
  echo "$target"
  exit 0
fi
command -v go >/dev/null || { echo "setup-temporal: 'go' not found; install Go 1.24+ to build the temporal CLI for the Temporal tests" >&2; exit 1; }
mkdir -p "$bin"
# A private GOBIN, so that a half-built binary never lands under the cached name.
build=$(mktemp -d "${TMPDIR:-/tmp}/setup-temporal.XXXXXX")
trap 'rm -rf "$build"' EXIT
echo "setup-temporal: building github.com/temporalio/cli/cmd/temporal@$version (about 4 min)" >&2
GOBIN="$build" GOFLAGS="${GOFLAGS:-} -trimpath" go install "github.com/temporalio/cli/cmd/temporal@$version" >&2
mv "$build/temporal" "$target"
ln -sfn "temporal-$version" "$bin/temporal"
echo "$target"
