"""Export a library to JSON lines and import it again, elsewhere or under another name.

The file (``footnote export --library L > L.jsonl``):

1. a header: ``{"type": "header", "format": "footnote-library", "version": 1,
   "library": .., "model_id": .., "dim": .., "vectors": bool, "articles": n,
   "exported_at": .., "footnote": .., "ranking_model_id": ..}`` (the last for people
   reading the file: an import matches each article's ``ranking_vectors`` version);
2. one ``{"type": "article", ..}`` line per article: its metadata, its exact text, its
   passages (paragraph number, character offsets, sentence offsets) and, with
   ``--vectors``, the passage and sentence vectors (base64 of little-endian float32)
   and the rankers' sentence vectors as stored (``"ranking_vectors": {"version": ..,
   "data": base64}``, :mod:`bot.answering.ranking`);
3. one ``{"type": "audit", ..}`` line per entry of the library's change log, oldest first.

An import checks the whole file before storing anything, keeps every article's text,
metadata, passages and first-added time and person exactly, takes the vectors when
they come from the model in use (otherwise it embeds the passages again), takes the
rankers' vectors when they come from the ranking model in use and fit the article's
sentences (otherwise they are encoded again), and adds the history. Vectors of either kind
are taken only as finite unit vectors, as the encoders make them. A file written by a
newer Footnote (a higher ``version``) is refused.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

import numpy as np

import bot
from bot.answering.ranking import RANKING_KIND, unpack_vectors
from bot.bulk import BulkItem, BulkOutcome, BulkReport
from bot.errors import InputError
from bot.models import Article, CleanDocument, Passage, PassageDraft

if TYPE_CHECKING:
    from bot.library import Library
    from bot.service import Footnote

FORMAT = "footnote-library"
FORMAT_VERSION = 1
_METADATA = ("title", "author", "author_role", "publication", "published", "url", "source",
             "added_at", "added_by")


UNIT_TOLERANCE = 1e-2
"""How far from length 1 an imported vector may be: the encoders make unit vectors, kept
in half precision by the snapshot's sentence rows and the ranking analysis (about 1e-3
off)."""


def unit_rows(matrix: np.ndarray) -> bool:
    """Whether every row of ``matrix`` is a finite unit vector, as the encoders make them:
    vectors an import may store instead of encoding the texts again (a NaN, or a vector
    much longer than one, which can outscore every other passage, would be stored
    otherwise)."""
    rows = np.asarray(matrix, np.float32)
    if not np.isfinite(rows).all():
        return False
    return bool(np.all(np.abs(np.linalg.norm(rows, axis=-1) - 1) <= UNIT_TOLERANCE))


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(np.asarray(array, "<f4").tobytes()).decode("ascii")


def _unb64(text: object, dim: int, where: str) -> np.ndarray:
    try:
        raw = base64.b64decode(str(text), validate=True)
        return np.frombuffer(raw, "<f4").astype(np.float32).reshape(-1, dim)
    except ValueError as exc:
        raise InputError(f"{where}: its vectors are not valid base64 float32 data.") from exc


def _article_record(article: Article, passages: list[Passage], vectors: list[Any] | None
                    ) -> dict[str, object]:
    record: dict[str, object] = {"type": "article", "id": article.id}
    record.update({name: getattr(article, name) for name in _METADATA})
    record["byline"] = list(article.byline) if article.byline else None
    record["content_hash"] = article.content_hash
    record["text"] = article.text
    record["passages"] = [
        {"paragraph": p.paragraph, "start": p.start, "end": p.end,
         "sentences": [list(s) for s in p.sentences]}
        for p in passages
    ]
    if vectors is not None:
        for entry, (vector, sentences) in zip(record["passages"], vectors, strict=True):  # type: ignore[call-overload]
            entry["vector"] = _b64(vector)
            entry["sentence_vectors"] = _b64(sentences)
    return record


def export_lines(app: Footnote, library: str, *, vectors: bool = False) -> Iterator[str]:
    """The export of one library, line by line (each a JSON object, no newline)."""
    lib = app.library(library)
    snapshot = lib.snapshot()
    articles = lib.articles()
    header = {
        "type": "header", "format": FORMAT, "version": FORMAT_VERSION, "library": library,
        "model_id": lib.encoder.model_id, "dim": lib.encoder.dim, "vectors": vectors,
        "articles": len(articles), "footnote": bot.__version__,
        "ranking_model_id": None if app.ranking_encoder is None else app.ranking_encoder.model_id,
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }
    yield json.dumps(header, ensure_ascii=False)
    for article in articles:
        rows = snapshot.article_rows(article.id)
        passages = [snapshot.passages[int(r)] for r in rows]
        kept = None
        if vectors:
            matrix = snapshot.passage_vectors(rows)
            kept = [(matrix[i], snapshot.sentence_matrix(int(r))) for i, r in enumerate(rows)]
        record = _article_record(article, passages, kept)
        ranked = lib.store.analysis(article.id, RANKING_KIND) if vectors else None
        if ranked is not None:
            record["ranking_vectors"] = {
                "version": ranked[0], "data": base64.b64encode(ranked[1]).decode("ascii")}
        yield json.dumps(record, ensure_ascii=False)
    for entry in reversed(app.audit_log(library, limit=None)):
        yield json.dumps({"type": "audit", **entry}, ensure_ascii=False)


def export_library(app: Footnote, library: str, out: TextIO, *, vectors: bool = False) -> int:
    """Write the export of a library to ``out``; returns how many articles it holds."""
    count = -1
    for count, line in enumerate(export_lines(app, library, vectors=vectors)):  # noqa: B007
        out.write(line + "\n")
    out.flush()
    return max(count, 0)


@dataclass(frozen=True)
class ImportedArticle:
    """One article read back from an export, checked."""

    old_id: int
    doc: CleanDocument
    title: str
    added: tuple[str, str | None]
    vectors: tuple[np.ndarray, list[np.ndarray]] | None
    ranking: tuple[int, bytes] | None = None
    """The rankers' vectors as the exporting library stored them (version, bytes)."""


def _field(record: dict[str, Any], name: str, kind: type | tuple[type, ...], where: str,
           *, optional: bool = True) -> Any:
    value = record.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InputError(f"{where}: “{name}” is missing or of the wrong type.")
    return value


def _span(value: object, length: int, where: str) -> tuple[int, int]:
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            or not 0 <= value[0] < value[1] <= length):
        raise InputError(f"{where}: an offset pair is not inside the article's text.")
    return int(value[0]), int(value[1])


def _read_article(record: dict[str, Any], where: str, dim: int | None,
                  max_bytes: int, max_paragraphs: int) -> ImportedArticle:
    text = _field(record, "text", str, where, optional=False)
    if not text.strip():
        raise InputError(f"{where}: the article's text is empty.")
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise InputError(f"{where}: the article is over the {max_bytes / 1e6:g} MB limit.")
    meta = {name: _field(record, name, str, where) for name in _METADATA}
    if not meta["title"]:
        raise InputError(f"{where}: the article has no title.")
    raw_passages = _field(record, "passages", list, where, optional=False)
    if not raw_passages:
        raise InputError(f"{where}: the article has no passages.")
    if len(raw_passages) > max_paragraphs:  # the limit an add of the same text would meet
        raise InputError(f"{where}: the article has {len(raw_passages):,} paragraphs; "
                         f"the limit is {max_paragraphs:,}.")
    drafts, passage_vectors, sentence_vectors = [], [], []
    for entry in raw_passages:
        if not isinstance(entry, dict):
            raise InputError(f"{where}: a passage is not an object.")
        start, end = _span([entry.get("start"), entry.get("end")], len(text), where)
        sentences = tuple(_span(s, len(text), where)
                          for s in _field(entry, "sentences", list, where, optional=False))
        if not sentences or any(a < start or b > end for a, b in sentences):
            raise InputError(f"{where}: a passage's sentences are not inside it.")
        drafts.append(PassageDraft(_field(entry, "paragraph", int, where, optional=False),
                                   start, end, sentences))
        if dim is not None and "vector" in entry and "sentence_vectors" in entry:
            passage_vectors.append(_unb64(entry["vector"], dim, where))
            sentence_vectors.append(_unb64(entry["sentence_vectors"], dim, where))
    vectors = None
    if dim is not None and len(passage_vectors) == len(drafts) and all(
        v.shape[0] == 1 and s.shape[0] == len(d.sentences) and unit_rows(v) and unit_rows(s)
        for v, s, d in zip(passage_vectors, sentence_vectors, drafts, strict=True)
    ):
        vectors = (np.vstack(passage_vectors), sentence_vectors)
    byline = record.get("byline")
    doc = CleanDocument(
        text=text, title=meta["title"], author=meta["author"], author_role=meta["author_role"],
        publication=meta["publication"], published=meta["published"], url=meta["url"],
        byline=None if byline is None else _span(byline, len(text), where),
        passages=tuple(drafts), source=meta["source"] or "import",
    )
    return ImportedArticle(_field(record, "id", int, where) or 0, doc, meta["title"],
                           (meta["added_at"] or "", meta["added_by"]), vectors,
                           _read_ranking(record, where))


def _read_ranking(record: dict[str, Any], where: str) -> tuple[int, bytes] | None:
    """An article's ``ranking_vectors`` field (version, stored bytes), if it has one."""
    field = record.get("ranking_vectors")
    if field is None:
        return None
    version, data = (field.get("version"), field.get("data")) if isinstance(field, dict) else (
        None, None)
    if not isinstance(version, int) or isinstance(version, bool) or not isinstance(data, str):
        raise InputError(f"{where}: “ranking_vectors” needs a version and data.")
    try:
        return version, base64.b64decode(data, validate=True)
    except ValueError as exc:
        raise InputError(f"{where}: its ranking vectors are not valid base64 data.") from exc


def ranking_rows(lib: Library, item: ImportedArticle, dim: int | None
                 ) -> dict[str, tuple[int, bytes]]:
    """The imported article's ranking vectors as ``lib`` stores them (an analyses entry),
    when they come from the ranking model ``lib`` reads with and fit the article: one
    unit row (:func:`unit_rows`) per sentence of each passage, ``dim`` (that model's width)
    wide; otherwise none (they are encoded again when the article is added, with the
    other analyses)."""
    analyser = next((a for a in lib.analysers if a.kind == RANKING_KIND), None)
    if analyser is None or dim is None or item.ranking is None or (
            item.ranking[0] != analyser.version):
        return {}
    try:
        per_passage = unpack_vectors(item.ranking[1])
    except ValueError:
        return {}
    dims = {m.shape[1] for m in per_passage if m.ndim == 2 and m.size}
    fits = len(per_passage) == len(item.doc.passages) and dims == {dim} and all(
        m.shape[0] == len(p.sentences) and unit_rows(m)
        for m, p in zip(per_passage, item.doc.passages, strict=True))
    return {RANKING_KIND: item.ranking} if fits else {}


def _read_header(line: str, name: str) -> dict[str, Any]:
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InputError(f"{name} is not a Footnote library export (its first line is not a "
                         f"{FORMAT} header).")
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(f"{name} has a header without a valid format version.")
    if version > FORMAT_VERSION:
        raise InputError(
            f"{name} was written by a newer Footnote (library format {version}); this one reads "
            f"format {FORMAT_VERSION}. Upgrade Footnote to import it."
        )
    return header


def read_export(lines: Iterable[str], name: str, *, model_id: str, dim: int, max_bytes: int,
                max_paragraphs: int) -> tuple[list[ImportedArticle], list[dict[str, Any]]]:
    """Check a whole export; its articles (with vectors only when they come from
    ``model_id``) and its audit entries. Any problem is an :class:`InputError` naming the
    line, raised before anything is stored."""
    iterator = iter(lines)
    first = next((line for line in iterator if line.strip()), None)
    if first is None:
        raise InputError(f"{name} is empty.")
    header = _read_header(first, name)
    same_model = header.get("model_id") == model_id and header.get("dim") == dim
    articles, audit = [], []
    for number, line in enumerate(iterator, start=2):
        if not line.strip():
            continue
        where = f"{name}, line {number}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{where} is not valid JSON ({exc.msg}).") from exc
        kind = record.get("type") if isinstance(record, dict) else None
        if kind == "article":
            articles.append(_read_article(record, where, dim if same_model else None,
                                          max_bytes, max_paragraphs))
        elif kind == "audit":
            audit.append({key: record.get(key) for key in
                          ("at", "actor", "action", "article_id", "detail")})
            if not isinstance(audit[-1]["at"], str) or not isinstance(audit[-1]["action"], str):
                raise InputError(f"{where}: an audit entry needs “at” and “action”.")
        else:
            raise InputError(f"{where} is neither an article nor an audit entry.")
    return articles, audit


def import_library(app: Footnote, library: str, lines: Iterable[str], *, name: str,
                   actor: str | None) -> BulkReport:
    """Import an export into ``library`` (created if new); see the module docstring.

    Returns one outcome per article: added, replaced (same URL), duplicate or failed.
    """
    from bot.service import content_hash

    lib: Library = app.library(library)
    articles, audit = read_export(
        lines, name, model_id=lib.encoder.model_id, dim=lib.encoder.dim,
        max_bytes=app.settings.max_article_bytes, max_paragraphs=app.settings.max_paragraphs,
    )
    report = BulkReport(noun="article")
    ranking_dim = None if app.ranking_encoder is None else app.ranking_encoder.dim
    new_ids: dict[int, int] = {}
    for item in articles:
        label = BulkItem(name=f"article {item.old_id} ({item.title})")
        try:  # the analyses not taken from the file run in add, after its duplicate check
            result = lib.add(item.doc, title=item.title, content_hash=content_hash(item.doc),
                             actor=actor, vectors=item.vectors, added=item.added,
                             analyses=ranking_rows(lib, item, ranking_dim))
        except InputError as exc:
            report.outcomes.append(BulkOutcome(label, "failed", reason=str(exc)))
            continue
        new_ids[item.old_id] = result.article.id
        report.outcomes.append(BulkOutcome(label, result.status, article=result.article))
    history = [{**entry, "article_id": new_ids.get(entry["article_id"])}  # type: ignore[call-overload]
               for entry in audit]
    history.append({"at": datetime.now(UTC).replace(microsecond=0).isoformat(), "actor": actor,
                    "action": "import", "article_id": None,
                    "detail": f"{len(new_ids)} of {len(articles)} articles from {name}"})
    lib.append_audit(history)
    return report
