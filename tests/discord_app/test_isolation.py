"""Isolation and permissions through every Discord entry point.

A member of server A must not read, quiz on, change, or learn the titles of server
B's articles through any command, option, autocomplete, button or crafted
interaction; a member without moderator rights (in *that* server) must not change
any library by any path. Every refusal is a specific sentence (ephemeral where
Discord allows), never an apology for a bug, and both libraries stay exactly as
they were: same articles, same content hashes, same store generation.

``test_discord_isolation.py`` proves the basics (per-server ids, declines,
feedback); this file extends it to typed ids and titles on every command, the
first-use path, every autocomplete, other people's and expired buttons, DMs,
crafted interactions and the moderator role of another server. The shared checks
(``fingerprint``, ``outcome``, ``assert_human``...) are imported by
``test_hostile_discord.py``.
"""

from __future__ import annotations

import contextlib
import copy
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from aiohttp import web

from bot.discord_app.checks import SERVERS_ONLY
from bot.discord_app.client import EXPIRED_BUTTONS
from bot.discord_app.cogs.articles import ArticlesCog
from bot.discord_app.errors import APOLOGY
from bot.discord_app.views.feedback import NOT_ON_RECORD
from bot.discord_app.views.owned import NOT_YOURS
from tests.discord_app.conftest import MANAGE_GUILD, BotEnv, Server, StartBot
from tests.discord_app.helpers import (
    MODERATOR_SENTENCE,
    custom_ids,
    loopback_site,
    outcome,
)
from tests.fakediscord import FakeChannel, FakeDiscord
from tests.fakediscord.state import FakeMember, snowflake

ZEPPELIN = ("Zeppelin museum opens\n\n"
            "The Friedrichshafen zeppelin museum opened a hall of gondolas on Saturday.\n\n"
            "Curator Ilse Brandt said the Hindenburg gondola replica drew the biggest crowd.")
B_STORIES = {
    "Otter census": "Volunteers counted 212 otters along the river Tamar this spring.",
    "Beaver dams": "Beavers built four new dams on the Otter river in Devon last year.",
    "Kingfisher nests": "Kingfisher nests were found in nine banks near Launceston.",
}
B_SECRETS = ("Otter", "Beaver", "Kingfisher", "Tamar", "Launceston", "212")
A_TITLES = {"Zeppelin museum opens"}
NEW_TEXT = "Brand new text\n\nA replacement paragraph that must never be stored anywhere."
ENGINE_METHODS = ("ask", "record_answer", "feedback", "list_articles", "show_article",
                  "remove_article", "add_text", "add_bytes", "add_url", "add_file")


# -- shared checks (also used by test_hostile_discord.py) ------------------------------------
def fingerprint(env: BotEnv, server: Server | None = None) -> tuple[int, list[tuple[Any, ...]]]:
    """Everything that must not change: generation, and each article's id, title, hash, size."""
    lib = env.library(server)
    return lib.store.generation(), [(a.id, a.title, a.content_hash, a.passage_count, a.url)
                                    for a in lib.articles()]


def assert_human(text: str, msg: dict[str, Any] | None = None) -> None:
    """A sentence for a person: not empty, not a bug's apology, no traceback, no pings."""
    assert text.strip(), "the bot said nothing"
    assert text != APOLOGY and "something went wrong" not in text, text
    for leak in ("Traceback", "Error:", "Exception", "error 500", "Internal Server Error",
                 "File \"/", "NoneType"):
        assert leak not in text, f"{leak!r} shown to the user: {text!r}"
    assert "@everyone" not in text and "@here" not in text, text
    if msg is not None and "allowed_mentions" in msg:
        assert msg["allowed_mentions"].get("parse") == [], msg["allowed_mentions"]


@contextlib.contextmanager
def no_logged_bugs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail if the adapter logged an unexpected error (the apology path) meanwhile."""
    with caplog.at_level(logging.WARNING, logger="footnote.discord"):
        start = len(caplog.records)
        yield
        bugs = [r for r in caplog.records[start:]
                if r.levelno >= logging.ERROR and r.name.startswith("footnote")]
        assert not bugs, [(r.getMessage(), r.exc_info) for r in bugs]


def spy_engine(env: BotEnv, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record ``(method, library)`` for every engine call the bot makes, still doing them."""
    calls: list[tuple[str, str]] = []
    for name in ENGINE_METHODS:
        real = getattr(env.app, name)

        def spy(library: str, *args: Any, _name: str = name, _real: Any = real,
                **kwargs: Any) -> Any:
            calls.append((_name, library))
            return _real(library, *args, **kwargs)

        monkeypatch.setattr(env.app, name, spy)
    return calls


@contextlib.contextmanager
def tampered(fake: FakeDiscord, mutate: Callable[[dict[str, Any]], None]) -> Iterator[None]:
    """Let a test forge what the gateway sends: ``mutate`` edits a copy of each
    INTERACTION_CREATE (the fake keeps its own record, which it needs to answer)."""
    real = fake.gateway.dispatch

    def dispatch(event: str, data: dict[str, Any]) -> int:
        if event == "INTERACTION_CREATE":
            data = copy.deepcopy(data)
            mutate(data)
        return real(event, data)

    fake.gateway.dispatch = dispatch  # type: ignore[method-assign]
    try:
        yield
    finally:
        del fake.gateway.dispatch


def as_dm(fake: FakeDiscord, dm_id: int) -> Callable[[dict[str, Any]], None]:
    """A mutation that turns a server interaction into one from a direct message."""
    def mutate(data: dict[str, Any]) -> None:
        user = data.pop("member")["user"]
        for key in ("guild_id", "guild", "app_permissions"):
            data.pop(key, None)
        data.update(user=user, context=1, channel_id=str(dm_id),
                    channel={"id": str(dm_id), "type": 1, "recipients": [user],
                             "last_message_id": None, "flags": 0},
                    authorizing_integration_owners={"1": user["id"]})
    return mutate


def dm_channel(fake: FakeDiscord, server: Server) -> int:
    """A channel id the fake accepts bot posts in, standing for a DM (the fake has no DMs)."""
    dm = FakeChannel(snowflake(), server.guild.id, "dm", type=1)
    fake.channels[dm.id] = dm  # not in the guild's channel list: the bot never sees it there
    return dm.id


def dm_message(fake: FakeDiscord, dm_id: int, user: Any, content: str) -> dict[str, Any]:
    """MESSAGE_CREATE of a direct message (no guild_id), as Discord sends it."""
    author = fake.users[user.id]
    mention = [fake.bot_user] if f"<@{fake.bot_id}>" in content else []
    return {"id": str(snowflake()), "channel_id": str(dm_id), "author": author,
            "content": content, "timestamp": "2025-01-01T00:00:00+00:00",
            "edited_timestamp": None, "tts": False, "mention_everyone": False,
            "mentions": mention, "mention_roles": [], "attachments": [], "embeds": [],
            "components": [], "pinned": False, "type": 0, "flags": 0}


# -- the world -------------------------------------------------------------------------------
async def two_servers(start_bot: StartBot, *, open_a: bool = True, **settings: Any) -> BotEnv:
    """A has one article (id 1); B has three (ids 1-3). A's library is opened only if asked."""
    settings.setdefault("ask_rate", 1000)
    env = await start_bot(servers=2, seed_new_servers=False, **settings)
    for title, body in B_STORIES.items():
        env.add_text(f"{title}\n\n{body}", title=title, server=env.b)
    if open_a:
        assert env.add_text(ZEPPELIN, title="Zeppelin museum opens", server=env.a) == 1
    return env


def assert_no_b(text: str) -> None:
    for secret in B_SECRETS:
        assert secret not in text, f"server B's {secret!r} leaked into server A: {text!r}"


def libraries_touched(calls: list[tuple[str, str]]) -> set[str]:
    return {library for _, library in calls}


@pytest.fixture
async def counting_site() -> AsyncIterator[tuple[str, list[str]]]:
    """A loopback site whose page is a fine article; yields (url, list of paths requested)."""
    hits: list[str] = []

    async def page(request: web.Request) -> web.Response:
        hits.append(request.path)
        return web.Response(text=f"<html><body><article><h1>Site</h1><p>{NEW_TEXT * 3}</p>"
                                 "</article></body></html>", content_type="text/html")

    async with loopback_site({"/article.html": page}) as base:
        yield f"{base}/article.html", hits


# -- reading another server's articles ---------------------------------------------------------
async def test_typed_ids_and_titles_of_server_b_are_not_found_from_a(
    start_bot: StartBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    """/ask, /article show|replace|remove with B's id or title, typed: "not in this library"."""
    env = await two_servers(start_bot, open_a=False)
    before_b = fingerprint(env, env.b)
    calls = spy_engine(env, monkeypatch)
    a = env.a
    with no_logged_bugs(caplog):
        # First use of A's library (not yet open): the id is checked after the defer.
        first = await env.ask("How many otters were counted?", server=a, article="3")
        text, _, msg = await outcome(first)
        assert "There is no article 3 in this library" in text, text
        assert_human(text, msg)
        assert_no_b(text)
        assert env.add_text(ZEPPELIN, title="Zeppelin museum opens", server=a) == 1
        before_a = fingerprint(env, a)
        probes: list[tuple[str, str | None, dict[str, Any]]] = []
        for value in ("3", "2", "Kingfisher nests", "kingfisher", "Otter census"):
            probes += [("ask", None, {"question": "Where were the nests found?", "article": value}),
                       ("article", "show", {"article": value}),
                       ("article", "replace", {"article": value, "text": NEW_TEXT}),
                       ("article", "remove", {"article": value})]
        for name, sub, options in probes:
            ix = await env.slash(name, a.mod, server=a, subcommand=sub, options=options)
            text, ephemeral, msg = await outcome(ix)
            assert ("There is no article" in text or "There is no single article called" in text
                    ), (name, sub, options, text)
            assert ephemeral, (name, sub, options, text)  # A's library is open: before the defer
            assert_human(text, msg)
            assert_no_b(text.replace(options["article"], ""))  # only echoes what was typed
        # A's mod lists A's library: only A's titles.
        listing = await env.article("list", server=a)
        text, ephemeral, _ = await outcome(listing)
        assert ephemeral and "Zeppelin" in text
        assert_no_b(text)
    assert env.library(a).store.audit_log()[-1]["action"] == "add"  # nothing removed/replaced
    assert fingerprint(env, a) == before_a and fingerprint(env, env.b) == before_b
    assert libraries_touched(calls) == {a.library_name}, calls


async def test_autocomplete_offers_only_the_servers_own_titles(start_bot: StartBot) -> None:
    """Every ``article`` option, whatever is typed (B's titles, B's ids): only A's titles."""
    env = await two_servers(start_bot)
    fake, a = env.fake, env.a
    options = [("ask", None), ("article", "show"), ("article", "replace"), ("article", "remove"),
               ("quiz", "start")]
    for command, sub in options:
        for user in (a.alice, a.mod):
            for typed in ("", "Otter", "kingfisher", "2", "3", "nests", "Beaver dams · #2"):
                choices = await fake.autocomplete(a.guild.id, a.channel.id, user, command,
                                                  subcommand=sub, focused="article",
                                                  options={"article": typed})
                names = {c["name"].rsplit(" · #", 1)[0] for c in choices}
                assert names <= A_TITLES, (command, sub, typed, choices)
                assert {c["value"] for c in choices} <= {"1"}
                if typed == "":
                    assert names == A_TITLES


async def test_quiz_on_server_b_article_is_not_found(start_bot: StartBot,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """/quiz start article:<B's id or title> from A: not found, nothing of B shown."""
    env = await two_servers(start_bot)
    commands = {c["name"]: c for c in env.fake.registered_commands[None]}
    subs = {o["name"] for o in commands["quiz"].get("options") or [] if o["type"] == 1}
    assert "start" in subs, subs  # a renamed quiz cog or command fails here, never skips
    sub = "start"
    before = (fingerprint(env, env.a), fingerprint(env, env.b))
    calls = spy_engine(env, monkeypatch)
    for value in ("3", "Kingfisher nests"):
        ix = await env.slash("quiz", env.a.alice, subcommand=sub, options={"article": value})
        text, _, msg = await outcome(ix)
        assert_human(text, msg)
        assert_no_b(text.replace(value, ""))
        assert "no article" in text.lower() or "no single article" in text.lower(), text
    assert env.b.library_name not in libraries_touched(calls)
    assert (fingerprint(env, env.a), fingerprint(env, env.b)) == before


# -- changing a library without the right --------------------------------------------------------
async def test_plain_members_cannot_change_the_library_by_any_source(
    start_bot: StartBot, counting_site: tuple[str, list[str]],
) -> None:
    """Hidden /article commands forged by a plain member: refused before any download or fetch.

    ``allow_private_urls`` is on and the site is up, so a fetch *would* succeed.
    """
    url, hits = counting_site
    env = await two_servers(start_bot, allow_private_urls=True)
    a, fake = env.a, env.fake
    before = fingerprint(env, a)
    attachment = ("story.txt", NEW_TEXT.encode(), "text/plain")
    attempts: list[tuple[str, dict[str, Any], list[Any]]] = [
        ("add", {"text": NEW_TEXT}, []), ("add", {"url": url}, []), ("add", {}, [attachment]),
        ("replace", {"article": "1", "text": NEW_TEXT}, []),
        ("replace", {"article": "1", "url": url}, []),
        ("replace", {"article": "1"}, [attachment]), ("remove", {"article": "1"}, []),
    ]
    for sub, options, files in attempts:
        ix = await env.article(sub, a.alice, attachments=files, **options)
        text, ephemeral, msg = await outcome(ix)
        assert (text, ephemeral) == (MODERATOR_SENTENCE, True), (sub, options, text)
        assert_human(text, msg)
    # Each refusal is the check's answer, sent before any command body could run: nothing
    # was fetched or downloaded by then, and nothing can be later.
    assert hits == [], "the URL was fetched for a member who may not add articles"
    assert not [r for r in fake.requests if r[1].startswith("/attachments/")], \
        "the attachment was downloaded for a member who may not add articles"
    assert fingerprint(env, a) == before


async def test_only_the_moderator_who_asked_can_confirm_a_removal(start_bot: StartBot) -> None:
    """A plain member, another moderator, and B's moderator forging a click from B: refused."""
    env = await two_servers(start_bot)
    a, b, fake = env.a, env.b, env.fake
    before_b = fingerprint(env, b)
    prompt_ix = await env.article("remove", a.mod, article="1")
    [prompt] = await prompt_ix.wait_followups(1)
    confirm, _ = custom_ids(prompt)
    clicks = [await fake.click_button(prompt, confirm, intruder)
              for intruder in (a.alice, a.curator)]
    b_mod = fake.guilds[b.guild.id].members[b.mod.id]

    def from_b(data: dict[str, Any]) -> None:  # B's moderator, in B, clicking A's prompt
        data.update(guild_id=str(b.guild.id), channel_id=str(b.channel.id),
                    guild={"id": str(b.guild.id), "locale": "en-US", "features": []},
                    channel=fake.channels[b.channel.id].payload(),
                    member=b_mod.payload(permissions=MANAGE_GUILD))

    with tampered(fake, from_b):
        clicks.append(await fake.click_button(prompt, confirm, a.alice))
    for click in clicks:
        text, ephemeral, _ = await outcome(click)
        assert (text, ephemeral) == (NOT_YOURS, True)
    assert [x.id for x in env.library(a).articles()] == [1]
    # The moderator who asked can still confirm: A's article goes, B's library stays.
    done = await fake.click_button(prompt, confirm, a.mod)
    await done.wait_original(lambda m: m["content"].startswith("Removed"))
    assert env.library(a).articles() == []
    assert fingerprint(env, b) == before_b


async def test_an_expired_prompt_changes_nothing_and_says_so(
    start_bot: StartBot, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After the timeout the buttons are gone; a stale click (old client, or a restart)
    is told the buttons expired instead of "This interaction failed", and removes nothing."""
    env = await two_servers(start_bot)
    a, fake = env.a, env.fake
    monkeypatch.setattr(ArticlesCog, "confirm_timeout", 0.2)
    monkeypatch.setattr(type(env.bot), "unhandled_grace", 0.3)
    before = fingerprint(env, a)
    ix = await env.article("remove", a.mod, article="1")
    [prompt] = await ix.wait_followups(1)
    stale = dict(prompt)  # what a client that missed the edit still shows
    await ix.wait_original(lambda m: m["components"] == [], timeout=5)
    fake.messages[int(prompt["id"])]["components"] = stale["components"]  # the stale view
    click = await fake.click_button(prompt, custom_ids(stale)[0], a.mod)
    text, ephemeral, _ = await outcome(click, timeout=5)
    assert (text, ephemeral) == (EXPIRED_BUTTONS, True), text
    assert_human(text)
    assert fingerprint(env, a) == before


async def test_forged_vote_buttons_touch_nothing(start_bot: StartBot,
                                                caplog: pytest.LogCaptureFixture) -> None:
    """Vote buttons carry the answer id in their custom id; forged ones (absurd ids, another
    server's answer ids) are told the answer is not on record, and no vote is stored."""
    env = await two_servers(start_bot)
    a, b, fake = env.a, env.b, env.fake
    answer = await outcome(await env.ask("How many otters were counted?", b.alice, server=b))
    assert "212" in answer[0]  # B's answer 1; A has recorded no answer yet
    forged_ids = ["fn:fb:99999999999999999999999999:1", "fn:fb:9223372036854775808:0",
                  "fn:fb:0:1", "fn:fb:1:1"]
    msg = fake.create_message(a.channel.id, fake.bot_user, {"content": "forged", "components": [
        {"type": 1, "components": [{"type": 2, "style": 2, "label": "x", "custom_id": cid}]}
        for cid in forged_ids]})
    with no_logged_bugs(caplog):
        for cid in forged_ids:
            text, ephemeral, _ = await outcome(await fake.click_button(msg, cid, a.alice))
            assert (text, ephemeral) == (NOT_ON_RECORD, True), (cid, text)
    assert env.library(a).store.feedback() == [] and env.library(b).store.feedback() == []


async def test_direct_messages_get_one_sentence_and_touch_no_library(
    start_bot: StartBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    """A mention in a DM, /ask in a DM, and a forged /article add|remove in a DM."""
    env = await two_servers(start_bot)
    a, fake = env.a, env.fake
    before = fingerprint(env, a), fingerprint(env, env.b)
    calls = spy_engine(env, monkeypatch)
    dm = dm_channel(fake, a)
    with no_logged_bugs(caplog):
        for content in (f"<@{fake.bot_id}> How many otters were counted?",
                        f"<@{fake.bot_id}> @everyone <@&{a.guild.id}>", "hello"):
            fake.gateway.dispatch("MESSAGE_CREATE", dm_message(fake, dm, a.mod, content))
            reply = await fake.next_channel_message(dm)
            assert reply["content"] == SERVERS_ONLY
            assert reply["allowed_mentions"]["parse"] == []
        with tampered(fake, as_dm(fake, dm)):
            asked = await env.ask("How many otters were counted?", a.mod, article="1")
            added = await env.article("add", a.mod, text=NEW_TEXT)
            removed = await env.article("remove", a.mod, article="1")
            quizzed = await env.slash("quiz", a.mod, subcommand="start",
                                      options={"article": "1"})
        for ix in (asked, added, removed, quizzed):
            text, ephemeral, msg = await outcome(ix)
            assert (text, ephemeral) == (SERVERS_ONLY, True), text
            assert_human(text, msg)
    assert calls == []  # no engine call at all
    assert (fingerprint(env, a), fingerprint(env, env.b)) == before


async def test_the_moderator_role_of_server_a_gives_no_rights_in_server_b(
    start_bot: StartBot,
) -> None:
    """A's curator joins B as a plain member; and a forged payload carrying A's role id."""
    env = await two_servers(start_bot)
    a, b, fake = env.a, env.b, env.fake
    before = fingerprint(env, b)
    fake.guilds[b.guild.id].members[a.curator.id] = FakeMember(fake.users[a.curator.id],
                                                               b.guild.id)
    [a_role] = [r for r in fake.guilds[a.guild.id].roles.values() if r.name == "Curators"]

    def carry_a_role(data: dict[str, Any]) -> None:
        data["member"]["roles"] = [str(a_role.id)]

    tries = []
    for sub, options in (("add", {"text": NEW_TEXT}), ("remove", {"article": "1"}),
                         ("replace", {"article": "2", "text": NEW_TEXT})):
        tries.append(await env.article(sub, a.curator, server=b, **options))
        with tampered(fake, carry_a_role):
            tries.append(await env.article(sub, a.curator, server=b, **options))
    for ix in tries:
        text, ephemeral, msg = await outcome(ix)
        assert (text, ephemeral) == (MODERATOR_SENTENCE, True), text
        assert_human(text, msg)
    assert fingerprint(env, b) == before
    # B's own curator (B's role of that name) may: the check is per server, not broken.
    ok = await env.article("add", b.curator, server=b, text=NEW_TEXT)
    text, _, _ = await outcome(ok)
    assert text.startswith("Added article 4"), text
    assert fingerprint(env, a)[1][0][1] == "Zeppelin museum opens"
