#!/usr/bin/env bash
# Submit the spark-momentum trainer to any Spark master through SparkSubmit. See usage() or jobs/CLUSTER.md.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/common.sh"
# The driver (spark-submit's JVM in client mode) logs as jobs/cli.sh does: warnings, not ~48 INFO lines per run.
# SPARK_MOMENTUM_SPARK_INFO=1 keeps Spark's own INFO logging.
if [[ -z "${SPARK_MOMENTUM_SPARK_INFO:-}" ]]; then
  export SPARK_SUBMIT_OPTS="-Dlog4j2.configurationFile=file:$SM_ROOT/conf/log4j2.properties ${SPARK_SUBMIT_OPTS:-}"
fi

MAIN_CLASS=io.sparkmomentum.cli.Main

usage() {
  cat <<EOF
Usage: jobs/submit.sh [--master URL] [--conf KEY=VALUE ...] [spark-submit options...] CONF_FILE [trainer args...]

Submits the project's thin jar ($(sm_app_jar | sed "s|^$SM_ROOT/||"), built with
'mvn -B -q -DskipTests package' if missing) with main class $MAIN_CLASS, running
    $MAIN_CLASS train --config CONF_FILE [trainer args...]
Everything after CONF_FILE goes to the trainer unchanged (e.g. --set key=value ..., --output RUN_DIR).

  --master URL        spark://HOST:7077, yarn, k8s://https://HOST:443, local[*], ... (default: spark.master from
                      the properties file, else local[*])
  --local-cluster     submit to the cluster of jobs/local-cluster.sh (its master URL from \$LOCAL_CLUSTER_DIR,
                      default target/local-cluster/; with a --secure cluster also its properties file)
  --conf KEY=VALUE    a Spark setting (repeatable); values of keys containing secret/password/token are
                      printed as REDACTED, but any process list shows them: pass secrets as below instead
  spark-submit options (passed through unchanged, each with its value unless it is a switch):
                      --deploy-mode client|cluster, --name, --driver-memory, --executor-memory, --executor-cores,
                      --total-executor-cores, --num-executors, --files, --jars, --properties-file, --queue,
                      --verbose, --supervise, ... ('$0 --spark-help' lists them all)
  --                  end of options: the next argument is CONF_FILE even if it starts with -
  --jar JAR           the application jar instead of the project's thin jar (then never built), e.g. on
                      Kubernetes the jar inside the image: local:///opt/spark-momentum/spark-momentum.jar
  --dry-run           print the command (shell-quoted, secrets redacted) and exit without running it
  --build             rebuild the thin jar first even if it exists
  -h, --help          this help

Secrets (standalone authentication, spark.authenticate=true) never need the command line:
  SPARK_AUTHENTICATE_SECRET=...   environment variable: written with spark.authenticate=true into a private
                                  (mode 600) temporary properties file that is removed when spark-submit ends
  --properties-file FILE          your own mode-600 file with spark.authenticate.secret; merged with the above
  A --secure cluster of jobs/local-cluster.sh: its secret file is added by itself when you submit to it.
  When one of these makes a properties file for you, --load-spark-defaults keeps spark-defaults.conf loaded.

Advanced (for smoke tests of the cluster set-up, not for the trainer):
  --class CLASS       run CLASS (from --jar JAR) instead of $MAIN_CLASS; the positional arguments then go to
                      CLASS as they are (no 'train --config' in front, no CONF_FILE)

Which Spark:
  SPARK_HOME with bin/spark-submit (a real distribution): \$SPARK_HOME/bin/spark-submit is used.
  Otherwise Spark's launcher runs from the minimal SPARK_HOME of jobs/spark-home/pom.xml (built if missing),
  exactly as bin/spark-class would: java <Spark's --add-opens> -cp 'SPARK_HOME/jars/*' org.apache.spark.deploy.SparkSubmit ...
  with SPARK_SCALA_VERSION=$SM_SCALA_BINARY, and SPARK_LOCAL_IP=127.0.0.1 when the master is local[...] or on
  127.0.0.1/localhost (each unless already set; a driver talking to a remote cluster must not bind to loopback).
  For yarn and k8s:// masters the minimal SPARK_HOME first gets spark-yarn / spark-kubernetes (pom profiles
  yarn / kubernetes). Exit status: spark-submit's.

Examples:
  jobs/local-cluster.sh start
  jobs/submit.sh --master spark://127.0.0.1:7077 conf/sample.conf --output runs/x
  jobs/submit.sh --master 'local[2]' --conf spark.sql.shuffle.partitions=8 conf/sample.conf --set train.epochs=3 --output runs/y
  jobs/submit.sh --master yarn --deploy-mode cluster --files conf/sample.conf sample.conf --output hdfs:///runs/z
EOF
}

# Switches of SparkSubmitOptionParser (Spark 4.1): these take no value. Every other option takes one.
is_switch() {
  case "$1" in
    --verbose|-v|--supervise|--load-spark-defaults|--version|--usage-error) return 0 ;;
    *) return 1 ;;
  esac
}

MASTER="" CLASS_OVERRIDE="" JAR_OVERRIDE="" DRY_RUN=0 BUILD=0 LOCAL_CLUSTER=0 NO_APP=0
DEPLOY_MODE="" USER_PROPS="" WARNED_SECRET=0
spark_opts=()   # everything for spark-submit before the jar (besides --master and --class)

need_val() { [[ $# -ge 2 ]] || sm_die "option $1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --spark-help) spark_opts+=(--help); NO_APP=1; shift; break ;;
    --) shift; break ;;
    --dry-run) DRY_RUN=1; shift ;;
    --build) BUILD=1; shift ;;
    --local-cluster) LOCAL_CLUSTER=1; shift ;;
    --master) need_val "$@"; MASTER="$2"; shift 2 ;;
    --master=*) MASTER="${1#*=}"; shift ;;
    --class) need_val "$@"; CLASS_OVERRIDE="$2"; shift 2 ;;
    --class=*) CLASS_OVERRIDE="${1#*=}"; shift ;;
    --jar) need_val "$@"; JAR_OVERRIDE="$2"; shift 2 ;;
    --jar=*) JAR_OVERRIDE="${1#*=}"; shift ;;
    --conf|-c|--conf=*)
      if [[ "$1" == --conf=* ]]; then kv="${1#*=}"; shift; else need_val "$@"; kv="$2"; shift 2; fi
      [[ "$kv" == *=* ]] || sm_die "--conf needs KEY=VALUE, got: $(sm_mask "$kv")"
      if [[ $WARNED_SECRET -eq 0 && "$(sm_mask "$kv")" != "$kv" ]]; then
        sm_log "warning: a secret in --conf is visible to every user of this machine (ps) and in shell history;"
        sm_log "         use SPARK_AUTHENTICATE_SECRET or a mode-600 --properties-file (see --help)"
        WARNED_SECRET=1
      fi
      spark_opts+=(--conf "$kv") ;;
    --properties-file) need_val "$@"; USER_PROPS="$2"; shift 2 ;;
    --properties-file=*) USER_PROPS="${1#*=}"; shift ;;
    --kill|--status)
      need_val "$@"; spark_opts+=("$1" "$2"); NO_APP=1; shift 2 ;;
    --version)
      spark_opts+=("$1"); NO_APP=1; shift ;;
    --*=*|-?=*)
      [[ "${1%%=*}" != --deploy-mode ]] || DEPLOY_MODE="${1#*=}"
      spark_opts+=("$1"); shift ;;
    -*)
      if is_switch "$1"; then
        spark_opts+=("$1"); shift
      else
        need_val "$@"
        [[ "$1" != --deploy-mode ]] || DEPLOY_MODE="$2"
        spark_opts+=("$1" "$2"); shift 2
      fi ;;
    *) break ;;
  esac
done
app_args=("$@")

# --local-cluster: the master URL (and, for a --secure cluster, the properties file) of jobs/local-cluster.sh.
LC_STATE="${LOCAL_CLUSTER_DIR:-$SM_ROOT/target/local-cluster}"
LC_MASTER_URL="" LC_SECURE=0
if [[ -f "$LC_STATE/cluster.env" ]]; then
  LC_MASTER_URL="$(sed -n 's/^MASTER_URL=//p' "$LC_STATE/cluster.env" | head -n 1)"
  LC_SECURE="$(sed -n 's/^SECURE=//p' "$LC_STATE/cluster.env" | head -n 1)"
fi
if [[ $LOCAL_CLUSTER -eq 1 ]]; then
  [[ -n "$LC_MASTER_URL" ]] || sm_die "no local cluster recorded in $LC_STATE (start one: jobs/local-cluster.sh start)"
  [[ -z "$MASTER" || "$MASTER" == "$LC_MASTER_URL" ]] || sm_die "--local-cluster and --master $MASTER disagree"
  MASTER="$LC_MASTER_URL"
fi

# Properties: the user's file, the secure local cluster's secret file, SPARK_AUTHENTICATE_SECRET. One file goes
# as it is; several (or the env secret) are merged into a private temporary file (later entries win).
[[ -z "$USER_PROPS" || -f "$USER_PROPS" ]] || sm_die "properties file not found: $USER_PROPS"
props_parts=()
[[ -z "$USER_PROPS" ]] || props_parts+=("$USER_PROPS")
if [[ -n "$MASTER" && "$MASTER" == "$LC_MASTER_URL" && "$LC_SECURE" == 1 ]]; then
  [[ -f "$LC_STATE/secure/spark-secure.conf" ]] || sm_die "the local cluster is --secure but $LC_STATE/secure/spark-secure.conf is missing"
  props_parts+=("$LC_STATE/secure/spark-secure.conf")
fi
TMP_PROPS=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() { [[ -z "$TMP_PROPS" ]] || rm -f "$TMP_PROPS"; }
trap cleanup EXIT
if [[ -n "${SPARK_AUTHENTICATE_SECRET:-}" || ${#props_parts[@]} -gt 1 ]]; then
  TMP_PROPS="$(umask 077; mktemp "${TMPDIR:-/tmp}/spark-submit-props.XXXXXX")"
  chmod 600 "$TMP_PROPS"
  {
    for f in ${props_parts[@]+"${props_parts[@]}"}; do cat "$f"; printf '\n'; done
    if [[ -n "${SPARK_AUTHENTICATE_SECRET:-}" ]]; then
      printf 'spark.authenticate true\n'
      # java.util.Properties treats backslashes as escapes.
      printf 'spark.authenticate.secret %s\n' "${SPARK_AUTHENTICATE_SECRET//\\/\\\\}"
    fi
  } >"$TMP_PROPS"
  spark_opts+=(--properties-file "$TMP_PROPS")
elif [[ ${#props_parts[@]} -eq 1 ]]; then
  spark_opts+=(--properties-file "${props_parts[0]}")
fi
# A properties file that we added must not switch off spark-defaults.conf.
if [[ -z "$USER_PROPS" && ( -n "$TMP_PROPS" || ${#props_parts[@]} -gt 0 ) ]]; then
  spark_opts+=(--load-spark-defaults)
fi

# The application: jar, main class, arguments.
app=()
if [[ $NO_APP -eq 0 ]]; then
  if [[ -n "$CLASS_OVERRIDE" ]]; then
    main_class="$CLASS_OVERRIDE"
    main_args=(${app_args[@]+"${app_args[@]}"})
  else
    [[ ${#app_args[@]} -ge 1 ]] || { usage >&2; sm_die "CONF_FILE is missing"; }
    main_class="$MAIN_CLASS"
    main_args=(train --config "${app_args[0]}" "${app_args[@]:1}")
    if [[ "$DEPLOY_MODE" != cluster && ! -f "${app_args[0]}" ]]; then
      sm_log "warning: CONF_FILE ${app_args[0]} does not exist here (in --deploy-mode cluster ship it with --files and give its bare name)"
    fi
  fi
  if [[ -n "$JAR_OVERRIDE" ]]; then
    jar="$JAR_OVERRIDE"
    [[ "$jar" == *://* || -f "$jar" ]] || sm_die "jar not found: $jar"
  else
    jar="$(sm_app_jar)"
    if [[ $BUILD -eq 1 || ! -f "$jar" ]]; then
      if [[ $DRY_RUN -eq 1 ]]; then
        sm_log "(dry run: would build $jar with 'mvn -B -q -DskipTests package')"
      else
        command -v mvn >/dev/null 2>&1 || sm_die "mvn not found: needed to build $jar"
        sm_log "building $jar (mvn -B -q -DskipTests package)"
        (cd "$SM_ROOT" && mvn -B -q -DskipTests package) >&2 || sm_die "building the jar failed"
        [[ -f "$jar" ]] || sm_die "the build did not produce $jar"
      fi
    fi
  fi
  app=(--class "$main_class" "$jar" ${main_args[@]+"${main_args[@]}"})
fi

submit_args=()
[[ -z "$MASTER" ]] || submit_args+=(--master "$MASTER")
submit_args+=(${spark_opts[@]+"${spark_opts[@]}"} ${app[@]+"${app[@]}"})

# run_cmd CMD...: print it (secrets redacted), then run it. exec when nothing is to be cleaned up afterwards;
# otherwise as a child (TERM/INT/HUP passed on as TERM) so that the temporary properties file goes at the end.
run_cmd() {
  sm_print_cmd "submit:" "$@"
  [[ $DRY_RUN -eq 0 ]] || exit 0
  if [[ -z "$TMP_PROPS" ]]; then trap - EXIT; exec "$@"; fi
  "$@" &
  local child=$! rc=0
  trap 'kill -TERM "$child" 2>/dev/null || true' TERM INT HUP
  set +e
  wait "$child"; rc=$?
  while kill -0 "$child" 2>/dev/null; do wait "$child"; rc=$?; done
  set -e
  exit "$rc"
}

# Loopback only when everything runs on this machine.
master_is_local() {
  case "$1" in
    ""|local|local\[*|local-cluster\[*) return 0 ;;
    spark://127.0.0.1:*|spark://localhost:*|spark://\[::1\]:*) return 0 ;;
    *) return 1 ;;
  esac
}

if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  # A real Spark distribution: its own scripts set up everything.
  run_cmd "$SPARK_HOME/bin/spark-submit" "${submit_args[@]}"
fi

if [[ -n "${SPARK_HOME:-}" && -f "$SPARK_HOME/jars/spark-launcher_${SM_SCALA_BINARY}-${SM_SPARK_VERSION}.jar" ]]; then
  spark_home="$SPARK_HOME"
else
  [[ -z "${SPARK_HOME:-}" ]] || sm_log "warning: SPARK_HOME=$SPARK_HOME has neither bin/spark-submit nor Spark $SM_SPARK_VERSION jars; using $SM_MIN_SPARK_HOME"
  # Standalone and local need only Spark core; YARN and Kubernetes need their modules (profiles of the pom).
  profiles=()
  case "$MASTER" in
    yarn|yarn-*) profiles=(yarn) ;;
    k8s://*) profiles=(kubernetes) ;;
  esac
  sm_ensure_min_spark_home ${profiles[@]+"${profiles[@]}"}
  spark_home="$SM_MIN_SPARK_HOME"
fi
if master_is_local "$MASTER"; then export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"; fi
sm_spark_env "$spark_home"
sm_spark_class_cmd org.apache.spark.deploy.SparkSubmit "${submit_args[@]}"
run_cmd "${SM_CMD[@]}"
