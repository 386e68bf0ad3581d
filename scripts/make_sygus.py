#!/usr/bin/env python3
"""Writes the SyGuS problems authored for arithsynth's corpus (tests/sygus/).

Usage: python3 scripts/make_sygus.py OUT_DIR [--binary target/release/arithsynth]

Each problem is integer programming by example in the style of the SyGuS
competition's PBE tracks: one `synth-fun` over Int parameters returning
Int, ground examples `(constraint (= (f 3 4) 7))` and `check-synth`; in
SyGuS-IF v1 (grammar without the declared nonterminal list, negative
numerals as one atom) or v2 (nonterminals declared first, `(- 5)`), with a
grammar or without one (the whole theory), with many literals (a grammar
listing 0..105 and a few examples, as in the int-arith benchmarks), with
case splits (ite, max, clamps, tiered prices) and with one to four
variables.

The expected outputs are computed by the reference evaluator below, which
follows SMT-LIB: `div` and `mod` are Euclidean (the remainder is never
negative); no target divides by zero. With `--binary`, every output is also
evaluated by `arithsynth eval` and must agree. The output is deterministic:
every input row is written out below.

Written for arithsynth; under the project's licence (MIT OR Apache-2.0).
"""

import argparse
import subprocess
import sys
from pathlib import Path

OPS = "+,-,*,div,mod,neg,abs,min,max,ite,<,<=,="

# ---------------------------------------------------------------- evaluator


def tokenize(text):
    return text.replace("(", " ( ").replace(")", " ) ").split()


def parse(text):
    tokens = tokenize(text)
    pos = 0

    def read():
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        if tok == "(":
            items = []
            while tokens[pos] != ")":
                items.append(read())
            pos += 1
            return items
        return tok

    term = read()
    assert pos == len(tokens), text
    return term


def smt_div(a, b):
    assert b != 0, "targets never divide by zero"
    r = a % abs(b)
    return (a - r) // b


def smt_mod(a, b):
    assert b != 0, "targets never divide by zero"
    return a % abs(b)


def evaluate(term, env):
    if isinstance(term, str):
        if term in env:
            return env[term]
        return int(term)
    head, *args = term
    if head == "ite":
        return evaluate(args[1], env) if truth(args[0], env) else evaluate(args[2], env)
    vals = [evaluate(a, env) for a in args]
    if head == "+":
        return sum(vals)
    if head == "-":
        return -vals[0] if len(vals) == 1 else vals[0] - sum(vals[1:])
    if head == "neg":
        return -vals[0]
    if head == "*":
        out = 1
        for v in vals:
            out *= v
        return out
    if head == "div":
        return smt_div(*vals)
    if head == "mod":
        return smt_mod(*vals)
    if head == "abs":
        return abs(vals[0])
    if head == "min":
        return min(vals)
    if head == "max":
        return max(vals)
    raise ValueError(f"unknown operator {head}")


def truth(cond, env):
    head, a, b = cond
    x, y = evaluate(a, env), evaluate(b, env)
    return {"<": x < y, "<=": x <= y, "=": x == y}[head]


# ---------------------------------------------------------------- problems

BOOL_FULL = ["(and B B)", "(or B B)", "(not B)", "(<= S S)", "(= S S)", "(>= S S)"]
BOOL_LE = ["(<= S S)"]


def lits(lo, hi, step=1):
    return [str(i) for i in range(lo, hi + 1, step)]


def grammar(start, boolean=None, extra=None):
    """Nonterminals: S (Int, productions `start`), B (Bool), others."""
    nts = [("Start", "Int", start)]
    if boolean:
        nts.append(("StartBool", "Bool", boolean))
    for nt in extra or []:
        nts.append(nt)
    return nts


# name, dialect, logic, vars, grammar (None: no grammar), target, rows,
# comment.  In productions `S` stands for Start and `B` for StartBool.
PROBLEMS = []


def problem(name, dialect, logic, vars_, gram, target, rows, comment, declare=True, style="plain"):
    PROBLEMS.append(dict(name=name, dialect=dialect, logic=logic, vars=vars_, grammar=gram,
                         target=target, rows=rows, comment=comment, declare=declare, style=style))


ARITH = ["(+ S S)", "(- S S)"]
ARITH_MUL = ["(+ S S)", "(- S S)", "(* S S)"]
INTARITH = ["(+ S S)", "(* S S)", "(div S S)", "(- S S)"]

# --- no grammar: the whole theory (LIA or NIA) ---------------------------
problem("nogrammar-fahrenheit", "v2", "LIA", ["c"], None,
        "(+ (div (* 9 c) 5) 32)", [(-40,), (-10,), (0,), (5,), (20,), (35,), (100,)],
        "degrees Celsius (multiples of 5) to Fahrenheit")
problem("nogrammar-sum3", "v2", "LIA", ["x", "y", "z"], None,
        "(+ x (+ y z))", [(1, 2, 3), (0, 0, 0), (5, -2, 7), (10, 20, 30), (-4, 4, 9)],
        "the sum of three numbers")
problem("nogrammar-odd", "v1", "LIA", ["x"], None,
        "(+ (* 2 x) 1)", [(-3,), (-1,), (0,), (2,), (7,), (12,)],
        "the x-th odd number")
problem("nogrammar-max2", "v1", "LIA", ["x", "y"], None,
        "(max x y)", [(3, 4), (9, 2), (-5, -7), (0, 0), (-2, 6), (11, 10)],
        "the larger of two numbers")
problem("nogrammar-abs", "v2", "LIA", ["x"], None,
        "(abs x)", [(-9,), (-4,), (-1,), (0,), (3,), (8,)],
        "absolute value")
problem("nogrammar-minutes", "v2", "LIA", ["t"], None,
        "(mod t 60)", [(75,), (130,), (1999,), (61,), (600,), (44,), (1234,), (359,)],
        "minutes past the hour of t minutes")
problem("nogrammar-area", "v2", "NIA", ["w", "h"], None,
        "(* w h)", [(3, 4), (5, 5), (2, 9), (10, 1), (7, 6)],
        "area of a w by h rectangle")
problem("nogrammar-hours", "v1", "LIA", ["s"], None,
        "(div s 3600)", [(0,), (3599,), (3600,), (7300,), (86399,), (12000,)],
        "whole hours in s seconds", declare=True, style="options")
problem("nogrammar-linear2", "v1", "LIA", ["x", "y"], None,
        "(+ (- (* 3 x) (* 2 y)) 7)", [(0, 0), (1, -2), (-3, 4), (5, 5), (-1, -1), (10, 3)],
        "a linear function of two variables")
problem("nogrammar-clamp100", "v2", "LIA", ["x"], None,
        "(ite (< x 0) 0 (ite (< 100 x) 100 x))",
        [(-20,), (-1,), (0,), (37,), (100,), (101,), (250,), (64,)],
        "x clamped to 0..100")
problem("nogrammar-square-plus-one", "v1", "NIA", ["x"], None,
        "(+ (* x x) 1)", [(-4,), (-1,), (0,), (2,), (3,), (10,)],
        "x squared plus one")
problem("nogrammar-digit-sum", "v2", "LIA", ["n"], None,
        "(+ (div n 10) (mod n 10))", [(10,), (19,), (47,), (55,), (83,), (99,), (7,)],
        "sum of the digits of a two-digit number")
problem("nogrammar-mean-floor", "v2", "LIA", ["x", "y"], None,
        "(div (+ x y) 2)", [(2, 4), (3, 4), (10, 0), (7, 7), (1, 8), (100, 51)],
        "the mean of two nonnegative numbers, rounded down")

# --- many literals: int-arith style (0..105, few examples) ----------------
L106 = lits(0, 105)
problem("lits-product-plus", "v2", "NIA", ["x0", "x1"],
        grammar(INTARITH + ["x0", "x1"] + L106),
        "(+ (* x0 x1) 47)", [(4, 3), (3, 9), (2, 4)],
        "int-arith style: a grammar with the literals 0..105, three examples")
problem("lits-scaled-diff", "v2", "NIA", ["x0", "x1"],
        grammar(INTARITH + ["x0", "x1"] + L106),
        "(- (* x0 13) x1)", [(4, 3), (7, 1), (2, 5)],
        "int-arith style: a grammar with the literals 0..105, three examples")
problem("lits-square-sum", "v1", "NIA", ["x0", "x1"],
        grammar(INTARITH + ["x0", "x1"] + L106),
        "(+ (* x0 x0) (* 3 x1))", [(4, 3), (3, 9), (5, 2)],
        "int-arith style: a grammar with the literals 0..105, three examples")
problem("lits-ratio", "v2", "NIA", ["x0", "x1"],
        grammar(INTARITH + ["x0", "x1"] + L106),
        "(div (* x0 100) (+ x1 1))", [(4, 3), (3, 9), (7, 1)],
        "int-arith style: a grammar with the literals 0..105, three examples")
problem("lits-quadratic", "v1", "NIA", ["x0", "x1"],
        grammar(INTARITH + ["x0", "x1"] + L106),
        "(+ x0 (* x1 (+ x1 5)))", [(4, 3), (1, 6), (2, 2)],
        "int-arith style: a grammar with the literals 0..105, three examples")
problem("lits-complement", "v2", "LIA", ["x0", "x1"],
        grammar(["(+ S S)", "(- S S)", "x0", "x1"] + L106),
        "(- 100 (+ x0 x1))", [(4, 3), (30, 9), (50, 50)],
        "int-arith style: a grammar with the literals 0..105, three examples")
problem("lits-one-var", "v1", "NIA", ["x"],
        grammar(INTARITH + ["x"] + L106),
        "(* 7 (+ x 12))", [(0,), (3,), (10,)],
        "int-arith style: one variable, the literals 0..105, three examples")
problem("lits-mod-hash", "v2", "NIA", ["x0", "x1"],
        grammar(["(+ S S)", "(* S S)", "(mod S S)", "x0", "x1"] + L106),
        "(mod (+ (* x0 31) x1) 97)", [(4, 3), (3, 9), (10, 10), (7, 2)],
        "int-arith style with mod: the literals 0..105")
problem("lits-fives", "v2", "LIA", ["x"],
        grammar(["(+ S S)", "(- S S)", "x"] + lits(0, 250, 5)),
        "(+ (+ x x) 135)", [(1,), (4,), (20,)],
        "a grammar with the literals 0, 5, ..., 250 (51 literals)")
problem("lits-signed", "v1", "LIA", ["x0", "x1"],
        grammar(["(+ S S)", "(- S S)", "x0", "x1"] + lits(-52, 52)),
        "(- (+ x0 x1) 37)", [(4, 3), (-6, 2), (10, -8)],
        "a v1 grammar with the literals -52..52 written as atoms")

# --- case splits ------------------------------------------------------------
problem("cases-piecewise", "v2", "LIA", ["x"],
        grammar(["x"] + lits(0, 100, 10) + ["1", "2", "(+ S S)", "(- S S)", "(ite B S S)"],
                BOOL_FULL),
        "(ite (<= x 7) (+ x 20) (* 2 x))",
        [(0,), (3,), (7,), (8,), (9,), (12,), (30,), (5,)],
        "if x <= 7 then x + 20 else 2x")
problem("cases-max3", "v1", "LIA", ["x", "y", "z"],
        grammar(["x", "y", "z", "0", "1", "(+ S S)", "(- S S)", "(ite B S S)"], BOOL_FULL),
        "(max x (max y z))",
        [(1, 2, 3), (3, 2, 1), (2, 3, 1), (-1, -5, -3), (7, 7, 2), (0, 9, 4), (5, -2, 5)],
        "the largest of three numbers")
problem("cases-min2", "v2", "LIA", ["x", "y"],
        grammar(["x", "y", "0", "1", "(+ S S)", "(- S S)", "(ite B S S)"], BOOL_LE),
        "(min x y)", [(3, 4), (9, 2), (-5, -7), (0, 0), (-2, 6), (11, 10)],
        "the smaller of two numbers")
problem("cases-tiered-price", "v2", "LIA", ["q"],
        grammar(["q", "0", "1", "3", "4", "5", "10", "50", "60", "(+ S S)", "(* S S)",
                 "(ite B S S)"], BOOL_LE),
        "(ite (<= q 10) (* 5 q) (ite (<= q 50) (+ (* 4 q) 10) (+ (* 3 q) 60)))",
        [(1,), (4,), (10,), (11,), (25,), (50,), (51,), (80,), (120,)],
        "tiered price: 5 a unit up to 10, 4 up to 50 (plus 10), 3 beyond (plus 60)")
problem("cases-shipping", "v1", "LIA", ["w"],
        grammar(["w", "0", "1", "2", "5", "(+ S S)", "(- S S)", "(ite B S S)"], BOOL_FULL),
        "(ite (<= w 2) 5 (+ 5 (* 2 (- w 2))))",
        [(0,), (1,), (2,), (3,), (4,), (7,), (10,)],
        "shipping: 5 up to 2 kg, then 2 a kg")
problem("cases-sign", "v1", "LIA", ["x"],
        grammar(["x", "0", "1", "-1", "(+ S S)", "(- S S)", "(ite B S S)"], BOOL_FULL),
        "(ite (< x 0) -1 (ite (= x 0) 0 1))",
        [(-7,), (-1,), (0,), (1,), (5,), (42,)],
        "the sign of x")
problem("cases-relu", "v2", "LIA", ["x"],
        grammar(["x", "0", "1", "(+ S S)", "(- S S)", "(ite B S S)"], BOOL_LE),
        "(max x 0)", [(-9,), (-3,), (0,), (2,), (6,), (15,)],
        "x if positive, else 0")
problem("cases-tax", "v1", "LIA", ["i"],
        grammar(["i", "0", "1", "5", "100", "(+ S S)", "(- S S)", "(div S S)", "(ite B S S)"],
                BOOL_FULL),
        "(ite (<= i 100) 0 (div (- i 100) 5))",
        [(0,), (50,), (100,), (101,), (150,), (260,), (1000,)],
        "tax: nothing up to 100, then a fifth of the rest, rounded down")
problem("cases-distance", "v2", "LIA", ["x", "y"],
        grammar(["x", "y", "0", "(+ S S)", "(- S S)", "(ite B S S)"], BOOL_LE),
        "(abs (- x y))", [(3, 8), (8, 3), (-2, 5), (0, 0), (-6, -1), (10, 4)],
        "distance between two numbers, without abs")
problem("cases-clamp3", "v1", "LIA", ["x", "lo", "hi"],
        grammar(["x", "lo", "hi", "(ite B S S)"], ["(< S S)", "(<= S S)", "(and B B)"]),
        "(ite (< x lo) lo (ite (< hi x) hi x))",
        [(5, 0, 10), (-3, 0, 10), (12, 0, 10), (7, 8, 9), (10, 2, 4), (3, 3, 3), (6, 1, 20)],
        "x clamped to lo..hi")
problem("cases-median3", "v2", "LIA", ["x", "y", "z"],
        grammar(["x", "y", "z", "(ite B S S)"], ["(<= S S)", "(and B B)", "(or B B)"]),
        "(max (min x y) (min (max x y) z))",
        [(1, 2, 3), (3, 1, 2), (2, 3, 1), (5, 5, 1), (9, 4, 6), (0, -3, 8), (7, 2, 7)],
        "the median of three numbers")
problem("cases-bonus", "v2", "LIA", ["sales", "target"],
        grammar(["sales", "target", "0", "100", "(+ S S)", "(- S S)", "(ite B S S)"],
                ["(>= S S)", "(< S S)"]),
        "(ite (<= target sales) (+ 100 (- sales target)) 0)",
        [(50, 40), (40, 50), (100, 100), (120, 80), (0, 10), (75, 30)],
        "a bonus: 100 plus the excess when sales reach the target")

# --- other grammars ----------------------------------------------------------
problem("grammar-polynomial", "v2", "NIA", ["x"],
        grammar(["x", "0", "1", "(+ S S)", "(- S S)", "(* S S)"]),
        "(- (* x x) x)", [(0,), (1,), (2,), (3,), (-2,), (7,)],
        "x squared minus x")
problem("grammar-linear-no-mul", "v1", "LIA", ["x", "y"],
        grammar(["x", "y", "0", "1", "(+ S S)", "(- S S)"]),
        "(+ (* 2 x) (* 3 y))", [(1, 1), (2, 0), (0, 2), (-1, 3), (4, -2)],
        "2x + 3y from + and - only")
problem("grammar-any-constant", "v2", "LIA", ["x"],
        grammar(["(+ x C)", "x"], extra=[("C", "Int", ["(Constant Int)"])]),
        "(+ x 1234)", [(0,), (1,), (-5,), (100,)],
        "x plus a constant not in the grammar")
problem("grammar-clock", "v1", "LIA", ["t"],
        grammar(["t", "0", "1", "60", "100", "(+ S S)", "(* S S)", "(div S S)", "(mod S S)"]),
        "(+ (* 100 (div t 60)) (mod t 60))",
        [(0,), (59,), (60,), (75,), (130,), (600,), (1439,)],
        "minutes since midnight as an hhmm number")
problem("grammar-coefficients", "v2", "LIA", ["x"],
        grammar(["x", "(+ S S)", "(* C S)", "C"], extra=[("C", "Int", lits(0, 9))]),
        "(+ (* 7 x) 3)", [(0,), (1,), (2,), (5,), (-3,)],
        "7x + 3 with digit coefficients")
problem("grammar-three-vars", "v2", "NIA", ["x", "y", "z"],
        grammar(["x", "y", "z", "0", "1", "(+ S S)", "(* S S)"]),
        "(+ x (* y z))", [(1, 2, 3), (0, 4, 5), (3, 0, 7), (2, 2, 2), (-1, 3, -3)],
        "x + y z")
problem("grammar-negation", "v1", "LIA", ["x", "y"],
        grammar(["x", "y", "0", "(- S)", "(+ S S)"]),
        "(+ (neg x) (+ y y))", [(1, 1), (3, 0), (0, 4), (-2, -2), (5, 7)],
        "2y - x with unary minus and + only")
problem("grammar-max4-helper", "v2", "LIA", ["a", "b", "c", "d"],
        grammar(["a", "b", "c", "d", "(max2 S S)"]),
        "(max (max a b) (max c d))",
        [(1, 2, 3, 4), (4, 3, 2, 1), (2, 9, 1, 5), (-1, -2, -3, -4), (6, 6, 0, 7)],
        "the largest of four, with a max2 helper", style="helper")
problem("grammar-and-examples", "v2", "LIA", ["x"],
        grammar(["x", "0", "1", "3", "(+ S S)", "(- S S)"]),
        "(- (+ x (+ x x)) 1)", [(0,), (1,), (2,), (5,), (-4,)],
        "3x - 1, three examples in one `and`, two written value first", style="and")
problem("grammar-bounded-depth", "v1", "LIA", ["x", "y"],
        [("Start", "Int", ["(+ T T)", "(- T T)", "T"]),
         ("T", "Int", ["x", "y", "0", "1", "2", "(+ V V)"]),
         ("V", "Int", ["x", "y", "1"])],
        "(- (+ x y) (+ y 1))", [(0, 0), (5, 2), (3, 9), (-4, 1), (10, 10)],
        "a layered grammar (Start, T, V) bounding depth")

# ---------------------------------------------------------------- writing


def numeral(v, dialect):
    if v >= 0:
        return str(v)
    return str(v) if dialect == "v1" else f"(- {-v})"


def production(p, dialect):
    p = " ".join(("Start" if t == "S" else "StartBool" if t == "B" else t)
                 for t in p.replace("(", "( ").replace(")", " )").split())
    p = p.replace("( ", "(").replace(" )", ")")
    if dialect == "v2" and p.startswith("-") and p[1:].isdigit():
        return f"(- {p[1:]})"
    return p


def grammar_text(gram, dialect):
    lines = []
    for nt, sort, prods in gram:
        body = []
        line = ""
        for p in prods:
            t = production(p, dialect)
            if len(line) + len(t) > 66:
                body.append(line.rstrip())
                line = ""
            line += t + " "
        body.append(line.rstrip())
        inner = ("\n" + " " * 8).join(body)
        lines.append(f"({nt} {sort} ({inner}))")
    rules = "\n   ".join(lines)
    if dialect == "v1":
        return f"  ({rules})"
    decls = " ".join(f"({nt} {sort})" for nt, sort, _ in gram)
    return f"  ({decls})\n  ({rules})"


def write(p, outputs):
    d = p["dialect"]
    out = [f"; {p['comment']}", "; authored for arithsynth (scripts/make_sygus.py)", ""]
    out.append(f"(set-logic {p['logic']})")
    if p["style"] == "options":
        out.append("(set-options ((produce-models true)))")
    if p["style"] == "helper":
        out.append("(define-fun max2 ((a Int) (b Int)) Int (ite (>= a b) a b))")
    out.append("")
    params = " ".join(f"({v} Int)" for v in p["vars"])
    if p["grammar"] is None:
        out.append(f"(synth-fun f ({params}) Int)")
    else:
        out.append(f"(synth-fun f ({params}) Int")
        out.append(grammar_text(p["grammar"], d) + ")")
    out.append("")
    if p["declare"] and d == "v1":
        for v in p["vars"]:
            out.append(f"(declare-var {v} Int)")
        out.append("")
    examples = []
    for row, y in zip(p["rows"], outputs):
        args = " ".join(numeral(v, d) for v in row)
        examples.append((f"(f {args})", numeral(y, d)))
    if p["style"] == "and":
        first = " ".join(f"(= {c} {y})" for c, y in examples[:3])
        out.append(f"(constraint (and {first}))")
        for c, y in examples[3:]:
            out.append(f"(constraint (= {y} {c}))")
    else:
        for c, y in examples:
            out.append(f"(constraint (= {c} {y}))")
    out.append("")
    out.append("(check-synth)")
    return "\n".join(out) + "\n"


def binary_outputs(binary, p):
    cmd = [binary, "eval", p["target"], "--vars", ",".join(p["vars"]), "--ops", OPS]
    for row in p["rows"]:
        cmd += ["--row", ",".join(str(v) for v in row)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{p['name']}: arithsynth eval failed: {done.stderr.strip()}")
    text = done.stdout
    return [int(line.rsplit("->", 1)[1]) for line in text.splitlines() if "->" in line]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--binary", help="check every output with `arithsynth eval`")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    names = set()
    for p in PROBLEMS:
        assert p["name"] not in names, p["name"]
        names.add(p["name"])
        term = parse(p["target"])
        outputs = [evaluate(term, dict(zip(p["vars"], row))) for row in p["rows"]]
        if args.binary:
            checked = binary_outputs(args.binary, p)
            if checked != outputs:
                sys.exit(f"{p['name']}: evaluator {outputs} != arithsynth {checked}")
        path = args.out / f"arithsynth-{p['name']}.sl"
        path.write_text(write(p, outputs))
    print(f"wrote {len(PROBLEMS)} problems to {args.out}")


if __name__ == "__main__":
    main()
