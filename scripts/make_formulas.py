#!/usr/bin/env python3
"""Write program lists of formula-like tasks: the kinds of formulas people
write, as a family-structured distribution with natural input ranges.

Two lists, with no family in both, so that a ranker (or a model) fitted on
the first is measured on kinds of formulas it never saw:

- examples/ranker/formulas-train.txt: unit and currency conversions,
  percentages, rounding up, clamps, threshold prices, mixed units, digits,
  averages, min/max of expressions (12 families);
- examples/tasks/formulas-heldout.txt: calendar and cycle rules, rounding
  to a multiple, fees with a base and a step, differences and distances,
  digit sums, rates with a fixed part, parity flags, step scores (8
  families).

Each line is `name | vars | program | lo..hi`, as `arithsynth
tasks-from-programs` reads it; that command draws the examples and
evaluates them with the reference interpreter:

    python3 scripts/make_formulas.py
    cargo run --release -- tasks-from-programs --programs examples/ranker/formulas-train.txt --out examples/ranker/formulas-train.jsonl --seed 11
    cargo run --release -- tasks-from-programs --programs examples/tasks/formulas-heldout.txt --out examples/tasks/formulas-heldout.jsonl --seed 12
    cargo run --release -- tasks-from-programs --programs examples/model/formulas-train.txt --out examples/model/formulas-train.jsonl --seed 13

A third list, examples/model/formulas-train.txt, draws up to 130 programs
from each training family for the default model's training mix, leaving
out every program of examples/tasks/everyday.txt and everyday-hard.txt (up
to the variables' names).

Standard library only; deterministic (the same bytes every run).
"""

import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAIN_OUT = os.path.join(ROOT, "examples", "ranker", "formulas-train.txt")
HELDOUT_OUT = os.path.join(ROOT, "examples", "tasks", "formulas-heldout.txt")
MODEL_OUT = os.path.join(ROOT, "examples", "model", "formulas-train.txt")

FACTORS = [2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 20, 24, 25, 30, 50, 60, 100, 1000]
PERCENTS = [5, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75]
NAMES1 = ["x", "n", "q", "t", "m", "p", "a"]
NAMES2 = [("a", "b"), ("x", "y"), ("h", "m"), ("w", "d"), ("p", "q")]


def var(r):
    return r.choice(NAMES1)


# --- training families -----------------------------------------------------


def scale(r):
    x, k = var(r), r.choice(FACTORS)
    return [x], f"(* {x} {k})", (0, 500)


def unit_div(r):
    x, k = var(r), r.choice(FACTORS)
    return [x], f"(div {x} {k})", (0, 20 * k)


def remainder(r):
    x, k = var(r), r.choice(FACTORS)
    return [x], f"(mod {x} {k})", (0, 20 * k)


def affine(r):
    x, a, b = var(r), r.choice(FACTORS[:12]), r.randint(1, 50)
    return [x], f"(+ (* {x} {a}) {b})", (0, 200)


def percent(r):
    x, p = var(r), r.choice(PERCENTS)
    return [x], f"(div (* {x} {p}) 100)", (0, 10000)


def round_up(r):
    x, k = var(r), r.choice(FACTORS[:14])
    return [x], f"(div (+ {x} {k - 1}) {k})", (0, 40 * k)


def clamp(r):
    x = var(r)
    lo = r.choice([0, 0, 1, 10])
    hi = r.choice([10, 50, 100, 255])
    return [x], f"(min (max {x} {lo}) {hi})", (lo - 2 * hi, 3 * hi)


def threshold_price(r):
    x, t = var(r), r.choice([5, 10, 20, 50, 100])
    a = r.randint(3, 12)
    b = a - r.randint(1, 2)
    return [x], f"(ite (< {x} {t}) (* {x} {a}) (* {x} {b}))", (0, 4 * t)


def mixed_units(r):
    a, b = r.choice(NAMES2)
    k = r.choice([7, 12, 24, 60, 100, 1000])
    return [a, b], f"(+ (* {a} {k}) {b})", (0, k - 1)


def digit(r):
    n = var(r)
    place = r.choice([10, 100])
    return [n], f"(mod (div {n} {place}) 10)", (0, 99999)


def average(r):
    a, b = r.choice(NAMES2)
    return [a, b], f"(div (+ {a} {b}) 2)", (-100, 100)


def max_of(r):
    a, b = r.choice(NAMES2)
    form = r.choice(
        [
            f"(max (- {a} {b}) 0)",
            f"(min {a} {b})",
            f"(max {a} (* {b} 2))",
            f"(min (+ {a} {b}) 100)",
        ]
    )
    return [a, b], form, (-100, 100)


TRAIN = [
    scale,
    unit_div,
    remainder,
    affine,
    percent,
    round_up,
    clamp,
    threshold_price,
    mixed_units,
    digit,
    average,
    max_of,
]

# --- held-out families -----------------------------------------------------


def cycle(r):
    d, k = r.choice(NAMES2)
    period = r.choice([7, 12, 24, 60])
    return [d, k], f"(mod (+ {d} {k}) {period})", (0, 400)


def round_to_multiple(r):
    x, k = var(r), r.choice([5, 10, 25, 50, 100])
    return [x], f"(* (div (+ {x} {k // 2}) {k}) {k})", (0, 50 * k)


def base_and_step(r):
    x = var(r)
    t, base, step = r.choice([3, 5, 10]), r.choice([5, 10, 20]), r.randint(2, 5)
    return [x], f"(ite (< {x} {t}) {base} (+ {base} (* {step} (- {x} {t}))))", (0, 40)


def distance(r):
    a, b = r.choice(NAMES2)
    form = r.choice([f"(abs (- {a} {b}))", f"(+ (abs {a}) (abs {b}))"])
    return [a, b], form, (-100, 100)


def digit_sum(r):
    n = var(r)
    return [n], f"(+ (div {n} 10) (mod {n} 10))", (10, 99)


def fixed_and_rate(r):
    a, b = r.choice(NAMES2)
    fee = r.choice([1, 2, 5, 10])
    return [a, b], f"(+ (* {a} {b}) {fee})", (0, 50)


def parity_flag(r):
    n = var(r)
    k = r.choice([2, 3, 5])
    return [n], f"(- 1 (min (mod {n} {k}) 1))", (-1000, 1000)


def step_score(r):
    x = var(r)
    t = r.choice([10, 50, 100])
    bonus = r.choice([5, 10, 20])
    return [x], f"(+ {x} (ite (< {x} {t}) 0 {bonus}))", (0, 3 * t)


HELDOUT = [
    cycle,
    round_to_multiple,
    base_and_step,
    distance,
    digit_sum,
    fixed_and_rate,
    parity_flag,
    step_score,
]


def positional(vars_, program):
    """`program` with its variables renamed v0, v1, ... in order: the model
    reads variables by position, so this is the program it learns."""
    names = {v: f"v{i}" for i, v in enumerate(vars_)}
    return re.sub(r"[A-Za-z_][A-Za-z_0-9]*", lambda m: names.get(m.group(0), m.group(0)), program)


def evaluation_programs():
    """The everyday sets' programs, by position: kept out of the model's
    training formulas so that those sets measure it on formulas it never
    saw."""
    out = set()
    for name in ("everyday.txt", "everyday-hard.txt"):
        with open(os.path.join(ROOT, "examples", "tasks", name)) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                fields = [x.strip() for x in line.split("|")]
                out.add(positional([v.strip() for v in fields[1].split(",")], fields[2]))
    return out


def write(path, families, per_family, seed, exclude=None):
    """Up to `per_family` programs of each family. With `exclude` (a set of
    programs by position), programs are told apart by position, as the
    model reads them, and those in `exclude` are left out."""
    r = random.Random(seed)
    lines = [
        "# Formula-like tasks written by scripts/make_formulas.py:",
        "# name | vars | program | lo..hi",
    ]
    for family in families:
        seen = set()
        for i in range(per_family * 4):
            if len(seen) >= per_family:
                break
            vars_, program, (lo, hi) = family(r)
            key = program if exclude is None else positional(vars_, program)
            if key in seen or (exclude is not None and key in exclude):
                continue
            seen.add(key)
            name = f"{family.__name__.replace('_', '-')}-{len(seen)}"
            lines.append(f"{name} | {', '.join(vars_)} | {program} | {lo}..{hi}")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return len(lines) - 2


def main():
    n = write(TRAIN_OUT, TRAIN, 40, 1)
    m = write(HELDOUT_OUT, HELDOUT, 15, 2)
    # the model's training mix: the same 12 training families, up to 130
    # programs each (about equal shares), so that a long run does not learn a few hundred by heart
    k = write(MODEL_OUT, TRAIN, 130, 3, evaluation_programs())
    print(
        f"{n} training formulas in {TRAIN_OUT}, {m} held-out formulas in {HELDOUT_OUT}, "
        f"{k} training formulas for the model in {MODEL_OUT}"
    )


if __name__ == "__main__":
    main()
