#!/usr/bin/env bash
# Shell functions shared by scripts/bench.sh and scripts/thesis.sh (sourced, not run): the machine-wide lock,
# starting and stopping SocketGrid (scripts/run.sh) and the peers (scripts/bench/peers) pinned to a core, a
# cluster of instances for many connections (scripts/cluster.sh in its own directory and ports), and small
# readings of /proc and JSON files.
#
# The caller sets (where it uses the functions that read them): OUT (the results folder), PORT, RUN_DIR,
# STATS_URL, WS_URL, SERVER_JAVA_OPTS, SERVER_CPU, PEER_PORT, SERVER_WAR (optional), CLK_TCK; for the cluster
# CONNS_DIR, CONNS_HTTP_BASE, CONNS_HZ_BASE, CONNS_JAVA_OPTS, CONNS_INSTANCES, CONNS_TOTAL, CONNS_CPUS (optional);
# and the state SERVER_PID, SERVER_KIND, CONNS_PIDS, CONNS_UP. Every function expects the repository root as the
# working directory.

# shellcheck disable=SC2034,SC2153  # state and settings shared with the sourcing script
LOCK=/tmp/socketgrid-heavy.lock

# True when /tmp/socketgrid-heavy.lock is held by this process or one of its ancestors (e.g. `flock LOCK bench.sh`).
lock_held_by_ancestor() {
  [[ -e $LOCK ]] || return 1
  local ino holders p h
  ino=$(stat -c %i "$LOCK")
  holders=$(awk -v ino="$ino" '$2 == "FLOCK" { n = split($6, a, ":"); if (a[n] == ino) print $5 }' /proc/locks)
  [[ -n $holders ]] || return 1
  p=$$
  while [[ -n $p && $p -gt 1 ]]; do
    for h in $holders; do [[ $h == "$p" ]] && return 0; done
    p=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status" 2>/dev/null || true)
  done
  return 1
}

# hold_lock_or_reexec NAME SCRIPT ARGS...: unless the caller (or SG_BENCH_LOCKED) already holds the lock, runs
# SCRIPT ARGS again under `flock -o LOCK` (exec: does not return). Then closes this shell's own descriptors of the
# lock: whatever it starts (Payara, node) must not inherit one, or a process left running would keep the lock
# after the script ends; the holder (the flock process, or the caller's shell) keeps it until the script exits.
hold_lock_or_reexec() {
  local name=$1 fd_path fd
  shift
  if [[ -z ${SG_BENCH_LOCKED:-} ]] && ! lock_held_by_ancestor; then
    echo "$name: taking $LOCK (waits while another build or benchmark holds it) ..." >&2
    SG_BENCH_LOCKED=1 exec flock -o "$LOCK" "$@"
  fi
  for fd_path in /proc/$$/fd/*; do
    fd=${fd_path##*/}
    if [[ $fd -gt 2 && $(readlink "$fd_path" 2>/dev/null) == "$LOCK" ]]; then eval "exec $fd>&-"; fi
  done
}

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_server() {
  if [[ -n $SERVER_PID ]]; then
    if [[ $SERVER_KIND == socketgrid ]]; then
      SOCKETGRID_PORT=$PORT SOCKETGRID_RUN_DIR=$RUN_DIR scripts/run.sh --stop >/dev/null 2>&1 || true
    fi
    if kill -0 "$SERVER_PID" 2>/dev/null; then   # a peer, or run.sh lost its PID file: stop it by our copy of the PID
      kill "$SERVER_PID" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=
  fi
}

# conns_cluster ARGS: scripts/cluster.sh with the conns run's own directory, ports and JVM options; the instances
# (and the balancer) it starts are pinned to CONNS_CPUS when set (a taskset list), else to every core
conns_cluster() {
  taskset -c "${CONNS_CPUS:-0-$(($(nproc) - 1))}" env SOCKETGRID_CLUSTER_DIR="$CONNS_DIR" SOCKETGRID_LB_PORT=$((CONNS_HTTP_BASE - 1)) \
    SOCKETGRID_CLUSTER_HTTP_BASE="$CONNS_HTTP_BASE" SOCKETGRID_CLUSTER_HZ_BASE="$CONNS_HZ_BASE" \
    JAVA_OPTS="$CONNS_JAVA_OPTS" scripts/cluster.sh "$@"
}

# true while process $1 runs (a child that exited but was not waited for yet is a zombie: not running)
pid_running() { kill -0 "$1" 2>/dev/null && ! grep -qs '^State:[[:space:]]*Z' "/proc/$1/status"; }

# conns_stop_clients: the load processes still running get TERM, then KILL after 5 s (by their PIDs)
conns_stop_clients() {
  local pid
  for pid in "${CONNS_PIDS[@]}"; do pid_running "$pid" && kill "$pid" 2>/dev/null || true; done
  for pid in "${CONNS_PIDS[@]}"; do
    for _ in $(seq 1 25); do pid_running "$pid" || break; sleep 0.2; done
    pid_running "$pid" && kill -9 "$pid" 2>/dev/null || true
  done
  CONNS_PIDS=()
}

# start_server LABEL PATCH(true|false): a fresh Payara Micro pinned to SERVER_CPU (run.sh builds if needed)
start_server() {
  local label=$1 patch=$2
  log "starting the server ($label, Tyrus scheduler mitigation $patch) pinned to CPU $SERVER_CPU"
  local attempt _ ok=0
  # a fresh Payara root each time: a reused one still lists the WAR in its domain.xml, so Payara would
  # deploy it at boot and then again for --deploy (undeploy, redeploy: HTTP 503 in between)
  rm -rf "${RUN_DIR:?}/payara"
  for attempt in 1 2; do
    # run.sh's readiness probe can see a 503 while the application is still being deployed and then gives
    # up (and stops the server): one more attempt covers that
    if env SOCKETGRID_PORT="$PORT" SOCKETGRID_RUN_DIR="$RUN_DIR" JAVA_OPTS="$SERVER_JAVA_OPTS" \
        SOCKETGRID_TYRUS_SCHEDULER_PATCH="$patch" SOCKETGRID_WAR="${SERVER_WAR:-}" \
        SOCKETGRID_FILE_DIRECTORY="$RUN_DIR/files" \
        taskset -c "$SERVER_CPU" scripts/run.sh --detach >"$OUT/server-$label-start.txt" 2>&1; then
      break
    fi
    cat "$OUT/server-$label-start.txt" >&2
    cp "$RUN_DIR/payara.log" "$OUT/server-$label-failed-start-$attempt.log" 2>/dev/null || true
    [[ $attempt -lt 2 ]] || return 1
    log "run.sh could not start the server (attempt $attempt); trying once more"
  done
  SERVER_PID=$(cat "$RUN_DIR/payara.pid")
  SERVER_KIND=socketgrid
  taskset -p "$SERVER_PID" >>"$OUT/server-$label-start.txt"
  # the JVM options it really got (run.sh adds to JAVA_OPTS, e.g. the JIT priority of SOCKETGRID_JIT_NICE)
  { tr '\0' ' ' <"/proc/$SERVER_PID/cmdline"; echo; } >>"$OUT/server-$label-start.txt"
  # ready = the stats page answered 4 times in a row, 0.5 s apart
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$STATS_URL" 2>/dev/null; then ok=$((ok + 1)); else ok=0; fi
    [[ $ok -ge 4 ]] && break
    sleep 0.5
  done
  if [[ $ok -lt 4 ]] || ! curl -fsS "$STATS_URL" >"$OUT/server-$label-stats-start.json"; then
    log "the server did not answer $STATS_URL steadily within 60 s (log: $RUN_DIR/payara.log)"
    return 1
  fi
  log "server PID $SERVER_PID: tyrusSchedulerPatch $(json_field "$OUT/server-$label-stats-start.json" tyrusSchedulerPatch)"
}

# finish_server LABEL: final stats, stop, keep the log
finish_server() {
  local label=$1
  curl -fsS "$STATS_URL" >"$OUT/server-$label-stats-end.json" 2>/dev/null || echo '{}' >"$OUT/server-$label-stats-end.json"
  stop_server
  cp "$RUN_DIR/payara.log" "$OUT/server-$label.log" 2>/dev/null || true
}

# install_peers: socketcluster-server, socket.io and ws into scripts/bench/peers (npm ci, pinned) when missing
install_peers() {
  if [[ ! -d scripts/bench/peers/node_modules/socketcluster-server || ! -d scripts/bench/peers/node_modules/socket.io
        || ! -d scripts/bench/peers/node_modules/ws ]]; then
    log "installing the peers (npm ci in scripts/bench/peers: socketcluster-server, socket.io, ws)"
    (cd scripts/bench/peers && npm ci --no-audit --no-fund)
  fi
}

# launch_peer PREFIX ENGINE PORT CPUS: a fresh peer (scripts/bench/peers/ENGINE.mjs) on 127.0.0.1:PORT pinned to
# CPUS (a taskset list); stdout (READY, MEMORY and STOPPED lines) in PREFIX.out, stderr in PREFIX.err, PID in
# PREFIX.pid and LAUNCHED_PID; fails when it does not print READY within 30 s
launch_peer() {
  local prefix=$1 engine=$2 port=$3 cpus=$4
  log "starting the $engine peer on port $port pinned to CPU $cpus"
  taskset -c "$cpus" node --expose-gc "scripts/bench/peers/$engine.mjs" --port="$port" >"$prefix.out" 2>"$prefix.err" &
  LAUNCHED_PID=$!   # taskset execs node: this is the server's PID
  echo "$LAUNCHED_PID" >"$prefix.pid"
  if ! wait_for_line "$prefix.out" '^READY' "$LAUNCHED_PID" 30; then
    log "the $engine peer did not start:"; cat "$prefix.out" "$prefix.err" >&2
    return 1
  fi
  taskset -p "$LAUNCHED_PID" >>"$prefix.out"
  log "$(grep -m1 '^READY' "$prefix.out")"
}

# start_peer LABEL ENGINE(socketcluster|socketio|ws): launch_peer on PEER_PORT and SERVER_CPU, files server-LABEL.*
start_peer() {
  SERVER_KIND=peer
  launch_peer "$OUT/server-$1" "$2" "$PEER_PORT" "$SERVER_CPU" || { SERVER_PID=$LAUNCHED_PID; return 1; }
  SERVER_PID=$LAUNCHED_PID
}

# start_target LABEL PATCH ENGINE: SocketGrid (ENGINE socketgrid, mitigation PATCH) or a peer; sets SERVER_PID,
# TARGET_URL and TARGET_DIALECT (what the load clients speak to it)
start_target() {
  local label=$1 patch=$2 engine=$3
  case $engine in
    socketgrid) start_server "$label" "$patch"; TARGET_URL=$WS_URL; TARGET_DIALECT=socketcluster ;;
    socketcluster) start_peer "$label" "$engine"; TARGET_URL="ws://127.0.0.1:$PEER_PORT/socketcluster/"; TARGET_DIALECT=socketcluster ;;
    ws) start_peer "$label" "$engine"; TARGET_URL="ws://127.0.0.1:$PEER_PORT/socketcluster/"; TARGET_DIALECT=socketcluster ;;
    socketio) start_peer "$label" "$engine"; TARGET_URL="ws://127.0.0.1:$PEER_PORT/socket.io/?EIO=4&transport=websocket"; TARGET_DIALECT=socketio ;;
    *) log "unknown engine $engine"; return 1 ;;
  esac
}

# finish_target LABEL: what finish_server does for SocketGrid; a peer is stopped (its output is already kept)
finish_target() {
  if [[ $SERVER_KIND == socketgrid ]]; then finish_server "$1"; else stop_server; fi
}

json_field() { # FILE DOTTED.PATH
  node -e 'let o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
           for (const k of process.argv[2].split(".")) o = o == null ? undefined : o[k];
           console.log(o === undefined ? "" : typeof o === "object" ? JSON.stringify(o) : o);' "$1" "$2"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# wait_for_line FILE PATTERN PID SECONDS: until FILE has a line matching PATTERN; fails if PID exits first
wait_for_line() {
  local file=$1 pattern=$2 pid=$3 limit=$4 i
  for ((i = 0; i < limit * 5; i++)); do
    grep -qE "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { grep -qE "$pattern" "$file" 2>/dev/null && return 0; return 1; }
    sleep 0.2
  done
  return 1
}

conns_port() { echo $((CONNS_HTTP_BASE + $1 - 1)); }

conns_pid() { cat "$CONNS_DIR/node$1/payara.pid" 2>/dev/null || echo 0; }

# conns_share I: the connections of load process I (the remainder of TOTAL / INSTANCES goes to the first ones)
conns_share() { echo $((CONNS_TOTAL / CONNS_INSTANCES + ($1 <= CONNS_TOTAL % CONNS_INSTANCES ? 1 : 0))); }

# conns_sources I: the source addresses of load process I, two of its own (~28k ephemeral ports each)
conns_sources() { echo "127.0.0.$((2 * $1))-127.0.0.$((2 * $1 + 1))"; }

# conns_progress FILE: "open pending failed dropped" from the last progress line of a load process's stderr
conns_progress() {
  local line
  line=$(grep -a '] [0-9]*s [a-z]* | conns ' "$1" 2>/dev/null | tail -n 1 || true)
  if [[ -z $line ]]; then echo "0 0 0 0"; return; fi
  sed -E 's/^.* \| conns ([0-9]+) open, ([0-9]+) pending, ([0-9]+) failed, ([0-9]+) dropped.*$/\1 \2 \3 \4/' <<<"$line"
}

# proc_field PID FIELD: a /proc/PID/status value (VmRSS in kB, Threads), or null when the process is gone
proc_field() { awk -v f="$2:" '$1 == f { print $2; found = 1 } END { if (!found) print "null" }' "/proc/$1/status" 2>/dev/null || echo null; }

proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo null; }

# conns_start_cluster: instance 1 with scripts/cluster.sh up (which also writes the Hazelcast member list and
# starts the balancer), then each further one with scripts/cluster.sh start, one after the other (started
# together, six instances on two cores outlast run.sh's 90 s readiness wait); then waits until every instance
# sees the others in the cluster view
conns_start_cluster() {
  local i ok=0 seen
  rm -rf "${CONNS_DIR:?}"
  CONNS_UP=1
  log "conns: starting $CONNS_INSTANCES instances (JAVA_OPTS $CONNS_JAVA_OPTS) on ports $(conns_port 1)-$(conns_port "$CONNS_INSTANCES")"
  conns_cluster up 1 >"$OUT/conns-cluster-start.txt" 2>&1 || { tail -n 20 "$OUT/conns-cluster-start.txt" >&2; return 1; }
  for ((i = 2; i <= CONNS_INSTANCES; i++)); do
    log "conns: instance $i"
    conns_cluster start "$i" >>"$OUT/conns-cluster-start.txt" 2>&1 || { tail -n 20 "$OUT/conns-cluster-start.txt" >&2; return 1; }
  done
  for _ in $(seq 1 60); do
    ok=0
    for ((i = 1; i <= CONNS_INSTANCES; i++)); do
      seen=$(curl -fsS --max-time 5 "http://127.0.0.1:$(conns_port "$i")/socketgrid/cluster" 2>/dev/null \
        | node -e 'let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
            try { const v = JSON.parse(s); console.log((v.nodes || []).filter((n) => n.status !== "down").length); }
            catch { console.log(0); } });' || echo 0)
      [[ $seen -ge $CONNS_INSTANCES ]] && ok=$((ok + 1))
    done
    [[ $ok -eq $CONNS_INSTANCES ]] && break
    sleep 1
  done
  curl -fsS --max-time 5 "http://127.0.0.1:$(conns_port 1)/socketgrid/cluster" >"$OUT/conns-cluster-view.json" 2>/dev/null || true
  if [[ $ok -ne $CONNS_INSTANCES ]]; then
    log "conns: the instances did not all see $CONNS_INSTANCES nodes within 60 s (see $OUT/conns-cluster-view.json)"; return 1
  fi
  for ((i = 1; i <= CONNS_INSTANCES; i++)); do
    printf 'node%d port %d pid %s ulimit -n %s\n' "$i" "$(conns_port "$i")" "$(conns_pid "$i")" \
      "$(awk '/^Max open files/ { print $4 }' "/proc/$(conns_pid "$i")/limits")" >>"$OUT/conns-cluster-start.txt"
  done
  jcmd "$(conns_pid 1)" VM.flags >"$OUT/conns-vm-flags.txt" 2>&1 || true
  log "conns: cluster of $CONNS_INSTANCES up, every instance sees all of them"
}
