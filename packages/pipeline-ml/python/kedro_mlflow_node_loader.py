"""The ``python_function`` loader of kedro-mlflow-ts models.

MLflow imports this module from the model's ``code`` folder and calls ``_load_pyfunc(data_path)``,
where ``data_path`` is the model's Node runner (``code/pyfunc-runner.mjs``). The runner is started
once with Node and kept: requests and answers are JSON lines over its stdin and stdout, matched by
``id`` so that the threads of a scoring server can share it. It stops when the model object is
garbage-collected or the interpreter exits.

Only the standard library and pandas (an MLflow dependency) are used: the model needs no other
Python package, only Node (``KEDRO_MLFLOW_NODE``, else ``node`` on PATH).
"""

import base64
import datetime
import itertools
import json
import os
import shutil
import subprocess
import threading
import weakref

NODE_ENV = "KEDRO_MLFLOW_NODE"
# Loading runs the model's bundle and reads its artifacts; a cold disk can be slow.
LOAD_TIMEOUT_ENV = "KEDRO_MLFLOW_NODE_LOAD_TIMEOUT"
STOP_SECONDS = 5


class KedroPipelineModelError(Exception):
    """An error of the Node model or its process; ``kind`` says which (branch on it, not on the text)."""

    def __init__(self, kind, message, error_class=None):
        super().__init__(message)
        self.kind = kind
        self.error_class = error_class


def _find_node():
    configured = os.environ.get(NODE_ENV)
    if configured:
        if not (os.path.isfile(configured) and os.access(configured, os.X_OK)):
            raise KedroPipelineModelError(
                "node-not-found",
                f"{NODE_ENV}={configured!r} is not an executable file: point it at a Node >= 20.10 binary, or unset it to use 'node' on PATH.",
            )
        return configured
    found = shutil.which("node")
    if found is None:
        raise KedroPipelineModelError(
            "node-not-found",
            f"This MLflow model runs on Node.js, and no 'node' is on PATH: install Node >= 20.10, or set {NODE_ENV} to its binary.",
        )
    return found


def _json_default(value):
    # Values pandas and numpy hand over that json cannot write by itself.
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and getattr(value, "shape", None) == ():
        return item()
    tolist = getattr(value, "tolist", None)  # numpy arrays, pandas Series
    if callable(tolist):
        return tolist()
    raise TypeError(f"cannot send a {type(value).__name__} to the Node model")


def _dumps(value):
    return json.dumps(value, default=_json_default, allow_nan=False, separators=(",", ":"))


def _request(request_id, model_input, params):
    import pandas as pd

    if isinstance(model_input, pd.Series):
        model_input = model_input.to_frame()
    message = {"id": request_id, "params": params}
    if isinstance(model_input, pd.DataFrame):
        # Python objects (exact floats), missing values as null: pandas' to_json rounds doubles.
        values = model_input.astype(object).where(model_input.notna(), None).values.tolist()
        message["input"] = {"columns": [str(c) for c in model_input.columns], "data": values}
    else:
        message["inputs"] = model_input
    try:
        return _dumps(message)
    except (TypeError, ValueError) as error:
        raise KedroPipelineModelError("bad-input", f"Cannot send the input to the Node model as JSON: {error}.") from error


class _Pending:
    __slots__ = ("event", "message")

    def __init__(self):
        self.event = threading.Event()
        self.message = None


def _read_answers(stream, pending, lock, ready):
    """Reader thread: hands each answer line to the caller waiting for its id."""
    for line in stream:
        try:
            message = json.loads(line)
        except ValueError:
            continue  # not ours: the protocol lines are JSON objects
        if not isinstance(message, dict):
            continue
        if "ready" in message:
            ready.message = message
            ready.event.set()
            continue
        with lock:
            slot = pending.pop(message.get("id"), None)
        if slot is not None:
            slot.message = message
            slot.event.set()
    # The runner is gone: nobody will answer the callers still waiting.
    gone = {"error": {"kind": "runner-exited", "message": "The Node model process exited (its stderr above says why)."}}
    ready.message = ready.message or gone
    ready.event.set()
    with lock:
        waiting = list(pending.values())
        pending.clear()
    for slot in waiting:
        slot.message = gone
        slot.event.set()


def _stop(process):
    if process.poll() is not None:
        return
    try:
        process.stdin.close()  # the runner exits at the end of its input
        process.wait(STOP_SECONDS)
    except Exception:
        process.kill()
        process.wait()


def _raise(error):
    error = error if isinstance(error, dict) else {}
    raise KedroPipelineModelError(
        str(error.get("kind") or "predict-failed"),
        str(error.get("message") or "The Node model failed without a message."),
        error.get("class"),
    )


class KedroPipelinePyfuncModel:
    """What ``_load_pyfunc`` returns: MLflow's PyFuncModel calls ``predict(model_input, params)``."""

    def __init__(self, runner_path):
        if not os.path.isfile(runner_path):
            raise KedroPipelineModelError("model-folder", f"The model's Node runner {runner_path!r} is missing: save the model again.")
        self._lock = threading.Lock()
        self._pending = {}
        self._ids = itertools.count(1)
        self._process = subprocess.Popen(
            [_find_node(), runner_path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        # Neither the thread nor the finalizer may hold `self`, or it would never be collected.
        self._finalizer = weakref.finalize(self, _stop, self._process)
        ready = _Pending()
        threading.Thread(target=_read_answers, args=(self._process.stdout, self._pending, self._lock, ready), daemon=True).start()
        timeout = float(os.environ.get(LOAD_TIMEOUT_ENV) or 300)
        if not ready.event.wait(timeout):
            self.close()
            raise KedroPipelineModelError("load-timeout", f"The Node model did not load within {timeout:g} s (set {LOAD_TIMEOUT_ENV} to wait longer).")
        if ready.message.get("ready") is not True:
            self.close()
            _raise(ready.message.get("error"))

    def predict(self, model_input, params=None):
        request_id = next(self._ids)
        line = _request(request_id, model_input, params or {})
        slot = _Pending()
        with self._lock:
            if self._process.poll() is not None:
                _raise({"kind": "runner-exited", "message": "The Node model process has exited: load the model again."})
            self._pending[request_id] = slot
            try:
                self._process.stdin.write(line + "\n")
                self._process.stdin.flush()
            except (BrokenPipeError, OSError) as error:
                self._pending.pop(request_id, None)
                raise KedroPipelineModelError("runner-exited", "The Node model process has exited: load the model again.") from error
        slot.event.wait()
        message = slot.message
        if "error" in message:
            _raise(message["error"])
        predictions = message.get("predictions")
        if message.get("table") is True:
            import pandas as pd

            return pd.DataFrame.from_records(predictions, columns=message.get("columns"))
        return predictions

    def close(self):
        """Stops the Node process now (otherwise when the model is collected or Python exits)."""
        self._finalizer()


def _load_pyfunc(data_path, model_config=None):
    return KedroPipelinePyfuncModel(data_path)
