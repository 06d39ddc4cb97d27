#!/usr/bin/python3
"""Builds the portal's V1 "SageMaker" model artifact: data/demo/sagemaker/model.tar.gz.

It trains XGBoost the way the lab does (LAB.md phase 1) with Debian's python3-xgboost 1.7.4, the version the
SageMaker 1.7-1 container pins, and packs the booster as that container does: `bst.save_model("xgboost-model")`
(no extension -> legacy binary) inside model.tar.gz.

Recipe: one-hot (pd.get_dummies, drop_first=True) on LOAN_TYPE_NAME, LOAN_PURPOSE_NAME, COUNTY_NAME; numeric
columns kept (WEEK, LOAN_ID, APPLICANT_INCOME_000S, LOAN_AMOUNT_000S); WEEK_START_DATE and TS dropped; target
MORTGAGERESPONSE; 60/20/20 stratified split with random_state 42; XGBClassifier(eval_metric='logloss').

The legacy binary format holds no feature names, so the names (in model order) are also written next to the archive
as feature_names.txt (one per line) for the portal's signature.

usage: make_v1_artifact.py [--data /work/shared/lab-data/Mortgage_Data.csv] [--out data/demo/sagemaker]
"""
import argparse
import io
import os
import tarfile
import tempfile

import pandas as pd
import xgboost as xgb
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/shared/lab-data/Mortgage_Data.csv")
    ap.add_argument("--out", default=os.path.join(HERE, "sagemaker"))
    args = ap.parse_args()
    assert xgb.__version__.startswith("1.7."), f"expected xgboost 1.7.x, found {xgb.__version__}"

    df = pd.read_csv(args.data)
    y = df["MORTGAGERESPONSE"]
    X = df.drop(columns=["MORTGAGERESPONSE", "WEEK_START_DATE", "TS"])
    X = pd.get_dummies(X, columns=["LOAN_TYPE_NAME", "LOAN_PURPOSE_NAME", "COUNTY_NAME"], drop_first=True)
    X_train, X_tmp, y_train, y_tmp = train_test_split(X, y, test_size=0.4, stratify=y, random_state=42)
    X_val, X_test, y_val, y_test = train_test_split(X_tmp, y_tmp, test_size=0.5, stratify=y_tmp, random_state=42)
    model = xgb.XGBClassifier(eval_metric="logloss")
    model.fit(X_train, y_train, eval_set=[(X_val, y_val)], verbose=False)
    print("test accuracy:", (model.predict(X_test) == y_test).mean())

    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "xgboost-model")
        model.get_booster().save_model(path)  # no extension: legacy binary, as the 1.7-1 container writes
        with open(path, "rb") as fh:
            raw = fh.read()
    assert raw[:4] == b"binf"
    with tarfile.open(os.path.join(args.out, "model.tar.gz"), "w:gz") as tar:
        info = tarfile.TarInfo("xgboost-model")
        info.size = len(raw)
        info.mode = 0o644
        info.mtime = 0
        tar.addfile(info, io.BytesIO(raw))
    with open(os.path.join(args.out, "feature_names.txt"), "w") as fh:
        fh.write("\n".join(X.columns) + "\n")
    print("wrote", os.path.join(args.out, "model.tar.gz"), "features:", list(X.columns))


if __name__ == "__main__":
    main()
