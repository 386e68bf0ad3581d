"""Solve a task file on Ray: one Ray task per shard, one results file.

    python examples/ray_solve.py examples/tasks/everyday.jsonl results.jsonl \
        --time-limit none --candidates 200000 --strategy enumerative

The tasks are cut into deterministic shards (task k goes to shard k mod N),
each shard is solved by ``arithsynth.solve_tasks`` in a Ray worker, and the
records are put back in file order: under a candidate budget
(``--time-limit none --candidates N``) the file has the same programs, in
the same order, as a single-process run (``--local``), less the ``time_ms``
field. Lines are JSON objects with sorted keys, the fields of
``arithsynth solve``'s result lines.

Without ``--address`` Ray starts on this machine (``--num-cpus``, default
all); with ``--address auto`` (or ``ray://head:10001``) the same script runs
on a cluster. Workers get the task lines from the driver, so only the driver
reads the file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import arithsynth


def task_lines(path: Path) -> List[str]:
    """The task file's non-blank lines: the positions shards count."""
    return [line for line in path.read_text().splitlines() if line.strip()]


def interleave(shards: List[List[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """Puts shard records back in task order: task k is record k // N of shard k % N."""
    count = len(shards)
    total = sum(len(shard) for shard in shards)
    return [shards[k % count][k // count] for k in range(total)]


def solve_on_ray(lines: List[str], shards: int, options: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Solves `lines` in `shards` Ray tasks (Ray must be initialized)."""
    import ray

    @ray.remote(num_cpus=1)
    def solve_shard(lines: List[str], index: int, count: int, options: Dict[str, Any]):
        import arithsynth

        return arithsynth.solve_tasks(lines, shard=(index, count), **options)

    shared = ray.put(lines)
    futures = [solve_shard.remote(shared, index, shards, options) for index in range(shards)]
    return interleave(ray.get(futures))


def write_results(records: List[Dict[str, Any]], out: Path) -> None:
    """Writes JSON lines to a temporary file beside `out`, then renames it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    with os.fdopen(handle, "w") as file:
        for record in records:
            file.write(json.dumps(record, sort_keys=True) + "\n")
    os.replace(temporary, out)


def options_from(args: argparse.Namespace) -> Dict[str, Any]:
    """solve_tasks keywords from the command line."""
    time_limit: Optional[float] = None if args.time_limit == "none" else float(args.time_limit)
    if time_limit is None and args.candidates is None:
        raise SystemExit("--time-limit none needs --candidates: a search needs some limit")
    return dict(
        time_limit=time_limit,
        candidate_limit=args.candidates,
        sample_limit=args.samples,
        strategy=args.strategy,
        seed=args.seed,
    )


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tasks", type=Path, help="task file (JSON lines)")
    parser.add_argument("out", type=Path, help="results file (JSON lines)")
    parser.add_argument("--time-limit", default="10", help="seconds per task, or none")
    parser.add_argument("--candidates", type=int, help="candidates per task")
    parser.add_argument("--samples", type=int, help="model samples per task")
    parser.add_argument("--strategy", default="hybrid", help="enumerative, neural or hybrid")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shards", type=int, help="Ray tasks (default: 4 per CPU of the cluster)")
    parser.add_argument("--address", help="Ray cluster to join (e.g. auto, ray://head:10001)")
    parser.add_argument("--num-cpus", type=int, help="CPUs of a local Ray instance")
    parser.add_argument("--local", action="store_true", help="one process, no Ray: the reference run")
    args = parser.parse_args(argv)
    options = options_from(args)
    lines = task_lines(args.tasks)
    started = time.perf_counter()
    if args.local:
        records = arithsynth.solve_tasks(lines, **options)
        where = "1 process"
    else:
        import ray

        if args.address:
            ray.init(address=args.address, ignore_reinit_error=True)
        else:
            ray.init(num_cpus=args.num_cpus, ignore_reinit_error=True)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        shards = max(1, min(args.shards or 4 * cpus, len(lines)))
        print(f"ray.init: {time.perf_counter() - started:.2f} s")
        records = solve_on_ray(lines, shards, options)
        where = f"{shards} Ray tasks on {cpus} CPUs, ray.init included"
    write_results(records, args.out)
    seconds = time.perf_counter() - started
    solved = sum(record["solved"] for record in records)
    print(f"{len(records)} tasks, {solved} solved, {seconds:.2f} s ({where}); results in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
