"""A cold `footnote` loads only what the command needs (behaviour, not timing: the
times are printed by bench/bench_cold_start.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.embed import Encoder
from bot.service import Footnote
from bot.settings import PROJECT_ROOT, Settings

# Libraries that cost a noticeable share of a second or of 100 MB to import.
HEAVY = ("torch", "transformers", "sentence_transformers", "onnxruntime", "tokenizers", "faiss",
         "bm25s", "scipy", "spacy", "trafilatura", "lxml", "pypdf", "discord", "aiohttp")
ANSWER_PATH = ("bot.answer", "bot.answering.respond", "bot.answering.features")
"""Footnote's own answer path: an ask needs it, ``list`` and ``show`` do not."""
# Runs the real entry point, then reports every module it imported.
RUNNER = """
import atexit, json, sys
atexit.register(lambda: sys.stderr.write("MODULES " + json.dumps(sorted(sys.modules)) + "\\n"))
from bot.cli import main
sys.argv = ["footnote", *sys.argv[1:]]
raise SystemExit(main())
"""


@pytest.fixture
def built(tmp_path: Path, real_encoder: Encoder) -> Path:
    """A data folder whose default library (the seed article) is already built."""
    data = tmp_path / "built"
    Footnote(Settings(data_dir=data), encoder=real_encoder).library("default")
    return data


def footnote(data: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run `footnote ARGS` in a fresh interpreter; the result and the heavy modules (and
    those of :data:`ANSWER_PATH`) it loaded."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "FOOTNOTE_DATA_DIR": str(data),
           "FOOTNOTE_CACHE_DIR": str(Settings().cache_dir)}
    done = subprocess.run([sys.executable, "-c", RUNNER, *args], capture_output=True, text=True,
                          env=env, cwd=data.parent, timeout=120)
    lines = [x for x in done.stderr.splitlines() if x.startswith("MODULES ")]
    assert lines, done.stderr
    modules = set(json.loads(lines[-1].removeprefix("MODULES ")))
    loaded = {name.split(".")[0] for name in modules} | (modules & set(ANSWER_PATH))
    return done, loaded & {*HEAVY, *ANSWER_PATH, "numpy", "pydantic"}


def test_help_imports_nothing_heavy(tmp_path: Path) -> None:
    done, heavy = footnote(tmp_path / "data", "--help")
    assert done.returncode == 0 and "ask" in done.stdout
    assert heavy == set()  # not even numpy or pydantic (settings are read after parsing)


@pytest.mark.model
def test_list_and_show_import_nothing_heavy(built: Path) -> None:
    done, heavy = footnote(built, "list")
    assert done.returncode == 0, done.stderr
    assert "Police chief" in done.stdout and heavy <= {"numpy", "pydantic"}
    done, heavy = footnote(built, "show", "1")
    assert done.returncode == 0, done.stderr
    assert "Simon Bailey" in done.stdout and heavy <= {"numpy", "pydantic"}


@pytest.mark.model
def test_ask_loads_the_onnx_model_but_not_torch(built: Path) -> None:
    done, heavy = footnote(built, "ask", "--json", "What did he say about 4G and 5G networks?")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert not answer["declined"] and "5G networks were rolled out" in answer["answer"]
    assert {"onnxruntime", "tokenizers", "faiss", *ANSWER_PATH} <= heavy  # it really searched
    assert heavy & {"torch", "transformers", "sentence_transformers", "spacy", "trafilatura",
                    "lxml", "pypdf", "discord", "aiohttp"} == set()


@pytest.mark.model
def test_add_reads_with_spacy_but_never_imports_torch(built: Path, tmp_path: Path) -> None:
    """spaCy's thinc imports torch when it can (220 MB, 2 s for nothing: the pipeline runs
    on NumPy); an add analyses the article with spaCy, and torch stays out."""
    article = tmp_path / "bridge.txt"
    article.write_text("Bridge reopens\n\nThe Victoria bridge reopened on Monday after "
                       "repairs costing £4m, the council's leader, Ada Quill, said.\n", "utf-8")
    done, heavy = footnote(built, "add", str(article))
    assert done.returncode == 0, done.stderr
    assert "spacy" in heavy and "torch" not in heavy
    done, _ = footnote(built, "ask", "--json", "who is the council's leader")
    assert "Ada Quill" in json.loads(done.stdout)["answer"]
