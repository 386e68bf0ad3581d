"""A task file whose grammars keep only the literals 0..=3.

    python3 scripts/strip_literals.py examples/tasks/everyday.jsonl everyday-0123.jsonl

The everyday and formula task files list the literals each program uses
(10, 60, 100, ...) in its grammar; without them a search must find its
constants itself, which is what `solve --task-literals` is measured on.
"""

import json
import sys


def main(source, target):
    with open(source) as lines, open(target, "w") as out:
        for line in lines:
            task = json.loads(line)
            if "grammar" in task:
                task["grammar"]["literals"] = [0, 1, 2, 3]
            out.write(json.dumps(task) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
