#!/usr/bin/python3
"""Checks the demo data's drift story with the lab's own recipes (Debian python3-xgboost 1.7.x, sklearn, pandas).

usage: /usr/bin/python3 check_drift_story.py [INFERENCEMORTGAGEDATA.csv NEWTRAININGDATA.csv]
Without arguments the two files are generated with the CLI (`mlops demo generate`, default rows and seed).

V1 (docs/lab-workflow.md phase 1): XGBClassifier(eval_metric='logloss') on pd.get_dummies(LOAN_TYPE_NAME, LOAN_PURPOSE_NAME,
COUNTY_NAME, drop_first=True) plus the numeric features APPLICANT_INCOME_000S and LOAN_AMOUNT_000S (WEEK_START_DATE,
TS, LOAN_ID and WEEK are time and id columns, not features), trained on weeks 1-5 of INFERENCEMORTGAGEDATA with the
60/20/20 stratified split (random_state 42), then scored on every week.
V2 (docs/lab-workflow.md phase 3): NEWTRAININGDATA cleaned, LOAN_PURPOSE_NAME_OHE_* + incomes (nulls as 0) + amounts, 80/20 split
(random_state 42), XGBoost binary:logistic, 100 trees, depth 6, learning rate 0.3.
Exits 1 when the story does not hold: V1 F1 >= 0.7 in weeks 1-6, < 0.7 in week 7 (2025-02-09); V2 recovers (>= 0.7).
"""
import os, subprocess, sys, tempfile
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from xgboost import XGBClassifier

def generate():
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
    out = tempfile.mkdtemp()
    paths = []
    for table in ('INFERENCEMORTGAGEDATA', 'NEWTRAININGDATA'):
        path = os.path.join(out, table + '.csv')
        subprocess.run(['dotnet', 'run', '--project', os.path.join(repo, 'src', 'MlopsPortal.Cli'), '--',
                        'demo', 'generate', '--table', table, '--output', path], check=True)
        paths.append(path)
    return paths

inference_csv, training_csv = sys.argv[1:3] if len(sys.argv) >= 3 else generate()
inf = pd.read_csv(inference_csv)
new = pd.read_csv(training_csv)

def v1_features(frame):
    x = frame.drop(columns=['WEEK_START_DATE', 'TS', 'LOAN_ID', 'WEEK', 'MORTGAGERESPONSE'])
    return pd.get_dummies(x, columns=['LOAN_TYPE_NAME', 'LOAN_PURPOSE_NAME', 'COUNTY_NAME'], drop_first=True)

train = inf[inf.WEEK <= 5]
X, y = v1_features(train), train.MORTGAGERESPONSE
X_train, X_rest, y_train, y_rest = train_test_split(X, y, test_size=0.4, stratify=y, random_state=42)
X_val, X_test, y_val, y_test = train_test_split(X_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=42)
v1 = XGBClassifier(eval_metric='logloss')
v1.fit(X_train, y_train)
print(f'V1 test F1 (weeks 1-5 hold-out): {f1_score(y_test, v1.predict(X_test)):.3f}')
inf['V1'] = v1.predict(v1_features(inf).reindex(columns=X.columns, fill_value=0))

def clean(frame):
    f = frame.copy()
    f['LOAN_TYPE_NAME'] = f.LOAN_TYPE_NAME.replace({'FSA/RHS-guaranteed': 'FSA_RHS', 'FHA-insured': 'FHA', 'VA-guaranteed': 'VA'})
    f['LOAN_PURPOSE_NAME'] = f.LOAN_PURPOSE_NAME.str.replace(r'[- .]', '_', regex=True)
    f['COUNTY_NAME'] = f.COUNTY_NAME.str.replace(r'[-_.]', '', regex=True)
    f['APPLICANT_INCOME_000S'] = f.APPLICANT_INCOME_000S.astype(float).fillna(0)
    f['LOAN_AMOUNT_000S'] = f.LOAN_AMOUNT_000S.astype(float).fillna(0)
    ohe = pd.get_dummies(f.LOAN_PURPOSE_NAME, prefix='LOAN_PURPOSE_NAME_OHE').astype(int)
    return pd.concat([ohe, f[['APPLICANT_INCOME_000S', 'LOAN_AMOUNT_000S']]], axis=1)

X2 = clean(new)
X2_train, X2_test, y2_train, y2_test = train_test_split(X2, new.MORTGAGERESPONSE, test_size=0.2, random_state=42)
v2 = XGBClassifier(objective='binary:logistic', n_estimators=100, max_depth=6, learning_rate=0.3)
v2.fit(X2_train, y2_train)
v2_test = new.loc[X2_test.index].assign(V2=v2.predict(X2_test))
print(f'V2 test F1 (NEWTRAININGDATA hold-out): {f1_score(y2_test, v2_test.V2):.3f}')
inf['V2'] = v2.predict(clean(inf).reindex(columns=X2.columns, fill_value=0))

print('week  start       rows  positive  income  amount  V1_F1  V2_F1')
ok = True
for week, g in inf.groupby('WEEK'):
    f1, f2 = f1_score(g.MORTGAGERESPONSE, g.V1), f1_score(g.MORTGAGERESPONSE, g.V2)
    print(f'{week:4d}  {g.WEEK_START_DATE.iloc[0][:10]}  {len(g):4d}  {g.MORTGAGERESPONSE.mean():8.2f}  '
          f'{g.APPLICANT_INCOME_000S.mean():6.1f}  {g.LOAN_AMOUNT_000S.mean():6.1f}  {f1:5.3f}  {f2:5.3f}')
    if week <= 6 and f1 < 0.7:
        ok = False; print(f'  !! V1 should stay >= 0.7 before the drift')
    if week == 7 and f1 >= 0.7:
        ok = False; print(f'  !! V1 should fall below 0.7 in the week of 2025-02-09')
late = inf[inf.WEEK >= 10]
late_v2 = f1_score(late.MORTGAGERESPONSE, late.V2)
print(f'V2 F1 on INFERENCEMORTGAGEDATA weeks 10-25: {late_v2:.3f}; V1 there: {f1_score(late.MORTGAGERESPONSE, late.V1):.3f}')
print('V2_PREDICTIONS F1 per week: ' + ', '.join(
    f'{w}: {f1_score(g.MORTGAGERESPONSE, g.V2):.2f}' for w, g in v2_test.groupby('WEEK')))
if late_v2 < 0.7 or f1_score(y2_test, v2_test.V2) < 0.7:
    ok = False; print('  !! V2 should recover (F1 >= 0.7)')
print('drift story holds' if ok else 'drift story BROKEN')
sys.exit(0 if ok else 1)
