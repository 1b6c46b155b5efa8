"""A real PostgreSQL for the tests: a fresh database per run, a fresh schema per test.

- ``.ci/run`` creates the database (``footnote_ci_<random>``) and passes its URL in
  ``FOOTNOTE_TEST_DATABASE_URL``; run locally without it, the session creates
  ``footnote_test_<random>`` on ``127.0.0.1:5432`` (trust authentication, user
  ``postgres``) and drops it at the end.
- No server: the PostgreSQL tests are skipped, with the reason printed at the end of
  the run; with ``CI`` set they fail instead (CI must never skip them).
- Each test gets its own schema in that database (``search_path`` in the URL), so
  every test starts from an empty Footnote schema; every :class:`PostgresStorage`
  made during the test is closed at its end, and the schema dropped.
- :class:`PrivateServer` runs a PostgreSQL 15 of its own (``initdb`` + ``pg_ctl`` as the
  ``postgres`` user, on a free port) for tests that stop and restart the server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

URL_VARIABLE = "FOOTNOTE_TEST_DATABASE_URL"
LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
STATUS: list[str] = []
"""What the PostgreSQL tests ran against, or why they were skipped (printed at the end)."""


def _connect(url: str) -> Any:
    import psycopg  # here: the module imports without psycopg, and says so when it is used

    return psycopg.connect(url, autocommit=True, connect_timeout=5)


def unavailable(reason: str) -> None:
    """Skip (or, with ``CI`` set, fail) the test: no PostgreSQL to run it against."""
    message = f"PostgreSQL tests not run: {reason}"
    if message not in STATUS:
        STATUS.append(message)
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set: the PostgreSQL tests must run)", pytrace=False)
    pytest.skip(message)


def with_params(url: str, **params: str) -> str:
    """``url`` with query parameters added (``options``, ``application_name``)."""
    extra = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
    return url + ("&" if "?" in url else "?") + extra


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """The URL of a database made fresh for this test run."""
    given = os.environ.get(URL_VARIABLE)
    if given:
        try:
            _connect(given).close()
        except Exception as exc:
            unavailable(f"{URL_VARIABLE} names a database that cannot be reached ({exc})")
        STATUS.append(f"PostgreSQL tests ran against {given.rsplit('/', 1)[-1]} "
                      f"(from {URL_VARIABLE})")
        yield given
        return
    name = f"footnote_test_{uuid.uuid4().hex[:10]}"
    admin, reason = None, "no server at 127.0.0.1:5432"
    for maintenance in ("postgres", "test"):
        try:
            admin = _connect(LOCAL_SERVER + maintenance)
            break
        except Exception as exc:  # psycopg.Error, or psycopg itself missing
            reason = f"no server at 127.0.0.1:5432 ({' '.join(str(exc).split())})"
    if admin is None:
        unavailable(reason)
        return
    with admin:
        admin.execute(f"CREATE DATABASE {name}")
    STATUS.append(f"PostgreSQL tests ran against a fresh database {name} on 127.0.0.1:5432 "
                  "(dropped at the end)")
    try:
        yield LOCAL_SERVER + name
    finally:
        with _connect(LOCAL_SERVER + maintenance) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_url(pg_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A URL whose connections work in a schema of their own, empty for this test."""
    from bot.storage.postgres import PostgresStorage

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with _connect(pg_database) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    made: list[PostgresStorage] = []
    original = PostgresStorage.__init__

    def tracked(self: PostgresStorage, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(self)

    monkeypatch.setattr(PostgresStorage, "__init__", tracked)
    url = with_params(pg_database, options=f"-csearch_path={schema}",
                      application_name=f"footnote-{schema}")
    try:
        yield url
    finally:
        for storage in made:
            storage.close()
        with _connect(pg_database) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                          " WHERE application_name = %s", (f"footnote-{schema}",))
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivateServer:
    """A PostgreSQL 15 server of the test's own, on a free port (started, stopped and
    restarted at will; the machine's shared server is never touched)."""

    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None:
            unavailable(f"no PostgreSQL 15 binaries in {PG_BIN} (or no runuser) to start a "
                        "private server")
        self.folder = Path(tempfile.mkdtemp(prefix="footnote-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        shutil.chown(self.folder, "postgres", "postgres")
        self._as_postgres(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust",
                          "--no-sync")

    def _as_postgres(self, *argv: object) -> None:
        done = subprocess.run(["runuser", "-u", "postgres", "--", *map(str, argv)],
                              capture_output=True, text=True, timeout=120, cwd=self.folder)
        assert done.returncode == 0, f"{argv[0]} failed: {done.stdout}\n{done.stderr}"

    def _ctl(self, *argv: str) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off")
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-l", self.folder / "server.log",
                          "-o", options, "-w", "-t", "60", *argv)

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self._ctl("start")

    def stop(self) -> None:
        """Stop it (fast shutdown: sessions are cut, as in a real restart)."""
        self._ctl("stop", "-m", "fast")

    def cleanup(self) -> None:
        """Stop it if it runs, and delete its files."""
        subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D",
                        str(self.data), "stop", "-m", "immediate"], capture_output=True,
                       timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def private_server() -> Iterator[PrivateServer]:
    """A running PostgreSQL 15 of this test's own."""
    server = PrivateServer()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()
