#!/usr/bin/python3
"""Golden fixtures for the tree engine, made with Debian's python3-xgboost 1.7.4.

Run from anywhere:  /usr/bin/python3 tests/MlopsPortal.Trees.Tests/Fixtures/make_fixtures.py
Writes, per model <name>:
  <name>.json, <name>.ubj, <name>.bin (legacy binary, no categorical models), <name>.tar.gz (SageMaker style,
  a single member `xgboost-model`), <name>.input.csv (header = feature names or f0..fN, empty = missing),
  <name>.expected.csv (MARGIN, PROBA), <name>.contribs.csv (one column per feature + BIAS).
Plus rejected artifacts (pickle, gblinear, multiclass) and a pre-1.0 binary made from a 1.x one.
Numbers are written with 9 significant digits so they round-trip float32 exactly.
"""
import io
import json
import os
import pickle
import struct
import sys
import tarfile

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split

assert xgb.__version__ == "1.7.4", f"expected xgboost 1.7.4, found {xgb.__version__}"
HERE = os.path.dirname(os.path.abspath(__file__))
LAB = os.environ.get("LAB_DATA", "/work/shared/lab-data")
N_OUT = 300  # golden rows per model


def fmt(v):
    v = float(v)
    if np.isnan(v):
        return ""
    return repr(float(np.float32(v))) if v == v else ""


def sagemaker_tar(model_bytes, path):
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("xgboost-model")
        info.size = len(model_bytes)
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(model_bytes))


def data(n, f, nan=0.03, seed=42, informative=6):
    X, y = make_classification(n_samples=n, n_features=f, n_informative=min(informative, f), n_redundant=min(2, f - informative) if f > informative else 0,
                               flip_y=0.05, random_state=seed)
    X = X.astype(np.float32)
    rng = np.random.default_rng(seed)
    X[rng.random(X.shape) < nan] = np.nan
    return X, y


def save(name, booster, X_out, legacy=True, columns=None):
    booster.save_model(os.path.join(HERE, name + ".json"))
    booster.save_model(os.path.join(HERE, name + ".ubj"))
    if legacy:
        path = os.path.join(HERE, name + ".bin")
        booster.save_model(path)  # no .json/.ubj extension -> legacy binary in 1.7
        with open(path, "rb") as fh:
            raw = fh.read()
        assert raw[:4] == b"binf", raw[:4]
    else:
        with open(os.path.join(HERE, name + ".ubj"), "rb") as fh:
            raw = fh.read()  # 3.0-5 container style: UBJSON inside the archive
    sagemaker_tar(raw, os.path.join(HERE, name + ".tar.gz"))

    if isinstance(X_out, pd.DataFrame):
        dm = xgb.DMatrix(X_out, enable_categorical=True)
        cols = list(X_out.columns)
        values = X_out.astype("float32").to_numpy() if not any(str(t) == "category" for t in X_out.dtypes) else \
            np.column_stack([X_out[c].cat.codes.to_numpy().astype(np.float32) if str(X_out[c].dtype) == "category" else X_out[c].to_numpy(np.float32) for c in cols])
        if any(str(t) == "category" for t in X_out.dtypes):
            for j, c in enumerate(cols):
                if str(X_out[c].dtype) == "category":
                    values[X_out[c].cat.codes.to_numpy() < 0, j] = np.nan
    else:
        dm = xgb.DMatrix(X_out)
        cols = columns or [f"f{i}" for i in range(X_out.shape[1])]
        values = X_out
    margin = booster.predict(dm, output_margin=True)
    proba = booster.predict(dm)
    contribs = booster.predict(dm, pred_contribs=True)
    # the same rows through inplace_predict must agree (sanity of the fixture itself)
    with open(os.path.join(HERE, name + ".input.csv"), "w") as fh:
        fh.write(",".join(cols) + "\n")
        for row in values:
            fh.write(",".join(fmt(v) for v in row) + "\n")
    with open(os.path.join(HERE, name + ".expected.csv"), "w") as fh:
        fh.write("MARGIN,PROBA\n")
        for m, p in zip(margin, proba):
            fh.write(f"{fmt(m)},{fmt(p)}\n")
    with open(os.path.join(HERE, name + ".contribs.csv"), "w") as fh:
        fh.write(",".join(cols + ["BIAS"]) + "\n")
        for row in contribs:
            fh.write(",".join(fmt(v) for v in row) + "\n")
    # all formats reload to the same predictions
    for ext in ([".json", ".ubj"] + ([".bin"] if legacy else [])):
        b2 = xgb.Booster(model_file=os.path.join(HERE, name + ext))
        if isinstance(X_out, pd.DataFrame) and ext == ".bin":
            dm2 = xgb.DMatrix(values)
        else:
            dm2 = dm
        assert np.array_equal(b2.predict(dm2, output_margin=True), margin), (name, ext)
    print(f"{name}: trees={len(booster.get_dump())} rows={len(margin)}")


def clf(**kw):
    kw.setdefault("eval_metric", "logloss")
    kw.setdefault("random_state", 42)
    return xgb.XGBClassifier(**kw)


def main():
    # 1. default parameters (100 trees, depth 6, exact), 3% NaN
    X, y = data(2300, 10)
    m = clf().fit(X[:2000], y[:2000])
    save("default", m.get_booster(), X[2000:2000 + N_OUT])

    # 2. deep and wide trees
    X, y = data(3200, 20, informative=10, seed=7)
    m = clf(n_estimators=8, max_depth=11, min_child_weight=0).fit(X[:3000], y[:3000])
    save("deep_wide", m.get_booster(), X[3000:3200])

    # 3. NaN-heavy input (40% missing)
    X, y = data(2300, 8, nan=0.4, seed=3)
    m = clf(n_estimators=30, max_depth=5).fit(X[:2000], y[:2000])
    save("nan_heavy", m.get_booster(), X[2000:2000 + N_OUT])

    # 4. base_score != 0.5
    X, y = data(2300, 6, seed=11)
    m = clf(n_estimators=20, max_depth=4, base_score=0.3).fit(X[:2000], y[:2000])
    save("base_score", m.get_booster(), X[2000:2000 + N_OUT])

    # 5. scale_pos_weight
    m = clf(n_estimators=20, max_depth=4, scale_pos_weight=3.5).fit(X[:2000], y[:2000])
    save("scale_pos_weight", m.get_booster(), X[2000:2000 + N_OUT])

    # 6. pandas feature names with spaces and dots, hist
    X, y = data(2300, 5, seed=5)
    names = ["loan amount", "income.k", "a b.c", "rate", "x.1"]
    df = pd.DataFrame(X, columns=names)
    m = clf(n_estimators=20, max_depth=4, tree_method="hist").fit(df[:2000], y[:2000])
    save("pandas_names", m.get_booster(), df[2000:2000 + N_OUT])

    # 7. categorical features (enable_categorical, hist) -> no legacy binary possible
    rng = np.random.default_rng(9)
    n = 2300
    cat_a = rng.integers(0, 12, n)
    cat_b = rng.integers(0, 5, n)
    num = rng.normal(size=(n, 2)).astype(np.float32)
    logit = np.where(np.isin(cat_a, [1, 3, 5, 8]), 1.2, -0.8) + 0.7 * (cat_b == 2) + num[:, 0] - 0.5 * num[:, 1]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    df = pd.DataFrame({"color": pd.Categorical(cat_a, categories=list(range(12))),
                       "num 0": num[:, 0], "shape": pd.Categorical(cat_b, categories=list(range(5))), "num.1": num[:, 1]})
    df.loc[rng.random(n) < 0.05, "num 0"] = np.nan
    df.loc[rng.random(n) < 0.05, "color"] = np.nan
    m = clf(n_estimators=20, max_depth=4, tree_method="hist", enable_categorical=True, max_cat_to_onehot=1).fit(df[:2000], y[:2000])
    save("categorical", m.get_booster(), df[2000:2000 + N_OUT], legacy=False)

    # 8. DART
    X, y = data(2300, 6, seed=13)
    m = clf(n_estimators=20, max_depth=4, booster="dart", rate_drop=0.2, skip_drop=0.0).fit(X[:2000], y[:2000])
    save("dart", m.get_booster(), X[2000:2000 + N_OUT])

    # 9. reg:logistic and binary:logitraw
    m = xgb.XGBRegressor(objective="reg:logistic", n_estimators=20, max_depth=4, random_state=42).fit(X[:2000], y[:2000])
    save("reg_logistic", m.get_booster(), X[2000:2000 + N_OUT])
    m = clf(objective="binary:logitraw", n_estimators=20, max_depth=4).fit(X[:2000], y[:2000])
    save("logitraw", m.get_booster(), X[2000:2000 + N_OUT])

    # 10. the lab's own recipe (docs/lab-workflow.md phase 1)
    df = pd.read_csv(os.path.join(LAB, "Mortgage_Data.csv"))
    Xl, yl = lab_features(df)
    X_train, X_tmp, y_train, y_tmp = train_test_split(Xl, yl, test_size=0.4, stratify=yl, random_state=42)
    X_val, X_test, y_val, y_test = train_test_split(X_tmp, y_tmp, test_size=0.5, stratify=y_tmp, random_state=42)
    m = xgb.XGBClassifier(eval_metric="logloss").fit(X_train, y_train)
    save("lab", m.get_booster(), X_test.head(N_OUT).astype("float32"))

    # rejected artifacts
    X, y = data(600, 4, seed=1)
    small = clf(n_estimators=2, max_depth=2).fit(X, y)
    with open(os.path.join(HERE, "reject_pickle.pkl"), "wb") as fh:
        pickle.dump(small.get_booster(), fh)
    lin = xgb.train({"booster": "gblinear", "objective": "binary:logistic"}, xgb.DMatrix(X, y), 2)
    lin.save_model(os.path.join(HERE, "reject_gblinear.json"))
    mc = xgb.XGBClassifier(n_estimators=2, max_depth=2).fit(X, np.arange(600) % 3)
    mc.get_booster().save_model(os.path.join(HERE, "reject_multiclass.json"))
    with tarfile.open(os.path.join(HERE, "reject_nomodel.tar.gz"), "w:gz") as tar:
        b = b"just a readme\n"
        info = tarfile.TarInfo("README.txt"); info.size = len(b)
        tar.addfile(info, io.BytesIO(b))

    # pre-1.0 legacy binary: no "binf" magic, major_version 0, base_score stored as a margin
    with open(os.path.join(HERE, "base_score.bin"), "rb") as fh:
        raw = bytearray(fh.read()[4:])
    p = struct.unpack_from("<f", raw, 0)[0]
    struct.pack_into("<f", raw, 0, float(np.float32(-np.log(np.float32(1) / np.float32(p) - np.float32(1)))))
    struct.pack_into("<I", raw, 20, 0)  # major_version
    struct.pack_into("<I", raw, 24, 0)  # minor_version
    path = os.path.join(HERE, "pre10.bin")
    with open(path, "wb") as fh:
        fh.write(raw)
    b_old = xgb.Booster(model_file=path)
    b_new = xgb.Booster(model_file=os.path.join(HERE, "base_score.json"))
    Xc = np.genfromtxt(os.path.join(HERE, "base_score.input.csv"), delimiter=",", skip_header=1, dtype=np.float32)
    d = np.abs(b_old.predict(xgb.DMatrix(Xc)) - b_new.predict(xgb.DMatrix(Xc))).max()
    print("pre-1.0 binary max |diff| vs 1.x:", d)
    assert d < 1e-6


def lab_features(df):
    """docs/lab-workflow.md phase 1: one-hot (drop_first) on the three text columns, numeric columns kept."""
    y = df["MORTGAGERESPONSE"]
    X = df.drop(columns=["MORTGAGERESPONSE", "WEEK_START_DATE", "TS"])
    X = pd.get_dummies(X, columns=["LOAN_TYPE_NAME", "LOAN_PURPOSE_NAME", "COUNTY_NAME"], drop_first=True)
    return X, y


if __name__ == "__main__":
    main()
