#!/usr/bin/env bash
# A real Spark standalone cluster on 127.0.0.1 from Maven-resolved jars: one Master and N Workers, each its own JVM.
# See usage() or jobs/CLUSTER.md.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.sh"

usage() {
  cat <<EOF
Usage: jobs/local-cluster.sh start|stop|status [options]

A Spark $SM_SPARK_VERSION standalone cluster on 127.0.0.1: one Master and N Workers, each a separate java process
started from the minimal SPARK_HOME that jobs/spark-home/pom.xml builds from Maven jars (built on first start).

Commands:
  start    start the Master and the Workers, wait until the Master reports all Workers ALIVE
  stop     stop Workers, their executors and the Master (TERM, then KILL after a grace period); idempotent
  status   print what runs (exit 0: all running, 1: partly running, 3: not running)

Options (start; stop and status read the running cluster's settings from the state folder):
  --workers N       number of Workers (default 2)
  --cores C         cores per Worker (default 1)
  --memory M        memory per Worker for executors, e.g. 1g, 1536m (default 1g)
  --port P          Master RPC port (default 7077)
  --webui-port W    Master web UI port (default 8080)
  --rest-port R     also start the Master's REST submission server on port R (default: off; Spark 4 would
                    otherwise open 6066, which clashes between clusters and takes unauthenticated submissions)
  --timeout S       seconds to wait for the cluster to come up (default 120: a loaded 2-core machine needs up to ~50)
  --secure          shared-secret authentication + AES network and disk encryption: writes a random secret to
                    STATE/secure/spark-secure.conf (mode 600) and gives it to the daemons with --properties-file;
                    jobs/submit.sh passes the same file to the driver when it submits to this cluster
  --dir DIR         state folder (default \$LOCAL_CLUSTER_DIR or target/local-cluster/ of the project)
  -h, --help        this help

Environment:
  LOCAL_CLUSTER_DIR          state folder: pids, logs (master.log, worker-N.log), worker work dirs (work/worker-N)
  LOCAL_CLUSTER_TIMEOUT      default for --timeout
  LOCAL_CLUSTER_STOP_GRACE   seconds between TERM and KILL on stop (default 15)
  SPARK_MOMENTUM_SPARK_HOME  the minimal SPARK_HOME to use/build (default jobs/spark-home/target/spark-home)
  SPARK_DAEMON_MEMORY, SPARK_MASTER_OPTS, SPARK_WORKER_OPTS, SPARK_DAEMON_JAVA_OPTS
                             as in Spark's own sbin scripts (read by Spark's launcher)

Example:
  jobs/local-cluster.sh start --workers 2 --cores 1 --memory 1g
  jobs/submit.sh --master spark://127.0.0.1:7077 conf/sample.conf --output runs/x
  jobs/local-cluster.sh stop
EOF
}

# ---------------------------------------------------------------------------------------------------------------
CMD="${1:-}"
case "$CMD" in
  -h|--help|help) usage; exit 0 ;;
  start|stop|status) shift ;;
  "") usage >&2; exit 2 ;;
  *) printf 'error: unknown command: %s\n\n' "$CMD" >&2; usage >&2; exit 2 ;;
esac

WORKERS=2 CORES=1 MEMORY=1g PORT=7077 WEBUI_PORT=8080 REST_PORT="" SECURE=0
TIMEOUT="${LOCAL_CLUSTER_TIMEOUT:-120}"
STATE="${LOCAL_CLUSTER_DIR:-$SM_ROOT/target/local-cluster}"
GRACE="${LOCAL_CLUSTER_STOP_GRACE:-15}"
explicit=()

need_val() { [[ $# -ge 2 && -n "$2" ]] || sm_die "option $1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --workers) need_val "$@"; WORKERS="$2"; explicit+=(WORKERS); shift 2 ;;
    --cores) need_val "$@"; CORES="$2"; explicit+=(CORES); shift 2 ;;
    --memory) need_val "$@"; MEMORY="$2"; explicit+=(MEMORY); shift 2 ;;
    --port) need_val "$@"; PORT="$2"; explicit+=(PORT); shift 2 ;;
    --webui-port) need_val "$@"; WEBUI_PORT="$2"; explicit+=(WEBUI_PORT); shift 2 ;;
    --rest-port) need_val "$@"; REST_PORT="$2"; explicit+=(REST_PORT); shift 2 ;;
    --timeout) need_val "$@"; TIMEOUT="$2"; shift 2 ;;
    --secure) SECURE=1; explicit+=(SECURE); shift ;;
    --dir) need_val "$@"; STATE="$2"; shift 2 ;;
    --workers=*|--cores=*|--memory=*|--port=*|--webui-port=*|--rest-port=*|--timeout=*|--dir=*)
      set -- "${1%%=*}" "${1#*=}" "${@:2}" ;;
    *) sm_die "unknown option: $1 (see --help)" ;;
  esac
done

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }
is_uint "$WORKERS" && [[ "$WORKERS" -ge 1 ]] || sm_die "--workers must be a positive integer: $WORKERS"
is_uint "$CORES" && [[ "$CORES" -ge 1 ]] || sm_die "--cores must be a positive integer: $CORES"
[[ "$MEMORY" =~ ^[0-9]+[mMgG]$ ]] || sm_die "--memory must look like 1g or 1536m: $MEMORY"
is_uint "$PORT" && [[ "$PORT" -ge 1 && "$PORT" -le 65535 ]] || sm_die "--port must be a port number: $PORT"
is_uint "$WEBUI_PORT" && [[ "$WEBUI_PORT" -ge 1 && "$WEBUI_PORT" -le 65535 ]] || sm_die "--webui-port must be a port number: $WEBUI_PORT"
[[ "$PORT" != "$WEBUI_PORT" ]] || sm_die "--port and --webui-port must differ"
if [[ -n "$REST_PORT" ]]; then
  is_uint "$REST_PORT" && [[ "$REST_PORT" -ge 1 && "$REST_PORT" -le 65535 ]] || sm_die "--rest-port must be a port number: $REST_PORT"
  [[ "$REST_PORT" != "$PORT" && "$REST_PORT" != "$WEBUI_PORT" ]] || sm_die "--rest-port must differ from --port and --webui-port"
fi
is_uint "$TIMEOUT" || sm_die "--timeout must be whole seconds: $TIMEOUT"
is_uint "$GRACE" || sm_die "LOCAL_CLUSTER_STOP_GRACE must be whole seconds: $GRACE"

if [[ "$CMD" == start ]]; then
  mkdir -p "$STATE"
elif [[ ! -d "$STATE" ]]; then
  printf 'not running (no state folder %s)\n' "$STATE"
  [[ "$CMD" == stop ]] && exit 0 || exit 3
fi
STATE="$(cd "$STATE" && pwd)"
ENV_FILE="$STATE/cluster.env"
MASTER_CLASS=org.apache.spark.deploy.master.Master
WORKER_CLASS=org.apache.spark.deploy.worker.Worker
HOST=127.0.0.1

# ---------------------------------------------------------------------------------------------------------------
# Processes

pid_of() { [[ -f "$1" ]] && tr -dc '0-9' <"$1" || true; }

# proc_matches PID TEXT: PID runs and its command line contains TEXT (guards against recycled pids).
proc_matches() {
  local pid="$1" text="$2" args
  [[ -n "$pid" ]] && pid_running "$pid" || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    args="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  else
    args="$(ps -o args= -p "$pid" 2>/dev/null || true)"
  fi
  [[ "$args" == *"$text"* ]]
}

master_alive() { proc_matches "$(pid_of "$STATE/master.pid")" "$MASTER_CLASS"; }
# The trailing space keeps worker-1 from matching worker-10's command line.
worker_alive() { proc_matches "$(pid_of "$STATE/worker-$1.pid")" "$STATE/work/worker-$1 "; }

# Executors and drivers that Workers started: their working directory is under STATE/work (Linux /proc).
work_children() {
  local d pid cwd
  [[ -d /proc ]] || return 0
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    cwd="$(readlink "$d/cwd" 2>/dev/null || true)"
    [[ "$cwd" == "$STATE/work/"* ]] || continue
    [[ "$pid" != "$$" ]] || continue
    proc_matches "$pid" "org.apache.spark" && printf '%s\n' "$pid"
  done
  return 0
}

# pid_running PID: PID exists and is not a zombie. The daemons are reparented to init once this script exits,
# and an exited JVM can stay a zombie for a second or two until init reaps it.
pid_running() {
  kill -0 "$1" 2>/dev/null || return 1
  local st=""
  if [[ -r "/proc/$1/stat" ]]; then
    st="$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1 || true)"
  else
    st="$(ps -o stat= -p "$1" 2>/dev/null | cut -c1 || true)"
  fi
  [[ "$st" != Z ]]
}

# kill_pids PID...: TERM, wait up to GRACE seconds, then KILL whatever is left. Returns once no pid runs, and
# waits up to 5 s more for their zombies to be reaped, so that a caller's `kill -0 PID` fails right after stop.
kill_pids() {
  local pids=("$@") left p i
  [[ ${#pids[@]} -gt 0 ]] || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for ((i = 0; i < GRACE * 10; i++)); do
    left=()
    for p in "${pids[@]}"; do pid_running "$p" && left+=("$p"); done
    [[ ${#left[@]} -gt 0 ]] || break
    sleep 0.1
  done
  if [[ ${#left[@]} -gt 0 ]]; then
    sm_log "still running after ${GRACE}s, sending KILL: ${left[*]}"
    kill -KILL "${left[@]}" 2>/dev/null || true
  fi
  for ((i = 0; i < 50; i++)); do
    left=()
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && left+=("$p"); done
    [[ ${#left[@]} -gt 0 ]] || return 0
    sleep 0.1
  done
}

# The cluster recorded in STATE (from the last start).
load_env() {
  [[ -f "$ENV_FILE" ]] || return 1
  # shellcheck disable=SC1090
  source "$ENV_FILE"
}

recorded_workers() {
  local f n max=0
  for f in "$STATE"/worker-*.pid; do
    [[ -e "$f" ]] || continue
    n="${f##*/worker-}"; n="${n%.pid}"
    is_uint "$n" && [[ "$n" -gt "$max" ]] && max="$n"
  done
  printf '%s\n' "$max"
}

do_stop() {
  local quiet="${1:-}" pids=() children=() n i p master_pid=""
  n="$(recorded_workers)"
  # Executors/drivers first noted, then everything gets TERM at once: Workers kill their executors on TERM.
  while IFS= read -r p; do [[ -n "$p" ]] && children+=("$p"); done < <(work_children)
  for ((i = 1; i <= n; i++)); do
    if worker_alive "$i"; then pids+=("$(pid_of "$STATE/worker-$i.pid")"); fi
  done
  if master_alive; then master_pid="$(pid_of "$STATE/master.pid")"; fi
  if [[ ${#pids[@]} -gt 0 || ${#children[@]} -gt 0 || -n "$master_pid" ]]; then
    [[ -n "$quiet" ]] || sm_log "stopping ${master_pid:+the master (pid $master_pid), }${#pids[@]} worker(s) and ${#children[@]} executor/driver process(es)"
    kill_pids ${pids[@]+"${pids[@]}"} ${children[@]+"${children[@]}"} ${master_pid:+"$master_pid"}
  fi
  # Executors a Worker did not take down with it (e.g. it had to be KILLed), or that started meanwhile.
  children=()
  while IFS= read -r p; do [[ -n "$p" ]] && children+=("$p"); done < <(work_children)
  [[ ${#children[@]} -eq 0 ]] || kill_pids "${children[@]}"
  rm -f "$STATE"/master.pid "$STATE"/worker-*.pid
  if [[ -z "$quiet" ]]; then
    if [[ ${#pids[@]} -eq 0 && -z "$master_pid" ]]; then sm_log "not running"; else sm_log "stopped"; fi
  fi
  rm -f "$ENV_FILE"
}

# ---------------------------------------------------------------------------------------------------------------
# HTTP (curl, else wget, else bash's /dev/tcp)

http_get() {
  local url="$1"
  if command -v curl >/dev/null 2>&1; then
    curl -fsS --max-time 3 "$url" 2>/dev/null
  elif command -v wget >/dev/null 2>&1; then
    wget -q -T 3 -O - "$url" 2>/dev/null
  else
    local rest="${url#http://}" hostport path
    hostport="${rest%%/*}"; path="/${rest#*/}"
    exec 9<>"/dev/tcp/${hostport%:*}/${hostport##*:}" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&9
    sed '1,/^\r\{0,1\}$/d' <&9
    exec 9<&-
  fi
}

port_in_use() { (exec 8<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

master_json() { http_get "http://$HOST:$WEBUI_PORT/json/"; }

# json_top JSON FIELD: a numeric top-level field of the Master's pretty-printed /json/ (two-space indent).
json_top() {
  local n
  n="$(printf '%s\n' "$1" | sed -n "s/^  \"$2\" : \([0-9][0-9]*\).*/\1/p" | head -n 1)"
  printf '%s\n' "${n:-0}"
}

# json_count JSON ARRAY: entries of a top-level array of objects, e.g. activeapps.
json_count() {
  printf '%s\n' "$1" | awk -v key="  \"$2\" :" '
    index($0, key) == 1 { on = 1; next }
    on && /^  "/ { exit }
    on && /^    "id" :/ { n++ }
    END { print n + 0 }'
}

alive_workers() { json_top "$1" aliveworkers; }

tail_logs() {
  local f
  for f in "$STATE"/master.log "$STATE"/worker-*.log; do
    [[ -f "$f" ]] || continue
    printf '\n===== tail of %s =====\n' "$f" >&2
    tail -n 25 "$f" >&2
  done
}

# ---------------------------------------------------------------------------------------------------------------

do_status() {
  if ! load_env; then
    if master_alive; then sm_log "master runs (pid $(pid_of "$STATE/master.pid")) but $ENV_FILE is missing"; return 1; fi
    printf 'not running (state folder %s)\n' "$STATE"
    return 3
  fi
  local i up=0 total=0 json
  printf 'state folder: %s\n' "$STATE"
  printf 'spark home:   %s\n' "$SPARK_HOME_USED"
  if master_alive; then
    up=$((up + 1)); printf 'master:       %s  pid %s  web UI http://%s:%s/  (log %s)\n' \
      "$MASTER_URL" "$(pid_of "$STATE/master.pid")" "$HOST" "$WEBUI_PORT" "$STATE/master.log"
  else
    printf 'master:       %s  NOT RUNNING  (log %s)\n' "$MASTER_URL" "$STATE/master.log"
  fi
  total=$((1 + WORKERS))
  for ((i = 1; i <= WORKERS; i++)); do
    if worker_alive "$i"; then
      up=$((up + 1)); printf 'worker %-5s  pid %s  %s core(s), %s  (log %s)\n' "$i" "$(pid_of "$STATE/worker-$i.pid")" "$CORES" "$MEMORY" "$STATE/worker-$i.log"
    else
      printf 'worker %-5s  NOT RUNNING  (log %s)\n' "$i" "$STATE/worker-$i.log"
    fi
  done
  [[ -z "${REST_PORT:-}" ]] || printf 'REST server:  spark://%s:%s (for --deploy-mode cluster submissions)\n' "$HOST" "$REST_PORT"
  [[ "$SECURE" != 1 ]] || printf 'secure:       yes (properties file %s)\n' "$STATE/secure/spark-secure.conf"
  if master_alive && json="$(master_json)"; then
    printf 'master reports: %s ALIVE worker(s), %s of %s core(s) and %s of %s MB in use, %s running application(s), %s running driver(s)\n' \
      "$(alive_workers "$json")" "$(json_top "$json" coresused)" "$(json_top "$json" cores)" \
      "$(json_top "$json" memoryused)" "$(json_top "$json" memory)" \
      "$(json_count "$json" activeapps)" "$(json_count "$json" activedrivers)"
  fi
  if [[ $up -eq $total ]]; then return 0; elif [[ $up -eq 0 ]]; then return 3; else return 1; fi
}

# ---------------------------------------------------------------------------------------------------------------

write_secure_conf() {
  local dir="$STATE/secure" f secret
  f="$dir/spark-secure.conf"
  if [[ -s "$f" ]]; then return 0; fi
  (umask 077; mkdir -p "$dir")
  chmod 700 "$dir"
  secret="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
  [[ ${#secret} -eq 64 ]] || sm_die "could not read 32 random bytes from /dev/urandom"
  (
    umask 077
    {
      printf '# Written by jobs/local-cluster.sh --secure. Keep it private (mode 600): it holds the shared secret.\n'
      printf 'spark.authenticate true\n'
      printf 'spark.authenticate.secret %s\n' "$secret"
      printf 'spark.network.crypto.enabled true\n'
      printf 'spark.io.encryption.enabled true\n'
    } >"$f"
  )
  chmod 600 "$f"
}

start_daemon() { # NAME CLASS ARGS... : launch via Spark's launcher, record the pid
  local name="$1"; shift
  sm_spark_class_cmd "$@"
  nohup "${SM_CMD[@]}" >"$STATE/$name.log" 2>&1 </dev/null &
  printf '%s\n' "$!" >"$STATE/$name.pid"
}

fail_start() {
  sm_log "error: $*"
  tail_logs
  sm_log ""
  sm_log "stopping what was started (logs stay in $STATE)"
  GRACE=5 do_stop quiet
  exit 1
}

do_start() {
  if master_alive; then
    # Already running: fine when every option given now matches the running cluster's.
    declare -A want=()
    local v bad=()
    for v in ${explicit[@]+"${explicit[@]}"}; do want[$v]="${!v}"; done
    load_env || true
    for v in ${explicit[@]+"${explicit[@]}"}; do [[ "${!v:-}" == "${want[$v]}" ]] || bad+=("$v"); done
    if [[ ${#bad[@]} -eq 0 ]]; then
      sm_log "already running"
      do_status >&2 || true
      printf '%s\n' "${MASTER_URL:-spark://$HOST:$PORT}"
      exit 0
    fi
    do_status >&2 || true
    sm_die "a cluster with other settings (${bad[*]}) already runs from $STATE: stop it first (jobs/local-cluster.sh stop)"
  fi
  # Leftovers of a cluster that died: stop whatever of it still runs.
  if compgen -G "$STATE/worker-*.pid" >/dev/null || [[ -f "$ENV_FILE" ]]; then do_stop quiet; fi

  port_in_use "$PORT" && sm_die "port $PORT on $HOST is in use (choose another with --port)"
  port_in_use "$WEBUI_PORT" && sm_die "port $WEBUI_PORT on $HOST is in use (choose another with --webui-port)"
  [[ -z "$REST_PORT" ]] || ! port_in_use "$REST_PORT" || sm_die "port $REST_PORT on $HOST is in use (choose another with --rest-port)"

  sm_ensure_min_spark_home
  sm_spark_env "$SM_MIN_SPARK_HOME"
  export SPARK_LOCAL_IP="$HOST"
  rm -f "$STATE"/master.log "$STATE"/worker-*.log
  mkdir -p "$STATE/work"

  local props=()
  if [[ "$SECURE" == 1 ]]; then
    write_secure_conf
    props=(--properties-file "$STATE/secure/spark-secure.conf")
  fi
  local t0=$SECONDS
  MASTER_URL="spark://$HOST:$PORT"
  {
    printf 'MASTER_URL=%q\nPORT=%q\nWEBUI_PORT=%q\nREST_PORT=%q\nWORKERS=%q\nCORES=%q\nMEMORY=%q\nSECURE=%q\n' \
      "$MASTER_URL" "$PORT" "$WEBUI_PORT" "$REST_PORT" "$WORKERS" "$CORES" "$MEMORY" "$SECURE"
    printf 'SPARK_HOME_USED=%q\n' "$SM_MIN_SPARK_HOME"
  } >"$ENV_FILE"

  # A busy port must fail the Master instead of moving it to port+1 (Spark's default is 16 retries).
  local master_opts="-Dspark.port.maxRetries=0 -Dspark.master.rest.enabled=false"
  [[ -z "$REST_PORT" ]] || master_opts="-Dspark.port.maxRetries=0 -Dspark.master.rest.enabled=true -Dspark.master.rest.port=$REST_PORT"
  SPARK_MASTER_OPTS="${SPARK_MASTER_OPTS:-} $master_opts" \
    start_daemon master "$MASTER_CLASS" --host "$HOST" --port "$PORT" --webui-port "$WEBUI_PORT" ${props[@]+"${props[@]}"}
  sm_log "master $MASTER_URL starting (pid $(pid_of "$STATE/master.pid"), web UI http://$HOST:$WEBUI_PORT/)"

  # Workers register faster when the Master already listens (their first retry comes only after ~5-15 s).
  local deadline=$((SECONDS + TIMEOUT)) json=""
  while :; do
    master_alive || fail_start "the master exited during start"
    if json="$(master_json)" && [[ "$json" == *"\"$MASTER_URL\""* ]]; then break; fi
    [[ $SECONDS -lt $deadline ]] || fail_start "the master's web UI did not answer within ${TIMEOUT}s"
    sleep 0.5
  done

  local i
  for ((i = 1; i <= WORKERS; i++)); do
    mkdir -p "$STATE/work/worker-$i"
    start_daemon "worker-$i" "$WORKER_CLASS" --host "$HOST" --cores "$CORES" --memory "$MEMORY" \
      --work-dir "$STATE/work/worker-$i" --webui-port 0 ${props[@]+"${props[@]}"} "$MASTER_URL"
  done
  sm_log "$WORKERS worker(s) starting ($CORES core(s), $MEMORY each)"

  local alive=0
  while :; do
    master_alive || fail_start "the master exited during start"
    for ((i = 1; i <= WORKERS; i++)); do
      worker_alive "$i" || fail_start "worker $i exited during start"
    done
    if json="$(master_json)"; then
      alive="$(alive_workers "$json")"
      [[ "$alive" -lt "$WORKERS" ]] || break
    fi
    [[ $SECONDS -lt $deadline ]] || fail_start "only $alive of $WORKERS worker(s) ALIVE after ${TIMEOUT}s"
    sleep 0.5
  done
  sm_log "cluster up in $((SECONDS - t0))s: $MASTER_URL with $alive ALIVE worker(s); state in $STATE"
  printf '%s\n' "$MASTER_URL"
}

case "$CMD" in
  start) do_start ;;
  stop) load_env || true; do_stop ;;
  status) set +e; do_status; rc=$?; set -e; exit $rc ;;
esac
