#!/usr/bin/env bash
# Runs any spark-momentum subcommand locally, with Spark on the classpath (from Maven).
#   jobs/cli.sh SUBCOMMAND [args...]      e.g. jobs/cli.sh train --config conf/sample.conf --output runs/sample
# Environment:
#   MASTER              Spark master for train (default local[*])
#   SPARK_MOMENTUM_HEAP driver JVM heap (default 4g); in local mode the executors live in this JVM too
#   JAVA_OPTS           extra JVM options
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if [[ $# -eq 0 ]]; then
  set -- --help
fi

classes="$SM_ROOT/target/classes"
cp_file="$SM_ROOT/target/classpath.txt"
if [[ ! -f "$cp_file" || ! -d "$classes/io/sparkmomentum" ]]; then
  sm_log "building spark-momentum (first run: Maven downloads Spark, about 330 MB)..."
  (cd "$SM_ROOT" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2 || sm_die "build failed (run: mvn -B -DskipTests package)"
fi

opens=()
# jdk.incubator.vector is left out: the CLI does not use it, and it prints "WARNING: Using incubator modules"
while IFS= read -r o; do [[ "$o" == --add-modules=jdk.incubator.vector ]] || opens+=("$o"); done < <(sm_jvm_opens)
extra=()
if [[ -n "${JAVA_OPTS:-}" ]]; then read -r -a extra <<<"$JAVA_OPTS"; fi

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
exec "$(sm_java)" "-Xmx${SPARK_MOMENTUM_HEAP:-4g}" "${opens[@]}" "${extra[@]}" \
  "-Dspark.master=${MASTER:-local[*]}" \
  "-Dlog4j2.configurationFile=$SM_ROOT/conf/log4j2.properties" \
  -cp "$classes:$(cat "$cp_file")" io.sparkmomentum.cli.Main "$@"
