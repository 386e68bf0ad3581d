"""examples/ray_solve.py and examples/ray_enumerate.py on a local Ray instance."""

import importlib.util
import json

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

import arithsynth

from conftest import REPOSITORY

ray = pytest.importorskip("ray")


def load(name):
    spec = importlib.util.spec_from_file_location(name, REPOSITORY / "examples" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def lines_without_time(path):
    records = [json.loads(line) for line in path.read_text().splitlines()]
    for record in records:
        assert record.pop("time_ms") >= 0
    return records


@pytest.mark.parametrize(
    "budget",
    [
        ["--strategy", "enumerative", "--candidates", "20000"],
        ["--strategy", "hybrid", "--candidates", "20000", "--samples", "16", "--seed", "5"],
    ],
)
def test_ray_solve_equals_one_process(local_ray, everyday, tmp_path, budget):
    ray_solve = load("ray_solve")
    common = [str(everyday)] + budget + ["--time-limit", "none"]
    single, spread = tmp_path / "single.jsonl", tmp_path / "ray.jsonl"
    assert ray_solve.main([common[0], str(single)] + common[1:] + ["--local"]) == 0
    assert ray_solve.main([common[0], str(spread)] + common[1:] + ["--shards", "5"]) == 0
    single_records, ray_records = lines_without_time(single), lines_without_time(spread)
    assert len(ray_records) == 34
    assert ray_records == single_records
    # and the same as the bindings called directly
    direct = arithsynth.solve_tasks(
        everyday,
        time_limit=None,
        candidate_limit=20000,
        strategy=budget[1],
        sample_limit=16 if "--samples" in budget else None,
        seed=5 if "--seed" in budget else 0,
    )
    for record in direct:
        record.pop("time_ms")
    assert direct == single_records


def test_ray_enumerate_writes_the_whole_set_in_shards(local_ray, tmp_path):
    ray_enumerate = load("ray_enumerate")
    out = tmp_path / "programs"
    assert ray_enumerate.main([str(out), "--vars", "x,y", "--max-size", "6", "--shards", "3"]) == 0
    files = sorted(path.name for path in out.iterdir())
    assert files == [f"part-0000{i}-of-00003.parquet" for i in range(3)]
    shards = [ds.dataset(out / name).to_table() for name in files]
    whole = arithsynth.enumerate_programs(["x", "y"], 6)
    assert sum(shard.num_rows for shard in shards) == whole.num_rows
    programs = [p for shard in shards for p in shard.column("program").to_pylist()]
    assert len(set(programs)) == len(programs) == whole.num_rows  # each program in one shard
    merged = ds.dataset(out).to_table().sort_by("index")
    assert merged.equals(whole)
