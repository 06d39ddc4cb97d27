#!/usr/bin/python3
"""Loads models written by XgboostJsonWriter in xgboost and prints, per input row, the margin, the probability and the
contributions; each model's block ends with a line '=='.
usage: check_written_model.py model1.json input1.csv [model2.json input2.csv ...]  (input: header, empty = missing)"""
import sys

import numpy as np
import xgboost as xgb

args = sys.argv[1:]
for model_path, csv_path in zip(args[0::2], args[1::2]):
    booster = xgb.Booster(model_file=model_path)
    X = np.genfromtxt(csv_path, delimiter=",", skip_header=1, dtype=np.float32, missing_values="", filling_values=np.nan)
    if X.ndim == 1:
        X = X.reshape(1, -1)
    dm = xgb.DMatrix(X, missing=np.nan, feature_names=booster.feature_names, feature_types=booster.feature_types,
                     enable_categorical=booster.feature_types is not None and "c" in booster.feature_types)
    margin = booster.predict(dm, output_margin=True)
    proba = booster.predict(dm)
    contribs = booster.predict(dm, pred_contribs=True)
    for m, p, c in zip(margin, proba, contribs):
        print(repr(float(m)), repr(float(p)), " ".join(repr(float(v)) for v in c))
    print("==")
