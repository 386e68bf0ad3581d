#!/usr/bin/env python3
"""Verdicts against a build before them, task by task.

Runs `arithsynth solve` with two binaries, one set at a time and the two
binaries one after the other (so that the machine's load falls on both
alike), at each budget, and prints one markdown row per set and budget:

- correct: the tasks whose answer is right on the held-out examples; for
  a binary with verdicts, only those whose verdict is `generalizes`;
- fits only: answers the new binary gives with the verdict `fits-only`
  (right on held-out / all);
- spurious: answers claimed `generalizes` that are wrong on held-out;
- won and lost: the tasks correct with one binary and not with the other;
- the median time per task (ms, `time_ms` of the result lines).

On `control` (tasks with no short program) every claim is spurious.

    cargo build --release -p arithsynth-cli
    python3 scripts/verdicts.py --before /path/to/arithsynth-main \\
        --after target/release/arithsynth --budgets 1s,10s --out results/verdicts

`--before-results DIR` (and `--after-results DIR`) read an earlier run's
files instead of running that binary again.
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SETS = [
    "control",
    "everyday",
    "everyday-hard",
    "case-splits",
    "sequences",
    "generated-100",
    "formulas-heldout",
    "enumerated-heldout",
]


def run(binary, tasks, budget, jobs, out):
    subprocess.run(
        [binary, "solve", "--tasks", str(tasks), "--budget", budget, "--jobs", jobs,
         "--out", str(out)],
        check=True, stdout=subprocess.DEVNULL)
    return {r["name"]: r for r in map(json.loads, out.read_text().splitlines())}


def side(binary, results, which, tasks, budget, name, jobs, out):
    """One side's result lines: read from `results` when given, else run."""
    if results:
        path = pathlib.Path(results) / f"{which}-{budget}-{name}.jsonl"
        return {r["name"]: r for r in map(json.loads, path.read_text().splitlines())}
    if not binary:
        sys.exit(f"give --{which} or --{which}-results")
    return run(binary, tasks, budget, jobs, out / f"{which}-{budget}-{name}.jsonl")


def claimed(r):
    """Whether a line claims its program: a verdict of `generalizes`, or
    (before verdicts) any program found."""
    return r["solved"] and r.get("verdict", "generalizes") == "generalizes"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="the binary before (or --before-results)")
    parser.add_argument("--before-results",
                        help="a folder with an earlier run's before-BUDGET-SET.jsonl, read "
                             "instead of running --before (the table says how old)")
    parser.add_argument("--after-results",
                        help="a folder with after-BUDGET-SET.jsonl, read instead of running --after")
    parser.add_argument("--after")
    parser.add_argument("--budgets", default="1s,10s")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--out", default="results/verdicts")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print("| set | budget | correct before → after | fits only (right) | spurious before → after "
          "| lost | won | median ms before → after |")
    print("|---|---|---|---|---|---|---|---|")
    for budget in args.budgets.split(","):
        for name in args.sets.split(","):
            tasks = ROOT / "examples" / "tasks" / f"{name}.jsonl"
            before = side(args.before, args.before_results, "before", tasks, budget, name,
                          args.jobs, out)
            after = side(args.after, args.after_results, "after", tasks, budget, name,
                         args.jobs, out)
            right = lambda rs: {n for n, r in rs.items() if claimed(r) and r["test_ok"] is True}
            spurious = lambda rs: sum(claimed(r) and r["test_ok"] is not True for r in rs.values())
            fits = [r for r in after.values() if r.get("verdict") == "fits-only"]
            lost = sorted(right(before) - right(after))
            won = sorted(right(after) - right(before))
            median = lambda rs: statistics.median(r["time_ms"] for r in rs.values())
            print(f"| {name} ({len(after)}) | {budget} | {len(right(before))} → {len(right(after))} "
                  f"| {len(fits)} ({sum(r['test_ok'] is True for r in fits)}) "
                  f"| {spurious(before)} → {spurious(after)} "
                  f"| {', '.join(lost) or '–'} | {', '.join(won) or '–'} "
                  f"| {median(before):.2f} → {median(after):.2f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
