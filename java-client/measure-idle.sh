#!/usr/bin/env bash
# Measures what N idle client sockets cost the client JVM against one local SocketGrid (scripts/run.sh on
# port 18090): the Java client with the JDK's cached callback pool, the same with 2 fixed threads, and (when
# TYRUS_JAR names tyrus-standalone-client) the Tyrus standalone client for comparison. Each client run is
# its own JVM, one after the other, against the same server. Run it under the machine's heavy-work lock:
#   flock /tmp/socketgrid-heavy.lock java-client/measure-idle.sh 5000 30
# Needs: mvn install of server-module, hazelcast-config, webapp and java-client (test classes included).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
IDLE=${2:-30}
ulimit -n 20000
export SOCKETGRID_PORT=18090 SOCKETGRID_RUN_DIR=${SOCKETGRID_RUN_DIR:-/tmp/socketgrid-client-bench}
URI="ws://127.0.0.1:$SOCKETGRID_PORT/socketcluster/"
JAVA_CLIENT_OPTS=${CLIENT_JAVA_OPTS:--Xmx512m}
trap 'scripts/run.sh --stop' EXIT
scripts/run.sh --detach
M2=~/.m2/repository
CP="java-client/target/classes:java-client/target/test-classes:$M2/org/eclipse/parsson/parsson/1.1.7/parsson-1.1.7.jar:$M2/jakarta/json/jakarta.json-api/2.1.3/jakarta.json-api-2.1.3.jar"
echo "== java-client, JDK WebSocket, the JDK's cached callback pool"
java $JAVA_CLIENT_OPTS -cp "$CP" io.socketgrid.client.bench.IdleConnections "$URI" "$N" "$IDLE"
echo "== java-client, JDK WebSocket, 2 fixed callback threads"
java $JAVA_CLIENT_OPTS -cp "$CP" io.socketgrid.client.bench.IdleConnections "$URI" "$N" "$IDLE" 2
if [[ -n "${TYRUS_JAR:-}" ]]; then
  echo "== Tyrus standalone client (shared container)"
  OUT=$(mktemp -d)
  javac -cp "$TYRUS_JAR" -d "$OUT" java-client/bench/TyrusIdleConnections.java
  java $JAVA_CLIENT_OPTS -cp "$TYRUS_JAR:$OUT" TyrusIdleConnections "$URI" "$N" "$IDLE"
  rm -rf "$OUT"
fi
