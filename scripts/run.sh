#!/usr/bin/env bash
# Runs SocketGrid: builds the WAR if it is missing or older than its sources, starts one Payara Micro
# instance serving it at http://localhost:$PORT/ and prints the URL. Ctrl-C stops it.
#
#   scripts/run.sh            run in the foreground (Ctrl-C stops)
#   scripts/run.sh --detach   start in the background, print the URL and the PID file, return
#   scripts/run.sh --stop     stop the instance started with --detach (by its PID file)
#   scripts/run.sh --build-only   only build what is missing or stale
#   scripts/run.sh N          N > 1: a cluster of N instances behind HAProxy on the same URL
#                             (scripts/cluster.sh up N; Ctrl-C runs scripts/cluster.sh down)
#
# Environment: SOCKETGRID_PORT (8080), SOCKETGRID_RUN_DIR (run/<port>), JAVA_OPTS (-Xmx512m),
# SOCKETGRID_WAR (another WAR to run instead of webapp/target/socketgrid.war, never rebuilt),
# SOCKETGRID_HZ_CONFIG (the Hazelcast member config; scripts/cluster.sh sets it), and every SOCKETGRID_*
# setting of README.md (passed to the server through the environment).
# Clustering is TCP-IP on 127.0.0.1 only (hazelcast-config/…/hazelcast-loopback.xml); nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${SOCKETGRID_PORT:-8080}"
RUN_DIR="${SOCKETGRID_RUN_DIR:-run/$PORT}"
PID_FILE="$RUN_DIR/payara.pid"
WAR=${SOCKETGRID_WAR:-webapp/target/socketgrid.war}
MICRO=webapp/target/payara-micro.jar
HZ_CONFIG="${SOCKETGRID_HZ_CONFIG:-hazelcast-config/src/main/resources/hazelcast-loopback.xml}"

# true while process $1 runs (a zombie, killed but not yet reaped by its new parent, does not count)
running() {
  kill -0 "$1" 2>/dev/null && ! grep -qs '^State:[[:space:]]*Z' "/proc/$1/status"
}

stop() {
  if [[ -f "$PID_FILE" ]]; then
    local pid; pid=$(cat "$PID_FILE")
    if running "$pid"; then
      kill "$pid"
      for _ in $(seq 1 100); do running "$pid" || break; sleep 0.1; done
      if running "$pid"; then kill -9 "$pid"; fi
    fi
    rm -f "$PID_FILE"
  fi
}

if [[ "${1:-}" =~ ^[2-9]$ ]]; then
  scripts/cluster.sh up "$1"
  trap 'scripts/cluster.sh down; exit 0' INT TERM
  echo "Ctrl-C stops the cluster"
  while true; do sleep 3600 & wait $!; done
fi

if [[ "${1:-}" == "--stop" ]]; then
  stop
  echo "stopped SocketGrid on port $PORT"
  exit 0
fi

if [[ -z "${SOCKETGRID_WAR:-}" ]] && [[ ! -f "$WAR" || ! -f "$MICRO" || -n "$(find pom.xml server-module webapp/pom.xml webapp/src -newer "$WAR" -not -path '*/target/*' -print -quit)" ]]; then
  echo "building SocketGrid ..."
  mvn -q -B -DskipTests -pl webapp -am package
fi

if [[ "${1:-}" == "--build-only" ]]; then
  exit 0
fi

if [[ -f "$PID_FILE" ]] && running "$(cat "$PID_FILE")"; then
  echo "SocketGrid already runs on port $PORT (PID $(cat "$PID_FILE")); scripts/run.sh --stop stops it" >&2
  exit 1
fi

# a fresh Payara root each start: a reused one remembers the WAR in domain.xml and deploys it twice
rm -rf "$RUN_DIR/payara"
mkdir -p "$RUN_DIR/tmp"
# shellcheck disable=SC2086
java ${JAVA_OPTS:--Xmx512m} \
  -Dhazelcast.phone.home.enabled=false \
  -Djava.io.tmpdir="$RUN_DIR/tmp" \
  -jar "$MICRO" \
  --deploy "$WAR" --contextroot / \
  --port "$PORT" \
  --hzconfigfile "$HZ_CONFIG" --interfaces 127.0.0.1 \
  --disablephonehome --rootdir "$RUN_DIR/payara" \
  >"$RUN_DIR/payara.log" 2>&1 &
echo $! > "$PID_FILE"
PID=$(cat "$PID_FILE")

URL="http://localhost:$PORT/"
for _ in $(seq 1 180); do
  if ! running "$PID"; then
    echo "Payara Micro exited during start-up; see $RUN_DIR/payara.log" >&2
    tail -n 30 "$RUN_DIR/payara.log" >&2
    rm -f "$PID_FILE"
    exit 1
  fi
  if curl -fsS -o /dev/null "${URL}index.html" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
if ! curl -fsS -o /dev/null "${URL}index.html"; then
  echo "SocketGrid did not answer on $URL within 90 s; see $RUN_DIR/payara.log" >&2
  stop
  exit 1
fi

echo "SocketGrid is running: $URL  (log: $RUN_DIR/payara.log, PID $PID)"
if [[ "${1:-}" == "--detach" ]]; then
  echo "PID file: $PID_FILE  (scripts/run.sh --stop stops it)"
  exit 0
fi
trap 'stop; echo; echo "stopped"; exit 0' INT TERM
wait "$PID" || true
rm -f "$PID_FILE"
