#!/usr/bin/env bash
# Builds spark-momentum if needed, then trains conf/sample.conf on the bundled sample in local[*].
# The last line printed is the run's JSON summary; the run directory is runs/quickstart.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
exec "$root/jobs/train.sh" conf/sample.conf --output runs/quickstart --overwrite "$@"
