"""Run cvc5 (the `cvc5` package from PyPI) on SyGuS problems, for `arithsynth curve`.

Usage: python3 scripts/cvc5_sygus.py TIMEOUT_MS FILE.sl [FILE.sl ...]

Prints one JSON line per file: {"file", "answer" (cvc5's output, or null
when it found none within the limit), "time_ms" (cvc5's time from creating
the solver to its answer; null when killed)}. cvc5 runs with sygus-enum=fast (its fast enumerator) and a
wall-clock limit; each problem runs in a child process so that a limit or a
crash ends only that problem.
"""
import json
import multiprocessing as mp
import sys
import time


def solve(path, timeout_ms, queue):
    import cvc5

    started = time.monotonic()
    solver = cvc5.Solver()
    solver.setOption("sygus", "true")
    solver.setOption("sygus-enum", "fast")
    solver.setOption("tlimit", str(timeout_ms))
    solver.setOption("output-language", "sygus2")
    manager = cvc5.SymbolManager(solver)
    parser = cvc5.InputParser(solver, manager)
    parser.setFileInput(cvc5.InputLanguage.SYGUS_2_1, path)
    answer = None
    while True:
        command = parser.nextCommand()
        if command.isNull():
            break
        output = command.invoke(solver, manager)
        if "check-synth" in str(command):
            answer = output.strip() if "define-fun" in output else None
            break
    queue.put((answer, (time.monotonic() - started) * 1000))


def main():
    timeout_ms = int(sys.argv[1])
    for path in sys.argv[2:]:
        queue = mp.Queue()
        child = mp.Process(target=solve, args=(path, timeout_ms, queue))
        child.start()
        # cvc5's tlimit is not always kept in sygus mode: kill at the limit
        # (plus a second for the child's start); time is cvc5's own, from
        # creating the solver to its answer
        try:
            answer, elapsed = queue.get(timeout=timeout_ms / 1000 + 1.0)
        except Exception:
            answer, elapsed = None, None
        if child.is_alive():
            child.kill()
        child.join()
        if elapsed is not None and elapsed > timeout_ms:
            answer = None
        print(json.dumps({"file": path, "answer": answer, "time_ms": elapsed}), flush=True)


if __name__ == "__main__":
    main()
