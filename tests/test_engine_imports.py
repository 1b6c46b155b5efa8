"""The engine never imports discord, and loads the model libraries only when needed."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import bot
from bot.settings import PROJECT_ROOT


def engine_modules() -> list[str]:
    names = ["bot"]
    for info in pkgutil.walk_packages(bot.__path__, prefix="bot."):
        if info.name == "bot.discord_app" or info.name.startswith("bot.discord_app."):
            continue
        names.append(info.name)
    return sorted(names)


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT,
        timeout=120,
    )


def test_module_list_covers_the_engine() -> None:
    names = engine_modules()
    for expected in ("bot.service", "bot.cli", "bot.library", "bot.answer", "bot.ingest.clean",
                     "bot.render_text", "bot.metadata_answers"):
        assert expected in names
    assert not any(n.startswith("bot.discord_app") for n in names)


def test_engine_never_imports_discord() -> None:
    modules = engine_modules()
    code = f"""
import importlib, json, sys
sys.modules["discord"] = None  # any "import discord" now raises ImportError
failed = {{}}
for name in {modules!r}:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed[name] = f"{{type(exc).__name__}}: {{exc}}"
loaded = sorted(m for m in sys.modules if m == "discord" or m.startswith("discord."))
print(json.dumps({{"failed": failed, "discord": loaded}}))
"""
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["failed"] == {}
    assert result["discord"] == ["discord"]  # only our None placeholder


def test_the_check_above_would_catch_a_discord_import() -> None:
    done = run_python('import sys; sys.modules["discord"] = None\nimport discord')
    assert done.returncode != 0 and "import of discord halted" in done.stderr


def test_service_and_cli_load_the_model_libraries_lazily() -> None:
    code = """
import json, sys
import bot.service, bot.cli, bot.library, bot.answer
from bot.embed import make_encoder
from tests.fakes import HashingEncoder
from bot.settings import Settings
make_encoder("all-MiniLM-L6-v2", Settings().cache_dir)  # builds, does not load
heavy = sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules)
print(json.dumps(heavy))
"""
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
