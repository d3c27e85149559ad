#!/usr/bin/env python3
"""Side-by-side benchmark: cog-host against the reference runtime (Cog 0.23.1 + coglet).

Both servers run the same predictors in the same run, alternating which side goes first in
each round; every row reports the median over the rounds of each side and the ratio
cog-host / reference. Load comes from wrk (keep-alive connections). Run through `bench/run`,
which builds cog-host in release mode and installs the reference first.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PREDICTORS = BENCH / "predictors"
SECRET = "bench-secret-token-0042"


# MARK: the two sides


@dataclass
class Side:
    name: str
    command: list[str]
    environment: dict[str, str]

    def start(self, predictor: Path, port: int, slots: int = 1) -> subprocess.Popen:
        env = dict(os.environ)
        env.pop("VIRTUAL_ENV", None)
        env.update(self.environment)
        env.update({"PORT": str(port), "COG_MAX_CONCURRENCY": str(slots), "COG_PREDICT_TYPE_STUB": "predict.py:Runner"})
        return subprocess.Popen(
            [part.replace("{port}", str(port)) for part in self.command],
            cwd=predictor, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def cog_host_side(binary: Path) -> Side:
    return Side("cog-host", [str(binary), "serve", "--host", "127.0.0.1", "--port", "{port}", "predict.py:Runner"], {})


def reference_side(venv: Path) -> Side:
    return Side("reference", [str(venv / "bin" / "python"), "-m", "cog.server.http", "--host", "127.0.0.1"],
                {"PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '')}"})


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


@contextmanager
def serving(side: Side, predictor: Path, slots: int = 1):
    """Starts `side` on `predictor` on a free port and waits until it is ready; yields (port,
    server process, seconds to ready) and stops the server afterwards."""
    port = free_port()
    server = side.start(predictor, port, slots)
    try:
        yield port, server, wait_ready(port, server)
    finally:
        stop(server)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# MARK: measuring


def wait_ready(port: int, process: subprocess.Popen, timeout: float = 60.0) -> float:
    """Seconds from now until GET /health-check says READY."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before it was ready")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/health-check")
            body = connection.getresponse().read()
            connection.close()
            if b'"READY"' in body:
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.002)
    raise RuntimeError("server was not ready in time")


def resident_bytes(root: int, field: str = "VmRSS") -> int:
    """Resident memory of a process and all its descendants: `VmRSS` (each process's resident
    pages, shared library pages counted once per process) or `Pss` (shared pages divided among
    the processes that map them, so the sum is what the tree really occupies)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(parent, []).append(int(entry))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, []))
        try:
            if field == "VmRSS":
                with open(f"/proc/{pid}/status") as status:
                    total += sum(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))
            else:
                with open(f"/proc/{pid}/smaps_rollup") as rollup:
                    total += sum(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
        except OSError:
            pass
    return total


class Client:
    """One keep-alive HTTP/1.1 connection (reconnects when the server closes it)."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def post(self, body: bytes, path: str = "/predictions") -> tuple[int, bytes]:
        for attempt in range(2):
            try:
                self.connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
                response = self.connection.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.connection.close()
                return response.status, data
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def timed(self, body: bytes, count: int) -> float:
        """Median seconds of `count` requests (after one warm-up)."""
        self.post(body)
        times = []
        for _ in range(count):
            start = time.perf_counter()
            status, data = self.post(body)
            while status == 409:  # see send_many
                status, data = self.post(body)
            times.append(time.perf_counter() - start)
            if status != 200 or b'"succeeded"' not in data:
                raise RuntimeError(f"prediction failed: {status} {data[:300]!r}")
        return statistics.median(times)


class RawClient:
    """A lean keep-alive HTTP/1.1 client for latency: the request is built once, the response read
    straight off the socket, so the client adds tens of microseconds, not http.client's hundreds."""

    def __init__(self, port: int, body: bytes):
        self.port = port
        self.request = (f"POST /predictions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
        self.sock: socket.socket | None = None
        self.buffer = b""

    def _connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        return sock

    def post(self) -> int:
        """Sends the request and reads the whole response; returns its status."""
        for attempt in range(2):
            if self.sock is None:
                self.sock = self._connect()
            try:
                self.sock.sendall(self.request)
                return self._read_response()
            except ConnectionError:
                self.sock.close()
                self.sock = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _read_response(self) -> int:
        assert self.sock is not None
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionResetError("server closed the connection")
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        headers = head.decode("latin-1").lower()
        length = re.search(r"\r\ncontent-length:\s*(\d+)", headers)
        if length is None:
            raise RuntimeError(f"response without Content-Length: {headers!r}")
        needed = int(length.group(1))
        while len(self.buffer) < needed:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionResetError("server closed the connection")
            self.buffer += chunk
        self.buffer = self.buffer[needed:]
        if "\r\nconnection: close" in headers:
            self.sock.close()
            self.sock = None
        return int(head[9:12])


def sequential_latency(port: int, body: str, duration: float) -> dict:
    """One client sending predictions back to back for `duration` seconds. A prediction's latency
    runs from its first attempt to its 200, so a 409 ("busy", which the reference answers when a
    request comes right after the previous response) and its retry count against it, as they
    would for any client. Returns p50/p99 (s) over the predictions, their count and the 409s."""
    client = RawClient(port, body.encode())
    for _ in range(20):  # warm-up
        while client.post() == 409:
            pass
    latencies, conflicts = [], 0
    end = time.perf_counter() + duration
    while time.perf_counter() < end:
        start = time.perf_counter()
        status = client.post()
        while status == 409:
            conflicts += 1
            status = client.post()
        latencies.append(time.perf_counter() - start)
        if status != 200:
            raise RuntimeError(f"prediction failed: {status}")
    latencies.sort()
    return {"p50": latencies[len(latencies) // 2], "p99": latencies[int(len(latencies) * 0.99)],
            "requests": len(latencies), "conflicts": conflicts}


WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BENCH_BODY")
"""


def wrk(port: int, body: str, connections: int, duration: float) -> dict:
    """Runs wrk with keep-alive connections; returns req/s, latency percentiles (s), errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        output = subprocess.run(
            ["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{max(1, round(duration))}s", "--latency",
             "--timeout", "10s", "-s", script.name, f"http://127.0.0.1:{port}/predictions"],
            env={**os.environ, "BENCH_BODY": body}, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    total = int(re.search(r"(\d+) requests in", output).group(1))
    result = {"raw_rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), "requests": total}
    for percentile in ("50", "99"):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        scale = {"us": 1e-6, "ms": 1e-3, "s": 1.0}[match.group(2)]
        result[f"p{percentile}"] = float(match.group(1)) * scale
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["non2xx"] = int(non2xx.group(1)) if non2xx else 0
    result["socket_errors"] = sum(int(n) for n in errors.groups()) if errors else 0
    # Only successful predictions count: a 409 answered at once is not throughput.
    failed = result["non2xx"] + result["socket_errors"]
    result["rps"] = result["raw_rps"] * max(0, total - failed) / total if total else 0.0
    return result


def send_many(port: int, body: bytes, count: int) -> int:
    """Sends `count` successful predictions one after another; returns how many 409s it met."""
    client = Client(port)
    conflicts = 0
    sent = 0
    while sent < count:
        status, data = client.post(body)
        if status == 409:  # the reference answers 409 to a sequential client now and then
            conflicts += 1
            continue
        if status != 200:
            raise RuntimeError(f"prediction failed: {status} {data[:300]!r}")
        sent += 1
    return conflicts


# MARK: one round of one side


@dataclass
class Rows:
    values: dict[str, list[float]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, value: float) -> None:
        self.values.setdefault(key, []).append(value)


def input_body(**values) -> str:
    return json.dumps({"input": values})


def measure_round(side: Side, rows: Rows, seconds: float) -> None:
    mib = "x" * (1 << 20)
    # The synchronous predictor: ready time, memory, latency, throughput, secrets, logs.
    with serving(side, PREDICTORS / "sync") as (port, server, ready):
        rows.add("ready_s", ready)
        time.sleep(0.5)
        rows.add("idle_rss_mib", resident_bytes(server.pid) / (1 << 20))
        rows.add("idle_pss_mib", resident_bytes(server.pid, "Pss") / (1 << 20))
        latency = sequential_latency(port, input_body(text="hi"), seconds)
        rows.add("seq_p50_s", latency["p50"])
        rows.add("seq_p99_s", latency["p99"])
        rows.add("seq_409s", latency["conflicts"])
        sequential = wrk(port, input_body(text="hi"), 1, seconds)
        rows.add("sync_rps", sequential["rps"])
        rows.add("sync_non2xx", sequential["non2xx"] + sequential["socket_errors"])
        with_secret = sequential_latency(port, input_body(text="hi", token=SECRET), seconds)
        rows.add("secret_p50_s", with_secret["p50"])
        client = Client(port)
        rows.add("secret_mib_s", client.timed(input_body(text=mib, token=SECRET).encode(), 15))
        lines = 100_000
        log_bytes = lines * 100
        rows.add("logs_mb_per_s", log_bytes / 1e6 / client.timed(input_body(lines=lines).encode(), 3))
        rows.add("logs_secret_mb_per_s", log_bytes / 1e6 / client.timed(input_body(lines=lines, token=SECRET).encode(), 3))
        done = latency["requests"] + sequential["requests"] + with_secret["requests"] + 80
        rows.add("sequential_409s", send_many(port, input_body(text="hi").encode(), max(0, 5000 - done)))
        rows.add("rss_5000_mib", resident_bytes(server.pid) / (1 << 20))

    # A 1,000-token Iterator[str].
    with serving(side, PREDICTORS / "stream") as (port, server, _):
        rows.add("stream_1000_s", Client(port).timed(input_body(n=1000).encode(), 20))

    # An async predictor with 8 slots and 8 clients: trivial, then 50 ms sleepers.
    with serving(side, PREDICTORS / "async", slots=8) as (port, server, _):
        trivial = wrk(port, input_body(), 8, seconds)
        rows.add("async_rps", trivial["rps"])
        rows.add("async_non2xx", trivial["non2xx"] + trivial["socket_errors"])
        sleepers = wrk(port, input_body(sleep=0.05), 8, seconds)
        rows.add("sleepers_rps", sleepers["rps"])
        rows.add("sleepers_non2xx", sleepers["non2xx"] + sleepers["socket_errors"])


def one_shots(commands: dict[str, list[str]], cwd: Path, count: int) -> dict[str, float]:
    """Median wall time of running each command to completion, the commands taking turns."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    environment = dict(os.environ)
    environment.pop("VIRTUAL_ENV", None)
    for attempt in range(count + 1):
        for name, command in commands.items():
            start = time.perf_counter()
            result = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if result.returncode != 0 or "hi" not in result.stdout:
                raise RuntimeError(f"{command[0]} failed: {result.stdout}{result.stderr}")
            if attempt:  # the first run of each only warms the page cache
                times[name].append(elapsed)
    return {name: statistics.median(values) for name, values in times.items()}


# The floors for the one-shot run: plain Python doing the predictor's work, without any SDK.
# "Same work" also makes the predictor file's own imports (sys, typing for Optional); "bare"
# imports nothing at all.
PLAIN_PYTHON_SAME_WORK = """
import sys
from typing import Optional
class Runner:
    def setup(self):
        pass
    def run(self, text: str = "x", token: Optional[str] = None, lines: int = 0) -> str:
        return text
runner = Runner()
runner.setup()
print(runner.run(text="hi"))
"""

PLAIN_PYTHON = """
class Runner:
    def setup(self):
        pass
    def run(self, text="x", token=None, lines=0):
        return text
runner = Runner()
runner.setup()
print(runner.run(text="hi"))
"""

REFERENCE_SDK = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("predict", "predict.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
runner = module.Runner()
runner.setup()
print(runner.run(text="hi"))
"""


def memory_growth(side: Side, total: int) -> tuple[float, float]:
    """Resident MiB after the first 1,000 predictions and after `total`."""
    with serving(side, PREDICTORS / "sync") as (port, server, _):
        body = input_body(text="hi").encode()
        send_many(port, body, 1000)
        after_first = resident_bytes(server.pid)
        # The rest with wrk, 1 connection, until `total` have run.
        remaining = total - 1000
        while remaining > 0:
            result = wrk(port, input_body(text="hi"), 1, 5)
            remaining -= result["requests"]
        return after_first / (1 << 20), resident_bytes(server.pid) / (1 << 20)


# MARK: the report

ROWS = [
    # key, label, unit, better ("lower"/"higher"), target ratio or None
    ("ready_s", "time to ready", "ms", "lower", 0.5),
    ("seq_p50_s", "sequential latency p50 (first attempt to 200, 409 retries included)", "ms", "lower", 0.6),
    ("seq_p99_s", "sequential latency p99 (same)", "ms", "lower", 0.6),
    ("sync_rps", "throughput, sync, 1 client (successful predictions)", "req/s", "higher", 1.5),
    ("async_rps", "throughput, async, 8 slots, 8 clients (successful)", "req/s", "higher", 1.5),
    ("sleepers_rps", "throughput, 50 ms sleepers, 8 slots, 8 clients (successful; ideal 160)", "req/s", "higher", None),
    ("stream_1000_s", "1,000-token Iterator[str]", "ms", "lower", 0.3),
    ("secret_mib_s", "Secret + 1 MiB in, 1 MiB out", "ms", "lower", 0.6),
    ("idle_rss_mib", "resident memory, idle (server + worker, RSS summed)", "MiB", "lower", 0.8),
    ("idle_pss_mib", "memory, idle (server + worker, PSS: shared pages once)", "MiB", "lower", None),
    ("rss_5000_mib", "resident memory after 5,000 requests", "MiB", "lower", None),
    ("secret_p50_s", "latency p50 with a Secret input", "ms", "lower", None),
    ("logs_mb_per_s", "log throughput (10 MB printed)", "MB/s", "higher", None),
    ("logs_secret_mb_per_s", "log throughput with a Secret (scrubbing on)", "MB/s", "higher", None),
    ("seq_409s", "409s met while measuring sequential latency", "count", "lower", None),
    ("sync_non2xx", "non-2xx/errors, sync 1 client", "count", "lower", None),
    ("sequential_409s", "409s met by a sequential client (≈4,900 requests)", "count", "lower", None),
    ("async_non2xx", "non-2xx (409)/errors, async 8 clients", "count", "lower", None),
    ("sleepers_non2xx", "non-2xx (409)/errors, 50 ms sleepers", "count", "lower", None),
]


def shown(key: str, unit: str, value: float) -> str:
    if unit == "ms":
        return f"{value * 1000:.3g}" if value * 1000 < 100 else f"{value * 1000:.0f}"
    if unit in ("req/s", "count"):
        return f"{value:.0f}"
    return f"{value:.1f}"


def report(results: dict) -> str:
    host, reference = results["cog-host"], results["reference"]
    lines = ["| measure | cog-host | reference | ratio (cog-host ÷ reference) | target |", "|---|---|---|---|---|"]
    for key, label, unit, better, target in ROWS:
        if key not in host or key not in reference:
            continue
        a, b = host[key], reference[key]
        ratio = a / b if b else float("inf") if a else 1.0
        verdict = ""
        if target is not None:
            met = ratio <= target if better == "lower" else ratio >= target
            verdict = f"{'≤' if better == 'lower' else '≥'} {target} {'✓' if met else '✗'}"
        ratio_text = f"{ratio:.2f}" if unit != "count" else "—"
        lines.append(f"| {label} ({unit}) | {shown(key, unit, a)} | {shown(key, unit, b)} | {ratio_text} | {verdict} |")
    shot = results["one_shot"]
    ratio = shot["cog_host_s"] / shot["python_same_work_s"]
    lines.append(f"| one-shot `cog-host predict` vs `python3 -c` doing the same work without an SDK (ms) | {shot['cog_host_s'] * 1000:.0f} | "
                 f"{shot['python_same_work_s'] * 1000:.0f} (python3 -c) | {ratio:.2f} | ≤ 1.5 {'✓' if ratio <= 1.5 else '✗'} |")
    lines.append(f"| one-shot vs bare `python3 -c` importing nothing (ms) | {shot['cog_host_s'] * 1000:.0f} | "
                 f"{shot['python_floor_s'] * 1000:.0f} (python3 -c) | {shot['cog_host_s'] / shot['python_floor_s']:.2f} | |")
    lines.append(f"| one-shot, reference SDK importing the predictor (ms) | — | {shot['reference_sdk_s'] * 1000:.0f} | — | |")
    growth = results.get("memory_growth")
    if growth:
        for name in ("cog-host", "reference"):
            first, last = growth[name]
            lines.append(f"| {name}: resident MiB after 1,000 → {growth['total']:,} predictions | {first:.1f} → {last:.1f} "
                         f"| | {last / first:.3f} | {'≤ 1.10 ✓' if last / first <= 1.10 else '≤ 1.10 ✗'} |"
                         if name == "cog-host" else
                         f"| {name}: resident MiB after 1,000 → {growth['total']:,} predictions | | {first:.1f} → {last:.1f} "
                         f"| {last / first:.3f} | |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cog-host", type=Path, default=BENCH.parent / ".build-static" / "release" / "cog-host")
    parser.add_argument("--anchor-venv", type=Path, default=BENCH / ".venv-anchor")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of each wrk run")
    parser.add_argument("--growth", type=int, default=50_000, help="predictions for the memory-growth check (0: skip)")
    parser.add_argument("--only", choices=["cog-host", "reference"], help="measure one side (for quick checks; no ratios)")
    parser.add_argument("--json", type=Path, default=BENCH / "results" / "latest.json")
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk (bench/run does this)", file=sys.stderr)
        return 1

    arguments.anchor_venv = arguments.anchor_venv.resolve()
    sides = [cog_host_side(arguments.cog_host.resolve()), reference_side(arguments.anchor_venv)]
    if arguments.only:
        sides = [side for side in sides if side.name == arguments.only]
    rows = {side.name: Rows() for side in sides}
    for round_index in range(arguments.rounds):
        order = sides if round_index % 2 == 0 else list(reversed(sides))
        for side in order:
            print(f"round {round_index + 1}/{arguments.rounds}: {side.name}", file=sys.stderr, flush=True)
            measure_round(side, rows[side.name], arguments.seconds)

    results: dict = {name: {key: statistics.median(values) for key, values in collected.values.items()}
                     for name, collected in rows.items()}
    print("one-shot runs", file=sys.stderr, flush=True)
    sync_dir = PREDICTORS / "sync"
    commands = {
        "cog_host_s": [str(arguments.cog_host.resolve()), "predict", "predict.py:Runner", "-i", "text=hi"],
        "python_same_work_s": ["/usr/bin/python3", "-c", PLAIN_PYTHON_SAME_WORK],
        "python_floor_s": ["/usr/bin/python3", "-c", PLAIN_PYTHON],
    }
    if arguments.only != "cog-host":
        commands["reference_sdk_s"] = [str(arguments.anchor_venv / "bin" / "python"), "-c", REFERENCE_SDK]
    results["one_shot"] = one_shots(commands, sync_dir, 20)
    if arguments.growth:
        print(f"memory growth over {arguments.growth:,} predictions", file=sys.stderr, flush=True)
        results["memory_growth"] = {"total": arguments.growth,
                                    **{side.name: memory_growth(side, arguments.growth) for side in sides}}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=BENCH, capture_output=True, text=True).stdout.strip()
    results["machine"] = {
        "cpus": os.cpu_count(), "platform": platform.platform(), "commit": commit,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "rounds": arguments.rounds,
        "wrk_seconds": arguments.seconds,
    }
    if arguments.only:
        print(json.dumps(results, indent=2))
        return 0
    table = report(results)
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(json.dumps(results, indent=2) + "\n")
    print(table)
    print(f"\n{os.cpu_count()} cores, {platform.platform()}, commit {commit}, {arguments.rounds} rounds, "
          f"medians; JSON: {arguments.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
