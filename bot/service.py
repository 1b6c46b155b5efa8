"""The one API both adapters (terminal and Discord) call.

Everything a person can do with Footnote is a method here: add, list, show,
replace and remove articles; ask; vote on an answer; rebuild an index. Errors
meant for the person are :class:`bot.errors.FootnoteError`; adapters turn them
into their own replies. Methods block (embedding, disk): the Discord adapter
runs them in a worker thread.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import stat
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.analysis import Analyser
from bot.answering.ranking import ranking_analyser
from bot.answering.sentences import SENTENCE_ANALYSER
from bot.bulk import BulkItem, BulkOutcome, BulkReport, add_many
from bot.conversation import Quoted, Turn, as_turn
from bot.embed import Encoder, make_encoder
from bot.errors import InputError, LibraryError, NotFoundError, QuestionError
from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_bytes, extract_text, repair_surrogates, too_large
from bot.ingest.fetch import fetch_url
from bot.inventory import LibrarySummary, library_summaries
from bot.library import AddResult, Library, Progress, check_library_name, quiet
from bot.library_cache import LibraryCache
from bot.models import Answer, Article, CleanDocument, ExtractedText, Passage
from bot.quiz.analyse import QUIZ_ANALYSER
from bot.seeding import SEED_SUFFIXES as SEED_SUFFIXES
from bot.seeding import SeedTemplate
from bot.settings import SAME_MODEL, Settings
from bot.storage import FeedbackRow, Storage, open_storage
from bot.storage_errors import check_data_dir, translate_storage_errors
from bot.text_input import strip_invisible
from bot.transfer import export_library, import_library
from bot.vectors import use_threads

if TYPE_CHECKING:
    from bot.answer import Answerer

log = logging.getLogger(__name__)


def default_analysers() -> tuple[Analyser, ...]:
    """What is worked out once per article when it is added, and stored with it."""
    return (SENTENCE_ANALYSER, QUIZ_ANALYSER)


@dataclass(frozen=True)
class ArticleView:
    """An article with its passages, for `show`."""

    article: Article
    passages: list[Passage]


def content_hash(doc: CleanDocument) -> str:
    """A hash of the article's body text that ignores case and spacing."""
    body = " ".join(doc.text[p.start : p.end] for p in doc.passages)
    folded = " ".join(body.casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def clean_question(question: str, limit: int) -> str:
    """The question with invisible characters removed, or a :class:`QuestionError`."""
    text = repair_surrogates(question)  # bytes that were not UTF-8: the tokenizer refuses them
    text = strip_invisible(text).strip()
    if not text:
        raise QuestionError("Ask a question: the text is empty.")
    if len(text) > limit:
        raise QuestionError(
            f"Questions can be at most {limit:,} characters long; yours has {len(text):,}."
        )
    if not any(ch.isalnum() for ch in text):
        raise QuestionError("That doesn't look like a question: it has no words in it.")
    return text


class Footnote:
    """The engine's front door: one per process, shared by every library."""

    def __init__(
        self, settings: Settings, encoder: Encoder | None = None, *,
        progress: Progress = quiet, analysers: tuple[Analyser, ...] | None = None,
        ranking_encoder: Encoder | None = None,
    ) -> None:
        self.settings = settings
        self.progress = progress
        """Where first-use work (seeding a library) reports what it is doing."""
        self.encoder = encoder or make_encoder(
            settings.model, settings.cache_dir, settings.encoder_threads, settings.embed_backend
        )
        if ranking_encoder is None and encoder is None and settings.ranking_model != SAME_MODEL:
            ranking_encoder = make_encoder(settings.ranking_model, settings.cache_dir,
                                           settings.encoder_threads, settings.embed_backend)
        self.ranking_encoder = ranking_encoder
        """The rankers' second encoder (:mod:`bot.answering.ranking`; None: rank with
        :attr:`encoder`'s vectors). An app given its ``encoder`` has none unless given one."""
        self.ranking = None if ranking_encoder is None else ranking_analyser(ranking_encoder)
        """The analyser keeping each article's ranking vectors."""
        self.analysers = default_analysers() if analysers is None else analysers
        """Run on every added article; their results are stored beside it."""
        if analysers is None and self.ranking is not None:
            self.analysers = (*self.analysers, self.ranking)
        use_threads(settings.faiss_threads)
        self.storage: Storage = open_storage(settings)
        self.libraries = LibraryCache(
            self._open_library, max_open=settings.max_open_libraries,
            idle_seconds=settings.library_idle_seconds,
        )
        # another process changed a library this one holds: catch it up now (PostgreSQL)
        self._watch = self.storage.watch(self.libraries.names, self._catch_up)
        self.seeds = SeedTemplate(
            settings.seeds_dir, settings.data_dir / "seed-cache", self.encoder, self.analysers,
            self._add_path,
        )
        self._seed_lock = threading.Lock()
        self._seeded: weakref.WeakSet[Library] = weakref.WeakSet()
        """Open libraries known to be seeded (the mark is never removed): asked once each."""

    # libraries ------------------------------------------------------------------
    @cached_property
    def answerer(self) -> Answerer:
        """The answerer (imported on first use: ``list`` and ``show`` never load the answer
        path, about a third of their start-up)."""
        from bot.answer import Answerer
        from bot.answering.background import Background

        ranking = None if self.ranking is None else (self.ranking_encoder, self.ranking)
        return Answerer(Background(self.encoder, self.settings.cache_dir), ranking=ranking)

    def library_path(self, name: str) -> Path:
        """The folder of a library's files (a data folder that is a file is a StorageError)."""
        check_data_dir(self.settings.data_dir)
        return self.storage.index_dir(check_library_name(name))

    @translate_storage_errors
    def library(self, name: str, *, seed: bool | None = None) -> Library:
        """Open (and on first use create) a library. New ones are seeded when asked.

        ``seed`` defaults to True for the ``default`` library only.
        """
        lib = self.libraries.get(check_library_name(name))
        if (name == "default" if seed is None else seed):
            self._seed(lib)
        return lib

    def _open_library(self, name: str, *, check_model: bool = True) -> Library:
        return Library(
            name, self.library_path(name), self.encoder, analysers=self.analysers,
            store=self.storage.open(name), check_model=check_model,
            exact_limit=self.settings.exact_search_limit,
        )

    def _seed(self, lib: Library) -> None:
        """Copy the seed articles (embedded once, see :mod:`bot.seeding`) into a new library."""
        if lib in self._seeded:
            return
        if lib.store.get_meta("seeded") is None:
            with self._seed_lock:
                if lib.store.get_meta("seeded") is None:
                    count = self.seeds.copy_into(lib, self.progress)
                    lib.store.set_meta("seeded", str(count))
        self._seeded.add(lib)

    def _add_path(self, lib: Library, path: Path) -> None:
        extracted = extract_bytes(
            path.read_bytes(), filename=path.name, max_bytes=self.settings.max_article_bytes
        )
        self._add(lib, extracted, title=None, url=None, actor="seed", progress=quiet)

    @translate_storage_errors
    def reindex(self, name: str, progress: Progress = quiet) -> int:
        """Re-embed a library with the current model and rebuild its index files."""
        self.libraries.evict(check_library_name(name))
        if not self.storage.exists(name):
            raise LibraryError(f"There is no library called {name!r} to reindex.")
        lib = self._open_library(name, check_model=False)
        count = lib.reindex(progress)
        self.libraries.put(name, lib)
        return count

    def _catch_up(self, name: str) -> None:
        lib = self.libraries.peek(name)
        if lib is not None:
            lib.catch_up()

    def close(self) -> None:
        """Close every open library (connections, file handles, indexes)."""
        if self._watch is not None:
            self._watch.stop()
        self.libraries.close_all()
        self.storage.close()

    # articles -------------------------------------------------------------------
    @translate_storage_errors
    def add_file(
        self, library: str, path: Path, *, title: str | None = None, url: str | None = None,
        actor: str | None = None, progress: Progress = quiet, replace_id: int | None = None,
    ) -> AddResult:
        """Add an article from a file on this machine (.txt, .md, .html, .pdf)."""
        try:
            info = path.lstat()
        except OSError as exc:
            raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        if stat.S_ISLNK(info.st_mode):
            raise InputError(f"{path} is a symbolic link; give the article file itself.")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path} is not a regular file.")
        limit = self.settings.max_article_bytes
        if info.st_size > limit:
            raise too_large(path.name, limit, info.st_size)
        try:
            with path.open("rb") as fh:
                data = fh.read(limit + 1)  # never more, even if the file grew since lstat
        except OSError as exc:
            raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        return self.add_bytes(
            library, data, filename=path.name, title=title, url=url, actor=actor,
            progress=progress, replace_id=replace_id,
        )

    @translate_storage_errors
    def add_bytes(
        self, library: str, data: bytes, *, filename: str, content_type: str | None = None,
        title: str | None = None, url: str | None = None, actor: str | None = None,
        progress: Progress = quiet, replace_id: int | None = None,
    ) -> AddResult:
        """Add an article from uploaded bytes (a Discord attachment, a file's content)."""
        extracted = extract_bytes(
            data, filename=repair_surrogates(filename) if filename else filename,
            content_type=content_type,
            max_bytes=self.settings.max_article_bytes,
        )
        return self._add(
            library, extracted, title=title, url=url, actor=actor, progress=progress,
            replace_id=replace_id,
        )

    @translate_storage_errors
    def add_text(
        self, library: str, text: str, *, title: str | None = None, url: str | None = None,
        actor: str | None = None, progress: Progress = quiet, replace_id: int | None = None,
    ) -> AddResult:
        """Add pasted text as an article."""
        if len(text.encode("utf-8", "surrogatepass")) > self.settings.max_article_bytes:
            raise too_large("The pasted text", self.settings.max_article_bytes)
        extracted = extract_text(text)
        return self._add(
            library, extracted, title=title, url=url, actor=actor, progress=progress,
            replace_id=replace_id,
        )

    @translate_storage_errors
    def add_url(
        self, library: str, url: str, *, title: str | None = None, actor: str | None = None,
        progress: Progress = quiet, replace_id: int | None = None,
    ) -> AddResult:
        """Fetch a web page or PDF and add it; the same URL again replaces the article."""
        progress(f"Fetching {url}")
        page = fetch_url(
            url.strip(), allow_private=self.settings.allow_private_urls,
            timeout=self.settings.fetch_timeout, max_bytes=self.settings.max_article_bytes,
        )
        extracted = extract_bytes(
            page.body, filename=page.filename, content_type=page.content_type, url=page.url,
            max_bytes=self.settings.max_article_bytes,
        )
        return self._add(
            library, extracted, title=title, url=url.strip(), actor=actor, progress=progress,
            replace_id=replace_id,
        )

    def _add(
        self, library: str | Library, extracted: ExtractedText, *, title: str | None,
        url: str | None, actor: str | None, progress: Progress, replace_id: int | None = None,
    ) -> AddResult:
        # seeding passes the Library itself: opening it by name would seed it again
        lib = library if isinstance(library, Library) else self.library(library)
        if replace_id is not None:
            lib.article(replace_id)  # fail on an unknown id before any work
        # a title or URL typed in a terminal that is not UTF-8: SQLite would refuse it
        title = repair_surrogates(title) if title is not None else None
        url = repair_surrogates(url) if url is not None else None
        progress("Cleaning the text")
        doc = clean_article(
            extracted, title=title, url=url, max_paragraphs=self.settings.max_paragraphs
        )
        final_title = title or doc.title or "Untitled article"
        result = lib.add(
            doc, title=final_title, content_hash=content_hash(doc), actor=actor,
            progress=progress, replace_id=replace_id,
        )
        log.info(
            "library %s: %s article %d %r by %s", lib.name, result.status, result.article.id,
            result.article.title, actor,
        )
        return result

    @translate_storage_errors
    def list_articles(self, library: str) -> list[Article]:
        """All articles in a library, oldest first."""
        return self.library(library).articles()

    @translate_storage_errors
    def show_article(self, library: str, article_id: int) -> ArticleView:
        """One article and its passages."""
        lib = self.library(library)
        return ArticleView(lib.article(article_id), lib.passages_of(article_id))

    @translate_storage_errors
    def remove_article(self, library: str, article_id: int, *, actor: str | None = None) -> Article:
        """Remove an article; returns what was removed."""
        article = self.library(library).remove(article_id, actor=actor)
        log.info("library %s: removed article %d %r by %s", library, article_id, article.title,
                 actor)
        return article

    # answers --------------------------------------------------------------------
    @translate_storage_errors
    def ask(
        self, library: str, question: str, *, article_id: int | None = None,
        previous: Turn | str | None = None,
    ) -> Answer:
        """Answer a question from the library's articles: a cited answer, a hedged one
        (the closest passage, said plainly) or, when no article is about it, a refusal.

        ``previous`` is the turn this one follows up on (a :class:`Turn`: the earlier
        question and what its answer quoted; a plain string is the earlier question).
        "Who said that?" reads the quoted sentence's speaker; "and what about 5G?" is
        searched with the earlier question's words. An initialism the library only spells
        out is read as the name ("the nih grant": the National Institutes of Health), and a
        name spelled out is read with the initials an article calls it by as well, and a
        chat's frame is taken off ("hey, can you tell me who won pls": "who won"); the
        answer keeps the question as asked.
        """
        from bot.answering.frames import unframed
        from bot.answering.initialisms import add_initials, spell_out_initialisms
        from bot.answering.question_vectors import QuestionVectors
        from bot.answering.respond import respond

        text = clean_question(question, self.settings.max_question_chars)
        asked = unframed(text)  # "i heard that X, is that right?": X
        turn = as_turn(previous)
        if turn is not None:  # a follow-up reads the question before it without its frame
            turn = dataclasses.replace(turn, question=unframed(turn.question))
        vectors = QuestionVectors.of(self.encoder, asked, turn, ranking=self.ranking_encoder)
        lib = self.library(library)
        snapshot = lib.snapshot()
        if article_id is not None and article_id not in snapshot.articles:
            lib.article(article_id)  # NotFoundError for an unknown id
            snapshot = lib.snapshot()  # it was added just now
        spelled = spell_out_initialisms(asked, snapshot)  # "nih": National Institutes of Health
        spelled = add_initials(spelled, snapshot)  # "the food and drug administration (FDA)"
        if spelled != asked:
            vectors.cancel()
            vectors = QuestionVectors.of(self.encoder, spelled, turn,
                                         ranking=self.ranking_encoder)
        answer = respond(
            snapshot, vectors, self.answerer, spelled, article_id=article_id, previous=turn,
        )
        return answer if spelled == text else dataclasses.replace(answer, question=text)

    @translate_storage_errors
    def record_answer(self, library: str, answer: Answer, *, user: str | None) -> int:
        """Keep an answer so people can vote on it; returns the id their votes refer to."""
        citations: list[dict[str, object]] = [
            {"n": c.n, "article_id": c.article_id, "paragraph": c.paragraph, "quote": c.quote,
             "start": c.start, "end": c.end}
            for c in answer.citations
        ]
        return self.library(library).store.log_answer(
            user=user, question=answer.question, answer=answer.text, declined=answer.declined,
            citations=citations,
        )

    @translate_storage_errors
    def recorded_turn(self, library: str, answer_id: int) -> Turn | None:
        """The turn a kept answer made (its question and where its quotes stand), for a
        follow-up on it after the conversation memory is gone; None if the answer is not on
        record. An answer kept before quotes' places were (stop 46) has each quote found in
        its article's text, when the article is still there."""
        lib = self.library(library)
        logged = lib.store.logged_answer(answer_id)
        if logged is None:
            return None
        question, citations = logged
        quoted = []
        articles = None  # read only for answers kept without their quotes' places
        for c in citations:
            article_id = int(str(c["article_id"]))
            if c.get("start") is not None and c.get("end") is not None:
                quoted.append(Quoted(article_id, int(str(c["start"])), int(str(c["end"]))))
                continue
            articles = articles if articles is not None else lib.snapshot().articles
            article = articles.get(article_id)
            quote = str(c.get("quote") or "")
            start = article.text.find(quote) if article is not None and quote else -1
            if start >= 0:
                quoted.append(Quoted(article_id, start, start + len(quote)))
        return Turn(question, tuple(quoted))

    @translate_storage_errors
    def feedback(self, library: str, answer_id: int, *, user: str, helpful: bool) -> None:
        """Record one person's helpful / not helpful vote on an answer."""
        if not self.library(library).store.add_feedback(answer_id, user=user, helpful=helpful):
            raise NotFoundError("That answer is no longer on record, so the vote was not kept.")

    # the library as a whole ----------------------------------------------------------
    @translate_storage_errors
    def add_many(
        self, library: str, items: Sequence[BulkItem], *, actor: str | None = None,
        on_item: Callable[[int, BulkOutcome | None], None] | None = None,
    ) -> BulkReport:
        """Add several files, URLs or uploads; one bad item never stops the rest (a full or
        read-only disk does). ``on_item(i, None)`` before item ``i``, ``on_item(i, outcome)``
        after it: for a progress bar."""
        return add_many(self, library, items, actor=actor, on_item=on_item)

    @translate_storage_errors
    def recent_feedback(self, library: str, limit: int = 20) -> list[FeedbackRow]:
        """The most recent helpful / not helpful votes, newest first."""
        return self.library(library).store.feedback(limit)

    @translate_storage_errors
    def audit_log(self, library: str, limit: int | None = 50) -> list[dict[str, object]]:
        """Who changed the library and how, newest first (``None``: the whole log)."""
        return self.library(library).store.audit_log(limit)

    @translate_storage_errors
    def library_summaries(self) -> list[LibrarySummary]:
        """Every library in the data folder with its size (for `info`); creates nothing."""
        return library_summaries(self)

    @translate_storage_errors
    def export_library(self, library: str, out: TextIO, *, vectors: bool = False) -> int:
        """Write a library as JSON lines (see :mod:`bot.transfer`); returns its article count."""
        return export_library(self, library, out, vectors=vectors)

    @translate_storage_errors
    def import_library(
        self, library: str, lines: Iterable[str], *, name: str, actor: str | None = None
    ) -> BulkReport:
        """Import an export into ``library``: checked whole before anything is stored."""
        return import_library(self, library, lines, name=name, actor=actor)
