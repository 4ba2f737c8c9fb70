#!/usr/bin/env bash
# `pnpm tutorial`: the IMDB sentiment tutorial end to end (apps/tutorial), with the CLI of this
# checkout; run scripts/bootstrap.sh first. Options (e.g. --sample-size 5000): see --help.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec node "$root/apps/tutorial/scripts/tutorial.mjs" "$@"
