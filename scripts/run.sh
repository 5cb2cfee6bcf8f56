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
#   scripts/run.sh --tls      also serve HTTPS (and wss://…/socketcluster/) on SOCKETGRID_TLS_PORT and print
#                             https://localhost:<port>/; combines with --detach and with N (then HAProxy
#                             terminates TLS: scripts/cluster.sh up N --tls). Plain HTTP stays on as well.
#   scripts/run.sh --server wildfly|payara-server|payara-micro
#                             the application server (default payara-micro); the others are downloaded through
#                             Maven on first use and unzipped into run/servers/ (scripts/servers-lib.sh): WildFly
#                             runs socketgrid-portable.war (Hazelcast inside), Payara Server socketgrid.war.
#                             Combines with --detach, --stop and N; --tls with one instance is Payara Micro's only.
#
# Environment: SOCKETGRID_PORT (8080), SOCKETGRID_RUN_DIR (run/<port>), JAVA_OPTS (-Xmx512m),
# SOCKETGRID_JIT_NICE (-10: the OS priority of the JIT's compiler threads, or off; see jit_priority_options),
# SOCKETGRID_JIT_BOOST_SECONDS (60) and SOCKETGRID_JIT_NICE_AFTER (0): how long that priority lasts after the first
# connection, and the nice value the compiler threads get then (see jit_boost_end),
# SOCKETGRID_WAR (another WAR to run instead of webapp/target/socketgrid.war, never rebuilt),
# SOCKETGRID_MICRO_JAR (the Payara Micro jar, webapp/target/payara-micro.jar),
# SOCKETGRID_HZ_CONFIG (the Hazelcast member config; scripts/cluster.sh sets it), and every SOCKETGRID_*
# setting of README.md (passed to the server through the environment).
# TLS (with --tls): SOCKETGRID_TLS_PORT (8443), the HTTPS port. Without more, a self-signed certificate for
# localhost and 127.0.0.1 is generated once into $SOCKETGRID_RUN_DIR/tls/ (keytool; reused on later starts;
# trust localhost.crt there in a client, e.g. curl --cacert, NODE_EXTRA_CA_CERTS). A real certificate:
# SOCKETGRID_TLS_KEYSTORE (a PKCS12 or JKS keystore holding the key and its chain), SOCKETGRID_TLS_KEYSTORE_PASSWORD
# (its password, which must also be the key's) and SOCKETGRID_TLS_ALIAS (the key entry; only needed when the
# keystore holds several). The password reaches Payara through a file readable only by you, never the command line.
# Clustering is TCP-IP on 127.0.0.1 only (hazelcast-config/…/hazelcast-loopback.xml); nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${SOCKETGRID_PORT:-8080}"
RUN_DIR="${SOCKETGRID_RUN_DIR:-run/$PORT}"
PID_FILE="$RUN_DIR/payara.pid"
BOOST_PID_FILE="$RUN_DIR/jit-boost.pid"
WAR=${SOCKETGRID_WAR:-webapp/target/socketgrid.war}
MICRO=${SOCKETGRID_MICRO_JAR:-webapp/target/payara-micro.jar}
TLS_PORT="${SOCKETGRID_TLS_PORT:-8443}"
HZ_CONFIG="${SOCKETGRID_HZ_CONFIG:-hazelcast-config/src/main/resources/hazelcast-loopback.xml}"

# true while process $1 runs (a zombie, killed but not yet reaped by its new parent, does not count)
running() {
  kill -0 "$1" 2>/dev/null && ! grep -qs '^State:[[:space:]]*Z' "/proc/$1/status"
}

stop() {
  if [[ -f "$BOOST_PID_FILE" ]]; then
    kill "$(cat "$BOOST_PID_FILE")" 2>/dev/null || true
    rm -f "$BOOST_PID_FILE"
  fi
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

ACTION=foreground TLS=false CLUSTER="" SERVER=${SOCKETGRID_SERVER:-payara-micro}
for arg in "$@"; do
  if [[ "${expect_server:-}" == true ]]; then SERVER=$arg expect_server=false; continue; fi
  case "$arg" in
    --server) expect_server=true ;;
    --server=*) SERVER=${arg#--server=} ;;
    --detach) ACTION=detach ;;
    --stop) ACTION=stop ;;
    --build-only) ACTION=build-only ;;
    --tls) TLS=true ;;
    [2-9]) CLUSTER=$arg ;;
    *) sed -n '2,18p' "$0" >&2; exit 2 ;;
  esac
done

case "$SERVER" in
  payara-micro|wildfly|payara-server) ;;
  *) echo "--server takes wildfly, payara-server or payara-micro, not '$SERVER'" >&2; exit 2 ;;
esac
if [[ $SERVER != payara-micro && $TLS == true && -z "$CLUSTER" ]]; then
  echo "--tls on one instance is Payara Micro's only; with $SERVER use N > 1 (HAProxy terminates TLS) or a balancer of yours" >&2
  exit 2
fi

if [[ -n "$CLUSTER" ]]; then
  if [[ $TLS == true ]]; then scripts/cluster.sh up "$CLUSTER" --tls --server "$SERVER"; else scripts/cluster.sh up "$CLUSTER" --server "$SERVER"; fi
  trap 'scripts/cluster.sh down; exit 0' INT TERM
  echo "Ctrl-C stops the cluster"
  while true; do sleep 3600 & wait $!; done
fi

# The JIT's compiler threads run at a higher OS priority than the request threads (SOCKETGRID_JIT_NICE, nice
# value -10; "off" leaves them as the JVM has them). On a busy core the scheduler otherwise shares it among
# every runnable request thread and the one C2 thread, and the hot path stays interpreted or in C1 for a minute
# or more; with the compilers first it is compiled within seconds (docs/PERFORMANCE.md, "Warm-up: the JIT
# starved by the request threads"). Raising a thread's priority needs root, CAP_SYS_NICE or an RLIMIT_NICE
# that allows it (ulimit -e); without one the JVM would ignore the request, so it is not made, and said.
# is_nice_value V: true when V is a whole number from -20 to 19 (what nice and renice accept).
is_nice_value() {
  [[ $1 =~ ^-?[0-9]+$ ]] && (($1 >= -20 && $1 <= 19))
}

jit_priority_options() {
  local nice=${SOCKETGRID_JIT_NICE:--10}
  [[ $nice == off ]] && return 0
  if ! is_nice_value "$nice"; then
    echo "SOCKETGRID_JIT_NICE must be a nice value from -20 to 19, or off; not '$nice'" >&2
    return 2
  fi
  local capabilities limit
  capabilities=$(awk '/^CapEff:/ { print $2 }' /proc/self/status 2>/dev/null)
  limit=$(ulimit -e 2>/dev/null || echo 0)
  [[ $limit =~ ^[0-9]+$ ]] || limit=40   # unlimited
  if ((nice >= 0)) || [[ $(id -u) == 0 ]] || (((0x${capabilities:-0} >> 23) & 1)) || ((limit >= 20 - nice)); then
    echo "-XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=$nice"
  else
    echo "run.sh: the JIT compiler threads keep the normal priority (raising it needs root, CAP_SYS_NICE or ulimit -e >= $((20 - nice))); the first minute under load runs slower (README, SOCKETGRID_JIT_NICE)" >&2
  fi
}

# The JVM formats numbers in US English (user.*.format) unless JAVA_OPTS names a format locale itself: Tyrus
# formats a log line with String.format("... %d") on every read of every socket, logged or not, and for any
# default format locale but en-US each such call builds a DecimalFormatSymbols (docs/PERFORMANCE.md, "A format
# locale for Tyrus's read path"). Only the format category changes: messages keep the JVM's language.
format_locale_options() {
  [[ ${JAVA_OPTS:-} == *user.language.format=* || ${JAVA_OPTS:-} == *user.country.format=* ]] && return 0
  echo "-Duser.language.format=en -Duser.country.format=US"
}
# The compilers' raised priority is for the warm-up: once the hot path is compiled, what the JIT still does is
# code that runs once a second (Hazelcast's map and ring-buffer operations, the metrics), which reaches the
# compile thresholds over many minutes, and at nice -10 each of those compiles holds the core for milliseconds
# while pings wait (docs/PERFORMANCE.md, "Short bursts on the server's core"). So, SOCKETGRID_JIT_BOOST_SECONDS
# after the first TCP connection to the port is established (a client, a browser, a load balancer's check), the
# compiler threads of JVM $1 are set to nice SOCKETGRID_JIT_NICE_AFTER. Runs in the background until then or
# until the JVM ends; Payara Micro only (the other servers' JVM is not the PID that run.sh keeps).
jit_boost_end() {
  local pid=$1 seconds=${SOCKETGRID_JIT_BOOST_SECONDS:-60} after=${SOCKETGRID_JIT_NICE_AFTER:-0} port_hex
  port_hex=$(printf '%04X' "$PORT")
  # /proc/net/tcp*: "sl local_address rem_address st ...", addresses as HEXIP:HEXPORT, state 01 = established
  until awk -v port="$port_hex" 'NR > 1 && $4 == "01" && substr($2, length($2) - 3) == port { found = 1; exit }
        END { exit !found }' "/proc/$pid/net/tcp" "/proc/$pid/net/tcp6" 2>/dev/null; do
    running "$pid" || return 0
    sleep 1
  done
  for ((waited = 0; waited < seconds; waited++)); do
    running "$pid" || return 0
    sleep 1
  done
  local task name
  for task in /proc/"$pid"/task/*; do
    name=$(cat "$task/comm" 2>/dev/null) || continue
    case $name in
      "C1 CompilerThre"* | "C2 CompilerThre"*) renice -n "$after" -p "${task##*/}" >/dev/null 2>&1 || true ;;
    esac
  done
  echo "$(date '+%F %T') JIT compiler threads of PID $pid set to nice $after, $seconds s after the first connection"
}

jit_boost_options_valid() {
  local value=${SOCKETGRID_JIT_BOOST_SECONDS:-60}
  if ! [[ $value =~ ^[0-9]+$ ]]; then
    echo "SOCKETGRID_JIT_BOOST_SECONDS must be a whole number of seconds, not '$value'" >&2
    return 2
  fi
  value=${SOCKETGRID_JIT_NICE_AFTER:-0}
  if ! is_nice_value "$value"; then
    echo "SOCKETGRID_JIT_NICE_AFTER must be a nice value from -20 to 19, not '$value'" >&2
    return 2
  fi
}

if [[ $ACTION == foreground || $ACTION == detach ]]; then
  JIT_OPTIONS=$(jit_priority_options) || exit 2
  jit_boost_options_valid || exit 2
  FORMAT_OPTIONS=$(format_locale_options)
  JAVA_OPTS="${JAVA_OPTS:--Xmx512m}${FORMAT_OPTIONS:+ $FORMAT_OPTIONS}${JIT_OPTIONS:+ $JIT_OPTIONS}"
  export JAVA_OPTS
fi

# the other servers keep their own PID file and log, and WildFly runs the WAR with Hazelcast inside
LOG="$RUN_DIR/payara.log"
if [[ $SERVER != payara-micro ]]; then
  PID_FILE="$RUN_DIR/$SERVER.pid"
  LOG="$RUN_DIR/$SERVER.log"
  if [[ $SERVER == wildfly ]]; then
    WAR=${SOCKETGRID_WAR:-webapp/target/socketgrid-portable.war}
    # WildFly has no Hazelcast: one instance runs in memory unless a member config is given (cluster.sh does)
    HZ_CONFIG=${SOCKETGRID_HZ_CONFIG:-}
  fi
  # shellcheck source=scripts/servers-lib.sh
  source scripts/servers-lib.sh
fi

if [[ $ACTION == stop ]]; then
  stop
  echo "stopped SocketGrid on port $PORT"
  exit 0
fi

if [[ -z "${SOCKETGRID_WAR:-}" ]] && [[ ! -f "$WAR" || ! -f "$MICRO" || -n "$(find pom.xml server-module webapp/pom.xml webapp/src -newer "$WAR" -not -path '*/target/*' -print -quit)" ]]; then
  echo "building SocketGrid ..."
  mvn -q -B -DskipTests -pl webapp -am package
fi

if [[ $ACTION == build-only ]]; then
  # also download and unpack the server once, so that instances started together need not
  [[ $SERVER == payara-micro ]] || server_home "$SERVER" >/dev/null
  exit 0
fi

if [[ -f "$PID_FILE" ]] && running "$(cat "$PID_FILE")"; then
  echo "SocketGrid already runs on port $PORT (PID $(cat "$PID_FILE")); scripts/run.sh --stop stops it" >&2
  exit 1
fi

# Payara Micro (the other servers: start_wildfly, start_payara_server in scripts/servers-lib.sh). The body stays
# unindented so that changes to Payara Micro's command line merge without conflicts.
start_payara_micro() {
# a fresh Payara root each start: a reused one remembers the WAR in domain.xml and deploys it twice
rm -rf "$RUN_DIR/payara"
mkdir -p "$RUN_DIR/tmp"
TLS_OPTIONS=()
SSL_PROPERTIES="$RUN_DIR/ssl.properties"
if [[ $TLS == true ]]; then
  # shellcheck source=scripts/tls-lib.sh
  source scripts/tls-lib.sh
  tls_keystore "$RUN_DIR"
  # Payara Micro copies javax.net.ssl.keyStore into its config/ and opens it with keyStorePassword; --sslcert
  # names the entry of the HTTPS listener. Read from a file so the password is not in the process list.
  (umask 077; printf 'javax.net.ssl.keyStore=%s\njavax.net.ssl.keyStorePassword=%s\n' \
    "$TLS_KEYSTORE" "$TLS_PASSWORD" > "$SSL_PROPERTIES")
  TLS_OPTIONS=(--sslport "$TLS_PORT" --sslcert "$TLS_ALIAS" --systemproperties "$SSL_PROPERTIES")
fi
# Grizzly add-ons the Tyrus endpoint does not use, off before the listeners start (scripts/payara/pre-boot.asadmin)
PRE_BOOT_OPTIONS=(--prebootcommandfile scripts/payara/pre-boot.asadmin)
# shellcheck disable=SC2086
java ${JAVA_OPTS:--Xmx512m} \
  -Dhazelcast.phone.home.enabled=false \
  -Djava.io.tmpdir="$RUN_DIR/tmp" \
  -jar "$MICRO" \
  --deploy "$WAR" --contextroot / \
  --port "$PORT" "${TLS_OPTIONS[@]}" \
  --hzconfigfile "$HZ_CONFIG" --interfaces 127.0.0.1 \
  --disablephonehome --rootdir "$RUN_DIR/payara" \
  "${PRE_BOOT_OPTIONS[@]}" \
  >"$RUN_DIR/payara.log" 2>&1 &
echo $! > "$PID_FILE"
}

mkdir -p "$RUN_DIR"
"start_${SERVER//-/_}" "$RUN_DIR" "$WAR" || { stop; exit 1; }
PID=$(cat "$PID_FILE")

URL="http://localhost:$PORT/"
for _ in $(seq 1 180); do
  if ! running "$PID"; then
    echo "$SERVER exited during start-up; see $LOG" >&2
    tail -n 30 "$LOG" >&2
    rm -f "$PID_FILE" "$SSL_PROPERTIES"
    exit 1
  fi
  # the health document, not a page: WildFly serves the WAR's pages even when its application failed to start
  if curl -fsS -o /dev/null "${URL}socketgrid/health" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
if ! curl -fsS -o /dev/null "${URL}socketgrid/health"; then
  echo "SocketGrid did not answer on $URL within 90 s; see $LOG" >&2
  rm -f "$SSL_PROPERTIES"
  stop
  exit 1
fi

if [[ $TLS == true ]]; then
  # Payara has read the password at boot; do not leave it lying in the run directory
  rm -f "$SSL_PROPERTIES"
  HTTP_URL=$URL
  URL="https://localhost:$TLS_PORT/"
  # the generated certificate is checked as a client would (name and trust); a real one may name another host
  if [[ -n "$TLS_CERT" ]]; then TRUST=(--cacert "$TLS_CERT"); else TRUST=(--insecure); fi
  if ! curl -fsS -o /dev/null "${TRUST[@]}" "${URL}index.html"; then
    echo "SocketGrid answers on $HTTP_URL but not on $URL; see $RUN_DIR/payara.log" >&2
    curl -sS -o /dev/null "${TRUST[@]}" "${URL}index.html" || true
    stop
    exit 1
  fi
  echo "SocketGrid is running: $URL  (WebSocket wss://localhost:$TLS_PORT/socketcluster/; plain HTTP stays on $HTTP_URL)"
  if [[ -n "$TLS_CERT" ]]; then
    echo "self-signed certificate: $TLS_CERT  (trust it in a client, or accept the browser's warning once)"
  fi
  echo "log: $RUN_DIR/payara.log, PID $PID"
else
  echo "SocketGrid is running on $SERVER: $URL  (log: $LOG, PID $PID)"
fi
if [[ $SERVER == payara-micro && -n "$JIT_OPTIONS" ]]; then
  jit_boost_end "$PID" >>"$RUN_DIR/jit-boost.log" 2>&1 </dev/null &
  echo $! > "$BOOST_PID_FILE"
fi
if [[ $ACTION == detach ]]; then
  echo "PID file: $PID_FILE  (scripts/run.sh --stop stops it)"
  exit 0
fi
trap 'stop; echo; echo "stopped"; exit 0' INT TERM
# the server JVM is this shell's child on Payara Micro only (WildFly's is standalone.sh's, Payara Server's asadmin's)
while running "$PID"; do sleep 1 & wait $!; done
rm -f "$PID_FILE" "$BOOST_PID_FILE"
