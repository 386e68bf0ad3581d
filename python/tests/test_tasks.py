"""solve_tasks and read_tasks: task files, lists and shards."""

import json

import pytest

import arithsynth

BUDGET = dict(time_limit=None, candidate_limit=20_000, strategy="enumerative")

SOLVED_FIELDS = {
    "name", "solved", "program", "verdict", "evidence_bits", "test_ok", "strategy", "time_ms",
    "candidates", "samples", "size", "evidence_code",
}
UNSOLVED_FIELDS = {
    "name", "solved", "program", "verdict", "evidence_bits", "test_ok", "strategy", "time_ms",
    "candidates", "samples", "gave_up", "best", "best_matched",
}


def without_time(records):
    return [{key: value for key, value in record.items() if key != "time_ms"} for record in records]


def test_records_have_the_cli_fields(everyday):
    records = arithsynth.solve_tasks(everyday, **BUDGET)
    names = [json.loads(line)["name"] for line in everyday.read_text().splitlines()]
    assert [r["name"] for r in records] == names
    solved = [r for r in records if r["solved"]]
    unsolved = [r for r in records if not r["solved"]]
    assert solved and unsolved
    for record in solved:
        assert set(record) == SOLVED_FIELDS
        assert record["test_ok"] in (True, False)
    for record in unsolved:
        assert set(record) == UNSOLVED_FIELDS
        assert record["program"] is None


def test_shards_interleave_to_the_whole(everyday):
    whole = without_time(arithsynth.solve_tasks(everyday, **BUDGET))
    count = 3
    shards = [without_time(arithsynth.solve_tasks(everyday, shard=(i, count), **BUDGET)) for i in range(count)]
    assert sum(map(len, shards)) == len(whole)
    assert [shards[k % count][k // count] for k in range(len(whole))] == whole
    assert without_time(arithsynth.solve_tasks(everyday, shard="1/3", **BUDGET)) == shards[1]


def test_a_list_of_task_dicts_or_lines(everyday):
    lines = everyday.read_text().splitlines()[:3]
    from_file = without_time(arithsynth.solve_tasks(everyday, shard=(0, 12), **BUDGET))
    from_dicts = without_time(arithsynth.solve_tasks([json.loads(l) for l in lines[:1]], **BUDGET))
    from_lines = without_time(arithsynth.solve_tasks(lines[:1], **BUDGET))
    assert from_dicts == from_lines == from_file[:1]


@pytest.mark.parametrize(
    "tasks, shard, error, message",
    [
        ([{"name": "t", "vars": ["x"], "train": [[[1], 2**64]]}], None, arithsynth.InputError, "tasks[0]: task `t`: train[0][1]"),
        ([{"vars": ["x"], "train": []}], None, arithsynth.InputError, "name: missing"),
        ([{"name": "t", "vars": ["x"], "train": []}], None, arithsynth.InputError, "task `t`"),
        ("/nonexistent/tasks.jsonl", None, arithsynth.DataFileError, "/nonexistent/tasks.jsonl"),
        ([], (2, 2), arithsynth.InputError, "shard index 2 is not below the count 2"),
        ([], "1/0", arithsynth.InputError, "shard count 0"),
        ([], "x", arithsynth.InputError, "of the form I/N"),
    ],
)
def test_bad_tasks_and_shards(tasks, shard, error, message):
    with pytest.raises(error) as raised:
        arithsynth.solve_tasks(tasks, shard=shard, **BUDGET)
    assert message in str(raised.value)


def test_bad_task_file_names_its_line(tmp_path):
    path = tmp_path / "tasks.jsonl"
    path.write_text('{"name": "a", "vars": ["x"], "train": [[[1], 1]]}\n{"name": "b", "vars": ["x"], "train": [[[1, 2], 1]]}\n')
    with pytest.raises(arithsynth.InputError) as raised:
        arithsynth.solve_tasks(path, **BUDGET)
    assert f"{path}:2: task `b`: train[0][0]: 2 inputs for 1 variables" == str(raised.value)


def test_read_tasks_as_arrow(everyday):
    table = arithsynth.read_tasks(everyday)
    lines = [json.loads(line) for line in everyday.read_text().splitlines()]
    assert table.num_rows == len(lines)
    assert table.column_names == [
        "name", "vars", "train_inputs", "train_outputs", "test_inputs", "test_outputs",
        "program", "family", "ops", "literals",
    ]
    rows = table.to_pylist()
    for row, line in zip(rows, lines):
        assert row["name"] == line["name"]
        assert row["vars"] == line["vars"]
        assert [[i, o] for i, o in zip(row["train_inputs"], row["train_outputs"])] == line["train"]
        assert [[i, o] for i, o in zip(row["test_inputs"], row["test_outputs"])] == line.get("test", [])
        assert row["program"] == line.get("program")
        assert row["literals"] == line["grammar"]["literals"]
        assert set(row["ops"]) == set(line["grammar"]["ops"])
