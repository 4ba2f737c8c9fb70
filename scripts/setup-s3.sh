#!/usr/bin/env bash
# Installs versitygw (an Apache-2.0 S3-compatible server; the object store our S3 tests talk to) into
# <cache>/bin from the Go module proxy and prints the binary's path. Reruns reuse the cached binary.
#   VERSITYGW_VERSION=v1.8.0             the module version to build
#   KEDRO_MLFLOW_CACHE=~/.cache/kedro-mlflow-ts
set -euo pipefail
cache="${KEDRO_MLFLOW_CACHE:-$HOME/.cache/kedro-mlflow-ts}"
version="${VERSITYGW_VERSION:-v1.8.0}"
bin="$cache/bin"
target="$bin/versitygw-$version"
if [ -x "$target" ]; then
  ln -sfn "versitygw-$version" "$bin/versitygw"
  echo "$target"
  exit 0
fi
command -v go >/dev/null || { echo "setup-s3: 'go' not found; install Go 1.24+ to build versitygw for the S3 tests" >&2; exit 1; }
mkdir -p "$bin"
# A private GOBIN, so that a half-built binary never lands under the cached name.
build=$(mktemp -d "${TMPDIR:-/tmp}/setup-s3.XXXXXX")
trap 'rm -rf "$build"' EXIT
echo "setup-s3: building github.com/versity/versitygw/cmd/versitygw@$version (about 1.5 min)" >&2
GOBIN="$build" GOFLAGS="${GOFLAGS:-} -trimpath" go install "github.com/versity/versitygw/cmd/versitygw@$version" >&2
mv "$build/versitygw" "$target"
ln -sfn "versitygw-$version" "$bin/versitygw"
echo "$target"
