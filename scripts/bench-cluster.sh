#!/usr/bin/env bash
# Cluster figures (a benchmark that prints numbers, never a test): on scripts/cluster.sh clusters of 2 and 3
# instances behind HAProxy, with their own ports and run directory,
#   - cross-instance publish latency p50/p99 at 1,000 and 10,000 messages/s (subscriber on the first
#     instance, publisher on the last);
#   - fan-out: one publisher, 5,000 subscribers spread over 3 instances: deliveries/s and latency;
#   - the same fan-out with one instance killed (kill -9) mid-load: what the subscribers lost or got twice
#     after reconnecting through the balancer and recovering;
#   - 10,000 channels subscribed on one instance and published to from the other: time, deliveries, and
#     each instance's live heap before and after (jcmd GC.run + GC.heap_info).
# All processes float over both cores (three JVMs, HAProxy and the client share 2 cores: the figures are of
# this machine, not of the engine alone). Results: run/bench/cluster-<timestamp>/. Run it alone on the
# machine: it takes the build lock (flock -o) itself.
#
#   scripts/bench-cluster.sh [all|channels|latency|fanout]   everything (~6 min, plus each cluster's settling), or one part
# Environment: BENCH_SUBSCRIBERS (5000), BENCH_FANOUT_RATE (10), BENCH_SECONDS (10), BENCH_WARMUP (0: seconds of
# the same load before each latency and fan-out measurement, on the same instances, reported apart as
# "warmup" in each result: the instances start cold, so without it the figures include their JIT warm-up).
# BENCH_LATENCY_RATES ("1000 10000"), BENCH_CLUSTER_SIZES ("2 3"): the latency rates and cluster sizes;
# BENCH_FANOUT_KILL (1): 0 leaves out the fan-out with an instance killed. BENCH_SETTLE (240): after starting a
# cluster, wait until no instance uses 10 % of a core any more (their boot's compiling and initialising), at
# most this many seconds, before any load; how long it took is in settle-N.json. 0 starts the load at once.
# BENCH_CHANNEL (bench-<pid>): the channel of the latency and fan-out parts; a fixed name keeps the channel's ringbuffer on the same
# Hazelcast member from run to run, to compare builds. BENCH_DUMP (unset): a file for the latency client's CSV of
# every measured delivery (wall-clock ms when published, latency ms), to line the slow ones up with GC or JIT logs.
# BENCH_LATENCY_PEER (1): the latency part also runs the same client at the same rates against one
# socketcluster-server 20 process (its in-process broker, floating over both cores like the instances): the
# peer's figure on the same machine with the same client; 0 leaves it out. BENCH_CLUSTER_SIZES="1 2" adds a
# one-instance SocketGrid (publisher and subscriber on the same instance) to tell the cluster hop apart.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${SOCKETGRID_BENCH_LOCKED:-}" ]]; then
  exec env SOCKETGRID_BENCH_LOCKED=1 flock -o /tmp/socketgrid-heavy.lock "$0" "$@"
fi

PART="${1:-all}"
case $PART in all|channels|latency|fanout) ;; *) echo "usage: $0 [all|channels|latency|fanout]" >&2; exit 2 ;; esac
wants() { [[ $PART == all || $PART == "$1" ]]; }
# install_peers, launch_peer, stop_server (a peer: by its PID), log
source scripts/bench-lib.sh
OUT="run/bench/cluster-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
export SOCKETGRID_LB_PORT=18280 SOCKETGRID_CLUSTER_HTTP_BASE=18281 SOCKETGRID_CLUSTER_HZ_BASE=5841
export SOCKETGRID_CLUSTER_DIR="$OUT/cluster"
# one publisher socket sends up to 10,000 messages/s, above the default per-socket limit (inboundRate 5,000/s):
# without this the instances refuse half of them with RateLimitError and the figures count them as lost
export SOCKETGRID_INBOUND_RATE="${SOCKETGRID_INBOUND_RATE:-0}"
SUBSCRIBERS="${BENCH_SUBSCRIBERS:-5000}"
FANOUT_RATE="${BENCH_FANOUT_RATE:-10}"
SECONDS_EACH="${BENCH_SECONDS:-10}"
WARMUP="${BENCH_WARMUP:-0}"
SETTLE="${BENCH_SETTLE:-240}"
read -ra LATENCY_RATES <<<"${BENCH_LATENCY_RATES:-1000 10000}"
read -ra CLUSTER_SIZES <<<"${BENCH_CLUSTER_SIZES:-2 3}"

[[ -d scripts/bench/node_modules ]] || (cd scripts/bench && npm ci --no-audit --no-fund --loglevel=error)
ulimit -n 20000

PEER_PORT=18290
SERVER_KIND=peer SERVER_PID=   # the SocketCluster peer of the latency part, stopped by stop_server
trap 'scripts/cluster.sh down >/dev/null 2>&1 || true; stop_server' EXIT

nodes() {
  local n=$1 list=""
  for i in $(seq 1 "$n"); do list+="http://127.0.0.1:$((SOCKETGRID_CLUSTER_HTTP_BASE + i - 1))/,"; done
  echo "${list%,}"
}

run() {
  local name=$1; shift
  echo "== $name" >&2
  node scripts/bench/cluster.mjs "$@" | tee "$OUT/$name.json"
}

# settled N: waits until each of instances 1..N has used under 10 % of a core over 5 s, at most $SETTLE seconds
# (BENCH_SETTLE); prints how long that took into $OUT/settle-N.json. When 'up' returns the instances may still be
# compiling and initialising (once 30-37 % of a core each 20 s after a 110 s start, another time under 10 % after
# 10 s): three of them on two cores then leave the load and its client less than they will have later.
settled() {
  local n=$1 waited=0 busiest=0 tick i
  (( SETTLE > 0 )) || return 0
  tick=$(getconf CLK_TCK)
  local -a pids before after
  for i in $(seq 1 "$n"); do pids+=("$(cat "$SOCKETGRID_CLUSTER_DIR/node$i/payara.pid")"); done
  while (( waited < SETTLE )); do
    before=(); after=()
    for i in "${!pids[@]}"; do before+=("$(cpu_ticks "${pids[i]}")"); done
    sleep 5; waited=$((waited + 5))
    for i in "${!pids[@]}"; do after+=("$(cpu_ticks "${pids[i]}")"); done
    busiest=0
    for i in "${!pids[@]}"; do
      (( after[i] - before[i] > busiest )) && busiest=$((after[i] - before[i]))
    done
    (( busiest * 100 / tick / 5 < 10 )) && break
  done
  echo "{\"instances\":$n,\"settleSeconds\":$waited,\"busiestInstancePercentOfACore\":$((busiest * 100 / tick / 5)),\"settleLimit\":$SETTLE}" \
    | tee "$OUT/settle-$n.json" >&2
}

# the used heap of instance $1 after a full GC, in KB
heap_kb() {
  local pid; pid=$(cat "$SOCKETGRID_CLUSTER_DIR/node$1/payara.pid")
  jcmd "$pid" GC.run >/dev/null
  jcmd "$pid" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+'
}

if wants channels; then
  scripts/cluster.sh up 2 >"$OUT/up-channels.log" 2>&1
  settled 2
  before="$(heap_kb 1) $(heap_kb 2)"
  run "channels-10000" channels --nodes="$(nodes 2)" --channels=10000
  after="$(heap_kb 1) $(heap_kb 2)"
  echo "{\"heapKbBefore\":\"$before\",\"heapKbAfter\":\"$after\"}" | tee "$OUT/channels-heap.json"
  scripts/cluster.sh down >/dev/null
fi

for n in "${CLUSTER_SIZES[@]}"; do
  wants latency || { wants fanout && (( n == 3 )); } || continue
  scripts/cluster.sh up "$n" >"$OUT/up-$n.log" 2>&1
  settled "$n"
  if wants latency; then
    for rate in "${LATENCY_RATES[@]}"; do
      run "latency-$n-$rate" latency --nodes="$(nodes "$n")" --rate="$rate" --seconds="$SECONDS_EACH" --warmup="$WARMUP"
    done
  fi
  if wants fanout && (( n == 3 )); then
    run "fanout-3" fanout --nodes="$(nodes 3)" --lb="http://127.0.0.1:$SOCKETGRID_LB_PORT/" \
      --subscribers="$SUBSCRIBERS" --rate="$FANOUT_RATE" --seconds="$SECONDS_EACH" --warmup="$WARMUP"
    [[ ${BENCH_FANOUT_KILL:-1} == 0 ]] || run "fanout-3-kill" fanout --nodes="$(nodes 3)" --lb="http://127.0.0.1:$SOCKETGRID_LB_PORT/" \
      --subscribers="$SUBSCRIBERS" --rate="$FANOUT_RATE" --seconds=$((SECONDS_EACH + 10)) \
      --kill-after=5 --kill-command="scripts/cluster.sh kill 3"
  fi
  scripts/cluster.sh down >/dev/null
done
if wants latency && [[ ${BENCH_LATENCY_PEER:-1} != 0 ]]; then
  install_peers
  launch_peer "$OUT/peer-socketcluster" socketcluster "$PEER_PORT" 0-1
  SERVER_PID=$LAUNCHED_PID
  for rate in "${LATENCY_RATES[@]}"; do
    run "latency-socketcluster-$rate" latency --nodes="http://127.0.0.1:$PEER_PORT/" --rate="$rate" --seconds="$SECONDS_EACH" --warmup="$WARMUP"
  done
  stop_server
fi
echo "results in $OUT" >&2
