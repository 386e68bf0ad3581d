"""The bindings are a thin layer over the front door: under a candidate
budget, ``synthesize`` gives the program that ``arithsynth solve`` (the
command line, itself over the Rust ``Synthesizer``) gives, task by task."""

import json
import os
import shutil
import subprocess

import pytest

import arithsynth

from conftest import REPOSITORY


def cli_binary():
    """The command line built by ``cargo test`` or ``cargo build``."""
    named = os.environ.get("ARITHSYNTH_BIN")
    if named:
        return named
    for profile in ("debug", "release"):
        path = REPOSITORY / "target" / profile / "arithsynth"
        if path.exists():
            return str(path)
    return shutil.which("arithsynth")


@pytest.mark.parametrize("strategy", ["enumerative", "hybrid"])
def test_python_and_the_command_line_give_the_same_program(tmp_path, strategy):
    binary = cli_binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("no arithsynth binary: CI builds one with cargo test before this step")
        pytest.skip("no arithsynth binary (cargo build -p arithsynth-cli)")
    # tasks over the default grammar (a task's own would not reach
    # synthesize): a few formulas, and one no small program fits
    formulas = {
        "double-plus-one": lambda x: 2 * x + 1,
        "square": lambda x: x * x,
        "halves": lambda x: x // 2,
        "mod-three": lambda x: x % 3,
        "cube-minus": lambda x: x * x * x - x,
        "scattered": lambda x: [7, -3, 12, 0, 5, 9, -8, 4][x % 8] * 1000 + 17,
    }
    lines = []
    for name, f in formulas.items():
        train = [[[x], f(x)] for x in (0, 1, 2, 3, 5, 8, 13, 21)]
        lines.append(json.dumps({"name": name, "vars": ["x"], "train": train}))
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    subprocess.run(
        [binary, "solve", "--tasks", str(tasks), "--strategy", strategy, "--budget", "none",
         "--candidates", "50000", "--samples", "16", "--seed", "2", "--task-literals", "0",
         "--jobs", "1", "--out", str(out)],
        check=True, stdout=subprocess.DEVNULL,
    )
    cli = [json.loads(line) for line in out.read_text().splitlines()]
    records = arithsynth.solve_tasks(
        str(tasks), time_limit=None, candidate_limit=50_000, sample_limit=16, seed=2,
        strategy=strategy,
    )
    assert [r["program"] for r in records] == [r["program"] for r in cli]
    # one verdict and one evidence, whichever way in
    assert [r["verdict"] for r in records] == [r["verdict"] for r in cli]
    assert [r["evidence_bits"] for r in records] == [r["evidence_bits"] for r in cli]
    assert [r.get("evidence_code") for r in records] == [r.get("evidence_code") for r in cli]
    found = 0
    for line, record in zip(lines, cli):
        task = json.loads(line)
        examples = [(inputs, output) for inputs, output in task["train"]]
        synthesis = arithsynth.synthesize(
            examples, task["vars"], time_limit=None, candidate_limit=50_000,
            sample_limit=16, seed=2, strategy=strategy,
        )
        assert synthesis.program == record["program"], task["name"]
        assert synthesis.candidates == record["candidates"], task["name"]
        assert synthesis.verdict == record["verdict"], task["name"]
        found += synthesis.program is not None
    assert 2 <= found < len(lines)
