"""A wheel built from the project works on its own: installed (not editable) into a fresh
venv and run from an empty folder, ``footnote ask`` answers the seed question.

The wheel is built with this venv's setuptools and installed ``--no-deps`` into a new venv
that reaches this venv's packages through a ``.pth`` line (torch and the model are not
installed twice). A ``.pth`` line does not run the editable install's own ``.pth``, so
``bot`` in the new venv can only come from the wheel: the test checks that too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, Settings

SEED_TITLE = "Police chief: only boycotting social media will force action on abuse"
SOURCES = ("bot", "prompts", "seeds", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


def _run(*argv: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in argv], capture_output=True, text=True,
                          timeout=600, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{argv}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (the checkout gets no build/ folder)."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "src"
    for name in SOURCES:
        path = PROJECT_ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "_shipped"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(path, source / name)
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", root / "dist", source)
    (built,) = (root / "dist").glob("footnote-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv with the wheel installed (not editable); dependencies come from ours."""
    root = tmp_path_factory.mktemp("venv") / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", root)
    python = root / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel)
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
                .stdout.strip())
    (site / "zz-test-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    yield root


def _env(tmp_path: Path) -> dict[str, str]:
    """No setting, no PYTHONPATH from this run; the user's data folder under tmp_path; the
    model cache shared with the other tests (unpacking it again would be slow)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FOOTNOTE_", "DISCORD_", "PYTHON", "VIRTUAL_ENV"))}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
    env["FOOTNOTE_CACHE_DIR"] = str(Settings().cache_dir)
    return env


def test_the_wheel_holds_prompts_seeds_and_the_answer_model(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("prompts", "seeds"):
        for path in (PROJECT_ROOT / folder).iterdir():
            if path.is_file() and not path.name.startswith("."):
                assert f"bot/_shipped/{folder}/{path.name}" in names
    assert "bot/data/answerer.json" in names
    assert "bot/cli/__init__.py" in names and "bot/ingest/pdf.py" in names
    assert not any(name.startswith(("tests/", "index/", "prompts/", "seeds/")) for name in names)


def test_the_installed_package_is_the_wheel_not_the_checkout(venv: Path, tmp_path: Path) -> None:
    code = ("import bot, bot.settings as s; print(bot.__file__); print(s.Settings().data_dir);"
            "print(s.Settings().seeds_dir)")
    done = _run(venv / "bin" / "python", "-c", code, cwd=tmp_path, env=_env(tmp_path))
    module, data_dir, seeds_dir = done.stdout.splitlines()
    assert Path(module).is_relative_to(venv)
    assert Path(data_dir) == tmp_path / "xdg-data" / "footnote"  # platformdirs, not site-packages
    assert Path(seeds_dir).is_relative_to(venv) and Path(seeds_dir).name == "seeds"


@pytest.mark.model
def test_the_installed_wheel_answers_from_an_empty_folder(venv: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    footnote = venv / "bin" / "footnote"
    done = _run(footnote, "ask", "What did he say about 4G and 5G networks?", cwd=empty,
                env=_env(tmp_path))
    assert "5G networks were rolled out in more countries" in done.stdout
    assert "\nSources\n[1] " + SEED_TITLE + " (paragraph 8, article 1)" in done.stdout
    assert "Traceback" not in done.stderr
    assert list(empty.iterdir()) == []  # nothing written where it was run
    data = tmp_path / "xdg-data" / "footnote"
    assert (data / "libraries" / "default" / "library.sqlite3").is_file()

    done = _run(footnote, "info", cwd=empty, env=_env(tmp_path))
    assert f"Data folder:  {data} (default: the user's data folder)" in done.stdout
    assert "(installed)" in done.stdout
    assert "  default " in done.stdout and "1 article, 12 passages" in done.stdout
    assert f"Log:          {data / 'footnote.log'}" in done.stdout
