#!/usr/bin/env python3
"""Write the control task set: examples/tasks/control.jsonl.

Tasks with no short program in the language: digits of pi, e and sqrt(2),
the primes, hashes of the inputs (SHA-256), random walks, lookup tables
of random values, and (added 2026-12-07) random 0/1 flags and digits, with
one or two variables. On this set every answer a
search calls `generalizes` is a spurious claim; `fits-only` and `not-found`
are the honest answers. It is the control for the evidence threshold
(`arithsynth::search::evidence`), written before that threshold was chosen
and never tuned on.

Each family comes in several instances, each under two grammars (the
default `+ - * div mod` and a rich one with `neg abs min max ite < <= =`,
both with the literals 0..=3) and with 8 and 16 training examples; 32
held-out examples follow the training ones. Standard library only; the
output is deterministic (same bytes every run).

    python3 scripts/make_control.py
"""

import hashlib
import json
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "examples", "tasks", "control.jsonl")

PI = "31415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679"
E = "27182818284590452353602874713526624977572470936999595749669676277240766303535475945713821785251664274"
SQRT2 = "14142135623730950488016887242096980785696718753769480731766797379907324784621070388503875343276415727"

DEFAULT_OPS = ["+", "-", "*", "div", "mod"]
RICH_OPS = DEFAULT_OPS + ["neg", "abs", "min", "max", "ite", "<", "<=", "="]
LITERALS = [0, 1, 2, 3]
TEST = 32


def primes(count):
    found, n = [], 2
    while len(found) < count:
        if all(n % p for p in found if p * p <= n):
            found.append(n)
        n += 1
    return found


def sha(*values, modulus):
    digest = hashlib.sha256(",".join(map(str, values)).encode()).digest()
    return int.from_bytes(digest[:8], "little") % modulus


def sequence(values):
    """A sequence a(n), n = 0, 1, ...: one variable `n`."""
    return ["n"], lambda k: [([n], values[n]) for n in range(k)]


def family_tasks(rng):
    """(family, instance, vars, rows(k)) for every family and instance."""
    yield "pi-digits", 0, *sequence([int(d) for d in PI])
    yield "pi-digits", 1, *sequence([int(d) for d in PI[20:]])
    yield "e-digits", 0, *sequence([int(d) for d in E])
    yield "sqrt2-digits", 0, *sequence([int(d) for d in SQRT2])
    yield "primes", 0, *sequence(primes(64))
    yield "primes", 1, *sequence(primes(80)[16:])
    for instance in range(2):
        modulus = [100, 1000][instance]
        yield "hash-n", instance, *sequence([sha("n", instance, n, modulus=modulus) for n in range(64)])
    for instance in range(3):
        walk, value = [], rng.randint(-10, 10)
        for _ in range(64):
            walk.append(value)
            value += rng.choice([-3, -2, -1, 1, 2, 3])
        yield "random-walk", instance, *sequence(walk)
    for instance in range(3):
        xs = rng.sample(range(-40, 41), 48)
        ys = [rng.randint(-50, 50) for _ in xs]
        yield "table-x", instance, ["x"], (lambda xs, ys: lambda k: [([x], y) for x, y in zip(xs[:k], ys[:k])])(xs, ys)
    for instance in range(3):
        pairs = rng.sample([(x, y) for x in range(-12, 13) for y in range(-12, 13)], 48)
        outs = [rng.randint(-50, 50) for _ in pairs]
        yield "table-xy", instance, ["x", "y"], (lambda ps, os_: lambda k: [([x, y], o) for (x, y), o in zip(ps[:k], os_[:k])])(pairs, outs)
    for instance in range(2):
        pairs = rng.sample([(x, y) for x in range(0, 30) for y in range(0, 30)], 48)
        yield "hash-xy", instance, ["x", "y"], (lambda ps, i: lambda k: [([x, y], sha("xy", i, x, y, modulus=100)) for x, y in ps[:k]])(pairs, instance)
    # added 2026-12-07, after the families above: outputs of a few bits,
    # random 0/1 flags and digits over x (a function code with the node
    # code's allowance claimed random flags); the tasks above are unchanged
    for instance in range(3):
        xs = rng.sample(range(-1000, 1001), 48)
        flags = [rng.randint(0, 1) for _ in xs]
        yield "flags-x", instance, ["x"], (lambda xs, ys: lambda k: [([x], y) for x, y in zip(xs[:k], ys[:k])])(xs, flags)
    for instance in range(2):
        xs = rng.sample(range(-1000, 1001), 48)
        digits = [rng.randint(0, 9) for _ in xs]
        yield "digits-x", instance, ["x"], (lambda xs, ys: lambda k: [([x], y) for x, y in zip(xs[:k], ys[:k])])(xs, digits)


def main():
    rng = random.Random(20261206)
    lines = []
    for family, instance, names, rows in family_tasks(rng):
        for grammar, ops in (("default", DEFAULT_OPS), ("rich", RICH_OPS)):
            for train in (8, 16):
                examples = rows(train + TEST)
                assert len(examples) == train + TEST, family
                assert len({tuple(i) for i, _ in examples}) == len(examples), family
                lines.append(
                    {
                        "name": f"{family}-{instance}-{grammar}-{train}",
                        "family": family,
                        "vars": names,
                        "grammar": {"ops": ops, "literals": LITERALS},
                        "train": [[i, o] for i, o in examples[:train]],
                        "test": [[i, o] for i, o in examples[train:]],
                    }
                )
    with open(OUT, "w") as f:
        for line in lines:
            f.write(json.dumps(line, separators=(",", ":")) + "\n")
    print(f"{len(lines)} tasks in {OUT}")


if __name__ == "__main__":
    main()
