#!/usr/bin/env python3
"""Derives reference cases whose row count num_batches does not divide, from the PyTorch cases in ../reference.

Nothing here is re-simulated: every derived trajectory follows from the reference README's rules.

* "append": r rows (1 <= r < num_batches) are appended after the n rows of a case with num_batches | n.
  With size = (n + r) // num_batches = n // num_batches, every slice is the same rows as before and the appended
  rows are the remainder, which is never used: losses, rates, norms and trajectory are unchanged, bit for bit.
  The appended rows are chosen so that using them would change the gradient (a label flipped or shifted, a
  rating changed), so a replay that reads them fails.
* "regroup": a full-batch case (num_batches = 1, accumulation_steps = 1, n rows) becomes num_batches = k,
  accumulation_steps = k with k | n, plus r appended remainder rows. Each step then averages the k equal slices
  of the n rows: the mean of k equal-size slice means is the mean over the n rows, so the step's loss and gradient
  are those of the full batch in exact arithmetic (in floating point they differ by rounding, far below the 1e-9
  tolerance). Every step's batches cover every row: a sparse step leaves no row behind.

Run from the repository root: python3 src/test/resources/reference-tools/derive_remainder_cases.py
"""
import json
import os

SRC = "src/test/resources/reference"
DST = "src/test/resources/reference"


def rows(case):
    p = case["problem"]
    return len(p["ratings"]) if p["type"] == "mf" else len(p["y"])


def append_rows(case, r):
    """Appends r rows that differ from the first r rows (so that reading them would change the result)."""
    p = case["problem"]
    if p["type"] == "mf":
        for j in range(r):
            u, i, rating = p["ratings"][j]
            p["ratings"].append([u, i, 1.0 if rating >= 3.0 else 5.0])
    elif p["type"] == "logistic":
        for j in range(r):
            p["X"].append(list(p["X"][j]))
            p["y"].append(-p["y"][j])
    else:
        for j in range(r):
            p["X"].append(list(p["X"][j]))
            p["y"].append(p["y"][j] + 8.0)


def derive(src_name, dst_index, mode, r, k=None):
    with open(os.path.join(SRC, src_name)) as f:
        case = json.load(f)
    n = rows(case)
    nb = case["num_batches"]
    if mode == "append":
        assert n % nb == 0 and 0 < r < nb, (src_name, n, nb, r)
        what = f"append-rem{r}"
    else:
        assert nb == 1 and case["accumulation_steps"] == 1 and n % k == 0 and 0 <= r < k, (src_name, n, k, r)
        case["num_batches"] = k
        case["accumulation_steps"] = k
        what = f"regroup-acc{k}-nb{k}-rem{r}"
    append_rows(case, r)
    assert rows(case) // case["num_batches"] == n // case["num_batches"]
    base = src_name[4:-len(".json")]
    case["name"] = f"{base}-{what}"
    case["derived_from"] = {"file": src_name, "mode": mode, "appended_rows": r,
                            "script": "src/test/resources/reference-tools/derive_remainder_cases.py"}
    out = os.path.join(DST, f"{dst_index:03d}-{case['name']}.json")
    with open(out, "w") as f:
        json.dump(case, f)
    print(out, "rows", rows(case), "num_batches", case["num_batches"], "remainder", rows(case) % case["num_batches"])


derive("004-least_squares-lr0.1-m0.9-d0-heavyball-wd0-constant-clip1.0-acc1-nb4.json", 90, "append", 1)
derive("005-least_squares-lr0.1-m0.9-d0-heavyball-wd0-constant-clipNone-acc3-nb4.json", 91, "append", 2)
derive("034-logistic-lr0.1-m0.9-d0-heavyball-wd0-constant-clip1.0-acc1-nb4.json", 92, "append", 3)
derive("035-logistic-lr0.1-m0.9-d0-heavyball-wd0-constant-clipNone-acc3-nb4.json", 93, "append", 1)
derive("064-mf-lr0.1-m0.9-d0-heavyball-wd0-constant-clip1.0-acc1-nb4.json", 94, "append", 2)
derive("065-mf-lr0.1-m0.9-d0-heavyball-wd0-constant-clipNone-acc3-nb4.json", 95, "append", 3)
derive("063-mf-lr0.1-m0.9-d0-heavyball-wd0-constant-clipNone-acc1-nb1.json", 96, "regroup", 2, k=3)
derive("003-least_squares-lr0.1-m0.9-d0-heavyball-wd0-constant-clipNone-acc1-nb1.json", 97, "regroup", 1, k=3)
