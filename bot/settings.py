"""Every setting Footnote reads, in one typed place (environment and ``.env``).

Each field here has a line in ``.env.example``; a test keeps the two in step.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError
from bot.shipped import PROJECT_ROOT, default_data_dir, shipped_dir

__all__ = ["BUNDLED_MODELS", "DEFAULT_MODEL", "PROJECT_ROOT", "SAME_MODEL", "STOCK_MODEL",
           "TUNED_MODEL", "Settings", "env_names", "load_settings"]
STOCK_MODEL = "all-MiniLM-L6-v2"
"""The bundled model as its package ships it."""
TUNED_MODEL = "all-MiniLM-L6-v2-footnote"
"""The bundled model with Footnote's fine-tuned biases (``bot/encoders/tuned.py``)."""
DEFAULT_MODEL = STOCK_MODEL
"""What FOOTNOTE_MODEL is unless set (the tuned model, read for everything, cost other
articles' refusals: docs/benchmarks.md, "Stop 30"; its delta ships for the rankers alone,
FOOTNOTE_RANKING_MODEL)."""
BUNDLED_MODELS = (STOCK_MODEL, TUNED_MODEL)
"""The FOOTNOTE_MODEL values served from the bundled model package (width known)."""
SAME_MODEL = "same"
"""FOOTNOTE_RANKING_MODEL for no second encoder."""


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class Settings(BaseSettings):
    """Footnote's configuration. Read from the environment, then ``.env``."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True,
        env_ignore_empty=True,
    )

    # Storage and model
    data_dir: Path = Field(
        default_factory=default_data_dir, validation_alias=_env("FOOTNOTE_DATA_DIR"),
        description="Where every library (SQLite, FAISS index, manifest) is stored: index/ in "
        "a checkout, the user's data folder for an installed Footnote.",
    )
    seeds_dir: Path = Field(
        default_factory=lambda: shipped_dir("seeds"), validation_alias=_env("FOOTNOTE_SEEDS_DIR"),
        description="Articles a new library starts with (the default library, new servers).",
    )
    model: str = Field(
        default=DEFAULT_MODEL, validation_alias=_env("FOOTNOTE_MODEL"),
        description="Embedding model: the bundled all-MiniLM-L6-v2, a local folder or a hub id "
        "(all-MiniLM-L6-v2-footnote: the bundled model plus the fine-tuned delta in "
        "bot/data/encoder_delta.npz, made for the rankers: FOOTNOTE_RANKING_MODEL).",
    )
    ranking_model: str = Field(
        default=TUNED_MODEL, validation_alias=_env("FOOTNOTE_RANKING_MODEL"),
        description="The second encoder the passage and sentence rankers read (README, "
        "'Ranking vectors'): all-MiniLM-L6-v2-footnote (the bundled model with the shipped "
        "fine-tuned delta), a local folder or hub id, or 'same' (rank with FOOTNOTE_MODEL's "
        "vectors alone: one encoding a question, slightly worse ranking).",
    )
    cache_dir: Path = Field(
        default=Path.home() / ".cache" / "footnote", validation_alias=_env("FOOTNOTE_CACHE_DIR"),
        description="Where the bundled model is unpacked once, and its ONNX copy kept.",
    )
    embed_backend: Literal["onnx", "torch"] = Field(
        default="onnx", validation_alias=_env("FOOTNOTE_EMBED_BACKEND"),
        description="Runs the model: onnx (int8, ONNX Runtime, no torch at run time) or torch.",
    )
    encoder_threads: int = Field(
        # 1, not 2: a question's encoding is a few milliseconds among other work, and a
        # second thread woken for each of its steps cost more than it saved (2-core
        # machine, load 1.2-1.8, seed library: ask p50 4.5 against 5.6 ms, p95 6.1
        # against 13.1, CPU 3.8 against 6.6 ms a question; paragraphs at ingest 29.8
        # against 31.2 ms; vectors bit-identical)
        default=1, ge=1,
        # FOOTNOTE_TORCH_THREADS is its name from before the ONNX backend: still read
        validation_alias=AliasChoices("FOOTNOTE_ENCODER_THREADS", "FOOTNOTE_TORCH_THREADS"),
        description="CPU threads one encoding uses (ONNX Runtime intra-op, or torch).",
    )
    faiss_threads: int = Field(
        default=1, ge=1, validation_alias=_env("FOOTNOTE_FAISS_THREADS"),
        description="CPU threads for one vector search (1: searches are small; more only "
        "pays off for libraries of many hundred thousand passages).",
    )
    max_open_libraries: int = Field(
        default=64, ge=1, validation_alias=_env("FOOTNOTE_MAX_OPEN_LIBRARIES"),
        description="Libraries kept open at once; the least recently used is closed first.",
    )
    library_idle_seconds: float = Field(
        default=900.0, gt=0, validation_alias=_env("FOOTNOTE_LIBRARY_IDLE_SECONDS"),
        description="A library unused this long is closed (reopened on its next use).",
    )
    database_url: SecretStr | None = Field(
        default=None, validation_alias=_env("FOOTNOTE_DATABASE_URL"),
        description="A PostgreSQL database (postgresql://user:password@host:5432/name) that "
        "several Footnote processes share; unset: one SQLite file per library in data_dir.",
    )
    database_pool_size: int = Field(
        default=10, ge=2, validation_alias=_env("FOOTNOTE_DATABASE_POOL_SIZE"),
        description="Most connections one process opens to the PostgreSQL database.",
    )
    database_recheck_seconds: float = Field(
        default=10.0, gt=0, validation_alias=_env("FOOTNOTE_DATABASE_RECHECK_SECONDS"),
        description="Besides change notifications, how often a process asks PostgreSQL "
        "whether a library it holds has changed (the fallback if a notification is lost).",
    )
    exact_search_limit: int = Field(
        default=32_768, ge=1, validation_alias=_env("FOOTNOTE_EXACT_SEARCH_LIMIT"),
        description="Passages per index segment searched exactly; bigger ones use HNSW.",
    )

    # Ingestion limits
    max_article_bytes: int = Field(
        default=5_000_000, ge=1_000, validation_alias=_env("FOOTNOTE_MAX_ARTICLE_BYTES"),
        description="Largest file or download accepted as one article.",
    )
    max_paragraphs: int = Field(
        default=2_000, ge=1, validation_alias=_env("FOOTNOTE_MAX_PARAGRAPHS"),
    )
    fetch_timeout: float = Field(
        default=15.0, gt=0, validation_alias=_env("FOOTNOTE_FETCH_TIMEOUT"),
        description="Seconds a whole URL download may take.",
    )
    allow_private_urls: bool = Field(
        default=False, validation_alias=_env("FOOTNOTE_ALLOW_PRIVATE_URLS"),
        description="Allow fetching loopback/private addresses (self-hosted intranets; off by "
        "default because it lets curators make the bot read internal services).",
    )

    # Answers
    max_question_chars: int = Field(
        default=1_000, ge=10, validation_alias=_env("FOOTNOTE_MAX_QUESTION_CHARS")
    )

    # Discord
    discord_token: SecretStr | None = Field(default=None, validation_alias=_env("DISCORD_TOKEN"))
    moderator_role: str | None = Field(
        default=None, validation_alias=_env("FOOTNOTE_MODERATOR_ROLE"),
        description="Name of a role whose members may curate, besides Manage Server.",
    )
    dev_guild_id: int | None = Field(
        default=None, validation_alias=_env("FOOTNOTE_DEV_GUILD_ID"),
        description="Sync slash commands to this server instantly (development).",
    )
    seed_new_servers: bool = Field(default=True, validation_alias=_env("FOOTNOTE_SEED_NEW_SERVERS"))
    ask_rate: int = Field(
        default=5, ge=1, validation_alias=_env("FOOTNOTE_ASK_RATE"),
        description="Questions one user may ask per ask_period seconds.",
    )
    ask_period: float = Field(default=60.0, gt=0, validation_alias=_env("FOOTNOTE_ASK_PERIOD"))
    discord_api_base: str | None = Field(
        default=None, validation_alias=_env("DISCORD_API_BASE"),
        description="A Discord-compatible REST base URL instead of discord.com.",
    )
    discord_gateway_url: str | None = Field(
        default=None, validation_alias=_env("DISCORD_GATEWAY_URL"),
        description="A Discord-compatible gateway URL instead of Discord's.",
    )
    message_content_intent: bool = Field(
        default=False, validation_alias=_env("FOOTNOTE_MESSAGE_CONTENT_INTENT"),
        description="Ask Discord for the privileged Message Content intent (switch it on in "
                    "the developer portal first): lets the bot read replies that leave the "
                    "ping off. Slash commands, buttons and mentions work without it.",
    )
    shard_count: int | None = Field(
        default=None, ge=1, validation_alias=_env("FOOTNOTE_SHARD_COUNT"),
        description="Total shards across all processes (default: what Discord recommends).",
    )
    shard_ids: Annotated[list[int] | None, NoDecode] = Field(
        default=None, validation_alias=_env("FOOTNOTE_SHARD_IDS"),
        description="The shards this process runs, e.g. 0-3 or 0,1 (needs FOOTNOTE_SHARD_COUNT).",
    )
    log_level: str = Field(default="INFO", validation_alias=_env("FOOTNOTE_LOG_LEVEL"))

    @field_validator("database_url", mode="before")
    @classmethod
    def _check_database_url(cls, value: Any) -> Any:
        """Only PostgreSQL URLs; an empty value means the embedded SQLite storage."""
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if text is None or (isinstance(text, str) and not text.strip()):
            return None
        if not str(text).strip().startswith(("postgresql://", "postgres://")):
            raise ValueError("give a postgresql:// URL (postgresql://user:password@host:5432/"
                             "database), or leave it empty for the embedded SQLite storage")
        return str(text).strip()

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _parse_shard_ids(cls, value: Any, info: ValidationInfo) -> list[int] | None:
        """``0-3``, ``0,1`` or ``0-3,8`` (or a list); checked against FOOTNOTE_SHARD_COUNT."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        ids = parse_shard_ids(value) if isinstance(value, str) else [int(v) for v in value]
        count = info.data.get("shard_count")
        if count is None:
            raise ValueError("FOOTNOTE_SHARD_IDS needs FOOTNOTE_SHARD_COUNT, the number of "
                             "shards across all processes")
        if ids[-1] >= count:
            raise ValueError(f"shard {ids[-1]} does not exist: with FOOTNOTE_SHARD_COUNT={count} "
                             f"the shards are 0 to {count - 1}")
        return ids

    def require_token(self) -> str:
        """Return the Discord token, or fail with the sentence that says how to set it."""
        if self.discord_token is None or not self.discord_token.get_secret_value().strip():
            raise ConfigError(
                "DISCORD_TOKEN is not set. Put DISCORD_TOKEN=<your bot token> in a .env file "
                "in the folder you run footnote from (see .env.example), or export it. "
                "The token is on the Bot page of your application at "
                "https://discord.com/developers/applications."
            )
        return self.discord_token.get_secret_value().strip()


def parse_shard_ids(text: str) -> list[int]:
    """``"0-3,8"`` -> ``[0, 1, 2, 3, 8]``; a ValueError that says what is wrong."""
    ids: set[int] = set()
    for part in text.replace(" ", "").split(","):
        low, dash, high = part.partition("-")
        if not low.isdecimal() or (dash and not high.isdecimal()):
            raise ValueError(f"{text!r} is not a list of shard numbers: write a range such as "
                             "0-3, or numbers separated by commas such as 0,1")
        first, last = int(low), int(high) if dash else int(low)
        if last < first:
            raise ValueError(f"the range {part} runs backwards: write it as {last}-{first}")
        ids.update(range(first, last + 1))
    return sorted(ids)


def env_names() -> list[str]:
    """The environment variable of each setting, in declaration order (older names that
    are still read, such as FOOTNOTE_TORCH_THREADS, are left out)."""
    names = []
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        assert isinstance(alias, AliasChoices)
        names.append(str(alias.choices[0]))
    return names


def _env_name(alias: AliasChoices) -> str:
    """The variable a setting was given by: an older name if that is the one set."""
    choices = [str(choice) for choice in alias.choices]
    return next((name for name in choices if name in os.environ), choices[0])


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment and ``.env``; ``overrides`` win over both."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        # name the environment variable even when the bad value came in as an override
        # (or the older name it was set by); pydantic may report either the field or its alias
        env: dict[str, str] = {}
        for name, field in Settings.model_fields.items():
            alias = field.validation_alias
            assert isinstance(alias, AliasChoices)
            for key in (name, *map(str, alias.choices)):
                env[key] = _env_name(alias)
        problems = "; ".join(
            f"{'.'.join(str(env.get(str(part), part)) for part in err['loc'])}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(
            f"A setting is invalid ({problems}). Fix it in .env or the environment; "
            ".env.example lists every setting."
        ) from exc
