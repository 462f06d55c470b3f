"""For tests where writers and readers run at the same time, each thread on its own connection."""

import sqlite3
import threading
import traceback

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections


def in_thread(target, errors, *args):
    """Run target in a thread with its own database connection; what it raises goes to `errors`."""

    def run():
        try:
            target(*args)
        except BaseException:  # noqa: BLE001 - whatever a thread raises fails the test
            errors.append(traceback.format_exc())
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def database_file(transactional_db, tmp_path):
    """SQLite's in-memory database is one shared cache, where a table that one connection's open
    transaction has read cannot be written by another until it ends (SQLITE_LOCKED at once, no
    waiting). A site's database is a file, with SQLite's ordinary locks: the test settings keep the
    test database in a file, and should it be in memory (a run with other settings), the test runs
    on a copy of it in a file and the in-memory one is left as it was."""
    memory = connections[DEFAULT_DB_ALIAS]
    if memory.vendor != "sqlite" or not memory.is_in_memory_db():
        yield
        return
    name, path = memory.settings_dict["NAME"], tmp_path / "portal.sqlite3"
    memory.ensure_connection()
    copy = sqlite3.connect(path)
    memory.connection.backup(copy)
    copy.close()
    memory.settings_dict["NAME"] = str(path)  # the settings every thread's new connection is made from
    connections[DEFAULT_DB_ALIAS] = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        memory.settings_dict["NAME"] = name
        connections[DEFAULT_DB_ALIAS] = memory
