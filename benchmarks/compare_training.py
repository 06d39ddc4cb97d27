#!/usr/bin/python3
"""Training benchmark: the portal's trainer (LightGBM called directly through lib_lightgbm and converted to the engine,
`mlops bench train`; ML.NET LightGBM only where that library does not load) vs XGBoost
1.7 hist (Debian python3-xgboost) on the same demo rows, the same 80/20 split and the same number of threads.

Rows: `mlops demo generate --table NEWTRAININGDATA --rows N` (the lab's schema, deterministic); features as the lab's
phase 3: LOAN_PURPOSE_NAME one-hot + APPLICANT_INCOME_000S + LOAN_AMOUNT_000S (missing income stays NaN); label
MORTGAGERESPONSE; split train_test_split(test_size=0.2, random_state=42). Both train 100 trees of depth 6 with learning
rate 0.3. OpenMP waits passively on both sides (OMP_WAIT_POLICY, overridable). Times are wall seconds of training (XGBoost: DMatrix + train; ours: data view + fit + conversion to the
engine, fit alone also shown); AUC on the 20% holdout. The load average (1 minute) is printed before and after.

usage: /usr/bin/python3 benchmarks/compare_training.py [--rows 1000000] [--threads 2] [--trainer auto]
"""
import argparse
import os
import subprocess
import sys
import time

# Both sides wait passively between OpenMP regions (the portal's trainer sets this for LightGBM unless the operator set
# it; see OpenMpWaitPolicy.cs). Set before xgboost loads libgomp; run with OMP_WAIT_POLICY=active to compare spinning.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")


def mlops():
    exe = os.path.join(ROOT, "src", "MlopsPortal.Cli", "bin", "Release", "net10.0", "mlops")
    if not os.path.exists(exe):
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "src", "MlopsPortal.Cli"), "-c", "Release"], check=True)
    return exe


def demo_rows(rows):
    path = os.path.join(OUT, f"training_{rows}.csv")
    if not os.path.exists(path):
        os.makedirs(OUT, exist_ok=True)
        subprocess.run([mlops(), "demo", "generate", "--table", "NEWTRAININGDATA", "--rows", str(rows), "--output", path], check=True)
    return path


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--trainer", default="auto")
    a = p.parse_args()

    df = pd.read_csv(demo_rows(a.rows))
    purpose = df["LOAN_PURPOSE_NAME"].astype(str).str.replace(r"[- .]", "_", regex=True)
    X = pd.get_dummies(purpose, prefix="LOAN_PURPOSE_NAME_OHE").astype(np.float32)
    X["APPLICANT_INCOME_000S"] = pd.to_numeric(df["APPLICANT_INCOME_000S"], errors="coerce").astype(np.float32)
    X["LOAN_AMOUNT_000S"] = pd.to_numeric(df["LOAN_AMOUNT_000S"], errors="coerce").astype(np.float32)
    y = df["MORTGAGERESPONSE"].astype(np.float32).to_numpy()
    Xtr, Xte, ytr, yte = train_test_split(X.to_numpy(np.float32), y, test_size=0.2, random_state=42)

    files = {}
    for name, arr in {"train": Xtr, "train-labels": ytr, "test": Xte, "test-labels": yte}.items():
        files[name] = os.path.join(OUT, f"bench_train_{a.rows}_{name}.f32")
        np.ascontiguousarray(arr, dtype="<f4").tofile(files[name])

    load_before = os.getloadavg()[0]
    c0, t0 = time.process_time(), time.perf_counter()
    dtrain = xgb.DMatrix(Xtr, label=ytr, missing=np.nan, nthread=a.threads)
    booster = xgb.train({"objective": "binary:logistic", "tree_method": "hist", "max_depth": 6, "eta": 0.3,
                         "nthread": a.threads, "eval_metric": "logloss", "seed": 42}, dtrain, num_boost_round=100)
    xgb_seconds, xgb_cpu = time.perf_counter() - t0, time.process_time() - c0
    xgb_auc = roc_auc_score(yte, booster.predict(xgb.DMatrix(Xte, missing=np.nan, nthread=a.threads)))

    args = [mlops(), "bench", "train", "--features", str(Xtr.shape[1]), "--threads", str(a.threads), "--trees", "100",
            "--depth", "6", "--learning-rate", "0.3", "--trainer", a.trainer]
    for name, path in files.items():
        args += ["--" + name, path]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    ours = dict(line.split("=", 1) for line in out.splitlines() if "=" in line and " " not in line.split("=", 1)[0])
    load_after = os.getloadavg()[0]
    print(out.strip())
    print(f"OMP_WAIT_POLICY={os.environ['OMP_WAIT_POLICY']}")
    print(f"xgboost {xgb.__version__}; rows {len(ytr):,} train / {len(yte):,} test x {Xtr.shape[1]} features; threads {a.threads}")
    print(f"| trainer | wall seconds | CPU seconds | holdout AUC |")
    print(f"|---|---:|---:|---:|")
    print(f"| XGBoost 1.7 hist (DMatrix + train) | {xgb_seconds:.2f} | {xgb_cpu:.2f} | {xgb_auc:.6f} |")
    print(f"| portal {ours['trainer']} (dataset + fit + conversion) | {float(ours['total_seconds']):.2f} | {float(ours['cpu_seconds']):.2f} | {float(ours['auc']):.6f} |")
    print(f"| portal fit alone | {float(ours['fit_seconds']):.2f} | | |")
    print(f"AUC difference (portal - xgboost): {float(ours['auc']) - xgb_auc:+.6f}; "
          f"time ratio portal/xgboost: wall {float(ours['total_seconds']) / xgb_seconds:.2f}, CPU {float(ours['cpu_seconds']) / xgb_cpu:.2f}")
    print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after; {os.cpu_count()} CPUs")


if __name__ == "__main__":
    sys.exit(main())
