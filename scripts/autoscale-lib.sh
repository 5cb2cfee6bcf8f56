# shellcheck shell=bash
# The autoscale loop of scripts/cluster.sh, sourced by it (it uses its DIR, SLOTS, http_port, alive, need,
# start_instance and drain_instance):
#
#   scripts/cluster.sh autoscale [--min N] [--max M] [--interval S] [--for SECONDS]
#
# Every S seconds (5) it reads GET /socketgrid/autoscale from the oldest running instance (which it never
# drains, so the same node, remembering the nodes that left, answers every time) and follows it, within N (1)
# to M (3) running instances: ADD starts the lowest free instance, REMOVE drains the highest and stops it;
# after either it waits until the cluster view shows the change. It logs one line per decision, with the
# advice's figures and reason, on stdout and in $DIR/autoscale.log (the instances' start-up output goes to
# $DIR/autoscale-starts.log). It ends after SECONDS (600) or on Ctrl-C / SIGTERM, leaving the instances
# running as they are (scripts/cluster.sh down stops them).

autoscale_usage() {
  echo "usage: scripts/cluster.sh autoscale [--min N] [--max M] [--interval S] [--for SECONDS]" >&2
  exit 2
}

autoscale() {
  local min=1 max=3 interval=5 seconds=600
  while (( $# )); do
    [[ $# -ge 2 ]] || autoscale_usage
    case "$1" in
      --min) min=$2 ;;
      --max) max=$2 ;;
      --interval) interval=$2 ;;
      --for) seconds=$2 ;;
      *) autoscale_usage ;;
    esac
    shift 2
  done
  if ! [[ "$min" =~ ^[1-9]$ && "$max" =~ ^[1-9]$ ]] || (( min > max )); then
    echo "--min and --max: 1 to $SLOTS, min <= max" >&2
    exit 2
  fi
  [[ "$interval" =~ ^[1-9][0-9]*$ && "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "--interval and --for: whole seconds >= 1" >&2; exit 2; }
  alive "$DIR/haproxy.pid" || { echo "no cluster runs in $DIR (scripts/cluster.sh up 1 starts one)" >&2; exit 1; }
  need jq
  AUTOSCALE_LOG="$DIR/autoscale.log"
  AUTOSCALE_STOP=""
  local deadline=$((SECONDS + seconds)) sleeper
  trap 'AUTOSCALE_STOP="interrupted"' INT TERM
  autoscale_say "autoscale: $(running_slots | wc -l) instance(s) running; keeping $min to $max, advice every $interval s, for $seconds s"
  while [[ -z "$AUTOSCALE_STOP" ]] && (( SECONDS < deadline )); do
    autoscale_step "$min" "$max"
    [[ -n "$AUTOSCALE_STOP" ]] && break
    sleep "$interval" & sleeper=$!
    wait "$sleeper" || kill "$sleeper" 2>/dev/null || true
  done
  trap - INT TERM
  autoscale_say "autoscale: ends (${AUTOSCALE_STOP:-$seconds s are up}); running: $(running_slots | sed 's/^/node/' | tr '\n' ' ')"
}

autoscale_say() {
  echo "$(date '+%F %T') $*" | tee -a "$AUTOSCALE_LOG"
}

# the running instances, lowest first
running_slots() {
  for i in $(seq 1 "$SLOTS"); do
    if alive "$(pid_file "$i")"; then echo "$i"; fi
  done
}

free_slot() {
  for i in $(seq 1 "$SLOTS"); do
    if ! alive "$(pid_file "$i")"; then echo "$i"; return; fi
  done
}

# waits (at most 90 s) until the cluster view of instance $1 lists $2 nodes
await_nodes() {
  local count=""
  for _ in $(seq 1 180); do
    count=$(curl -fsS --max-time 5 "http://127.0.0.1:$(http_port "$1")/socketgrid/cluster" | jq '.nodes | length') || count="?"
    [[ "$count" == "$2" ]] && return 0
    [[ -n "$AUTOSCALE_STOP" ]] && return 1
    sleep 0.5
  done
  autoscale_say "the cluster view still lists $count node(s), not $2; going on"
}

# reads the advice once and follows it
autoscale_step() {
  local min=$1 max=$2 instances advice first running
  mapfile -t instances < <(running_slots)
  running=${#instances[@]}
  (( running > 0 )) || { AUTOSCALE_STOP="no instance runs"; return; }
  first=${instances[0]}
  if ! advice=$(curl -fsS --max-time 15 "http://127.0.0.1:$(http_port "$first")/socketgrid/autoscale"); then
    autoscale_say "no advice from node$first"
    return
  fi
  local action nodes desired cpu sockets reason
  { read -r action; read -r nodes; read -r desired; read -r cpu; read -r sockets; read -r reason; } \
    < <(jq -r '.action, .nodes, .desiredNodes, .cpuPercentPerNode, .connectionsPerNode, .reason' <<<"$advice")
  local figures="nodes=$nodes desired=$desired cpu/node=$cpu% sockets/node=$sockets"
  case "$action" in
    ADD)
      if (( running >= max )); then
        autoscale_say "$figures HOLD: ADD advised, $running running is --max ($reason)"
        return
      fi
      local slot; slot=$(free_slot)
      autoscale_say "$figures ADD: starting node$slot ($reason)"
      if start_instance "$slot" >>"$DIR/autoscale-starts.log" 2>&1; then
        autoscale_say "node$slot is up"
        await_nodes "$first" $((running + 1)) || true
      else
        autoscale_say "node$slot did not start; see $DIR/node$slot/payara.log"
      fi
      ;;
    REMOVE)
      if (( running <= min )); then
        autoscale_say "$figures HOLD: REMOVE advised, $running running is --min ($reason)"
        return
      fi
      local newest=${instances[running - 1]}
      autoscale_say "$figures REMOVE: draining node$newest ($reason)"
      autoscale_say "$(drain_instance "$newest" 2>&1)"
      await_nodes "$first" $((running - 1)) || true
      ;;
    *)
      autoscale_say "$figures HOLD ($reason)"
      ;;
  esac
}
