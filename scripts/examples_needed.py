#!/usr/bin/env python3
"""Examples needed to generalize (PolyGen's measure), on case splits.

For each task (the maximum of 2, 3 and 4 numbers, the index of a key in a
sorted list of 2, 3 and 4, tiered prices of two and three tiers and a grade
from a score) and each of two random streams of examples, the search is run
with the first k examples for k = 2, 3, ..., 24, then every 4 up to 64;
the examples needed is the first k whose answer is right on 1,000 fresh
inputs (the task's held-out examples). A stream never answered right
counts as more than 64.

Each configuration is a binary and a strategy:

    python3 scripts/examples_needed.py \\
        --run new=target/release/arithsynth:hybrid \\
        --run no-unify=target/release/arithsynth:hybrid-no-unify \\
        --run id3=/path/to/arithsynth-before:hybrid \\
        [--budget 1s] [--jobs 2] [--out results/examples-needed]

It prints one markdown table: the examples needed per task (median over
the streams) and per configuration, the median over all streams, and the
largest case split returned against the bound 8 (1 + ceil(log2 n)). Its
last column, `floor`, needs no search: the first k at which a stream's
examples show every case of its task (each variable as the maximum, each
index, each tier, each grade); a learner that returns the smallest
program consistent with its examples is not right before that.
Standard library only; the tasks are the same every run (fixed seeds).
"""

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys

KS = list(range(2, 25)) + list(range(28, 65, 4))
FRESH = 1000
STREAMS = 2


def maximum(n):
    names = [chr(ord("a") + i) for i in range(n)]

    def draw(rng):
        x = [rng.randint(-60, 60) for _ in names]
        return x, max(x)

    return f"max{n}", names, {"ops": ["+", "-", "ite", "<", "<="], "literals": [0, 1]}, draw


def case_of(name, x, y):
    """Which case of the task an example shows: the variable that is the
    maximum, the index found, the tier, the grade. A learner that returns
    the smallest program consistent with its examples cannot be right
    before it has seen every case: `floor` below."""
    if name.startswith("max"):
        return x.index(y)
    if name.startswith("tiers"):
        return sum(1 for bound in (10, 50)[: int(name[-1]) - 1] if x[0] >= bound)
    return y


CASES = {"max2": 2, "max3": 3, "max4": 4, "array_search_2": 3, "array_search_3": 4,
         "array_search_4": 5, "tiers2": 2, "tiers3": 3, "grade": 5}


def search(n):
    names = [f"x{i}" for i in range(1, n + 1)] + ["k"]

    def draw(rng):
        xs = sorted(rng.sample(range(-60, 61), n))
        k = rng.randint(-60, 60)
        while k in xs:
            k = rng.randint(-60, 60)
        return xs + [k], sum(1 for x in xs if x < k)

    grammar = {"ops": ["+", "-", "ite", "<", "<="], "literals": list(range(n + 1))}
    return f"array_search_{n}", names, grammar, draw


def tiers(bounds, rates):
    """A price per item that drops at each bound: q * rate of its tier."""

    def price(q):
        for bound, rate in zip(bounds, rates):
            if q < bound:
                return q * rate
        return q * rates[-1]

    def draw(rng):
        q = rng.randint(0, max(2 * bounds[-1], 200))
        return [q], price(q)

    literals = sorted({0, 1, *bounds, *rates})
    grammar = {"ops": ["+", "-", "*", "ite", "<", "<="], "literals": literals}
    return f"tiers{len(rates)}", ["q"], grammar, draw


def grade():
    """A grade 0..4 from a score 0..100, at 60, 70, 80 and 90."""

    def draw(rng):
        s = rng.randint(0, 100)
        return [s], sum(1 for t in (60, 70, 80, 90) if s >= t)

    grammar = {"ops": ["+", "-", "ite", "<", "<="], "literals": [0, 1, 2, 3, 4, 60, 70, 80, 90]}
    return "grade", ["s"], grammar, draw


TASKS = [maximum(2), maximum(3), maximum(4), search(2), search(3), search(4),
         tiers([10], [5, 4]), tiers([10, 50], [5, 4, 3]), grade()]


def write_tasks(path):
    """Writes the tasks; returns the floor of each stream: the first k at
    which its examples show every case of the task."""
    lines, floors = [], {}
    for t, (name, names, grammar, draw) in enumerate(TASKS):
        for stream in range(STREAMS):
            rng = random.Random(1000 * t + stream)
            rows, seen = [], set()
            for _ in range(100 * max(KS)):
                if len(rows) == max(KS):
                    break
                x, y = draw(rng)
                if tuple(x) not in seen:
                    seen.add(tuple(x))
                    rows.append([x, y])
            assert len(rows) == max(KS), f"{name}: too few distinct inputs"
            fresh = [list(draw(rng)) for _ in range(FRESH)]
            floors.setdefault(name, []).append(next(
                (k for k in KS if len({case_of(name, x, y) for x, y in rows[:k]}) == CASES[name]),
                math.inf))
            for k in KS:
                lines.append({"name": f"{name}@{stream}@{k}", "family": name, "vars": names,
                              "grammar": grammar, "train": rows[:k], "test": fresh})
    with open(path, "w") as f:
        for line in lines:
            f.write(json.dumps(line, separators=(",", ":")) + "\n")
    return floors


def needed(results):
    """task -> [examples needed per stream], and the largest split per k."""
    by = {}
    for r in results:
        name, stream, k = r["name"].split("@")
        by.setdefault((name, int(stream)), []).append((int(k), r))
    out = {}
    for (name, _), runs in sorted(by.items()):
        runs.sort(key=lambda kr: kr[0])
        first = next((k for k, r in runs if r.get("test_ok")), math.inf)
        out.setdefault(name, []).append(first)
    return out


def largest_over_bound(results):
    worst = 0.0
    for r in results:
        if r.get("program") and "ite" in r["program"]:
            k = int(r["name"].split("@")[2])
            bound = 8 * (1 + max(1, math.ceil(math.log2(k))))
            worst = max(worst, r["size"] / bound)
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", action="append", required=True, help="NAME=BINARY:STRATEGY")
    parser.add_argument("--budget", default="1s")
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--out", default="results/examples-needed")
    parser.add_argument("--keep", action="append", default=[],
                        help="NAME: reuse that run's results in --out instead of running it")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    tasks = os.path.join(args.out, "tasks.jsonl")
    floors = write_tasks(tasks)
    table = {}
    for run in args.run:
        name, spec = run.split("=", 1)
        binary, strategy = spec.rsplit(":", 1)
        out = os.path.join(args.out, f"{name}.jsonl")
        if name not in args.keep:
            subprocess.run([binary, "solve", "--tasks", tasks, "--strategy", strategy,
                            "--budget", args.budget, "--jobs", args.jobs, "--out", out],
                           check=True, stdout=subprocess.DEVNULL)
        results = [json.loads(line) for line in open(out)]
        table[name] = (needed(results), largest_over_bound(results))
    # the floor: every case seen (no learner of smallest programs is right
    # sooner), as a column of its own
    table["floor"] = (floors, None)
    names = list(table)
    fmt = lambda v: ">64" if v == math.inf else f"{v:g}"
    print("| task | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for task, *_ in TASKS:
        cells = [fmt(statistics.median(table[n][0][task])) for n in names]
        print(f"| {task} | " + " | ".join(cells) + " |")
    medians = [fmt(statistics.median(v for vs in table[n][0].values() for v in vs)) for n in names]
    print("| **median, all streams** | " + " | ".join(medians) + " |")
    print("| largest split / bound | "
          + " | ".join("–" if table[n][1] is None else f"{table[n][1]:.2f}" for n in names) + " |")


if __name__ == "__main__":
    sys.exit(main())
