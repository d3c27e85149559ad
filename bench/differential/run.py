#!/usr/bin/python3
"""Differential test: cog-host's HTTP server against Cog 0.23.1's runtime (coglet), request by
request.

For every predictor folder under bench/differential/predictors/<name>/ (a predict.py, a
cases.json and a cog.yaml naming `predict.py:Predictor`), the script starts the reference
server and a cog-host server on free loopback ports, sends every case to both as a synchronous
`POST /predictions` with the JSON body `{"input": ...}` (plus the case's `headers`, if any; a
case's `timeout` in seconds replaces the default of 60), in the order of cases.json (a few cases
look at what the case before them left behind), and compares the two answers field by field:

  http     the HTTP status code of the response (null: the request failed or timed out,
           `raw` then says how)
  status   the prediction's `status`
  output   the prediction's `output` (as parsed JSON: 1 and 1.0 are different values)
  error    the prediction's `error` text, verbatim
  logs     the prediction's `logs` text, verbatim but for the normalisations in
           `normalise_logs` below (each one is documented there)
  keys     the set of top-level keys of the response body (values of `id`, `metrics` etc.
           aside, see below)

Not compared, because they legitimately differ between any two runs of the same runtime:
the values of `id`, `created_at`/`started_at`/`completed_at`, `metrics` (timings) and `version`.
Nor is the health-check's `setup.logs`, which holds each runtime's own lifecycle lines.

With --repeat N every case is sent N times to each side and passes only if all N rounds agree
(the line then says in how many rounds it differed): this shows racy log ordering. A server that
times out or drops a request is restarted before the next case.

A case id is `<predictor>/<case id>`. A case whose answers differ is "failed", unless
bench/differential/deliberate.json (an object: case id -> reason) lists it: then it is reported
as "deliberate" with the reason and counted apart. A listed case that now agrees counts as
passed (and the listing is reported as stale). The last line printed is `N passed, M failed`;
the exit status is 1 when any case failed (or a server could not be started), else 0.

Standard library only; run it with /usr/bin/python3 from anywhere:

    /usr/bin/python3 bench/differential/run.py [--cog-host PATH] [--anchor-venv PATH]
        [-k PATTERN] [--json OUT] [--repeat N] [-v]

The anchor venv holds cog==0.23.1 and coglet==0.23.1 (bench/run installs it); the packages the
predictors import (tqdm, numpy, pydantic) are installed into it with pip when missing, and
cog-host is pointed at the same venv with VIRTUAL_ENV, so both runtimes import the same
packages (cog-host's own hosted `cog` wins over the venv's `cog`). Both servers of a predictor
are started once and serve all its cases; the servers' own output goes to log files under a
temporary directory (printed with -v, kept on failure to start).
"""

import argparse
import fnmatch
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PREDICTORS = os.path.join(HERE, "predictors")
DELIBERATE = os.path.join(HERE, "deliberate.json")

PREDICTOR_REF = "predict.py:Predictor"
EXTRA_PACKAGES = {"tqdm": "tqdm", "numpy": "numpy", "pydantic": "pydantic"}  # module -> pip name

READY_TIMEOUT = 180.0   # a debug build on a busy 2-core machine starts slowly
REQUEST_TIMEOUT = 60.0
BUSY_RETRY_SECONDS = 10.0  # how long a 409 (slot still busy) is retried
FIELDS = ["http", "status", "output", "error", "logs", "keys"]


# MARK: normalisation

def normalise_logs(logs):
    """The `logs` text with only what is legitimately runtime-specific removed.

    Nothing is normalised at the moment: neither runtime was found adding framework lines to a
    prediction's `logs` (coglet's own chatter -- `[coglet] ...`, the SDK's DeprecationWarnings for
    `BasePredictor`/`predict()` -- goes to the health-check's `setup.logs` and to the server's
    stderr, not into predictions). Line order, encoding, `\\r`, glued or split lines and blank
    lines are all compared as they are. Should a runtime-specific line turn up, it is to be
    removed here, one documented pattern at a time.
    """
    return logs


def comparable(body, http_status):
    """The compared fields of one response (`body` parsed JSON, or the raw text if not JSON)."""
    if not isinstance(body, dict):
        return {"http": http_status, "status": None, "output": None, "error": None,
                "logs": None, "keys": None, "raw": body}
    logs = body.get("logs")
    return {
        "http": http_status,
        "status": body.get("status"),
        "output": body.get("output"),
        # `error` is compared verbatim: a different text is a real difference.
        "error": body.get("error"),
        "logs": normalise_logs(logs) if isinstance(logs, str) else logs,
        # Which top-level keys the body has: `"output": null` and no `output` at all are
        # different answers to a client.
        "keys": sorted(body),
    }


def same_value(a, b):
    """JSON equality that tells 1 from 1.0 and True from 1 (Python's == does not)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    return a == b


# MARK: processes

def say(message):
    print(message, flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One runtime serving one predictor folder."""

    def __init__(self, name, argv_for_port, env, cwd, log_dir):
        self.name = name
        self.argv_for_port = argv_for_port
        self.env = env
        self.cwd = cwd
        self.log_path = os.path.join(log_dir, f"{os.path.basename(cwd)}.{name}.log")
        self.process = None
        self.port = None
        self.health = None

    def start(self):
        self.port = free_port()
        argv, extra_env = self.argv_for_port(self.port)
        env = dict(os.environ)
        env.update(self.env)
        env.update(extra_env)
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen(argv, cwd=self.cwd, env=env, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        finally:
            log.close()

    def stop(self):
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            os.killpg(self.process.pid, signal.SIGKILL)  # the worker processes too
        except ProcessLookupError:
            pass
        self.process.wait()
        self.process = None

    def request(self, method, path, body=None, headers=None, timeout=REQUEST_TIMEOUT):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def wait_ready(self, timeout=READY_TIMEOUT):
        """Polls GET /health-check until READY or SETUP_FAILED; returns that status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode} before it "
                                   f"was ready (log: {self.log_path})")
            try:
                _, raw = self.request("GET", "/health-check", timeout=2)
                status = json.loads(raw).get("status")
                if status in ("READY", "SETUP_FAILED"):
                    self.health = status
                    return status
            except (OSError, ValueError, http.client.HTTPException):
                pass
            time.sleep(0.02)
        raise RuntimeError(f"{self.name} was not ready within {timeout:.0f} s (log: {self.log_path})")

    def ensure_ready(self):
        """Before a case: a server whose worker crashed comes back on its own (both runtimes
        replace a dead worker); a server that exited is started again."""
        if self.process is None or self.process.poll() is not None:
            self.stop()
            self.start()
        return self.wait_ready()

    def predict(self, case):
        """(compared fields, number of 409 retries); a request that fails or times out (the
        case's `timeout`, else REQUEST_TIMEOUT) leaves the server to be restarted before the
        next case, since whatever it is still doing would spill into that case."""
        body = json.dumps({"input": case.get("input", {})}).encode()
        headers = {"Content-Type": "application/json"}
        headers.update(case.get("headers", {}))
        busy = 0
        deadline = time.monotonic() + BUSY_RETRY_SECONDS
        while True:
            try:
                status, raw = self.request("POST", "/predictions", body=body, headers=headers,
                                           timeout=case.get("timeout", REQUEST_TIMEOUT))
            except (OSError, http.client.HTTPException) as error:
                self.stop()
                return {"http": None, "status": None, "output": None, "error": None, "logs": None,
                        "keys": None,
                        "raw": f"request failed: {type(error).__name__}: {error}"}, busy
            if status == 409 and time.monotonic() < deadline:
                busy += 1  # the previous prediction's slot is not free yet: try again
                time.sleep(0.01)
                continue
            break
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = raw.decode("utf-8", "replace")
        return comparable(parsed, status), busy


def reference_server(venv, cwd, log_dir):
    def argv(port):
        return ([os.path.join(venv, "bin", "python"), "-m", "cog.server.http", "--host", "127.0.0.1"],
                {"PORT": str(port)})
    env = {"PATH": f"{os.path.join(venv, 'bin')}:{os.environ.get('PATH', '')}",
           "COG_PREDICT_TYPE_STUB": PREDICTOR_REF}
    return Server("reference", argv, env, cwd, log_dir)


def cog_host_server(binary, venv, cwd, log_dir):
    def argv(port):
        return ([binary, "serve", "--host", "127.0.0.1", "--port", str(port), PREDICTOR_REF], {})
    return Server("cog-host", argv, {"VIRTUAL_ENV": venv}, cwd, log_dir)


def ensure_packages(venv):
    python = os.path.join(venv, "bin", "python")
    missing = []
    for module, package in EXTRA_PACKAGES.items():
        if subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode:
            missing.append(package)
    if missing:
        say(f"installing into {venv}: {' '.join(missing)}")
        subprocess.run([python, "-m", "pip", "install", "--quiet", *missing], check=True)


# MARK: running

def selected(pattern, case_id):
    if not pattern:
        return True
    return pattern in case_id or fnmatch.fnmatch(case_id, pattern)


def load_cases(pattern):
    """[(predictor name, folder, [case, ...])] for the folders with at least one selected case."""
    plan = []
    for name in sorted(os.listdir(PREDICTORS)):
        folder = os.path.join(PREDICTORS, name)
        cases_path = os.path.join(folder, "cases.json")
        if not os.path.isfile(cases_path):
            continue
        with open(cases_path, encoding="utf-8") as f:
            cases = json.load(f)
        chosen = [c for c in cases if selected(pattern, f"{name}/{c['id']}")]
        if chosen:
            plan.append((name, folder, chosen))
    return plan


def show(value):
    return json.dumps(value, ensure_ascii=False)


def describe(reference, cog_host, fields):
    lines = []
    for field in fields:
        lines.append(f"    {field}:")
        lines.append(f"      reference: {show(reference.get(field))}")
        lines.append(f"      cog-host:  {show(cog_host.get(field))}")
    for side, answer in (("reference", reference), ("cog-host", cog_host)):
        if "raw" in answer:
            lines.append(f"    {side} raw response: {show(answer['raw'])}")
    return "\n".join(lines)


def run_predictor(name, folder, cases, args, deliberate, log_dir, results):
    servers = [reference_server(args.anchor_venv, folder, log_dir),
               cog_host_server(args.cog_host, args.anchor_venv, folder, log_dir)]
    try:
        for server in servers:  # both start at once; each is then waited for
            server.start()
        for server in servers:
            server.wait_ready()
            if args.verbose:
                say(f"  {name}: {server.name} {server.health} on port {server.port} "
                    f"(log: {server.log_path})")
        for case in cases:
            case_id = f"{name}/{case['id']}"
            rounds = []  # one (reference, cog-host, differing fields, 409 retries, seconds) a round
            for _ in range(args.repeat):
                answers, busy, elapsed = {}, {}, {}
                for server in servers:
                    server.ensure_ready()
                    began = time.monotonic()
                    answers[server.name], busy[server.name] = server.predict(case)
                    elapsed[server.name] = round(time.monotonic() - began, 3)
                reference, cog_host = answers["reference"], answers["cog-host"]
                # `raw`: a response that was not a JSON object, or a request that failed.
                differing = [f for f in FIELDS + ["raw"]
                             if not same_value(reference.get(f), cog_host.get(f))]
                rounds.append((reference, cog_host, differing, busy, elapsed))
            # The case agrees only if every round agrees; the first differing round is shown.
            bad = [r for r in rounds if r[2]]
            reference, cog_host, differing, busy, elapsed = bad[0] if bad else rounds[0]
            flaky = f" (in {len(bad)} of {len(rounds)} rounds)" if bad and len(bad) < len(rounds) else ""
            if not differing:
                outcome = "passed"
                note = ""
                if case_id in deliberate:
                    note = "  (listed in deliberate.json, but agrees now)"
                say(f"PASS {case_id}{note}")
            elif case_id in deliberate:
                outcome = "deliberate"
                say(f"DELIBERATE {case_id}: {', '.join(differing)} differ{flaky} -- {deliberate[case_id]}")
            else:
                outcome = "failed"
                say(f"FAIL {case_id}: {', '.join(differing)} differ{flaky}")
            if differing and args.verbose:
                say(describe(reference, cog_host, [f for f in differing if f != "raw"] or FIELDS))
            if args.verbose and any(busy.values()):
                say(f"    409 retries: {busy}")
            results.append({"id": case_id, "outcome": outcome, "differing": differing,
                            "differing_rounds": len(bad), "rounds": len(rounds),
                            "input": case.get("input", {}), "reference": reference,
                            "cog_host": cog_host, "busy_retries": busy, "seconds": elapsed,
                            "reason": deliberate.get(case_id)})
    finally:
        for server in servers:
            server.stop()


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cog-host", default=os.path.join(REPO, ".build", "debug", "cog-host"),
                        help="the cog-host binary (default: .build/debug/cog-host)")
    parser.add_argument("--anchor-venv", default=os.path.join(REPO, "bench", ".venv-anchor"),
                        help="the venv with cog==0.23.1 and coglet==0.23.1 (default: bench/.venv-anchor)")
    parser.add_argument("-k", dest="pattern", default=None,
                        help="only the cases whose id (<predictor>/<case>) contains PATTERN or "
                             "matches it as a glob")
    parser.add_argument("--json", dest="json_out", default=None, help="write every case's answers here")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="send each case N times to each side; it passes only if every round "
                             "agrees (shows racy log ordering)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show both sides of each difference")
    args = parser.parse_args()
    args.cog_host = os.path.abspath(args.cog_host)
    args.anchor_venv = os.path.abspath(args.anchor_venv)

    if not os.access(args.cog_host, os.X_OK):
        say(f"error: no cog-host binary at {args.cog_host}")
        return 2
    if not os.path.isfile(os.path.join(args.anchor_venv, "bin", "python")):
        say(f"error: no anchor venv at {args.anchor_venv} (bench/run installs it)")
        return 2
    with open(DELIBERATE, encoding="utf-8") as f:
        deliberate = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
    plan = load_cases(args.pattern)
    if not plan:
        say(f"no cases match {args.pattern!r}")
        return 2
    ensure_packages(args.anchor_venv)

    # SIGTERM ends the run like Ctrl-C does, so the `finally` blocks stop the servers.
    signal.signal(signal.SIGTERM, interrupt)
    log_dir = tempfile.mkdtemp(prefix="cog-differential-")
    results = []
    broken = []
    started = time.monotonic()
    try:
        for name, folder, cases in plan:
            try:
                run_predictor(name, folder, cases, args, deliberate, log_dir, results)
            except RuntimeError as error:
                broken.append(name)
                say(f"ERROR {name}: {error}")
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    finally:
        if args.json_out:
            with open(args.json_out, "w", encoding="utf-8") as f:
                json.dump({"cog_host": args.cog_host, "anchor_venv": args.anchor_venv,
                           "cases": results, "broken_predictors": broken}, f,
                          ensure_ascii=False, indent=1)
    if broken:
        say(f"server logs kept in {log_dir}")
    else:
        shutil.rmtree(log_dir, ignore_errors=True)

    passed = sum(r["outcome"] == "passed" for r in results)
    failed = sum(r["outcome"] == "failed" for r in results)
    kept = sum(r["outcome"] == "deliberate" for r in results)
    say(f"{kept} deliberate difference{'s' if kept != 1 else ''} (listed in deliberate.json, not "
        f"counted as failed); {time.monotonic() - started:.1f} s"
        + (f"; predictors not run: {', '.join(broken)}" if broken else ""))
    say(f"{passed} passed, {failed} failed")
    return 1 if failed or broken else 0


if __name__ == "__main__":
    sys.exit(main())
