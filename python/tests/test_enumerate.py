"""enumerate and read_program_set: program sets as Arrow, and their shards."""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import arithsynth


def test_columns_and_order():
    table = arithsynth.enumerate_programs(["x"], 5)
    assert isinstance(table, pa.Table)
    assert table.column_names == ["index", "program", "size", "depth", "outputs"]
    assert table.schema.field("outputs").type == pa.list_(pa.field("element", pa.int64(), nullable=False))
    programs = table.column("program").to_pylist()
    assert programs[:5] == ["x", "0", "1", "2", "3"]
    assert "(* x x)" in programs
    assert table.column("index").to_pylist() == list(range(table.num_rows))
    sizes = table.column("size").to_pylist()
    assert sizes == sorted(sizes)
    assert len(set(programs)) == table.num_rows
    assert all(len(outputs) == 16 for outputs in table.column("outputs").to_pylist())


def test_shards_partition_the_whole_set():
    whole = arithsynth.enumerate_programs(["x", "y"], 6)
    for count in (2, 3):
        shards = [arithsynth.enumerate_programs(["x", "y"], 6, shard=(i, count)) for i in range(count)]
        assert all(0 < shard.num_rows < whole.num_rows for shard in shards)
        merged = pa.concat_tables(shards).sort_by("index")
        assert merged.num_rows == whole.num_rows  # no duplicates, nothing lost
        assert merged.equals(whole)


def test_grammar_probe_and_errors():
    table = arithsynth.enumerate_programs(["a"], 3, ops=["+", "neg"], literals=[7], probe=[[1], [2]])
    assert set(table.column("program").to_pylist()) >= {"a", "7", "(neg a)", "(+ a a)"}
    assert table.column("outputs").to_pylist()[0] == [1, 2]
    with pytest.raises(arithsynth.InputError, match="unknown operator `\\^`"):
        arithsynth.enumerate_programs(["x"], 3, ops=["^"])
    with pytest.raises(arithsynth.InputError, match="maximum size 0"):
        arithsynth.enumerate_programs(["x"], 0)
    with pytest.raises(arithsynth.InputError, match="probe"):
        arithsynth.enumerate_programs(["x", "y"], 3, probe=[[1]])


def test_parquet_written_by_pyarrow_reads_back_in_the_library(tmp_path):
    table = arithsynth.enumerate_programs(["x"], 5)
    path = tmp_path / "programs.parquet"
    pq.write_table(table.drop_columns(["index"]), path)
    back = arithsynth.read_program_set(path)
    assert back.equals(table.drop_columns(["index"]))


def test_read_program_set_errors(tmp_path):
    (tmp_path / "programs.csv").write_text("program,size\n")
    with pytest.raises(arithsynth.InputError, match="unknown format"):
        arithsynth.read_program_set(tmp_path / "programs.csv")
    with pytest.raises(arithsynth.DataFileError):
        arithsynth.read_program_set(tmp_path / "missing.parquet")


@pytest.mark.parametrize(
    "vars, max_size, ops, literals",
    [
        (["x"], 7, None, None),
        (["a", "b"], 6, ["+", "-", "*", "div", "mod", "neg", "abs", "min", "max", "ite", "<", "<=", "="], [-2, 0, 1, 10]),
    ],
)
def test_texts_equal_the_library_printer(vars, max_size, ops, literals):
    table = arithsynth.enumerate_programs(vars, max_size, ops=ops, literals=literals)
    oracle = arithsynth.arithsynth._program_texts(vars, max_size, ops=ops, literals=literals)
    assert len(oracle) > 1000
    assert table.column("program").to_pylist() == oracle


def test_star_import_leaves_the_builtin_enumerate_alone():
    scope = {}
    exec("from arithsynth import *", scope)
    assert "enumerate" not in scope
    assert scope["enumerate_programs"] is arithsynth.enumerate_programs
    assert set(arithsynth.__all__) <= set(dir(arithsynth))
