#!/usr/bin/env bash
# Reproducible SocketGrid benchmark. It prints figures; it is not a pass/fail test (it exits non-zero only
# when a measurement could not be made: the server did not start, a client could not connect, ...).
#
#   scripts/bench.sh [flood|idle|latency|conns|files|security|metrics|ab|all]   (default: all = flood + idle)
#   scripts/bench.sh conns --quick
#
#   Peers: flood, idle and latency also measure the thesis ping-pong on socketcluster-server 20 and socket.io
#          4.8 in the same run, and on a bare `ws` server as the reference: what this host and client give a
#          server that only parses the ping and answers (scripts/bench/peers/ws.mjs; the library both peers run
#          on): the most pongs/s, the least latency and memory to expect of any server here, so a target can be
#          read against it (BENCH_PEERS=1, the default; 0 = SocketGrid alone), each a fresh node process
#          (scripts/bench/peers/, installed with `npm ci` when missing) pinned to the server's core like
#          SocketGrid, driven by the same client with the same settings (SocketCluster protocol v2 for
#          SocketGrid and SocketCluster, engine.io v4 framing for Socket.IO: scripts/bench/dialect.mjs); the
#          report prints each figure with SocketGrid's ratio to each peer.
#   flood  the thesis ping-pong as a closed-loop flood (scripts/bench/pingflood.mjs): the server pinned to
#          CPU 0, the node client to CPU 1; once with the Tyrus scheduler mitigation ON (the default) and once
#          OFF (SOCKETGRID_TYRUS_SCHEDULER_PATCH=false), each on a freshly started server, and (peers) on
#          SocketCluster, Socket.IO and bare ws between the two; pongs/s, round-trip latencies, the ON/OFF ratio, the
#          ratios to the peers and the time from the first connection to 90 % of the measured rate.
#   idle   memory per idle connection: a fresh server (mitigation on) pinned to CPU 0; a warm-up round of
#          connections opened and closed; full GC; RSS and live heap as the baseline; N idle connections
#          (scripts/bench/idle.mjs, CPU 1); full GC; RSS and live heap again; KB per connection; GC and heap
#          of the JVM named; then the connections are closed and a third reading shows what is given back.
#          Peers: the same rounds; memory read from /proc/<pid>/status (VmRSS) and V8's used heap, each
#          after a full GC (the peers run with --expose-gc and collect on SIGUSR2); no third reading.
#   latency  the thesis workload (scripts/bench/latency.mjs): BENCH_LATENCY_CONNECTIONS connections opened at
#          BENCH_LATENCY_RATE per second, each pinging at a uniformly random interval in [0, 5 s) (open loop),
#          on SocketGrid (mitigation on) and the peers, each on a fresh server pinned to CPU 0; round trips
#          of the pings sent in the measure window (after a warm-up that starts when all are open):
#          p50/p90/p99/max, a histogram, the worst per 5 s, and the server's CPU over the window.
#   conns  connections held by a cluster (issue 9, target 4: 100,000 with heartbeats, no drop for 60 s): a fresh
#          cluster of BENCH_CONNS_INSTANCES Payara Micro instances (scripts/cluster.sh in its own run dir and
#          ports: TCP-IP Hazelcast on 127.0.0.1, instances started one after the other, JAVA_OPTS
#          BENCH_CONNS_JAVA_OPTS; its HAProxy runs but is not used, it could not hold this many sockets); a
#          warm-up round of BENCH_CONNS_WARMUP_CONNECTIONS per instance; then one load process per instance
#          (load-generator `idle`, Netty, its own source addresses 127.0.0.2k-127.0.0.2k+1, straight to its
#          instance's port: one descriptor per socket, 20,000 per process here) opening BENCH_CONNS_TOTAL / N
#          each at BENCH_CONNS_RATE per second; once every connection of every process is open, they are held
#          BENCH_CONNS_HOLD s while the servers' heartbeats run (ping every 8 s, 4001 after 20 s of silence),
#          then stopped (SIGTERM: a load process then closes its connections, writes its report and exits).
#          Reported per instance and in total: connections established, failed, dropped during the hold (and
#          over the whole run), the time to open them, server RSS before and at the end of the hold (and per
#          connection; no forced GC), heap used, server CPU during the hold, heartbeat messages the servers
#          read during the hold, the load processes' CPU and RSS, the machine's CPU. No pinning (N servers and
#          N clients share both cores). No peers: one socketcluster-server or socket.io process holds at most
#          20,000 descriptors here, so no same-size comparison exists (the summary says so).
#          `scripts/bench.sh conns --quick`: the same with small defaults (2,000 connections on 2 instances,
#          held 10 s, 200/s) to check the script.
#   files  file transfer (scripts/bench/files.mjs): a fresh server (mitigation on) pinned to CPU 0, the node
#          client on CPU 1; MiB/s of uploads (#file.offer + binary chunk frames, and + the HTTP carrier's
#          PUTs), socket downloads (the webapp's
#          files.fetch push) and plain HTTP downloads of the same stored file from the same server
#          (GET socketgrid/files/<name>), for 1 MiB, 100 MiB and 1 GiB; the server's heap sampled every
#          0.5 s (jstat: peak used) and its live heap after a full GC before and after. First, what this machine
#          gives dd writing a new 1 GiB file there, through the page cache and direct (the storage ceiling).
#   security  the figures of the security work, in one run, on one frozen copy of the WAR (webapp/target/
#          socketgrid.war, rebuilt offline first if older than its sources):
#          - middleware cost: the flood above (mitigation on) alternately without a middleware and with one
#            allow-all middleware overriding all six hooks (server-module/src/test/java/io/socketgrid/bench/AllowAllMiddleware.java,
#            compiled with javac against the WAR's own socketgrid-server jar and added to a copy of the WAR
#            under WEB-INF/classes), none / allow-all / none / allow-all, each on a fresh server; every
#            figure, the medians and the ratio allow-all / none.
#          - stalled subscribers: one fresh server; scripts/bench/stalled.mjs subscribes 10,000 sockets to one
#            channel and publishes to it; the delivery delay of the healthy subscribers without stalled ones
#            (S=0, where 100 healthy sockets read the filler the stalled ones get in the other rounds, so the
#            server writes the same) and with 100 that stopped reading (S=100), alternately, after a warm-up round; the
#            server's close codes and slow-consumer count (/socketgrid/stats before and after each round).
#          - interception: the engine alone (io.socketgrid.bench.EngineCost middleware, no container) pinned to the
#            server's core, thesis pings/s with no middleware and with the allow-all one, alternating rounds.
#   metrics  what monitoring costs: the flood above (mitigation on) on one frozen copy of the WAR, alternately
#          with socketgrid.metrics=false and the default true (the per-second sampler, the cluster exchange and
#          the monitoring-only counters), off / on / off / on / ..., each on a fresh server; every figure, the
#          medians and the ratio on / off; then the engine alone (io.socketgrid.bench.EngineCost metrics, no
#          container) pinned to the server's core, invoked thesis pings/s with the counters off and with them
#          on and a sampler ticking every second, alternating rounds.
#   ab       before/after: the flood above on the WAR of BENCH_BASELINE_REV ("before") and on the WAR under test
#          ("after"), BENCH_AB_ROUNDS pairs, the order swapped every round, each on a fresh server started by
#          the same scripts/run.sh; every figure, the medians and the ratio after / before. One flood per side
#          (what BENCH_BASELINE_REV adds to flood) is within the flood's ±30 % noise; this is the figure to quote.
#   With BENCH_BASELINE_REV=<git revision>, flood also runs that revision's WAR (built in a worktree under
#   run/bench/) as "baseline" in the same run, next to the current tree's ("on"), for before/after figures.
#
# Run it alone on the machine: it takes /tmp/socketgrid-heavy.lock for its whole run (if the caller does not already
# hold it, e.g. `flock /tmp/socketgrid-heavy.lock scripts/bench.sh all`). Results go to run/bench/<timestamp>/
# (results.json, summary.txt, the clients' JSON, histograms, server logs). docs/BENCHMARKS.md explains them.
#
# Environment (defaults in brackets):
#   BENCH_PORT [8181]                 HTTP port of the server under test (its run dir: run/bench/server-<port>)
#   BENCH_JAVA_OPTS [-Xmx512m]        JVM options of the server (run.sh's default; run.sh adds the JIT priority of
#                                     SOCKETGRID_JIT_NICE to them, set that to off to measure without it)
#   BENCH_SERVER_CPU [0], BENCH_CLIENT_CPU [1]   cores for taskset
#   BENCH_CONNECTIONS [100]           flood: closed-loop connections
#   BENCH_WARMUP [40]                 flood: seconds of flood before measuring (the JIT on one core needs ~40 s)
#   BENCH_MEASURE [15]                flood: seconds measured
#   BENCH_IDLE_CONNECTIONS [5000]     idle: connections held
#   BENCH_IDLE_WARMUP_CONNECTIONS [500]  idle: connections opened and closed before the baseline
#   BENCH_IDLE_RATE [500]             idle: new connections per second
#   BENCH_IDLE_SETTLE [5]             idle: seconds to wait after all are established before reading
#   BENCH_IDLE_RELEASE_WAIT [35]      idle: seconds to wait after closing them before the last reading
#                                     (Grizzly lets go of closed connections in a ~30 s sweep)
#   BENCH_PEERS [1]                   flood, idle, latency: also run socketcluster-server, socket.io and the bare ws reference
#   BENCH_PEER_PORT [8182]            port of the peer under test (127.0.0.1 only)
#   BENCH_LATENCY_CONNECTIONS [2400]  latency: connections (the thesis's §4.2 maximum)
#   BENCH_LATENCY_RATE [40]           latency: new connections per second (2 thesis clients x 20/s)
#   BENCH_LATENCY_INTERVALS [fresh]   latency: fresh = a new random delay in [0, 5 s) after each ping;
#                                     fixed = one per socket (the thesis's setInterval)
#   BENCH_LATENCY_WARMUP [30]         latency: seconds after all connections are open before measuring
#   BENCH_LATENCY_MEASURE [60]        latency: seconds of pings measured
#   BENCH_LATENCY_DUMP [0]            latency: 1 keeps every measured round trip of each server in the results
#                                     folder, latency-<server>-roundtrips.csv (latency.mjs --dump)
#   BENCH_FILE_SIZES [1,100,1024]     files: sizes in MiB
#   BENCH_FILE_REPEAT [3]             files: runs per size below 1 GiB (the median counts)
#   BENCH_FILE_WARMUP [20]            files: rounds of 100 MiB through every way first (JIT warm-up, reported apart)
#   BENCH_FILE_WAYS [frames,carrier,download,http]   files: which ways to time (one, to profile it)
#   BENCH_BASELINE_REV []             flood: also measure this revision's WAR as "baseline"
#   BENCH_MW_ROUNDS [2]               security: none/allow-all pairs of floods
#   BENCH_METRICS_ROUNDS [3]          metrics: off/on pairs of floods
#   BENCH_AB_ROUNDS [3]               ab: before/after pairs of floods (needs BENCH_BASELINE_REV)
#   BENCH_STALLED_SUBSCRIBERS [10000] security: subscribers of the fan-out channel
#   BENCH_STALLED [100]               security: stalled subscribers in the S>0 rounds
#   BENCH_STALLED_RATE [0.5]          security: publishes per second (~1 KB each) to the fan-out channel
#   BENCH_STALLED_SECONDS [30]        security: seconds of publishing per round
#   BENCH_STALLED_FILL_RATE [262144]  security: bytes/s also published to a channel only the stalled ones
#                                     subscribe to (in S=0 rounds too, to nobody), so that their queues fill
#   BENCH_STALLED_ROUNDS [2]          security: S=0 / S=100 pairs after the warm-up round
#   BENCH_STALLED_WARMUP [15]         security: seconds of publishing in the warm-up round (S=0, not reported)
#   BENCH_CONNS_TOTAL [100000]        conns: connections in all (--quick: 2000)
#   BENCH_CONNS_INSTANCES [6]         conns: Payara Micro instances, one load process each (1 to 9; --quick: 2)
#   BENCH_CONNS_RATE [40]             conns: new connections per second per load process (--quick: 200); at
#                                     200 the opening of 100,000 on two cores starves the heartbeats of the
#                                     sockets already open and some are dropped (docs/BENCHMARKS.md)
#   BENCH_CONNS_HOLD [60]             conns: seconds every connection is held once all are open (--quick: 10)
#   BENCH_CONNS_OPEN_SLACK [120]      conns: seconds the opening may take beyond TOTAL / INSTANCES / RATE
#                                     (the load processes' own bound is that + the hold + 30 s; bench.sh
#                                     stops them once the hold is over; a slower opening shortens the hold,
#                                     and the summary says so)
#   BENCH_CONNS_JAVA_OPTS [-Xmx1200m] conns: JVM options of each instance (its heap for ~17,000 sockets)
#   BENCH_CONNS_CLIENT_JAVA_OPTS [-Xmx384m]  conns: JVM options of each load process
#   BENCH_CONNS_WARMUP_CONNECTIONS [200]     conns: per instance, opened and closed before the baseline reading
#   BENCH_CONNS_HTTP_BASE [8281]      conns: HTTP port of instance 1 (instance i: base + i - 1; the unused
#                                     balancer on base - 1); BENCH_CONNS_HZ_BASE [5901] its Hazelcast port
#   SG_BENCH_LOCKED=1                 skip the lock check (the caller holds /tmp/socketgrid-heavy.lock some other way)
set -euo pipefail

SELF=$(readlink -f "$0")
# shellcheck source=scripts/bench-lib.sh
. "$(dirname "$SELF")/bench-lib.sh"
hold_lock_or_reexec bench.sh "$SELF" "$@"

cd "$(dirname "$SELF")/.."
MODE=${1:-all}
QUICK=
case $MODE in flood|idle|latency|conns|files|security|metrics|ab|all) ;; *) echo "usage: scripts/bench.sh [flood|idle|latency|conns|files|security|metrics|ab|all], scripts/bench.sh conns --quick" >&2; exit 2 ;; esac
case ${2:-} in
  '') ;;
  --quick) [[ $MODE == conns ]] || { echo "bench.sh: --quick is for conns only" >&2; exit 2; }; QUICK=1 ;;
  *) echo "usage: scripts/bench.sh [flood|idle|latency|conns|files|security|metrics|ab|all], scripts/bench.sh conns --quick" >&2; exit 2 ;;
esac

PORT=${BENCH_PORT:-8181}
RUN_DIR=run/bench/server-$PORT
SERVER_CPU=${BENCH_SERVER_CPU:-0}
CLIENT_CPU=${BENCH_CLIENT_CPU:-1}
SERVER_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx512m}
CONNECTIONS=${BENCH_CONNECTIONS:-100}
WARMUP=${BENCH_WARMUP:-40}
MEASURE=${BENCH_MEASURE:-15}
IDLE_CONNECTIONS=${BENCH_IDLE_CONNECTIONS:-5000}
IDLE_WARMUP_CONNECTIONS=${BENCH_IDLE_WARMUP_CONNECTIONS:-500}
IDLE_RATE=${BENCH_IDLE_RATE:-500}
IDLE_SETTLE=${BENCH_IDLE_SETTLE:-5}
IDLE_RELEASE_WAIT=${BENCH_IDLE_RELEASE_WAIT:-35}
FILE_SIZES=${BENCH_FILE_SIZES:-1,100,1024}
FILE_REPEAT=${BENCH_FILE_REPEAT:-3}
BASELINE_REV=${BENCH_BASELINE_REV:-}
BASELINE_WAR=
MW_ROUNDS=${BENCH_MW_ROUNDS:-2}
METRICS_ROUNDS=${BENCH_METRICS_ROUNDS:-3}
AB_ROUNDS=${BENCH_AB_ROUNDS:-3}
STALLED_SUBSCRIBERS=${BENCH_STALLED_SUBSCRIBERS:-10000}
STALLED=${BENCH_STALLED:-100}
STALLED_RATE=${BENCH_STALLED_RATE:-0.5}
STALLED_SECONDS=${BENCH_STALLED_SECONDS:-30}
STALLED_FILL_RATE=${BENCH_STALLED_FILL_RATE:-262144}
STALLED_ROUNDS=${BENCH_STALLED_ROUNDS:-2}
STALLED_WARMUP=${BENCH_STALLED_WARMUP:-15}
PEERS=${BENCH_PEERS:-1}
PEER_PORT=${BENCH_PEER_PORT:-8182}
PEER_ENGINES=(socketcluster socketio ws)
LATENCY_CONNECTIONS=${BENCH_LATENCY_CONNECTIONS:-2400}
LATENCY_RATE=${BENCH_LATENCY_RATE:-40}
LATENCY_INTERVALS=${BENCH_LATENCY_INTERVALS:-fresh}
LATENCY_WARMUP=${BENCH_LATENCY_WARMUP:-30}
LATENCY_MEASURE=${BENCH_LATENCY_MEASURE:-60}
LATENCY_DUMP=${BENCH_LATENCY_DUMP:-0}
CONNS_TOTAL=${BENCH_CONNS_TOTAL:-$([[ -n $QUICK ]] && echo 2000 || echo 100000)}
CONNS_INSTANCES=${BENCH_CONNS_INSTANCES:-$([[ -n $QUICK ]] && echo 2 || echo 6)}
CONNS_RATE=${BENCH_CONNS_RATE:-$([[ -n $QUICK ]] && echo 200 || echo 40)}
CONNS_HOLD=${BENCH_CONNS_HOLD:-$([[ -n $QUICK ]] && echo 10 || echo 60)}
CONNS_OPEN_SLACK=${BENCH_CONNS_OPEN_SLACK:-120}
CONNS_JAVA_OPTS=${BENCH_CONNS_JAVA_OPTS:--Xmx1200m}
CONNS_CLIENT_JAVA_OPTS=${BENCH_CONNS_CLIENT_JAVA_OPTS:--Xmx384m}
CONNS_WARMUP_CONNECTIONS=${BENCH_CONNS_WARMUP_CONNECTIONS:-200}
CONNS_HTTP_BASE=${BENCH_CONNS_HTTP_BASE:-8281}
CONNS_HZ_BASE=${BENCH_CONNS_HZ_BASE:-5901}
CONNS_DIR=run/bench/conns-cluster
[[ $MODE == flood || $MODE == idle || $MODE == latency || $MODE == all ]] || PEERS=0
WS_URL="ws://127.0.0.1:$PORT/socketcluster/"
STATS_URL="http://127.0.0.1:$PORT/socketgrid/stats"
OUT=run/bench/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT" "$RUN_DIR"

# the idle test needs one descriptor per connection, in the server and in the client
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

SERVER_PID=
SERVER_KIND=   # socketgrid (started by run.sh) or peer (a node process of ours)
CLIENT_PID=

CONNS_PIDS=()   # conns: the load processes (and warm-up clients) still running
CONNS_UP=       # conns: set once scripts/cluster.sh was asked to start the cluster

cleanup() {
  local status=$?
  conns_stop_clients
  if [[ -n $CONNS_UP ]]; then conns_cluster down >&2 || true; CONNS_UP=; fi
  if [[ -n $CLIENT_PID ]] && kill -0 "$CLIENT_PID" 2>/dev/null; then
    kill "$CLIENT_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$CLIENT_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$CLIENT_PID" 2>/dev/null || true
  fi
  stop_server
  if [[ $status -ne 0 ]]; then log "bench.sh stopped with status $status; partial results in $OUT"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- preparation ---------------------------------------------------------------------------------------
if [[ ! -d scripts/bench/node_modules/ws ]]; then
  log "installing the load clients' dependencies (npm ci in scripts/bench)"
  (cd scripts/bench && npm ci --no-audit --no-fund)
fi
[[ $PEERS != 1 ]] || install_peers
for port in "$PORT" $([[ $PEERS == 1 ]] && echo "$PEER_PORT"); do
  if curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/" 2>/dev/null; then   # any HTTP answer
    echo "bench.sh: something already answers on port $port; stop it or set BENCH_PORT / BENCH_PEER_PORT" >&2
    exit 1
  fi
done
CLK_TCK=$(getconf CLK_TCK)

# --- flood ---------------------------------------------------------------------------------------------
# flood_one LABEL PATCH [ENGINE]: one flood on a fresh server (SocketGrid by default, or a peer)
flood_one() {
  local label=$1 patch=$2 engine=${3:-socketgrid} rc=0 t0 t1 c0 c1
  start_target "$label" "$patch" "$engine"
  log "flood ($label): $CONNECTIONS connections, warm-up $WARMUP s, measure $MEASURE s, client on CPU $CLIENT_CPU"
  t0=$(date +%s.%N); c0=$(cpu_ticks "$SERVER_PID")
  taskset -c "$CLIENT_CPU" node scripts/bench/pingflood.mjs --url="$TARGET_URL" --dialect="$TARGET_DIALECT" --connections="$CONNECTIONS" \
    --warmup="$WARMUP" --measure="$MEASURE" >"$OUT/flood-$label.json" 2>"$OUT/flood-$label.err" &
  CLIENT_PID=$!
  echo "$CLIENT_PID" >"$OUT/flood-$label-client.pid"
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=
  t1=$(date +%s.%N); c1=$(cpu_ticks "$SERVER_PID")
  # server CPU over the whole client run (handshakes + warm-up + measure), percent of one core
  awk -v c="$((c1 - c0))" -v hz="$CLK_TCK" -v t0="$t0" -v t1="$t1" \
    'BEGIN { printf "{\"serverCpuPercent\":%.1f}\n", 100 * c / hz / (t1 - t0) }' >"$OUT/flood-$label-cpu.json"
  finish_target "$label"
  if [[ $rc -ne 0 ]]; then
    log "pingflood ($label) failed with status $rc:"; cat "$OUT/flood-$label.err" "$OUT/flood-$label.json" >&2
    return 1
  fi
  log "flood ($label): $(json_field "$OUT/flood-$label.json" pongsPerSec) pongs/s, p99 $(json_field "$OUT/flood-$label.json" latencyMs.p99) ms"
}

# build_baseline: the WAR of BASELINE_REV, built once in a temporary worktree and kept as
# run/bench/baseline-<rev>.war
build_baseline() {
  local rev dir
  rev=$(git rev-parse --short "$BASELINE_REV")
  dir=run/bench/baseline-$rev
  BASELINE_WAR=$(pwd)/run/bench/baseline-$rev.war
  if [[ ! -f $BASELINE_WAR ]]; then
    log "building the baseline WAR of $rev in $dir"
    git worktree remove --force "$dir" 2>/dev/null || rm -rf "$dir"
    git worktree add --detach "$dir" "$rev" >/dev/null
    (cd "$dir" && mvn -q -B -DskipTests -pl webapp -am package)
    cp "$dir/webapp/target/socketgrid.war" "$BASELINE_WAR"
    git worktree remove --force "$dir"
  fi
  echo "baseline: $rev ($(git log -1 --format=%s "$rev" | cut -c1-80))" >>"$OUT/environment.txt"
}

# --- files ---------------------------------------------------------------------------------------------
# disk_write_probe: MiB/s of dd writing a new 1 GiB file next to the server's files, on the server's CPU,
# through the page cache and with O_DIRECT: what storing an upload costs this machine before SocketGrid does
# anything (on a VM whose free memory goes back to the host, new page-cache pages are slow: docs/PERFORMANCE.md,
# "Uploads and the page cache"). Into files-disk.json.
disk_write_probe() {
  local probe="$RUN_DIR/files-probe.bin" buffered direct
  mkdir -p "$RUN_DIR"
  local rate='/copied/ { for (i = 1; i <= NF; i++) if ($i == "s,") printf "%.1f", $1 / $(i - 1) / 1048576 }'
  buffered=$(taskset -c "$SERVER_CPU" dd if=/dev/zero of="$probe" bs=1M count=1024 2>&1 | awk "$rate")
  rm -f "$probe"
  direct=$(taskset -c "$SERVER_CPU" dd if=/dev/zero of="$probe" bs=1M count=1024 oflag=direct 2>&1 | awk "$rate") || direct=
  rm -f "$probe"
  printf '{"pageCacheMiBps":%s,"directMiBps":%s,"fileDirectWrites":"%s"}\n' "${buffered:-null}" "${direct:-null}" \
    "${SOCKETGRID_FILE_DIRECT_WRITES:-default}" >"$OUT/files-disk.json"
}

files_run() {
  local rc=0 sampler
  disk_write_probe
  start_server files true
  read_live_heap files-before
  : >"$OUT/files-heap-samples.txt"
  # used heap (survivors + eden + old, KB) every 0.5 s while the client runs: one jstat that samples on its own
  # (a jstat started per sample was a JVM start every 0.5 s on the client's core, which slowed the downloads)
  taskset -c "$CLIENT_CPU" jstat -gc "$SERVER_PID" 500 >"$OUT/files-jstat.txt" 2>/dev/null &
  sampler=$!
  log "files: sizes $FILE_SIZES MiB, $FILE_REPEAT runs each below 1 GiB, client on CPU $CLIENT_CPU"
  taskset -c "$CLIENT_CPU" node scripts/bench/files.mjs --url="$WS_URL" --sizes="$FILE_SIZES" --repeat="$FILE_REPEAT" \
    >"$OUT/files.json" 2>"$OUT/files.err" &
  CLIENT_PID=$!
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  awk '$1 ~ /^[0-9.]+$/ { printf "%d\n", $3 + $4 + $6 + $8 }' "$OUT/files-jstat.txt" >>"$OUT/files-heap-samples.txt"
  read_live_heap files-after
  taskset -c "$CLIENT_CPU" jcmd "$SERVER_PID" VM.flags >"$OUT/files-vm-flags.txt"
  finish_server files
  rm -rf "${RUN_DIR:?}/files"
  if [[ $rc -ne 0 ]]; then
    log "files client failed with status $rc:"; cat "$OUT/files.err" >&2
    return 1
  fi
}

# read_live_heap LABEL: full GC, then the used heap (jstat) into LABEL-heap.txt, in KB
read_live_heap() {
  taskset -c "$CLIENT_CPU" jcmd "$SERVER_PID" GC.run >/dev/null
  sleep 1
  taskset -c "$CLIENT_CPU" jstat -gc "$SERVER_PID" | awk 'NR == 2 { printf "%d\n", $3 + $4 + $6 + $8 }' >"$OUT/$1-heap.txt"
}

# --- idle memory ---------------------------------------------------------------------------------------
# read_memory LABEL: full GC, then RSS and live heap (class histogram total, itself taken after a full GC)
read_memory() {
  local label=$1
  local f="$OUT/idle-$label"
  taskset -c "$CLIENT_CPU" jcmd "$SERVER_PID" GC.run >/dev/null
  sleep 1
  taskset -c "$CLIENT_CPU" jcmd "$SERVER_PID" GC.class_histogram >"$f-histogram.txt"
  taskset -c "$CLIENT_CPU" jcmd "$SERVER_PID" GC.heap_info >"$f-heap-info.txt"
  curl -fsS "$STATS_URL" >"$f-stats.json"
  local rss live threads
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$SERVER_PID/status")
  live=$(awk '$1 == "Total" { print $3 }' "$f-histogram.txt")
  printf '{"rssKB":%s,"liveHeapBytes":%s,"threads":%s,"serverConnections":%s}\n' \
    "$rss" "$live" "$threads" "$(json_field "$f-stats.json" engine.connections)" >"$f.json"
  log "idle ($label): RSS $((rss / 1024)) MB, live heap $((live / 1048576)) MB, $threads threads"
}

# read_peer_memory PREFIX LABEL: the peer collects (global.gc) and reports its RSS and V8 heap on SIGUSR2
# (a MEMORY line on its stdout); written to PREFIX-LABEL.json like read_memory's figures
read_peer_memory() {
  local f="$OUT/$1-$2" out="$OUT/server-$1.out" before i
  before=$(grep -c '^MEMORY' "$out" || true)
  kill -USR2 "$SERVER_PID"
  for ((i = 0; i < 50; i++)); do
    [[ $(grep -c '^MEMORY' "$out" || true) -gt $before ]] && break
    sleep 0.2
  done
  grep '^MEMORY' "$out" | tail -n 1 | cut -d' ' -f2- >"$f.json"
  [[ $(grep -c '^MEMORY' "$out" || true) -gt $before ]] || { log "$1: the peer gave no memory reading"; return 1; }
  local threads
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$SERVER_PID/status")
  log "$1 ($2): RSS $(( $(json_field "$f.json" rssKB) / 1024 )) MB, V8 heap used" \
    "$(( $(json_field "$f.json" heapUsedBytes) / 1048576 )) MB, $(json_field "$f.json" connections) connections, $threads threads"
}

# idle_run [ENGINE]: SocketGrid (files idle-*) or a peer (files idle-ENGINE-*)
idle_run() {
  local engine=${1:-socketgrid} p=idle
  [[ $engine == socketgrid ]] || p=idle-$engine
  start_target "$p" true "$engine"
  if [[ $engine == socketgrid ]]; then
    taskset -c "$CLIENT_CPU" jcmd "$SERVER_PID" VM.flags >"$OUT/idle-vm-flags.txt"
    taskset -c "$CLIENT_CPU" jcmd "$SERVER_PID" VM.info >"$OUT/idle-vm-info.txt"
  fi

  log "$p: warm-up round of $IDLE_WARMUP_CONNECTIONS connections (opened, held 2 s, closed)"
  taskset -c "$CLIENT_CPU" node scripts/bench/idle.mjs --url="$TARGET_URL" --dialect="$TARGET_DIALECT" \
    --connections="$IDLE_WARMUP_CONNECTIONS" --rate="$IDLE_RATE" --until=signal --max-hold=2 \
    >"$OUT/$p-warmup-client.out" 2>"$OUT/$p-warmup-client.err"
  sleep 2
  if [[ $engine == socketgrid ]]; then read_memory baseline; else read_peer_memory "$p" baseline; fi

  local limit=$((IDLE_CONNECTIONS / IDLE_RATE + 90))
  log "$p: opening $IDLE_CONNECTIONS connections at <= $IDLE_RATE/s from CPU $CLIENT_CPU"
  taskset -c "$CLIENT_CPU" node scripts/bench/idle.mjs --url="$TARGET_URL" --dialect="$TARGET_DIALECT" \
    --connections="$IDLE_CONNECTIONS" --rate="$IDLE_RATE" --until=signal --max-hold=$((limit + 300)) \
    >"$OUT/$p-client.out" 2>"$OUT/$p-client.err" &
  CLIENT_PID=$!
  echo "$CLIENT_PID" >"$OUT/$p-client.pid"
  if ! wait_for_line "$OUT/$p-client.out" '^(READY|FAILED)' "$CLIENT_PID" "$limit" \
      || ! grep -q '^READY' "$OUT/$p-client.out"; then
    log "$p: the connections could not all be established:"; cat "$OUT/$p-client.out" "$OUT/$p-client.err" >&2
    return 1
  fi
  log "$p: $(grep '^READY' "$OUT/$p-client.out"); settling $IDLE_SETTLE s"
  sleep "$IDLE_SETTLE"
  if [[ $engine == socketgrid ]]; then read_memory loaded; else read_peer_memory "$p" loaded; fi

  log "$p: closing the connections"
  kill -TERM "$CLIENT_PID"
  wait "$CLIENT_PID" || log "idle client exited with status $? (see $OUT/$p-client.out)"
  CLIENT_PID=
  tail -n 1 "$OUT/$p-client.out" >"$OUT/$p-client.json"
  if [[ $engine == socketgrid ]]; then
    log "idle: waiting $IDLE_RELEASE_WAIT s before reading what was given back"
    sleep "$IDLE_RELEASE_WAIT"
    read_memory closed
  fi
  finish_target "$p"
}

# --- latency: the thesis workload ------------------------------------------------------------------------
# latency_one ENGINE: scripts/bench/latency.mjs against a fresh server (SocketGrid with the mitigation on, or a
# peer); the client reads the server's CPU over its measure window from /proc
latency_one() {
  local engine=$1 label=latency-$1 rc=0 dump=()
  [[ $LATENCY_DUMP == 1 ]] && dump=(--dump="$OUT/$label-roundtrips.csv")
  start_target "$label" true "$engine"
  log "$label: $LATENCY_CONNECTIONS connections at $LATENCY_RATE/s, pings every [0, 5 s) ($LATENCY_INTERVALS)," \
    "warm-up $LATENCY_WARMUP s once all are open, measure $LATENCY_MEASURE s, client on CPU $CLIENT_CPU"
  taskset -c "$CLIENT_CPU" node scripts/bench/latency.mjs --url="$TARGET_URL" --dialect="$TARGET_DIALECT" \
    --connections="$LATENCY_CONNECTIONS" --rate="$LATENCY_RATE" --intervals="$LATENCY_INTERVALS" \
    --warmup="$LATENCY_WARMUP" --measure="$LATENCY_MEASURE" --server-pid="$SERVER_PID" "${dump[@]}" \
    >"$OUT/$label.json" 2>"$OUT/$label.err" &
  CLIENT_PID=$!
  echo "$CLIENT_PID" >"$OUT/$label-client.pid"
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=
  awk '/^VmRSS:/ { printf "{\"rssKB\":%d}\n", $2 }' "/proc/$SERVER_PID/status" >"$OUT/$label-rss.json"
  finish_target "$label"
  if [[ $rc -ne 0 ]]; then
    log "latency client ($label) failed with status $rc:"; tail -n 5 "$OUT/$label.err" >&2; cat "$OUT/$label.json" >&2
    return 1
  fi
  log "$label: round trip ms p50 $(json_field "$OUT/$label.json" latencyMs.p50) p99 $(json_field "$OUT/$label.json" latencyMs.p99)" \
    "max $(json_field "$OUT/$label.json" latencyMs.max); server CPU $(json_field "$OUT/$label.json" serverCpuPercent) %"
}

# --- conns: connections held by a cluster -----------------------------------------------------------------
CONNS_JAR=load-generator/target/socketgrid-load.jar
CONNS_MAX_PER_PROCESS=19000   # of the 20,000 descriptors a process may open here: the rest for the JVM, Payara, Hazelcast

# conns_reading LABEL [jstat]: into $OUT/conns-LABEL.json the machine's CPU (/proc/stat), per instance its CPU
# ticks, RSS, threads and descriptors, per load process its CPU ticks, RSS and last progress figures; then
# each instance's /socketgrid/stats (conns-LABEL-nodeI-stats.json) and, with "jstat", its heap and GC counts
# (jstat -gc, no GC forced: conns-LABEL-nodeI-jstat.txt). CPU first, the slower readings after.
conns_reading() {
  local label=$1 i pid sep='' json o p f d
  json=$(printf '{"label":"%s","epochMs":%s,"clkTck":%s,"machineCpuTicks":[%s],"nodes":[' "$label" "$(date +%s%3N)" "$CLK_TCK" \
    "$(awk 'NR == 1 { for (i = 2; i <= NF; i++) printf "%s%s", $i, (i < NF ? "," : "") }' /proc/stat)")
  for ((i = 1; i <= CONNS_INSTANCES; i++)); do
    pid=$(conns_pid "$i")
    json+=$(printf '%s{"node":%d,"port":%d,"pid":%d,"cpuTicks":%s,"rssKB":%s,"threads":%s,"fds":%s}' "$sep" "$i" \
      "$(conns_port "$i")" "$pid" "$(proc_ticks "$pid")" "$(proc_field "$pid" VmRSS)" "$(proc_field "$pid" Threads)" \
      "$( (pid_running "$pid" && find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l) || echo null)")
    sep=,
  done
  json+='],"clients":['; sep=''
  for ((i = 1; i <= ${#CONNS_PIDS[@]}; i++)); do
    pid=${CONNS_PIDS[i - 1]}
    read -r o p f d < <(conns_progress "$OUT/conns-client-$i.err")
    json+=$(printf '%s{"client":%d,"pid":%d,"cpuTicks":%s,"rssKB":%s,"open":%s,"pending":%s,"failed":%s,"dropped":%s}' "$sep" "$i" \
      "$pid" "$(proc_ticks "$pid")" "$(proc_field "$pid" VmRSS)" "$o" "$p" "$f" "$d")
    sep=,
  done
  printf '%s]}\n' "$json" >"$OUT/conns-$label.json"
  for ((i = 1; i <= CONNS_INSTANCES; i++)); do
    curl -fsS --max-time 10 "http://127.0.0.1:$(conns_port "$i")/socketgrid/stats" >"$OUT/conns-$label-node$i-stats.json" 2>/dev/null \
      || echo '{}' >"$OUT/conns-$label-node$i-stats.json"
    if [[ ${2:-} == jstat ]]; then
      jstat -gc "$(conns_pid "$i")" >"$OUT/conns-$label-node$i-jstat.txt" 2>&1 || true
    fi
  done
}

# conns_preflight: the bounds of this machine, before anything starts
conns_preflight() {
  local i share avail need port
  [[ $CONNS_INSTANCES =~ ^[1-9]$ ]] || { log "conns: BENCH_CONNS_INSTANCES must be 1 to 9 (scripts/cluster.sh's slots)"; return 1; }
  [[ $CONNS_TOTAL =~ ^[0-9]+$ && $CONNS_TOTAL -ge $CONNS_INSTANCES ]] || { log "conns: BENCH_CONNS_TOTAL must be a number >= the instances"; return 1; }
  [[ $CONNS_RATE =~ ^[0-9]+$ && $CONNS_RATE -ge 1 && $CONNS_HOLD =~ ^[0-9]+$ && $CONNS_HOLD -ge 1 ]] \
    || { log "conns: BENCH_CONNS_RATE and BENCH_CONNS_HOLD must be whole numbers >= 1"; return 1; }
  share=$(conns_share 1)
  if ((share > CONNS_MAX_PER_PROCESS)); then
    log "conns: $share connections per instance and load process: more than $CONNS_MAX_PER_PROCESS of the 20,000 descriptors" \
      "one process may open here; use more instances (BENCH_CONNS_INSTANCES) or fewer connections"
    return 1
  fi
  [[ $(ulimit -n) -ge $((share + 500)) ]] || { log "conns: ulimit -n is $(ulimit -n), too few for $share sockets per process"; return 1; }
  # ~50 KB per socket in the server and ~25 KB in the client (measured), ~600 MB per instance and ~150 MB per
  # load process to start with: refuse rather than push a shared machine into the OOM killer
  avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
  need=$((CONNS_TOTAL * 75 / 1024 + CONNS_INSTANCES * 750))
  if ((need > avail * 85 / 100)); then
    log "conns: needs about $need MB, only $avail MB are available (85 % of it may be used)"; return 1
  fi
  echo "conns: ~$need MB expected, $avail MB available at the start" >>"$OUT/environment.txt"
  for ((i = 0; i <= CONNS_INSTANCES; i++)); do
    port=$((CONNS_HTTP_BASE - 1 + i))
    if curl -s -o /dev/null --max-time 3 "http://127.0.0.1:$port/" 2>/dev/null; then
      log "conns: something already answers on port $port; stop it or set BENCH_CONNS_HTTP_BASE"; return 1
    fi
  done
  for ((i = 1; i <= 9; i++)); do
    if [[ -f $CONNS_DIR/node$i/payara.pid ]] && pid_running "$(cat "$CONNS_DIR/node$i/payara.pid")"; then
      log "conns: an earlier cluster still runs in $CONNS_DIR (node$i); stop it with" \
        "SOCKETGRID_CLUSTER_DIR=$CONNS_DIR SOCKETGRID_LB_PORT=$((CONNS_HTTP_BASE - 1)) scripts/cluster.sh down"
      return 1
    fi
  done
  if [[ ! -f $CONNS_JAR || -n "$(find load-generator/src load-generator/pom.xml java-client/src -newer "$CONNS_JAR" -print -quit)" ]]; then
    log "conns: building the load generator (offline), it is missing or older than its sources"
    mvn -B -q -o -DskipTests -pl load-generator -am package
  fi
}

# conns_client I N RATE SECONDS NAME [idle options...]: load process I (java, in the background, PID appended to
# CONNS_PIDS) holding N idle connections to instance I from its own source addresses
conns_client() {
  local i=$1 n=$2 rate=$3 seconds=$4 name=$5
  shift 5
  # shellcheck disable=SC2086
  java $CONNS_CLIENT_JAVA_OPTS -jar "$CONNS_JAR" idle -n "$n" --rate "$rate" --duration "${seconds}s" \
    --url "ws://127.0.0.1:$(conns_port "$i")/socketcluster/" --source-addresses "$(conns_sources "$i")" \
    --server-pid "$(conns_pid "$i")" --max-connections "$n" --label "$name node$i" --out "$OUT/$name-client-$i" "$@" \
    >"$OUT/$name-client-$i.json" 2>"$OUT/$name-client-$i.err" &
  CONNS_PIDS+=($!)
}

conns_run() {
  local i pid seconds t0 now deadline hold_start='' hold_end='' all_open alive o p f d so sp sf sd last_log=0 max_share
  local open_ms=''
  conns_preflight
  {
    echo "conns: $CONNS_TOTAL connections over $CONNS_INSTANCES instances, $CONNS_RATE/s per load process, hold $CONNS_HOLD s" \
      "(open slack $CONNS_OPEN_SLACK s), warm-up $CONNS_WARMUP_CONNECTIONS per instance"
    echo "conns: instances JAVA_OPTS=$CONNS_JAVA_OPTS; load processes $CONNS_CLIENT_JAVA_OPTS (Netty, 1 I/O thread); no CPU pinning"
  } >>"$OUT/environment.txt"
  conns_start_cluster

  if ((CONNS_WARMUP_CONNECTIONS > 0)); then
    log "conns: warm-up, $CONNS_WARMUP_CONNECTIONS connections per instance opened, held ~3 s and closed"
    for ((i = 1; i <= CONNS_INSTANCES; i++)); do
      conns_client "$i" "$CONNS_WARMUP_CONNECTIONS" 100 $((CONNS_WARMUP_CONNECTIONS / 100 + 3)) conns-warmup --drain 1s --quiet
    done
    for pid in "${CONNS_PIDS[@]}"; do wait "$pid" || log "conns: a warm-up client exited with status $? (see $OUT/conns-warmup-client-*.err)"; done
    CONNS_PIDS=()
  fi
  # what the idle cluster costs by itself (Hazelcast, the per-second metrics, the unused balancer's health checks)
  sleep 3
  conns_reading idle-start
  sleep 10
  conns_reading baseline jstat

  max_share=$(conns_share 1)
  # the load processes' own bound: the opening at the asked rate, the slack, the hold and a margin; they are
  # stopped (SIGTERM: they close and report) as soon as the hold is over
  seconds=$(((max_share + CONNS_RATE - 1) / CONNS_RATE + CONNS_OPEN_SLACK + CONNS_HOLD + 30))
  log "conns: $CONNS_INSTANCES load processes, $(conns_share "$CONNS_INSTANCES")-$max_share connections each at $CONNS_RATE/s" \
    "(opening may take up to $((seconds - CONNS_HOLD - 30)) s), then a hold of $CONNS_HOLD s"
  t0=$(date +%s%3N)
  for ((i = 1; i <= CONNS_INSTANCES; i++)); do
    conns_client "$i" "$(conns_share "$i")" "$CONNS_RATE" "$seconds" conns --drain 2s --max-pending 100
  done
  # the opening's budget: past it without every connection open, the reading is taken as it stands (the
  # connections still open) and the run reported as not held
  deadline=$((t0 + (seconds - CONNS_HOLD - 30) * 1000))
  while :; do
    now=$(date +%s%3N)
    all_open=1 alive=0 so=0 sp=0 sf=0 sd=0
    for ((i = 1; i <= CONNS_INSTANCES; i++)); do
      read -r o p f d < <(conns_progress "$OUT/conns-client-$i.err")
      so=$((so + o)) sp=$((sp + p)) sf=$((sf + f)) sd=$((sd + d))
      ((p == 0 && o + f + d >= $(conns_share "$i"))) || all_open=0
      pid_running "${CONNS_PIDS[i - 1]}" && alive=$((alive + 1))
    done
    if [[ -z $hold_start && $all_open == 1 ]]; then
      hold_start=$now open_ms=$((now - t0))
      log "conns: all opened in $((open_ms / 1000)) s: $so open, $sf failed, $sd dropped; holding $CONNS_HOLD s"
      conns_reading hold-start
    elif [[ -n $hold_start ]] && ((now - hold_start >= CONNS_HOLD * 1000)); then
      hold_end=$now
      conns_reading hold-end jstat
      log "conns: held $(((hold_end - hold_start) / 1000)) s: $so open, $sf failed, $sd dropped (whole run so far)"
      break
    fi
    if ((alive < CONNS_INSTANCES)); then
      log "conns: $((CONNS_INSTANCES - alive)) load process(es) ended before the hold was over"; break
    fi
    if [[ -z $hold_start ]] && ((now > deadline)); then
      log "conns: the opening did not finish within its $((seconds - CONNS_HOLD - 30)) s: $so open, $sp pending, $sf failed," \
        "$sd dropped; reading the cluster as it stands"
      break
    fi
    if ((now - last_log >= 5000)); then
      log "conns: $((( now - t0) / 1000)) s: $so open, $sp pending, $sf failed, $sd dropped$([[ -n $hold_start ]] && echo ", holding")"
      last_log=$now
    fi
    sleep 1
  done
  [[ -n $hold_end ]] || conns_reading hold-end jstat
  printf '{"startEpochMs":%s,"openMs":%s,"holdStartEpochMs":%s,"holdEndEpochMs":%s,"holdAskedSeconds":%s,"clientSeconds":%s,' \
    "$t0" "${open_ms:-null}" "${hold_start:-null}" "${hold_end:-null}" "$CONNS_HOLD" "$seconds" >"$OUT/conns-run.json"
  printf '"total":%s,"instances":%s,"ratePerProcess":%s,"javaOpts":"%s","clientJavaOpts":"%s","shares":[%s],"sources":[%s]}\n' \
    "$CONNS_TOTAL" "$CONNS_INSTANCES" "$CONNS_RATE" "$CONNS_JAVA_OPTS" "$CONNS_CLIENT_JAVA_OPTS" \
    "$(for ((i = 1; i <= CONNS_INSTANCES; i++)); do printf '%s%s' "$([[ $i -gt 1 ]] && echo ,)" "$(conns_share "$i")"; done)" \
    "$(for ((i = 1; i <= CONNS_INSTANCES; i++)); do printf '%s"%s"' "$([[ $i -gt 1 ]] && echo ,)" "$(conns_sources "$i")"; done)" \
    >>"$OUT/conns-run.json"

  # SIGTERM ends a load process's run at once: it closes its connections, writes its report and exits (143)
  log "conns: stopping the load processes (they close their connections and report)"
  for pid in "${CONNS_PIDS[@]}"; do pid_running "$pid" && kill -TERM "$pid" 2>/dev/null || true; done
  # up to 90 s: closing ~17,000 connections per process on a busy machine took up to 16 s, and each process
  # holds itself up to 60 s past its close bound to write its report
  for _ in $(seq 1 90); do
    alive=0
    for pid in "${CONNS_PIDS[@]}"; do pid_running "$pid" && alive=$((alive + 1)); done
    ((alive == 0)) && break
    sleep 1
  done
  conns_stop_clients_after_wait
  sleep 2
  for ((i = 1; i <= CONNS_INSTANCES; i++)); do
    curl -fsS --max-time 10 "http://127.0.0.1:$(conns_port "$i")/socketgrid/stats" >"$OUT/conns-end-node$i-stats.json" 2>/dev/null \
      || echo '{}' >"$OUT/conns-end-node$i-stats.json"
  done
  conns_cluster down >>"$OUT/conns-cluster-start.txt" 2>&1 || true
  CONNS_UP=
  for ((i = 1; i <= CONNS_INSTANCES; i++)); do cp "$CONNS_DIR/node$i/payara.log" "$OUT/conns-node$i-payara.log" 2>/dev/null || true; done
  # a hold that did not complete is a result too (the summary says NOT HELD and why), not a failed measurement
  [[ -n $hold_end ]] || log "conns: the hold did not complete (see $OUT)"
}

# conns_stop_clients_after_wait: the exit status of each load process into conns-client-I.status; any still
# running (past its bound) is stopped by its PID
conns_stop_clients_after_wait() {
  local i pid rc
  for ((i = 1; i <= ${#CONNS_PIDS[@]}; i++)); do
    pid=${CONNS_PIDS[i - 1]}
    if pid_running "$pid"; then
      log "conns: load process $i (PID $pid) overran its bound; stopping it"
      kill "$pid" 2>/dev/null || true
    fi
    rc=0; wait "$pid" 2>/dev/null || rc=$?
    echo "$rc" >"$OUT/conns-client-$i.status"
  done
  CONNS_PIDS=()
}

# --- security: middleware cost and stalled subscribers ---------------------------------------------------
ALLOW_ALL_LOG_LINE='SocketGrid bench: allow-all middleware registered'

# freeze_war COPY: the WAR under test copied to COPY (so that a build during the run cannot change it), built
# offline first when missing or older than its sources
freeze_war() {
  local war=webapp/target/socketgrid.war
  if [[ ! -f $war || -n "$(find pom.xml server-module webapp/pom.xml webapp/src -newer "$war" -not -path '*/target/*' -print -quit)" ]]; then
    log "building the WAR (offline), it is missing or older than its sources"
    mvn -B -q -o -DskipTests -pl webapp -am package
  fi
  cp "$war" "$1"
  echo "WAR under test: $(sha256sum "$1" | cut -c1-16) (copy of $war, $(date -r "$war" -Is))" >>"$OUT/environment.txt"
}

# metrics_floods: socketgrid.metrics off / on alternately, METRICS_ROUNDS pairs, each on a fresh server
metrics_floods() {
  local i variant
  freeze_war "$OUT/socketgrid.war"
  for ((i = 1; i <= METRICS_ROUNDS; i++)); do
    for variant in off on; do
      SOCKETGRID_METRICS=$([[ $variant == on ]] && echo true || echo false) SERVER_WAR=$(pwd)/$OUT/socketgrid.war \
        flood_one "metrics-$variant-$i" true
      # the configuration the node logged at start says which it was
      grep -q "metrics=$([[ $variant == on ]] && echo true || echo false)," "$OUT/server-metrics-$variant-$i.log" \
        || { log "metrics-$variant-$i: the server's logged configuration does not say metrics=$variant"; return 1; }
    done
  done
}

# ab_floods: the WAR of BENCH_BASELINE_REV ("before") and the WAR under test ("after"), AB_ROUNDS pairs of
# floods, the order swapped every round so that a slow spell of the machine hits both; each on a fresh server
# started by the same scripts/run.sh (so only the WARs differ, not the JVM options or the pre-boot commands)
ab_floods() {
  local i variant order
  [[ -n $BASELINE_REV ]] || { log "ab needs BENCH_BASELINE_REV=<git revision> (the 'before')"; return 1; }
  build_baseline
  freeze_war "$OUT/socketgrid.war"
  for ((i = 1; i <= AB_ROUNDS; i++)); do
    order=$( (( i % 2 )) && echo "before after" || echo "after before")
    for variant in $order; do
      SERVER_WAR=$([[ $variant == before ]] && echo "$BASELINE_WAR" || echo "$(pwd)/$OUT/socketgrid.war") \
        flood_one "ab-$variant-$i" true
    done
  done
}

# security_wars: freeze the WAR under test (so that a build during the run cannot change it) and build the
# allow-all variant from that same copy: $OUT/socketgrid-none.war and $OUT/socketgrid-allow-all.war
security_wars() {
  local work=$OUT/allow-all-build api discovery
  freeze_war "$OUT/socketgrid-none.war"
  # the webapp's beans.xml must discover an @ApplicationScoped class in WEB-INF/classes
  discovery=$(unzip -p "$OUT/socketgrid-none.war" WEB-INF/beans.xml 2>/dev/null | grep -o 'bean-discovery-mode="[a-z]*"' || true)
  if [[ $discovery != 'bean-discovery-mode="annotated"' && $discovery != 'bean-discovery-mode="all"' ]]; then
    log "WEB-INF/beans.xml of the WAR does not discover annotated beans ($discovery); the allow-all bean would not run"
    return 1
  fi
  api=$HOME/.m2/repository/jakarta/platform/jakarta.jakartaee-web-api/$(mvn_property jakartaee.version)
  api=$api/jakarta.jakartaee-web-api-$(mvn_property jakartaee.version).jar
  [[ -f $api ]] || { log "missing $api (run a Maven build once)"; return 1; }
  rm -rf "$work"; mkdir -p "$work/lib" "$work/classes"
  # compiled against the socketgrid-server jar inside the WAR under test, so that the two always match
  unzip -q -j "$OUT/socketgrid-none.war" 'WEB-INF/lib/socketgrid-server-*.jar' -d "$work/lib"
  javac --release 17 -nowarn -d "$work/classes" -cp "$work/lib/*:$api" server-module/src/test/java/io/socketgrid/bench/AllowAllMiddleware.java
  cp "$OUT/socketgrid-none.war" "$OUT/socketgrid-allow-all.war"
  mkdir -p "$work/war/WEB-INF"
  cp -r "$work/classes" "$work/war/WEB-INF/"
  (cd "$work/war" && jar uf "$OLDPWD/$OUT/socketgrid-allow-all.war" WEB-INF/classes/io/socketgrid/bench)
  unzip -l "$OUT/socketgrid-allow-all.war" | grep -q 'WEB-INF/classes/io/socketgrid/bench/AllowAllMiddleware.class'
  echo "bean discovery of the WAR: $discovery" >>"$OUT/environment.txt"
  log "WARs ready: $OUT/socketgrid-none.war and $OUT/socketgrid-allow-all.war (+ $(unzip -l "$OUT/socketgrid-allow-all.war" | grep -c "io/socketgrid/bench/.*\.class") classes)"
}

mvn_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -n 1; }

# middleware_floods: none / allow-all alternately, MW_ROUNDS pairs, each on a fresh server
middleware_floods() {
  local i label variant
  for ((i = 1; i <= MW_ROUNDS; i++)); do
    for variant in none allow-all; do
      label=mw-$variant-$i
      SERVER_WAR=$(pwd)/$OUT/socketgrid-$variant.war flood_one "$label" true
      if grep -q "$ALLOW_ALL_LOG_LINE" "$OUT/server-$label.log"; then
        [[ $variant == allow-all ]] || { log "$label: the allow-all middleware ran in the 'none' server"; return 1; }
      else
        [[ $variant == none ]] || { log "$label: the allow-all middleware was not registered (see $OUT/server-$label.log)"; return 1; }
      fi
    done
  done
}

# stalled_one LABEL STALLED SECONDS: one round of scripts/bench/stalled.mjs against the running server
stalled_one() {
  local label=$1 stalled=$2 seconds=$3 rc=0 t0 t1 c0 c1
  log "stalled ($label): $STALLED_SUBSCRIBERS subscribers, $stalled stalled, $STALLED_RATE publishes/s for $seconds s" \
    "(+ $STALLED_FILL_RATE B/s to the stalled-only channel), client on CPU $CLIENT_CPU"
  curl -fsS "$STATS_URL" >"$OUT/stalled-$label-stats-before.json"
  t0=$(date +%s.%N); c0=$(cpu_ticks "$SERVER_PID")
  taskset -c "$CLIENT_CPU" node scripts/bench/stalled.mjs --url="$WS_URL" --subscribers="$STALLED_SUBSCRIBERS" \
    --stalled="$stalled" --rate="$STALLED_RATE" --seconds="$seconds" --fill-rate="$STALLED_FILL_RATE" \
    --fill-readers="$((stalled == 0 ? STALLED : 0))" \
    >"$OUT/stalled-$label.json" 2>"$OUT/stalled-$label.err" &
  CLIENT_PID=$!
  echo "$CLIENT_PID" >"$OUT/stalled-$label-client.pid"
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=
  t1=$(date +%s.%N); c1=$(cpu_ticks "$SERVER_PID")
  awk -v c="$((c1 - c0))" -v hz="$CLK_TCK" -v t0="$t0" -v t1="$t1" \
    'BEGIN { printf "{\"serverCpuPercent\":%.1f}\n", 100 * c / hz / (t1 - t0) }' >"$OUT/stalled-$label-cpu.json"
  # the server closes sockets after the client's report too (heartbeat timeouts): let them settle
  sleep 3
  curl -fsS "$STATS_URL" >"$OUT/stalled-$label-stats-after.json"
  if [[ $rc -ne 0 ]]; then
    log "stalled client ($label) failed with status $rc:"; tail -n 5 "$OUT/stalled-$label.err" >&2; cat "$OUT/stalled-$label.json" >&2
    return 1
  fi
  log "stalled ($label): $(json_field "$OUT/stalled-$label.json" deliveries)/$(json_field "$OUT/stalled-$label.json" expectedDeliveries)" \
    "delivered, delay ms p50 $(json_field "$OUT/stalled-$label.json" delayMs.p50) p99 $(json_field "$OUT/stalled-$label.json" delayMs.p99)," \
    "stalled closed $(json_field "$OUT/stalled-$label.json" stalledCloseCodes), healthy closed $(json_field "$OUT/stalled-$label.json" healthyClosed)"
}

stalled_runs() {
  local i
  ((STALLED_ROUNDS > 0)) || return 0 # BENCH_STALLED_ROUNDS=0: the floods and the engine-only figure only
  SERVER_WAR=$(pwd)/$OUT/socketgrid-none.war start_server stalled true
  taskset -c "$CLIENT_CPU" jcmd "$SERVER_PID" VM.flags >"$OUT/stalled-vm-flags.txt"
  stalled_one warmup 0 "$STALLED_WARMUP"
  for ((i = 1; i <= STALLED_ROUNDS; i++)); do
    stalled_one "s0-$i" 0 "$STALLED_SECONDS"
    stalled_one "s$STALLED-$i" "$STALLED" "$STALLED_SECONDS"
  done
  finish_server stalled
}

# --- run -----------------------------------------------------------------------------------------------
{
  echo "date: $(date -Is)"
  echo "host: $(uname -srm), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ { printf "%d MB", $2 / 1024 }' /proc/meminfo)"
  echo "java: $(java -version 2>&1 | head -n 1)"
  echo "node: $(node --version), ws $(node -p 'require("./scripts/bench/node_modules/ws/package.json").version')"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (work tree has uncommitted changes)')"
  if [[ $MODE == conns ]]; then
    echo "servers: a cluster of $CONNS_INSTANCES, JAVA_OPTS=$CONNS_JAVA_OPTS, not pinned (conns lines below)"
  else
    echo "server: JAVA_OPTS=$SERVER_JAVA_OPTS, SOCKETGRID_JIT_NICE ${SOCKETGRID_JIT_NICE:-unset, the run.sh default}, CPU $SERVER_CPU; client CPU $CLIENT_CPU"
  fi
  echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine shows here)"
  if [[ $PEERS == 1 ]]; then
    echo "peers: socketcluster-server $(node -p 'require("./scripts/bench/peers/node_modules/socketcluster-server/package.json").version')," \
      "socket.io $(node -p 'require("./scripts/bench/peers/node_modules/socket.io/package.json").version')" \
      "(engine.io $(node -p 'require("./scripts/bench/peers/node_modules/engine.io/package.json").version'))," \
      "their ws and the bare reference's $(node -p 'require("./scripts/bench/peers/node_modules/ws/package.json").version'); node --expose-gc, CPU $SERVER_CPU, port $PEER_PORT"
  fi
} >"$OUT/environment.txt"

# engine_cost: the engine's own cost per thesis ping in two set-ups (middleware: none / allow-all; metrics:
# counters off / on with a sampler), in one JVM pinned to the server's core (io.socketgrid.bench.EngineCost in
# server-module's test classes): no container, so the difference is not hidden in Tyrus/Grizzly noise.
engine_cost() { # COMPARISON(middleware|metrics) OUTPUT-NAME
  log "engine alone: pings/s, $1 A/B (30 alternating rounds of 1 s after 30 s)"
  mvn -B -q -o -pl server-module test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$(pwd)/$OUT/server-module-classpath.txt" >/dev/null
  taskset -c "$SERVER_CPU" java -Xmx512m \
    -cp "server-module/target/test-classes:server-module/target/classes:$(cat "$OUT/server-module-classpath.txt")" \
    io.socketgrid.bench.EngineCost "$1" 30 1 30 2>/dev/null | tee "$OUT/$2.txt"
}

if [[ $MODE == flood || $MODE == all ]]; then
  if [[ -n $BASELINE_REV ]]; then
    build_baseline
    SERVER_WAR=$BASELINE_WAR flood_one baseline true
  fi
  flood_one on true
  if [[ $PEERS == 1 ]]; then
    for engine in "${PEER_ENGINES[@]}"; do flood_one "$engine" true "$engine"; done
  fi
  flood_one off false
fi
if [[ $MODE == latency ]]; then
  echo "latency: $LATENCY_CONNECTIONS connections at $LATENCY_RATE/s, intervals $LATENCY_INTERVALS in [0, 5 s)," \
    "warm-up $LATENCY_WARMUP s, measure $LATENCY_MEASURE s" >>"$OUT/environment.txt"
  latency_one socketgrid
  if [[ $PEERS == 1 ]]; then
    for engine in "${PEER_ENGINES[@]}"; do latency_one "$engine"; done
  fi
fi
if [[ $MODE == conns ]]; then
  conns_run
fi
if [[ $MODE == files ]]; then
  files_run
fi
if [[ $MODE == security ]]; then
  echo "security: middleware floods ${MW_ROUNDS}x none/allow-all ($CONNECTIONS connections, warm-up $WARMUP s, measure $MEASURE s);" \
    "stalled: $STALLED_SUBSCRIBERS subscribers, $STALLED stalled, $STALLED_RATE/s for $STALLED_SECONDS s, fill $STALLED_FILL_RATE B/s," \
    "$STALLED_ROUNDS rounds after a ${STALLED_WARMUP} s warm-up" >>"$OUT/environment.txt"
  security_wars
  stalled_runs
  middleware_floods
  engine_cost middleware interception
fi
if [[ $MODE == ab ]]; then
  echo "ab: ${AB_ROUNDS}x before ($BASELINE_REV) / after floods ($CONNECTIONS connections, warm-up $WARMUP s, measure $MEASURE s)" >>"$OUT/environment.txt"
  ab_floods
fi
if [[ $MODE == metrics ]]; then
  echo "metrics: ${METRICS_ROUNDS}x off/on floods ($CONNECTIONS connections, warm-up $WARMUP s, measure $MEASURE s)" >>"$OUT/environment.txt"
  metrics_floods
  engine_cost metrics metrics-engine
fi
if [[ $MODE == idle || $MODE == all ]]; then
  idle_run
  if [[ $PEERS == 1 ]]; then
    for engine in "${PEER_ENGINES[@]}"; do idle_run "$engine"; done
  fi
fi

# --- report --------------------------------------------------------------------------------------------
node - "$OUT" "$IDLE_CONNECTIONS" "$IDLE_RELEASE_WAIT" "${SOCKETGRID_PING_INTERVAL:-8s}" <<'EOF' | tee "$OUT/summary.txt"
const fs = require('fs');
const path = require('path');
const [out, idleN] = [process.argv[2], Number(process.argv[3])];
const read = (name) => { try { return JSON.parse(fs.readFileSync(path.join(out, name), 'utf8')); } catch { return null; } };
const text = (name) => { try { return fs.readFileSync(path.join(out, name), 'utf8'); } catch { return ''; } };
const results = { environment: text('environment.txt').trim().split('\n') };
// what the server said about itself at start (which broker it chose), from the first server log kept
const serverLog = ['on', 'off', 'idle', 'files'].map((l) => text(`server-${l}.log`)).find((t) => t) || '';
const broker = (serverLog.match(/SocketGrid (?:broker|clusters|runs)\b[^\n\r]*/g) || []).find((l) => !/SocketGridConfig/.test(l));
if (broker) results.environment.push('server said: ' + broker.trim());
const lines = ['', '=== SocketGrid benchmark ' + out + ' ===', ...results.environment.map((l) => '  ' + l)];

// the servers of a run: SocketGrid's variants and the peers (scripts/bench/peers), by the label of their files
const SERVER_NAMES = { baseline: 'SocketGrid baseline', on: 'SocketGrid', off: 'SocketGrid mitigation off',
  socketcluster: 'socketcluster-server', socketio: 'socket.io', ws: 'bare ws (reference)' };
const PEER_LABELS = ['socketcluster', 'socketio', 'ws'];
const ratio = (a, b) => (a > 0 && b > 0 ? Math.round(100 * a / b) / 100 : null);
// seconds from the first connection to the end of the first 5 s interval at >= 90 % of the measured rate
const secondsTo90Percent = (r) => {
  const i = (r.pongsPerSecEvery5s || []).findIndex((v) => v >= 0.9 * r.pongsPerSec);
  return i < 0 || r.handshakeMs == null ? null : Math.round(r.handshakeMs / 100 + 50 * (i + 1)) / 10;
};
const flood = {};
for (const label of ['baseline', 'on', ...PEER_LABELS, 'off']) {
  const r = read(`flood-${label}.json`);
  if (!r) continue;
  const start = read(`server-${label}-stats-start.json`) || {};
  const end = read(`server-${label}-stats-end.json`) || {};
  const cpu = read(`flood-${label}-cpu.json`) || {};
  flood[label] = {
    server: SERVER_NAMES[label], tyrusSchedulerPatch: start.tyrusSchedulerPatch,
    pongsPerSec: r.pongsPerSec, latencyMs: r.latencyMs, connections: r.connections,
    secondsTo90Percent: secondsTo90Percent(r), handshakeMs: r.handshakeMs,
    warmupSeconds: r.warmupSeconds, measureSeconds: r.measureSeconds, pongsPerSecEvery5s: r.pongsPerSecEvery5s,
    errors: r.errors, closes: r.closes, closeCodes: r.closeCodes, unexpected: r.unexpected,
    clientCpuPercent: r.clientCpuPercent, serverCpuPercent: cpu.serverCpuPercent,
    serverHandlerFailures: end.engine?.handlerFailures, serverCloseCodes: end.engine?.closeCodes,
    serverSlowConsumersClosed: end.engine?.slowConsumersClosed,
  };
}
if (Object.keys(flood).length) {
  results.flood = flood;
  lines.push('', 'FLOOD (thesis ping -> pong, closed loop, one ping outstanding per connection; server CPU 0, client CPU 1)');
  for (const [label, f] of Object.entries(flood)) {
    const name = PEER_LABELS.includes(label) ? f.server : `mitigation ${label} (${f.tyrusSchedulerPatch})`;
    lines.push(`  ${name.padEnd(24)}: ${String(f.pongsPerSec).padStart(7)} pongs/s` +
      `  latency ms p50 ${f.latencyMs.p50}  p90 ${f.latencyMs.p90}  p99 ${f.latencyMs.p99}  max ${f.latencyMs.max}`);
    lines.push(`      ${f.connections} connections, warm-up ${f.warmupSeconds} s, measured ${f.measureSeconds} s; ` +
      `errors ${f.errors}, closes ${f.closes}, unexpected frames ${f.unexpected}; ` +
      `client CPU ${f.clientCpuPercent} %, server CPU ${f.serverCpuPercent} % of one core`);
    lines.push(`      pongs/s every 5 s (warm-up, then measure): ${(f.pongsPerSecEvery5s || []).join(' ')}` +
      `; >= 90 % of the measured rate ${f.secondsTo90Percent ?? '-'} s after the first connection`);
  }
  if (flood.on && flood.off && flood.off.pongsPerSec > 0) {
    flood.ratio = Math.round(100 * flood.on.pongsPerSec / flood.off.pongsPerSec) / 100;
    flood.p99Ratio = Math.round(100 * flood.off.latencyMs.p99 / flood.on.latencyMs.p99) / 100;
    lines.push(`  ratio on/off: ${flood.ratio}x throughput; p99 off/on: ${flood.p99Ratio}x`);
  }
  if (flood.on && flood.baseline && flood.baseline.pongsPerSec > 0) {
    flood.currentVsBaseline = Math.round(100 * flood.on.pongsPerSec / flood.baseline.pongsPerSec) / 100;
    lines.push(`  current/baseline (both mitigation on): ${flood.currentVsBaseline}x throughput`);
  }
  if (flood.on) {
    flood.vsPeers = {};
    for (const peer of PEER_LABELS.filter((l) => flood[l])) {
      const v = flood.vsPeers[peer] = { throughput: ratio(flood.on.pongsPerSec, flood[peer].pongsPerSec),
        p99: ratio(flood.on.latencyMs.p99, flood[peer].latencyMs.p99) };
      lines.push(`  SocketGrid / ${flood[peer].server}: ${v.throughput}x throughput, ${v.p99}x p99 round trip`);
    }
  }
}

// --- latency: the thesis workload, SocketGrid and the peers ---
const latency = {};
for (const label of ['on', ...PEER_LABELS]) {
  const r = read(`latency-${label === 'on' ? 'socketgrid' : label}.json`);
  if (r) latency[label] = { server: SERVER_NAMES[label], ...r, serverRssKB: read(`latency-${label === 'on' ? 'socketgrid' : label}-rss.json`)?.rssKB };
}
if (Object.keys(latency).length) {
  results.latency = latency;
  const any = Object.values(latency)[0];
  lines.push('', `LATENCY (thesis workload: ${any.connections} connections opened at ${any.openRatePerSec}/s, each pinging every` +
    ` [0, ${any.intervalMaxSeconds} s) (${any.intervals}, seed ${any.seed}); round trips of the pings sent in ${any.measureSeconds} s` +
    ` after a ${any.warmupSeconds} s warm-up; server CPU 0, client CPU 1)`);
  for (const [label, l] of Object.entries(latency)) {
    const d = l.latencyMs;
    lines.push(`  ${l.server.padEnd(21)}: p50 ${d.p50}  p90 ${d.p90}  p99 ${d.p99}  max ${d.max} ms  (${d.samples} round trips,` +
      ` ${l.pingsPerSec} pings/s, lost ${l.lost}); server CPU ${l.serverCpuPercent} %, RSS ${Math.round((l.serverRssKB || 0) / 1024)} MB`);
    lines.push(`      opened in ${l.secondsToOpen} s; errors ${l.errors}, closes ${l.closes}, unexpected ${l.unexpected}; client CPU ${l.clientCpuPercent} %`);
    lines.push(`      worst round trip per 5 s (ms): ${(l.maxMsEvery5s || []).map((v) => (v === null ? '-' : v.toFixed(1))).join(' ')}`);
  }
  if (latency.on) {
    latency.vsPeers = {};
    for (const peer of PEER_LABELS.filter((l) => latency[l])) {
      const v = latency.vsPeers[peer] = { p50: ratio(latency.on.latencyMs.p50, latency[peer].latencyMs.p50),
        p99: ratio(latency.on.latencyMs.p99, latency[peer].latencyMs.p99), max: ratio(latency.on.latencyMs.max, latency[peer].latencyMs.max),
        serverCpu: ratio(latency.on.serverCpuPercent, latency[peer].serverCpuPercent) };
      lines.push(`  SocketGrid / ${latency[peer].server}: p50 ${v.p50}x, p99 ${v.p99}x, max ${v.max}x, server CPU ${v.serverCpu}x (lower is better)`);
    }
  }
}

const files = read('files.json');
if (files) {
  const kb = (name) => Number(text(name).trim());
  const samples = text('files-heap-samples.txt').trim().split('\n').map(Number).filter((n) => n > 0);
  const maxHeap = Number((text('files-vm-flags.txt').match(/-XX:MaxHeapSize=(\d+)/) || [])[1]);
  results.files = { ...files, heap: { liveBeforeMB: Math.round(kb('files-before-heap.txt') / 1024),
    liveAfterMB: Math.round(kb('files-after-heap.txt') / 1024), peakUsedMB: Math.round(Math.max(...samples) / 1024),
    samples: samples.length, maxHeapMB: Math.round(maxHeap / 1048576) } };
  const h = results.files.heap;
  lines.push('', 'FILES (MiB/s, median of the runs; server CPU 0, client CPU 1; upload = offer..verified, download = fetch..last chunk)');
  const disk = read('files-disk.json');
  if (disk) {
    results.files.disk = disk;
    lines.push(`  this machine, dd writing a new 1 GiB file on the server's CPU: through the page cache ${disk.pageCacheMiBps}, ` +
      `direct ${disk.directMiBps} (SOCKETGRID_FILE_DIRECT_WRITES: ${disk.fileDirectWrites})`);
  }
  if (files.warmup?.length) {
    const firstLast = (way) => `${files.warmup[0][way]} .. ${files.warmup.at(-1)[way]}`;
    lines.push(`  warm-up, ${files.warmup.length} rounds of 100 MiB (first .. last, not counted): upload (frames) ${firstLast('upload')}  ` +
      `upload (HTTP carrier) ${firstLast('uploadOverHttp')}  download ${firstLast('download')}  plain HTTP ${firstLast('http')}`);
  }
  for (const r of files.results) {
    lines.push(`  ${String(r.sizeMiB).padStart(5)} MiB x${r.runs}: upload (frames) ${r.uploadMiBps}  upload (HTTP carrier) ` +
      `${r.uploadOverHttpMiBps}  download ${r.downloadMiBps}  plain HTTP download ${r.httpMiBps}`);
    lines.push(`        / plain HTTP download: upload (frames) ${r.uploadVsHttp}  upload (HTTP carrier) ${r.uploadOverHttpVsHttp}  download ${r.downloadVsHttp}`);
  }
  lines.push(`  heap: live ${h.liveBeforeMB} MB before, ${h.liveAfterMB} MB after (full GC); peak used ${h.peakUsedMB} MB of ` +
    `${h.maxHeapMB} MB max (${h.samples} samples, 0.5 s apart)`);
}

const base = read('idle-baseline.json'), loaded = read('idle-loaded.json'), closed = read('idle-closed.json');
if (base && loaded) {
  const client = read('idle-client.json') || {};
  const flags = text('idle-vm-flags.txt');
  const info = text('idle-vm-info.txt');
  const gc = (flags.match(/-XX:\+Use(\w+)GC\b/) || [])[1];
  const flag = (name) => Number((flags.match(new RegExp(`-XX:${name}=(\\d+)`)) || [])[1]);
  const heapInfo = text('idle-loaded-heap-info.txt').split('\n')
    .filter((l) => /generation|Metaspace|region size|garbage-first|ZHeap|Shenandoah/i.test(l))
    .map((l) => l.replace(/\s*\[0x.*$/, '').replace(/\s+/g, ' ').trim());
  const n = loaded.serverConnections || idleN;
  const kb = (a, b, unitBytes) => Math.round(10 * (b - a) * unitBytes / 1024 / n) / 10;
  const top = histogramGrowth(text('idle-baseline-histogram.txt'), text('idle-loaded-histogram.txt'), n);
  const own = histogramGrowth(text('idle-baseline-histogram.txt'), text('idle-loaded-histogram.txt'), n, /^io\.socketgrid\./);
  const left = histogramGrowth(text('idle-baseline-histogram.txt'), text('idle-closed-histogram.txt'), n);
  results.idle = {
    connections: idleN, serverConnections: loaded.serverConnections, clientEstablished: client.established,
    rssKBPerConnection: kb(base.rssKB, loaded.rssKB, 1024),
    liveHeapKBPerConnection: kb(base.liveHeapBytes, loaded.liveHeapBytes, 1),
    liveHeapKBLeftPerClosedConnection: closed ? kb(base.liveHeapBytes, closed.liveHeapBytes, 1) : undefined,
    baseline: base, loaded, closed,
    gc: gc ? gc + 'GC' : 'unknown', initialHeapMB: flag('InitialHeapSize') / 1048576, maxHeapMB: flag('MaxHeapSize') / 1048576,
    jvm: (info.match(/^# Java VM: .*$/m) || [''])[0].replace('# Java VM: ', ''),
    heapAfterLoad: heapInfo,
    clientClosedWhileHeld: client.closedWhileHeld, clientHeartbeatsAnswered: client.heartbeatsAnswered,
    socketGridClassesBytesPerConnection: own.reduce((sum, t) => sum + t.bytesPerConnection, 0),
    socketGridClassesGrowth: own.filter((t) => t.bytesPerConnection > 0),
    topGrowthPerConnection: top,
    topLeftAfterClosePerConnection: left,
    releaseWaitSeconds: Number(process.argv[4]),
  };
  const i = results.idle;
  lines.push('', `IDLE MEMORY (${i.connections} handshaken idle connections, mitigation on, server CPU 0, after a full GC)`);
  lines.push(`  JVM: ${i.gc}, initial heap ${i.initialHeapMB} MB, max heap ${i.maxHeapMB} MB (${i.jvm})`);
  lines.push(`  server saw ${i.serverConnections} connections; client: ${client.established} established, ` +
    `${client.closedWhileHeld} closed while held, ${client.heartbeatsAnswered} heartbeats answered`);
  lines.push(`  RSS:       baseline ${mb(base.rssKB * 1024)} MB -> loaded ${mb(loaded.rssKB * 1024)} MB` +
    (closed ? ` -> closed ${mb(closed.rssKB * 1024)} MB` : '') + `   = ${i.rssKBPerConnection} KB per connection`);
  lines.push(`  live heap: baseline ${mb(base.liveHeapBytes)} MB -> loaded ${mb(loaded.liveHeapBytes)} MB` +
    (closed ? ` -> closed ${mb(closed.liveHeapBytes)} MB` : '') + `   = ${i.liveHeapKBPerConnection} KB per connection`);
  lines.push(`  threads: ${base.threads} -> ${loaded.threads}; heap when loaded: ${heapInfo.join('; ')}`);
  lines.push(`  SocketGrid's own objects (io.socketgrid.*, shallow): ${i.socketGridClassesBytesPerConnection} B per connection ` +
    `(${i.socketGridClassesGrowth.map((t) => t.className.replace('io.socketgrid.', '') + ' ' + t.bytesPerConnection).join(', ')})`);
  lines.push('  largest growth per connection (class histogram, loaded - baseline):');
  for (const t of top.slice(0, 12)) lines.push(`    ${String(t.bytesPerConnection).padStart(7)} B  ${String(t.instancesPerConnection).padStart(6)} objects  ${t.className}`);
  if (closed) {
    lines.push(`  still live ${i.releaseWaitSeconds} s after all ${n} were closed (closed - baseline): ` +
      `${i.liveHeapKBLeftPerClosedConnection} KB per connection; largest:`);
    for (const t of left.slice(0, 8)) lines.push(`    ${String(t.bytesPerConnection).padStart(7)} B  ${String(t.instancesPerConnection).padStart(6)} objects  ${t.className}`);
  }
}
// --- idle memory of the peers (RSS and V8 heap after global.gc(), from the peer itself), next to SocketGrid's ---
const idlePeers = {};
for (const peer of PEER_LABELS) {
  const b = read(`idle-${peer}-baseline.json`), l = read(`idle-${peer}-loaded.json`);
  if (!b || !l) continue;
  const client = read(`idle-${peer}-client.json`) || {};
  const n = l.connections || idleN;
  idlePeers[peer] = { server: SERVER_NAMES[peer], connections: idleN, serverConnections: l.connections,
    clientEstablished: client.established, clientClosedWhileHeld: client.closedWhileHeld, baseline: b, loaded: l,
    rssKBPerConnection: Math.round(10 * (l.rssKB - b.rssKB) / n) / 10,
    heapKBPerConnection: Math.round(10 * (l.heapUsedBytes - b.heapUsedBytes) / 1024 / n) / 10 };
}
if (Object.keys(idlePeers).length) {
  results.idlePeers = idlePeers;
  lines.push('', `IDLE MEMORY, PEERS (${idleN} idle connections, each peer a fresh node process on CPU 0; RSS from /proc and` +
    ' V8 heap used, both after global.gc())');
  if (results.idle) lines.push(`  ${'SocketGrid'.padEnd(21)}: RSS ${results.idle.rssKBPerConnection} KB per connection (live heap ${results.idle.liveHeapKBPerConnection} KB)`);
  for (const p of Object.values(idlePeers)) {
    lines.push(`  ${p.server.padEnd(21)}: RSS ${p.rssKBPerConnection} KB per connection (V8 heap ${p.heapKBPerConnection} KB);` +
      ` RSS ${mb(p.baseline.rssKB * 1024)} -> ${mb(p.loaded.rssKB * 1024)} MB; server saw ${p.serverConnections},` +
      ` client established ${p.clientEstablished}, closed while held ${p.clientClosedWhileHeld}`);
  }
  if (results.idle) {
    results.idle.vsPeers = {};
    for (const [peer, p] of Object.entries(idlePeers)) {
      results.idle.vsPeers[peer] = ratio(results.idle.rssKBPerConnection, p.rssKBPerConnection);
      lines.push(`  SocketGrid / ${p.server}: ${results.idle.vsPeers[peer]}x RSS per connection (lower is better)`);
    }
  }
}
// --- security: middleware cost (flood none / allow-all) and stalled subscribers ---
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length;
  return n === 0 ? null : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const outFiles = fs.readdirSync(out);
// pairedFloods: floods of two variants A/B alternating (files flood-<prefix>-<variant>-<round>.json); every
// run, the medians and the ratio B/A as a cost in percent
function pairedFloods(prefix, [a, b], title) {
  const pattern = new RegExp(`^flood-(${prefix}-(${a}|${b})-(\\d+))\\.json$`);
  const found = outFiles.map((f) => pattern.exec(f)).filter(Boolean)
    .map((m) => ({ label: m[1], variant: m[2], round: Number(m[3]) }))
    .sort((x, y) => x.round - y.round || (x.variant === a ? -1 : 1));
  if (!found.length) return null;
  const runs = found.map(({ label, variant, round }) => {
    const r = read(`flood-${label}.json`) || {};
    const cpu = read(`flood-${label}-cpu.json`) || {};
    const end = read(`server-${label}-stats-end.json`) || {};
    return { label, variant, round, pongsPerSec: r.pongsPerSec, latencyMs: r.latencyMs, errors: r.errors, closes: r.closes,
      unexpected: r.unexpected, clientCpuPercent: r.clientCpuPercent, serverCpuPercent: cpu.serverCpuPercent,
      serverHandlerFailures: end.engine?.handlerFailures, pongsPerSecEvery5s: r.pongsPerSecEvery5s };
  });
  const of = (v) => runs.filter((r) => r.variant === v && r.pongsPerSec > 0);
  const medA = median(of(a).map((r) => r.pongsPerSec));
  const medB = median(of(b).map((r) => r.pongsPerSec));
  const ratio = medA && medB ? Math.round(10000 * medB / medA) / 10000 : null;
  const p99 = (v) => { const m = median(of(v).map((r) => r.latencyMs.p99)); return m === null ? null : Math.round(m * 1000) / 1000; };
  const result = { runs, medianPongsPerSec: { [a]: medA, [b]: medB }, medianP99Ms: { [a]: p99(a), [b]: p99(b) },
    ratio, costPercent: ratio === null ? null : Math.round(10000 * (1 - ratio)) / 100 };
  lines.push('', title);
  for (const r of runs) {
    lines.push(`  ${r.label.padEnd(13)} ${String(r.pongsPerSec).padStart(7)} pongs/s  latency ms p50 ${r.latencyMs?.p50}  p99 ${r.latencyMs?.p99}` +
      `  max ${r.latencyMs?.max}; errors ${r.errors}, closes ${r.closes}; server CPU ${r.serverCpuPercent} %, client CPU ${r.clientCpuPercent} %`);
    lines.push(`      pongs/s every 5 s: ${(r.pongsPerSecEvery5s || []).join(' ')}`);
  }
  lines.push(`  median: ${a} ${medA} pongs/s (p99 ${result.medianP99Ms[a]} ms), ${b} ${medB} pongs/s (p99 ${result.medianP99Ms[b]} ms);` +
    ` ratio ${b}/${a} ${ratio} = cost ${result.costPercent} %`);
  return result;
}
const middleware = pairedFloods('mw', ['none', 'allow-all'],
  'MIDDLEWARE COST (flood as above, mitigation on; no middleware vs one allow-all middleware overriding all six hooks)');
if (middleware) results.middleware = middleware;
const metricsCost = pairedFloods('metrics', ['off', 'on'],
  'METRICS COST (flood as above, mitigation on; socketgrid.metrics=false vs the default true: per-second sampler, cluster exchange, monitoring counters)');
if (metricsCost) results.metrics = metricsCost;
const beforeAfter = pairedFloods('ab', ['before', 'after'],
  'BEFORE / AFTER (flood as above, mitigation on; the WAR of BENCH_BASELINE_REV vs the WAR under test, same run.sh; a negative cost is a gain)');
if (beforeAfter) results.beforeAfter = beforeAfter;
const stalledRuns = outFiles.map((f) => /^stalled-((warmup)|s(\d+)-(\d+))\.json$/.exec(f)).filter(Boolean)
  .map((m) => ({ label: m[1], warmup: !!m[2], stalled: m[2] ? 0 : Number(m[3]), round: m[2] ? 0 : Number(m[4]) }))
  .sort((a, b) => a.round - b.round || a.stalled - b.stalled);
if (stalledRuns.length) {
  const delta = (a, b, key) => (b?.engine?.[key] ?? 0) - (a?.engine?.[key] ?? 0);
  const codeDelta = (a, b) => { const before = a?.engine?.closeCodes || {}, after = b?.engine?.closeCodes || {}, d = {};
    for (const [code, n] of Object.entries(after)) if (n - (before[code] || 0) > 0) d[code] = n - (before[code] || 0);
    return d; };
  const runs = stalledRuns.map(({ label, warmup, stalled, round }) => {
    const r = read(`stalled-${label}.json`) || {};
    const before = read(`stalled-${label}-stats-before.json`), after = read(`stalled-${label}-stats-after.json`);
    const cpu = read(`stalled-${label}-cpu.json`) || {};
    return { label, warmup, stalled, round, subscribers: r.subscribers, healthy: r.healthy, rate: r.rate, seconds: r.seconds,
      padBytes: r.padBytes, fillBytesPerSecond: r.fillBytesPerSecond, published: r.published, deliveries: r.deliveries,
      expectedDeliveries: r.expectedDeliveries, missing: r.missing, duplicated: r.duplicated, delayMs: r.delayMs,
      maxDelayMsBySecond: r.maxDelayMsBySecond, secondsToSubscribe: r.secondsToSubscribe,
      stalledClosedByServer: r.stalledClosedByServer, stalledCloseCodesSeenByClient: r.stalledCloseCodes,
      stalledStillOpen: r.stalledStillOpen, healthyClosed: r.healthyClosed, healthyCloseCodes: r.healthyCloseCodes,
      serverCloseCodes: codeDelta(before, after), serverSlowConsumersClosed: delta(before, after, 'slowConsumersClosed'),
      serverCpuPercent: cpu.serverCpuPercent, clientCpuPercent: r.clientCpuPercent, errors: r.errors, unexpected: r.unexpected };
  });
  const measured = runs.filter((r) => !r.warmup);
  const by = (s) => measured.filter((r) => r.stalled === s);
  const stalledN = Math.max(0, ...measured.map((r) => r.stalled));
  const med = (rs, k) => { const m = median(rs.map((r) => r.delayMs?.[k]).filter((v) => v != null));
    return m === null ? null : Math.round(m * 10) / 10; };
  results.stalled = { runs,
    medianDelayMs: Object.fromEntries([0, stalledN].map((s) => [`S=${s}`, { p50: med(by(s), 'p50'), p90: med(by(s), 'p90'),
      p99: med(by(s), 'p99'), max: med(by(s), 'max') }])) };
  const first = measured[0] || runs[0];
  lines.push('', `STALLED SUBSCRIBERS (one channel, ${first.subscribers} subscribers, ${first.rate} publishes/s of ~${first.padBytes} B` +
    ` for ${first.seconds} s, + ${first.fillBytesPerSecond} B/s to a channel only the stalled ones subscribe to; one server, CPU 0)`);
  for (const r of runs) {
    const d = r.delayMs || {};
    lines.push(`  ${(r.warmup ? 'warm-up' : `S=${r.stalled} #${r.round}`).padEnd(10)} delivered ${r.deliveries}/${r.expectedDeliveries}` +
      ` (missing ${r.missing}, duplicated ${r.duplicated})  delay ms p50 ${d.p50}  p90 ${d.p90}  p99 ${d.p99}  max ${d.max}`);
    lines.push(`      stalled closed by the server: ${r.stalledClosedByServer} (codes seen by them ${JSON.stringify(r.stalledCloseCodesSeenByClient)}),` +
      ` still open ${r.stalledStillOpen}; healthy closed ${r.healthyClosed}; server close codes ${JSON.stringify(r.serverCloseCodes)},` +
      ` slow consumers closed ${r.serverSlowConsumersClosed}`);
    lines.push(`      server CPU ${r.serverCpuPercent} % (whole round), client CPU ${r.clientCpuPercent} % (publishing);` +
      ` subscribed in ${r.secondsToSubscribe} s; worst delay by second sent: ${(r.maxDelayMsBySecond || []).map((v) => (v === null ? '-' : Math.round(v))).join(' ')}`);
  }
  for (const [k, v] of Object.entries(results.stalled.medianDelayMs)) {
    lines.push(`  median over rounds, ${k}: delay ms p50 ${v.p50}  p90 ${v.p90}  p99 ${v.p99}  max ${v.max}`);
  }
}
// --- conns: connections held by a cluster (one load process per instance) ---
const connsRun = read('conns-run.json');
if (connsRun) {
  const base = read('conns-baseline.json') || { nodes: [] }, hs = read('conns-hold-start.json'), he = read('conns-hold-end.json');
  const stats = (label, i) => read(`conns-${label}-node${i}-stats.json`) || {};
  const jstat = (label, i) => { // jstat -gc: header names and one row of values -> { name: number }
    const rows = text(`conns-${label}-node${i}-jstat.txt`).trim().split('\n').map((l) => l.trim().split(/\s+/));
    if (rows.length < 2) return null;
    const v = Object.fromEntries(rows[0].map((name, k) => [name, Number(rows[1][k])]));
    return { heapUsedMB: mb(1024 * ['S0U', 'S1U', 'EU', 'OU'].reduce((sum, k) => sum + (v[k] || 0), 0)),
      heapCapacityMB: mb(1024 * ['S0C', 'S1C', 'EC', 'OC'].reduce((sum, k) => sum + (v[k] || 0), 0)),
      youngGCs: v.YGC, fullGCs: v.FGC, concurrentGCs: v.CGC, gcSeconds: v.GCT };
  };
  const pingSeconds = ((m) => (m ? Number(m[1]) / (m[2] === 'ms' ? 1000 : 1) : 8))(/^(\d+)(ms|s)?$/.exec(process.argv[5] || '8s'));
  // between the two readings (each takes seconds on a busy machine): the interval of the CPU and message deltas
  const readingsSeconds = hs && he ? Math.round((he.epochMs - hs.epochMs) / 100) / 10 : 0;
  // the hold itself, as the script timed it (from every connection open to the start of the end reading): the verdict's
  const holdSeconds = connsRun.holdStartEpochMs != null && connsRun.holdEndEpochMs != null
    ? Math.round((connsRun.holdEndEpochMs - connsRun.holdStartEpochMs) / 100) / 10 : 0;
  const cpuPercent = (a, b) => (a != null && b != null && readingsSeconds > 0 ? Math.round(1000 * (b - a) / hs.clkTck / readingsSeconds) / 10 : null);
  const idle = read('conns-idle-start.json');
  const idleSeconds = idle ? (base.epochMs - idle.epochMs) / 1000 : 0;
  const idleCpuPercent = (i) => { const a = idle?.nodes[i - 1]?.cpuTicks, b = base.nodes[i - 1]?.cpuTicks;
    return a != null && b != null && idleSeconds > 0 ? Math.round(1000 * (b - a) / base.clkTck / idleSeconds) / 10 : null; };
  const kbPer = (a, b, n) => (a != null && b != null && n > 0 ? Math.round(10 * (b - a) / n) / 10 : null);
  const delta = (a, b, k) => (a?.engine?.[k] != null && b?.engine?.[k] != null ? b.engine[k] - a.engine[k] : null);
  const codes = (a, b) => { const before = a?.engine?.closeCodes || {}, d = {};
    for (const [c, n] of Object.entries(b?.engine?.closeCodes || {})) if (n - (before[c] || 0) > 0) d[c] = n - (before[c] || 0);
    return d; };
  const nodes = [];
  for (let i = 1; i <= connsRun.instances; i++) {
    const share = connsRun.shares[i - 1];
    const client = read(`conns-client-${i}/summary.json`) || read(`conns-client-${i}.json`) || {};
    const timeline = text(`conns-client-${i}/timeline.csv`).trim().split('\n').slice(1).map((l) => l.split(','));
    const openedAt = timeline.find((r) => Number(r[2]) + Number(r[4]) + Number(r[5]) >= share && Number(r[3]) === 0);
    const b = base.nodes[i - 1] || {}, s0 = hs?.nodes[i - 1] || {}, s1 = he?.nodes[i - 1] || {};
    const c0 = hs?.clients[i - 1] || {}, c1 = he?.clients[i - 1] || {};
    const st0 = stats('hold-start', i), st1 = stats('hold-end', i);
    const serverConnections = st1.engine?.connections;
    nodes.push({ node: i, port: s1.port ?? b.port, pid: s1.pid ?? b.pid, asked: share, sources: connsRun.sources[i - 1],
      established: client.connections?.ok, failed: client.connections?.failed, droppedWholeRun: client.connections?.dropped,
      openAtHoldStart: c0.open, openAtHoldEnd: c1.open, droppedDuringHold: c1.dropped != null && c0.dropped != null ? c1.dropped - c0.dropped : null,
      serverConnectionsAtHoldEnd: serverConnections, serverCloseCodesDuringHold: codes(st0, st1),
      serverCloseCodesWholeRun: codes(stats('baseline', i), read(`conns-end-node${i}-stats.json`)),
      secondsToOpen: openedAt ? Number(openedAt[0]) : null,
      rssBaselineMB: b.rssKB != null ? mb(b.rssKB * 1024) : null, rssHoldEndMB: s1.rssKB != null ? mb(s1.rssKB * 1024) : null,
      rssKBPerConnection: kbPer(b.rssKB, s1.rssKB, serverConnections), heapBaseline: jstat('baseline', i), heapHoldEnd: jstat('hold-end', i),
      threads: s1.threads, fds: s1.fds, serverCpuPercentIdle: idleCpuPercent(i), serverCpuPercentDuringHold: cpuPercent(s0.cpuTicks, s1.cpuTicks),
      serverMessagesInDuringHold: delta(st0, st1, 'messagesIn'), serverMessagesOutDuringHold: delta(st0, st1, 'messagesOut'),
      clientCpuPercentDuringHold: cpuPercent(c0.cpuTicks, c1.cpuTicks), clientRssHoldEndMB: c1.rssKB != null ? mb(c1.rssKB * 1024) : null,
      clientRssKBPerConnection: client.idle?.clientRssPerConnectionBytes != null ? Math.round(client.idle.clientRssPerConnectionBytes / 102.4) / 10 : null,
      clientExitStatus: text(`conns-client-${i}.status`).trim(), clientProblems: client.problems });
  }
  const sum = (k) => nodes.reduce((t, n) => (n[k] == null || t == null ? null : t + n[k]), 0);
  const r1 = (v) => (v == null ? null : Math.round(10 * v) / 10);
  const machine = (() => { // busy share of all cores over the hold, from /proc/stat (idle and iowait are not busy)
    if (!hs || !he) return null;
    const t = (a) => a.reduce((x, y) => x + y, 0), idle = (a) => a[3] + a[4];
    const total = t(he.machineCpuTicks) - t(hs.machineCpuTicks);
    return total > 0 ? Math.round(1000 * (1 - (idle(he.machineCpuTicks) - idle(hs.machineCpuTicks)) / total)) / 10 : null;
  })();
  const c = {
    asked: connsRun.total, instances: connsRun.instances, ratePerProcess: connsRun.ratePerProcess, javaOpts: connsRun.javaOpts,
    clientJavaOpts: connsRun.clientJavaOpts, holdAskedSeconds: connsRun.holdAskedSeconds, holdSeconds,
    readingsSeconds,
    secondsToOpenAll: connsRun.openMs != null ? Math.round(connsRun.openMs / 100) / 10 : null,
    established: sum('established'), failed: sum('failed'), droppedDuringHold: sum('droppedDuringHold'),
    droppedWholeRun: sum('droppedWholeRun'), openAtHoldEnd: sum('openAtHoldEnd'), serverConnectionsAtHoldEnd: sum('serverConnectionsAtHoldEnd'),
    serverRssHoldEndMB: r1(sum('rssHoldEndMB')), serverRssBaselineMB: r1(sum('rssBaselineMB')),
    serverCpuPercentDuringHold: r1(sum('serverCpuPercentDuringHold')),
    serverCpuPercentIdle: r1(sum('serverCpuPercentIdle')), idleSeconds,
    clientCpuPercentDuringHold: r1(sum('clientCpuPercentDuringHold')),
    clientRssHoldEndMB: r1(sum('clientRssHoldEndMB')),
    machineBusyPercentDuringHold: machine, pingIntervalSeconds: pingSeconds,
    serverMessagesInDuringHold: sum('serverMessagesInDuringHold'), serverMessagesOutDuringHold: sum('serverMessagesOutDuringHold'),
    nodes,
    peers: 'not run: one socketcluster-server or socket.io process holds at most 20,000 descriptors here (ulimit -n), ' +
      'so neither can hold this many connections alone, and their own multi-process clustering is not set up in this benchmark',
  };
  c.rssKBPerConnection = kbPer(sum('rssBaselineMB') * 1024, sum('rssHoldEndMB') * 1024, c.serverConnectionsAtHoldEnd);
  c.heldWithoutDrop = c.established === c.asked && c.failed === 0 && c.droppedDuringHold === 0 && c.openAtHoldEnd === c.asked
    && c.serverConnectionsAtHoldEnd === c.asked && holdSeconds >= c.holdAskedSeconds;
  results.conns = c;
  const n = (v) => (v == null ? '-' : typeof v === 'number' ? v.toLocaleString('en-US') : v);
  lines.push('', `CONNECTIONS (${n(c.asked)} asked over ${c.instances} Payara Micro instances (${c.javaOpts}), one load process each ` +
    `(idle, Netty, own source addresses, ${c.clientJavaOpts}), ${c.ratePerProcess}/s per process; heartbeats every ${c.pingIntervalSeconds} s; no pinning)`);
  lines.push(`  ${c.heldWithoutDrop ? 'HELD' : 'NOT HELD'}: ${n(c.established)} established, ${n(c.failed)} failed; ` +
    `${n(c.openAtHoldEnd)} open at the end of a ${holdSeconds} s hold (asked ${c.holdAskedSeconds} s), ${n(c.droppedDuringHold)} dropped during it ` +
    `(${n(c.droppedWholeRun)} over the whole run); the servers counted ${n(c.serverConnectionsAtHoldEnd)}`);
  if (connsRun.holdStartEpochMs == null) {
    c.readingSecondsAfterStart = he ? Math.round((he.epochMs - connsRun.startEpochMs) / 100) / 10 : null;
    lines.push(`  the opening did not finish in its budget: the last reading was taken ${c.readingSecondsAfterStart} s after the start ` +
      `with ${n(c.openAtHoldEnd)} open (the "hold end" figures below are that reading; nothing was held)`);
  } else {
    lines.push(`  time to open all: ${c.secondsToOpenAll} s (from the load processes' start until every connection of every one was open)`);
  }
  lines.push(`  heartbeats during the hold: servers read ${n(c.serverMessagesInDuringHold)} and wrote ${n(c.serverMessagesOutDuringHold)} messages ` +
    `(one ping and one answer per connection every ${c.pingIntervalSeconds} s: ~${n(Math.round(c.serverConnectionsAtHoldEnd * readingsSeconds / c.pingIntervalSeconds))} each way)`);
  lines.push(`  server RSS: ${n(c.serverRssBaselineMB)} MB before -> ${n(c.serverRssHoldEndMB)} MB at the end of the hold = ${c.rssKBPerConnection} KB per connection` +
    ` (RSS as it is, no GC forced)`);
  lines.push(`  server CPU (all instances, % of one core): ${c.serverCpuPercentDuringHold} during the hold; ${c.serverCpuPercentIdle} ` +
    `with no connection (${c.idleSeconds} s before the load processes started)`);
  lines.push(`  load processes: RSS ${n(c.clientRssHoldEndMB)} MB, CPU during the hold ${c.clientCpuPercentDuringHold} % of one core; ` +
    `machine busy during the hold ${machine} % of all ${require('os').cpus().length} cores`);
  for (const x of nodes) {
    lines.push(`  node${x.node} :${x.port}: ${n(x.established)}/${n(x.asked)} established (${x.sources}), ${n(x.failed)} failed, ` +
      `${n(x.droppedDuringHold)} dropped in the hold (${n(x.droppedWholeRun)} whole run), server saw ${n(x.serverConnectionsAtHoldEnd)}; ` +
      `opened in ${x.secondsToOpen ?? '-'} s`);
    lines.push(`      RSS ${x.rssBaselineMB} -> ${x.rssHoldEndMB} MB = ${x.rssKBPerConnection} KB/conn; heap used ${x.heapBaseline?.heapUsedMB ?? '-'} -> ` +
      `${x.heapHoldEnd?.heapUsedMB ?? '-'} MB of ${x.heapHoldEnd?.heapCapacityMB ?? '-'} MB committed (GCs since baseline: young ` +
      `${x.heapHoldEnd && x.heapBaseline ? x.heapHoldEnd.youngGCs - x.heapBaseline.youngGCs : '-'}, full ` +
      `${x.heapHoldEnd && x.heapBaseline ? x.heapHoldEnd.fullGCs - x.heapBaseline.fullGCs : '-'}, ` +
      `${x.heapHoldEnd && x.heapBaseline ? Math.round(1000 * (x.heapHoldEnd.gcSeconds - x.heapBaseline.gcSeconds)) / 1000 : '-'} s); ` +
      `${x.threads} threads, ${n(x.fds)} fds`);
    lines.push(`      hold: server CPU ${x.serverCpuPercentDuringHold} % (idle ${x.serverCpuPercentIdle} %), in/out ${n(x.serverMessagesInDuringHold)}/${n(x.serverMessagesOutDuringHold)} messages, ` +
      `close codes ${JSON.stringify(x.serverCloseCodesDuringHold)}; load process CPU ${x.clientCpuPercentDuringHold} %, RSS ${x.clientRssHoldEndMB} MB ` +
      `(${x.clientRssKBPerConnection} KB/conn), exit ${x.clientExitStatus || '-'}${x.clientExitStatus === '143' ? ' (SIGTERM at the end of the hold)' : ''}` +
      (x.clientProblems && Object.keys(x.clientProblems).length ? `; problems ${JSON.stringify(x.clientProblems)}` : ''));
  }
  lines.push(`  peers: ${c.peers}`);
}
fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
lines.push('', `written: ${out}/results.json, ${out}/summary.txt`);
console.log(lines.join('\n'));

function mb(bytes) { return Math.round(bytes / 104857.6) / 10; }

function histogramGrowth(before, after, n, only = /./) {
  const parse = (t) => {
    const m = new Map();
    for (const line of t.split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length >= 4 && /^\d+:$/.test(f[0])) m.set(f.slice(3).join(' '), { count: Number(f[1]), bytes: Number(f[2]) });
    }
    return m;
  };
  const b = parse(before), a = parse(after);
  return [...a].filter(([className]) => only.test(className)).map(([className, v]) => {
    const o = b.get(className) || { count: 0, bytes: 0 };
    return { className, bytesPerConnection: Math.round((v.bytes - o.bytes) / n),
      instancesPerConnection: Math.round(10 * (v.count - o.count) / n) / 10 };
  }).sort((x, y) => y.bytesPerConnection - x.bytesPerConnection).slice(0, 25);
}
EOF
