#!/usr/bin/env bash
# Shorthand for jobs/cli.sh train --config CONF [args...]
#   jobs/train.sh conf/movielens-100k.conf --output runs/ml100k [--set optimizer.lr=0.5 ...]
set -euo pipefail
if [[ $# -lt 1 || "$1" == -h || "$1" == --help ]]; then
  echo "usage: jobs/train.sh CONF [train options...]   (see: jobs/cli.sh train --help)" >&2
  exit 2
fi
conf="$1"
shift
exec "$(dirname "${BASH_SOURCE[0]}")/cli.sh" train --config "$conf" "$@"
