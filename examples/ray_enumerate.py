"""Enumerate programs on Ray into a sharded Parquet data set.

    python examples/ray_enumerate.py programs/ --vars x,y --max-size 7 --shards 8

Shard i of N holds the programs whose stable hash of the S-expression
(64-bit FNV-1a) is i mod N, written as ``part-IIIII-of-NNNNN.parquet`` with
the columns index, program, size, depth, outputs. The shards are disjoint,
and together they are the single-machine set: read the directory with
``pyarrow.dataset`` and sort by ``index`` for its order. Each shard runs the
whole enumeration and keeps its share, so shards split the output (its
size, its writing), not the search.

Without ``--address`` Ray starts on this machine; with ``--address auto``
the same script runs on a cluster, and then OUT must be a directory every
node can write (a shared file system).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple


def shard_name(index: int, count: int) -> str:
    """The file of shard `index` of `count`."""
    return f"part-{index:05d}-of-{count:05d}.parquet"


def enumerate_on_ray(out: Path, shards: int, options: Dict[str, Any]) -> List[Tuple[int, int]]:
    """Writes every shard in a Ray task (Ray must be initialized); (shard, rows) each."""
    import ray

    @ray.remote(num_cpus=1)
    def write_shard(out: str, index: int, count: int, options: Dict[str, Any]) -> Tuple[int, int]:
        import pyarrow.parquet as pq

        import arithsynth

        table = arithsynth.enumerate_programs(shard=(index, count), **options)
        target = Path(out) / shard_name(index, count)
        temporary = target.with_name("." + target.name + ".tmp")
        pq.write_table(table, temporary)
        os.replace(temporary, target)
        return index, table.num_rows

    out.mkdir(parents=True, exist_ok=True)
    futures = [write_shard.remote(str(out), index, shards, options) for index in range(shards)]
    return ray.get(futures)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory of the Parquet shards")
    parser.add_argument("--vars", default="x", help="variables, comma separated")
    parser.add_argument("--max-size", type=int, default=7)
    parser.add_argument("--ops", help="operators, comma separated (default + - * div mod)")
    parser.add_argument("--literals", help="literals, comma separated (default 0,1,2,3)")
    parser.add_argument("--shards", type=int, help="shards (default: one per CPU)")
    parser.add_argument("--address", help="Ray cluster to join (e.g. auto)")
    parser.add_argument("--num-cpus", type=int, help="CPUs of a local Ray instance")
    args = parser.parse_args(argv)
    options: Dict[str, Any] = dict(vars=args.vars.split(","), max_size=args.max_size)
    if args.ops:
        options["ops"] = args.ops.split(",")
    if args.literals:
        options["literals"] = [int(value) for value in args.literals.split(",")]

    import ray

    if args.address:
        ray.init(address=args.address, ignore_reinit_error=True)
    else:
        ray.init(num_cpus=args.num_cpus, ignore_reinit_error=True)
    shards = args.shards or int(ray.cluster_resources().get("CPU", 1))
    started = time.perf_counter()
    written = enumerate_on_ray(args.out, shards, options)
    seconds = time.perf_counter() - started
    rows = sum(count for _, count in written)
    print(f"{rows} programs in {shards} shards, {seconds:.2f} s; data set in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
