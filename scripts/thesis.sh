#!/usr/bin/env bash
# The thesis's experiments (docs/THESIS.md; the 2014 thesis's §4.1-4.6), each one command, SocketGrid,
# socketcluster-server 20 and socket.io 4.8 (scripts/bench/peers) side by side in the same run, driven by the Java
# load generator (load-generator/target/socketgrid-load.jar, built offline when missing or stale). It writes CSV,
# PNG plots (gnuplot) and summary.md into results/thesis/<experiment>/ (--quick: run/thesis-quick/<experiment>/,
# not committed). It is a benchmark, not a test: it fails only when a measurement could not be made.
#
#   scripts/thesis.sh <4.1|4.2|4.3|4.4|4.5|4.6|all> [--quick]
#
# Scaled to this machine (2 cores, 24 GiB, loopback; the thesis had EC2 m3.2xlarge servers and clients):
#   4.1  does the load client scale over cores: each load process opens 15 sockets/s (no cap), each pinging every
#        [0, 5 s) (2.5 s on average), 60 s; 1 load process (CPU 1) against 2 (CPU 1 and CPU 0); the server
#        pinned to CPU 0. Sockets open over time and held, the client's CPU.
#   4.2  engines side by side: one process pinned to CPU 0, one load process on CPU 1 opening 40/s (the thesis's
#        two clients at 20/s) up to 2,400, ping every [0, 5 s), 70 s. Server CPU and round-trip p50/p99 each second.
#   4.3  more processes than cores: 4 SocketGrid instances behind HAProxy (scripts/cluster.sh) and 4
#        socketcluster-server workers behind HAProxy, all pinned to CPU 0 (Socket.IO: its one process there), load on
#        CPU 1: 40 new/s up to 3,200, ping every [0, 5 s), 80 s; connections ok / failed / dropped, latency.
#   4.4  horizontal scaling, 1 core against 2 (the thesis's 3/5/7): the 4.2 workload on one process pinned to CPU 0,
#        then on two instances (SocketGrid, HAProxy) / two workers (SocketCluster, HAProxy) / still one process
#        (Socket.IO) free to use both cores, the load processes too; CPU per process and latency.
#   4.5  which parameter costs most: one server per engine (pinned to CPU 0, load on CPU 1), four runs on it: the
#        reference (2,400 sockets, ping every 4 s on average, the 81-byte foo.txt in reply: ping.file), ping every
#        3 s, 1.5 x the sockets (3,600), a 500 KB file (at most 3,000 sent: ~2 GB of base64); 60 s each, opening
#        at 80/s.
#   4.6  maximum concurrent connections: 3 SocketGrid instances (scripts/cluster.sh, as scripts/bench.sh conns),
#        3 socketcluster-server workers, 1 Socket.IO process; 3 load processes (20,000 descriptors each here, own
#        source addresses) straight to an instance / worker each (Socket.IO: all three to its one process), each
#        opening 150/s up to 13,000 (39,000 in all), ping every [0, 12 s) (the thesis's 6 s), held to 150 s.
#   --quick: the same steps with tiny counts and durations (2 instances / workers where there were more, servers
#        not pinned), so that scripts/test.sh can check that each experiment still produces its CSV and PNG.
#   Full runs start each server fresh and flood it for 10 s first (THESIS_WARMUP_FLOOD; SocketGrid's JIT on one
#   core, docs/PERFORMANCE.md); the figures are whole-run figures from the first connection on, as the thesis's.
#
# Locking: each experiment takes /tmp/socketgrid-heavy.lock for itself (unless the caller holds it); `all` runs
# the six one after the other, each under its own hold. Ports 19000-19999 (THESIS_PORT_BASE, default 19000):
# SocketGrid BASE+80, a peer BASE+82 (workers BASE+82..), the peers' balancer BASE+90, a cluster's instances
# BASE+181.. (its HAProxy BASE+180), Hazelcast BASE+301...
#
# Environment: THESIS_RESULTS (results/thesis, --quick run/thesis-quick), THESIS_PORT_BASE (19000),
# THESIS_WARMUP_FLOOD (seconds, 10; --quick 0), THESIS_LOAD_JAVA_OPTS (-Xmx1g).
set -euo pipefail

SELF=$(readlink -f "$0")
# shellcheck source=scripts/bench-lib.sh
. "$(dirname "$SELF")/bench-lib.sh"
cd "$(dirname "$SELF")/.."

USAGE="usage: scripts/thesis.sh <4.1|4.2|4.3|4.4|4.5|4.6|all> [--quick]"
EXP=${1:-}
QUICK=
case ${2:-} in '') ;; --quick) QUICK=1 ;; *) echo "$USAGE" >&2; exit 2 ;; esac
[[ $# -le 2 ]] || { echo "$USAGE" >&2; exit 2; }
EXPERIMENTS=(4.1 4.2 4.3 4.4 4.5 4.6)
if [[ $EXP == all ]]; then
  # one lock hold per experiment, so that others may build or measure in between; one that fails does not stop
  # the others (the status says so at the end)
  failed=()
  for e in "${EXPERIMENTS[@]}"; do "$SELF" "$e" ${QUICK:+--quick} || failed+=("$e"); done
  ((${#failed[@]} == 0)) || { echo "thesis.sh: failed: ${failed[*]}" >&2; exit 1; }
  exit 0
fi
[[ " ${EXPERIMENTS[*]} " == *" $EXP "* ]] || { echo "$USAGE" >&2; exit 2; }
hold_lock_or_reexec thesis.sh "$SELF" "$@"

q() { if [[ -n $QUICK ]]; then echo "$2"; else echo "$1"; fi; }   # q FULL QUICK
RESULTS=${THESIS_RESULTS:-$(q results/thesis run/thesis-quick)}
RES=$RESULTS/$EXP
RAW=$RES/raw
OUT=run/thesis/$EXP   # servers' logs and start outputs (not committed)
BASE=${THESIS_PORT_BASE:-19000}
PORT=$((BASE + 80))
RUN_DIR=run/thesis/server-$PORT
WS_URL="ws://127.0.0.1:$PORT/socketcluster/"
STATS_URL="http://127.0.0.1:$PORT/socketgrid/stats"
PEER_PORT=$((BASE + 82))
PEER_LB_PORT=$((BASE + 90))
SERVER_CPU=$(q 0 0-1)   # --quick: servers free to use both cores (Payara starts in half the time)
LOAD_CPU=1
SERVER_JAVA_OPTS=-Xmx512m
WARMUP_FLOOD=${THESIS_WARMUP_FLOOD:-$(q 10 0)}
LOAD_JAVA_OPTS=${THESIS_LOAD_JAVA_OPTS:--Xmx1g}
JAR=load-generator/target/socketgrid-load.jar
CONNS_DIR=run/thesis/cluster
CONNS_HTTP_BASE=$((BASE + 181))
CONNS_HZ_BASE=$((BASE + 301))
CONNS_JAVA_OPTS=-Xmx512m
CONNS_INSTANCES=1
CONNS_TOTAL=0
CONNS_CPUS=
ENGINES=(socketgrid socketcluster socketio)

SERVER_PID=
SERVER_KIND=
CONNS_PIDS=()
CONNS_UP=
PEER_PIDS=()
SERVED_PIDS=()    # the processes serving the engine under test (for CPU and RSS)
SERVED_NAMES=()
URLS=()           # where the load processes connect, round-robin
LOAD_PIDS=()
SAMPLER_PID=
CLK_TCK=$(getconf CLK_TCK)
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

cleanup() {
  local status=$? pid
  for pid in "${LOAD_PIDS[@]}"; do ! pid_running "$pid" || kill "$pid" 2>/dev/null || true; done
  [[ -z $SAMPLER_PID ]] || kill "$SAMPLER_PID" 2>/dev/null || true
  unserve
  [[ $status -eq 0 ]] || log "thesis.sh $EXP stopped with status $status; partial results in $RES, logs in $OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
set -E   # the ERR trap in functions too: say which command ended the run
trap 'log "thesis.sh $EXP: status $? at line $LINENO: $BASH_COMMAND"' ERR

# --- preparation ---------------------------------------------------------------------------------------
prepare() {
  local missing=()
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v jq >/dev/null || missing+=(jq)
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  install_peers
  if [[ ! -f $JAR || ! -f webapp/target/socketgrid.war \
        || -n "$(find pom.xml server-module java-client load-generator webapp/pom.xml webapp/src -newer "$JAR" \
                 -not -path '*/target/*' -print -quit)" ]]; then
    log "building the WAR and the load generator (offline): missing or older than their sources"
    mvn -B -q -o -DskipTests -pl webapp,load-generator -am package
    touch "$JAR"   # Maven leaves an up-to-date jar as it was: mark it checked against the sources
  fi
  for port in "$PORT" "$PEER_PORT" "$PEER_LB_PORT" "$((CONNS_HTTP_BASE - 1))" "$CONNS_HTTP_BASE"; do
    if curl -s -o /dev/null --max-time 3 "http://127.0.0.1:$port/" 2>/dev/null; then
      log "something already answers on port $port; stop it or set THESIS_PORT_BASE"; return 1
    fi
  done
  rm -rf "$RES" "$OUT"
  mkdir -p "$RAW" "$OUT" "$RUN_DIR"
}

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# --- servers -------------------------------------------------------------------------------------------
url_of() { # ENGINE PORT
  if [[ $1 == socketio ]]; then echo "ws://127.0.0.1:$2/socket.io/"; else echo "ws://127.0.0.1:$2/socketcluster/"; fi
}

# serve_one ENGINE: a fresh server of ENGINE, one process pinned to SERVER_CPU; CONFIG says so
serve_one() {
  start_target "$1" true "$1"
  SERVED_PIDS=("$SERVER_PID") SERVED_NAMES=("$1") CONFIG="1 process on CPU $SERVER_CPU"
  if [[ $1 == socketgrid ]]; then URLS=("$WS_URL"); else URLS=("$(url_of "$1" "$PEER_PORT")"); fi
}

# serve_many ENGINE K CPUS lb|direct: K processes of ENGINE (Socket.IO: always one) pinned to CPUS; behind
# HAProxy (lb: one URL) or each reached directly (direct: one URL per process); CONFIG says what runs where
serve_many() {
  local engine=$1 k=$2 cpus=$3 mode=$4 i
  SERVED_PIDS=() SERVED_NAMES=() URLS=()
  case $engine in
    socketgrid)
      CONNS_INSTANCES=$k CONNS_CPUS=$cpus
      conns_start_cluster
      for ((i = 1; i <= k; i++)); do
        SERVED_PIDS+=("$(conns_pid "$i")") SERVED_NAMES+=("socketgrid$i")
        [[ $mode == lb ]] || URLS+=("$(url_of socketgrid "$(conns_port "$i")")")
      done
      CONFIG="$k instances"
      if [[ $mode == lb ]]; then
        SERVED_PIDS+=("$(cat "$CONNS_DIR/haproxy.pid")") SERVED_NAMES+=(haproxy)
        URLS=("$(url_of socketgrid $((CONNS_HTTP_BASE - 1)))") CONFIG+=" + HAProxy"
      fi ;;
    socketcluster)
      for ((i = 1; i <= k; i++)); do
        launch_peer "$OUT/server-socketcluster$i" socketcluster $((PEER_PORT + i - 1)) "$cpus"
        PEER_PIDS+=("$LAUNCHED_PID") SERVED_PIDS+=("$LAUNCHED_PID") SERVED_NAMES+=("socketcluster$i")
        [[ $mode == lb ]] || URLS+=("$(url_of socketcluster $((PEER_PORT + i - 1)))")
      done
      CONFIG="$k workers"
      if [[ $mode == lb ]]; then
        peer_balancer "$k" "$cpus"
        SERVED_PIDS+=("$(cat "$OUT/peers-haproxy.pid")") SERVED_NAMES+=(haproxy)
        URLS=("$(url_of socketcluster "$PEER_LB_PORT")") CONFIG+=" + HAProxy"
      fi ;;
    socketio)
      launch_peer "$OUT/server-socketio" socketio "$PEER_PORT" "$cpus"
      PEER_PIDS+=("$LAUNCHED_PID") SERVED_PIDS=("$LAUNCHED_PID") SERVED_NAMES=(socketio)
      URLS=("$(url_of socketio "$PEER_PORT")") CONFIG="1 process" ;;
  esac
  CONFIG+=" on CPU $cpus"
}

# peer_balancer K CPUS: HAProxy on PEER_LB_PORT spreading WebSockets over the K SocketCluster workers (least
# connections; the thesis's SocketCluster had its own load balancer processes in front of its workers)
peer_balancer() {
  local k=$1 cpus=$2 i
  {
    printf 'global\n    maxconn 9000\n    pidfile %s\n' "$(realpath -m "$OUT/peers-haproxy.pid")"
    printf 'defaults\n    mode http\n    timeout connect 2s\n    timeout client 1h\n    timeout server 1h\n'
    printf 'listen workers\n    bind 127.0.0.1:%s\n    balance leastconn\n' "$PEER_LB_PORT"
    for ((i = 1; i <= k; i++)); do printf '    server w%d 127.0.0.1:%d\n' "$i" $((PEER_PORT + i - 1)); done
  } >"$OUT/peers-haproxy.cfg"
  taskset -c "$cpus" haproxy -f "$OUT/peers-haproxy.cfg" -D
  for _ in $(seq 1 50); do [[ -s $OUT/peers-haproxy.pid ]] && break; sleep 0.1; done
  log "HAProxy on 127.0.0.1:$PEER_LB_PORT before $k SocketCluster workers (PID $(cat "$OUT/peers-haproxy.pid"))"
}

# unserve: stop whatever serve_one / serve_many started, by PID
unserve() {
  local pid i
  stop_server
  if [[ -n $CONNS_UP ]]; then
    for ((i = 1; i <= CONNS_INSTANCES; i++)); do cp "$CONNS_DIR/node$i/payara.log" "$OUT/cluster-node$i-payara.log" 2>/dev/null || true; done
    conns_cluster down >>"$OUT/cluster.txt" 2>&1 || true
    CONNS_UP=
  fi
  if [[ -s $OUT/peers-haproxy.pid ]]; then kill "$(cat "$OUT/peers-haproxy.pid")" 2>/dev/null || true; rm -f "$OUT/peers-haproxy.pid"; fi
  for pid in "${PEER_PIDS[@]}"; do ! pid_running "$pid" || kill "$pid" 2>/dev/null || true; done
  for pid in "${PEER_PIDS[@]}"; do
    for _ in $(seq 1 50); do pid_running "$pid" || break; sleep 0.1; done
    ! pid_running "$pid" || kill -9 "$pid" 2>/dev/null || true
  done
  PEER_PIDS=() SERVED_PIDS=() SERVED_NAMES=() URLS=()
}

# --- load ----------------------------------------------------------------------------------------------
# cpu_sampler FILE SECONDS: the CPU (percent of one core) and RSS (MB) of each served process about every second,
# for at most SECONDS, into FILE (second,<name>,...,total,rssMB; second: the time since the start, each figure the
# mean over the interval since the previous row). Shell builtins only (no process forked per reading): with both
# cores saturated (4.6) a sampler that forks falls behind by seconds. SAMPLER_PID
cpu_sampler() {
  local file=$1 seconds=$2
  (
    trap - ERR   # ended by a kill mid-reading: nothing to report
    set +e
    page_kb=$(($(getconf PAGESIZE) / 1024))
    ticks() { local -a f; if read -r -a f 2>/dev/null <"/proc/$1/stat"; then T=$((f[13] + f[14])); else T=-1; fi; }   # into T
    tenths() { D="$(($1 / 10)).$(($1 % 10))"; }   # a whole number of tenths as a decimal, into D
    prev=() now=()
    printf 'second,%s,total,rssMB\n' "$(IFS=,; echo "${SERVED_NAMES[*]}")" >"$file"
    for i in "${!SERVED_PIDS[@]}"; do ticks "${SERVED_PIDS[i]}"; prev[i]=$T; done
    start=${EPOCHREALTIME/./} t0=$start
    for ((s = 1; s <= seconds; s++)); do
      sleep 1
      t=${EPOCHREALTIME/./}
      dt=$((t - t0))   # microseconds
      line=$(((t - start + 500000) / 1000000)) total=0 rss=0
      for i in "${!SERVED_PIDS[@]}"; do
        ticks "${SERVED_PIDS[i]}"; now[i]=$T
        if ((now[i] < 0 || prev[i] < 0)); then line+=,; continue; fi
        tenths $(((now[i] - prev[i]) * 1000000000 / (CLK_TCK * dt))); line+=,$D
        total=$((total + now[i] - prev[i]))
        read -r _ res _ 2>/dev/null <"/proc/${SERVED_PIDS[i]}/statm" && rss=$((rss + res * page_kb))
        prev[i]=${now[i]}
      done
      tenths $((total * 1000000000 / (CLK_TCK * dt)))
      echo "$line,$D,$((rss / 1024))" >>"$file"
      t0=$t
    done
  ) &
  SAMPLER_PID=$!
}

# run_load RUN CPUS_LIST WORKLOAD ARGS...: one load process per entry of CPUS_LIST (comma-free taskset lists,
# space-separated), process i to URLS[i mod n] from its own source addresses, all started together and awaited
# (each ends by its own --duration); the server processes sampled meanwhile. Files: RAW/RUN-pI.{json,err} and
# RAW/RUN-pI/ (summary.json, timeline.csv), RES/cpu-RUN.csv.
run_load() {
  local run=$1 workload=$3 i=0 cpus pid rc seconds extra=()
  local -a cpu_list
  read -r -a cpu_list <<<"$2"
  shift 3
  seconds=$(awk -v a="$*" 'BEGIN { n = split(a, w, " "); for (i = 1; i < n; i++) if (w[i] == "--duration") { sub(/s$/, "", w[i + 1]); print w[i + 1] + 0 } }')
  cpu_sampler "$RES/cpu-$run.csv" $((seconds + 8))
  LOAD_PIDS=()
  for cpus in "${cpu_list[@]}"; do
    i=$((i + 1))
    extra=()
    if ((${#SERVED_PIDS[@]} == 1)); then extra=(--server-pid "${SERVED_PIDS[0]}"); fi
    # shellcheck disable=SC2086
    taskset -c "$cpus" java $LOAD_JAVA_OPTS -jar "$JAR" "$workload" --dialect "$ENGINE" \
      --url "${URLS[(i - 1) % ${#URLS[@]}]}" --source-addresses "$(conns_sources $((i + 4)))" --label "$run p$i" \
      --out "$RAW/$run-p$i" "${extra[@]}" "$@" >"$RAW/$run-p$i.json" 2>"$RAW/$run-p$i.err" &
    LOAD_PIDS+=($!)
  done
  log "$run: ${#LOAD_PIDS[@]} load process(es) on CPU ${cpu_list[*]} -> ${URLS[*]}: $workload $*"
  i=0
  for pid in "${LOAD_PIDS[@]}"; do
    i=$((i + 1)); rc=0
    wait "$pid" || rc=$?
    [[ $rc -eq 0 ]] || log "$run: load process $i exited with status $rc (see $RAW/$run-p$i.err)"
  done
  LOAD_PIDS=()
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=
  record "$run" "${#cpu_list[@]}"
}

# warm_flood: THESIS_WARMUP_FLOOD seconds of closed-loop flood (50 connections) on the engine just started
warm_flood() {
  ((WARMUP_FLOOD > 0)) || return 0
  log "warming $ENGINE up: $WARMUP_FLOOD s of flood"
  # shellcheck disable=SC2086
  taskset -c "$LOAD_CPU" java $LOAD_JAVA_OPTS -jar "$JAR" flood -k 50 --duration "${WARMUP_FLOOD}s" --drain 1s --quiet \
    --dialect "$ENGINE" --url "${URLS[0]}" >"$RAW/warmup-$ENGINE.json" 2>"$OUT/warmup-$ENGINE.err" \
    || log "the warm-up flood of $ENGINE failed (status $?); measuring anyway"
  rm -f "$RAW/warmup-$ENGINE.json"
}

# --- results -------------------------------------------------------------------------------------------
RESULT_HEADER=run,engine,config,processes,target,ok,failed,dropped,closedAtEnd,sent,completed,errors,unanswered,completedPerSec,p50Ms,p95Ms,p99Ms,maxMs,serverCpuPercent,serverCpuPeakPercent,serverRssPeakMB,clientCpuPercent

# record RUN PROCS: one row of RES/results.csv (summed over the load processes; percentiles: the worst
# process's), the merged timeline RES/timeline-RUN.csv, and the raw summaries kept small
record() {
  local run=$1 procs=$2 i files=() row mean peak rss
  for ((i = 1; i <= procs; i++)); do
    if [[ -s $RAW/$run-p$i/summary.json ]]; then files+=("$RAW/$run-p$i/summary.json"); else log "$run: load process $i wrote no summary"; fi
  done
  [[ -s $RES/results.csv ]] || echo "$RESULT_HEADER" >"$RES/results.csv"
  ((${#files[@]})) || { log "$run: no load process reported"; return 1; }
  row=$(jq -rs --arg run "$run" --arg engine "$ENGINE" --arg config "${CONFIG//,/;}" --argjson procs "$procs" '
      def sum(f): map(f // 0) | add;
      def worst(f): map(f // 0) | max;
      [$run, $engine, $config, $procs,
       sum(.connections.target), sum(.connections.ok), sum(.connections.failed), sum(.connections.dropped),
       sum(.connections.closedAtEnd), sum(.messages.sent), sum(.messages.completed), sum(.messages.errors),
       sum(.messages.unanswered), (sum(.messages.perSec) * 10 | round / 10),
       worst(.latency.p50Ms), worst(.latency.p95Ms), worst(.latency.p99Ms), worst(.latency.maxMs),
       "", "", "", (sum(.client.cpuPercent) * 10 | round / 10)] | @csv' "${files[@]}" | tr -d '"')
  # server CPU from the sampler: mean and peak of the total over the seconds with load, and the RSS peak
  read -r mean peak rss < <(awk -F, 'NR > 1 && $(NF - 1) != "" { n++; s += $(NF - 1); if ($(NF - 1) > p) p = $(NF - 1); if ($NF > r) r = $NF }
      END { printf "%.1f %.1f %d\n", n ? s / n : 0, p, r }' "$RES/cpu-$run.csv")
  row=$(awk -F, -v OFS=, -v m="$mean" -v p="$peak" -v r="$rss" '{ $19 = m; $20 = p; $21 = r; print }' <<<"$row")
  echo "$row" >>"$RES/results.csv"
  merge_timelines "$run" "$procs"
  for ((i = 1; i <= procs; i++)); do
    [[ -s $RAW/$run-p$i/summary.json ]] && cp "$RAW/$run-p$i/summary.json" "$RAW/$run-p$i.summary.json"
    rm -rf "$RAW/$run-p$i" "$RAW/$run-p$i.json"
    gzip -f "$RAW/$run-p$i.err" 2>/dev/null || true
  done
  log "$run: $(cut -d, -f6-8 <<<"$row" | tr , /) ok/failed/dropped, $(cut -d, -f14 <<<"$row") done/s," \
    "p50 $(cut -d, -f15 <<<"$row") p99 $(cut -d, -f17 <<<"$row") ms, server CPU $mean % (peak $peak %)"
}

# merge_timelines RUN PROCS: the load processes' timeline.csv summed by second (p50/p99/max: the worst process's)
merge_timelines() {
  local run=$1 procs=$2 i files=()
  for ((i = 1; i <= procs; i++)); do [[ -s $RAW/$run-p$i/timeline.csv ]] && files+=("$RAW/$run-p$i/timeline.csv"); done
  ((${#files[@]})) || return 0
  awk -F, 'FNR == 1 { next }
    { s = $1 + 0; seen[s] = 1; ph[s] = $2; if (!started || s < lo) { lo = s; started = 1 } if (s > hi) hi = s
      for (c = 3; c <= 9; c++) v[s, c] += $c
      for (c = 10; c <= 12; c++) if ($c != "" && $c + 0 > w[s, c]) w[s, c] = $c + 0 }
    END { print "second,phase,open,pending,failed,dropped,sentPerSec,completedPerSec,errorsPerSec,p50Ms,p99Ms,maxMs"
      for (s = lo; s <= hi; s++) {
        if (!(s in seen)) continue
        line = s "," ph[s]; for (c = 3; c <= 9; c++) line = line "," v[s, c]
        for (c = 10; c <= 12; c++) line = line "," w[s, c]
        print line } }' "${files[@]}" >"$RES/timeline-$run.csv"
}

# --- plots (gnuplot, PNG) --------------------------------------------------------------------------------
plot() { # NAME SCRIPT: RES/NAME.png from a gnuplot script (run in RES)
  (cd "$RES" && gnuplot -e "set terminal pngcairo size 1000,560 font ',10' noenhanced; set output '$1.png'; set datafile separator ','; set key outside right top; set grid" \
    - <<<"$2") || { log "gnuplot failed for $1"; return 1; }
}

# The plots an experiment may ask for: NAME -> "FILE-PATTERN|COLUMN|TITLE|Y-LABEL" (per second, one line a run)
# or "bars|COLUMN|TITLE|Y-LABEL[|log]" (results.csv, one bar a run); no apostrophes (gnuplot quotes with them)
declare -A PLOT_SPEC=(
  [open]="timeline-%s.csv|open|sockets open|open sockets"
  [completed]="timeline-%s.csv|completedPerSec|answers per second|answers / s"
  [rtt-p50]="timeline-%s.csv|p50Ms|round trip p50 each second|ms"
  [rtt-p99]="timeline-%s.csv|p99Ms|round trip p99 each second|ms"
  [cpu]="cpu-%s.csv|total|CPU of all server processes together (HAProxy included)|% of one core"
  [bars-cpu]="bars|serverCpuPercent|mean CPU of all server processes together|% of one core"
  [bars-p99]="bars|p99Ms|round trip p99 over the run|ms|log"
  [bars-completed]="bars|completedPerSec|answers per second over the run|answers / s"
  [bars-held]="bars|closedAtEnd|sockets open at the end|sockets"
)

# plots NAME...: RES/NAME.png for each, titled "EXP TITLE (PLOT_NOTE)", over the runs in RUNS
plots() {
  local name pattern column title ylabel scale
  for name in "$@"; do
    IFS='|' read -r pattern column title ylabel scale <<<"${PLOT_SPEC[$name]}"
    if [[ $pattern == bars ]]; then
      bars_plot "$name" "$EXP $title" "$ylabel" "$column" "$scale" || true   # logged; the CSVs stay
    else
      lines_plot "$name" "$EXP $title ($PLOT_NOTE)" "$ylabel" "$column" "$pattern" || true
    fi
  done
}

# lines_plot NAME TITLE YLABEL COLUMN FILE-PATTERN: one line per run of RUNS, COLUMN of FILE-PATTERN (%s = run)
lines_plot() {
  local name=$1 title=$2 ylabel=$3 column=$4 pattern=$5 lines='' run file
  for run in "${RUNS[@]}"; do
    # shellcheck disable=SC2059
    file=$(printf "$pattern" "$run")
    [[ -s $RES/$file ]] || continue
    lines+="${lines:+, }'$file' using 1:(column('$column')) with lines lw 2 title '$run'"
  done
  [[ -n $lines ]] || { log "nothing to plot for $name"; return 1; }
  plot "$name" "set title '$title'; set xlabel 'seconds from the first connection'; set ylabel '$ylabel'; plot $lines"
}

# bars_plot NAME TITLE YLABEL COLUMN [log]: RES/results.csv's COLUMN per run, as bars coloured by engine
bars_plot() {
  local logscale=''
  [[ ${5:-} != log ]] || logscale='set logscale y;'
  plot "$1" "set title '$2 (purple SocketGrid, green SocketCluster, blue Socket.IO)'; set ylabel '$3';
    set style fill solid 0.7 border -1; set boxwidth 0.6; unset key; set bmargin 8; set rmargin 12; set offsets 0, 0, graph 0.08, 0; set xtics rotate by -30; set yrange [0:*]; $logscale
    engine(e) = e eq 'socketgrid' ? 1 : e eq 'socketcluster' ? 2 : 3
    plot 'results.csv' using 0:(column('$4')):(engine(strcol(2))):xtic(1) with boxes lc variable, '' using 0:(column('$4')):(sprintf('%.4g', column('$4'))) with labels offset 0,0.7"
}

# --- the experiments -----------------------------------------------------------------------------------
# What the thesis asked and what it found, per experiment (its table in docs/THESIS.md): "QUESTION|FINDING"
declare -A THESIS=(
  [4.1]="does the load client scale over cores|2 cores open twice the sockets of 1"
  [4.2]="SocketCluster against engine.io (Socket.IO's transport), one core|engine.io: 1 core at ~75 %; SocketCluster: load balancer and worker ~100 % each: SocketCluster less efficient per core"
  [4.3]="more processes than cores|connections dropped or never made: context switching"
  [4.4]="horizontal scaling (thesis: 3, 5 and 7 cores; here 1 and 2)|3 cores: load balancer and worker saturated; 5 cores: max load 50 %; 7 cores: 30-50 %; SocketCluster about N/2 times engine.io"
  [4.5]="which parameter costs most: ping period, socket count, file size|ping rate and socket count matter more than file size"
  [4.6]="maximum concurrent connections|about 25,000 concurrent on 32 vCPU; some load balancers overloaded while others idle"
)

thesis_args() { # CONNECTIONS RATE INTERVAL-MAX DURATION [more]: the thesis workload's options
  local n=$1 rate=$2 p=$3 d=$4
  shift 4
  echo "thesis -n $n --rate $rate -p $p --duration ${d}s --drain $(q 3s 1s) --max-connections $n --max-pending 200 $*"
}

# engines_run SERVE LOAD-CPUS ARGS...: for each engine a fresh server (SERVE empty: serve_one; else serve_many
# with SERVE's words, K CPUS lb|direct), its warm-up, one run named after the engine (run_load LOAD-CPUS ARGS)
# and its stop; RUNS names the runs
engines_run() {
  local serve=$1 cpus=$2
  shift 2
  RUNS=()
  for ENGINE in "${ENGINES[@]}"; do
    # shellcheck disable=SC2086
    if [[ -z $serve ]]; then serve_one "$ENGINE"; else serve_many "$ENGINE" $serve; fi
    warm_flood
    run_load "$ENGINE" "$cpus" "$@"
    RUNS+=("$ENGINE")
    unserve
  done
}

exp_4_1() {
  local seconds rate=15 procs
  seconds=$(q 60 5)
  RUNS=()
  for ENGINE in "${ENGINES[@]}"; do
    serve_one "$ENGINE"; warm_flood
    for procs in 1 2; do
      CONFIG="$procs load process(es) on CPU $LOAD_CPU$( ((procs == 1)) || echo " and $SERVER_CPU"); server on CPU $SERVER_CPU"
      # shellcheck disable=SC2046
      run_load "$ENGINE-${procs}proc" "$LOAD_CPU$( ((procs == 1)) || echo " $SERVER_CPU")" \
        $(thesis_args $((rate * seconds)) "$rate" 5s "$seconds")
      RUNS+=("$ENGINE-${procs}proc")
    done
    unserve
  done
  PLOT_NOTE="1 vs 2 load processes, each opening $rate/s"
  plots open completed
  summarize "Each load process opens $rate sockets/s for $seconds s, each pinging every [0, 5 s); 1 process on CPU 1, then 2 (CPU 1 and CPU 0, the server's core); the server pinned to CPU 0."
}

exp_4_2() {
  local n rate seconds
  n=$(q 2400 100) rate=$(q 40 20) seconds=$(q 70 6)
  # shellcheck disable=SC2046
  engines_run '' "$LOAD_CPU" $(thesis_args "$n" "$rate" 5s "$seconds")
  PLOT_NOTE="$n sockets opened at $rate/s, ping every [0, 5 s)"
  plots cpu rtt-p99 rtt-p50
  summarize "One server process pinned to CPU 0; one load process on CPU 1 opening $rate/s (the thesis's 2 clients x 20/s) up to $n, each pinging every [0, 5 s); $seconds s."
}

exp_4_3() {
  local k n rate seconds
  k=$(q 4 2) n=$(q 3200 80) rate=$(q 40 20) seconds=$(q 80 5)
  CONNS_JAVA_OPTS=-Xmx384m
  # shellcheck disable=SC2046
  engines_run "$k $SERVER_CPU lb" "$LOAD_CPU" $(thesis_args "$n" "$rate" 5s "$seconds")
  PLOT_NOTE="$k processes on one core, $rate new/s"
  plots open rtt-p99 cpu
  summarize "SocketGrid: $k instances behind HAProxy (scripts/cluster.sh, -Xmx384m each); SocketCluster: $k socketcluster-server workers behind HAProxy; Socket.IO: its one process; every server process (and HAProxy) pinned to CPU 0, the load on CPU 1 opening $rate/s up to $n, ping every [0, 5 s), $seconds s."
}

exp_4_4() {
  local n rate seconds
  n=$(q 2400 100) rate=$(q 40 20) seconds=$(q 70 6)
  local all_runs=()
  CONNS_JAVA_OPTS=-Xmx512m
  for ENGINE in "${ENGINES[@]}"; do
    serve_one "$ENGINE"; warm_flood
    CONFIG="1 core: $CONFIG; load on CPU $LOAD_CPU"
    # shellcheck disable=SC2046
    run_load "$ENGINE-1core" "$LOAD_CPU" $(thesis_args "$n" "$rate" 5s "$seconds")
    unserve
    serve_many "$ENGINE" 2 0-1 lb; warm_flood
    CONFIG="2 cores: $CONFIG; load on both"
    # shellcheck disable=SC2046
    run_load "$ENGINE-2cores" 0-1 $(thesis_args "$n" "$rate" 5s "$seconds")
    unserve
    all_runs+=("$ENGINE-1core" "$ENGINE-2cores")
  done
  RUNS=("${all_runs[@]}")
  PLOT_NOTE="$n sockets, 1 core against 2"
  plots bars-cpu bars-p99 cpu
  summarize "The 4.2 workload ($n sockets at $rate/s, ping every [0, 5 s), $seconds s): first one server process pinned to CPU 0 with the load on CPU 1; then two SocketGrid instances (scripts/cluster.sh, HAProxy) / two SocketCluster workers (HAProxy) / Socket.IO's one process, all free to use both cores, the load process too."
}

exp_4_5() {
  local n rate seconds variant name vn vp vf budget file_budget
  n=$(q 2400 60) rate=$(q 80 30) seconds=$(q 60 5)
  # the 500 KB variant sends at most file_budget files (their base64: 683 KB each): its open loop offers ~400 MB/s,
  # more than the load process reads, and the Node peers buffer what a socket cannot take without a bound, so an
  # unbounded run could fill the shared machine's memory
  file_budget=$(q 3000 60)
  # name connections interval-max file-size file-budget (0: none)
  local -a variants=("reference $n 8s 81 0" "ping-3s $n 6s 81 0" "sockets-x1.5 $((n * 3 / 2)) 8s 81 0" "file-500KB $n 8s 500k $file_budget")
  RUNS=()
  for ENGINE in "${ENGINES[@]}"; do
    serve_one "$ENGINE"; warm_flood
    for variant in "${variants[@]}"; do
      read -r name vn vp vf budget <<<"$variant"
      CONFIG="$name: $vn sockets, ping every [0, $vp), file $vf bytes$( ((budget == 0)) || echo ", at most $budget files")"
      # shellcheck disable=SC2046
      run_load "$ENGINE-$name" "$LOAD_CPU" $(thesis_args "$vn" "$rate" "$vp" "$seconds" --file-size "$vf" \
        $( ((budget == 0)) || echo "--max-messages $budget"))
      RUNS+=("$ENGINE-$name")
    done
    unserve
  done
  plots bars-cpu bars-p99 bars-completed
  summarize "One server per engine pinned to CPU 0 (load on CPU 1), four runs on it one after the other: reference ($n sockets opened at $rate/s, ping every [0, 8 s) = 4 s on average, each answered with the 81-byte foo.txt in base64: ping.file), ping every 3 s on average, 1.5 x the sockets, and a 500 KB file (512,000 bytes; at most $file_budget files sent, ~$((file_budget * 683 / 1000)) MB of base64, as the Node peers buffer without bound what the load process cannot read); $seconds s each."
}

exp_4_6() {
  local k per rate seconds i cpus=()
  k=$(q 3 2) per=$(q 13000 150) rate=$(q 150 60) seconds=$(q 150 8)
  CONNS_JAVA_OPTS=$(q -Xmx1200m -Xmx384m)
  for ((i = 1; i <= k; i++)); do cpus+=(0-1); done
  # shellcheck disable=SC2046
  engines_run "$k 0-1 direct" "${cpus[*]}" $(thesis_args "$per" "$rate" 12s "$seconds")
  PLOT_NOTE="$k load processes x $per at $rate/s each, ping every [0, 12 s)"
  plots open cpu bars-held
  summarize "SocketGrid: $k Payara Micro instances (scripts/cluster.sh as scripts/bench.sh conns starts them, $CONNS_JAVA_OPTS each); SocketCluster: $k socketcluster-server workers; Socket.IO: one process (20,000 descriptors per process here); $k load processes (own source addresses) straight to an instance / worker each (Socket.IO: all to its one process), each opening $rate/s up to $per (in all $((k * per))), ping every [0, 12 s) (6 s on average), $seconds s; nothing pinned."
}

# summarize SETUP: RES/summary.md: the question, the thesis's finding, this run's setup, the table of
# results.csv, the figures engine by engine and every plot
summarize() {
  local png question found
  IFS='|' read -r question found <<<"${THESIS[$EXP]}"
  {
    echo "# Thesis §$EXP: $question"
    echo
    echo "Run: $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
      "\`scripts/thesis.sh $EXP${QUICK:+ --quick}\` at $(git rev-parse --short HEAD)$([[ -z $(git status --porcelain) ]] || echo ' (with uncommitted changes)')."
    echo
    echo "**The thesis found:** $found."
    echo
    echo "**Here:** $1"
    echo
    echo "| run | config | ok / failed / dropped | answers/s | p50 ms | p99 ms | max ms | server CPU % (mean / peak) | server RSS MB | client CPU % |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    awk -F, 'NR > 1 { printf "| %s | %s | %s / %s / %s | %s | %s | %s | %s | %s / %s | %s | %s |\n", $1, $3, $6, $7, $8, $14, $15, $17, $18, $19, $20, $21, $22 }' "$RES/results.csv"
    echo
    echo "**Found here (this run):**"
    awk -F, 'NR > 1 { printf "- %s (%s): %s of %s sockets held at the end (%s failed, %s dropped), p99 %s ms, server CPU %s %% of one core, %s answers/s\n", $1, $3, $9, $5, $7, $8, $17, $19, $14 }' "$RES/results.csv"
    echo
    for png in "$RES"/*.png; do [[ ! -s $png ]] || echo "![$(basename "$png" .png)]($(basename "$png"))"; done
    echo
    echo "Files: results.csv (one row a run), timeline-<run>.csv (the load processes' per-second figures, summed),"
    echo "cpu-<run>.csv (each server process's CPU each second), raw/ (each load process's summary.json, its log gzipped)."
  } >"$RES/summary.md"
}

prepare
log "thesis §$EXP$([[ -z $QUICK ]] || echo ' (quick)'): results into $RES"
started=$(date +%s)
RUNS=()
PLOT_NOTE=
"exp_${EXP/./_}"
log "thesis §$EXP done in $(($(date +%s) - started)) s: $RES"
ls "$RES"
