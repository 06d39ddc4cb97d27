#!/usr/bin/python3
"""Engine vs XGBoost 1.7.4 on the same model and the same rows, in the same run.

  /usr/bin/python3 benchmarks/compare_xgboost.py [--rows 1000000] [--shap-rows 100000] [--reps 3] [--skip-predict | --skip-shap]

Measures XGBoost predict (nthread=1 and 2; fresh DMatrix per rep, predict only, and inplace_predict) and
pred_contribs (nthread=2 and 1), then runs `mlops bench predict|explain` (Release build) on the same model file and the
same float32 rows, and checks that the engine's outputs equal XGBoost's on a sample. Prints a markdown table.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
MODEL = os.path.join(OUT, "bench_model.json")
DATA = os.path.join(OUT, "bench_X.f32")


def median(xs):
    return sorted(xs)[len(xs) // 2]


def mlops():
    exe = os.path.join(ROOT, "src", "MlopsPortal.Cli", "bin", "Release", "net10.0", "mlops")
    if not os.path.exists(exe):
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "src", "MlopsPortal.Cli"), "-c", "Release"], check=True)
    return exe


def ours(kind, rows, threads, reps):
    """(rows/s of the median run, rows per CPU-second of the benchmark process)."""
    out = subprocess.run([mlops(), "bench", kind, MODEL, "--rows", str(rows), "--threads", str(threads), "--repeat", str(reps),
                          "--data", DATA], check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"rows_per_s=(\d+)", out.strip().splitlines()[-1]).group(1))
    cpu = re.search(r"rows_per_cpu_s=(\d+)", out)
    return rate, float(cpu.group(1)) if cpu else float("nan")


def load():
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def xgb_predict(X, threads, reps):
    booster = xgb.Booster(model_file=MODEL)
    booster.set_param({"nthread": threads})
    dm_times, inplace_times = [], []
    for _ in range(reps):
        dm = xgb.DMatrix(X, missing=np.nan, nthread=threads)  # fresh DMatrix: xgboost caches predictions per DMatrix
        t = time.perf_counter(); booster.predict(dm); dm_times.append(time.perf_counter() - t)
        t = time.perf_counter(); booster.inplace_predict(X); inplace_times.append(time.perf_counter() - t)
    return len(X) / median(dm_times), len(X) / median(inplace_times)


def xgb_contribs(X, threads):
    booster = xgb.Booster(model_file=MODEL)
    booster.set_param({"nthread": threads})
    dm = xgb.DMatrix(X, missing=np.nan, nthread=threads)
    t = time.perf_counter(); booster.predict(dm, pred_contribs=True); dt = time.perf_counter() - t
    return len(X) / dt


def check_equal(X):
    """Our CLI on a sample vs xgboost: max |diff| of probabilities and contributions."""
    booster = xgb.Booster(model_file=MODEL)
    sample = X[:5000]
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "x.csv")
        with open(inp, "w") as fh:
            fh.write(",".join(f"f{i}" for i in range(X.shape[1])) + "\n")
            for row in sample:
                fh.write(",".join("" if np.isnan(v) else repr(float(v)) for v in row) + "\n")
        subprocess.run([mlops(), "model", "predict", MODEL, "--input", inp, "--output", os.path.join(tmp, "y.csv")], check=True, capture_output=True)
        subprocess.run([mlops(), "model", "explain", MODEL, "--input", inp, "--output", os.path.join(tmp, "c.csv")], check=True, capture_output=True)
        y = np.genfromtxt(os.path.join(tmp, "y.csv"), delimiter=",", skip_header=1)[:, 0]
        c = np.genfromtxt(os.path.join(tmp, "c.csv"), delimiter=",", skip_header=1)
    dm = xgb.DMatrix(sample, missing=np.nan)
    return np.abs(y - booster.predict(dm)).max(), np.abs(c - booster.predict(dm, pred_contribs=True)).max()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--shap-rows", type=int, default=100_000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--skip-predict", action="store_true", help="only TreeSHAP (and the equality check)")
    ap.add_argument("--skip-shap", action="store_true", help="predict only (no pred_contribs / explain)")
    args = ap.parse_args()
    if not (os.path.exists(MODEL) and os.path.exists(DATA)):
        subprocess.run([sys.executable, os.path.join(HERE, "make_bench_model.py")], check=True)
    X = np.fromfile(DATA, dtype="<f4").reshape(-1, 10)[: args.rows]
    Xs = X[: args.shap_rows]
    print(f"xgboost {xgb.__version__}; model {MODEL}; rows {len(X):,} x 10 (3% NaN); SHAP rows {len(Xs):,}; {load()}", flush=True)
    d_prob, d_contrib = check_equal(X)
    print(f"equality on 5,000 rows: max |proba diff| = {d_prob:.3g}, max |contribution diff| = {d_contrib:.3g}", flush=True)

    rows = []
    for threads in () if args.skip_predict else (1, 2):
        dm_rate, inplace_rate = xgb_predict(X, threads, args.reps)
        best = max(dm_rate, inplace_rate)
        mine, mine_cpu = ours("predict", len(X), threads, args.reps)
        rows.append((f"predict, {threads} thread{'s' if threads > 1 else ''}", best, mine,
                     f"xgboost DMatrix predict {dm_rate:,.0f}/s, inplace_predict {inplace_rate:,.0f}/s; ours {mine_cpu:,.0f} rows/CPU-s"))
        print(rows[-1], load(), flush=True)
    for threads in () if args.skip_shap else (2, 1):
        theirs = xgb_contribs(Xs, threads)
        mine, mine_cpu = ours("explain", len(Xs), threads, args.reps)
        rows.append((f"TreeSHAP (pred_contribs), {threads} thread{'s' if threads > 1 else ''}", theirs, mine,
                     f"ours {mine_cpu:,.0f} rows/CPU-s (median of {args.reps})"))
        print(rows[-1], load(), flush=True)

    print(f"done; {load()}")
    print()
    print("| workload | XGBoost 1.7.4 rows/s | MlopsPortal.Trees rows/s | ratio | note |")
    print("|---|---:|---:|---:|---|")
    for name, theirs, mine, note in rows:
        print(f"| {name} | {theirs:,.0f} | {mine:,.0f} | {mine / theirs:.1f}x | {note} |")


if __name__ == "__main__":
    main()
