#!/usr/bin/env bash
# Writes the golden files for the demo generator's lab-shaped tables, which the tests use on a clone that has no
# ../shared/lab-data (tests/MlopsPortal.TestKit/LabFiles.cs). Each golden comes from the same script, with the same
# reference tools (Debian's python3-xgboost, -sklearn, -pandas, -scipy), as its lab twin.
set -euo pipefail
cd "$(dirname "$0")/.."
demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
cli() { dotnet run --project src/MlopsPortal.Cli -- "$@"; }
cli demo generate --table INFERENCEMORTGAGEDATA --output "$demo/Mortgage_Data.csv"
cli demo generate --table NEWTRAININGDATA --output "$demo/NewTrainingData.csv"

/usr/bin/python3 tests/MlopsPortal.Core.Tests/Monitoring/Goldens/make_goldens.py --demo "$demo/Mortgage_Data.csv"
git checkout -- tests/MlopsPortal.Core.Tests/Monitoring/Goldens/goldens_lab.json \
  tests/MlopsPortal.Core.Tests/Monitoring/Goldens/goldens_generated.json \
  tests/MlopsPortal.Core.Tests/Monitoring/Goldens/goldens_misc.json 2>/dev/null || true  # only the demo twin is new
/usr/bin/python3 tests/MlopsPortal.Infrastructure.Tests/Scoring/make_scoring_golden.py --demo "$demo"
/usr/bin/python3 tests/MlopsPortal.Infrastructure.Tests/Scoring/make_evaluation_golden.py --demo "$demo"
(cd tests/MlopsPortal.Infrastructure.Tests/FeatureStore &&
  /usr/bin/python3 make_lab_recipe_golden.py "$demo/NewTrainingData.csv" lab_recipe_golden_demo.csv)
