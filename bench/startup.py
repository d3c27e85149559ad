#!/usr/bin/env python3
"""Start-up cost of `cog-host predict`, two builds side by side in one run.

    python3 bench/startup.py --baseline OLD/cog-host --candidate NEW/cog-host [--runs 200]

Both binaries run the bench's sync predictor (`predict predict.py:Runner -i text=hi`) taking
turns, after a warm-up each, so page cache, CPU frequency and the other core's load fall on both
alike. Reported: the median and quartiles of each, the difference of the medians in ms (with a
95% bootstrap interval) and their ratio; and `--help`, which starts no Python at all. The
reference runtime's one-shot is in bench/bench.py; this script answers "did this change make
start-up slower", e.g. loading libpython at run time instead of linking it (issue 13: at most
+1 ms on the default version).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def timed(command: list[str], cwd: Path, environment: dict[str, str], expect: str) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0 or expect not in result.stdout:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stdout}{result.stderr}")
    return elapsed


def bootstrap_difference(a: list[float], b: list[float], rounds: int = 2000) -> tuple[float, float]:
    """95% interval of median(b) - median(a), resampling each side."""
    generator = random.Random(13)
    differences = sorted(statistics.median(generator.choices(b, k=len(b))) - statistics.median(generator.choices(a, k=len(a)))
                         for _ in range(rounds))
    return differences[int(0.025 * rounds)], differences[int(0.975 * rounds)]


def quartiles(values: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(values, n=4)
    return q[0], statistics.median(values), q[2]


def comparison_row(label: str, a: list[float], b: list[float]) -> str:
    """A table row: medians (quartiles) in ms of both, their difference with its 95% interval, the ratio b ÷ a."""
    qa, qb = quartiles(a), quartiles(b)
    low, high = bootstrap_difference(a, b)
    return (f"| {label} | {qa[1] * 1000:.2f} ({qa[0] * 1000:.2f}–{qa[2] * 1000:.2f}) | "
            f"{qb[1] * 1000:.2f} ({qb[0] * 1000:.2f}–{qb[2] * 1000:.2f}) | {(qb[1] - qa[1]) * 1000:+.2f} "
            f"({low * 1000:+.2f} to {high * 1000:+.2f}) | {qb[1] / qa[1]:.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, required=True, help="the cog-host build to compare against")
    parser.add_argument("--candidate", type=Path, required=True, help="the cog-host build under test")
    parser.add_argument("--runs", type=int, default=200, help="runs of each binary per command")
    arguments = parser.parse_args()

    environment = dict(os.environ)
    for name in ("VIRTUAL_ENV", "COG_HOST_PYTHON"):
        environment.pop(name, None)
    project = BENCH / "predictors" / "sync"
    binaries = {"baseline": str(arguments.baseline.resolve()), "candidate": str(arguments.candidate.resolve())}
    commands = {
        "predict": (["predict", "predict.py:Runner", "-i", "text=hi"], "hi"),
        "--help": (["--help"], "USAGE"),
    }
    print(f"{os.cpu_count()} cores; {arguments.runs} runs of each, taking turns; medians (quartiles) in ms", file=sys.stderr)
    print("| command | baseline | candidate | candidate − baseline (95% interval) | ratio |")
    print("|---|---|---|---|---|")
    for label, (tail, expect) in commands.items():
        times: dict[str, list[float]] = {name: [] for name in binaries}
        for name, binary in binaries.items():  # warm-up: page cache, first pyc writes
            for _ in range(3):
                timed([binary, *tail], project, environment, expect)
        for index in range(arguments.runs):
            order = list(binaries.items()) if index % 2 == 0 else list(reversed(binaries.items()))
            for name, binary in order:
                times[name].append(timed([binary, *tail], project, environment, expect))
        print(comparison_row(f"`cog-host {' '.join(tail)}`", times["baseline"], times["candidate"]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
