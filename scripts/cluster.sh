#!/usr/bin/env bash
# A SocketGrid cluster on this machine: N Payara Micro instances clustered through Hazelcast (TCP-IP on
# 127.0.0.1 only) behind HAProxy on http://localhost:8080/, which spreads WebSocket connections over the
# live instances (least connections, health check GET /socketgrid/health every second; an upgrade a
# draining instance answers with 503 is retried on another).
#
#   scripts/cluster.sh up N      build if needed, start N instances (HTTP 8081.., Hazelcast 5701..) and HAProxy
#   scripts/cluster.sh up N --tls   the same, and HAProxy also terminates TLS on https://localhost:8443/
#                                (wss://…/socketcluster/), passing plain HTTP to the instances
#   scripts/cluster.sh status    what runs, and the cluster view through the balancer
#   scripts/cluster.sh kill I    kill -9 instance I (a fault, for tests and benchmarks)
#   scripts/cluster.sh start I   start instance I (again: it rejoins the cluster); I is 1 to 9
#   scripts/cluster.sh drain I   drain instance I (its sockets reconnect to the others at once) and stop it
#   scripts/cluster.sh autoscale [--min N] [--max M] [--interval S] [--for SECONDS]
#                                follow GET /socketgrid/autoscale every S s (5) for SECONDS (600), within
#                                N (1) to M (3) instances: ADD starts the lowest free instance, REMOVE drains
#                                and stops the highest; one log line per decision, also in autoscale.log;
#                                Ctrl-C stops the loop and leaves the instances as they are
#   scripts/cluster.sh down      stop exactly what 'up' and 'autoscale' started (by PID files)
#   --server wildfly|payara-server|payara-micro (with up; default payara-micro): the application server of
#                                every instance, as scripts/run.sh --server; later commands use the one 'up' used.
#                                WildFly instances run socketgrid-portable.war, whose embedded Hazelcast members
#                                cluster with the same member list; Payara Server instances are one domain each.
#
# Everything lives in run/cluster/ (logs, PID files, generated configs). Environment: SOCKETGRID_LB_PORT
# (8080), SOCKETGRID_CLUSTER_DIR (run/cluster), SOCKETGRID_CLUSTER_HTTP_BASE (8081, the first instance's
# HTTP port), SOCKETGRID_CLUSTER_HZ_BASE (5701, its Hazelcast port), SOCKETGRID_JIT_NICE (off here, below);
# JAVA_OPTS and SOCKETGRID_* settings pass to the instances. With --tls: SOCKETGRID_TLS_PORT (8443) and the
# certificate settings of scripts/run.sh (SOCKETGRID_TLS_KEYSTORE, _PASSWORD, _ALIAS; else a self-signed one
# generated once into run/cluster/tls/).
# Instances that 'start' and 'autoscale' start get the SOCKETGRID_* settings of that command's environment:
# give it the same as 'up' (the autoscale* settings shape the advice: README.md, docs/MONITORING.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# The instances share this machine's cores: compilers at a raised priority (scripts/run.sh, SOCKETGRID_JIT_NICE)
# would take the cores from every instance's request threads at once while they warm up. Measured with two
# instances (docs/PERFORMANCE.md, "Warm-up: the JIT starved…"): a subscriber fell behind and skipped 6,307
# messages in the warm-up at nice -10 against 52 without. So off here unless set.
export SOCKETGRID_JIT_NICE=${SOCKETGRID_JIT_NICE:-off}
USAGE_LINES='2,32p'

DIR="$(realpath -m "${SOCKETGRID_CLUSTER_DIR:-run/cluster}")"
LB_PORT="${SOCKETGRID_LB_PORT:-8080}"
FIRST_HTTP="${SOCKETGRID_CLUSTER_HTTP_BASE:-8081}"
FIRST_HZ="${SOCKETGRID_CLUSTER_HZ_BASE:-5701}"
TLS_PORT="${SOCKETGRID_TLS_PORT:-8443}"
# instances 1..SLOTS: the balancer and the Hazelcast member list know them all from the start, so that
# 'start' and 'autoscale' can add instances without reconfiguring either
SLOTS=9

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
# installs Debian package $1 when its command is missing
need() { command -v "$1" >/dev/null || { as_root apt-get update -qq; as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1"; }; }
http_port() { echo $((FIRST_HTTP + $1 - 1)); }
# the server 'up' started the instances on, and the PID file scripts/run.sh keeps for it
server() { cat "$DIR/server" 2>/dev/null || echo payara-micro; }
pid_file() { if [[ $(server) == payara-micro ]]; then echo "$DIR/node$1/payara.pid"; else echo "$DIR/node$1/$(server).pid"; fi; }
size() { cat "$DIR/size" 2>/dev/null || echo 0; }
# remember the highest instance started, so that status and down cover it
grow_size() { (( $1 <= $(size) )) || echo "$1" > "$DIR/size"; }

# a process runs while it answers signals and is not a zombie (killed, not yet reaped by its new parent)
running() { kill -0 "$1" 2>/dev/null && ! grep -qs '^State:[[:space:]]*Z' "/proc/$1/status"; }
alive() { [[ -f "$1" ]] && running "$(cat "$1")"; }

kill_instance() {
  local pid; pid=$(cat "$(pid_file "$1")")
  kill -9 "$pid"
  for _ in $(seq 1 50); do running "$pid" || break; sleep 0.1; done
  echo "killed node$1"
}

write_hazelcast_config() {
  local members=""
  for i in $(seq 1 "$SLOTS"); do members+="        <member>127.0.0.1:$((FIRST_HZ + i - 1))</member>\n"; done
  # the loopback config with an explicit member list (ranges are not accepted by Payara) and its own name
  sed -e "s#<cluster-name>socketgrid-local</cluster-name>#<cluster-name>socketgrid-cluster-$LB_PORT</cluster-name>#" \
      -e "s#        <member>127.0.0.1</member>#$members#" \
      -e "s#  <network>#  <network>\n    <port auto-increment=\"true\" port-count=\"10\">$FIRST_HZ</port>#" \
      hazelcast-config/src/main/resources/hazelcast-loopback.xml > "$DIR/hazelcast.xml"
}

write_haproxy_config() {
  local tls_bind=""
  # TLS ends here; the instances see plain HTTP (WebSocket upgrades included) and X-Forwarded-Proto: https
  [[ -n "${1:-}" ]] && tls_bind="    bind 127.0.0.1:$TLS_PORT ssl crt $1
    http-request set-header X-Forwarded-Proto https if { ssl_fc }"
  {
    cat <<CFG
global
    # each proxied connection takes two descriptors; the hard limit here is 20,000 per process
    maxconn 9000
    pidfile $DIR/haproxy.pid

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    # a connection refused (an instance not running) or an upgrade answered 503 (a draining instance) is
    # retried, each time on another instance
    option redispatch 1
    retries 2
    retry-on conn-failure empty-response 503

frontend socketgrid
    bind 127.0.0.1:$LB_PORT
$tls_bind
    default_backend instances

backend instances
    balance leastconn
    option httpchk GET /socketgrid/health
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
CFG
    # every slot, running or not: one not running fails its check and gets no traffic
    for i in $(seq 1 "$SLOTS"); do echo "    server node$i 127.0.0.1:$(http_port "$i") check"; done
    cat <<CFG

listen stats
    bind 127.0.0.1:$((LB_PORT + 324))
    stats enable
    stats uri /
CFG
  } > "$DIR/haproxy.cfg"
}

start_instance() {
  local i=$1
  [[ "$i" =~ ^[1-9]$ ]] || { echo "I must be 1 to $SLOTS" >&2; exit 2; }
  grow_size "$i"
  SOCKETGRID_PORT=$(http_port "$i") SOCKETGRID_RUN_DIR="$DIR/node$i" SOCKETGRID_HZ_CONFIG="$DIR/hazelcast.xml" \
    SOCKETGRID_ADVERTISED_URL="http://127.0.0.1:$(http_port "$i")/" scripts/run.sh --detach --server "$(server)"
}

stop_instance() {
  SOCKETGRID_PORT=$(http_port "$1") SOCKETGRID_RUN_DIR="$DIR/node$1" scripts/run.sh --stop --server "$(server)" >/dev/null
}

# balancer_marks_down I: waits (at most 10 s) until HAProxy's stats say node I is DOWN; fails otherwise
balancer_marks_down() {
  local stats="http://127.0.0.1:$((LB_PORT + 324))/;csv" _
  for _ in $(seq 1 40); do
    curl -fsS --max-time 2 "$stats" 2>/dev/null \
      | awk -F, -v node="node$1" '$1 == "instances" && $2 == node && $18 ~ /^DOWN/ { found = 1 } END { exit !found }' \
      && return 0
    sleep 0.25
  done
  return 1
}

# POST /socketgrid/drain: instance $1 fails its health check, answers upgrades with 503 and closes every
# socket with 4000 (clients reconnect at once, through the balancer, elsewhere); once none remains (at most
# 30 s) it is stopped by its PID file. Prints one line with the counts.
drain_instance() {
  local i=$1 url report closed remaining="?"
  [[ "$i" =~ ^[1-9]$ ]] || { echo "I must be 1 to $SLOTS" >&2; exit 2; }
  alive "$(pid_file "$i")" || { echo "node$i is not running" >&2; return 1; }
  need jq
  url="http://127.0.0.1:$(http_port "$i")/socketgrid/drain"
  report=$(curl -fsS -X POST --max-time 10 "$url") || { echo "node$i refused the drain" >&2; return 1; }
  closed=$(jq -r .closed <<<"$report")
  for _ in $(seq 1 60); do
    remaining=$(curl -fsS --max-time 5 "$url" | jq -r .remaining) || remaining="?"
    [[ "$remaining" == 0 ]] && break
    sleep 0.5
  done
  # stopped only once the balancer routes nothing there: an upgrade reaching a stopping Payara gets HTTP 500,
  # which HAProxy does not retry (its check marks the node down after 2 failed checks, 1 s apart)
  balancer_marks_down "$i" || echo "the balancer still lists node$i as up after 10 s; stopping it anyway" >&2
  stop_instance "$i"
  echo "drained node$i: $closed socket(s) told to reconnect, $remaining open when it was stopped"
}

up() {
  local n=$1 tls="" pem="" server=payara-micro
  shift
  while (( $# )); do
    case "$1" in
      --tls) tls=--tls ;;
      --server) server=${2:-}; shift ;;
      --server=*) server=${1#--server=} ;;
      *) echo "usage: scripts/cluster.sh up N [--tls] [--server wildfly|payara-server|payara-micro]" >&2; exit 2 ;;
    esac
    shift
  done
  [[ "$n" =~ ^[1-9]$ ]] || { echo "N must be 1 to 9" >&2; exit 2; }
  [[ $server =~ ^(wildfly|payara-server|payara-micro)$ ]] || { echo "--server takes wildfly, payara-server or payara-micro" >&2; exit 2; }
  if alive "$DIR/haproxy.pid"; then echo "a cluster runs already (scripts/cluster.sh down stops it)" >&2; exit 1; fi
  need haproxy
  mkdir -p "$DIR"
  echo "$n" > "$DIR/size"
  echo "$server" > "$DIR/server"
  write_hazelcast_config
  if [[ -n "$tls" ]]; then
    # shellcheck source=scripts/tls-lib.sh
    source scripts/tls-lib.sh
    tls_keystore "$DIR"
    pem="$DIR/tls/haproxy.pem"
    tls_pem "$pem"
  fi
  write_haproxy_config "$pem"
  # build once, then start the instances together (each run.sh waits until its instance answers)
  SOCKETGRID_PORT=$(http_port 1) scripts/run.sh --build-only --server "$server"
  local pids=()
  for i in $(seq 1 "$n"); do start_instance "$i" & pids+=($!); done
  local failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  (( failed == 0 )) || { echo "an instance failed to start; see $DIR/node*/*.log" >&2; down; exit 1; }
  haproxy -f "$DIR/haproxy.cfg" -D || { echo "HAProxy did not start" >&2; down; exit 1; }
  echo "SocketGrid cluster of $n ($server) is running: http://localhost:$LB_PORT/  (balancer stats: http://localhost:$((LB_PORT + 324))/)"
  if [[ -n "$tls" ]]; then
    echo "  and over TLS: https://localhost:$TLS_PORT/  (WebSocket wss://localhost:$TLS_PORT/socketcluster/)"
    [[ -z "$TLS_CERT" ]] || echo "  self-signed certificate: $TLS_CERT  (trust it in a client, or accept the browser's warning once)"
  fi
}

down() {
  local n; n=$(size)
  if alive "$DIR/haproxy.pid"; then kill "$(cat "$DIR/haproxy.pid")"; fi
  rm -f "$DIR/haproxy.pid" "$DIR/tls/haproxy.pem"
  for i in $(seq 1 "$n"); do stop_instance "$i"; done
  echo "stopped the cluster in $DIR"
}

status() {
  local n; n=$(size)
  if alive "$DIR/haproxy.pid"; then
    echo "balancer  PID $(cat "$DIR/haproxy.pid")  http://localhost:$LB_PORT/ $(sed -n 's#^ *bind 127.0.0.1:\([0-9]*\) ssl .*#https://localhost:\1/#p' "$DIR/haproxy.cfg")"
  else
    echo "balancer  not running"
  fi
  for i in $(seq 1 "$n"); do
    if alive "$(pid_file "$i")"; then
      echo "node$i     PID $(cat "$(pid_file "$i")")  http://127.0.0.1:$(http_port "$i")/ ($(server))"
    else
      echo "node$i     not running"
    fi
  done
  curl -fsS "http://127.0.0.1:$LB_PORT/socketgrid/cluster" 2>/dev/null && echo || true
}

case "${1:-}" in
  up) shift; up "${1:?usage: scripts/cluster.sh up N [--tls] [--server wildfly|payara-server|payara-micro]}" "${@:2}" ;;
  down) down ;;
  status) status ;;
  kill) kill_instance "${2:?usage: scripts/cluster.sh kill I}" ;;
  start) start_instance "${2:?usage: scripts/cluster.sh start I}" ;;
  drain) drain_instance "${2:?usage: scripts/cluster.sh drain I}" ;;
  autoscale)
    shift
    # shellcheck source=scripts/autoscale-lib.sh
    source scripts/autoscale-lib.sh
    autoscale "$@" ;;
  *) sed -n "$USAGE_LINES" "$0" >&2; exit 2 ;;
esac
