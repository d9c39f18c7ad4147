"""A read-only document server on loopback: the sample bills the approval gates link to.

Serves only `jobs/<job>/samples/<document>.pdf` under BATCHLINE_HOME, so a reviewer in
the Prefect UI can open the sample documents of the job they are approving. Anything
else is 404. Started by `deployments.serve` when BATCHLINE_DOCUMENTS_PORT is set.
"""

from __future__ import annotations

import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SERVED = re.compile(r"^/jobs/[A-Za-z0-9_-]{1,64}/samples/[A-Za-z0-9_.-]{1,80}\.pdf$")


def document_server(home: Path, port: int) -> ThreadingHTTPServer:
    """A server for `home` on 127.0.0.1:`port`, not yet serving (call serve_forever, or use in_thread)."""
    root = home.resolve()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            target = (root / path.lstrip("/")).resolve()
            if not SERVED.match(path) or root not in target.parents or not target.is_file():
                self.send_error(HTTPStatus.NOT_FOUND, "no such sample document")
                return
            body = target.read_bytes()
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Disposition", f'inline; filename="{target.name}"')
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


def in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="batchline-documents", daemon=True)
    thread.start()
    return thread
