#!/usr/bin/env python3
"""Ctrl-C latency from Python: how long a search takes to raise
KeyboardInterrupt after SIGINT.

For each strategy, runs TRIALS child processes. Each starts a search with
no time limit on a task no small program fits. The parent sends SIGINT
after a random delay of 0.3 to 1.5 s. The child prints `time.monotonic()`
when it catches the KeyboardInterrupt (the clock is the machine's, shared
by both processes). The latency is that time minus the time the signal was
sent. Prints the median, 95th percentile and largest latency per strategy,
in ms.

Needs the wheel installed (README, "Python"):

    python3 scripts/ctrl_c_latency.py [--trials 20] [--strategies enumerative,hybrid,neural]
"""

import argparse
import random
import signal
import statistics
import subprocess
import sys
import textwrap
import time

CHILD = textwrap.dedent(
    """
    import signal, sys, time, arithsynth
    signal.signal(signal.SIGINT, signal.default_int_handler)
    examples = [(x, ((x**3 + 7) % 11) * x + x // 3) for x in range(1, 9)]
    print("searching", flush=True)
    try:
        # without a time limit, neural search stops at 1,024 samples
        more = {"sample_limit": 1 << 40} if sys.argv[1] == "neural" else {}
        arithsynth.synthesize(examples, time_limit=None, max_size=40, strategy=sys.argv[1], **more)
    except KeyboardInterrupt:
        print(repr(time.monotonic()), flush=True)
        sys.exit(0)
    sys.exit(3)
    """
)


def trial(strategy, rng):
    child = subprocess.Popen([sys.executable, "-c", CHILD, strategy],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "searching"
    time.sleep(rng.uniform(0.3, 1.5))
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=60)
    if child.returncode != 0:
        raise SystemExit(f"{strategy}: the child ended with {child.returncode}: {out!r}")
    return (float(out.strip()) - sent) * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--strategies", default="enumerative,hybrid,neural")
    args = parser.parse_args()
    rng = random.Random(1)
    print("| strategy | trials | median ms | 95th percentile ms | largest ms |")
    print("|---|---|---|---|---|")
    for strategy in args.strategies.split(","):
        latencies = sorted(trial(strategy, rng) for _ in range(args.trials))
        p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
        print(f"| {strategy} | {len(latencies)} | {statistics.median(latencies):.1f} "
              f"| {p95:.1f} | {latencies[-1]:.1f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
