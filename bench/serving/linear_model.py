"""The Python anchor of bench/serving: the same linear model as serve-ours.mjs as an MLflow pyfunc
(score = x * scale + n, label passed through), saved with a signature and a params schema so that
`mlflow models serve` enforces both, as ours does. Usage: python linear_model.py <model dir>."""
import sys

import mlflow
import pandas as pd
from mlflow.models import infer_signature


class LinearModel(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        scale = (params or {}).get("scale", 1.0)
        return pd.DataFrame({"score": model_input["x"] * scale + model_input["n"], "label": model_input["label"]})


if __name__ == "__main__":
    example = pd.DataFrame({"x": [1.5, -0.25], "n": [2, 10], "label": ["a", "b"]})
    signature = infer_signature(example, LinearModel().predict(None, example), params={"scale": 1.0})
    mlflow.pyfunc.save_model(sys.argv[1], python_model=LinearModel(), signature=signature)
    print('{"saved": true}')
