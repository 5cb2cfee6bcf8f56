#!/usr/bin/env bash
# Runs the load generator against the three real servers, one after the other, each started fresh and stopped
# by its PID: SocketGrid (scripts/run.sh --detach), socketcluster-server 20 and socket.io 4.8
# (scripts/bench/peers, installed with `npm ci` when missing). For each: thesis, flood and fanout for
# $SECONDS_EACH seconds (20), and on SocketGrid also files and idle (the Netty and the JDK transport).
# Servers are pinned to CPU 0, the load generator to CPU 1. Every summary lands in $OUT
# ($OUT, /tmp/socketgrid-load-check/results by default: <server>-<workload>/summary.json, .csv, timeline.csv); a one-line digest of each is printed.
# Loopback only. Run it under the machine's heavy-work lock, after building:
#   flock /tmp/socketgrid-heavy.lock mvn -B -q -o -pl webapp,load-generator -am package -DskipTests
#   flock /tmp/socketgrid-heavy.lock load-generator/check-servers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-20}
OUT=${OUT:-/tmp/socketgrid-load-check/results}
SG_PORT=${SG_PORT:-18096}
PEER_PORT=${PEER_PORT:-18182}
JAR=load-generator/target/socketgrid-load.jar
LOAD=(taskset -c 1 java -Xmx1g -jar "$JAR")
ulimit -n 20000
mkdir -p "$OUT"
[[ -f $JAR ]] || { echo "build first: mvn -pl load-generator -am package" >&2; exit 1; }
if [[ ! -d scripts/bench/peers/node_modules/socket.io || ! -d scripts/bench/peers/node_modules/socketcluster-server ]]; then
  (cd scripts/bench/peers && npm ci --no-audit --no-fund)
fi

PEER_PID=
export SOCKETGRID_PORT=$SG_PORT SOCKETGRID_RUN_DIR=${SOCKETGRID_RUN_DIR:-/tmp/socketgrid-load-check}
cleanup() {
  if [[ -n "$PEER_PID" ]] && kill -0 "$PEER_PID" 2>/dev/null; then kill "$PEER_PID"; fi
  scripts/run.sh --stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

# load NAME ARGS…: one run of the load generator, its report in $OUT/NAME
load() {
  local name=$1; shift
  echo "== $name: $*"
  "${LOAD[@]}" "$@" --duration "${SECONDS_EACH}s" --warmup 5s --drain 3s --out "$OUT/$name" --quiet >/dev/null || echo "   (exit $?)"
  jq -c '{workload, dialect, ok: .connections.ok, failed: .connections.failed, dropped: .connections.dropped,
          perSec: .messages.perSec, p50: .latency.p50Ms, p99: .latency.p99Ms, max: .latency.maxMs,
          server: .server}' "$OUT/$name/summary.json"
}

# --- SocketGrid
taskset -c 0 scripts/run.sh --detach
SG_PID=$(cat "$SOCKETGRID_RUN_DIR/payara.pid")
SG_URL="ws://127.0.0.1:$SG_PORT/socketcluster/"
load socketgrid-thesis thesis --dialect socketgrid --url "$SG_URL" -n 1000 --rate 100 -p 2s --server-pid "$SG_PID" \
  --source-addresses 127.0.0.2-127.0.0.5
load socketgrid-flood flood --dialect socketgrid --url "$SG_URL" -k 100 --server-pid "$SG_PID"
load socketgrid-fanout fanout --dialect socketgrid --url "$SG_URL" -s 100 -r 100 --server-pid "$SG_PID"
load socketgrid-files files --dialect socketgrid --url "$SG_URL" -k 4 --size 1m --server-pid "$SG_PID"
load socketgrid-idle-netty idle --dialect socketgrid --url "$SG_URL" -n 5000 --rate 1000 --max-pending 200 --transport netty --io-threads 2
load socketgrid-idle-jdk idle --dialect socketgrid --url "$SG_URL" -n 5000 --rate 1000 --max-pending 200 --transport jdk --io-threads 2
scripts/run.sh --stop

# --- the peers
for engine in socketcluster socketio; do
  taskset -c 0 node --expose-gc "scripts/bench/peers/$engine.mjs" --port="$PEER_PORT" --max-seconds=600 \
    > "$OUT/$engine-peer.log" 2>&1 &
  PEER_PID=$!
  for _ in $(seq 1 100); do grep -q '^READY' "$OUT/$engine-peer.log" && break; sleep 0.1; done
  grep -q '^READY' "$OUT/$engine-peer.log" || { echo "the $engine peer did not start" >&2; exit 1; }
  if [[ $engine == socketcluster ]]; then URL="ws://127.0.0.1:$PEER_PORT/socketcluster/"; else URL="ws://127.0.0.1:$PEER_PORT/socket.io/"; fi
  load "$engine-thesis" thesis --dialect "$engine" --url "$URL" -n 1000 --rate 100 -p 2s --server-pid "$PEER_PID" \
    --source-addresses 127.0.0.2-127.0.0.5
  load "$engine-flood" flood --dialect "$engine" --url "$URL" -k 100 --server-pid "$PEER_PID"
  load "$engine-fanout" fanout --dialect "$engine" --url "$URL" -s 100 -r 100 --server-pid "$PEER_PID"
  kill "$PEER_PID"; wait "$PEER_PID" || true; PEER_PID=
done

echo "reports in $OUT/<server>-<workload>/"
