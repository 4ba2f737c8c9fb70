#!/usr/bin/env bash
# Until the IMDB tutorial lands: scaffold the starter project in a temp folder and run it end to end
# with the CLI of this checkout (offline, no npm install in the project). Run scripts/bootstrap.sh first.
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
find data -type f | sort >&2
