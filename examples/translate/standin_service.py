"""A stand-in for a remote translation API, so the example runs without the internet.

It accepts `POST /translate` with `Authorization: Bearer <token>` and a JSON body `{"text": ...}`,
and answers `{"translated_text": ...}` (English to French, word by word, for a few words). The
accepted token is `demo-token`, or `$TRANSLATE_API_TOKEN` when set.
"""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = {"hello": "bonjour", "world": "monde", "good": "bon", "morning": "matin", "thank": "merci", "you": "vous"}


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        expected = os.environ.get("TRANSLATE_API_TOKEN", "demo-token")
        if self.path != "/translate":
            return self._reply(404, {"error": "not found"})
        if self.headers.get("Authorization") != f"Bearer {expected}":
            return self._reply(401, {"error": "invalid token"})
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        words = [WORDS.get(word.lower(), word) for word in str(body.get("text", "")).split()]
        translated = " ".join(words)
        self._reply(200, {"translated_text": translated[:1].upper() + translated[1:]})

    def _reply(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep the service quiet; requests carry the token
        pass


def start() -> str:
    """Starts the service on a free loopback port in a daemon thread; returns its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"
