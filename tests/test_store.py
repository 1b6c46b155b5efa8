"""The storage interface, run against every backend: the embedded SQLite default and
PostgreSQL (a fresh schema per test; see tests/postgres/support.py).

Backend-specific checks (the SQLite file itself, its migrations from older files) are in
tests/test_store_sqlite.py and tests/postgres/.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bot.models import CleanDocument, PassageDraft
from bot.storage import LibraryStore, StoreConflict
from bot.storage.sqlite import SQLiteLibraryStore

DIM = 8


def make_doc(
    paragraphs: list[str], *, url: str | None = None, head: str = "Headline"
) -> CleanDocument:
    """A cleaned document: a header line, then one passage (and one sentence) per paragraph."""
    text = head + "\n\n" + "\n\n".join(paragraphs)
    drafts = []
    at = len(head) + 2
    for n, para in enumerate(paragraphs, start=1):
        drafts.append(PassageDraft(paragraph=n, start=at, end=at + len(para),
                                   sentences=((at, at + len(para)),)))
        at += len(para) + 2
    return CleanDocument(
        text=text, title=head, author="Ann Writer", author_role=None, publication="The Paper",
        published="1 May 2020", url=url, byline=None, passages=tuple(drafts), source="test",
    )


def vectors_for(doc: CleanDocument, seed: int = 0) -> tuple[np.ndarray, list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    vecs = rng.standard_normal((len(doc.passages), DIM)).astype(np.float32)
    svecs = [rng.standard_normal((len(p.sentences), DIM)).astype(np.float32) for p in doc.passages]
    return vecs, svecs


def put(store: LibraryStore, doc: CleanDocument, *, h: str, actor: str | None = "tester",
        replace_id: int | None = None, seed: int = 0) -> int:
    vecs, svecs = vectors_for(doc, seed)
    return store.put_article(doc, title=doc.title or "t", content_hash=h, vectors=vecs,
                             sentence_vectors=svecs, actor=actor, replace_id=replace_id)


Opener = Callable[[], LibraryStore]


@pytest.fixture(params=["sqlite", "postgresql"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    """Opens the same library's store again each call (as a restarted process would)."""
    if request.param == "sqlite":
        return lambda: SQLiteLibraryStore(tmp_path / "lib" / "library.sqlite3", "lib")
    if request.param == "postgresql":
        from bot.storage.postgres import PostgresStorage

        url = request.getfixturevalue("pg_url")
        # a new storage each time: its own pool, as another process would have
        return lambda: PostgresStorage(url, tmp_path / "cache").open("lib")
    raise AssertionError(request.param)  # pragma: no cover - a backend without an opener


@pytest.fixture
def store(open_store: Opener) -> LibraryStore:
    return open_store()


def test_new_store_is_empty(store: LibraryStore) -> None:
    assert store.articles() == []
    assert store.generation() == 0
    assert store.audit_log() == []
    stored = store.load_vectors(DIM)
    assert stored.passages == [] and stored.vectors.shape == (0, DIM)


def test_put_get_article_and_passages(store: LibraryStore) -> None:
    doc = make_doc(["First paragraph here.", "Second one, a bit longer.", "Third."],
                   url="https://x.test/a")
    vecs, svecs = vectors_for(doc, seed=1)
    aid = store.put_article(doc, title="My title", content_hash="h1", vectors=vecs,
                            sentence_vectors=svecs, actor="alice")
    article = store.article(aid)
    assert article is not None
    assert article.id == aid
    assert article.title == "My title"
    assert article.text == doc.text
    assert article.author == "Ann Writer" and article.publication == "The Paper"
    assert article.published == "1 May 2020" and article.url == "https://x.test/a"
    assert article.source == "test" and article.added_by == "alice"
    assert article.passage_count == 3
    assert article.added_at.endswith("+00:00")
    assert store.articles() == [article]
    assert store.find_by_hash("h1") == article
    assert store.find_by_hash("nope") is None
    assert store.find_by_url("https://x.test/a") == article
    assert store.find_by_url("https://x.test/b") is None

    passages = store.passages_for(article)
    assert [p.paragraph for p in passages] == [1, 2, 3]
    assert [p.text for p in passages] == ["First paragraph here.", "Second one, a bit longer.",
                                          "Third."]
    for p, draft in zip(passages, doc.passages, strict=True):
        assert (p.start, p.end) == (draft.start, draft.end)
        assert p.sentences == draft.sentences
        assert article.text[p.start:p.end] == p.text

    stored = store.load_vectors(DIM)
    assert [p.id for p in stored.passages] == [p.id for p in passages]
    np.testing.assert_array_equal(stored.vectors, vecs)
    for got, want in zip(stored.sentence_vectors, svecs, strict=True):
        np.testing.assert_array_equal(got, want)


def test_byline_span_roundtrip(store: LibraryStore) -> None:
    base = make_doc(["Body text."])
    doc = CleanDocument(**{**base.__dict__, "byline": (0, 8)})
    aid = put(store, doc, h="b")
    assert store.article(aid).byline == (0, 8)
    assert store.article(put(store, make_doc(["Other."]), h="c")).byline is None


def test_missing_article_is_none(store: LibraryStore) -> None:
    assert store.article(12345) is None
    assert store.delete_article(12345, actor="x") is False
    assert store.generation() == 0  # a no-op removal is not a change
    assert store.audit_log() == []


def test_generation_bumps_once_per_change(store: LibraryStore) -> None:
    assert store.generation() == 0
    a = put(store, make_doc(["One."]), h="1")
    assert store.generation() == 1
    b = put(store, make_doc(["Two."]), h="2")
    assert store.generation() == 2
    put(store, make_doc(["Two again, new."]), h="2b", replace_id=b)
    assert store.generation() == 3
    assert store.delete_article(a, actor="x") is True
    assert store.generation() == 4
    store.set_meta("unrelated", "x")
    assert store.generation() == 4  # metadata is not a library change
    store.log_answer(user="u", question="q", answer="a", declined=False, citations=[])
    assert store.generation() == 4


def test_delete_removes_passages_and_vectors(store: LibraryStore) -> None:
    a = put(store, make_doc(["A one.", "A two."]), h="a")
    b = put(store, make_doc(["B one.", "B two.", "B three."]), h="b", seed=2)
    assert len(store.load_vectors(DIM).passages) == 5
    article_a = store.article(a)
    assert store.delete_article(a, actor="mod")
    assert store.article(a) is None
    assert store.passages_for(article_a) == []
    stored = store.load_vectors(DIM)
    assert {p.article_id for p in stored.passages} == {b}
    assert stored.vectors.shape == (3, DIM)
    with store.transaction():
        assert list(store.records(DIM, [a])) == []


def test_replace_keeps_id_and_swaps_passages(store: LibraryStore) -> None:
    aid = put(store, make_doc(["Old one.", "Old two."], url="https://x.test/a"), h="old")
    old_ids = [p.id for p in store.passages_for(store.article(aid))]
    new_doc = make_doc(["New one.", "New two.", "New three."], url="https://x.test/a",
                       head="New head")
    assert put(store, new_doc, h="new", replace_id=aid, actor="bob") == aid
    article = store.article(aid)
    assert article.title == "New head" and article.content_hash == "new"
    assert article.passage_count == 3 and article.added_by == "bob"
    passages = store.passages_for(article)
    assert [p.text for p in passages] == ["New one.", "New two.", "New three."]
    assert not set(old_ids) & {p.id for p in passages}
    assert store.find_by_hash("old") is None
    assert len(store.articles()) == 1


def test_url_and_content_hash_are_unique(store: LibraryStore) -> None:
    put(store, make_doc(["One."], url="https://x.test/a"), h="h1")
    with pytest.raises(StoreConflict):
        put(store, make_doc(["Two."], url="https://x.test/a"), h="h2")
    with pytest.raises(StoreConflict):
        put(store, make_doc(["Three."]), h="h1")
    # the failed transactions changed nothing
    assert len(store.articles()) == 1
    assert store.generation() == 1
    assert len(store.load_vectors(DIM).passages) == 1
    # many articles without a URL are fine
    put(store, make_doc(["Four."]), h="h4")
    put(store, make_doc(["Five."]), h="h5")
    assert len(store.articles()) == 3


def test_mismatched_vectors_roll_back(store: LibraryStore) -> None:
    doc = make_doc(["One.", "Two."])
    vecs, svecs = vectors_for(doc)
    with pytest.raises(ValueError):
        store.put_article(doc, title="t", content_hash="h", vectors=vecs[:1],
                          sentence_vectors=svecs, actor=None)
    assert store.articles() == [] and store.generation() == 0 and store.audit_log() == []


def test_audit_log_records_actor_action_and_title(store: LibraryStore) -> None:
    a = put(store, make_doc(["One."], head="First"), h="1", actor="alice")
    put(store, make_doc(["Two."], head="Second"), h="2", actor=None)
    put(store, make_doc(["One, edited."], head="First v2"), h="1b", actor="carol", replace_id=a)
    store.delete_article(a, actor="dave")
    log = store.audit_log()
    assert [(e["actor"], e["action"], e["article_id"], e["detail"]) for e in log] == [
        ("dave", "remove", a, "First v2"),
        ("carol", "replace", a, "First v2"),
        (None, "add", a + 1, "Second"),
        ("alice", "add", a, "First"),
    ]
    assert all(str(e["at"]).endswith("+00:00") for e in log)
    assert len(store.audit_log(limit=2)) == 2


def test_replace_all_vectors_records_model_and_bumps(store: LibraryStore) -> None:
    aid = put(store, make_doc(["One.", "Two."]), h="1")
    passages = store.passages_for(store.article(aid))
    new = {p.id: (np.full(4, i, np.float32), np.full((1, 4), i + 10, np.float32))
           for i, p in enumerate(passages)}
    store.replace_all_vectors(new, "model-b", 4)
    assert store.get_meta("model_id") == "model-b" and store.get_meta("dim") == "4"
    assert store.generation() == 2
    stored = store.load_vectors(4)
    np.testing.assert_array_equal(stored.vectors, [[0] * 4, [1] * 4])
    np.testing.assert_array_equal(stored.sentence_vectors[1], [[11] * 4])
    assert store.audit_log()[0]["action"] == "reindex"


def test_load_vectors_with_wrong_width_raises(store: LibraryStore) -> None:
    put(store, make_doc(["One."]), h="1")
    with pytest.raises(ValueError):
        store.load_vectors(DIM * 2)


def test_log_answer_and_feedback(store: LibraryStore) -> None:
    cites = [{"n": 1, "article_id": 1, "paragraph": 2, "quote": "q’uote"}]
    a1 = store.log_answer(user="u1", question="Who?", answer="Him [1]", declined=False,
                          citations=cites)
    a2 = store.log_answer(user=None, question="What?", answer="", declined=True, citations=[])
    assert a2 == a1 + 1
    assert store.add_feedback(a1, user="v1", helpful=True) is True
    assert store.add_feedback(a1, user="v2", helpful=False) is True
    rows = {(r.id, r.user): r for r in store.feedback()}
    assert set(rows) == {(a1, "v1"), (a1, "v2")}
    assert rows[(a1, "v1")].helpful is True and rows[(a1, "v2")].helpful is False
    assert rows[(a1, "v1")].question == "Who?" and rows[(a1, "v1")].answer == "Him [1]"
    assert rows[(a1, "v1")].citations == cites

    # a changed vote replaces the old one
    assert store.add_feedback(a1, user="v1", helpful=False) is True
    votes = [(r.user, r.helpful) for r in store.feedback() if r.id == a1]
    assert sorted(votes) == [("v1", False), ("v2", False)]

    # a kept answer is read back (a follow-up on it after the memory is gone)
    assert store.logged_answer(a1) == ("Who?", cites)
    assert store.logged_answer(a2) == ("What?", [])
    assert store.logged_answer(a2 + 100) is None
    assert store.logged_answer(2**63) is None  # beyond a 64-bit id: not looked up

    # unknown answer: False, nothing stored
    assert store.add_feedback(a2 + 100, user="v1", helpful=True) is False
    assert len(store.feedback()) == 2
    assert len(store.feedback(limit=1)) == 1


def test_persistence_across_reopen(open_store: Opener) -> None:
    first = open_store()
    aid = put(first, make_doc(["Kept one.", "Kept two."], url="https://x.test/k"), h="k")
    first.set_meta("model_id", "m")
    answer = first.log_answer(user="u", question="q", answer="a", declined=False, citations=[])
    first.add_feedback(answer, user="v", helpful=True)
    first.close()

    second = open_store()
    article = second.article(aid)
    assert article is not None and article.passage_count == 2
    assert [p.text for p in second.passages_for(article)] == ["Kept one.", "Kept two."]
    assert second.get_meta("model_id") == "m"
    assert second.generation() == 1
    assert [r.helpful for r in second.feedback()] == [True]
    assert second.audit_log()[0]["action"] == "add"


def test_close_then_use_reconnects(store: LibraryStore) -> None:
    put(store, make_doc(["One."]), h="1")
    store.close()
    store.close()  # twice is fine
    assert len(store.articles()) == 1


def test_two_threads_adding(store: LibraryStore) -> None:
    errors: list[BaseException] = []
    per_thread = 15

    def worker(tag: str) -> None:
        try:
            for i in range(per_thread):
                put(store, make_doc([f"{tag} paragraph {i}.", f"{tag} more {i}."]),
                    h=f"{tag}-{i}", actor=tag)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(t,)) for t in ("left", "right")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    articles = store.articles()
    assert len(articles) == 2 * per_thread
    assert all(a.passage_count == 2 for a in articles)
    assert store.generation() == 2 * per_thread
    assert len(store.load_vectors(DIM).passages) == 4 * per_thread
    assert len({a.id for a in articles}) == 2 * per_thread
    actors = [e["actor"] for e in store.audit_log(limit=100)]
    assert actors.count("left") == actors.count("right") == per_thread


# --- change log ----------------------------------------------------------------------------

def test_change_log_names_the_articles_changed_since_a_generation(store: LibraryStore) -> None:
    a = put(store, make_doc(["A."], url="https://x.test/a"), h="a")
    g1 = store.generation()
    b = put(store, make_doc(["B."]), h="b")
    put(store, make_doc(["A again."], url="https://x.test/a"), h="a2", replace_id=a)
    store.set_meta("unrelated", "x")
    store.log_answer(user="u", question="q", answer="a", declined=False, citations=[])
    changes = store.changes_since(g1)
    assert changes is not None
    assert (changes.since, changes.generation, changes.article_ids) == (g1, g1 + 2, {a, b})
    assert store.changes_since(store.generation()).article_ids == frozenset()
    store.delete_article(b, actor=None)
    assert store.changes_since(g1 + 2).article_ids == {b}
    assert store.changes_since(0).article_ids == {a, b}
    assert store.changes_since(store.generation() + 5) is None  # ahead of the store: reload


def test_reindex_in_the_log_means_reload(store: LibraryStore) -> None:
    aid = put(store, make_doc(["One."]), h="1")
    g = store.generation()
    passage = store.passages_for(store.article(aid))[0]
    store.replace_all_vectors({passage.id: (np.ones(DIM, np.float32), np.ones((1, DIM)))},
                              "m", DIM)
    assert store.changes_since(g) is None
    assert store.changes_since(store.generation()) is not None


# --- transactions ----------------------------------------------------------------------------

def test_a_write_transaction_is_all_or_nothing(store: LibraryStore) -> None:
    put(store, make_doc(["Kept."]), h="kept")
    before = (store.generation(), store.articles(), store.audit_log())
    with pytest.raises(RuntimeError, match="boom"), store.transaction(write=True):
        put(store, make_doc(["Lost one."]), h="lost1")
        put(store, make_doc(["Lost two."]), h="lost2")
        store.set_meta("also", "lost")
        assert len(store.articles()) == 3  # the transaction sees its own writes
        raise RuntimeError("boom")
    assert (store.generation(), store.articles(), store.audit_log()) == before
    assert store.get_meta("also") is None


def test_a_read_transaction_sees_one_state(store: LibraryStore) -> None:
    put(store, make_doc(["One."]), h="1")
    seen: list[int] = []
    other = threading.Thread(target=lambda: put(store, make_doc(["Two."]), h="2"))
    with store.transaction():
        seen.append(store.generation())
        other.start()
        other.join()  # another thread commits meanwhile
        seen.append(store.generation())
        seen.append(len(list(store.records(DIM))))
        with pytest.raises(RuntimeError), store.transaction(write=True):
            pass  # no write may join a read transaction
    assert seen == [1, 1, 1]
    assert store.generation() == 2


def test_records_read_selected_articles_with_vectors(store: LibraryStore) -> None:
    doc = make_doc(["One.", "Two."])
    vecs, svecs = vectors_for(doc, seed=4)
    a = store.put_article(doc, title="t", content_hash="a", vectors=vecs,
                          sentence_vectors=svecs, actor=None, analyses={"k": (2, b"zz")})
    b = put(store, make_doc(["Other."]), h="b")
    with store.transaction():
        records = list(store.records(DIM, [b, a, 999]))
    assert [r.article.id for r in records] == [a, b]
    np.testing.assert_array_equal(records[0].vectors, vecs)
    np.testing.assert_array_equal(records[0].sentence_vectors[1], svecs[1])
    assert [p.text for p in records[0].passages] == ["One.", "Two."]
    assert store.analyses_of(a) == {"k": (2, b"zz")} and store.analyses_of(b) == {}


def test_quiz_rows_through_the_store(store: LibraryStore) -> None:
    from bot.storage import QuizAnswerRow

    assert store.quiz_begin(7, "s1", 0.0) == 1 and store.quiz_begin(7, "s1", 0.0) == 1
    row = QuizAnswerRow(user_id=7, question_id="q", question_json='{"id": "q"}', article_id=1,
                        paragraph=2, kind="cloze", status="wrong", correct=False, at=1.0,
                        session_id="s1", given="x")
    store.quiz_record(row, max_box=3)
    assert store.quiz_box(7, "q") == (1, 2)
    assert store.quiz_due(7, 5) == ['{"id": "q"}']
    assert store.quiz_totals(7).answered == 1 and store.quiz_totals(8).answered == 0
    assert [t.user_id for t in store.quiz_leaderboard(5)] == [7]
    assert store.generation() == 0  # progress is not a content change
