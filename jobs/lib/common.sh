# shellcheck shell=bash
# Shared helpers for jobs/local-cluster.sh and jobs/submit.sh. Source it; do not run it.
#
# What it knows:
#   - the project root (two levels above this file) and its pom.xml, from which it reads the Spark, Scala and
#     Hadoop versions and the JVM options Spark needs (property spark.jvm.opens);
#   - the minimal SPARK_HOME built from Maven Central by jobs/spark-home/pom.xml (jars/ + conf/);
#   - how bin/spark-class builds a Spark JVM command: `java -cp 'jars/*' org.apache.spark.launcher.Main CLASS ARGS`
#     prints the real command NUL-separated. We run the same launcher, so memory flags, SPARK_*_OPTS,
#     spark-defaults.conf and Spark's own --add-opens list are handled exactly as in a Spark distribution.

SM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SM_POM="$SM_ROOT/pom.xml"
SM_SPARK_HOME_POM="$SM_ROOT/jobs/spark-home/pom.xml"
# The minimal SPARK_HOME; override with SPARK_MOMENTUM_SPARK_HOME (e.g. to share one between worktrees).
SM_MIN_SPARK_HOME="${SPARK_MOMENTUM_SPARK_HOME:-$SM_ROOT/jobs/spark-home/target/spark-home}"

sm_log() { printf '%s\n' "$*" >&2; }
sm_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# sm_java: the java binary (JAVA_HOME first, like Spark's launcher).
sm_java() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  else
    command -v java >/dev/null 2>&1 || sm_die "java not found (set JAVA_HOME or put java on PATH)"
    printf '%s\n' java
  fi
}

# sm_pom_prop NAME [DEFAULT]: the text of <NAME>...</NAME> in the root pom (first occurrence), or DEFAULT.
sm_pom_prop() {
  local name="$1" def="${2:-}" v=""
  if [[ -f "$SM_POM" ]]; then
    v="$(sed -n "s|.*<${name//./\\.}>\\(.*\\)</${name//./\\.}>.*|\\1|p" "$SM_POM" | head -n 1)"
  fi
  printf '%s\n' "${v:-$def}"
}

SM_SPARK_VERSION="$(sm_pom_prop spark.version 4.1.0)"
SM_SCALA_BINARY="$(sm_pom_prop scala.binary.version 2.13)"
SM_HADOOP_VERSION="$(sm_pom_prop hadoop.version 3.4.2)"

# sm_jvm_opens: the root pom's spark.jvm.opens, one option per line.
sm_jvm_opens() {
  local o
  for o in $(sm_pom_prop spark.jvm.opens); do printf '%s\n' "$o"; done
}

# sm_app_jar: the project's thin jar (artifactId-version.jar in target/), overridable by SPARK_MOMENTUM_JAR.
sm_app_jar() {
  if [[ -n "${SPARK_MOMENTUM_JAR:-}" ]]; then printf '%s\n' "$SPARK_MOMENTUM_JAR"; return; fi
  local a v
  a="$(sed -n 's|^  <artifactId>\(.*\)</artifactId>.*|\1|p' "$SM_POM" | head -n 1)"
  v="$(sed -n 's|^  <version>\(.*\)</version>.*|\1|p' "$SM_POM" | head -n 1)"
  printf '%s\n' "$SM_ROOT/target/${a:-spark-momentum}-${v:-0.1.0-SNAPSHOT}.jar"
}

# sm_profile_jar PROFILE: the jar that shows jobs/spark-home/pom.xml's profile PROFILE (yarn, kubernetes) was built.
sm_profile_jar() { printf 'spark-%s_%s-%s.jar\n' "$1" "$SM_SCALA_BINARY" "$SM_SPARK_VERSION"; }

# sm_spark_home_ok DIR [PROFILE...]: DIR looks like a usable minimal SPARK_HOME of the pom's versions (with the
# cluster-manager modules of the given profiles).
sm_spark_home_ok() {
  local d="$1" p; shift
  [[ -f "$d/jars/spark-core_${SM_SCALA_BINARY}-${SM_SPARK_VERSION}.jar" \
     && -f "$d/jars/spark-launcher_${SM_SCALA_BINARY}-${SM_SPARK_VERSION}.jar" \
     && -f "$d/jars/hadoop-client-runtime-${SM_HADOOP_VERSION}.jar" ]] || return 1
  for p in "$@"; do [[ -f "$d/jars/$(sm_profile_jar "$p")" ]] || return 1; done
}

# sm_ensure_min_spark_home [PROFILE...]: build the minimal SPARK_HOME (jars from ~/.m2 or Maven Central) unless
# present; PROFILE yarn / kubernetes adds spark-yarn / spark-kubernetes and their dependencies.
sm_ensure_min_spark_home() {
  if sm_spark_home_ok "$SM_MIN_SPARK_HOME" "$@"; then return 0; fi
  command -v mvn >/dev/null 2>&1 || sm_die "mvn not found: needed once to build $SM_MIN_SPARK_HOME"
  local profiles=() mvn_out
  [[ $# -eq 0 ]] || profiles=("-P$(IFS=,; printf '%s' "$*")")
  sm_log "building minimal SPARK_HOME (Spark $SM_SPARK_VERSION, Scala $SM_SCALA_BINARY, Hadoop $SM_HADOOP_VERSION${*:+, profiles: $*}) in $SM_MIN_SPARK_HOME"
  mvn_out="$(mktemp)"
  if ! mvn -B -q -f "$SM_SPARK_HOME_POM" ${profiles[@]+"${profiles[@]}"} \
        "-Dspark.version=$SM_SPARK_VERSION" "-Dscala.binary.version=$SM_SCALA_BINARY" \
        "-Dhadoop.version=$SM_HADOOP_VERSION" "-Dspark.home.dir=$SM_MIN_SPARK_HOME" \
        package >"$mvn_out" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$mvn_out" | grep -m 5 -E 'Could not|Failed|BUILD' >&2 || tail -n 40 "$mvn_out" >&2
    rm -f "$mvn_out"
    if [[ $# -gt 0 ]]; then
      sm_die "building the minimal SPARK_HOME with profile(s) $* failed; for these masters use a Spark $SM_SPARK_VERSION distribution instead (export SPARK_HOME=/path/to/spark with bin/spark-submit)"
    fi
    sm_die "building the minimal SPARK_HOME failed"
  fi
  rm -f "$mvn_out"
  sm_spark_home_ok "$SM_MIN_SPARK_HOME" "$@" || sm_die "built $SM_MIN_SPARK_HOME but its jars are not there"
}

# sm_spark_env HOME: the environment every Spark JVM started here needs.
#   SPARK_SCALA_VERSION: without it the launcher (and so every Worker starting an executor) fails with
#   "Cannot find any build directories", since a Maven-built SPARK_HOME has no launcher/target/scala-2.13.
# SPARK_LOCAL_IP is left to the callers: 127.0.0.1 is right only when every JVM runs on this machine.
sm_spark_env() {
  export SPARK_HOME="$1"
  export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-$SM_SCALA_BINARY}"
  [[ -n "${SPARK_CONF_DIR:-}" ]] || export SPARK_CONF_DIR="$SPARK_HOME/conf"
  mkdir -p "$SPARK_CONF_DIR" 2>/dev/null || true
}

# sm_spark_class_cmd CLASS [ARGS...]: sets the array SM_CMD to the JVM command bin/spark-class would run.
# Needs sm_spark_env first. Any option of the pom's spark.jvm.opens that the launcher did not add is added.
sm_spark_class_cmd() {
  local java out rc arg
  java="$(sm_java)"
  out="$(mktemp)"
  set +e
  # shellcheck disable=SC2086  # SPARK_LAUNCHER_OPTS is a list of JVM options, as in bin/spark-class
  "$java" -Xmx128m ${SPARK_LAUNCHER_OPTS:-} -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@" >"$out"
  rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then rm -f "$out"; sm_die "Spark's launcher (org.apache.spark.launcher.Main) failed with exit code $rc"; fi
  # Output format (as read by bin/spark-class): optional message lines, then "\0\n", then the command NUL-separated.
  SM_CMD=()
  local delim=$'\n' started=0
  while IFS= read -r -d "$delim" arg; do
    if [[ $started -eq 1 ]]; then
      SM_CMD+=("$arg")
    elif [[ -z "$arg" ]]; then
      delim=''; started=1
    else
      sm_log "$arg"
    fi
  done <"$out"
  rm -f "$out"
  [[ ${#SM_CMD[@]} -gt 1 ]] || sm_die "Spark's launcher printed no command"
  # Make sure the pom's list is there too (the launcher's list comes from the same JavaModuleOptions class).
  local extra=() opt have c
  while IFS= read -r opt; do
    [[ -n "$opt" ]] || continue
    have=0
    for c in "${SM_CMD[@]}"; do [[ "$c" == "$opt" ]] && { have=1; break; }; done
    [[ $have -eq 1 ]] || extra+=("$opt")
  done < <(sm_jvm_opens)
  if [[ ${#extra[@]} -gt 0 ]]; then
    SM_CMD=("${SM_CMD[0]}" "${extra[@]}" "${SM_CMD[@]:1}")
  fi
}

# sm_mask ARG: ARG with the value of every key=value whose key contains secret/password/token replaced by REDACTED.
# Covers `k=v` after --conf, `--conf=k=v`, `-Dk=v`, and such pairs inside --driver-java-options strings.
sm_mask() {
  printf '%s' "$1" | sed -E 's/([A-Za-z0-9_.-]*([Ss][Ee][Cc][Rr][Ee][Tt]|[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]|[Tt][Oo][Kk][Ee][Nn])[A-Za-z0-9_.-]*[=])[^[:space:]]*/\1REDACTED/g'
}

# sm_print_cmd PREFIX ARGS...: print the command shell-quoted (copy-pasteable) with secrets masked, to stderr.
sm_print_cmd() {
  local prefix="$1"; shift
  local a line="$prefix"
  for a in "$@"; do line+=" $(printf '%q' "$(sm_mask "$a")")"; done
  printf '%s\n' "$line" >&2
}
