#!/usr/bin/python3
"""Full monitor refresh: the portal (DuckDB SQL aggregation + C# finishing) vs scikit-learn + NumPy + SciPy on the same rows.

    /usr/bin/python3 benchmarks/monitoring_compare.py [--rows 10000000]

Generates N rows over 26 weekly windows (5 numeric features + score, prediction, actual; 1% nulls in one feature),
writes them to a CSV in a temp dir, runs `MlopsPortal.Benchmarks monitor-refresh <csv>` (Release build), then computes the
same metrics per window with sklearn/NumPy/SciPy on arrays already in memory (loading not timed on either side).
Prints both timings and peak memory (portal: process peak working set; reference: ru_maxrss).
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.stats import wasserstein_distance
from sklearn.metrics import accuracy_score, f1_score, log_loss, precision_score, recall_score, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
FEATURES = ["F1", "F2", "F3", "F4", "F5"]
DECILES = np.linspace(0.1, 0.9, 9)


def generate(n, seed=20250209):
    rng = np.random.default_rng(seed)
    seconds = np.sort(rng.integers(0, 26 * 7 * 86400, n))
    week = seconds // (7 * 86400)
    drift = (week >= 10) * 0.5
    data = {
        "F1": np.round(rng.normal(50 + 5 * drift, 10, n), 2),
        "F2": np.round(rng.exponential(3, n), 2),
        "F3": np.round(rng.uniform(0, 100, n), 1),
        "F4": rng.integers(0, 20, n).astype(float),
        "F5": np.round(rng.normal(0, 1 + drift, n), 3),
    }
    data["F2"][rng.random(n) < 0.01] = np.nan
    z = 0.05 * (data["F1"] - 50) + 0.3 * (data["F5"]) - 0.02 * data["F4"]
    score = np.round(1 / (1 + np.exp(-z)), 3)
    actual = (rng.random(n) < 1 / (1 + np.exp(-(z + drift)))).astype(int)
    return seconds, data, score, (score > 0.5).astype(int), actual


def write_csv(path, seconds, data, score, pred, actual):
    start = np.datetime64("2025-01-01T00:00:00")
    ts = (start + seconds.astype("timedelta64[s]")).astype(str)
    cols = [np.arange(len(ts)).astype(str), np.char.replace(ts, "T", " ")]
    for f in FEATURES:
        cols.append(np.where(np.isnan(data[f]), "", data[f].astype(str)))
    cols += [score.astype(str), pred.astype(str), actual.astype(str)]
    with open(path, "w") as out:
        out.write("ID,TS," + ",".join(FEATURES) + ",SCORE,PRED,ACTUAL\n")
        chunk = 500_000
        for i in range(0, len(ts), chunk):
            rows = zip(*(c[i:i + chunk] for c in cols))
            out.write("\n".join(",".join(r) for r in rows))
            out.write("\n")


def psi(p, q):
    p = np.where(p == 0, 1e-4, p)
    q = np.where(q == 0, 1e-4, q)
    return float(np.sum((q - p) * np.log(q / p)))


def reference(seconds, data, score, pred, actual):
    week = seconds // (7 * 86400)
    base = week < 5
    cols = dict(data, SCORE=score.astype(float))
    baselines = {}
    for c, v in cols.items():
        b = v[base]
        b = b[~np.isnan(b)]
        edges = np.quantile(b, DECILES)
        baselines[c] = (b, edges, np.bincount(np.digitize(b, edges), minlength=10) / len(b), b.mean())
    out = 0
    bounds = np.searchsorted(week, np.arange(27))
    for w in range(26):
        s = slice(bounds[w], bounds[w + 1])
        y, p, sc = actual[s], pred[s], score[s]
        accuracy_score(y, p); precision_score(y, p, zero_division=0); recall_score(y, p, zero_division=0)
        f1_score(y, p, zero_division=0); roc_auc_score(y, sc); log_loss(y, sc, eps=1e-15, labels=[0, 1])
        out += 9
        for c, v in cols.items():
            x = v[s]
            nulls = int(np.isnan(x).sum())
            x = x[~np.isnan(x)]
            b, edges, pb, mb = baselines[c]
            q = np.bincount(np.digitize(x, edges), minlength=10) / len(x)
            jensenshannon(pb, q, base=2); np.sqrt(0.5 * np.sum((np.sqrt(pb) - np.sqrt(q)) ** 2)); psi(pb, q)
            wasserstein_distance(x, b); x.mean() - mb
            out += 6 + nulls * 0
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="mlops-bench-")
    csv = os.path.join(tmp, "source.csv")
    t = time.perf_counter()
    rows = generate(a.rows)
    write_csv(csv, *rows)
    print(f"generated {a.rows} rows in {time.perf_counter() - t:.1f} s -> {csv}", flush=True)

    exe = os.path.join(HERE, "MlopsPortal.Benchmarks", "bin", "Release", "net10.0", "MlopsPortal.Benchmarks")
    portal = subprocess.run([exe, "monitor-refresh", csv], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    print("portal:", portal, flush=True)

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    n_metrics = reference(*rows)
    ref_s = time.perf_counter() - t
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"reference: rows={a.rows} metric_values={n_metrics} refresh_s={ref_s:.3f} peak_rss_mb={rss1 / 1024:.0f} (before {rss0 / 1024:.0f})", flush=True)
    portal_s = float(dict(kv.split("=") for kv in portal.split())["refresh_s"])
    print(f"speedup (reference / portal): {ref_s / portal_s:.2f}x")
    os.remove(csv)


if __name__ == "__main__":
    sys.exit(main())
