#!/usr/bin/env python3
"""How far past its time limit a search comes back: the overrun table.

For each task set and each limit, runs `arithsynth solve --budget LIMIT` and
reads each task's `wall_ms` (the task's whole call: search, reranking and
result line); for the SyGuS corpus, times each `arithsynth sygus FILE
--budget LIMIT` process from the outside (start-up and model loading
included). The overrun is the time taken minus the limit. Prints one row
per set and limit: tasks, the median, 95th percentile and largest overrun,
and how many tasks broke the promise (more than 5% plus 50 ms past the
limit).

    cargo build --release -p arithsynth-cli
    python3 scripts/overrun.py                    # every set at 0.2 s and 1 s, SyGuS at 2 s
    python3 scripts/overrun.py --limits 10 --sets everyday,sequences
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SETS = [
    "everyday",
    "everyday-hard",
    "formulas-heldout",
    "sequences",
    "case-splits",
    "generated-100",
    "enumerated-heldout",
]


def allowed(limit_ms):
    """The promise: the limit plus 5% plus 50 ms."""
    return limit_ms * 1.05 + 50.0


def row(name, limit_ms, walls):
    over = sorted(w - limit_ms for w in walls)
    if not over:
        return f"| {name} | {limit_ms / 1000:g} s | 0 | | | | |"
    p95 = over[min(len(over) - 1, int(round(0.95 * (len(over) - 1))))]
    broken = sum(1 for w in walls if w > allowed(limit_ms))
    return (
        f"| {name} | {limit_ms / 1000:g} s | {len(over)} | {statistics.median(over):+.0f} ms "
        f"| {p95:+.0f} ms | {over[-1]:+.0f} ms | {broken} |"
    )


def solve_set(binary, name, limit, jobs):
    tasks = ROOT / "examples" / "tasks" / f"{name}.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "results.jsonl"
        subprocess.run(
            [binary, "solve", "--tasks", str(tasks), "--budget", f"{limit}s",
             "--jobs", str(jobs), "--out", str(out)],
            check=True, stdout=subprocess.DEVNULL,
        )
        return [json.loads(line)["wall_ms"] for line in out.read_text().splitlines()]


def solve_sygus(binary, limit):
    walls = []
    for path in sorted((ROOT / "tests" / "sygus").glob("*.s[ly]")):
        started = time.monotonic()
        done = subprocess.run(
            [binary, "sygus", str(path), "--budget", f"{limit}s"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            timeout=limit * 20 + 30,
        )
        wall = (time.monotonic() - started) * 1000.0
        if done.returncode != 0:
            # a typed error before any search (outside the fragment, a
            # Boolean function): nothing to time
            print(f"  skipped: {path.name}: {done.stderr.strip()[:80]}", file=sys.stderr)
            continue
        walls.append(wall)
        if wall > allowed(limit * 1000.0):
            print(f"  over: {path.name} {wall:.0f} ms", file=sys.stderr)
    return walls


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "arithsynth"))
    parser.add_argument("--limits", default="0.2,1", help="seconds, comma separated")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--sygus-limit", type=float, default=2.0, help="0: skip the corpus")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    print("| set | limit | tasks | median overrun | 95th pct | largest | over 5% + 50 ms |")
    print("|---|---|---|---|---|---|---|")
    for limit in [float(x) for x in args.limits.split(",") if x]:
        for name in [s for s in args.sets.split(",") if s]:
            walls = solve_set(args.binary, name, limit, args.jobs)
            print(row(name, limit * 1000.0, walls), flush=True)
    if args.sygus_limit > 0:
        walls = solve_sygus(args.binary, args.sygus_limit)
        print(row("SyGuS corpus", args.sygus_limit * 1000.0, walls), flush=True)


if __name__ == "__main__":
    main()
