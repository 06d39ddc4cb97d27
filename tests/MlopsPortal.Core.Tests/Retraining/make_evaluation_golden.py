#!/usr/bin/python3
"""Writes evaluation_golden.json: labels, float32 scores (with ties) and scikit-learn's metrics for them, the reference
of ModelEvaluationTests. Run from this folder: /usr/bin/python3 make_evaluation_golden.py (scikit-learn 1.2)."""
import json

import numpy as np
from sklearn.metrics import (accuracy_score, classification_report, confusion_matrix, f1_score, log_loss,
                             precision_score, recall_score, roc_auc_score, roc_curve)

rng = np.random.default_rng(7)
n = 500
y = rng.integers(0, 2, n)
# scores correlated with the label, rounded so that ties occur, one exact 0 and 1 for the log-loss clip
s = np.clip(0.35 * y + rng.random(n) * 0.65, 0, 1).round(2).astype(np.float32)
s[0], s[1] = 0.0, 1.0
pred = (s > 0.5).astype(int)
fpr, tpr, thr = roc_curve(y, s.astype(np.float64), drop_intermediate=False)
golden = {
    "labels": y.tolist(),
    "scores": [float(v) for v in s],
    "accuracy": accuracy_score(y, pred),
    "precision": precision_score(y, pred, zero_division=0),
    "recall": recall_score(y, pred, zero_division=0),
    "f1": f1_score(y, pred, zero_division=0),
    "roc_auc": roc_auc_score(y, s.astype(np.float64)),
    "log_loss": log_loss(y, s.astype(np.float64), eps=1e-15, labels=[0, 1]),
    "confusion_matrix": confusion_matrix(y, pred, labels=[0, 1]).tolist(),
    "classification_report": classification_report(y, pred, output_dict=True, zero_division=0),
    "roc_fpr": fpr.tolist(),
    "roc_tpr": tpr.tolist(),
}
with open("evaluation_golden.json", "w") as f:
    json.dump(golden, f)
