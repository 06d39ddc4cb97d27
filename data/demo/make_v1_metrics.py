#!/usr/bin/python3
"""Writes data/demo/sagemaker/metrics.json: the metrics the lab logs with V1 (LAB.md phase 1, step 2), computed the
lab's way on the lab's test rows with the committed V1 artifact.

The split is make_v1_artifact.py's: Mortgage_Data.csv one-hot encoded (pd.get_dummies, drop_first=True), 60/20/20
stratified with random_state 42; the test rows are the last 20 %. The booster in model.tar.gz (Debian's
python3-xgboost 1.7.4) predicts them: predict_proba[:, 1] > 0.5 as XGBClassifier.predict does. The lab logs accuracy,
f1_score, classification_report and confusion_matrix (scikit-learn); precision, recall, ROC AUC and log loss are
added with the same definitions the portal uses (docs/metrics.md). "evaluated_on" states where they come from.

usage: make_v1_metrics.py [--data /work/shared/lab-data/Mortgage_Data.csv] [--out data/demo/sagemaker]
"""
import argparse
import io
import json
import os
import tarfile

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.metrics import (accuracy_score, classification_report, confusion_matrix, f1_score, log_loss,
                             precision_score, recall_score, roc_auc_score)
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/shared/lab-data/Mortgage_Data.csv")
    ap.add_argument("--out", default=os.path.join(HERE, "sagemaker"))
    args = ap.parse_args()
    assert xgb.__version__.startswith("1.7."), f"expected xgboost 1.7.x, found {xgb.__version__}"

    with tarfile.open(os.path.join(args.out, "model.tar.gz"), "r:gz") as tar:
        raw = tar.extractfile("xgboost-model").read()
    booster = xgb.Booster()
    booster.load_model(bytearray(raw))
    with open(os.path.join(args.out, "feature_names.txt")) as fh:
        features = [line.rstrip("\n") for line in fh if line.strip()]

    df = pd.read_csv(args.data)
    y = df["MORTGAGERESPONSE"]
    X = df.drop(columns=["MORTGAGERESPONSE", "WEEK_START_DATE", "TS"])
    X = pd.get_dummies(X, columns=["LOAN_TYPE_NAME", "LOAN_PURPOSE_NAME", "COUNTY_NAME"], drop_first=True)
    assert list(X.columns) == features, (list(X.columns), features)
    X_train, X_tmp, y_train, y_tmp = train_test_split(X, y, test_size=0.4, stratify=y, random_state=42)
    X_val, X_test, y_val, y_test = train_test_split(X_tmp, y_tmp, test_size=0.5, stratify=y_tmp, random_state=42)

    score = booster.predict(xgb.DMatrix(X_test.astype(np.float32).values, feature_names=None))
    pred = (score > 0.5).astype(int)
    metrics = {
        "accuracy": float(accuracy_score(y_test, pred)),
        "f1_score": float(f1_score(y_test, pred)),
        "precision": float(precision_score(y_test, pred, zero_division=0)),
        "recall": float(recall_score(y_test, pred, zero_division=0)),
        "roc_auc": float(roc_auc_score(y_test, score)),
        "log_loss": float(log_loss(y_test, np.clip(score.astype(np.float64), 1e-15, 1 - 1e-15))),
        "classification_report": classification_report(y_test, pred, output_dict=True, zero_division=0),
        "confusion_matrix": confusion_matrix(y_test, pred).tolist(),
        "evaluated_on": {
            "table": "Mortgage_Data.csv (the lab's SageMaker test split)",
            "label": "MORTGAGERESPONSE",
            "rows": int(len(y_test)),
            "threshold": 0.5,
            "split": "test 20% of a 60/20/20 stratified split, random_state 42",
            "source": "logged with V1 in the lab (SageMaker), recomputed by data/demo/make_v1_metrics.py",
        },
    }
    # classification_report's keys are the label values as strings ("0", "1"), as the portal writes them.
    with open(os.path.join(args.out, "metrics.json"), "w") as fh:
        json.dump(metrics, fh, indent=2)
        fh.write("\n")
    print(json.dumps({k: v for k, v in metrics.items() if not isinstance(v, (dict, list))}))


if __name__ == "__main__":
    main()
