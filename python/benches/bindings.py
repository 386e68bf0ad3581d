"""The bindings' cost against Rust alone, in one process (BENCHMARKS.md).

    python python/benches/bindings.py

1. `synthesize` on an easy task from Python against the same front-door
   call timed inside Rust (`_time_rust_synthesize`): per-call overhead.
2. `enumerate` to a pyarrow.Table against the Rust enumerator alone
   (`_time_rust_enumerate`), counting only and building records
   (S-expression text and outputs copied): unique programs per second.

Rounds alternate Python and Rust; the best round of each is reported (the
machine is shared: the minimum is the least disturbed).
"""

import time

import arithsynth

EASY = [((1,), 3), ((2,), 5), ((5,), 11)]
CALLS = 300
ROUNDS = 7


def synthesize_overhead():
    python_times, rust_times = [], []
    arithsynth.synthesize(EASY, ["x"], strategy="enumerative")  # warm up
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(CALLS):
            arithsynth.synthesize(EASY, ["x"], strategy="enumerative")
        python_times.append((time.perf_counter() - started) / CALLS)
        rust_times.append(arithsynth.arithsynth._time_rust_synthesize(EASY, ["x"], CALLS))
    python, rust = min(python_times), min(rust_times)
    overhead = python - rust
    print(f"synthesize, easy task (x -> 2x+1), {CALLS} calls x {ROUNDS} rounds")
    print(f"  Rust front door      {rust * 1e6:8.1f} us/call")
    print(f"  Python synthesize    {python * 1e6:8.1f} us/call")
    print(f"  overhead             {overhead * 1e6:8.1f} us/call ({100 * overhead / rust:.1f}%)"
          f"; target <= 5% + 50 us = {(0.05 * rust + 50e-6) * 1e6:.1f} us")


def enumerate_rate(vars, max_size):
    python_times, count_times, record_times = [], [], []
    rows = 0
    for _ in range(9):
        started = time.perf_counter()
        table = arithsynth.enumerate_programs(vars, max_size)
        python_times.append(time.perf_counter() - started)
        rows = table.num_rows
        del table
        unique, seconds = arithsynth.arithsynth._time_rust_enumerate(vars, max_size, False)
        count_times.append(seconds)
        assert unique == rows
        _, seconds = arithsynth.arithsynth._time_rust_enumerate(vars, max_size, True)
        record_times.append(seconds)
    python, count, records = min(python_times), min(count_times), min(record_times)
    print(f"enumerate vars={','.join(vars)} max_size={max_size}: {rows} unique programs")
    print(f"  Rust enumerator, count only     {rows / count / 1e6:6.2f} M programs/s ({count:.3f} s)")
    print(f"  Rust enumerator, with records   {rows / records / 1e6:6.2f} M programs/s ({records:.3f} s)")
    print(f"  Python enumerate -> pyarrow     {rows / python / 1e6:6.2f} M programs/s ({python:.3f} s)"
          f": {100 * count / python:.0f}% of count only, {100 * records / python:.0f}% of with records")


if __name__ == "__main__":
    synthesize_overhead()
    enumerate_rate(["x"], 9)
    enumerate_rate(["x", "y"], 7)
    enumerate_rate(["x", "y", "z"], 7)
