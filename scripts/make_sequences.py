#!/usr/bin/env python3
"""Write the integer-sequence task set: examples/tasks/sequences.jsonl (+ .txt).

The set: integer sequences a(n) given by their first 10 terms (n = 0..9, the
training examples), with the next 20 terms (n = 10..29) held out as the test
examples. One variable, `n`. Families: linear, quadratic, cubic, quartic,
quintic, power-sum, figurate, floor, periodic, piecewise-periodic.

Every task was written from its formula alone, before any solver was measured
on this set; nothing here is tuned to a solver. Each task carries a reference
program in the project's S-expression language and, independently, a Python
formula (exact rational arithmetic, explicit sums, lookup tables, math.comb);
this script evaluates the program with the language's normative semantics
(i64, wrapping + - * neg abs, Euclidean div/mod with (div a 0) = 0 and
(mod a 0) = a) and fails loudly unless the two agree on every n in 0..29.

Standard library only; the output is deterministic (same bytes every run).

    python3 scripts/make_sequences.py
"""

import json
import math
import os
import re
import sys
from fractions import Fraction as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_JSONL = os.path.join(ROOT, "examples", "tasks", "sequences.jsonl")
OUT_TXT = os.path.join(ROOT, "examples", "tasks", "sequences.txt")

TRAIN = range(0, 10)
TEST = range(10, 30)
# "Comfortably" inside i64: every final and intermediate value below 2^53.
LIMIT = 1 << 53

# ---------------------------------------------------------------------------
# The language: parser and reference evaluator.
# ---------------------------------------------------------------------------

I64_MIN = -(1 << 63)
I64_MAX = (1 << 63) - 1

BINARY = {"+", "-", "*", "div", "mod", "min", "max"}
UNARY = {"neg", "abs"}
COMPARE = {"<", "<=", "="}
LITERAL = re.compile(r"^-?[0-9]+$")


def wrap(x):
    return (x + (1 << 63)) % (1 << 64) - (1 << 63)


def tokenize(text):
    return text.replace("(", " ( ").replace(")", " ) ").split()


def parse(text):
    tokens = tokenize(text)
    pos = 0

    def expr(allow_compare=False):
        nonlocal pos
        if pos >= len(tokens):
            raise ValueError("unexpected end of program: %r" % text)
        tok = tokens[pos]
        pos += 1
        if tok == ")":
            raise ValueError("unexpected ')' in %r" % text)
        if tok != "(":
            if tok == "n":
                return ("var",)
            if LITERAL.match(tok):
                value = int(tok)
                if not I64_MIN <= value <= I64_MAX:
                    raise ValueError("literal out of range: %s" % tok)
                return ("lit", value)
            raise ValueError("unknown symbol %r in %r" % (tok, text))
        if pos >= len(tokens):
            raise ValueError("unclosed '(' in %r" % text)
        op = tokens[pos]
        pos += 1
        if op in COMPARE and not allow_compare:
            raise ValueError("misplaced comparison %r in %r" % (op, text))
        if op == "ite":
            args = [expr(allow_compare=True), expr(), expr()]
            if args[0][0] != "cmp":
                raise ValueError("ite needs a comparison first: %r" % text)
        elif op in COMPARE:
            args = [expr(), expr()]
        elif op in BINARY:
            args = [expr(), expr()]
        elif op in UNARY:
            args = [expr()]
        else:
            raise ValueError("unknown operator %r in %r" % (op, text))
        if pos >= len(tokens) or tokens[pos] != ")":
            raise ValueError("wrong arity for %r in %r" % (op, text))
        pos += 1
        if op in COMPARE:
            return ("cmp", op, args)
        return ("op", op, args)

    tree = expr()
    if pos != len(tokens):
        raise ValueError("trailing text in %r" % text)
    return tree


def ediv(a, b):
    """Euclidean division: a = b*q + r with 0 <= r < |b|; (div a 0) = 0."""
    if b == 0:
        return 0
    q = a // b if b > 0 else -(a // -b)  # floor(a/b) for b>0, ceil(a/b) for b<0
    assert 0 <= a - b * q < abs(b)
    return wrap(q)  # only i64::MIN div -1 wraps


def emod(a, b):
    """Euclidean remainder, never negative; (mod a 0) = a."""
    if b == 0:
        return a
    r = a - b * (a // b if b > 0 else -(a // -b))
    assert 0 <= r < abs(b)
    return r


class Evaluator:
    def __init__(self):
        self.peak = 0  # largest |value| seen, intermediates included

    def note(self, v):
        self.peak = max(self.peak, abs(v))
        return v

    def eval(self, node, n):
        kind = node[0]
        if kind == "var":
            return self.note(n)
        if kind == "lit":
            return self.note(node[1])
        _, op, args = node
        if op == "ite":
            cond = self.eval(args[0], n)
            return self.note(self.eval(args[1] if cond else args[2], n))
        vals = [self.eval(a, n) for a in args]
        if kind == "cmp":
            a, b = vals
            return {"<": a < b, "<=": a <= b, "=": a == b}[op]
        if op == "+":
            r = wrap(vals[0] + vals[1])
        elif op == "-":
            r = wrap(vals[0] - vals[1])
        elif op == "*":
            r = wrap(vals[0] * vals[1])
        elif op == "div":
            r = ediv(vals[0], vals[1])
        elif op == "mod":
            r = emod(vals[0], vals[1])
        elif op == "min":
            r = min(vals)
        elif op == "max":
            r = max(vals)
        elif op == "neg":
            r = wrap(-vals[0])
        elif op == "abs":
            r = wrap(abs(vals[0]))
        else:
            raise AssertionError(op)
        return self.note(r)


# Self-checks of the semantics the brief calls normative.
assert ediv(7, 2) == 3 and emod(7, 2) == 1
assert ediv(-7, 2) == -4 and emod(-7, 2) == 1
assert ediv(7, -2) == -3 and emod(7, -2) == 1
assert ediv(-7, -2) == 4 and emod(-7, -2) == 1
assert ediv(5, 0) == 0 and emod(5, 0) == 5 and emod(-5, 0) == -5
assert ediv(I64_MIN, -1) == I64_MIN and emod(I64_MIN, -1) == 0
assert wrap(I64_MAX + 1) == I64_MIN

# ---------------------------------------------------------------------------
# The tasks: (family, name, program, formula). Formulas are Python, written
# from the mathematical definition; Fractions must come out integral.
# ---------------------------------------------------------------------------


def S(lo, hi, term):
    """sum of term(k) for k = lo..hi inclusive (empty when hi < lo)."""
    return sum(term(k) for k in range(lo, hi + 1))


def polygonal(s, n):
    return F((s - 2) * n * n - (s - 4) * n, 2)


def centered(k, n):
    return F(k * n * (n + 1), 2) + 1


def floor(x):
    return math.floor(F(x))


def ceil(x):
    return math.ceil(F(x))


TASKS = []


def task(family, name, program, formula):
    TASKS.append((family, name, program, formula))


# --- linear: a*n + b --------------------------------------------------------
L = "linear"
task(L, "linear-2n-plus-1", "(+ (* 2 n) 1)", lambda n: 2 * n + 1)
task(L, "linear-3n-minus-5", "(- (* 3 n) 5)", lambda n: 3 * n - 5)
task(L, "linear-7-minus-4n", "(- 7 (* 4 n))", lambda n: -4 * n + 7)
task(L, "linear-7n", "(* 7 n)", lambda n: 7 * n)
task(L, "linear-5n-plus-13", "(+ (* 5 n) 13)", lambda n: 5 * n + 13)
task(L, "linear-20-minus-n", "(- 20 n)", lambda n: -n + 20)
task(L, "linear-11n-minus-3", "(- (* 11 n) 3)", lambda n: 11 * n - 3)
task(L, "linear-neg-3n-minus-2", "(- -2 (* 3 n))", lambda n: -3 * n - 2)
task(L, "linear-13n-plus-100", "(+ (* 13 n) 100)", lambda n: 13 * n + 100)
task(L, "linear-n-minus-9", "(- n 9)", lambda n: n - 9)
task(L, "linear-6n-plus-4", "(+ (* 6 n) 4)", lambda n: 6 * n + 4)
task(L, "linear-neg-25n-plus-37", "(+ (* -25 n) 37)", lambda n: -25 * n + 37)

# --- quadratic ----------------------------------------------------------------
Q = "quadratic"
task(Q, "quadratic-n2", "(* n n)", lambda n: n**2)
task(Q, "quadratic-n2-plus-n-plus-1", "(+ (* n (+ n 1)) 1)", lambda n: n**2 + n + 1)
task(Q, "quadratic-2n2-minus-3n-plus-1", "(+ (- (* 2 (* n n)) (* 3 n)) 1)",
     lambda n: 2 * n**2 - 3 * n + 1)
task(Q, "quadratic-n2-minus-n-over-2", "(div (* n (- n 1)) 2)",
     lambda n: F(1, 2) * n**2 - F(1, 2) * n)
task(Q, "quadratic-5n2-plus-3n-over-2", "(div (* n (+ (* 5 n) 3)) 2)",
     lambda n: F(5, 2) * n**2 + F(3, 2) * n)
task(Q, "quadratic-n2-plus-3n-over-2", "(div (* n (+ n 3)) 2)",
     lambda n: F(1, 2) * n**2 + F(3, 2) * n)
task(Q, "quadratic-10n-minus-n2", "(* n (- 10 n))", lambda n: -(n**2) + 10 * n)
task(Q, "quadratic-3n2-minus-7", "(- (* 3 (* n n)) 7)", lambda n: 3 * n**2 - 7)
task(Q, "quadratic-17n2-minus-40n-plus-9", "(+ (* n (- (* 17 n) 40)) 9)",
     lambda n: 17 * n**2 - 40 * n + 9)
task(Q, "quadratic-n-minus-5-squared", "(* (- n 5) (- n 5))", lambda n: n**2 - 10 * n + 25)
task(Q, "quadratic-euler-n2-minus-n-plus-41", "(+ (* n (- n 1)) 41)",
     lambda n: n**2 - n + 41)
task(Q, "quadratic-7n2-minus-n-over-2", "(div (* n (- (* 7 n) 1)) 2)",
     lambda n: F(7, 2) * n**2 - F(1, 2) * n)
task(Q, "quadratic-neg-3n2-plus-5n-over-2", "(div (* n (- 5 (* 3 n))) 2)",
     lambda n: F(-3, 2) * n**2 + F(5, 2) * n)

# --- cubic --------------------------------------------------------------------
C = "cubic"
task(C, "cubic-n3", "(* n (* n n))", lambda n: n**3)
task(C, "cubic-n3-plus-2n", "(* n (+ (* n n) 2))", lambda n: n**3 + 2 * n)
task(C, "cubic-n3-minus-n-over-6", "(div (* n (- (* n n) 1)) 6)",
     lambda n: F(1, 6) * n**3 - F(1, 6) * n)
task(C, "cubic-falling-n-n1-n2", "(* n (* (- n 1) (- n 2)))",
     lambda n: n**3 - 3 * n**2 + 2 * n)
task(C, "cubic-2n3-minus-n2-plus-5", "(+ (* (* n n) (- (* 2 n) 1)) 5)",
     lambda n: 2 * n**3 - n**2 + 5)
task(C, "cubic-n3-plus-5n-over-6", "(div (* n (+ (* n n) 5)) 6)",
     lambda n: F(1, 6) * n**3 + F(5, 6) * n)
task(C, "cubic-20n2-minus-n3", "(* (* n n) (- 20 n))", lambda n: -(n**3) + 20 * n**2)
task(C, "cubic-n3-plus-2n-over-3", "(div (* n (+ (* n n) 2)) 3)",
     lambda n: F(1, 3) * n**3 + F(2, 3) * n)
task(C, "cubic-10n3-minus-7n-plus-3", "(+ (* n (- (* 10 (* n n)) 7)) 3)",
     lambda n: 10 * n**3 - 7 * n + 3)
task(C, "cubic-n3-plus-11n-over-6", "(div (* n (+ (* n n) 11)) 6)",
     lambda n: F(1, 6) * n**3 + F(11, 6) * n)
task(C, "cubic-n-minus-3-cubed", "(* (- n 3) (* (- n 3) (- n 3)))",
     lambda n: n**3 - 9 * n**2 + 27 * n - 27)
task(C, "cubic-n3-minus-50n", "(* n (- (* n n) 50))", lambda n: n**3 - 50 * n)
task(C, "cubic-5n3-minus-3n2-plus-4n-over-2",
     "(div (* n (+ (* n (- (* 5 n) 3)) 4)) 2)",
     lambda n: F(5, 2) * n**3 - F(3, 2) * n**2 + 2 * n)

# --- quartic ------------------------------------------------------------------
Q4 = "quartic"
task(Q4, "quartic-n4", "(* (* n n) (* n n))", lambda n: n**4)
task(Q4, "quartic-n4-minus-n2", "(* (* n n) (- (* n n) 1))", lambda n: n**4 - n**2)
task(Q4, "quartic-n4-minus-n2-over-12", "(div (* (* n n) (- (* n n) 1)) 12)",
     lambda n: F(1, 12) * n**4 - F(1, 12) * n**2)
task(Q4, "quartic-n4-plus-n2-over-2", "(div (* (* n n) (+ (* n n) 1)) 2)",
     lambda n: F(1, 2) * n**4 + F(1, 2) * n**2)
task(Q4, "quartic-half-n-n-minus-1-squared",
     "(* (div (* n (- n 1)) 2) (div (* n (- n 1)) 2))",
     lambda n: F(1, 4) * n**4 - F(1, 2) * n**3 + F(1, 4) * n**2)
task(Q4, "quartic-n4-plus-3n3-minus-2n-plus-7",
     "(+ (* n (- (* (* n n) (+ n 3)) 2)) 7)",
     lambda n: n**4 + 3 * n**3 - 2 * n + 7)
task(Q4, "quartic-2n4-minus-5n3", "(* (* n (* n n)) (- (* 2 n) 5))",
     lambda n: 2 * n**4 - 5 * n**3)
task(Q4, "quartic-binomial-n-choose-4",
     "(div (* (* n (- n 1)) (* (- n 2) (- n 3))) 24)",
     lambda n: F(1, 24) * n**4 - F(1, 4) * n**3 + F(11, 24) * n**2 - F(1, 4) * n)
task(Q4, "quartic-n2-plus-1-squared", "(* (+ (* n n) 1) (+ (* n n) 1))",
     lambda n: n**4 + 2 * n**2 + 1)
task(Q4, "quartic-30n3-minus-n4", "(* (* n (* n n)) (- 30 n))",
     lambda n: -(n**4) + 30 * n**3)
task(Q4, "quartic-3n4-minus-1", "(- (* 3 (* (* n n) (* n n))) 1)", lambda n: 3 * n**4 - 1)
task(Q4, "quartic-n4-plus-3n2-over-4", "(div (* (* n n) (+ (* n n) 3)) 4)",
     lambda n: F(1, 4) * n**4 + F(3, 4) * n**2)

# --- quintic ------------------------------------------------------------------
Q5 = "quintic"
N5 = "(* n (* (* n n) (* n n)))"
task(Q5, "quintic-n5", N5, lambda n: n**5)
task(Q5, "quintic-n5-minus-n-over-30", "(div (- %s n) 30)" % N5,
     lambda n: F(1, 30) * n**5 - F(1, 30) * n)
task(Q5, "quintic-n5-plus-n4-minus-n", "(- (* (* (* n n) (* n n)) (+ n 1)) n)",
     lambda n: n**5 + n**4 - n)
task(Q5, "quintic-2n5-minus-3n3-plus-n",
     "(* n (+ (* (* n n) (- (* 2 (* n n)) 3)) 1))",
     lambda n: 2 * n**5 - 3 * n**3 + n)
task(Q5, "quintic-binomial-n-plus-2-choose-5",
     "(div (* (* (- n 2) (- n 1)) (* n (* (+ n 1) (+ n 2)))) 120)",
     lambda n: F(1, 120) * n**5 - F(1, 24) * n**3 + F(1, 30) * n)
task(Q5, "quintic-n5-plus-n-over-2", "(div (+ %s n) 2)" % N5,
     lambda n: F(1, 2) * n**5 + F(1, 2) * n)
task(Q5, "quintic-n5-minus-n3-over-24", "(div (* (* n (* n n)) (- (* n n) 1)) 24)",
     lambda n: F(1, 24) * n**5 - F(1, 24) * n**3)
task(Q5, "quintic-100n4-minus-n5", "(* (* (* n n) (* n n)) (- 100 n))",
     lambda n: -(n**5) + 100 * n**4)
task(Q5, "quintic-n-minus-2-fifth-plus-3",
     "(+ (* (- n 2) (* (* (- n 2) (- n 2)) (* (- n 2) (- n 2)))) 3)",
     lambda n: n**5 - 10 * n**4 + 40 * n**3 - 80 * n**2 + 80 * n - 32 + 3)
task(Q5, "quintic-3n5-minus-7n2-plus-11", "(+ (* (* n n) (- (* 3 (* n (* n n))) 7)) 11)",
     lambda n: 3 * n**5 - 7 * n**2 + 11)
task(Q5, "quintic-n5-plus-4n-over-5", "(div (+ %s (* 4 n)) 5)" % N5,
     lambda n: F(1, 5) * n**5 + F(4, 5) * n)

# --- power sums (formula: the sum itself; program: its closed form) ----------
P = "power-sum"
task(P, "power-sum-k", "(div (* n (+ n 1)) 2)", lambda n: S(1, n, lambda k: k))
task(P, "power-sum-k2", "(div (* n (* (+ n 1) (+ (* 2 n) 1))) 6)",
     lambda n: S(1, n, lambda k: k**2))
task(P, "power-sum-k3", "(* (div (* n (+ n 1)) 2) (div (* n (+ n 1)) 2))",
     lambda n: S(1, n, lambda k: k**3))
task(P, "power-sum-k4",
     "(div (* (* n (+ n 1)) (* (+ (* 2 n) 1) (- (* 3 (* n (+ n 1))) 1))) 30)",
     lambda n: S(1, n, lambda k: k**4))
task(P, "power-sum-odd-squares", "(div (* n (- (* 4 (* n n)) 1)) 3)",
     lambda n: S(0, n - 1, lambda k: (2 * k + 1) ** 2))
task(P, "power-sum-k-times-k-plus-1", "(div (* n (* (+ n 1) (+ n 2))) 3)",
     lambda n: S(1, n, lambda k: k * (k + 1)))
task(P, "power-sum-odd-cubes", "(* (* n n) (- (* 2 (* n n)) 1))",
     lambda n: S(0, n - 1, lambda k: (2 * k + 1) ** 3))
task(P, "power-sum-even-squares", "(div (* (* 2 n) (* (+ n 1) (+ (* 2 n) 1))) 3)",
     lambda n: S(1, n, lambda k: (2 * k) ** 2))
task(P, "power-sum-k-k1-k2", "(div (* (* n (+ n 1)) (* (+ n 2) (+ n 3))) 4)",
     lambda n: S(1, n, lambda k: k * (k + 1) * (k + 2)))
task(P, "power-sum-k2-to-n-plus-1", "(div (* (+ n 1) (* (+ n 2) (+ (* 2 n) 3))) 6)",
     lambda n: S(1, n + 1, lambda k: k**2))
task(P, "power-sum-odd-fourth-powers",
     "(div (* (* n (- (* 4 (* n n)) 1)) (- (* 12 (* n n)) 7)) 15)",
     lambda n: S(1, n, lambda k: (2 * k - 1) ** 4))
task(P, "power-sum-k2-times-k-plus-1",
     "(div (* (* n (+ n 1)) (* (+ n 2) (+ (* 3 n) 1))) 12)",
     lambda n: S(1, n, lambda k: k**2 * (k + 1)))
task(P, "power-sum-k3-minus-k", "(div (* (* (- n 1) n) (* (+ n 1) (+ n 2))) 4)",
     lambda n: S(1, n, lambda k: k**3 - k))

# --- figurate -----------------------------------------------------------------
G = "figurate"
task(G, "figurate-triangular", "(div (* n (+ n 1)) 2)", lambda n: polygonal(3, n))
task(G, "figurate-square-pyramidal", "(div (* (* n (+ n 1)) (+ (* 2 n) 1)) 6)",
     lambda n: S(1, n, lambda k: polygonal(4, k)))
task(G, "figurate-tetrahedral", "(div (* n (* (+ n 1) (+ n 2))) 6)",
     lambda n: S(1, n, lambda k: polygonal(3, k)))
task(G, "figurate-pentagonal", "(div (* n (- (* 3 n) 1)) 2)", lambda n: polygonal(5, n))
task(G, "figurate-hexagonal", "(* n (- (* 2 n) 1))", lambda n: polygonal(6, n))
task(G, "figurate-heptagonal", "(div (* n (- (* 5 n) 3)) 2)", lambda n: polygonal(7, n))
task(G, "figurate-octagonal", "(* n (- (* 3 n) 2))", lambda n: polygonal(8, n))
task(G, "figurate-centered-triangular", "(+ (div (* 3 (* n (+ n 1))) 2) 1)",
     lambda n: centered(3, n))
task(G, "figurate-centered-square", "(+ (* 2 (* n (+ n 1))) 1)", lambda n: centered(4, n))
task(G, "figurate-centered-pentagonal", "(+ (div (* 5 (* n (+ n 1))) 2) 1)",
     lambda n: centered(5, n))
task(G, "figurate-centered-hexagonal", "(+ (* 3 (* n (+ n 1))) 1)",
     lambda n: centered(6, n))
task(G, "figurate-binomial-n-plus-2-choose-2", "(div (* (+ n 1) (+ n 2)) 2)",
     lambda n: math.comb(n + 2, 2))
task(G, "figurate-binomial-n-plus-3-choose-3", "(div (* (+ n 1) (* (+ n 2) (+ n 3))) 6)",
     lambda n: math.comb(n + 3, 3))
task(G, "figurate-binomial-n-plus-4-choose-4",
     "(div (* (* (+ n 1) (+ n 2)) (* (+ n 3) (+ n 4))) 24)",
     lambda n: math.comb(n + 4, 4))
task(G, "figurate-binomial-n-plus-5-choose-5",
     "(div (* (* (+ n 1) (+ n 2)) (* (+ n 3) (* (+ n 4) (+ n 5)))) 120)",
     lambda n: math.comb(n + 5, 5))

# --- floor --------------------------------------------------------------------
D = "floor"
task(D, "floor-n2-over-3", "(div (* n n) 3)", lambda n: floor(F(n * n, 3)))
task(D, "floor-n2-over-4", "(div (* n n) 4)", lambda n: floor(F(n * n, 4)))
task(D, "floor-n2-plus-n-over-5", "(div (* n (+ n 1)) 5)", lambda n: floor(F(n * n + n, 5)))
task(D, "floor-3n-over-2", "(div (* 3 n) 2)", lambda n: floor(F(3 * n, 2)))
task(D, "floor-n-n-plus-1-over-6", "(div (* n (+ n 1)) 6)", lambda n: floor(F(n * (n + 1), 6)))
task(D, "floor-2n2-plus-1-over-7", "(div (+ (* 2 (* n n)) 1) 7)",
     lambda n: floor(F(2 * n * n + 1, 7)))
task(D, "floor-n-over-3", "(div n 3)", lambda n: floor(F(n, 3)))
task(D, "floor-5n-plus-2-over-4", "(div (+ (* 5 n) 2) 4)", lambda n: floor(F(5 * n + 2, 4)))
task(D, "floor-n2-over-2", "(div (* n n) 2)", lambda n: floor(F(n * n, 2)))
task(D, "floor-n2-minus-4n-over-3", "(div (* n (- n 4)) 3)",
     lambda n: floor(F(n * n - 4 * n, 3)))
task(D, "floor-7-minus-3n-over-2", "(div (- 7 (* 3 n)) 2)", lambda n: floor(F(7 - 3 * n, 2)))
task(D, "floor-ceil-n2-over-3", "(div (+ (* n n) 2) 3)", lambda n: ceil(F(n * n, 3)))
task(D, "floor-3n2-plus-2n-over-8", "(div (* n (+ (* 3 n) 2)) 8)",
     lambda n: floor(F(3 * n * n + 2 * n, 8)))
task(D, "floor-neg-n2-over-5", "(div (neg (* n n)) 5)", lambda n: floor(F(-n * n, 5)))
task(D, "floor-n3-over-6", "(div (* n (* n n)) 6)", lambda n: floor(F(n**3, 6)))

# --- periodic (formulas: lookup tables over one period) ------------------------
R = "periodic"
task(R, "periodic-n-mod-3", "(mod n 3)", lambda n: [0, 1, 2][n % 3])
task(R, "periodic-2-n-mod-4-plus-1", "(+ (* (mod n 4) 2) 1)", lambda n: [1, 3, 5, 7][n % 4])
task(R, "periodic-5-n-mod-2-plus-1", "(+ (* 5 (mod n 2)) 1)", lambda n: [1, 6][n % 2])
task(R, "periodic-n-mod-2", "(mod n 2)", lambda n: [0, 1][n % 2])
task(R, "periodic-n-mod-5", "(mod n 5)", lambda n: [0, 1, 2, 3, 4][n % 5])
task(R, "periodic-2-minus-n-mod-3", "(- 2 (mod n 3))", lambda n: [2, 1, 0][n % 3])
task(R, "periodic-multiple-of-3-indicator", "(- 1 (min (mod n 3) 1))",
     lambda n: 1 if n % 3 == 0 else 0)
task(R, "periodic-n-mod-4-is-1-indicator", "(ite (= (mod n 4) 1) 1 0)",
     lambda n: 1 if n % 4 == 1 else 0)
task(R, "periodic-3-n-mod-6-minus-7", "(- (* 3 (mod n 6)) 7)",
     lambda n: [-7, -4, -1, 2, 5, 8][n % 6])
task(R, "periodic-n-mod-2-minus-n-mod-3", "(- (mod n 2) (mod n 3))",
     lambda n: [0, 0, -2, 1, -1, -1][n % 6])
task(R, "periodic-n2-mod-5", "(mod (* n n) 5)", lambda n: [0, 1, 4, 4, 1][n % 5])
task(R, "periodic-alternating-sign", "(- 1 (* 2 (mod n 2)))", lambda n: (-1) ** n)
task(R, "periodic-3n-mod-7", "(mod (* 3 n) 7)", lambda n: [0, 3, 6, 2, 5, 1, 4][n % 7])
task(R, "periodic-distance-to-multiple-of-4", "(min (mod n 4) (- 4 (mod n 4)))",
     lambda n: [0, 1, 2, 1][n % 4])
task(R, "periodic-triangular-mod-3", "(mod (div (* n (+ n 1)) 2) 3)",
     lambda n: [0, 1, 0][n % 3])

# --- piecewise-periodic ---------------------------------------------------------
W = "piecewise-periodic"
task(W, "piecewise-n-plus-n-mod-2", "(+ n (mod n 2))",
     lambda n: n if n % 2 == 0 else n + 1)
task(W, "piecewise-n2-plus-n-mod-3", "(+ (* n n) (mod n 3))", lambda n: n * n + [0, 1, 2][n % 3])
task(W, "piecewise-half-times-third", "(* (div n 2) (div n 3))",
     lambda n: floor(F(n, 2)) * floor(F(n, 3)))
task(W, "piecewise-floor-half-times-ceil-half", "(* (div n 2) (div (+ n 1) 2))",
     lambda n: floor(F(n, 2)) * ceil(F(n, 2)))
task(W, "piecewise-n-if-odd-else-0", "(* n (mod n 2))", lambda n: n if n % 2 == 1 else 0)
task(W, "piecewise-collatz-step", "(ite (= (mod n 2) 0) (div n 2) (+ (* 3 n) 1))",
     lambda n: n // 2 if n % 2 == 0 else 3 * n + 1)
task(W, "piecewise-n-div-3-plus-n-mod-3", "(+ (div n 3) (mod n 3))",
     lambda n: floor(F(n, 3)) + [0, 1, 2][n % 3])
task(W, "piecewise-half-squared-plus-parity", "(+ (* (div n 2) (div n 2)) (mod n 2))",
     lambda n: floor(F(n, 2)) ** 2 + (1 if n % 2 else 0))
task(W, "piecewise-alternating-n", "(* n (- 1 (* 2 (mod n 2))))", lambda n: (-1) ** n * n)
task(W, "piecewise-n-mod-3-plus-1-times-n", "(* (+ (mod n 3) 1) n)",
     lambda n: [1, 2, 3][n % 3] * n)
task(W, "piecewise-n-plus-n2-mod-7", "(+ n (mod (* n n) 7))",
     lambda n: n + [0, 1, 4, 2, 2, 4, 1][n % 7])
task(W, "piecewise-base-4-digits-as-decimal", "(+ (* 10 (div n 4)) (mod n 4))",
     lambda n: 10 * floor(F(n, 4)) + [0, 1, 2, 3][n % 4])
task(W, "piecewise-n-div-3-times-n-mod-3", "(* (div n 3) (mod n 3))",
     lambda n: floor(F(n, 3)) * [0, 1, 2][n % 3])
task(W, "piecewise-n2-minus-3-n-mod-4", "(- (* n n) (* 3 (mod n 4)))",
     lambda n: n * n - [0, 3, 6, 9][n % 4])

# ---------------------------------------------------------------------------
# Checks and output.
# ---------------------------------------------------------------------------

FAMILIES = ["linear", "quadratic", "cubic", "quartic", "quintic", "power-sum",
            "figurate", "floor", "periodic", "piecewise-periodic"]
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def as_int(v, where):
    if isinstance(v, bool):
        raise AssertionError("%s: formula returned a bool" % where)
    if isinstance(v, F):
        if v.denominator != 1:
            raise AssertionError("%s: formula value %s is not an integer" % (where, v))
        v = v.numerator
    if not isinstance(v, int):
        raise AssertionError("%s: formula returned %r" % (where, v))
    return v


def main():
    failures = []
    names = set()
    records = []
    for family, name, program, formula in TASKS:
        if family not in FAMILIES:
            failures.append("%s: unknown family %r" % (name, family))
        if not NAME.match(name):
            failures.append("%s: name is not kebab-case" % name)
        if name in names:
            failures.append("%s: duplicate name" % name)
        names.add(name)
        tree = parse(program)
        ev = Evaluator()
        values = []
        for n in range(0, 30):
            want = as_int(formula(n), "%s at n=%d" % (name, n))
            got = ev.eval(tree, n)
            if got != want:
                failures.append("%s at n=%d: program %d, formula %d" % (name, n, got, want))
            if abs(want) >= LIMIT:
                failures.append("%s at n=%d: value %d too large" % (name, n, want))
            values.append(want)
        if ev.peak >= LIMIT:
            failures.append("%s: intermediate value %d too large" % (name, ev.peak))
        records.append({
            "family": family,
            "name": name,
            "program": program,
            "train": [[[n], values[n]] for n in TRAIN],
            "test": [[[n], values[n]] for n in TEST],
            "vars": ["n"],
        })
    counts = {f: sum(1 for r in records if r["family"] == f) for f in FAMILIES}
    for f, c in counts.items():
        if not 8 <= c <= 15:
            failures.append("family %s has %d tasks (want 8..15)" % (f, c))
    if len(records) < 110:
        failures.append("only %d tasks (want at least 110)" % len(records))
    if failures:
        for line in failures:
            print("FAIL:", line, file=sys.stderr)
        sys.exit(1)

    with open(OUT_JSONL, "w", encoding="utf-8", newline="\n") as out:
        for r in records:
            out.write(json.dumps(r, sort_keys=True, separators=(",", ":")) + "\n")

    width_name = max(len(r["name"]) for r in records)
    width_family = max(len(r["family"]) for r in records)
    with open(OUT_TXT, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Integer sequences a(n), n from 0: 10 training terms (n = 0..9), 20 held-out\n")
        out.write("# (n = 10..29); written from the formulas before any solver was measured.\n")
        out.write("# Generated by `python3 scripts/make_sequences.py` (with sequences.jsonl); do not edit.\n")
        out.write("# Columns: name | family | reference program (variable n).\n")
        for r in records:
            out.write("%s | %s | %s\n" % (r["name"].ljust(width_name),
                                          r["family"].ljust(width_family), r["program"]))

    # Report sequences that appear more than once (on all 30 terms).
    seen = {}
    for r in records:
        key = tuple(y for _, y in r["train"] + r["test"])
        seen.setdefault(key, []).append(r["name"])
    dups = [v for v in seen.values() if len(v) > 1]
    print("wrote %d tasks to %s" % (len(records), os.path.relpath(OUT_JSONL, ROOT)))
    for f in FAMILIES:
        print("  %-20s %d" % (f, counts[f]))
    for group in dups:
        print("  note: same sequence: %s" % ", ".join(group))


if __name__ == "__main__":
    main()
