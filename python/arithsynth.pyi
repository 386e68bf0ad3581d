"""Programming-by-example over integer arithmetic (Rust, through pyo3).

``synthesize`` finds a program from examples; ``solve_tasks`` solves a task
file (or one shard of it) into result records; ``enumerate_programs`` lists the
unique programs of a grammar as a ``pyarrow.Table``; ``read_program_set``
and ``read_tasks`` read the library's files as Arrow. The GIL is released
while Rust works, and Ctrl-C raises ``KeyboardInterrupt``.
"""

import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union, final

import pyarrow

__version__: str
__all__ = [
    "ArithsynthError",
    "DataFileError",
    "InputError",
    "Synthesis",
    "enumerate_programs",
    "read_program_set",
    "read_tasks",
    "solve_tasks",
    "synthesize",
]

_Inputs = Union[int, Sequence[int]]
"""One example's inputs: one integer per variable (a bare int for one)."""

_Shard = Union[Tuple[int, int], str]
"""Shard ``(index, count)`` from 0, or the text ``"index/count"``."""

class ArithsynthError(Exception):
    """Any error of arithsynth; the message says what and where."""

class InputError(ArithsynthError, ValueError):
    """Bad input: examples, variable names, grammars, limits, shards or a file's contents."""

class DataFileError(ArithsynthError, OSError):
    """A file that cannot be read or written."""

@final
class Synthesis:
    """What a search found: a program that fits every example, or "not found"
    with the reason and the best program so far."""

    @property
    def program(self) -> Optional[str]:
        """The program as an S-expression, e.g. ``(+ (* x x) 1)``; None when not found."""
    @property
    def infix(self) -> Optional[str]:
        """The program in infix, e.g. ``x * x + 1``; None when not found."""
    @property
    def size(self) -> Optional[int]:
        """The program's size in nodes; None when not found."""
    @property
    def found(self) -> bool:
        """Whether a program fitting every example was found."""
    @property
    def stop_reason(self) -> str:
        """``"found"``, or ``"time_limit"``, ``"candidate_limit"``, ``"sample_limit"``,
        ``"memory_limit"``, ``"exhausted"`` (every program up to max_size tried) or
        ``"cancelled"``."""
    @property
    def best(self) -> Optional[str]:
        """When not found: the program fitting the most examples, if any was tried."""
    @property
    def best_matched(self) -> Optional[int]:
        """How many examples ``best`` fits."""
    @property
    def verdict(self) -> str:
        """``"generalizes"`` (found, and the examples support it), ``"fits-only"``
        (consistent with every example, but the examples do not support it) or
        ``"not-found"``."""
    @property
    def evidence_bits(self) -> Optional[float]:
        """How much shorter the program is than the outputs it explains, in bits;
        None when not found."""
    @property
    def evidence_code(self) -> Optional[str]:
        """The program's shortest code, which gave ``evidence_bits``: ``"nodes"``,
        ``"polynomial"`` or ``"functions"``; None when not found."""
    @property
    def test_ok(self) -> Optional[bool]:
        """Whether the program fits the held-out examples (tasks only); None without any."""
    @property
    def elapsed(self) -> float:
        """Seconds the search took, as the library measures it."""
    @property
    def candidates(self) -> int:
        """Candidate programs evaluated."""
    @property
    def samples(self) -> int:
        """Programs sampled from the model."""
    @property
    def strategy(self) -> str:
        """``"enumerative"``, ``"neural"`` or ``"hybrid"``."""
    @property
    def vars(self) -> List[str]:
        """The variable names, in the order of the inputs."""
    def to_dict(self) -> Dict[str, Any]:
        """The fields of an ``arithsynth solve`` result line, less ``name``."""
    def report(self) -> str:
        """One line: the program (S-expression and infix) or the reason, time, counts."""

def synthesize(
    examples: Sequence[Tuple[_Inputs, int]],
    vars: Optional[Sequence[str]] = None,
    *,
    time_limit: Optional[float] = ...,
    candidate_limit: Optional[int] = None,
    sample_limit: Optional[int] = None,
    memory_limit: Optional[int] = None,
    max_size: int = 15,
    strategy: Optional[str] = None,
    seed: int = 0,
    threads: int = 1,
    task_literals: int = 0,
    blocks: Optional[str] = None,
) -> Synthesis:
    """Synthesizes a program from ``(inputs, output)`` examples.

    ``vars`` defaults to x; x, y; x, y, z; else x0, x1, ... The grammar is
    ``+ - * div mod`` over the variables and 0..=3. ``time_limit`` is in
    seconds (default 10; None: none); ``strategy`` is "enumerative", "neural",
    "hybrid" (default) or a variant of the hybrid as the command line names
    it ("hybrid-no-completion", ...). Same examples, count limits (time_limit=None) and
    seed give the same result. ``task_literals=3`` adds up to 3 literals
    the examples point to (60, 100, 7) to the grammar. ``blocks`` is the
    text of a library of building blocks (one body a line over a, b, c, as
    ``arithsynth learn-blocks`` writes it) for the hybrid. Not found is a
    result; raises InputError for
    bad input, ArithsynthError when a part breaks, KeyboardInterrupt on
    Ctrl-C.
    """

def solve_tasks(
    tasks: Union[str, "os.PathLike[str]", Sequence[Union[Dict[str, Any], str]]],
    *,
    time_limit: Optional[float] = ...,
    candidate_limit: Optional[int] = None,
    sample_limit: Optional[int] = None,
    memory_limit: Optional[int] = None,
    max_size: int = 15,
    strategy: Optional[str] = None,
    seed: int = 0,
    shard: Optional[_Shard] = None,
    threads: int = 1,
    task_literals: int = 0,
    blocks: Optional[str] = None,
) -> List[Dict[str, Any]]:
    """Solves each task of a task file (or list of task dicts / JSON lines)
    and returns one record per task with the fields of ``arithsynth solve``'s
    result lines. ``shard=(i, n)`` keeps the tasks at positions i mod n, in
    order: task k's record is record k // n of shard k % n.
    """

def enumerate_programs(
    vars: Sequence[str],
    max_size: int = 7,
    *,
    ops: Optional[Sequence[str]] = None,
    literals: Optional[Sequence[int]] = None,
    probe: Optional[Sequence[Sequence[int]]] = None,
    time_limit: Optional[float] = None,
    memory_limit: Optional[int] = None,
    shard: Optional[_Shard] = None,
) -> pyarrow.Table:
    """The unique programs of a grammar, smallest first, as a table with
    columns index, program, size, depth, outputs. ``shard=(i, n)`` keeps the
    programs whose FNV-1a hash of the S-expression is i mod n: shards are
    disjoint and together hold every program once. (Named ``enumerate``
    before 2026-12-06: ``from arithsynth import *`` now leaves the builtin
    alone.)
    """

def read_program_set(path: Union[str, "os.PathLike[str]"]) -> pyarrow.Table:
    """A program set file (.parquet or .jsonl) as a table: program, size, depth, outputs."""

def read_tasks(path: Union[str, "os.PathLike[str]"]) -> pyarrow.Table:
    """A task file as a table, one row a task: name, vars, train_inputs,
    train_outputs, test_inputs, test_outputs, program, family, ops, literals."""

# Private helpers for the bindings' own tests and benchmarks live in the
# compiled module only (``arithsynth.arithsynth._program_texts``,
# ``_time_rust_synthesize``, ``_time_rust_enumerate``): no part of the API.
