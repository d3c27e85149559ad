#!/usr/bin/env python3
"""JSON output printing, two cog-host builds side by side in one run.

    python3 bench/json_output.py --baseline OLD/cog-host --candidate NEW/cog-host [--runs 40]

Times what changed when cog-host's JSON printers became one (issue 14): the predictor in
bench/predictors/json returns a 20,000-entry document (about 4 MB of JSON), and

- `predict` prints it as Cog's Go CLI does (indented, sorted keys: `JSONStyle.goIndentedSorted`),
  a whole one-shot run each time;
- `serve` answers `POST /predictions` with it (serde's compact form: `JSONStyle.serde`), one
  server per build, the request repeated on a keep-alive connection.

Both builds take turns, after a warm-up each. Reported: medians (quartiles) in ms, the
difference of the medians with a 95% bootstrap interval, and their ratio (candidate ÷ baseline).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import comparison_row  # noqa: E402

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH / "predictors" / "json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed_predict(binary: str, environment: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run([binary, "predict", "predict.py:Runner"], cwd=PROJECT, env=environment, capture_output=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0 or b'"item-19999"' not in result.stdout:
        raise RuntimeError(f"predict failed ({result.returncode}): {result.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


class Server:
    def __init__(self, binary: str, environment: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [binary, "serve", "predict.py:Runner", "--port", str(self.port)], cwd=PROJECT, env=environment,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/health-check")
                if json.loads(connection.getresponse().read())["status"] == "READY":
                    break
            except (OSError, ValueError, KeyError):
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"{binary} serve did not become ready")
            time.sleep(0.1)
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def timed_request(self) -> float:
        start = time.perf_counter()
        self.connection.request("POST", "/predictions", body=b'{"input":{}}', headers={"Content-Type": "application/json"})
        body = self.connection.getresponse().read()
        elapsed = time.perf_counter() - start
        if b'"item-19999"' not in body or b'"succeeded"' not in body:
            raise RuntimeError(f"unexpected response: {body[:300]!r}")
        return elapsed

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, required=True, help="the cog-host build to compare against")
    parser.add_argument("--candidate", type=Path, required=True, help="the cog-host build under test")
    parser.add_argument("--runs", type=int, default=40, help="runs of each binary per measure")
    arguments = parser.parse_args()

    environment = dict(os.environ)
    for name in ("VIRTUAL_ENV", "COG_HOST_PYTHON"):
        environment.pop(name, None)
    binaries = {"baseline": str(arguments.baseline.resolve()), "candidate": str(arguments.candidate.resolve())}
    print(f"{os.cpu_count()} cores; {arguments.runs} runs of each, taking turns; medians (quartiles) in ms", file=sys.stderr)
    print("| measure | baseline | candidate | candidate − baseline (95% interval) | ratio |")
    print("|---|---|---|---|---|")

    times: dict[str, list[float]] = {name: [] for name in binaries}
    for binary in binaries.values():
        for _ in range(2):
            timed_predict(binary, environment)
    for index in range(arguments.runs):
        order = list(binaries.items()) if index % 2 == 0 else list(reversed(binaries.items()))
        for name, binary in order:
            times[name].append(timed_predict(binary, environment))
    print(comparison_row("`cog-host predict`, 20,000-entry output printed Go-style (one-shot run)", times["baseline"], times["candidate"]), flush=True)

    servers = {name: Server(binary, environment) for name, binary in binaries.items()}
    try:
        times = {name: [] for name in binaries}
        for server in servers.values():
            for _ in range(3):
                server.timed_request()
        for index in range(arguments.runs * 2):
            order = list(servers.items()) if index % 2 == 0 else list(reversed(servers.items()))
            for name, server in order:
                times[name].append(server.timed_request())
        print(comparison_row("`POST /predictions`, the same output as serde's compact JSON", times["baseline"], times["candidate"]), flush=True)
    finally:
        for server in servers.values():
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
