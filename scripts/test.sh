#!/usr/bin/env bash
# Runs every SocketGrid test: unit (Java, and the browser client's under node --test), Arquillian (real Payara Micro), the official socketcluster-client
# interop tests, the protocol, interop and two-instance channel tests again against WildFly (wildfly-tests: WildFly
# 39 from Maven Central, socketgrid-portable.war), the failover test (kill -9 and drain on scripts/cluster.sh --tls: Payara Micro instances behind HAProxy, which
# also terminates TLS), the TLS test (scripts/run.sh --tls) and Selenium (headless Chromium); then the quick
# form of thesis experiments (scripts/thesis.sh <4.2|4.3|4.5> --quick into run/thesis-quick/), checking that
# each wrote its results CSV, a row per engine with connections opened, and non-empty PNG plots. First installs
# what they need on a fresh Debian machine: Maven, Node.js, curl, HAProxy, jq, openssl and gnuplot-nox if absent,
# Debian's chromium + chromium-driver, and the Node tests' npm packages. THESIS_TEST_EXPERIMENTS names the thesis
# experiments whose quick forms run (default 4.2 4.3 4.5).
# Extra arguments go to Maven (e.g. scripts/test.sh -pl arquillian-tests -am).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v mvn >/dev/null || missing+=(maven)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v curl >/dev/null || missing+=(curl)
command -v haproxy >/dev/null || missing+=(haproxy)
command -v jq >/dev/null || missing+=(jq)
command -v openssl >/dev/null || missing+=(openssl)
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
if (( ${#missing[@]} )); then
  echo "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

echo "installing the interop test's npm packages"
(cd arquillian-tests/src/test/node && npm ci --no-audit --no-fund --loglevel=error)

echo "running the browser client's unit tests (node --test)"
node --test webapp/src/test/js/

echo "running the benchmark peers' unit tests (node --test)"
node --test scripts/bench/peers/serve.test.mjs

mvn -B verify "$@"

# check_thesis_results DIR: results.csv with a row for each engine, each with connections opened; summary.md;
# at least one plot, each a non-empty PNG
check_thesis_results() {
  local dir=$1 engine png plots=0
  [[ -s $dir/results.csv && -s $dir/summary.md ]] || { echo "FAILED: $dir has no results.csv or summary.md" >&2; return 1; }
  for engine in socketgrid socketcluster socketio; do
    awk -F, -v e="$engine" 'NR > 1 && $2 == e && $6 > 0 { found = 1 } END { exit !found }' "$dir/results.csv" \
      || { echo "FAILED: $dir/results.csv has no $engine run with connections opened" >&2; return 1; }
  done
  for png in "$dir"/*.png; do
    [[ -s $png && $(head -c 8 "$png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] \
      || { echo "FAILED: $png is missing, empty or not a PNG" >&2; return 1; }
    plots=$((plots + 1))
  done
  ((plots > 0)) || { echo "FAILED: no plot in $dir" >&2; return 1; }
  echo "thesis $(basename "$dir") --quick: results.csv ($(($(wc -l <"$dir/results.csv") - 1)) runs), $plots plots"
}

# 4.2 (one process per engine), 4.3 (clusters behind HAProxy) and 4.5 (the file variant) cover every path of
# scripts/thesis.sh in ~4 minutes; all six take ~8 (THESIS_TEST_EXPERIMENTS="4.1 4.2 4.3 4.4 4.5 4.6")
read -r -a thesis_experiments <<<"${THESIS_TEST_EXPERIMENTS:-4.2 4.3 4.5}"
echo "running thesis experiments' quick forms: ${thesis_experiments[*]} (scripts/thesis.sh <experiment> --quick, run/thesis-quick/)"
thesis_started=$(date +%s)
for experiment in "${thesis_experiments[@]}"; do
  THESIS_RESULTS=run/thesis-quick scripts/thesis.sh "$experiment" --quick
  check_thesis_results "run/thesis-quick/$experiment"
done
echo "thesis quick forms took $(( $(date +%s) - thesis_started )) s"

echo "all tests passed in $(( $(date +%s) - started )) s"
