#!/usr/bin/env python3
"""Golden predictions for the scoring tests: the lab's own batch-scoring recipe (docs/lab-workflow.md phase 1, step 3).

Rows of Mortgage_Data.csv are one-hot encoded with pd.get_dummies(drop_first=True) on LOAN_TYPE_NAME,
LOAN_PURPOSE_NAME and COUNTY_NAME, missing dummy columns are added as 0, columns are put in the model's order,
then XGBoost 1.7 (Debian's python3-xgboost) gives predict_proba[:, 1] and predict. The model is the portal's
V1 "SageMaker" artifact, data/demo/sagemaker/model.tar.gz.

Run: /usr/bin/python3 tests/MlopsPortal.Infrastructure.Tests/Scoring/make_scoring_golden.py [--demo DIR]
With --demo, reads DIR/Mortgage_Data.csv (the demo generator's stand-in, see tests/make_demo_goldens.sh) and writes
lab_scoring_golden_demo.csv, which the tests use on a clone without the lab's data.
"""
import sys
import io
import os
import tarfile

import numpy as np
import pandas as pd
import xgboost as xgb

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DEMO = sys.argv[sys.argv.index("--demo") + 1] if "--demo" in sys.argv else None
LAB = os.path.join(DEMO, "Mortgage_Data.csv") if DEMO else os.path.join(REPO, "..", "shared", "lab-data", "Mortgage_Data.csv")
SUFFIX = "_demo" if DEMO else ""
ARTIFACT = os.path.join(REPO, "data", "demo", "sagemaker", "model.tar.gz")


def main():
    with tarfile.open(ARTIFACT, "r:gz") as tar:
        raw = tar.extractfile("xgboost-model").read()
    booster = xgb.Booster()
    booster.load_model(bytearray(raw))
    with open(os.path.join(REPO, "data", "demo", "sagemaker", "feature_names.txt")) as f:
        features = [line.rstrip("\n") for line in f if line.strip()]

    df = pd.read_csv(LAB)
    X = df.drop(columns=["MORTGAGERESPONSE", "WEEK_START_DATE", "TS"])
    X = pd.get_dummies(X, columns=["LOAN_TYPE_NAME", "LOAN_PURPOSE_NAME", "COUNTY_NAME"], drop_first=True)
    for missing in set(features) - set(X.columns):
        X[missing] = 0
    X = X[features].astype(np.float32)
    score = booster.predict(xgb.DMatrix(X.values, missing=np.nan))
    out = pd.DataFrame({
        "WEEK": df["WEEK"],
        "LOAN_ID": df["LOAN_ID"],
        "TS": df["TS"],
        "APPLICANT_INCOME_000S": df["APPLICANT_INCOME_000S"],
        "LOAN_AMOUNT_000S": df["LOAN_AMOUNT_000S"],
        "PREDICTED_SCORE": [repr(float(s)) for s in score],
        "PREDICTED_RESPONSE": (score > 0.5).astype(int),
    })
    out.to_csv(os.path.join(HERE, f"lab_scoring_golden{SUFFIX}.csv"), index=False)
    print("wrote", len(out), "rows; xgboost", xgb.__version__)


if __name__ == "__main__":
    main()
