#!/usr/bin/env bash
# MlopsPortal's one entry point for a fresh machine (Debian/Ubuntu with the .NET SDK of global.json).
#
#   ./build.sh test [args for dotnet test]   install what the tests need when it is missing, then run every test
#   ./build.sh deps                          only check and install what the tests need
#
# What the tests need besides the SDK: Debian's chromium (Playwright flows), postgresql (the several-instances tests
# start their own throwaway cluster), python3 with xgboost, scikit-learn, scipy, pandas, numpy and yaml (checks that
# load our output in the reference tools), libgomp1 (native ML libraries), docker-compose (validates
# docker-compose.yml; no daemon) and the npm package s3rver (a real S3 server on loopback).
# Installing needs root or password-less sudo; otherwise each missing tool is named with the command that installs it
# and the tests run anyway (those needing the tool fail, saying which tool).
#
# The last line is "N passed, N failed, N skipped". With CI=true a skipped test fails the run, listed with its reason.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

apt_packages=()   # what is missing, as Debian package names
npm_packages=()

need_apt() { apt_packages+=("$1"); }

check_deps() {
  [ -x /usr/bin/chromium ] || need_apt chromium
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need_apt postgresql
  dpkg -s libgomp1 >/dev/null 2>&1 || { /sbin/ldconfig -p 2>/dev/null | grep -q 'libgomp\.so\.1'; } || need_apt libgomp1
  command -v docker-compose >/dev/null || need_apt docker-compose
  local module package
  for module in xgboost:python3-xgboost sklearn:python3-sklearn scipy:python3-scipy pandas:python3-pandas \
                numpy:python3-numpy yaml:python3-yaml; do
    package=${module#*:}; module=${module%%:*}
    [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import $module" 2>/dev/null || need_apt "$package"
  done
  if ! command -v s3rver >/dev/null; then
    command -v npm >/dev/null || need_apt npm
    npm_packages+=(s3rver@3)
  fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi
}

install_deps() {
  check_deps
  if [ ${#apt_packages[@]} -eq 0 ] && [ ${#npm_packages[@]} -eq 0 ]; then
    echo "== test dependencies: all present"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then
    echo "== missing test dependencies (run as root or with password-less sudo to have them installed):"
    [ ${#apt_packages[@]} -gt 0 ] && echo "   sudo apt-get install -y --no-install-recommends ${apt_packages[*]}"
    [ ${#npm_packages[@]} -gt 0 ] && echo "   sudo npm install -g ${npm_packages[*]}"
    echo "   the tests run anyway; those that need a missing tool fail and name it"
    return 0
  fi
  if [ ${#apt_packages[@]} -gt 0 ]; then
    echo "== installing with apt-get: ${apt_packages[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/tmp/mlops-apt.log 2>&1 &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${apt_packages[@]}" \
        >>/tmp/mlops-apt.log 2>&1 || { tail -30 /tmp/mlops-apt.log; return 1; }
  fi
  if [ ${#npm_packages[@]} -gt 0 ]; then
    echo "== installing with npm -g: ${npm_packages[*]}"
    as_root npm install -g --no-audit --no-fund "${npm_packages[@]}" >/tmp/mlops-npm.log 2>&1 ||
      { tail -30 /tmp/mlops-npm.log; return 1; }
  fi
}

run_tests() {
  local results log status
  results=$(mktemp -d); log="$results/console.log"
  echo "== dotnet test MlopsPortal.sln -m:1 $*"
  dotnet test MlopsPortal.sln -m:1 --results-directory "$results" --logger "trx" "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}

  # Per-assembly summaries ("Failed: 0, Passed: 12, Skipped: 0, Total: 12") summed; the skipped tests and their reasons
  # are read from the TRX files.
  sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ s += $NF } END { print s + 0 }'; }
  local passed failed skipped
  passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  if [ "$skipped" -gt 0 ]; then
    echo "== skipped tests"
    /usr/bin/python3 tools/trx_skipped.py "$results" 2>/dev/null || grep -h -o 'testName="[^"]*"[^>]*outcome="NotExecuted"' "$results"/*.trx
    if [ "${CI:-}" = "true" ]; then
      echo "== CI: a skipped test is a failed test"
      status=1
    fi
  fi
  rm -rf "$results"
  echo "${passed} passed, ${failed} failed, ${skipped} skipped"
  return "$status"
}

case "${1:-}" in
  deps) install_deps ;;
  test) shift; install_deps || exit 1; run_tests "$@" ;;
  *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
