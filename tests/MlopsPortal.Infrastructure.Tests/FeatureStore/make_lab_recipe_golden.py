#!/usr/bin/env python3
"""Reference for the lab recipe (docs/lab-workflow.md phase 3 steps 1-2) computed with pandas.

Writes lab_recipe_golden.csv: one row per numeric column of NEWTRAININGDATA_FINAL with its sum, plus ROWS.
Run: /usr/bin/python3 make_lab_recipe_golden.py ../../../../shared/lab-data/NewTrainingData.csv [output.csv]
(tests/make_demo_goldens.sh writes lab_recipe_golden_demo.csv from the demo generator's stand-in the same way).
"""
import re
import sys

import pandas as pd

src = sys.argv[1] if len(sys.argv) > 1 else "../../../../shared/lab-data/NewTrainingData.csv"
d = pd.read_csv(src)

# Step 1: cleaning.
d["LOAN_TYPE_NAME"] = d["LOAN_TYPE_NAME"].replace({"FSA/RHS-guaranteed": "FSA_RHS", "FHA-insured": "FHA", "VA-guaranteed": "VA"})
for ch in ["-", " ", "."]:
    d["LOAN_PURPOSE_NAME"] = d["LOAN_PURPOSE_NAME"].str.replace(ch, "_", regex=False)
for ch in ["-", "_", "."]:
    d["COUNTY_NAME"] = d["COUNTY_NAME"].str.replace(ch, "", regex=False)
d["APPLICANT_INCOME_000S"] = d["APPLICANT_INCOME_000S"].astype(float)
d["LOAN_AMOUNT_000S"] = d["LOAN_AMOUNT_000S"].astype(float)

# Step 2: one-hot (originals kept), names made warehouse-safe, numeric nulls filled with 0.
ohe_cols = ["LOAN_TYPE_NAME", "LOAN_PURPOSE_NAME", "COUNTY_NAME"]
dummies = pd.get_dummies(d[ohe_cols], prefix=[c + "_OHE" for c in ohe_cols], prefix_sep="_").astype(int)
dummies.columns = [re.sub(r"[^A-Za-z0-9_]", "_", c) for c in dummies.columns]
d = pd.concat([d, dummies], axis=1)
numeric = [c for c in d.columns if pd.api.types.is_numeric_dtype(d[c])]
d[numeric] = d[numeric].fillna(0)

with open(sys.argv[2] if len(sys.argv) > 2 else "lab_recipe_golden.csv", "w") as f:
    f.write("COLUMN,SUM\n")
    f.write(f"ROWS,{len(d)}\n")
    for c in sorted(numeric):
        f.write(f"{c},{d[c].sum():.6f}\n")
