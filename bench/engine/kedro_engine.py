"""The engine benchmark's shapes in Python kedro: same nodes, SequentialRunner, MemoryDatasets.
Prints {build_us, run_us_per_node, max_rss_mb} for one shape, like measure.mjs."""
import json
import logging
import resource
import statistics
import sys
import time

logging.disable(logging.WARNING)  # kedro logs every node at INFO; ours runs silent too

from kedro.io import DataCatalog, MemoryDataset  # noqa: E402
from kedro.pipeline import Pipeline, node  # noqa: E402
from kedro.runner import SequentialRunner  # noqa: E402


def noop(x):
    return x


def gather(*xs):
    return len(xs)


def chain(n):
    return Pipeline([node(noop, f"x{i}", f"x{i + 1}", name=f"n{i}") for i in range(n)])


def fan(n):
    nodes = [node(noop, "source", f"w{i}", name=f"w{i}") for i in range(n)]
    nodes.append(node(gather, [f"w{i}" for i in range(n)], "total", name="fan_in"))
    return Pipeline(nodes)


shape, n, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
make, source = (chain, "x0") if shape == "chain" else (fan, "source")
builds, runs = [], []
for _ in range(repeat):
    t = time.perf_counter()
    pipeline = make(n)
    builds.append(time.perf_counter() - t)
    catalog = DataCatalog({source: MemoryDataset(1)})
    t = time.perf_counter()
    SequentialRunner().run(pipeline, catalog)
    runs.append(time.perf_counter() - t)
nodes = n if shape == "chain" else n + 1
print(json.dumps({
    "build_us": statistics.median(builds) * 1e6,
    "run_us_per_node": statistics.median(runs) * 1e6 / nodes,
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
