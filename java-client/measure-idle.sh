#!/usr/bin/env bash
# Measures what N idle client sockets cost the client JVM (IdleConnections) against one local SocketGrid
# (scripts/run.sh on port 18090). Run it under the machine's heavy-work lock:
#   flock /tmp/socketgrid-heavy.lock java-client/measure-idle.sh 5000 30
# Needs: mvn install of server-module, hazelcast-config, webapp and java-client (test classes included).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
IDLE=${2:-30}
ulimit -n 20000
export SOCKETGRID_PORT=18090 SOCKETGRID_RUN_DIR=${SOCKETGRID_RUN_DIR:-/tmp/socketgrid-client-bench}
trap 'scripts/run.sh --stop' EXIT
scripts/run.sh --detach
CP="java-client/target/classes:java-client/target/test-classes:$(ls ~/.m2/repository/org/eclipse/parsson/parsson/1.1.7/parsson-1.1.7.jar):$(ls ~/.m2/repository/jakarta/json/jakarta.json-api/2.1.3/jakarta.json-api-2.1.3.jar)"
java ${CLIENT_JAVA_OPTS:--Xmx512m} -cp "$CP" io.socketgrid.client.bench.IdleConnections \
  "ws://127.0.0.1:$SOCKETGRID_PORT/socketcluster/" "$N" "$IDLE"
