"""``footnote export`` / ``footnote import``: a library as JSON lines, and back, exactly."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import bot.service
from bot.answering.ranking import RANKING_KIND, model_version
from bot.service import Footnote
from bot.settings import TUNED_MODEL, Settings
from bot.transfer import FORMAT_VERSION
from tests.cli_support import fake_model, restore_footnote_logger  # noqa: F401 (fixtures)
from tests.fakes import CountingEncoder, HashingEncoder
from tests.test_cli import ARTICLE, run

MARKDOWN = """# Railway line to reopen

The old branch line will reopen in May, the transport minister said on Friday.

Trains will run every hour, and the first one is already sold out.
"""
HTML = """<html><head><title>Bridge closed</title>
<meta name="author" content="Ada Quill"><meta property="og:site_name" content="The Courier">
</head><body><article><h1>Bridge closed for repairs</h1>
<p>The Victoria bridge will close for six weeks from Monday while cracks are repaired.</p>
<p>Buses will take a detour through the town centre, adding ten minutes to each trip.</p>
</article></body></html>"""



@pytest.fixture
def encoder(monkeypatch: pytest.MonkeyPatch) -> CountingEncoder:
    """The main encoder, counting what it embeds; the rankers' encoder is another one."""
    counting, ranking = CountingEncoder(), HashingEncoder(model_id="test-ranking")
    monkeypatch.setattr(bot.service, "make_encoder",
                        lambda model, *a, **k: ranking if model == TUNED_MODEL else counting)
    return counting


@pytest.fixture
def library(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    """Library "src": the seed article, a text, a Markdown and an HTML article (with
    metadata), one replaced (same id, new content) and one removed (a gap in the ids)."""
    files = {"harbour.txt": ARTICLE, "railway.md": MARKDOWN, "bridge.html": HTML,
             "gone.txt": "Gone soon\n\nThis article is removed before the export.\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    assert run(capsys, "add", str(tmp_path / "harbour.txt"), "--library", "src",
               "--url", "https://news.test/harbour")[0] == 0
    for name in ("gone.txt", "railway.md", "bridge.html"):
        assert run(capsys, "add", str(tmp_path / name), "--library", "src")[0] == 0
    assert run(capsys, "remove", "2", "--library", "src")[0] == 0
    (tmp_path / "harbour.txt").write_text(ARTICLE.replace("Tuesday", "Friday"), "utf-8")
    assert run(capsys, "replace", "1", str(tmp_path / "harbour.txt"), "--library", "src",
               "--url", "https://news.test/harbour")[0] == 0
    return "src"


def _export(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    code, out, err = run(capsys, "export", *argv)
    assert (code, err) == (0, "")
    return [json.loads(line) for line in out.splitlines()]


def _articles(lines: list[dict[str, object]]) -> list[str]:
    """Each exported article as JSON text, without its id (the importing library's own) and
    its ranking vectors (the importing service's ranking model's: made again when the
    export's come from another, as in these tests, whose libraries are built before the
    ``encoder`` fixture swaps the rankers' encoder; tests/test_ranking_vectors.py has the
    case of the same model)."""
    return [json.dumps({k: v for k, v in line.items() if k not in ("id", "ranking_vectors")},
                       ensure_ascii=False)
            for line in lines if line["type"] == "article"]


def test_export_then_import_round_trips_exactly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, library: str, encoder: CountingEncoder
) -> None:
    exported = _export(capsys, "--library", library)
    header = exported[0]
    assert header["format"] == "footnote-library" and header["version"] == FORMAT_VERSION
    assert header["articles"] == 3 and header["vectors"] is False
    assert [line["type"] for line in exported[1:4]] == ["article"] * 3
    assert "vector" not in exported[1]["passages"][0]  # type: ignore[index]
    path = tmp_path / "src.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in exported),
                    "utf-8")

    before = encoder.texts
    code, out, err = run(capsys, "import", str(path), "--library", "copy")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "3 articles: 3 added, 0 duplicates, 0 failed."
    assert encoder.texts > before  # no vectors in the file: embedded again

    again = _export(capsys, "--library", "copy")
    assert _articles(again) == _articles(exported)  # byte-identical text and metadata
    for line in _articles(exported):
        record = json.loads(line)
        assert record["added_by"] == "cli" and record["added_at"]
    source, copy = Footnote(Settings(), encoder=HashingEncoder()), None
    copy = source.list_articles("copy")
    assert [a.text.encode() for a in copy] == [a.text.encode() for a in
                                               source.list_articles("src")]
    # the history came along (oldest first in the file), then the import itself
    history = [line for line in again if line["type"] == "audit"]
    entries = [(h["at"], h["action"], h["detail"]) for h in history]
    original = [(h["at"], h["action"], h["detail"]) for h in exported if h["type"] == "audit"]
    assert len(original) == 6  # 4 adds, a remove, a replace
    assert [e for e in entries if e[1] != "import"] == original  # all of it, in order
    assert [e[1:] for e in entries if e[1] == "import"][:3] == [
        ("import", "Harbour plan approved"), ("import", "Railway line to reopen"),
        ("import", "Bridge closed for repairs")]
    assert entries[-1][1:] == ("import", "3 of 3 articles from src.jsonl")
    removed = next(h for h in history if h["action"] == "remove")
    assert removed["article_id"] is None  # the removed article has no id in the copy

    code, out, _ = run(capsys, "import", str(path), "--library", "copy")
    assert code == 0 and out.splitlines()[-1] == "3 articles: 0 added, 3 duplicates, 0 failed."


def test_vectors_are_kept_when_the_model_matches(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, library: str, encoder: CountingEncoder
) -> None:
    exported = _export(capsys, "--library", library, "--vectors")
    assert exported[0]["vectors"] is True and "vector" in exported[1]["passages"][0]  # type: ignore[index]
    path = tmp_path / "with-vectors.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in exported) + "\n", "utf-8")
    before = encoder.texts
    assert run(capsys, "--library", "copy", "import", str(path))[0] == 0
    assert encoder.texts == before  # nothing embedded: the vectors were used
    assert _export(capsys, "--library", "copy", "--vectors")[1:4] != []
    assert _articles(_export(capsys, "--library", "copy", "--vectors")) == _articles(exported)

    # vectors from another model are not used: the passages are embedded again
    exported[0]["model_id"] = "some-other-model"
    path.write_text("\n".join(json.dumps(line) for line in exported) + "\n", "utf-8")
    assert run(capsys, "import", str(path), "--library", "third")[0] == 0
    assert encoder.texts > before


def _nan(vectors: str) -> str:
    """Exported vectors (base64 float32) with their first number made NaN."""
    matrix = np.frombuffer(base64.b64decode(vectors), "<f4").copy()
    matrix[0] = np.nan
    return base64.b64encode(matrix.tobytes()).decode()


def _scaled(vectors: str) -> str:
    """Exported vectors (base64 float32) a thousand times as long: finite, not unit."""
    matrix = np.frombuffer(base64.b64decode(vectors), "<f4") * 1000
    return base64.b64encode(matrix.astype("<f4").tobytes()).decode()


@pytest.mark.parametrize(("field", "change"), [
    ("vector", _nan), ("vector", _scaled), ("sentence_vectors", _nan),
    ("sentence_vectors", _scaled),
])
def test_vectors_that_are_not_unit_vectors_are_embedded_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, library: str, encoder: CountingEncoder,
    field: str, change,
) -> None:
    """The model's vectors are finite unit vectors: others in a file (a NaN, a vector that
    would outscore every passage of the library) are not stored, the passages embedded."""
    exported = _export(capsys, "--library", library, "--vectors")
    passage = exported[2]["passages"][0]  # type: ignore[index]
    passage[field] = change(passage[field])
    path = tmp_path / "tampered.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in exported) + "\n", "utf-8")
    before = encoder.texts
    assert run(capsys, "import", str(path), "--library", "copy")[0] == 0
    assert encoder.texts > before
    for line in _export(capsys, "--library", "copy", "--vectors")[1:4]:
        for entry in line["passages"]:  # type: ignore[union-attr]
            for name in ("vector", "sentence_vectors"):
                stored = np.frombuffer(base64.b64decode(entry[name]), "<f4").reshape(-1, 64)
                assert np.allclose(np.linalg.norm(stored, axis=1), 1, atol=1e-2)


def _use_encoders(monkeypatch: pytest.MonkeyPatch, ranking_model: str
                  ) -> tuple[CountingEncoder, CountingEncoder]:
    """The main encoder and the rankers' one (named ``ranking_model``), each counting."""
    main, ranking = CountingEncoder(), CountingEncoder(model_id=ranking_model)
    monkeypatch.setattr(bot.service, "make_encoder",
                        lambda model, *a, **k: ranking if model == TUNED_MODEL else main)
    return main, ranking


def _ranking_rows(library: str) -> list[tuple[int, bytes] | None]:
    """Each article's stored ranking vectors (version, bytes), oldest article first."""
    app = Footnote(Settings(), encoder=HashingEncoder())
    store = app.library(library).store
    rows = [store.analysis(a.id, RANKING_KIND) for a in app.list_articles(library)]
    app.close()
    return rows


@pytest.mark.parametrize(("ranking_model", "taken"), [("test-ranking", True),
                                                      ("another-ranking", False)])
def test_ranking_vectors_travel_to_a_fresh_data_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    ranking_model: str, taken: bool,
) -> None:
    """`export --vectors` in one data folder, `import` in another: the rankers' vectors are
    taken under the same ranking model (nothing encoded), made again under another."""
    _use_encoders(monkeypatch, "test-ranking")
    for name, text in (("harbour.txt", ARTICLE), ("railway.md", MARKDOWN)):
        (tmp_path / name).write_text(text, "utf-8")
        assert run(capsys, "add", str(tmp_path / name), "--library", "src")[0] == 0
    exported = _export(capsys, "--library", "src", "--vectors")
    sent = [base64.b64decode(line["ranking_vectors"]["data"])  # type: ignore[index]
            for line in exported if line["type"] == "article"]
    path = tmp_path / "src.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in exported) + "\n", "utf-8")

    monkeypatch.setenv("FOOTNOTE_DATA_DIR", str(tmp_path / "elsewhere"))
    main, ranking = _use_encoders(monkeypatch, ranking_model)
    code, out, _ = run(capsys, "import", str(path), "--library", "copy")
    assert code == 0 and out.splitlines()[-1] == "2 articles: 2 added, 0 duplicates, 0 failed."
    assert main.texts == 0  # the main vectors came along in both cases
    assert _ranking_rows("src") == []  # a data folder of its own
    rows = _ranking_rows("copy")
    assert [row and row[0] for row in rows] == [model_version(ranking_model)] * 2
    if taken:
        assert ranking.texts == 0 and [row and row[1] for row in rows] == sent
    else:  # (the fake encodes as before under its new name: the version tells them apart)
        assert ranking.texts > 0


@pytest.mark.parametrize(("change", "message"), [
    (lambda lines: [{**lines[0], "version": FORMAT_VERSION + 1}, *lines[1:]],
     f"was written by a newer Footnote (library format {FORMAT_VERSION + 1}); this one reads "
     f"format {FORMAT_VERSION}. Upgrade Footnote to import it."),
    (lambda lines: [{"hello": "world"}, *lines[1:]], "is not a Footnote library export"),
    (lambda lines: [*lines[:2], {"type": "article", "title": "x"}, *lines[2:]],
     "line 3: “text” is missing or of the wrong type."),
    (lambda lines: [*lines[:2], {**lines[2], "passages": [
        {"paragraph": 1, "start": 0, "end": 10 ** 9, "sentences": [[0, 5]]}]}, *lines[3:]],
     "line 3: an offset pair is not inside the article's text."),
    (lambda lines: [*lines[:-1], "not json"], "is not valid JSON"),
    (lambda lines: [*lines[:2], {**lines[2], "ranking_vectors": {"version": 1, "data": "%%"}},
                    *lines[3:]],
     "line 3: its ranking vectors are not valid base64 data."),
    (lambda lines: [*lines[:2], {**lines[2], "ranking_vectors": [1, "AAAA"]}, *lines[3:]],
     "line 3: “ranking_vectors” needs a version and data."),
    (lambda lines: [*lines[:2], {**lines[2], "passages": lines[2]["passages"][:1] * 2001},
                    *lines[3:]],
     "line 3: the article has 2,001 paragraphs; the limit is 2,000."),
])
def test_bad_exports_are_refused_before_anything_is_stored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, library: str, change: object,
    message: str,
) -> None:
    lines = _export(capsys, "--library", library)
    path = tmp_path / "bad.jsonl"
    changed = change(lines)  # type: ignore[operator]
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line)
                              for line in changed) + "\n", "utf-8")
    before = run(capsys, "list", "--library", "target")[1]
    code, out, err = run(capsys, "import", str(path), "--library", "target")
    assert (code, out) == (1, "")
    assert err.startswith("footnote: bad.jsonl") and message in err and err.count("\n") == 1
    assert run(capsys, "list", "--library", "target")[1] == before


def test_import_of_files_that_are_not_exports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", "utf-8")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    for path, message in [(empty, "empty.jsonl is empty."), (binary, "is not UTF-8 text"),
                          (tmp_path / "missing.jsonl", "Cannot read")]:
        code, out, err = run(capsys, "import", str(path), "--library", "target")
        assert (code, out) == (1, "") and message in err, err
