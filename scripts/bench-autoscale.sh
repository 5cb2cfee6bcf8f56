#!/usr/bin/env bash
# The autoscaling run (figures and a log, never a test): a cluster of one instance behind HAProxy
# (scripts/cluster.sh up 1, its own ports and run directory) follows its own advice with
# `scripts/cluster.sh autoscale --min 1 --max 3` while scripts/bench/autoscale.mjs ramps a ping load through
# the balancer, holds it and stops it; a publisher on instance 1 and subscribers that join through the
# balancer over the run count every channel message until the cluster is back to one instance.
# Results in run/bench/autoscale-<timestamp>/: autoscale.log (one line per decision), load.json (the
# counts), cluster/ (instance logs). Run it alone on the machine (under flock, like every cluster run).
#
#   scripts/bench-autoscale.sh
#
# The targets are the autoscale* settings (README.md), lowered for a machine of 2 cores that also runs the
# load: SOCKETGRID_AUTOSCALE_CONNECTIONS_TARGET (400 here) and SOCKETGRID_AUTOSCALE_CPU_TARGET (60, the
# default); windows and tolerance keep their defaults unless set. The load: BENCH_AUTOSCALE_SOCKETS (1200),
# BENCH_AUTOSCALE_RAMP (180 s), BENCH_AUTOSCALE_HOLD (150 s), BENCH_AUTOSCALE_PING_MAX_MS (1000),
# BENCH_AUTOSCALE_SUBSCRIBERS (20); the autoscaler's bound BENCH_AUTOSCALE_FOR (900 s).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT="run/bench/autoscale-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
export SOCKETGRID_LB_PORT=18380 SOCKETGRID_CLUSTER_HTTP_BASE=18381 SOCKETGRID_CLUSTER_HZ_BASE=5861
export SOCKETGRID_CLUSTER_DIR="$OUT/cluster"
export SOCKETGRID_AUTOSCALE_CONNECTIONS_TARGET="${SOCKETGRID_AUTOSCALE_CONNECTIONS_TARGET:-400}"
export SOCKETGRID_AUTOSCALE_CPU_TARGET="${SOCKETGRID_AUTOSCALE_CPU_TARGET:-60}"

[[ -d scripts/bench/node_modules ]] || (cd scripts/bench && npm ci --no-audit --no-fund --loglevel=error)
ulimit -n 20000

autoscaler=""
cleanup() {
  if [[ -n "$autoscaler" ]] && kill -0 "$autoscaler" 2>/dev/null; then kill "$autoscaler"; wait "$autoscaler" || true; fi
  scripts/cluster.sh down >/dev/null 2>&1 || true
}
trap cleanup EXIT

scripts/cluster.sh up 1 >"$OUT/up.log" 2>&1
echo "settings: $(env | grep '^SOCKETGRID_AUTOSCALE_' | sort | tr '\n' ' ')" | tee "$OUT/settings.txt"
scripts/cluster.sh autoscale --min 1 --max 3 --interval 5 --for "${BENCH_AUTOSCALE_FOR:-900}" >/dev/null &
autoscaler=$!
# the first advice needs 30 s of samples of the one instance: let the loop see one HOLD first
sleep 10

status=0
node scripts/bench/autoscale.mjs --url="ws://127.0.0.1:$SOCKETGRID_LB_PORT/socketcluster/" \
  --publisher-url="ws://127.0.0.1:$SOCKETGRID_CLUSTER_HTTP_BASE/socketcluster/" >"$OUT/load.json" \
  2> >(tee "$OUT/load-progress.log" >&2) || status=$?

kill "$autoscaler" 2>/dev/null || true
wait "$autoscaler" || true
autoscaler=""
cp "$SOCKETGRID_CLUSTER_DIR/autoscale.log" "$OUT/autoscale.log"
echo "== autoscale log"
cat "$OUT/autoscale.log"
echo "== counts"
jq -c 'del(.perSubscriber)' "$OUT/load.json"
jq -c '.perSubscriber[] | {first, received, missing, duplicates, outOfOrder, reconnects, recoveries, nodes}' "$OUT/load.json"
echo "results: $OUT"
exit "$status"
