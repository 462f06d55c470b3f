"""Real faults for tests: services that refuse connections or never answer, on loopback."""

import socket
import tempfile
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend


def closed_port():
    """A loopback port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SilentServer:
    """Accepts connections on a loopback port and never says a word, like a hung server."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.held = []
        self.thread = threading.Thread(target=self.accept, daemon=True)

    def accept(self):
        while True:
            try:
                self.held.append(self.socket.accept()[0])
            except OSError:  # closed: the test is over
                return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.socket.close()
        for held in self.held:
            held.close()
        self.thread.join(timeout=5)


@contextmanager
def unreachable_database():
    """Inside, the default alias connects to a database that is not there: PostgreSQL on a closed
    loopback port, or on SQLite a file in a folder that does not exist. The test's own connection
    (and its transaction) is put back afterwards."""
    working = connections[DEFAULT_DB_ALIAS]
    broken = dict(working.settings_dict)
    if working.vendor == "postgresql":
        broken.update(HOST="127.0.0.1", PORT=str(closed_port()))
    else:
        broken["NAME"] = str(Path(tempfile.gettempdir()) / f"missing-{uuid.uuid4().hex}" / "portal.sqlite3")
    connections[DEFAULT_DB_ALIAS] = load_backend(broken["ENGINE"]).DatabaseWrapper(broken, DEFAULT_DB_ALIAS)
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections[DEFAULT_DB_ALIAS] = working
