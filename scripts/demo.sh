#!/usr/bin/env bash
# The CLI's starter project (the IMDB tutorial is `pnpm tutorial`): scaffold it in a temp folder and
# run it end to end with the CLI of this checkout (offline, no npm install in the project), tracked
# into its mlruns/ folder. Run scripts/bootstrap.sh first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cli="$root/packages/cli/dist/bin.js"
[ -f "$cli" ] || { echo "demo: $cli is missing; run scripts/bootstrap.sh first" >&2; exit 1; }
parent=$(mktemp -d)
project=$(node "$cli" new --name "Movie Reviews" --dir "$parent")
cd "$project"
node "$cli" registry list
node "$cli" run
echo
echo "demo: the project is in $project; its outputs:" >&2
find data -type f ! -name .gitkeep | sort >&2
# What the MLflow run got (the embedded store, MLflow's file layout): its metric and artifacts.
echo "demo: the MLflow run's metrics and artifacts (mlruns/):" >&2
for metric in mlruns/*/*/metrics/*; do echo "metric $(basename "$metric") = $(awk 'END { print $2 }' "$metric")" >&2; done
find mlruns -path '*/artifacts/*' -type f | sed 's|^mlruns/[^/]*/[^/]*/artifacts/|artifact |' | sort >&2
echo "demo: see the run in MLflow's UI (needs Python mlflow): cd $project && node $cli ui" >&2
