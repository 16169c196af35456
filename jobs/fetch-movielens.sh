#!/usr/bin/env bash
# Downloads MovieLens from GroupLens into data/movielens/ (git-ignored: the licence forbids redistribution).
#   jobs/fetch-movielens.sh [ml-100k|ml-latest-small|ml-1m] ...   (default: ml-100k ml-latest-small)
# Needs internet access. Read the licence in each README before using the data.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/data/movielens"
mkdir -p "$dest"
sets=("$@")
if [[ ${#sets[@]} -eq 0 ]]; then sets=(ml-100k ml-latest-small); fi
for s in "${sets[@]}"; do
  case "$s" in
    ml-100k|ml-latest-small|ml-1m|ml-10m) ;;
    *) echo "error: unknown data set '$s' (ml-100k, ml-latest-small, ml-1m, ml-10m)" >&2; exit 2 ;;
  esac
  if [[ -d "$dest/$s" ]]; then echo "$dest/$s exists; skipping" >&2; continue; fi
  url="https://files.grouplens.org/datasets/movielens/$s.zip"
  tmp="$(mktemp -d)"
  echo "downloading $url" >&2
  if ! curl -fsSL --retry 3 -o "$tmp/$s.zip" "$url"; then
    rm -rf "$tmp"
    echo "error: could not download $url (no internet access?)" >&2
    exit 1
  fi
  (cd "$tmp" && unzip -q "$s.zip")
  src="$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
  mv "$src" "$dest/$s"
  rm -rf "$tmp"
  echo "$dest/$s" >&2
done
echo "train with e.g.: jobs/train.sh conf/movielens-100k.conf --set data.train=data/movielens/ml-100k/u1.base --set data.test=data/movielens/ml-100k/u1.test --output runs/u1" >&2
