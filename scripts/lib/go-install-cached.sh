# Sourced by the set-up scripts of Go-built test servers (setup-s3.sh, setup-temporal.sh).
# go_install_cached <name> <module path> <version> <minutes it takes>: builds <module>@<version> once into
# <cache>/bin/<name>-<version>, points <cache>/bin/<name> at it and prints its path; reruns reuse it.
go_install_cached() {
  local name="$1" module="$2" version="$3" minutes="$4"
  local cache="${KEDRO_MLFLOW_CACHE:-$HOME/.cache/kedro-mlflow-ts}"
  local bin="$cache/bin"
  local target="$bin/$name-$version"
  if [ ! -x "$target" ]; then
    command -v go >/dev/null || { echo "setup-$name: 'go' not found; install Go 1.24+ to build $name for the tests that need it" >&2; return 1; }
    mkdir -p "$bin"
    # A private GOBIN, so that a half-built binary never lands under the cached name.
    local build
    build=$(mktemp -d "${TMPDIR:-/tmp}/setup-$name.XXXXXX")
    echo "setup-$name: building $module@$version (about $minutes min)" >&2
    if ! GOBIN="$build" GOFLAGS="${GOFLAGS:-} -trimpath" go install "$module@$version" >&2; then rm -rf "$build"; return 1; fi
    mv "$build/$(basename "$module")" "$target"
    rm -rf "$build"
  fi
  ln -sfn "$name-$version" "$bin/$name"
  echo "$target"
}
