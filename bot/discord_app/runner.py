"""``footnote run`` (the Discord bot until it is stopped) and ``footnote sync``.

Fails fast, with one sentence the CLI prints, when ``DISCORD_TOKEN`` is missing
(:meth:`Settings.require_token`), when Discord refuses the token, when Discord cannot be
reached (the name does not resolve, the connection is refused or times out: the
sentence says which and where), or when Discord refuses a privileged intent. The token
and the network are checked by logging in *before* the model is loaded, so those
mistakes show within a second instead of after the model's load.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import logging.handlers
import signal
import socket
from typing import TYPE_CHECKING

import aiohttp
import discord
import yarl

from bot.answering import word_frequency
from bot.errors import ConfigError
from bot.nlp import get_nlp
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.discord_app.client import FootnoteBot
    from bot.service import Footnote

log = logging.getLogger("footnote.discord")

DEFAULT_API_BASE = "https://discord.com/api/v10"
TOKEN_REFUSED = (
    "Discord did not accept DISCORD_TOKEN. Copy the token again from the Bot page of "
    "your application at https://discord.com/developers/applications (Reset Token) "
    "and put it in .env."
)
INTENT_REFUSED = (
    "Discord refused the Message Content intent that FOOTNOTE_MESSAGE_CONTENT_INTENT=true "
    "asks for. Switch it on under Bot → Privileged Gateway Intents at "
    "https://discord.com/developers/applications, or set FOOTNOTE_MESSAGE_CONTENT_INTENT=false "
    "(slash commands, buttons and mentions work without it)."
)


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
    longest stall in the same run is about 40 ms. The spaCy pipeline is loaded here
    too: loaded later (by the first server's seed article) its ~100,000 objects made
    the first burst's full collection stall the loop for 135-230 ms.
    """
    app.encoder.encode(["warm up"])
    if app.ranking_encoder is not None:  # the rankers' second model, loaded now too
        app.ranking_encoder.encode(["warm up"])
    app.answerer.background.warm()  # encoded once per model on this machine, then read
    word_frequency.warm()  # the English word table the refusal weighs (~30 ms, 39,000 stems)
    get_nlp()  # spaCy (every add and the quiz read with it): its objects frozen too
    gc.collect()
    gc.freeze()


def network_sentence(exc: BaseException) -> str:
    """What failed when Discord could not be reached, in one sentence."""
    base = yarl.URL(discord.http.Route.BASE)
    where = f"{base.host}" + (f":{base.port}" if base.port not in (None, 80, 443) else "")
    hint = ("Check this machine's internet connection" +
            (" and DISCORD_API_BASE" if discord.http.Route.BASE != DEFAULT_API_BASE else "") + ".")
    inner = getattr(exc, "os_error", None) or exc.__cause__ or exc
    if isinstance(inner, socket.gaierror) or isinstance(exc, aiohttp.ClientConnectorDNSError):
        return f"Could not reach Discord: the name {base.host} does not resolve (DNS). {hint}"
    if isinstance(inner, ConnectionRefusedError):
        return f"Could not reach Discord: {where} refused the connection. {hint}"
    if isinstance(exc, TimeoutError):
        return f"Could not reach Discord: {where} did not answer in time. {hint}"
    return f"Could not reach Discord at {where}: {inner}. {hint}"


async def login(bot: FootnoteBot, token: str) -> None:
    """Log in over REST (and sync commands as the bot's mode says); a sentence on failure."""
    try:
        await bot.login(token)
    except discord.LoginFailure as exc:
        raise ConfigError(TOKEN_REFUSED) from exc
    except (aiohttp.ClientConnectionError, OSError, TimeoutError) as exc:
        raise ConfigError(network_sentence(exc)) from exc


async def serve(app: Footnote, settings: Settings, token: str) -> None:
    """Log in, load the model, then stay connected until stopped."""
    from bot.discord_app.client import FootnoteBot

    async with FootnoteBot(app, settings) as bot:
        await login(bot, token)
        await asyncio.to_thread(app.storage.prepare)  # a database that is down or too new: now
        log.info("loading the model…")
        await asyncio.to_thread(warm_up, app)
        try:
            await bot.connect()
        except discord.PrivilegedIntentsRequired as exc:
            raise ConfigError(INTENT_REFUSED) from exc


async def serve_until_stopped(app: Footnote, settings: Settings, token: str) -> None:
    """:func:`serve`, stopped cleanly by SIGTERM (what a service manager or ``docker stop``
    sends) as by Ctrl-C: the gateway closed, the engine's threads stopped, exit code 0."""
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    terminated: list[bool] = []

    def terminate() -> None:
        terminated.append(True)
        if task is not None:
            task.cancel()

    with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows; not main thread
        loop.add_signal_handler(signal.SIGTERM, terminate)
    try:
        await serve(app, settings, token)
    except asyncio.CancelledError:
        if not terminated:
            raise
        log.info("stopped (SIGTERM)")
    finally:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.remove_signal_handler(signal.SIGTERM)


def run_bot(settings: Settings) -> int:
    """Run the bot; returns the exit code. :class:`ConfigError` (a sentence) propagates."""
    token = settings.require_token()
    configure_logging(settings)
    point_discord_at(settings)

    from bot.service import Footnote

    try:
        asyncio.run(serve_until_stopped(Footnote(settings), settings, token))
    except KeyboardInterrupt:
        log.info("stopped")
    return 0


async def sync_now(settings: Settings, token: str) -> str:
    """Log in over REST only and sync every command scope; the sentence to print."""
    from bot.discord_app.client import FootnoteBot
    from bot.service import Footnote

    async with FootnoteBot(Footnote(settings), settings, sync="force") as bot:
        await login(bot, token)
        result = bot.sync_result
    if result is None or not result.ok:
        failed = ", ".join(result.failed) if result else "all"
        raise ConfigError(f"Syncing the slash commands failed ({failed}); the bot's log says "
                          "why. Nothing else changed.")
    return f"Synced the slash commands: {', '.join(result.synced)}."


def run_sync(settings: Settings) -> int:
    """``footnote sync``: upload the slash commands now, whatever changed. Exit code."""
    token = settings.require_token()
    configure_logging(settings)
    point_discord_at(settings)
    print(asyncio.run(sync_now(settings, token)))
    return 0
