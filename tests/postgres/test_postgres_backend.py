"""What only the PostgreSQL backend has: one schema for every library, migrations and their
command, row locks across connections, change notifications, and sentences for a database
that is missing, unreachable, misnamed or newer than the code.

The interface itself is tested on both backends by tests/test_store.py.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from pydantic import SecretStr

from bot.errors import ConfigError, LibraryError, StorageError
from bot.service import Footnote
from bot.settings import PROJECT_ROOT, Settings, load_settings
from bot.storage import open_storage
from bot.storage.notify import ChangeListener
from bot.storage.postgres import PostgresStorage, where_of
from bot.storage.postgres_schema import LATEST
from tests.fakes import HashingEncoder
from tests.hostile.support import cli, refused
from tests.postgres.support import free_port, with_params
from tests.test_store import DIM, make_doc, put


def storage(url: str, tmp_path: Path, **kw: object) -> PostgresStorage:
    """A storage with a pool (and, unless told, a listener) of its own: another process."""
    return PostgresStorage(url, tmp_path / "cache", **kw)  # type: ignore[arg-type]


def wait_until(predicate: object, what: str, timeout: float = 10.0) -> None:
    """Poll ``predicate()`` until true; the bound only keeps a broken run from hanging."""
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


# --- schema and migrations ----------------------------------------------------------------

def test_migrate_creates_the_schema_once_and_says_so(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FOOTNOTE_DATABASE_URL", pg_url)
    code, out, err = cli(capsys, "migrate")
    assert code == 0, err
    where = where_of(pg_url)
    assert out == f"Migrated the database at {where} from storage schema version 0 to {LATEST}.\n"
    code, out, _ = cli(capsys, "migrate")
    assert code == 0 and "nothing to do" in out and f"version {LATEST}" in out
    assert storage(pg_url, tmp_path).schema_version() == LATEST


def test_processes_starting_together_migrate_once(pg_url: str, tmp_path: Path) -> None:
    results: list[str] = []
    threads = [threading.Thread(
        target=lambda: results.append(storage(pg_url, tmp_path).migrate())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum("Migrated" in r for r in results) == 1, results
    assert sum("nothing to do" in r for r in results) == 3


def test_a_database_from_a_newer_footnote_is_refused_untouched(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = storage(pg_url, tmp_path)
    put(first.open("lib"), make_doc(["Kept."]), h="kept")
    first.close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE footnote_meta SET value = %s WHERE key = 'schema_version'",
                     (str(LATEST + 1),))
    with pytest.raises(LibraryError) as refusal:
        storage(pg_url, tmp_path).open("lib")
    assert str(refusal.value) == (
        f"The database at {where_of(pg_url)} was written by a newer version of Footnote "
        f"(storage schema {LATEST + 1}; this version knows up to {LATEST}). Upgrade Footnote "
        "to open it; nothing was changed.")
    monkeypatch.setenv("FOOTNOTE_DATABASE_URL", pg_url)
    assert "written by a newer version of Footnote" in refused(capsys, "migrate")
    assert "written by a newer version of Footnote" in refused(capsys, "list")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


# --- sentences instead of tracebacks ----------------------------------------------------------

def test_an_unreachable_database_is_one_sentence(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    port = free_port()
    monkeypatch.setenv("FOOTNOTE_DATABASE_URL", f"postgresql://footnote:secret@127.0.0.1:{port}/x")
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nSome words in a paragraph.")
    for argv in (["list"], ["ask", "Who?"], ["add", str(article)], ["migrate"]):
        message = refused(capsys, *argv)
        assert message.startswith(f"The database at 127.0.0.1:{port}/x is unreachable: "), message
        assert message.endswith("Connection refused. Check that PostgreSQL is running and that "
                                "FOOTNOTE_DATABASE_URL points at it; Footnote reconnects by "
                                "itself once it answers."), message
        assert "secret" not in message
    code, out, _ = cli(capsys, "info")  # info still prints, naming the problem
    assert code == 0 and f"The database at 127.0.0.1:{port}/x is unreachable" in out


def test_a_missing_database_and_a_bad_login_are_named(
    pg_database: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = pg_database.rsplit("/", 1)[0]
    monkeypatch.setenv("FOOTNOTE_DATABASE_URL", f"{base}/no_such_footnote_db")
    message = refused(capsys, "list")
    assert "does not exist" in message and "createdb" in message


def test_a_url_that_is_not_postgresql_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOOTNOTE_DATABASE_URL", "mysql://db/footnote")
    with pytest.raises(ConfigError, match=r"FOOTNOTE_DATABASE_URL: .*give a postgresql:// URL"):
        load_settings()
    monkeypatch.setenv("FOOTNOTE_DATABASE_URL", "")
    assert load_settings().database_url is None  # empty: the embedded SQLite storage


def test_without_the_driver_the_sentence_says_what_to_install(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from bot.settings import Settings\nfrom bot.storage import open_storage\n"
        "from bot.errors import ConfigError\n"
        f"s = Settings(data_dir={str(tmp_path)!r}, database_url='postgresql://h/db')\n"
        "try:\n    open_storage(s)\nexcept ConfigError as e:\n    print(e)\n"
        "print(type(open_storage(Settings(data_dir=s.data_dir))).__name__)\n"
        "print('psycopg' in sys.modules and sys.modules['psycopg'] is not None)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=120)
    lines = done.stdout.splitlines()
    assert "pip install 'footnote[postgres]'" in lines[0], done.stderr
    assert lines[1:] == ["SQLiteStorage", "False"]  # SQLite never imports psycopg


# --- one schema, many libraries ------------------------------------------------------------

def test_each_library_numbers_its_own_articles_and_answers(pg_url: str, tmp_path: Path) -> None:
    backend = storage(pg_url, tmp_path)
    one, two = backend.open("guild-1"), backend.open("guild-2")
    assert put(one, make_doc(["One."]), h="x") == 1
    assert put(two, make_doc(["One."]), h="x") == 1  # the same content in another library
    assert put(two, make_doc(["Two."]), h="y") == 2
    assert one.log_answer(user=None, question="q", answer="a", declined=False,
                          citations=[]) == 1
    assert [a.id for a in one.articles()] == [1] and [a.id for a in two.articles()] == [1, 2]
    assert one.delete_article(1, actor=None)
    assert put(one, make_doc(["Again."]), h="z") == 2  # ids are never reused
    assert backend.names() == ["guild-1", "guild-2"] and backend.exists("guild-2")
    assert not backend.exists("guild-3")
    ids = [p.id for s in (one, two) for a in s.articles() for p in s.passages_for(a)]
    assert len(ids) == len(set(ids))


def test_writes_to_one_library_take_turns_across_connections(pg_url: str, tmp_path: Path) -> None:
    """A write transaction holds the library's row: another process's write waits for it,
    while reads, and writes to other libraries, go on."""
    here, there = storage(pg_url, tmp_path), storage(pg_url, tmp_path)
    mine, theirs, other = here.open("lib"), there.open("lib"), there.open("other")
    order: list[str] = []
    holding, release = threading.Event(), threading.Event()

    def first() -> None:
        with mine.transaction(write=True):
            put(mine, make_doc(["First."]), h="1")
            holding.set()
            release.wait(30)
            order.append("first")

    def second() -> None:
        put(theirs, make_doc(["Second."]), h="2")
        order.append("second")

    a = threading.Thread(target=first)
    a.start()
    assert holding.wait(30)
    b = threading.Thread(target=second)
    b.start()
    with psycopg.connect(pg_url, autocommit=True) as watch:
        wait_until(lambda: watch.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND datname = current_database()").fetchone()[0] == 1, "the second writer to wait")
    assert order == []
    assert theirs.articles() == []  # reads are not blocked, and see only what is committed
    put(other, make_doc(["Elsewhere."]), h="e")  # another library is not blocked either
    release.set()
    a.join(30)
    b.join(30)
    assert order == ["first", "second"]
    assert [a.title for a in theirs.articles()] == ["Headline", "Headline"]
    assert theirs.generation() == 2 and [e["article_id"] for e in theirs.audit_log()] == [2, 1]


# --- hearing about changes ----------------------------------------------------------------------

def test_a_change_is_heard_by_another_process_without_asking(pg_url: str, tmp_path: Path) -> None:
    writer = storage(pg_url, tmp_path).open("lib")
    elsewhere = storage(with_params(pg_url, connect_timeout="7"), tmp_path)  # its own listener
    reader = elsewhere.open("lib")
    listener = elsewhere.listener()
    assert listener is not None and listener.wait_live(10)
    assert reader.generation() == 0 and reader.known_generation() == 0
    put(writer, make_doc(["News."]), h="n")
    wait_until(lambda: reader.known_generation() == 1, "the notification")
    put(writer, make_doc(["More news."]), h="m")
    wait_until(lambda: reader.known_generation() == 2, "the second notification")


def test_a_process_catches_up_a_library_it_holds_without_a_question(
    pg_url: str, settings: Settings,
) -> None:
    on_db = settings.model_copy(update={"database_url": SecretStr(pg_url)})
    elsewhere = SecretStr(with_params(pg_url, connect_timeout="7"))  # a listener of its own
    bot = Footnote(on_db.model_copy(update={"database_url": elsewhere}), encoder=HashingEncoder())
    cli_app = Footnote(on_db, encoder=HashingEncoder())
    try:
        held = bot.library("guild-7", seed=False)
        assert held.snapshot().generation == 0
        added = cli_app.add_text("guild-7", "Harbour news\n\nThe harbour wall was approved.")
        wait_until(lambda: held._snapshot is not None and held._snapshot.generation == 1,
                   "the bot to load the new article by itself")
        assert added.article.id in held._snapshot.articles  # type: ignore[union-attr]
    finally:
        bot.close()
        cli_app.close()


def test_without_notifications_every_snapshot_asks_the_database(
    pg_url: str, tmp_path: Path,
) -> None:
    deaf = storage(pg_url, tmp_path, listen=False)
    from bot.library import Library

    lib = Library("lib", tmp_path / "idx", HashingEncoder(dim=DIM), store=deaf.open("lib"))
    assert lib.snapshot().generation == 0 and lib.store.known_generation() is None
    put(storage(pg_url, tmp_path).open("lib"), make_doc(["Fresh."]), h="f")
    assert lib.snapshot().generation == 1  # the fallback: a query per snapshot


def test_the_listener_trusts_only_what_it_heard_while_connected() -> None:
    now = [0.0]
    listener = ChangeListener(lambda: None, channel="c", where="w", recheck=10.0,
                              clock=lambda: now[0])
    listener.heard("lib", 5, None)  # not listening: nothing is known
    assert listener.known("lib") is None
    listener._token = 1  # connected (what _listen does)
    listener.observe("lib", 3, 1)
    assert listener.known("lib") == 3
    listener.heard("lib", 2, 1)  # a late, older read does not go back
    assert listener.known("lib") == 3
    listener.heard("lib", 9, 0)  # read under an earlier connection: not trusted
    assert listener.known("lib") == 3
    now[0] = 10.5  # not heard of for longer than recheck: ask the database again
    assert listener.known("lib") is None
    listener.heard("lib", 4, 1)
    assert listener.known("lib") == 4
    listener._down()  # the connection dropped: changes may be missed from now on
    assert listener.known("lib") is None and listener.token() is None


def test_the_store_reports_where_it_is(pg_url: str, tmp_path: Path) -> None:
    backend = open_storage(Settings(data_dir=tmp_path, database_url=pg_url))
    assert isinstance(backend, PostgresStorage)
    assert backend.index_dir("guild-1").parent == backend.cache_root
    assert str(tmp_path / "postgres") in str(backend.cache_root)
    assert "PostgreSQL at 127.0.0.1:5432/" in backend.describe()
    with pytest.raises(StorageError, match="unreachable"):
        PostgresStorage(f"postgresql://127.0.0.1:{free_port()}/x", tmp_path).names()
