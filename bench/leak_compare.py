#!/usr/bin/python3
"""Runs the leak suite's vectors through cog-host and through Cog 0.23.1 (coglet) over HTTP.

For every vector of python/fixtures/leaks/predict.py (VECTORS) and for each runtime, the script
sends one synchronous prediction and one asynchronous prediction with a webhook to a receiver on
127.0.0.1, then reports where the secret turned up:

  logs, output, error, metrics   fields of the synchronous response body
  sync-other                     any other field of that body
  async-ack                      the 202 body of the asynchronous request
  webhook                        any webhook body of the asynchronous prediction
  server-log                     the server process's own stdout/stderr while the vector ran

The secret counts as found in any of these forms: the raw token, its base64 form, the list
secret (the `tokens` element), or, when none of those is there, any 10 consecutive characters
of the token or the list secret ("fragment", e.g. a secret split across two log records).
Synchronous predictions run on one server, asynchronous ones on a fresh one, so effects that
happen once per process (warnings.warn) show in both. Results go to a markdown table on stdout
and to JSON (--json); progress goes to stderr.

Standard library only; run it with /usr/bin/python3 from anywhere:

    /usr/bin/python3 bench/leak_compare.py [--cog-host PATH] [--anchor-venv PATH] [--json PATH]

Both servers listen on free loopback ports, run one after the other, and are stopped at the end.
Exit status: 0 when cog-host leaked nothing and both runtimes answered every vector, else 1.
"""

import argparse
import ast
import base64
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

# The benchmark's helpers: one free-port probe and one way to start either runtime.
from bench import cog_host_side, free_port, reference_side

TOKEN = "supersecret-token-4711"
LIST_SECRET = "another-secret-0815"
FORMS = {
    "raw": TOKEN,
    "base64": base64.b64encode(TOKEN.encode()).decode(),
    "list": LIST_SECRET,
}
FRAGMENT_LENGTH = 10  # a piece of a secret this long counts ("fragment"), e.g. a split write
FRAGMENTS = sorted({secret[i:i + FRAGMENT_LENGTH] for secret in (TOKEN, LIST_SECRET)
                    for i in range(len(secret) - FRAGMENT_LENGTH + 1)})
COG_VERSION = "0.23.1"

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(REPO, "python", "fixtures", "leaks")

READY_TIMEOUT = 180.0  # a debug build on a busy machine starts slowly
REQUEST_TIMEOUT = 90.0
WEBHOOK_TIMEOUT = 90.0
STOP_TIMEOUT = 15.0

SYNC_FIELDS = ["logs", "output", "error", "metrics"]
CHANNELS = SYNC_FIELDS + ["sync-other", "async-ack", "webhook", "server-log"]


def say(message):
    print(message, file=sys.stderr, flush=True)


def forms_in(text):
    """The forms of the secrets that `text` contains (empty list: none)."""
    if not text:
        return []
    found = [name for name, value in FORMS.items() if value in text]
    if not found and any(piece in text for piece in FRAGMENTS):
        found.append("fragment")
    return found


def excerpt(text, width=60):
    """A short piece of `text` around the first occurrence of a secret (or a piece of one)."""
    positions = [text.find(v) for v in list(FORMS.values()) + FRAGMENTS if v in text]
    if not positions:
        return ""
    start = max(0, min(positions) - width)
    return text[start:min(positions) + width + len(TOKEN)]


def vectors_of(fixture):
    """VECTORS from the fixture, read with ast (importing it needs cog)."""
    with open(os.path.join(fixture, "predict.py"), encoding="utf-8") as source:
        tree = ast.parse(source.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "VECTORS" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise SystemExit(f"no VECTORS in {fixture}/predict.py")


def request(port, method, path, body=None, headers=None, timeout=REQUEST_TIMEOUT):
    """(status, text) of one HTTP request to 127.0.0.1:port; status 0 on a connection error."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (OSError, urllib.error.URLError) as error:
        return 0, f"{type(error).__name__}: {error}"


# --- webhook receiver ---------------------------------------------------------------------------

class WebhookReceiver:
    """A ThreadingHTTPServer on 127.0.0.1 that keeps every POST body, keyed by request path."""

    def __init__(self):
        self.lock = threading.Lock()
        self.bodies = {}  # path -> [text]
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    body = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            break
                        body += self.rfile.read(size)
                        self.rfile.readline()
                else:
                    body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    receiver.bodies.setdefault(self.path, []).append(body.decode("utf-8", "replace"))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def received(self, path):
        with self.lock:
            return list(self.bodies.get(path, []))

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def is_terminal(body):
    try:
        return json.loads(body).get("status") in ("succeeded", "failed", "canceled")
    except (ValueError, AttributeError):
        return False


# --- servers ------------------------------------------------------------------------------------

class Server:
    """One server process (own process group) with stdout and stderr in files."""

    def __init__(self, name, argv, cwd, env, logdir):
        self.name = name
        self.port = None
        self.stdout_path = os.path.join(logdir, f"{name}.stdout.log")
        self.stderr_path = os.path.join(logdir, f"{name}.stderr.log")
        self.argv, self.cwd, self.env = argv, cwd, env
        self.process = None

    def start(self, port):
        """Starts the server on `port` ("{port}" in argv, and $PORT)."""
        self.port = port
        self.argv = [a.replace("{port}", str(port)) for a in self.argv]
        self.env = dict(self.env, PORT=str(port))
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(
                self.argv, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                start_new_session=True)

    def log_sizes(self):
        return tuple(os.path.getsize(p) for p in (self.stdout_path, self.stderr_path))

    def log_text(self, start=(0, 0), end=None):
        parts = []
        for index, path in enumerate((self.stdout_path, self.stderr_path)):
            with open(path, "rb") as log:
                log.seek(start[index])
                data = log.read() if end is None else log.read(max(0, end[index] - start[index]))
            parts.append(data.decode("utf-8", "replace"))
        return parts[0] + parts[1]

    def settle(self, quiet=0.3, limit=3.0):
        """Waits until the logs stopped growing for `quiet` seconds (at most `limit`)."""
        deadline = time.monotonic() + limit
        sizes = self.log_sizes()
        still_since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now = self.log_sizes()
            if now != sizes:
                sizes, still_since = now, time.monotonic()
            elif time.monotonic() - still_since >= quiet:
                break
        return sizes

    def wait_ready(self):
        deadline = time.monotonic() + READY_TIMEOUT
        last = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode} during setup:\n"
                                   + self.log_text()[-3000:])
            status, body = request(self.port, "GET", "/health-check", timeout=5)
            if status == 200:
                try:
                    last = json.loads(body).get("status", "")
                except ValueError:
                    last = body[:200]
                if last == "READY":
                    return
                if last == "SETUP_FAILED":
                    raise RuntimeError(f"{self.name} setup failed: {body[:2000]}")
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} not READY after {READY_TIMEOUT:.0f}s (last status {last!r}):\n"
                           + self.log_text()[-3000:])

    def stop(self):
        """SIGTERM to the server, then SIGKILL to its process group if anything is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.process.send_signal(signal.SIGTERM)
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                say(f"{self.name}: no exit {STOP_TIMEOUT:.0f}s after SIGTERM; killing it")
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group this script created
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


# --- the comparison -----------------------------------------------------------------------------

EXPECTED_FAILURES = {"raise", "yield_error"}  # vectors whose prediction fails on purpose


def note(entry, channel, text, phase=None):
    """Records in entry["channels"] that `channel` showed the secret, if `text` contains it."""
    found = forms_in(text)
    if not found:
        return
    known = entry["channels"].setdefault(channel, {"forms": [], "excerpt": excerpt(text)})
    known["forms"] += [f for f in found if f not in known["forms"]]
    if "raw" in known["forms"] and "fragment" in known["forms"]:
        known["forms"].remove("fragment")
    if phase:
        known.setdefault("phases", []).append(phase)


def sync_phase(server, vector, entry):
    body = {"id": f"lc-sync-{vector.replace('_', '-')}",
            "input": {"token": TOKEN, "vector": vector, "tokens": [LIST_SECRET]}}
    status, text = request(server.port, "POST", "/predictions", body)
    entry["sync_http"] = status
    try:
        response = json.loads(text)
    except ValueError:
        response = None
    if status != 200 or not isinstance(response, dict):
        entry["problems"].append(f"sync HTTP {status}: {text[:300]}")
        note(entry, "sync-other", text)
        return
    entry["sync_status"] = response.get("status")
    entry["sync_response"] = response
    if response.get("error"):
        error = response["error"]
        entry["sync_error"] = error if not forms_in(error) else "(contains the secret)"
    for field in SYNC_FIELDS:
        if field in response:
            value = response[field]
            note(entry, field, value if isinstance(value, str) else json.dumps(value))
    note(entry, "sync-other", json.dumps({k: v for k, v in response.items() if k not in SYNC_FIELDS}))


def async_phase(server, vector, entry, receiver):
    pred_id = f"lc-async-{vector.replace('_', '-')}"
    hook_path = f"/hook/{server.name}/{pred_id}"
    body = {"id": pred_id, "input": {"token": TOKEN, "vector": vector, "tokens": [LIST_SECRET]},
            "webhook": receiver.url(hook_path)}
    status, text = request(server.port, "POST", "/predictions", body, headers={"Prefer": "respond-async"})
    entry["async_http"] = status
    entry["hook_path"] = hook_path
    note(entry, "async-ack", text)
    if status != 202:
        entry["problems"].append(f"async HTTP {status}: {text[:300]}")
        return
    deadline = time.monotonic() + WEBHOOK_TIMEOUT
    while time.monotonic() < deadline and not any(map(is_terminal, receiver.received(hook_path))):
        time.sleep(0.05)
    terminal = [json.loads(b) for b in receiver.received(hook_path) if is_terminal(b)]
    if terminal:
        entry["async_status"] = terminal[-1].get("status")
        entry["completed_webhook"] = terminal[-1]
    else:
        entry["problems"].append(f"async: no completed webhook within {WEBHOOK_TIMEOUT:.0f}s")


def run_runtime(make_server, name, vectors, receiver):
    """Runs every vector through runtime `name`: first all synchronous predictions on one server,
    then all asynchronous ones on a fresh server (so once-per-process effects such as
    `warnings.warn` show in both). Returns {vector: entry} and the server-log leaks outside any
    vector (setup, shutdown)."""
    results = {v: {"channels": {}, "sync_status": None, "async_status": None, "problems": []} for v in vectors}
    outside = {}
    for phase in ("sync", "async"):
        server = make_server(phase)
        server.start(free_port())
        say(f"{name}: {phase} phase on 127.0.0.1:{server.port}")
        try:
            server.wait_ready()
            before = after_setup = server.settle()
            for vector in vectors:
                entry = results[vector]
                if phase == "sync":
                    sync_phase(server, vector, entry)
                else:
                    async_phase(server, vector, entry, receiver)
                after = server.settle()  # the server's own log while this vector ran
                note(entry, "server-log", server.log_text(before, after), phase)
                before = after
                status = entry[f"{phase}_status"]
                say(f"{name}: {phase:<5} {vector:<14} {status} -> {', '.join(entry['channels']) or 'none'}")
            if phase == "async":
                time.sleep(1.0)  # late, out-of-order non-terminal webhooks
        finally:
            server.stop()
        # The log before the first vector (setup) and after the last one (shutdown).
        outside[f"{phase}: setup"] = forms_in(server.log_text((0, 0), after_setup))
        tail = server.log_text(before, None)
        outside[f"{phase}: after the last vector"] = forms_in(tail)
        if forms_in(tail) and vectors:  # charged to the last vector as well, and marked late
            note(results[vectors[-1]], "server-log", tail, phase + " (late)")
    for entry in results.values():
        hooks = receiver.received(entry.pop("hook_path", ""))
        entry["webhooks"] = len(hooks)
        note(entry, "webhook", "\n".join(hooks))
    return results, outside


def cell(entry):
    if entry is None:
        return "not run"
    parts = []
    for channel in CHANNELS:
        if channel in entry["channels"]:
            forms = [f for f in entry["channels"][channel]["forms"] if f != "raw"]
            parts.append(channel + (f" ({'+'.join(forms)})" if forms else ""))
    text = ", ".join(parts) or "none"
    if entry["problems"]:
        text += " ⚠ " + "; ".join(p[:80] for p in entry["problems"])
    return text


def status_of(entry):
    if entry is None:
        return "-"
    return f"{entry['sync_status'] or '?'}/{entry['async_status'] or '?'}"


def summary(name, results, vectors):
    leaked = [v for v in vectors if results.get(v) and results[v]["channels"]]
    channels = [c for c in CHANNELS if any(c in results[v]["channels"] for v in leaked)]
    line = f"{name}: {len(leaked)} of {len(vectors)} vectors leaked"
    if channels:
        line += f" (channels: {', '.join(channels)})"
    return line, leaked, channels


# --- setup of the two runtimes ------------------------------------------------------------------

def default_cog_host():
    """.build/release/cog-host if present, else .build/debug/cog-host; a release binary older
    than the debug one is passed over (it may predate `serve`), with a note."""
    release = os.path.join(REPO, ".build", "release", "cog-host")
    debug = os.path.join(REPO, ".build", "debug", "cog-host")
    if os.path.exists(release):
        if os.path.exists(debug) and os.path.getmtime(debug) > os.path.getmtime(release):
            say("note: .build/release/cog-host is older than .build/debug/cog-host; using the debug one "
                "(pass --cog-host to choose)")
            return debug
        return release
    return debug


def ensure_anchor(venv):
    python = os.path.join(venv, "bin", "python")
    check = ["-c", f"import cog, coglet, sys; sys.exit(0 if cog.__version__ == '{COG_VERSION}' else 3)"]
    if os.path.exists(python) and subprocess.run([python] + check, capture_output=True, timeout=60).returncode == 0:
        return python
    say(f"The reference runtime is missing from {venv}: creating it with /usr/bin/python3 -m venv and "
        f"pip install cog=={COG_VERSION} coglet=={COG_VERSION} (needs network access; takes a minute).")
    if not os.path.exists(python):
        subprocess.run(["/usr/bin/python3", "-m", "venv", venv], check=True, timeout=300)
    subprocess.run([python, "-m", "pip", "install", "--quiet", f"cog=={COG_VERSION}", f"coglet=={COG_VERSION}"],
                   check=True, timeout=900)
    if subprocess.run([python] + check, capture_output=True, timeout=60).returncode != 0:
        raise SystemExit(f"{venv}: cog {COG_VERSION} / coglet still not importable after pip install")
    return python


def base_env():
    env = dict(os.environ)
    for name in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "COG_PREDICT_TYPE_STUB", "COG_TRAIN_TYPE_STUB",
                 "PORT", "COG_MAX_CONCURRENCY", "LOG_FORMAT", "COG_LOG_LEVEL", "RUST_LOG", "WEBHOOK_AUTH_TOKEN"):
        env.pop(name, None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cog-host",
                        help="the cog-host binary (default: .build/release/cog-host if present and not older "
                             "than .build/debug/cog-host, else .build/debug/cog-host)")
    parser.add_argument("--anchor-venv", default=os.path.join(REPO, "bench", ".venv-anchor"),
                        help=f"a venv with cog=={COG_VERSION} and coglet=={COG_VERSION}; created if missing "
                             "(default: bench/.venv-anchor, the one bench/run installs)")
    parser.add_argument("--json", default=os.path.join(REPO, "bench", "results", "leaks.json"),
                        help="where to write the JSON results (default: bench/results/leaks.json)")
    parser.add_argument("--only", choices=["cog-host", "reference"], help="run one runtime only")
    parser.add_argument("--vector", action="append", help="run only this vector (repeatable)")
    parser.add_argument("--keep-logs", action="store_true",
                        help="copy the servers' logs next to the JSON file (they contain the test secret)")
    args = parser.parse_args()

    all_vectors = vectors_of(FIXTURE)
    vectors = args.vector or all_vectors
    unknown = sorted(set(vectors) - set(all_vectors))
    if unknown:
        raise SystemExit(f"unknown vectors: {unknown}; known: {all_vectors}")

    cog_host = os.path.abspath(args.cog_host or default_cog_host())
    runtimes = [] if args.only == "reference" else ["cog-host"]
    if args.only != "cog-host":
        runtimes.append("reference")
    if "cog-host" in runtimes:
        if not os.access(cog_host, os.X_OK):
            raise SystemExit(f"no cog-host binary at {cog_host} (build it, or pass --cog-host)")
    anchor_python = ensure_anchor(os.path.abspath(args.anchor_venv)) if "reference" in runtimes else None

    work = tempfile.mkdtemp(prefix="leak-compare-")
    receiver = WebhookReceiver()
    servers = []
    results, outside, errors = {}, {}, {}
    try:
        for name in runtimes:
            # Each runtime gets its own copy of the fixture (nothing is written into the repository).
            project = os.path.join(work, name, "leaks")
            shutil.copytree(FIXTURE, project, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            env = base_env()
            side = cog_host_side(cog_host) if name == "cog-host" else reference_side(Path(anchor_python).parent.parent)
            argv = side.command
            env.update(side.environment)
            if name == "reference":
                env["COG_PREDICT_TYPE_STUB"] = "predict.py:Runner"

            def make_server(phase, name=name, argv=argv, env=env, project=project):
                server = Server(f"{name}-{phase}", argv, project, env, os.path.join(work, name))
                servers.append(server)
                return server

            try:
                results[name], outside[name] = run_runtime(make_server, name, vectors, receiver)
            except Exception as error:  # report it and go on with the other runtime
                errors[name] = str(error)
                say(f"{name}: FAILED: {error}")
            if args.keep_logs:
                target = os.path.dirname(os.path.abspath(args.json))
                os.makedirs(target, exist_ok=True)
                for server in servers:
                    for path in (server.stdout_path, server.stderr_path):
                        if os.path.exists(path):
                            shutil.copy(path, os.path.join(target, "leaks." + os.path.basename(path)))
    finally:
        for server in servers:
            server.stop()
        receiver.close()
        shutil.rmtree(work, ignore_errors=True)

    # --- report --------------------------------------------------------------------------------
    print()
    print("| vector | " + " | ".join(runtimes) + " | status (sync/async) |")
    print("|---|" + "---|" * len(runtimes) + "---|")
    for vector in vectors:
        cells = [cell(results.get(name, {}).get(vector)) if name in results else "not run" for name in runtimes]
        statuses = " · ".join(f"{name}: {status_of(results.get(name, {}).get(vector))}" for name in runtimes)
        print(f"| `{vector}` | " + " | ".join(cells) + f" | {statuses} |")
    notes = [f"{name} `{vector}` failed: {entry.get('sync_error', '?')}"
             for name in runtimes for vector, entry in results.get(name, {}).items()
             if vector not in EXPECTED_FAILURES and "failed" in (entry["sync_status"], entry["async_status"])]
    for line in notes:
        print(f"\nNote: {line}", end="")
    print("\n" if notes else "")
    lines = {}
    for name in runtimes:
        if name in results:
            line, leaked, channels = summary(name, results[name], vectors)
            lines[name] = {"leaked": leaked, "channels": channels, "line": line}
            print(line)
            late = [k for k, v in outside[name].items() if v]
            if late:
                print(f"  ({name}: the server log also showed the secret outside the vectors: {', '.join(late)})")
        else:
            print(f"{name}: not run ({errors[name].splitlines()[0]})")

    document = {
        "secret": TOKEN, "list_secret": LIST_SECRET,
        "forms": dict(FORMS, fragment=f"any {FRAGMENT_LENGTH} consecutive characters of either secret"),
        "vectors": vectors, "channels": CHANNELS,
        "runtimes": {
            "cog-host": {"binary": cog_host} if "cog-host" in runtimes else None,
            "reference": ({"python": anchor_python, "cog": COG_VERSION, "coglet": COG_VERSION,
                           "note": "run without .cog/openapi_schema.json (pip's cog has no schema generator): "
                                   "no input validation; Secret coercion comes from the type hints"}
                          if "reference" in runtimes else None),
        },
        "results": results, "server_log_outside_vectors": outside, "summary": lines, "errors": errors,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)
        out.write("\n")
    say(f"wrote {args.json}")

    incomplete = errors or any(e["problems"] for r in results.values() for e in r.values())
    host_leaked = "cog-host" in lines and lines["cog-host"]["leaked"]
    return 1 if (incomplete or host_leaked) else 0


if __name__ == "__main__":
    sys.exit(main())
