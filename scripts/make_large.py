#!/usr/bin/env python3
"""Write the large-program task sets: examples/tasks/large.jsonl (held out)
and examples/tasks/large-train.jsonl (a training distribution for a model).

`large.jsonl` holds formulas of 13-30 nodes (every operator, variable and
literal counts one) that a person would write, in seven families: digits
(digit sums, check digits, reversals), clock (seconds to h/m/s, 12-hour
clocks, clock hands), calendar (Zeller's weekday, day of the year, days in
a month, leap-year counts, ages), tiers (tax brackets, tiered prices,
shipping bands, grades, overtime), geometry (overlaps, Manhattan and octile
distances, composite areas, lattice points), counting (handshakes,
inclusion-exclusion, ceil-divisions) and finance (interest and compound
interest in cents, installments, rounding, change in coins). They were
written before any solver was measured on them. Each task has its own
natural range per variable (hours 0..23, a 4-digit number 1000..9999, ...),
16 training and 32 held-out examples (distinct inputs where the input
domain allows), and a grammar of `+ - * div mod` plus the operators and the
literals its formula needs (always 0 and 1); `size` is the node count.

`large-train.jsonl` holds compositions drawn from a grammar of the same
kinds of idioms: digit extraction `(mod (div n 10) 10)`, hinges
`(max 0 (- x c))`, caps and clamps, mixed units `(+ (* 60 h) m)`, pieces of
a number of seconds, ceil- and round-divisions, percentages, weighted sums,
two-bracket tiers, cycles `(mod (+ e c) m)`, steps `(ite (< v c) e1 e2)`,
absolute differences, overlaps and triangular numbers, with random
constants and variables, 13-30 nodes and at most 4 variables, in the same
format. No held-out formula is in it: a candidate is dropped when its
S-expression equals a held-out program's with the variables renamed by
first occurrence, or when it computes the same outputs as a held-out task
on that task's 48 rows under any assignment of its variables to the
task's (tasks with as many variables); the script prints how many were
dropped.

Outputs are never computed here: every example is evaluated by the
project's binary (`arithsynth eval`), and every program is checked with
`arithsynth parse` (size, and the task's grammar admits it). Standard
library only; deterministic (the same bytes every run):

    python3 scripts/make_large.py [--binary target/release/arithsynth]

A larger training distribution (for the sketch model) is the same draws
continued: `--train-tasks 20000 --train-out FILE` writes only the training
tasks, the first 400 of them those of `large-train.jsonl`.

The binary can also be named by the environment variable ARITHSYNTH_BIN.
"""

import argparse
import itertools
import json
import os
import random
import re
import subprocess
import sys
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HELDOUT_OUT = os.path.join(ROOT, "examples", "tasks", "large.jsonl")
TRAIN_OUT = os.path.join(ROOT, "examples", "tasks", "large-train.jsonl")

DEFAULT_OPS = ["+", "-", "*", "div", "mod"]
ALL_OPS = DEFAULT_OPS + ["neg", "abs", "min", "max", "ite", "<", "<=", "="]
TRAIN_EXAMPLES = 16
TEST_EXAMPLES = 32
MIN_SIZE, MAX_SIZE = 13, 30
TRAIN_TASKS = 400
TRAIN_MAX_VARS = 4

# --- held-out formulas ------------------------------------------------------
#
# (family, name, [(variable, lo, hi), ...], program); inputs uniform in lo..=hi.

D4 = (1000, 9999)
HELDOUT = [
    # digits
    ("digits", "digit-sum-4", [("n", *D4)],
     "(+ (+ (div n 1000) (mod (div n 100) 10)) (+ (mod (div n 10) 10) (mod n 10)))"),
    ("digits", "reverse-4-digits", [("n", *D4)],
     "(+ (+ (* (mod n 10) 1000) (* (mod (div n 10) 10) 100)) (+ (* (mod (div n 100) 10) 10) (div n 1000)))"),
    ("digits", "isbn-like-check-mod11", [("n", *D4)],
     "(mod (+ (+ (* 4 (div n 1000)) (* 3 (mod (div n 100) 10))) (+ (* 2 (mod (div n 10) 10)) (mod n 10))) 11)"),
    ("digits", "luhn-like-check-digit", [("n", 100, 999)],
     "(mod (- 10 (mod (+ (+ (* 2 (div n 100)) (mod (div n 10) 10)) (* 2 (mod n 10))) 10)) 10)"),
    ("digits", "digit-product-3", [("n", 100, 999)],
     "(* (* (div n 100) (mod (div n 10) 10)) (mod n 10))"),
    ("digits", "sum-of-squared-digits", [("n", 100, 999)],
     "(+ (+ (* (div n 100) (div n 100)) (* (mod (div n 10) 10) (mod (div n 10) 10))) (* (mod n 10) (mod n 10)))"),
    ("digits", "swap-last-two-digits", [("n", 100, 9999)],
     "(+ (* (div n 100) 100) (+ (* (mod n 10) 10) (mod (div n 10) 10)))"),
    ("digits", "number-from-digits", [("a", 1, 9), ("b", 0, 9), ("c", 0, 9), ("d", 0, 9)],
     "(+ (* 1000 a) (+ (* 100 b) (+ (* 10 c) d)))"),
    # clock
    ("clock", "hhmmss-of-seconds", [("s", 0, 86399)],
     "(+ (+ (* (div s 3600) 10000) (* (mod (div s 60) 60) 100)) (mod s 60))"),
    ("clock", "seconds-between-times", [("h1", 0, 23), ("m1", 0, 59), ("s1", 0, 59), ("h2", 0, 23), ("m2", 0, 59), ("s2", 0, 59)],
     "(mod (- (+ (* 3600 h2) (+ (* 60 m2) s2)) (+ (* 3600 h1) (+ (* 60 m1) s1))) 86400)"),
    ("clock", "minutes-to-midnight-12h", [("h", 1, 12), ("m", 0, 59), ("pm", 0, 1)],
     "(- 1440 (+ (* 60 (+ (mod h 12) (* 12 pm))) m))"),
    ("clock", "seconds-past-midnight-12h", [("h", 1, 12), ("m", 0, 59), ("s", 0, 59), ("pm", 0, 1)],
     "(+ (* 60 (+ (* 60 (+ (mod h 12) (* 12 pm))) m)) s)"),
    ("clock", "add-minutes-hhmm", [("h", 0, 23), ("m", 0, 59), ("d", 0, 10000)],
     "(+ (* 100 (mod (div (+ (+ (* 60 h) m) d) 60) 24)) (mod (+ (+ (* 60 h) m) d) 60))"),
    ("clock", "clock-24h-to-12h", [("h", 0, 23), ("m", 0, 59)],
     "(+ (* 10000 (div h 12)) (+ (* 100 (+ (mod (+ h 11) 12) 1)) m))"),
    ("clock", "clock-hands-half-degrees", [("h", 0, 11), ("m", 0, 59)],
     "(min (abs (- (* 60 h) (* 11 m))) (- 720 (abs (- (* 60 h) (* 11 m)))))"),
    ("clock", "parking-fee-half-hours", [("h1", 0, 23), ("m1", 0, 59), ("h2", 0, 23), ("m2", 0, 59)],
     "(* 150 (div (+ (mod (- (+ (* 60 h2) m2) (+ (* 60 h1) m1)) 1440) 29) 30))"),
    # calendar
    ("calendar", "zeller-weekday", [("q", 1, 28), ("m", 3, 14), ("y", 1900, 2099)],
     "(mod (+ (+ q (div (* 13 (+ m 1)) 5)) (+ (- (+ y (div y 4)) (div y 100)) (div y 400))) 7)"),
    ("calendar", "day-of-year", [("m", 1, 12), ("d", 1, 28), ("leap", 0, 1)],
     "(+ d (- (div (- (* 367 m) 362) 12) (ite (<= m 2) 0 (- 2 leap))))"),
    ("calendar", "days-in-month", [("m", 1, 12)],
     "(+ (+ 28 (mod (+ m (div m 8)) 2)) (+ (mod 2 m) (* 2 (div 1 m))))"),
    ("calendar", "leap-years-between", [("y1", 1, 2000), ("y2", 2000, 4000)],
     "(- (+ (- (div y2 4) (div y2 100)) (div y2 400)) (+ (- (div y1 4) (div y1 100)) (div y1 400)))"),
    ("calendar", "days-before-year", [("y", 1, 3000)],
     "(+ (* 365 y) (+ (- (div (- y 1) 4) (div (- y 1) 100)) (div (- y 1) 400)))"),
    ("calendar", "weekday-of-january-1", [("y", 1583, 3000)],
     "(mod (+ 1 (+ (* 5 (mod (- y 1) 4)) (+ (* 4 (mod (- y 1) 100)) (* 6 (mod (- y 1) 400))))) 7)"),
    ("calendar", "iso-week-ish", [("d", 1, 366), ("w", 0, 6)],
     "(div (+ (- d (+ (mod (+ (- d 1) w) 7) 1)) 10) 7)"),
    ("calendar", "whole-months-between", [("y1", 1950, 2000), ("m1", 1, 12), ("d1", 1, 28), ("y2", 2000, 2030), ("m2", 1, 12), ("d2", 1, 28)],
     "(- (- (+ (* 12 y2) m2) (+ (* 12 y1) m1)) (ite (< d2 d1) 1 0))"),
    ("calendar", "age-in-years", [("y1", 1920, 2010), ("m1", 1, 12), ("d1", 1, 28), ("y2", 2011, 2030), ("m2", 1, 12), ("d2", 1, 28)],
     "(- (- y2 y1) (ite (< (+ (* 100 m2) d2) (+ (* 100 m1) d1)) 1 0))"),
    # tiers
    ("tiers", "tax-two-brackets", [("i", 0, 200000)],
     "(+ (div (* 10 (min i 10000)) 100) (div (* 20 (max 0 (- i 10000))) 100))"),
    ("tiers", "tax-three-brackets", [("i", 0, 200000)],
     "(div (+ (* 20 (- (min i 50000) (min i 10000))) (* 40 (max 0 (- i 50000)))) 100)"),
    ("tiers", "tiered-unit-price", [("q", 0, 300)],
     "(+ (* 500 (min q 20)) (+ (* 400 (- (min q 100) (min q 20))) (* 300 (max 0 (- q 100)))))"),
    ("tiers", "shipping-weight-bands", [("w", 1, 8000)],
     "(min 2000 (+ 500 (* 200 (div (+ (max 0 (- w 1000)) 499) 500))))"),
    ("tiers", "grade-band", [("s", 0, 100)],
     "(ite (< s 60) 0 (ite (< s 70) 1 (ite (< s 80) 2 (ite (< s 90) 3 4))))"),
    ("tiers", "overtime-pay", [("h", 0, 80), ("r", 10, 50)],
     "(+ (* r (min h 40)) (div (* 3 (* r (max 0 (- h 40)))) 2))"),
    ("tiers", "bulk-discount", [("p", 100, 10000), ("q", 1, 100)],
     "(div (* (* p q) (- 100 (+ (ite (< q 10) 0 10) (ite (< q 50) 0 10)))) 100)"),
    ("tiers", "electricity-bill", [("k", 0, 1000)],
     "(+ 1000 (+ (* 12 (min k 100)) (* 18 (max 0 (- k 100)))))"),
    # geometry
    ("geometry", "manhattan-3d", [("x1", -50, 50), ("y1", -50, 50), ("z1", -50, 50), ("x2", -50, 50), ("y2", -50, 50), ("z2", -50, 50)],
     "(+ (abs (- x1 x2)) (+ (abs (- y1 y2)) (abs (- z1 z2))))"),
    ("geometry", "rect-overlap-area", [("x", 0, 50), ("y", 0, 50), ("w", 1, 30), ("h", 1, 30), ("u", 0, 50), ("v", 0, 50), ("p", 1, 30), ("q", 1, 30)],
     "(* (max 0 (- (min (+ x w) (+ u p)) (max x u))) (max 0 (- (min (+ y h) (+ v q)) (max y v))))"),
    ("geometry", "interval-union-length", [("a1", 0, 100), ("l1", 0, 50), ("a2", 0, 100), ("l2", 0, 50)],
     "(- (+ l1 l2) (max 0 (- (min (+ a1 l1) (+ a2 l2)) (max a1 a2))))"),
    ("geometry", "frame-area", [("w", 1, 100), ("h", 1, 100), ("f", 1, 20)],
     "(- (* (+ w (* 2 f)) (+ h (* 2 f))) (* w h))"),
    ("geometry", "lattice-points-inside-rect", [("x1", -20, 20), ("y1", -20, 20), ("x2", -20, 20), ("y2", -20, 20)],
     "(* (max 0 (- (abs (- x2 x1)) 1)) (max 0 (- (abs (- y2 y1)) 1)))"),
    ("geometry", "octile-distance", [("dx", -50, 50), ("dy", -50, 50)],
     "(+ (* 14 (min (abs dx) (abs dy))) (* 10 (abs (- (abs dx) (abs dy)))))"),
    ("geometry", "paint-cans-for-walls", [("l", 20, 80), ("w", 20, 80), ("h", 22, 30), ("dw", 7, 10), ("dh", 19, 22)],
     "(div (+ (- (* (* 2 h) (+ l w)) (* dw dh)) 999) 1000)"),
    # counting
    ("counting", "handshakes-of-groups", [("a", 0, 40), ("b", 0, 40), ("c", 0, 40)],
     "(div (* (+ a (+ b c)) (- (+ a (+ b c)) 1)) 2)"),
    ("counting", "multiples-of-3-5-or-7", [("n", 1, 10000)],
     "(+ (- (+ (+ (div n 3) (div n 5)) (div n 7)) (+ (+ (div n 15) (div n 21)) (div n 35))) (div n 105))"),
    ("counting", "multiples-of-3-or-5-in-range", [("lo", 1, 5000), ("hi", 5000, 10000)],
     "(- (- (+ (div hi 3) (div hi 5)) (div hi 15)) (- (+ (div (- lo 1) 3) (div (- lo 1) 5)) (div (- lo 1) 15)))"),
    ("counting", "crates-for-two-goods", [("a", 0, 2000), ("k", 1, 24), ("b", 0, 2000), ("j", 1, 24)],
     "(+ (div (+ a (- k 1)) k) (div (+ b (- j 1)) j))"),
    ("counting", "tiles-for-floor", [("w", 1, 600), ("h", 1, 600), ("t", 10, 60)],
     "(* (div (+ w (- t 1)) t) (div (+ h (- t 1)) t))"),
    ("counting", "league-games", [("a", 2, 30), ("b", 2, 30)],
     "(+ (* a (- a 1)) (+ (* b (- b 1)) (* a b)))"),
    ("counting", "rectangles-in-grid", [("m", 1, 50), ("n", 1, 50)],
     "(* (div (* m (+ m 1)) 2) (div (* n (+ n 1)) 2))"),
    ("counting", "sum-of-cubes", [("n", 0, 200)],
     "(* (div (* n (+ n 1)) 2) (div (* n (+ n 1)) 2))"),
    ("counting", "seats-in-rows", [("r", 1, 40), ("a", 5, 40), ("d", 0, 4)],
     "(+ (* r a) (* d (div (* r (- r 1)) 2)))"),
    # finance
    ("finance", "interest-after-tax", [("p", 0, 1000000), ("r", 0, 1000), ("d", 0, 365)],
     "(+ p (div (* 3 (div (+ (* (* p r) d) 1825000) 3650000)) 4))"),
    ("finance", "compound-3-periods", [("b", 0, 100000), ("r", 0, 20)],
     "(div (* (div (* (div (* b (+ 100 r)) 100) (+ 100 r)) 100) (+ 100 r)) 100)"),
    ("finance", "monthly-installment", [("p", 1000, 1000000), ("r", 0, 20), ("n", 1, 60)],
     "(div (+ (+ p (div (* p (* r n)) 1200)) (- n 1)) n)"),
    ("finance", "vat-rounded-total", [("q", 1, 50), ("m", 0, 100000)],
     "(div (+ (* (* q (div (+ m 5) 10)) 119) 50) 100)"),
    ("finance", "coins-for-change", [("c", 0, 99)],
     "(+ (+ (div c 25) (div (mod c 25) 10)) (+ (div (mod (mod c 25) 10) 5) (mod c 5)))"),
    ("finance", "net-pay", [("g", 0, 20000)],
     "(- (- g (div (* 8 (min g 5000)) 100)) (div (* 20 (max 0 (- g 1000))) 100))"),
    ("finance", "discount-coupon-tax", [("p", 0, 20000), ("d", 0, 50), ("c", 0, 2000)],
     "(div (* 108 (max 0 (- (div (* p (- 100 d)) 100) c))) 100)"),
    ("finance", "split-bill", [("b", 100, 100000), ("t", 0, 25), ("n", 1, 12)],
     "(div (+ (div (* b (+ 100 t)) 100) (- n 1)) n)"),
]

# --- programs as text ---------------------------------------------------------

TOKEN = re.compile(r"\(|\)|[^\s()]+")
INT = re.compile(r"-?\d+$")


def tokens(program):
    return TOKEN.findall(program)


def size(program):
    """Nodes, as the project counts them: every operator, variable and
    literal is one node, except that `(ite (< a b) t e)` is one node with
    four children (a comparison is part of its `ite`)."""
    return sum(1 for t in tokens(program) if t not in "()" and t not in ("<", "<=", "="))


def parts(program):
    """(operators, literals, variables in order of first occurrence)."""
    ops, lits, names = set(), set(), []
    toks = tokens(program)
    for i, t in enumerate(toks):
        if t in "()":
            continue
        if i > 0 and toks[i - 1] == "(":
            ops.add(t)
        elif INT.match(t):
            lits.add(int(t))
        elif t not in names:
            names.append(t)
    return ops, lits, names


def canonical(program):
    """The S-expression with variables renamed v0, v1, ... by first occurrence."""
    _, _, names = parts(program)
    rename = {n: f"v{i}" for i, n in enumerate(names)}
    toks = [rename.get(t, t) for t in tokens(program)]
    return " ".join(toks).replace("( ", "(").replace(" )", ")")


def grammar_of(program):
    ops, lits, _ = parts(program)
    unknown = ops - set(ALL_OPS)
    assert not unknown, (program, unknown)
    return {
        "ops": DEFAULT_OPS + [o for o in ALL_OPS[5:] if o in ops],
        "literals": sorted(lits | {0, 1}),
    }


# --- the binary -----------------------------------------------------------------


class Binary:
    def __init__(self, path):
        self.path = path
        self.calls = 0

    def run(self, args):
        self.calls += 1
        done = subprocess.run([self.path] + args, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{self.path} {' '.join(args[:3])} ...: {done.stderr.strip()}")
        return done.stdout

    def eval(self, program, names, rows):
        """Outputs of `program` on `rows` (lists of ints in the order of `names`)."""
        args = ["eval", program, "--vars", ",".join(names)]
        for row in rows:
            args += [f"--row={','.join(map(str, row))}"]
        lines = [l for l in self.run(args).splitlines() if "->" in l]
        assert len(lines) == len(rows), (program, len(lines), len(rows))
        return [int(l.rsplit("->", 1)[1]) for l in lines]

    def check(self, program, names, grammar, expected_size):
        out = self.run(
            [
                "parse",
                program,
                "--vars",
                ",".join(names),
                "--ops",
                ",".join(grammar["ops"]),
                f"--literals={','.join(map(str, grammar['literals']))}",
            ]
        )
        fields = dict(l.split(None, 1) for l in out.splitlines() if l.strip() and " " in l.strip())
        assert int(fields["size"]) == expected_size, (program, fields.get("size"), expected_size)
        assert "grammar admits it" in out, (program, out)


# --- examples ---------------------------------------------------------------------


def draw_rows(rng, ranges, count):
    """`count` input rows, each variable uniform in its range; distinct when
    the input domain has that many rows, else every row of it, repeated."""
    domain = 1
    for lo, hi in ranges:
        domain *= hi - lo + 1
    if domain < 4 * count:
        every = [list(r) for r in itertools.product(*[range(lo, hi + 1) for lo, hi in ranges])]
        rng.shuffle(every)
        if domain >= count:
            return every[:count]
        rows = list(every)
        while len(rows) < count:
            rows.append(list(rng.choice(every)))
        return rows
    seen, rows = set(), []
    while len(rows) < count:
        row = tuple(rng.randint(lo, hi) for lo, hi in ranges)
        if row not in seen:
            seen.add(row)
            rows.append(list(row))
    return rows


def task_line(name, family, names, program, grammar, rows, outputs):
    examples = [[r, o] for r, o in zip(rows, outputs)]
    return {
        "name": name,
        "family": family,
        "vars": names,
        "program": program,
        "size": size(program),
        "grammar": grammar,
        "train": examples[:TRAIN_EXAMPLES],
        "test": examples[TRAIN_EXAMPLES:],
    }


def seed_of(text):
    return zlib.crc32(text.encode())


# --- the training grammar ---------------------------------------------------------

# role: (names, lo, hi)
ROLES = {
    "num4": (["n", "k", "z"], 1000, 9999),
    "num3": (["n", "k", "z"], 100, 999),
    "hour": (["h", "g"], 0, 23),
    "minute": (["m", "u"], 0, 59),
    "secs": (["s", "t"], 0, 86399),
    "money": (["p", "c", "b"], 0, 100000),
    "qty": (["q", "w", "n"], 0, 500),
    "pos": (["a", "b", "c", "d"], 1, 100),
    "coord": (["x", "y", "u", "v"], -50, 50),
    "rate": (["r", "e"], 0, 30),
    "small": (["k", "j", "i"], 1, 20),
    "year": (["y"], 1, 3000),
}
DIVISORS = [2, 3, 4, 5, 6, 7, 8, 10, 12, 20, 24, 25, 30, 50, 60, 100, 1000]
SCALES = [2, 3, 4, 5, 7, 9, 10, 12, 15, 24, 60, 100]
PERCENTS = [5, 8, 10, 12, 15, 19, 20, 25, 30, 40, 50, 75, 108, 120]
MODULI = [7, 9, 10, 11, 12, 24, 60, 100, 365]


class Reject(Exception):
    pass


class E:
    """An expression and a rough range of its values (for picking constants)."""

    def __init__(self, text, lo, hi):
        self.text, self.lo, self.hi = text, min(lo, hi), max(lo, hi)


def nice(v):
    """A round number near v (1 or 2 significant digits)."""
    if abs(v) < 10:
        return int(v)
    digits = len(str(abs(int(v))))
    step = 10 ** max(digits - 2, 0)
    return int(round(v / step) * step)


class Ctx:
    def __init__(self, rng):
        self.rng = rng
        self.vars = {}  # name -> (role, lo, hi), in order of creation

    def var(self, role):
        names, lo, hi = ROLES[role]
        same = [n for n, (r, _, _) in self.vars.items() if r == role]
        if same and (self.rng.random() < 0.3 or len(self.vars) >= TRAIN_MAX_VARS):
            name = self.rng.choice(same)
        else:
            free = [n for n in names if n not in self.vars]
            if not free or len(self.vars) >= TRAIN_MAX_VARS:
                raise Reject("variables")
            name = free[0]
            self.vars[name] = (role, lo, hi)
        return E(name, lo, hi)

    def threshold(self, e):
        lo, hi = e.lo, e.hi
        if hi - lo < 4:
            raise Reject("range")
        c = nice(self.rng.uniform(lo + (hi - lo) / 8, hi - (hi - lo) / 8))
        if not lo < c < hi:
            raise Reject("threshold")
        return c


def op(name, *args):
    return "(" + name + " " + " ".join(a.text if isinstance(a, E) else str(a) for a in args) + ")"


def add(a, b):
    return E(op("+", a, b), a.lo + b.lo, a.hi + b.hi)


def sub(a, b):
    return E(op("-", a, b), a.lo - b.hi, a.hi - b.lo)


def mul(a, b):
    ps = [x * y for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    return E(op("*", a, b), min(ps), max(ps))


def lit(c):
    return E(str(c), c, c)


def div(a, k):
    return E(op("div", a, k), a.lo // k, a.hi // k)


def mod(a, k):
    return E(op("mod", a, k), 0, k - 1)


# atoms: small idioms over fresh or shared variables


def a_var(c):
    return c.var(c.rng.choice(["qty", "pos", "money", "coord", "rate", "small"]))


def a_digit(c):
    role = c.rng.choice(["num4", "num3"])
    v = c.var(role)
    top = 3 if role == "num4" else 2
    k = c.rng.randint(0, top)
    base = c.rng.choice([10, 10, 10, 10, 100, 8, 16, 2])
    if base != 10:
        k = c.rng.randint(0, 1 if base == 100 else 2)
        p = base**k
        inner = v if k == 0 else div(v, p)
        return mod(inner, base)
    if k == 0:
        return mod(v, 10)
    if k == top:
        return div(v, 10**k)
    return mod(div(v, 10**k), 10)


def a_units(c):
    kind = c.rng.randint(0, 3)
    if kind == 0:
        return add(mul(lit(60), c.var("hour")), c.var("minute"))
    if kind == 1:
        return add(mul(c.var("hour"), lit(3600)), mul(lit(60), c.var("minute")))
    if kind == 2:
        return add(mul(lit(100), c.var("money")), c.var("minute"))
    return add(mul(lit(c.rng.choice([7, 12, 24, 1000])), c.var("small")), c.var("pos"))


def a_secs(c):
    s = c.var("secs")
    return c.rng.choice([div(s, 3600), mod(div(s, 60), 60), mod(s, 60), div(s, 60), mod(s, 3600)])


def a_tri(c):
    v = c.var(c.rng.choice(["pos", "small", "qty"]))
    if c.rng.random() < 0.5:
        return E(op("div", op("*", v, op("+", v, 1)), 2), 0, v.hi * (v.hi + 1) // 2)
    return E(op("div", op("*", v, op("-", v, 1)), 2), 0, v.hi * (v.hi - 1) // 2)


def a_product(c):
    return mul(a_var(c), a_var(c))


def a_hinge(c):
    v = a_var(c)
    t = c.threshold(v)
    if c.rng.random() < 0.5:
        return E(op("max", 0, op("-", v, t)), 0, v.hi - t)
    return E(op("min", v, t), v.lo, t)


def a_absdiff(c):
    a, b = c.var("coord"), c.var("coord")
    if a.text == b.text:
        raise Reject("same")
    return E(op("abs", op("-", a, b)), 0, 100)


def a_overlap(c):
    a, b, x, y = (c.var("pos") for _ in range(4))
    if len({a.text, b.text, x.text, y.text}) < 4:
        raise Reject("same")
    return E(op("max", 0, op("-", op("min", a, b), op("max", x, y))), 0, 100)


def a_multiples(c):
    v = c.var(c.rng.choice(["qty", "money", "year", "num4"]))
    return div(v, c.rng.choice([2, 3, 4, 5, 7, 10, 12, 100, 400]))


ATOMS = [a_var, a_var, a_digit, a_digit, a_units, a_secs, a_tri, a_product, a_hinge, a_absdiff, a_overlap, a_multiples]

# combinators: idioms over sub-expressions


def c_sum(c, d):
    return add(gen(c, d), gen(c, d))


def c_difference(c, d):
    return sub(gen(c, d), gen(c, d))


def c_weighted(c, d):
    k1, k2 = c.rng.sample(SCALES, 2)
    return add(mul(lit(k1), gen(c, d)), mul(lit(k2), gen(c, d)))


def c_scale(c, d):
    return mul(lit(c.rng.choice(SCALES)), gen(c, d))


def c_ceil_div(c, d):
    e, k = gen(c, d), c.rng.choice(DIVISORS[1:])
    return div(add(e, lit(k - 1)), k)


def c_round_div(c, d):
    e, k = gen(c, d), c.rng.choice([2, 4, 10, 60, 100, 1000])
    return div(add(e, lit(k // 2)), k)


def c_percent(c, d):
    e, p = gen(c, d), c.rng.choice(PERCENTS)
    return div(mul(e, lit(p)), 100)


def c_cycle(c, d):
    e, m = gen(c, d), c.rng.choice(MODULI)
    if c.rng.random() < 0.5:
        return mod(e, m)
    return mod(add(e, lit(c.rng.randint(1, m - 1))), m)


def nested(e, *heads):
    """Reject a min/max idiom right over another (its constant would make one
    of the two redundant: `(min (min a 85) 31)`)."""
    if e.text.startswith(heads):
        raise Reject("nested")


def c_hinge(c, d):
    e = gen(c, d)
    nested(e, "(max 0 ")
    t = c.threshold(e)
    return E(op("max", 0, op("-", e, t)), 0, e.hi - t)


def c_cap(c, d):
    e = gen(c, d)
    nested(e, "(min ", "(max ")
    t = c.threshold(e)
    return E(op("min", e, t), e.lo, t)


def c_clamp(c, d):
    e = gen(c, d)
    nested(e, "(min ", "(max ")
    lo = c.threshold(e)
    hi = c.threshold(E("", lo, e.hi))
    return E(op("max", lo, op("min", e, hi)), lo, hi)


def c_tiers(c, d):
    e = gen(c, d)
    nested(e, "(min ", "(max ")
    t = c.threshold(e)
    r1, r2 = c.rng.sample([2, 3, 4, 5, 8, 10, 12, 15, 20], 2)
    return E(op("+", op("*", r1, op("min", e, t)), op("*", r2, op("max", 0, op("-", e, t)))), 0, r1 * t + r2 * e.hi)


def c_minmax(c, d):
    a, b = gen(c, d), gen(c, d)
    if c.rng.random() < 0.5:
        return E(op("min", a, b), min(a.lo, b.lo), min(a.hi, b.hi))
    return E(op("max", a, b), max(a.lo, b.lo), max(a.hi, b.hi))


def c_step(c, d):
    v = c.var(c.rng.choice(["qty", "pos", "hour", "rate", "year"]))
    a, b = gen(c, d), gen(c, d)
    form = c.rng.randint(0, 2)
    if form == 0:
        cond = op("<", v, c.threshold(v))
    elif form == 1:
        cond = op("<=", v, c.threshold(v))
    else:
        cond = op("=", op("mod", v, c.rng.choice([2, 3, 4, 7])), 0)
    return E(op("ite", E(cond, 0, 1), a, b), min(a.lo, b.lo), max(a.hi, b.hi))


def c_absdiff(c, d):
    a, b = gen(c, d), gen(c, d)
    return E(op("abs", op("-", a, b)), 0, max(abs(a.hi - b.lo), abs(b.hi - a.lo)))


def c_times(c, d):
    return mul(gen(c, d), gen(c, d))


COMBINATORS = {
    "sum": c_sum,
    "difference": c_difference,
    "weighted-sum": c_weighted,
    "scale": c_scale,
    "ceil-div": c_ceil_div,
    "round-div": c_round_div,
    "percent": c_percent,
    "cycle": c_cycle,
    "hinge": c_hinge,
    "cap": c_cap,
    "clamp": c_clamp,
    "tiers": c_tiers,
    "min-max": c_minmax,
    "step": c_step,
    "abs-diff": c_absdiff,
    "product": c_times,
}
COMBINATOR_NAMES = sorted(COMBINATORS)


def gen(c, depth):
    if depth == 0 or c.rng.random() < 0.4:
        return c.rng.choice(ATOMS)(c)
    return COMBINATORS[c.rng.choice(COMBINATOR_NAMES)](c, depth - 1)


def candidate(rng):
    """(family, variables with ranges, program) of 13-30 nodes, or None."""
    c = Ctx(rng)
    family = rng.choice(COMBINATOR_NAMES)
    try:
        e = COMBINATORS[family](c, rng.randint(1, 3))
    except Reject:
        return None
    if not MIN_SIZE <= size(e.text) <= MAX_SIZE:
        return None
    _, _, names = parts(e.text)
    assert set(names) == set(c.vars), (e.text, c.vars)
    return family, [(n, c.vars[n][1], c.vars[n][2]) for n in names], e.text


# --- main ---------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--binary",
        default=os.environ.get("ARITHSYNTH_BIN", os.path.join(ROOT, "target", "release", "arithsynth")),
        help="the arithsynth binary (default: $ARITHSYNTH_BIN or target/release/arithsynth)",
    )
    parser.add_argument(
        "--train-tasks",
        type=int,
        default=TRAIN_TASKS,
        help=f"how many training tasks (default {TRAIN_TASKS}); the first {TRAIN_TASKS} are always the same",
    )
    parser.add_argument(
        "--train-out",
        help="write only the training tasks, to this file (default: both sets, to examples/tasks/)",
    )
    args = parser.parse_args()
    binary = Binary(args.binary)

    # held-out tasks
    heldout, names_seen = [], set()
    for family, name, spec, program in HELDOUT:
        assert name not in names_seen, name
        names_seen.add(name)
        names = [v for v, _, _ in spec]
        _, _, used = parts(program)
        assert sorted(used) == sorted(names), (name, used, names)
        n = size(program)
        assert MIN_SIZE <= n <= MAX_SIZE, (name, n)
        grammar = grammar_of(program)
        binary.check(program, names, grammar, n)
        rng = random.Random(seed_of("large/" + name))
        rows = draw_rows(rng, [(lo, hi) for _, lo, hi in spec], TRAIN_EXAMPLES + TEST_EXAMPLES)
        outputs = binary.eval(program, names, rows)
        assert len(set(outputs)) > 1, (name, "constant outputs")
        heldout.append(task_line(name, family, names, program, grammar, rows, outputs))

    # training tasks, decontaminated against the held-out ones
    held_canon = {canonical(t["program"]): t["name"] for t in heldout}
    by_arity = {}
    for t in heldout:
        by_arity.setdefault(len(t["vars"]), []).append(t)
    rng = random.Random(20261207)
    train, seen = [], set()
    dropped_syntax, dropped_function, tried = [], [], 0
    while len(train) < args.train_tasks:
        tried += 1
        assert tried < 200000 + 100 * args.train_tasks, "the training grammar yields too few programs"
        found = candidate(rng)
        if found is None:
            continue
        family, spec, program = found
        canon = canonical(program)
        if canon in seen:
            continue
        seen.add(canon)
        if canon in held_canon:
            dropped_syntax.append((program, held_canon[canon]))
            continue
        names = [v for v, _, _ in spec]
        k = len(names)
        rows = draw_rows(rng, [(lo, hi) for _, lo, hi in spec], TRAIN_EXAMPLES + TEST_EXAMPLES)
        # the held-out tasks' rows, under every assignment of this program's
        # variables to the task's variables, evaluated in the same call
        blocks = []
        for t in by_arity.get(k, []):
            inputs = [i for i, _ in t["train"] + t["test"]]
            targets = [o for _, o in t["train"] + t["test"]]
            for perm in itertools.permutations(range(k)):
                blocks.append((t["name"], [[row[p] for p in perm] for row in inputs], targets))
        all_rows = rows + [r for _, rs, _ in blocks for r in rs]
        outputs = binary.eval(program, names, all_rows)
        own, rest = outputs[: len(rows)], outputs[len(rows) :]
        same_as = None
        for held_name, rs, targets in blocks:
            if rest[: len(rs)] == targets:
                same_as = held_name
            rest = rest[len(rs) :]
        if same_as is not None:
            dropped_function.append((program, same_as))
            continue
        # degenerate programs: near-constant, or values that overflow-wrap
        if len(set(own)) < 3 or max(abs(o) for o in own) > 10**15:
            continue
        grammar = grammar_of(program)
        binary.check(program, names, grammar, size(program))
        train.append(task_line(f"large-train-{len(train):04d}", family, names, program, grammar, rows, own))

    outputs = ((HELDOUT_OUT, heldout), (TRAIN_OUT, train))
    if args.train_out:
        outputs = ((args.train_out, train),)
    for path, tasks in outputs:
        with open(path, "w") as f:
            for t in tasks:
                f.write(json.dumps(t, sort_keys=True, separators=(",", ":")) + "\n")

    families = {}
    for t in heldout:
        families.setdefault(t["family"], []).append(t["size"])
    print(f"{len(heldout)} held-out tasks in {os.path.relpath(HELDOUT_OUT, ROOT)}:")
    for family in sorted(families):
        sizes = families[family]
        print(f"  {family:9} {len(sizes):3} tasks, sizes {min(sizes)}-{max(sizes)}")
    sizes = [t["size"] for t in train]
    print(
        f"{len(train)} training tasks in {os.path.relpath(args.train_out or TRAIN_OUT, ROOT)}, sizes {min(sizes)}-{max(sizes)}, "
        f"from {tried} draws"
    )
    print(
        f"decontamination: dropped {len(dropped_syntax) + len(dropped_function)} training programs "
        f"({len(dropped_syntax)} equal to a held-out program up to renaming, "
        f"{len(dropped_function)} computing a held-out task's outputs on its rows)"
    )
    for program, held in dropped_syntax + dropped_function:
        print(f"  dropped {program}  (as {held})")


if __name__ == "__main__":
    main()
