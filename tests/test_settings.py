"""Settings: in step with .env.example, and every mistake named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import AliasChoices

from bot.errors import ConfigError
from bot.settings import PROJECT_ROOT, Settings, env_names, load_settings

EXAMPLE = PROJECT_ROOT / ".env.example"
_LINE = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def example_vars() -> dict[str, str]:
    """Every VAR=value line of .env.example (comments and blank lines skipped)."""
    found: dict[str, str] = {}
    for raw in EXAMPLE.read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        assert m, f".env.example has a line that is not VAR=value: {raw!r}"
        assert m.group(1) not in found, f"{m.group(1)} is listed twice"
        found[m.group(1)] = m.group(2)
    return found


def field_for(env: str) -> str:
    for name, field in Settings.model_fields.items():
        assert isinstance(field.validation_alias, AliasChoices)
        if env in field.validation_alias.choices:
            return name
    raise AssertionError(env)


def test_every_setting_is_in_env_example_and_back() -> None:
    names = env_names()
    assert len(names) == len(set(names)) == len(Settings.model_fields)
    listed = set(example_vars())
    assert set(names) - listed == set(), "settings missing from .env.example"
    assert listed - set(names) == set(), ".env.example lists variables Settings ignores"


def test_every_example_value_is_the_default() -> None:
    """A value written in .env.example documents the default: they must agree."""
    for env, value in example_vars().items():
        if not value:
            continue
        name = field_for(env)
        parsed = Settings.model_validate({env: value})
        assert getattr(parsed, name) == Settings.model_fields[name].default, env


def test_env_example_parses_into_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOOTNOTE_DATA_DIR")
    settings = Settings(_env_file=EXAMPLE)  # type: ignore[call-arg]
    assert settings.discord_token is None  # DISCORD_TOKEN= (empty) is ignored
    assert settings.model == "all-MiniLM-L6-v2"
    assert settings.ask_rate == 5 and settings.ask_period == 60.0
    assert settings.seed_new_servers is True and settings.allow_private_urls is False
    assert settings.max_article_bytes == 5_000_000 and settings.max_question_chars == 1000
    assert settings.data_dir == PROJECT_ROOT / "index"
    assert settings.seeds_dir == PROJECT_ROOT / "seeds"
    assert settings.dev_guild_id is None and settings.moderator_role is None


def test_dotenv_in_the_working_folder_is_read(tmp_path: Path) -> None:
    # hermetic_env chdirs to tmp_path, so this .env is the one Settings reads
    (tmp_path / ".env").write_text(
        "FOOTNOTE_ASK_RATE=9\nDISCORD_TOKEN=abc\nFOOTNOTE_DEV_GUILD_ID=123\nUNRELATED=1\n"
    )
    settings = load_settings()
    assert settings.ask_rate == 9
    assert settings.require_token() == "abc"
    assert settings.dev_guild_id == 123


def test_environment_beats_dotenv_and_overrides_beat_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("FOOTNOTE_ASK_RATE=9\n")
    monkeypatch.setenv("FOOTNOTE_ASK_RATE", "3")
    assert load_settings().ask_rate == 3
    assert load_settings(ask_rate=4).ask_rate == 4


def test_data_dir_comes_from_the_environment(hermetic_env: Path) -> None:
    assert load_settings().data_dir == hermetic_env


@pytest.mark.parametrize(
    ("env", "value"),
    [
        ("FOOTNOTE_ASK_RATE", "zero"), ("FOOTNOTE_ASK_RATE", "0"),
        ("FOOTNOTE_ASK_PERIOD", "-1"), ("FOOTNOTE_TORCH_THREADS", "0"),
        ("FOOTNOTE_MAX_ARTICLE_BYTES", "10"), ("FOOTNOTE_FETCH_TIMEOUT", "soon"),
        ("FOOTNOTE_ALLOW_PRIVATE_URLS", "perhaps"), ("FOOTNOTE_DEV_GUILD_ID", "my-server"),
        ("FOOTNOTE_MAX_QUESTION_CHARS", "5"), ("FOOTNOTE_SEED_NEW_SERVERS", "often"),
        ("FOOTNOTE_MAX_PARAGRAPHS", "0"),
    ],
)
def test_invalid_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert env in message
    assert ".env" in message and ".env.example" in message


def test_invalid_override_names_the_variable_too() -> None:
    with pytest.raises(ConfigError, match="FOOTNOTE_ASK_RATE"):
        load_settings(ask_rate=0)


@pytest.mark.parametrize("token", [None, "", "   "])
def test_require_token_says_how_to_set_it(token: str | None) -> None:
    settings = Settings(discord_token=token)
    with pytest.raises(ConfigError) as info:
        settings.require_token()
    message = str(info.value)
    assert "DISCORD_TOKEN" in message and ".env" in message
    assert "https://discord.com/developers/applications" in message


def test_require_token_strips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "  secret-token \n")
    settings = load_settings()
    assert settings.require_token() == "secret-token"
    assert "secret-token" not in repr(settings)  # a SecretStr is never printed
