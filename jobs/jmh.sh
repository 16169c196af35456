#!/usr/bin/env bash
# JMH micro-benchmark of the gradient kernel (target 5; see jobs/BENCH.md). Not part of `mvn verify`.
#   jobs/jmh.sh                      # all of KernelBenchmark (about 7 minutes), then the ratio table
#   jobs/jmh.sh -f 1 -wi 2 -i 3      # any JMH options (here: quicker, wider error bars)
#   jobs/jmh.sh -p shape=943x1682 'KernelBenchmark.(kernelMiniBatch|tightLoop)$'
#   jobs/jmh.sh -jvmArgsAppend --add-modules=jdk.incubator.vector MlpGradientBenchmark   # MLP loops vs BLAS dgemm
# Writes target/jmh/result.json (JMH's JSON) and target/jmh/ratios.md. The first run downloads JMH 1.37 (Maven).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$SM_ROOT"
mkdir -p target/jmh
sm_log "building the JMH benchmarks (mvn -Pjmh test-compile)..."
mvn -B -q -Pjmh -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh/classpath.txt -Dmdep.includeScope=test >&2 \
  || sm_die "build failed (run: mvn -B -Pjmh -DskipTests test-compile)"
cp="target/test-classes:target/classes:$(cat target/jmh/classpath.txt)"
pattern=()
has_pattern=0
for a in "$@"; do [[ "$a" == *Benchmark* ]] && has_pattern=1; done
[[ $has_pattern -eq 1 ]] || pattern=(KernelBenchmark)
"$(sm_java)" -cp "$cp" org.openjdk.jmh.Main "${pattern[@]}" -rf json -rff target/jmh/result.json "$@"
"$(sm_java)" -Xmx256m -cp "$cp" io.sparkmomentum.bench.jmh.JmhRatios target/jmh/result.json | tee target/jmh/ratios.md
