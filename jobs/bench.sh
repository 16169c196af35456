#!/usr/bin/env bash
# The benchmark harness (see jobs/BENCH.md). Needs the shared MovieLens data (--data DIR, default ../shared/data).
#   jobs/bench.sh [--quick] [--repeats N] [--out DIR] [--data DIR] [--datasets a,b] [--folds u1,...]
#       accuracy and fit time: our trainer vs MLlib ALS, MLlib FMRegressor and the damped bias baseline
#   jobs/bench.sh --models [--quick] [--repeats N] [--data DIR] [--datasets a9a,fashion-mnist,ml-100k] [--folds u1,..]
#       our seed models (logistic, fm, mlp, softmax) against MLlib's LogisticRegression, FMClassifier,
#       MultilayerPerceptronClassifier and FMRegressor, on the same rows (target/bench-models/)
#   jobs/bench.sh --ranking [--quick] [--repeats N] [--data DIR] [--datasets ml-100k,ml-latest-small,ml-1m]
#       top-K ranking (P@10, NDCG@10, MAP@10, AUC, ...): popularity, Spark ALS implicit (best of grid), ours
#       (target/bench-ranking/)
#   jobs/bench.sh --scale [--sizes 5000000,20000000] [--repeats N] [--data-dir DIR] [--epochs 100] [--datasets a,b]
#       issue 16 at scale: Spark ALS (grid on test), bias baseline and ours (row-scaled full batch) on realistic
#       generated sets and the ML-1M subset; our time to ALS's best test RMSE (target/bench/scale.{md,json})
#   jobs/bench.sh --zero-config [--repeats N] [--out DIR] [--data DIR] [--data-dir DIR] [--datasets a,b]
#       issue 15: our trainer with only data.train/test/format (self-tuning) vs Spark ALS (best of grid on test) and
#       the bias baseline on ML-100K u1, ml-latest-small split-42 and generated sets (1k, 100k, 100k on 0-10 and
#       1-100; synth-5M on request) (target/bench/zero-config.{md,json})
#   jobs/bench.sh --scaling [--sizes 1000000,5000000,20000000] [--rounds 50] [--warmup 10] [--batch 10000]
#                 [--out DIR] [--scaling-data DIR] [--set key=value ...]
#       ms per round on synthetic data made by `jobs/cli.sh generate` (one JVM per size)
# Environment:
#   MASTER                     Spark master (default local[2])
#   SPARK_MOMENTUM_HEAP        JVM heap of the accuracy benchmark (default 4g)
#   SPARK_MOMENTUM_SCALING_HEAP JVM heap of each scaling run and of --scale (default 8g)
#   JAVA_OPTS                  extra JVM options
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$SM_ROOT"

classes="$SM_ROOT/target/classes"
cp_file="$SM_ROOT/target/classpath.txt"
if [[ ! -f "$cp_file" || ! -f "$classes/io/sparkmomentum/bench/Benchmark.class" ]]; then
  sm_log "building spark-momentum (first run: Maven downloads Spark, about 330 MB)..."
  mvn -B -q -DskipTests package >&2 || sm_die "build failed (run: mvn -B -DskipTests package)"
fi

opens=()
while IFS= read -r o; do opens+=("$o"); done < <(sm_jvm_opens)
extra=()
if [[ -n "${JAVA_OPTS:-}" ]]; then read -r -a extra <<<"$JAVA_OPTS"; fi
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

# bench_java HEAP ARGS...: the benchmark's main class in one JVM.
bench_java() {
  local heap="$1"; shift
  "$(sm_java)" "-Xmx$heap" "${opens[@]}" ${extra[@]+"${extra[@]}"} \
    "-Dspark.master=${MASTER:-local[2]}" \
    "-Dlog4j2.configurationFile=$SM_ROOT/conf/log4j2.properties" \
    -cp "$classes:$(cat "$cp_file")" io.sparkmomentum.bench.Benchmark "$@"
}

scaling=0
for a in "$@"; do
  [[ "$a" == "--scaling" ]] && scaling=1
  if [[ "$a" == "--scale" ]]; then bench_java "${SPARK_MOMENTUM_SCALING_HEAP:-8g}" "$@"; exit $?; fi
done
if [[ $scaling -eq 0 ]]; then
  bench_java "${SPARK_MOMENTUM_HEAP:-4g}" "$@"
  exit $?
fi

sizes="1000000,5000000,20000000"
out="target/bench"
data_dir="${TMPDIR:-/tmp}/spark-momentum-scaling"
pass=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scaling) shift ;;
    --sizes) sizes="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --scaling-data) data_dir="$2"; shift 2 ;;
    --rounds|--warmup|--batch|--set|--conf) pass+=("$1" "$2"); shift 2 ;;
    *) sm_die "unknown --scaling argument: $1" ;;
  esac
done
mkdir -p "$out" "$data_dir"
heap="${SPARK_MOMENTUM_SCALING_HEAP:-8g}"
IFS=',' read -r -a ns <<<"$sizes"
for n in "${ns[@]}"; do
  d="$data_dir/synth-$n"
  if [[ ! -f "$d/train.tsv" ]]; then
    sm_log "generating $n synthetic ratings in $d"
    # uniform users and items: the data the scaling table was measured on (generate's default is now Zipf-like)
    SPARK_MOMENTUM_HEAP="$heap" "$SM_ROOT/jobs/cli.sh" generate --users 200000 --items 50000 --rank 32 \
      --item-exponent 0 --user-exponent 0 --ratings "$n" --test-fraction 0 --seed 1 --output "$d" --overwrite
  fi
  label="$n"
  if (( n % 1000000 == 0 )); then label="$((n / 1000000))M"; fi
  sm_log "scaling run: $label ratings, -Xmx$heap, ${MASTER:-local[2]}"
  if ! bench_java "$heap" --scaling-run "$d/train.tsv" --label "$label" --out "$out" ${pass[@]+"${pass[@]}"}; then
    sm_log "scaling run $label FAILED (exit $?); see the output above"
  fi
done
bench_java 512m --scaling-report "$out"
