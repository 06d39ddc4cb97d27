#!/usr/bin/env python3
"""Golden metrics for the version evaluation test: scikit-learn on V1's golden predictions of the lab data.

Reads lab_scoring_golden.csv (XGBoost 1.7's own predictions, from make_scoring_golden.py) and the labels of
Mortgage_Data.csv (same row order), and writes lab_evaluation_golden.json with accuracy, precision, recall, f1_score,
roc_auc, log_loss, classification_report(output_dict=True) and confusion_matrix.

Run: /usr/bin/python3 tests/MlopsPortal.Infrastructure.Tests/Scoring/make_evaluation_golden.py [--demo DIR]
With --demo, the same from DIR/Mortgage_Data.csv and lab_scoring_golden_demo.csv into lab_evaluation_golden_demo.json.
"""
import json
import os
import sys

import pandas as pd
from sklearn import metrics

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DEMO = sys.argv[sys.argv.index("--demo") + 1] if "--demo" in sys.argv else None
LAB = os.path.join(DEMO, "Mortgage_Data.csv") if DEMO else os.path.join(REPO, "..", "shared", "lab-data", "Mortgage_Data.csv")
SUFFIX = "_demo" if DEMO else ""


def main():
    y = pd.read_csv(LAB)["MORTGAGERESPONSE"].to_numpy()
    golden = pd.read_csv(os.path.join(HERE, f"lab_scoring_golden{SUFFIX}.csv"))
    score = golden["PREDICTED_SCORE"].to_numpy()
    pred = golden["PREDICTED_RESPONSE"].to_numpy()
    out = {
        "accuracy": metrics.accuracy_score(y, pred),
        "precision": metrics.precision_score(y, pred, zero_division=0),
        "recall": metrics.recall_score(y, pred, zero_division=0),
        "f1_score": metrics.f1_score(y, pred, zero_division=0),
        "roc_auc": metrics.roc_auc_score(y, score),
        "log_loss": metrics.log_loss(y, score),
        "classification_report": metrics.classification_report(y, pred, output_dict=True, zero_division=0),
        "confusion_matrix": metrics.confusion_matrix(y, pred).tolist(),
    }
    with open(os.path.join(HERE, f"lab_evaluation_golden{SUFFIX}.json"), "w") as f:
        json.dump(out, f, indent=1)
    print(f"wrote lab_evaluation_golden{SUFFIX}.json; f1", out["f1_score"])


if __name__ == "__main__":
    main()
