#!/usr/bin/python3
"""Golden values for MlopsPortal.Core.Monitoring, computed with scikit-learn, NumPy, SciPy and pandas.

Run with Debian's interpreter (numpy 1.24, scipy 1.10, sklearn 1.2, pandas 1.5):

    dotnet run --project src/MlopsPortal.Cli -- demo generate --table INFERENCEMORTGAGEDATA --output /tmp/demo_mortgage.csv
    /usr/bin/python3 tests/MlopsPortal.Core.Tests/Monitoring/Goldens/make_goldens.py [path/to/Mortgage_Data.csv] \
        [--demo /tmp/demo_mortgage.csv]

Writes next to this script:
  generated_baseline.csv, generated_source.csv   synthetic data with ties, missing classes, empty bins, NaN/nulls
  goldens_lab.json                               metrics on the lab's Mortgage_Data.csv (not copied here)
  goldens_lab_demo.json                          the same on the demo generator's lab-shaped table (--demo), which the
                                                 tests use on a bare clone that has no ../shared/lab-data
  goldens_generated.json                         metrics on the synthetic data
  goldens_misc.json                              quantiles, distances, explorer histograms, one-hot (pandas)

The C# tests only read these files; they never run Python.

Definitions (docs/metrics.md):
  * windows of 7 days anchored at midnight of the source's earliest timestamp;
  * performance over rows with prediction and actual (confusion), ROC AUC / log loss over rows with score and actual;
    COUNT = rows with a predicted class, ACTUALS_COUNT = rows with an actual class;
    POSITIVE_RATE = predicted positives / rows with prediction and actual;
  * numeric drift: 9 inner edges = numpy.quantile(baseline, [.1 .. .9]); bin = numpy.digitize(v, edges);
    JS = scipy jensenshannon(base=2), Hellinger, PSI (0 share -> 1e-4), scipy wasserstein_distance on raw values,
    difference of means; NaN / empty cells are nulls (COUNT_NULL) and take no part in drift;
  * categorical drift over the union of categories; the explorer = numpy.histogram(bins=10, range=(min, max)).
"""
import json
import os
import sys

import numpy as np
import pandas as pd
from scipy.spatial.distance import jensenshannon
from scipy.stats import wasserstein_distance
from sklearn.metrics import (accuracy_score, f1_score, log_loss, precision_score, recall_score,
                             roc_auc_score)

HERE = os.path.dirname(os.path.abspath(__file__))
DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
WINDOW_DAYS = 7


def lab_score(income, amount):
    """The deterministic PREDICTED_SCORE of the lab goldens (the C# test recomputes it with the same operations)."""
    z = 0.05 * (income - 48.0) - 0.004 * (amount - 217.0) + 0.5
    s = 1.0 / (1.0 + np.exp(-z))
    return np.round(s, 3)


def f(x):
    """JSON number or null."""
    if x is None:
        return None
    x = float(x)
    return None if np.isnan(x) else x


def window_starts(ts):
    anchor = ts.min().normalize()
    days = (ts - anchor).dt.days  # floor of whole days since a midnight anchor
    return anchor + pd.to_timedelta((days // WINDOW_DAYS) * WINDOW_DAYS, unit="D")


def performance(w, actual, pred, score):
    out = {"count": int(w[pred].notna().sum()), "actualsCount": int(w[actual].notna().sum())}
    both = w[w[actual].notna() & w[pred].notna()]
    y, p = both[actual].astype(int).to_numpy(), both[pred].astype(int).to_numpy()
    out.update(tp=int(((y == 1) & (p == 1)).sum()), fp=int(((y == 0) & (p == 1)).sum()),
               tn=int(((y == 0) & (p == 0)).sum()), fn=int(((y == 1) & (p == 0)).sum()))
    if len(y):
        out["accuracy"] = accuracy_score(y, p)
        out["precision"] = precision_score(y, p, zero_division=0)
        out["recall"] = recall_score(y, p, zero_division=0)
        out["f1"] = f1_score(y, p, zero_division=0)
        out["positiveRate"] = float(p.mean())
    else:  # no row with prediction and actual: empty, not 0 (see PerformanceMetrics)
        out.update(accuracy=None, precision=None, recall=None, f1=None, positiveRate=None)
    scored = w[w[actual].notna() & w[score].notna()]
    ys, ss = scored[actual].astype(int).to_numpy(), scored[score].to_numpy(dtype=float)
    out["rocAuc"] = f(roc_auc_score(ys, ss)) if len(np.unique(ys)) == 2 else None
    out["logLoss"] = f(log_loss(ys, ss, eps=1e-15, labels=[0, 1])) if len(ys) else None
    out["scoredCount"] = int(len(ys))
    return out


def shares(counts):
    counts = np.asarray(counts, dtype=float)
    return counts / counts.sum()


def hellinger(p, q):
    return float(np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)))


def psi(p, q):
    p = np.where(p == 0, 1e-4, p)
    q = np.where(q == 0, 1e-4, q)
    return float(np.sum((q - p) * np.log(q / p)))


def numeric_drift(base, win):
    base = base[~np.isnan(base)]
    nulls = int(np.isnan(win).sum())
    win = win[~np.isnan(win)]
    edges = np.quantile(base, DECILES)
    bc = np.bincount(np.digitize(base, edges), minlength=10)
    wc = np.bincount(np.digitize(win, edges), minlength=10)
    out = {"edges": edges.tolist(), "baselineBins": bc.tolist(), "windowBins": wc.tolist(), "countNull": nulls,
           "nonNull": int(len(win))}
    if len(win) == 0:
        out.update(js=None, hellinger=None, psi=None, wasserstein=None, diffMeans=None)
        return out
    p, q = shares(bc), shares(wc)
    out.update(js=f(jensenshannon(p, q, base=2)), hellinger=hellinger(p, q), psi=psi(p, q),
               wasserstein=f(wasserstein_distance(win, base)), diffMeans=f(win.mean() - base.mean()))
    return out


def categorical_drift(base, win):
    nulls = int(win.isna().sum())
    base, win = base.dropna(), win.dropna()
    cats = list(dict.fromkeys(list(base.unique()) + list(win.unique())))
    bc = np.array([(base == c).sum() for c in cats], dtype=float)
    wc = np.array([(win == c).sum() for c in cats], dtype=float)
    unseen = [c for c in win.unique() if c not in set(base.unique())]
    out = {"countNull": nulls, "unseenCategories": len(unseen), "unseenCount": int(win.isin(unseen).sum())}
    if wc.sum() == 0:
        out.update(js=None, hellinger=None, psi=None)
        return out
    p, q = shares(bc), shares(wc)
    out.update(js=f(jensenshannon(p, q, base=2)), hellinger=hellinger(p, q), psi=psi(p, q))
    return out


def monitor(source, baseline, ts_col, actual, pred, score, numeric, categorical):
    starts = window_starts(source[ts_col])
    windows = []
    for start in sorted(starts.unique()):
        w = source[starts == start]
        entry = {"start": pd.Timestamp(start).strftime("%Y-%m-%dT%H:%M:%S"), "rows": int(len(w))}
        entry.update(performance(w, actual, pred, score))
        entry["numeric"] = {c: numeric_drift(baseline[c].to_numpy(dtype=float), w[c].to_numpy(dtype=float))
                            for c in numeric}
        entry["categorical"] = {c: categorical_drift(baseline[c], w[c]) for c in categorical}
        windows.append(entry)
    return {"anchor": source[ts_col].min().normalize().strftime("%Y-%m-%dT%H:%M:%S"), "windows": windows}


def explorer(a, b):
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    both = np.concatenate([a, b])
    rng = (both.min(), both.max())
    ca, edges = np.histogram(a, bins=10, range=rng)
    cb, _ = np.histogram(b, bins=10, range=rng)
    ma = ca / ca.sum() if ca.sum() else np.zeros(10)
    mb = cb / cb.sum() if cb.sum() else np.zeros(10)
    return {"edges": edges.tolist(), "countsA": ca.tolist(), "countsB": cb.tolist(), "massesA": ma.tolist(),
            "massesB": mb.tolist(), "hellinger": hellinger(ma, mb) if ca.sum() and cb.sum() else None}


def lab(path):
    df = pd.read_csv(path)
    df["WEEK_START_DATE"] = pd.to_datetime(df["WEEK_START_DATE"])
    df["PREDICTED_SCORE"] = lab_score(df["APPLICANT_INCOME_000S"].to_numpy(), df["LOAN_AMOUNT_000S"].to_numpy())
    df["PREDICTED_RESPONSE"] = (df["PREDICTED_SCORE"] > 0.5).astype(int)
    baseline = df[df["WEEK"].between(1, 5)]
    numeric = ["APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S", "PREDICTED_SCORE"]
    result = monitor(df, baseline, "WEEK_START_DATE", "MORTGAGERESPONSE", "PREDICTED_RESPONSE", "PREDICTED_SCORE",
                     numeric, ["LOAN_TYPE_NAME", "LOAN_PURPOSE_NAME", "COUNTY_NAME"])
    result["scoreSum"] = float(df["PREDICTED_SCORE"].sum())
    result["explorer"] = []
    for col in numeric:
        for wa, wb in [(1, 8), (5, 20), (10, 25), (3, 3)]:
            e = explorer(df.loc[df.WEEK == wa, col].to_numpy(dtype=float), df.loc[df.WEEK == wb, col].to_numpy(dtype=float))
            e.update(column=col, weekA=wa, weekB=wb)
            result["explorer"].append(e)
    return df, result


def generated():
    rng = np.random.default_rng(20250209)
    n_base = 400
    base = pd.DataFrame({
        "TS": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 28 * 24, n_base), unit="h"),
        "X_CONT": rng.normal(50, 10, n_base).round(2),
        "X_DISC": rng.choice([0, 0, 0, 0, 1, 1, 2, 3], n_base).astype(float),   # duplicate decile edges
        "X_SKEW": rng.exponential(3, n_base).round(1),
        "CAT": rng.choice(["A", "B", "C", "b"], n_base, p=[.5, .3, .15, .05]),
        "SCORE": rng.uniform(0, 1, n_base).round(1),
    })
    base.loc[rng.choice(n_base, 15, replace=False), "X_CONT"] = np.nan
    base.loc[rng.choice(n_base, 10, replace=False), "CAT"] = None

    parts = []
    start = pd.Timestamp("2025-03-03 14:25:00")
    for k, size in enumerate([120, 90, 80, 60, 40]):
        # every row of part k inside window k = [2025-03-03 + 7k days, + 7 days); the earliest is 2025-03-03 14:25
        t = start.normalize() + pd.to_timedelta(k * 7 * 24 * 60 + rng.integers(14 * 60 + 25, 7 * 24 * 60, size), unit="min")
        if k == 0:
            t = t.where(np.arange(size) != 0, start)
        y = rng.integers(0, 2, size).astype(float)
        s = (0.35 * y + rng.uniform(0, 0.65, size)).round(1)                     # rounded: many tied scores
        p = (s > 0.5).astype(float)
        w = pd.DataFrame({"TS": t, "ACTUAL": y, "PRED": p, "SCORE": s,
                          "X_CONT": rng.normal(50 + 3 * k, 10 + k, size).round(2),
                          "X_DISC": rng.choice([0, 1, 2, 3, 4], size).astype(float),
                          "X_SKEW": rng.exponential(3 + k, size).round(1),
                          "CAT": rng.choice(["A", "B", "C", "D"], size, p=[.4, .3, .2, .1])})
        if k == 1:   # one class missing: AUC empty; no predicted positive: precision = F1 = 0
            w["ACTUAL"] = 0.0
            w["PRED"] = 0.0
        if k == 2:   # concentrated values: empty bins; actuals lag: some actuals and scores null
            w["X_CONT"] = rng.normal(70, 0.5, size).round(2)
            w.loc[w.index[:25], "ACTUAL"] = np.nan
            w.loc[w.index[20:30], "SCORE"] = np.nan
            w.loc[w.index[30:35], "PRED"] = np.nan
            w["CAT"] = "A"
        if k == 3:   # a feature entirely null; extreme scores for the log-loss clip
            w["X_SKEW"] = np.nan
            w.loc[w.index[:5], "SCORE"] = [0.0, 1.0, 0.0, 1.0, 1e-17]
            w.loc[w.index[:5], "ACTUAL"] = [1.0, 0.0, 0.0, 1.0, 1.0]
            w["CAT"] = None
        if k == 4:   # every actual 1, every prediction 1
            w["ACTUAL"] = 1.0
            w["PRED"] = 1.0
        parts.append(w)
    src = pd.concat(parts, ignore_index=True)
    src.loc[rng.choice(len(src), 12, replace=False), "X_CONT"] = np.nan
    src.loc[rng.choice(len(src), 8, replace=False), "CAT"] = None
    return base, src


def write_csv(df, name):
    out = df.copy()
    out["TS"] = out["TS"].dt.strftime("%Y-%m-%d %H:%M:%S")
    out.to_csv(os.path.join(HERE, name), index=False, lineterminator="\n")
    return pd.read_csv(os.path.join(HERE, name), parse_dates=["TS"], keep_default_na=False,
                       na_values={c: [""] for c in out.columns})


def misc(lab_df):
    rng = np.random.default_rng(7)
    samples = [[5.0], [1.0, 2.0], [3.0, 1.0, 2.0], list(range(10)), [1.0] * 7 + [2.0] * 3,
               rng.normal(0, 1, 101).tolist(), rng.integers(0, 5, 37).astype(float).tolist(),
               (rng.uniform(0, 1, 1000) * 1e6).round(3).tolist(), [-1e300, 0.0, 1e300]]
    quantiles = [{"values": s, "q": DECILES, "expected": np.quantile(np.array(s), DECILES).tolist()} for s in samples]
    quantiles.append({"values": samples[5], "q": [0.0, 0.25, 0.5, 0.75, 1.0],
                      "expected": np.quantile(np.array(samples[5]), [0.0, 0.25, 0.5, 0.75, 1.0]).tolist()})

    pairs = [([1, 2, 3, 4], [4, 3, 2, 1]), ([10, 0, 0], [0, 0, 10]), ([5, 5, 0, 1], [5, 5, 0, 1]),
             ([0.2, 0.3, 0.5], [0.1, 0.1, 0.8]), ([100, 1, 0, 3, 7], [0, 2, 9, 1, 0])]
    distances = [{"p": p, "q": q, "js": f(jensenshannon(shares(p), shares(q), base=2)),
                  "hellinger": hellinger(shares(p), shares(q)), "psi": psi(shares(p), shares(q))} for p, q in pairs]

    w_cases = [([0, 1, 3], [5, 6, 8]), ([1, 1, 1, 5], [1, 5, 5]), ([3.4, 3.9, 7.5, 7.8], [4.5, 1.4]),
               (rng.normal(0, 1, 200).round(1).tolist(), rng.normal(0.3, 2, 150).round(1).tolist())]
    wasserstein = [{"u": u, "v": v, "expected": wasserstein_distance(u, v)} for u, v in w_cases]

    hist_cases = [([1.0, 2.0, 3.0], [3.0, 3.0]), ([2.0, 2.0], [2.0]), ([0.0, 0.1, 0.2, 0.3, 0.7, 1.0], [0.5, 0.9, 1.0]),
                  (rng.normal(0, 1, 50).tolist(), rng.normal(1, 1, 40).tolist())]
    histograms = [dict(explorer(np.array(a), np.array(b)), a=a, b=b) for a, b in hist_cases]

    auc_cases = []
    for y, s in [([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), ([0, 1, 0, 1, 1, 0], [0.5] * 6),
                 ([1, 0, 1, 0, 1], [0.2, 0.2, 0.9, 0.1, 0.2]),
                 (rng.integers(0, 2, 300).tolist(), rng.integers(0, 20, 300).astype(float).round(0).tolist())]:
        auc_cases.append({"y": y, "s": s, "expected": roc_auc_score(y, s),
                          "logLoss": log_loss(y, np.clip(np.array(s, dtype=float) / 20 if max(s) > 1 else s, 0, 1),
                                              eps=1e-15, labels=[0, 1])})

    encoded = ["LOAN_TYPE_NAME", "LOAN_PURPOSE_NAME", "COUNTY_NAME"]
    raw = pd.read_csv(LAB_PATH)
    dummies = pd.get_dummies(raw, columns=encoded, drop_first=True)
    rows = [0, 1234, 2500, 4799]
    features = [c for c in dummies.columns if c not in ("WEEK_START_DATE", "TS", "MORTGAGERESPONSE", "WEEK", "LOAN_ID")]
    # a batch lacking some categories (as a scoring batch may): dummies added as 0 and reordered to the model
    subset = raw[raw["COUNTY_NAME"].isin(["Queens County", "Erie County"])].groupby(
        ["COUNTY_NAME", "LOAN_PURPOSE_NAME"]).head(2)
    aligned = pd.get_dummies(subset, columns=encoded).reindex(columns=features, fill_value=0)
    onehot = {
        "encodedColumns": encoded,
        "tableColumns": list(raw.columns),
        "dropFirstColumns": list(dummies.columns),
        "rows": [{"index": i, "values": {c: (v.item() if hasattr(v, "item") else v) for c, v in dummies.iloc[i].items()}}
                 for i in rows],
        "modelFeatures": features,
        "alignedSourceRows": subset.index.tolist(),
        "aligned": aligned.astype(float).values.tolist(),
    }
    return {"quantiles": quantiles, "distances": distances, "wasserstein": wasserstein, "histograms": histograms,
            "auc": auc_cases, "onehot": onehot}


def dump(obj, name):
    with open(os.path.join(HERE, name), "w") as fh:
        json.dump(obj, fh, indent=1, allow_nan=False)
        fh.write("\n")


if __name__ == "__main__":
    args = sys.argv[1:]
    DEMO_PATH = None
    if "--demo" in args:
        i = args.index("--demo")
        DEMO_PATH = args[i + 1]
        del args[i:i + 2]
    LAB_PATH = args[0] if args else os.path.join(HERE, "../../../../../shared/lab-data/Mortgage_Data.csv")
    lab_df, lab_result = lab(LAB_PATH)
    dump(lab_result, "goldens_lab.json")
    if DEMO_PATH:
        dump(lab(DEMO_PATH)[1], "goldens_lab_demo.json")

    base, src = generated()
    base = write_csv(base, "generated_baseline.csv")
    src = write_csv(src, "generated_source.csv")
    gen = monitor(src, base, "TS", "ACTUAL", "PRED", "SCORE", ["X_CONT", "X_DISC", "X_SKEW", "SCORE"], ["CAT"])
    dump(gen, "goldens_generated.json")
    dump(misc(lab_df), "goldens_misc.json")
    print("goldens written to", HERE)
