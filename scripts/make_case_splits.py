#!/usr/bin/env python3
"""Write the case-split task set: examples/tasks/case-splits.jsonl.

The SyGuS competition's classic PBE case splits, written from their
definitions: `max2` .. `max8` (the largest of n integers) and
`array_search_2` .. `array_search_6` (the index of a key `k` among sorted
`x1 < ... < xn`: how many are below it). Their programs are decision trees
of 5 to 60 nodes over tiny terms. Each task has 16 training examples with
inputs in -60..60 and 40 held-out ones in -600..600; the grammar is
`+ - ite <`, `<=` with the literals 0..n.

Standard library only; a fixed seed, so the output is the same every run.

    python3 scripts/make_case_splits.py
"""
import json
import random
from pathlib import Path

rng = random.Random(20261204)


def max_task(n):
    names = [chr(ord("a") + i) for i in range(n)]

    def rows(count, bound):
        out = []
        for _ in range(count):
            x = [rng.randint(-bound, bound) for _ in names]
            out.append([x, max(x)])
        return out

    return {
        "name": f"max{n}",
        "family": "max",
        "vars": names,
        "train": rows(16, 60),
        "test": rows(40, 600),
        "grammar": {"ops": ["+", "-", "ite", "<", "<="], "literals": [0, 1]},
    }


def search_task(n):
    names = [f"x{i}" for i in range(1, n + 1)] + ["k"]

    def rows(count, bound):
        out = []
        for _ in range(count):
            xs = sorted(rng.sample(range(-bound, bound + 1), n))
            k = rng.randint(-bound, bound)
            while k in xs:
                k = rng.randint(-bound, bound)
            out.append([xs + [k], sum(1 for x in xs if x < k)])
        return out

    return {
        "name": f"array_search_{n}",
        "family": "array-search",
        "vars": names,
        "train": rows(16, 60),
        "test": rows(40, 600),
        "grammar": {"ops": ["+", "-", "ite", "<", "<="], "literals": list(range(n + 1))},
    }


tasks = [max_task(n) for n in range(2, 9)] + [search_task(n) for n in range(2, 7)]
out = Path(__file__).resolve().parent.parent / "examples" / "tasks" / "case-splits.jsonl"
tmp = out.with_suffix(".jsonl.tmp")
tmp.write_text("".join(json.dumps(t) + "\n" for t in tasks))
tmp.replace(out)
print(f"wrote {len(tasks)} tasks to {out}")
