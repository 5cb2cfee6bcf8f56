#!/usr/bin/env bash
# The official socketcluster-client interop steps (arquillian-tests/src/test/node: interop.mjs, auth-interop.mjs,
# files-interop.mjs, as OfficialClientInteropIT runs them) against the WAR on any of the servers, started by
# scripts/run.sh on its own port and stopped afterwards; prints each script's and the whole run's wall time.
#
#   scripts/interop.sh [--server wildfly|payara-server|payara-micro]   (default payara-micro)
#
# The WAR is the server's (socketgrid-portable.war on WildFly, socketgrid.war on Payara) plus the tests'
# TestProcedures, as the Arquillian deployments are. Needs a built tree (mvn -DskipTests package: the WARs
# and arquillian-tests' test classes) and the npm packages (scripts/test.sh installs them).
# Environment: SOCKETGRID_INTEROP_PORT (18380), the HTTP port; SOCKETGRID_* settings pass to the server.
set -euo pipefail
cd "$(dirname "$0")/.."

SERVER=payara-micro
case "${1:-}" in
  --server) SERVER=${2:?usage: scripts/interop.sh [--server wildfly|payara-server|payara-micro]} ;;
  --server=*) SERVER=${1#--server=} ;;
  "") ;;
  *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac
PORT=${SOCKETGRID_INTEROP_PORT:-18380}
DIR="$(realpath -m "run/interop-$SERVER")"
NODE_DIR=arquillian-tests/src/test/node
CLASSES=arquillian-tests/target/test-classes
if [[ $SERVER == wildfly ]]; then WAR=webapp/target/socketgrid-portable.war; else WAR=webapp/target/socketgrid.war; fi
for needed in "$WAR" "$CLASSES/io/socketgrid/it/TestProcedures.class" "$NODE_DIR/node_modules/socketcluster-client"; do
  [[ -e "$needed" ]] || { echo "$needed is missing: build first (mvn -DskipTests package; npm ci in $NODE_DIR)" >&2; exit 1; }
done

rm -rf "$DIR"
mkdir -p "$DIR/war/WEB-INF/classes/io/socketgrid/it"
cp "$WAR" "$DIR/socketgrid-interop.war"
cp "$CLASSES"/io/socketgrid/it/TestProcedures*.class "$DIR/war/WEB-INF/classes/io/socketgrid/it/"
(cd "$DIR/war" && jar uf "$DIR/socketgrid-interop.war" WEB-INF)

export SOCKETGRID_PORT=$PORT SOCKETGRID_RUN_DIR="$DIR/server" SOCKETGRID_WAR="$DIR/socketgrid-interop.war"
trap 'scripts/run.sh --stop --server "$SERVER" >/dev/null' EXIT
scripts/run.sh --detach --server "$SERVER"

started=$(date +%s%N)
for script in interop.mjs auth-interop.mjs files-interop.mjs; do
  begin=$(date +%s%N)
  (cd "$NODE_DIR" && node "$script" "http://127.0.0.1:$PORT/")
  echo "$script passed on $SERVER in $(( ($(date +%s%N) - begin) / 1000000 )) ms"
done
echo "interop passed on $SERVER in $(( ($(date +%s%N) - started) / 1000000 )) ms (server start not counted)"
