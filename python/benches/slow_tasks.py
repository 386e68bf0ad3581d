"""Writes N tasks that no small program fits, so that each runs for its
whole time limit (the Ray benchmark in BENCHMARKS.md).

    python python/benches/slow_tasks.py 100 > slow.jsonl
"""

import json
import random
import sys


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    rng = random.Random(15)
    for index in range(count):
        train = [[[x], rng.randrange(-10**6, 10**6)] for x in range(1, 9)]
        print(json.dumps({"name": f"slow-{index:03d}", "vars": ["x"], "train": train}))


if __name__ == "__main__":
    main()
