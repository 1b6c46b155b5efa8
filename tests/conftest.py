"""Shared fixtures: hermetic settings, a fast fake encoder, and the real model once per run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.embed import Encoder, SentenceTransformerEncoder, make_encoder
from bot.service import Footnote
from bot.settings import DEFAULT_MODEL, PROJECT_ROOT, TUNED_MODEL, Settings
from tests.fakes import HashingEncoder
from tests.postgres.support import STATUS as POSTGRES_STATUS
from tests.postgres.support import pg_database, pg_url, private_server  # noqa: F401 (fixtures)

SEED_ARTICLE = PROJECT_ROOT / "seeds" / "telegraph-police-chief-social-media-boycott.txt"

_ENV_VARS = [
    "DISCORD_TOKEN", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL", "FOOTNOTE_MODERATOR_ROLE",
    "FOOTNOTE_DEV_GUILD_ID", "FOOTNOTE_MODEL", "FOOTNOTE_RANKING_MODEL", "FOOTNOTE_SEEDS_DIR",
    "FOOTNOTE_ALLOW_PRIVATE_URLS", "FOOTNOTE_ASK_RATE", "FOOTNOTE_ASK_PERIOD",
    "FOOTNOTE_EMBED_BACKEND", "FOOTNOTE_ENCODER_THREADS", "FOOTNOTE_TORCH_THREADS",
    "FOOTNOTE_MESSAGE_CONTENT_INTENT", "FOOTNOTE_SHARD_COUNT", "FOOTNOTE_SHARD_IDS",
    "FOOTNOTE_DATABASE_URL", "FOOTNOTE_DATABASE_POOL_SIZE", "FOOTNOTE_DATABASE_RECHECK_SECONDS",
]


@pytest.fixture(autouse=True)
def hermetic_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder, and no stray setting or .env leaks in."""
    for name in _ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    data = tmp_path / "data"
    monkeypatch.setenv("FOOTNOTE_DATA_DIR", str(data))
    monkeypatch.chdir(tmp_path)  # so no developer .env is read
    return data


@pytest.fixture
def settings(hermetic_env: Path) -> Settings:
    """Settings pointing at the test's own data folder."""
    return Settings(data_dir=hermetic_env)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """The test's settings on each storage backend: the SQLite files, then a fresh
    PostgreSQL schema (tests/postgres/support.py)."""
    if request.param == "sqlite":
        return settings
    url = request.getfixturevalue("pg_url")
    return settings.model_copy(update={"database_url": SecretStr(url)})


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say what the PostgreSQL tests ran against, or why they did not run."""
    for line in POSTGRES_STATUS:
        terminalreporter.write_line(line)


@pytest.fixture
def fake_encoder() -> HashingEncoder:
    """A deterministic tiny encoder: fast, shares-words-means-similar."""
    return HashingEncoder()


@pytest.fixture
def app(settings: Settings, fake_encoder: HashingEncoder) -> Footnote:
    """The service with the fake encoder (reading for the rankers too, as ``footnote`` run
    in-process with :func:`tests.cli_support.fake_model` does)."""
    return Footnote(settings, encoder=fake_encoder, ranking_encoder=fake_encoder)


@pytest.fixture(scope="session")
def real_encoder() -> Iterator[Encoder]:
    """The real encoder as users run it (the default model, ONNX Runtime backend),
    loaded once for the whole run."""
    from bot.settings import Settings as _Settings

    encoder = make_encoder(DEFAULT_MODEL, _Settings().cache_dir)
    encoder.encode(["warm up"])
    yield encoder


@pytest.fixture(scope="session")
def torch_encoder() -> Iterator[SentenceTransformerEncoder]:
    """The same model through sentence-transformers on torch, loaded once."""
    from bot.settings import Settings as _Settings

    encoder = SentenceTransformerEncoder(DEFAULT_MODEL, _Settings().cache_dir)
    encoder.encode(["warm up"])
    yield encoder


@pytest.fixture(scope="session")
def real_ranking_encoder() -> Iterator[Encoder]:
    """The rankers' encoder as users run it (the bundled model with the shipped delta,
    :mod:`bot.answering.ranking`), loaded once for the whole run."""
    from bot.settings import Settings as _Settings

    encoder = make_encoder(TUNED_MODEL, _Settings().cache_dir)
    encoder.encode(["warm up"])
    yield encoder


@pytest.fixture
def real_app(settings: Settings, real_encoder: Encoder, real_ranking_encoder: Encoder
             ) -> Footnote:
    """The service with the real models, as users run it."""
    return Footnote(settings, encoder=real_encoder, ranking_encoder=real_ranking_encoder)
