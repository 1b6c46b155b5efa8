"""``footnote run``: start the Discord bot until it is stopped.

Fails fast, with one sentence the CLI prints, when ``DISCORD_TOKEN`` is missing
(:meth:`Settings.require_token`), when Discord refuses the token, or when the
message content intent is not switched on — before loading the model for the
first check, so the mistake shows at once.
"""

from __future__ import annotations

import gc
import logging
import logging.handlers
from typing import TYPE_CHECKING

import discord
import yarl

from bot.errors import ConfigError
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.service import Footnote

log = logging.getLogger("footnote.discord")

DEFAULT_API_BASE = "https://discord.com/api/v10"


def point_discord_at(settings: Settings) -> None:
    """Use ``DISCORD_API_BASE`` / ``DISCORD_GATEWAY_URL`` instead of Discord, when set.

    A plain ``commands.Bot`` never asks ``GET /gateway``, so the gateway URL must be
    set as well as the REST base (see shared/DISCORD_TESTING.md).
    """
    if settings.discord_api_base:
        discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def configure_logging(settings: Settings) -> None:
    """Log to stderr and to ``<data dir>/footnote.log`` (the "bot's log" users are sent to)."""
    level = getattr(logging, settings.log_level.upper(), logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    root.setLevel(level)
    if not any(isinstance(h, logging.StreamHandler) for h in root.handlers):
        stream = logging.StreamHandler()
        stream.setFormatter(fmt)
        root.addHandler(stream)
    for handler in root.handlers:
        handler.setLevel(level)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        file = logging.handlers.RotatingFileHandler(
            settings.data_dir / "footnote.log", maxBytes=5_000_000, backupCount=3,
            encoding="utf-8")
    except OSError as exc:
        log.warning("cannot write the log file in %s: %s", settings.data_dir, exc)
        return
    file.setFormatter(fmt)
    file.setLevel(level)
    root.addHandler(file)


def warm_up(app: Footnote) -> None:
    """Load the model now rather than on the first question, then freeze the heap.

    ``gc.freeze()`` moves the ~500,000 objects that torch and transformers leave
    behind out of the collector's reach. Without it the first full collection
    after a burst of questions walks them all while holding the GIL: measured at
    about 230 ms of frozen event loop (bench/bench_discord_load.py); with it the
    longest stall in the same run is about 40 ms.
    """
    app.encoder.encode(["warm up"])
    gc.collect()
    gc.freeze()


def run_bot(settings: Settings) -> int:
    """Run the bot; returns the exit code. :class:`ConfigError` (a sentence) propagates."""
    token = settings.require_token()
    configure_logging(settings)
    point_discord_at(settings)

    from bot.discord_app.client import FootnoteBot
    from bot.service import Footnote

    app = Footnote(settings)
    log.info("loading the model…")
    warm_up(app)
    bot = FootnoteBot(app, settings)
    try:
        bot.run(token, log_handler=None)  # logging is configured above
    except discord.LoginFailure as exc:
        raise ConfigError(
            "Discord did not accept DISCORD_TOKEN. Copy the token again from the Bot page of "
            "your application at https://discord.com/developers/applications (Reset Token) "
            "and put it in .env."
        ) from exc
    except discord.PrivilegedIntentsRequired as exc:
        raise ConfigError(
            "Footnote needs the Message Content intent. Switch it on under Bot → Privileged "
            "Gateway Intents at https://discord.com/developers/applications, then start again."
        ) from exc
    return 0
