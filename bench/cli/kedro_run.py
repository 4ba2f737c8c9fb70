"""`kedro <args>` exactly as the `kedro` console script runs it, except that the entry points of the
distributions named in $BENCH_HIDE_DISTRIBUTIONS (comma-separated) are left out.

bench/cli hides kedro-mlflow's hook and CLI plugins (installed in the anchor venv for
bench/tracking-hook) to measure plain kedro.
"""
import os
import sys
import importlib.metadata as stdlib_metadata

try:
    import importlib_metadata as backport_metadata
except ImportError:  # pragma: no cover
    backport_metadata = None

HIDDEN = {n.strip().lower().replace("_", "-") for n in os.environ.get("BENCH_HIDE_DISTRIBUTIONS", "").split(",") if n.strip()}


def _without_hidden(original):
    def distributions(*args, **kwargs):
        for dist in original(*args, **kwargs):
            name = (dist.metadata["Name"] or "").lower().replace("_", "-")
            if name not in HIDDEN:
                yield dist

    return distributions


if HIDDEN:
    stdlib_metadata.distributions = _without_hidden(stdlib_metadata.distributions)
    if backport_metadata is not None:
        backport_metadata.distributions = _without_hidden(backport_metadata.distributions)

from kedro.framework.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.argv = ["kedro", *sys.argv[1:]]
    sys.exit(main())
