"""bench/tracking anchor: 10,000 metric points + 100 params + 50 tags to one fresh run of a real
MLflow server, with Python MLflow. Prints one JSON line: {"ms": ..., "metrics": <count read back>}.

usage: mlflow_tracking.py <loop|batch> <tracking uri> <experiment id>
"""
import json
import sys
import time

import mlflow
from mlflow.entities import Metric, Param, RunTag

N, P, T = 10_000, 100, 50
T0 = 1_700_000_000_000


def loop(client, experiment_id):
    mlflow.set_tracking_uri(client.tracking_uri)
    with mlflow.start_run(experiment_id=experiment_id) as run:
        start = time.perf_counter()
        for i in range(P):
            mlflow.log_param(f"p{i}", i)
        for i in range(T):
            mlflow.set_tag(f"t{i}", f"v{i}")
        for i in range(N):
            mlflow.log_metric("loss", 1 / (i + 1), step=i, timestamp=T0 + i)
        elapsed = time.perf_counter() - start
    return run.info.run_id, elapsed


def batch(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    start = time.perf_counter()
    metrics = [Metric("loss", 1 / (i + 1), T0 + i, i) for i in range(N)]
    params = [Param(f"p{i}", str(i)) for i in range(P)]
    tags = [RunTag(f"t{i}", f"v{i}") for i in range(T)]
    for c in range(0, N, 1000):
        first = c == 0
        client.log_batch(run_id, metrics=metrics[c : c + 1000], params=params if first else [], tags=tags if first else [])
    elapsed = time.perf_counter() - start
    client.set_terminated(run_id)
    return run_id, elapsed


mode, uri, experiment_id = sys.argv[1:4]
client = mlflow.MlflowClient(tracking_uri=uri)
run_id, elapsed = (loop if mode == "loop" else batch)(client, experiment_id)
count = len(client.get_metric_history(run_id, "loss"))
print(json.dumps({"ms": elapsed * 1000, "metrics": count, "params": len(client.get_run(run_id).data.params)}))
