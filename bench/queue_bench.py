#!/usr/bin/env python3
"""The PostgreSQL queue against `serve`, the same predictor, in one run.

    python3 bench/queue_bench.py --cog-host .build-static/release/cog-host [--jobs 400] [--rounds 3]

(`bench/queue` builds the release binary and runs this.) It starts its own PostgreSQL (with
durable commits, as a real server makes them) in a temporary directory, and measures on the
predictor in bench/predictors/queue:

- throughput: `--jobs` predictions submitted at once (one INSERT … SELECT through
  cog_host.submit) to 1, 2 and 4 queue workers (one slot each), from the submit to the last
  `done` notification; against one `cog-host serve` (one slot) answering the same number of
  synchronous POST /predictions, one after another on a kept-alive connection. Two workloads:
  0 s of work (what each job costs the machinery) and 0.1 s (waiting work, which more workers
  overlap). Beside each queue run, the CPU time PostgreSQL spent per prediction (submit,
  claim, progress, result, notifications): what bounds how many jobs one database serves;
- latency of one job: enqueue to result (submit, then the `done` notification) against one
  synchronous POST /predictions, 0 s of work, one at a time.

Reported as medians over `--rounds` and as ratios (queue ÷ serve). On this 2-core machine the
workers, PostgreSQL and the client share two cores: more workers than cores helps waiting work,
not CPU work.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "bench" / "predictors" / "queue"
VENV = ROOT / "bench" / ".venv-queue"


def ensure_psycopg() -> None:
    """Re-runs this script in bench/.venv-queue, with psycopg installed there, if needed."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        if os.environ.get("COG_BENCH_IN_VENV"):
            raise
        if not (VENV / "bin" / "python").exists():
            subprocess.run(["/usr/bin/python3", "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", "psycopg[binary]==3.2.3"], check=True)
        os.environ["COG_BENCH_IN_VENV"] = "1"
        os.execv(str(VENV / "bin" / "python"), [str(VENV / "bin" / "python"), *sys.argv])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Postgres:
    def __init__(self) -> None:
        self.directory = tempfile.mkdtemp(prefix="cog-host-bench-pg-")
        env = dict(os.environ, PG_DURABLE="1")
        self.url = subprocess.run([str(ROOT / ".ci" / "postgres"), "start", self.directory, str(free_port())],
                                  check=True, capture_output=True, text=True, env=env).stdout.strip()

    def fresh_database(self) -> str:
        import psycopg

        name = "bench_" + uuid.uuid4().hex[:10]
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url.rsplit("/", 1)[0] + "/" + name

    def cpu_seconds(self) -> float:
        """CPU time the cluster has used so far: the postmaster, its live processes (backends,
        checkpointer, autovacuum…) and those that exited (in the postmaster's children's times)."""
        postmaster = int(Path(self.directory, "data", "postmaster.pid").read_text().split()[0])
        ticks = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended meanwhile (and is counted in the postmaster's children's times)
            pid, parent = int(entry.name), int(fields[1])
            if pid == postmaster:
                ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
            elif parent == postmaster:
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", self.directory], check=False)
        subprocess.run(["rm", "-rf", self.directory], check=False)


def start_workers(binary: str, url: str, count: int) -> list[subprocess.Popen]:
    import psycopg

    workers = [subprocess.Popen([binary, "queue", "worker", "--database", url, "--concurrency", "1"], cwd=PROJECT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(count)]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(url) as connection:
                live = connection.execute("SELECT count(*) FROM cog_host.workers").fetchone()[0]
                listening = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%' AND datname = current_database()").fetchone()[0]
            if live == count and listening >= count:
                return workers
        except psycopg.Error:
            pass
        time.sleep(0.05)
    raise SystemExit("the queue workers did not start")


def stop_processes(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        process.wait(timeout=120)


class Listener:
    """Counts `done:` notifications of the queue's channel."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.connection = psycopg.connect(url, autocommit=True)
        self.connection.execute("LISTEN cog_host_events")

    def wait_for(self, done: int, ids: set[str] | None = None, timeout: float = 600) -> None:
        """Returns once `done` jobs (of `ids`, if given) have ended."""
        seen = 0
        deadline = time.monotonic() + timeout
        generator = self.connection.notifies(timeout=timeout)
        for notification in generator:
            if notification.payload.startswith("done:") and (ids is None or notification.payload[5:] in ids):
                seen += 1
                if seen >= done:
                    generator.close()
                    return
            if time.monotonic() > deadline:
                break
        raise SystemExit(f"only {seen} of {done} jobs ended")

    def close(self) -> None:
        self.connection.close()


def queue_throughput(binary: str, postgres: Postgres, workers: int, jobs: int, seconds: float) -> tuple[float, float]:
    """Predictions per second, and PostgreSQL's CPU milliseconds per prediction meanwhile."""
    import psycopg

    url = postgres.fresh_database()
    processes = start_workers(binary, url, workers)
    try:
        listener = Listener(url)
        with psycopg.connect(url, autocommit=True) as connection:
            submit = "SELECT cog_host.submit(jsonb_build_object('text', 'job ' || n, 'seconds', %s::float8)) FROM generate_series(1, %s) AS n"
            connection.execute(submit, (seconds, 10))
            listener.wait_for(10)
            start, cpu_start = time.perf_counter(), postgres.cpu_seconds()
            connection.execute(submit, (seconds, jobs))
            listener.wait_for(jobs)
            elapsed, cpu = time.perf_counter() - start, postgres.cpu_seconds() - cpu_start
            failed = connection.execute("SELECT count(*) FROM cog_host.jobs WHERE state <> 'succeeded'").fetchone()[0]
            if failed:
                raise SystemExit(f"{failed} queued predictions did not succeed")
        listener.close()
        return jobs / elapsed, cpu * 1000 / jobs
    finally:
        stop_processes(processes)


class Server:
    def __init__(self, binary: str) -> None:
        self.port = free_port()
        self.process = subprocess.Popen([binary, "serve", "--port", str(self.port), "--no-playground"], cwd=PROJECT,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/health-check")
                if json.loads(connection.getresponse().read()).get("status") == "READY":
                    break
            except OSError:
                pass
            time.sleep(0.05)
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def predict(self, seconds: float, text: str = "x") -> None:
        body = json.dumps({"input": {"text": text, "seconds": seconds}})
        self.connection.request("POST", "/predictions", body=body, headers={"Content-Type": "application/json"})
        answer = json.loads(self.connection.getresponse().read())
        if answer.get("status") != "succeeded":
            raise SystemExit(f"serve: {answer}")

    def stop(self) -> None:
        self.connection.close()
        stop_processes([self.process])


def serve_throughput(binary: str, jobs: int, seconds: float) -> float:
    server = Server(binary)
    try:
        for index in range(10):
            server.predict(seconds)
        start = time.perf_counter()
        for index in range(jobs):
            server.predict(seconds, f"job {index}")
        return jobs / (time.perf_counter() - start)
    finally:
        server.stop()


def queue_latencies(binary: str, postgres: Postgres, samples: int) -> list[float]:
    import psycopg

    url = postgres.fresh_database()
    processes = start_workers(binary, url, 1)
    try:
        listener = Listener(url)
        latencies = []
        with psycopg.connect(url, autocommit=True) as connection:
            for index in range(samples + 5):
                job = f"latency-{index}"
                start = time.perf_counter()
                connection.execute("SELECT cog_host.submit('{\"text\": \"x\"}'::jsonb, %s)", (job,))
                listener.wait_for(1, {job})
                if index >= 5:
                    latencies.append(time.perf_counter() - start)
        listener.close()
        return latencies
    finally:
        stop_processes(processes)


def serve_latencies(binary: str, samples: int) -> list[float]:
    server = Server(binary)
    try:
        latencies = []
        for index in range(samples + 5):
            start = time.perf_counter()
            server.predict(0)
            if index >= 5:
                latencies.append(time.perf_counter() - start)
        return latencies
    finally:
        server.stop()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cog-host", required=True)
    parser.add_argument("--jobs", type=int, default=400, help="predictions per throughput run with 0 s of work")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--samples", type=int, default=100, help="single-job latency samples")
    parser.add_argument("--json", help="also write the numbers to this file")
    arguments = parser.parse_args()
    ensure_psycopg()
    binary = str(Path(arguments.cog_host).resolve())

    postgres = Postgres()
    results: dict[str, object] = {}
    try:
        for seconds, jobs in ((0.0, arguments.jobs), (0.1, max(40, arguments.jobs // 5))):
            serve_runs, queue_runs = [], {1: [], 2: [], 4: []}
            for _ in range(arguments.rounds):
                serve_runs.append(serve_throughput(binary, jobs, seconds))
                for workers in queue_runs:
                    queue_runs[workers].append(queue_throughput(binary, postgres, workers, jobs, seconds))
            serve = statistics.median(serve_runs)
            print(f"\nthroughput, {seconds:g} s of work per prediction, {jobs} predictions, median of {arguments.rounds}")
            print(f"  {'serve, 1 slot':<22} {serve:8.1f} predictions/s")
            row = {"serve": serve}
            for workers, runs in queue_runs.items():
                value = statistics.median(rate for rate, _ in runs)
                database_ms = statistics.median(cpu for _, cpu in runs)
                row[f"queue_{workers}"] = value
                row[f"queue_{workers}_postgres_cpu_ms_per_job"] = database_ms
                print(f"  {f'queue, {workers} worker(s)':<22} {value:8.1f} predictions/s   ×{value / serve:.2f} of serve"
                      f"   (PostgreSQL: {database_ms:.2f} ms of CPU per prediction)")
            results[f"throughput_{seconds:g}s"] = row

        queue = queue_latencies(binary, postgres, arguments.samples)
        serve = serve_latencies(binary, arguments.samples)
        print(f"\nlatency of one prediction (0 s of work), {arguments.samples} samples")
        for name, values in (("serve (POST, sync)", serve), ("queue (submit→done)", queue)):
            print(f"  {name:<22} p50 {percentile(values, 0.5) * 1000:6.2f} ms   p90 {percentile(values, 0.9) * 1000:6.2f} ms")
        added = (percentile(queue, 0.5) - percentile(serve, 0.5)) * 1000
        ratio = percentile(queue, 0.5) / percentile(serve, 0.5)
        print(f"  the queue adds {added:.2f} ms at p50 (×{ratio:.2f} of serve)")
        results["latency_ms"] = {
            "serve_p50": percentile(serve, 0.5) * 1000, "serve_p90": percentile(serve, 0.9) * 1000,
            "queue_p50": percentile(queue, 0.5) * 1000, "queue_p90": percentile(queue, 0.9) * 1000,
        }
    finally:
        postgres.stop()
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
