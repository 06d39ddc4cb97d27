#!/usr/bin/python3
"""The benchmark model and rows (XGBoost 1.7.4, as in ../shared/reference/xgboost.md §8-9).

Model: make_classification(n_samples=21000, n_features=10, n_informative=6, n_redundant=2, flip_y=0.05,
random_state=42) as float32 with 3% NaN, XGBClassifier(eval_metric='logloss', random_state=42): 100 trees, depth 6.
Rows: 1,000,000 x 10 float32 from the same generator family (seed 7) with 3% NaN.
Writes benchmarks/out/bench_model.json and benchmarks/out/bench_X.f32 (raw little-endian float32, row-major).
"""
import os

import numpy as np
import xgboost as xgb
from sklearn.datasets import make_classification

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")


def main(rows=1_000_000):
    os.makedirs(OUT, exist_ok=True)
    X, y = make_classification(n_samples=21000, n_features=10, n_informative=6, n_redundant=2, flip_y=0.05, random_state=42)
    X = X.astype(np.float32)
    rng = np.random.default_rng(42)
    X[rng.random(X.shape) < 0.03] = np.nan
    model = xgb.XGBClassifier(eval_metric="logloss", random_state=42).fit(X[:20000], y[:20000])
    model.get_booster().save_model(os.path.join(OUT, "bench_model.json"))
    Xb, _ = make_classification(n_samples=rows, n_features=10, n_informative=6, n_redundant=2, flip_y=0.05, random_state=7)
    Xb = Xb.astype(np.float32)
    Xb[np.random.default_rng(7).random(Xb.shape) < 0.03] = np.nan
    Xb.astype("<f4").tofile(os.path.join(OUT, "bench_X.f32"))
    print("wrote", OUT)


if __name__ == "__main__":
    main()
