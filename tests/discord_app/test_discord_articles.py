"""/article add|list|show|replace|remove: moderators only, progress, confirmation, audit."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.discord_app.cogs.articles import ONE_SOURCE, SEVERAL_FILES, ArticlesCog
from tests.discord_app.conftest import BotEnv, StartBot
from tests.discord_app.helpers import (
    MODERATOR_SENTENCE,
    SEED_TITLE,
    custom_ids,
    is_ephemeral,
    loopback_site,
    message_text,
    outcome,
)

STORY = ("Harbour bridge reopens\n\n"
         "The harbour bridge reopened on Monday after two years of repairs costing £40m.\n\n"
         "Engineers replaced every cable and repainted the towers in their original green.\n\n"
         "The mayor said traffic in the old town should fall by a third.")
HTML = ("<html><head><title>Lighthouse keepers return</title></head><body><article>"
        "<h1>Lighthouse keepers return</h1>"
        "<p>Keepers are returning to the Skerry lighthouse for the first time since 1998, "
        "the trust that runs it said on Friday.</p>"
        "<p>Two keepers will live on the rock for a month at a time and guide visitors.</p>"
        "<p>The lamp itself was automated decades ago and will stay that way.</p>"
        "</article></body></html>")


def snapshot(env: BotEnv) -> list[tuple[int, str, str]]:
    return [(a.id, a.title, a.content_hash) for a in env.library().articles()]


async def final_text(ix, timeout: float = 15) -> str:  # type: ignore[no-untyped-def]
    """What the command finally says (the public change, or the private refusal)."""
    text, _, _ = await outcome(ix, timeout)
    return text


@pytest.fixture
async def article_site() -> AsyncIterator[str]:
    """A loopback web server with one article page; yields its URL."""
    async def page(_: web.Request) -> web.Response:
        return web.Response(text=HTML, content_type="text/html")

    async with loopback_site({"/lighthouse.html": page}) as base:
        yield f"{base}/lighthouse.html"


@pytest.fixture
def slow_adds(env: BotEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    """Embedding takes 0.3 s (in the worker thread) and progress may be edited every
    0.05 s: long enough for progress lines to be shown."""
    monkeypatch.setattr(ArticlesCog, "progress_interval", 0.05)
    encode = env.app.encoder.encode

    def slow_encode(texts):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        return encode(texts)

    monkeypatch.setattr(env.app.encoder, "encode", slow_encode)


@pytest.mark.usefixtures("slow_adds")
async def test_add_by_text_shows_progress_and_ends_with_title_size_and_id(env: BotEnv) -> None:
    ix = await env.article("add", text=STORY, title="Bridge reopens")
    assert (await ix.wait_response())["type"] == 5
    text = await final_text(ix)
    assert text == "Added article 2: “Bridge reopens” (3 paragraphs)."
    progress = [f["content"] for f in ix.followups if f["action"] == "edit_original"][:-1]
    assert any(p.startswith("Embedding") and p.endswith("passages…") for p in progress), progress
    [added] = [a for a in env.library().articles() if a.id == 2]
    assert added.added_by == f"discord:{env.a.mod.id} (mod)"
    # The same text again is reported as a duplicate and changes nothing.
    before = snapshot(env)
    again = await env.article("add", text=STORY)
    assert "already in the library as article 2" in await final_text(again)
    assert snapshot(env) == before


async def test_add_by_file_attachment(env: BotEnv) -> None:
    ix = await env.article("add", attachments=[("bridge.txt", STORY.encode(), "text/plain")])
    assert (await final_text(ix)).startswith("Added article 2: “Harbour bridge reopens”")
    assert [a.title for a in env.library().articles()][-1] == "Harbour bridge reopens"


async def test_add_by_url_from_a_loopback_site(start_bot: StartBot, article_site: str) -> None:
    env = await start_bot(allow_private_urls=True)
    ix = await env.article("add", url=article_site)
    text = await final_text(ix)
    assert text.startswith("Added article 2: “Lighthouse keepers return”"), text
    assert any(f["content"].startswith("Fetching") for f in ix.followups[:-1])
    assert env.library().article(2).url == article_site


async def test_add_by_url_is_refused_for_private_addresses_by_default(
    env: BotEnv, article_site: str,
) -> None:
    before = snapshot(env)
    text = await final_text(await env.article("add", url=article_site))
    assert "127.0.0.1" in text or "private" in text.lower() or "local" in text.lower(), text
    assert snapshot(env) == before


async def test_add_takes_at_most_one_source(env: BotEnv) -> None:
    # (None at all opens the paste form: tests/discord_app/test_discord_paste.py.)
    response = await (await env.article("add", text=STORY,
                                        url="https://example.com/a")).wait_response()
    assert response["type"] == 4 and is_ephemeral(response)
    assert response["data"]["content"] == ONE_SOURCE


async def test_list_show_replace(env: BotEnv) -> None:
    listing = await env.article("list")
    [msg] = await listing.wait_followups(1)
    assert is_ephemeral(msg) and SEED_TITLE in message_text(msg) and not custom_ids(msg)
    shown = await env.article("show", article="1")
    [card] = await shown.wait_followups(1)
    assert is_ephemeral(card) and card["embeds"][0]["title"] == SEED_TITLE
    assert "¶ 2" in card["embeds"][0]["description"] and "Simon Bailey" in message_text(card)
    env.add_text(STORY, title="Bridge")
    replaced = await env.article("replace", article="2",
                                 text=STORY.replace("£40m", "£45m"), title="Bridge, costlier")
    assert await final_text(replaced) == "Replaced article 2: “Bridge, costlier” (3 paragraphs)."
    assert "£45m" in env.library().article(2).text
    missing = await env.article("show", article="99")
    assert "There is no article 99 in this library" in await final_text(missing)


async def test_list_is_paginated_for_the_invoker_only(start_bot: StartBot) -> None:
    env = await start_bot(seed_new_servers=False)
    for n in range(12):
        env.add_text(f"Story {n}\n\nParagraph about topic number {n}.",
                         title=f"Story {n:02d}")
    ix = await env.article("list")
    [msg] = await ix.wait_followups(1)
    assert "Story 00" in message_text(msg) and "Story 10" not in message_text(msg)
    assert msg["embeds"][0]["footer"]["text"] == "Page 1 of 2"
    [_, next_id] = custom_ids(msg)
    intruder = await env.fake.click_button(msg, next_id, env.a.alice)
    assert "Only the person who ran this command" in (await intruder.wait_response())[
        "data"]["content"]
    click = await env.fake.click_button(msg, next_id, env.a.mod)
    assert (await click.wait_response())["type"] == 7
    page2 = env.fake.messages[int(msg["id"])]
    assert "Story 10" in message_text(page2) and "Page 2 of 2" in message_text(page2)


async def test_remove_asks_and_only_the_invoker_can_confirm(env: BotEnv) -> None:
    env.add_text(STORY, title="Bridge")
    ix = await env.article("remove", article="2")
    [prompt] = await ix.wait_followups(1)
    assert "Remove article 2: “Bridge”?" in prompt["content"]
    confirm, _ = custom_ids(prompt)
    refused = await env.fake.click_button(prompt, confirm, env.a.curator)
    assert is_ephemeral((await refused.wait_response())["data"])
    assert 2 in [a.id for a in env.library().articles()]
    click = await env.fake.click_button(prompt, confirm, env.a.mod)
    assert (await click.wait_response())["type"] == 7
    done = await click.wait_original(lambda m: m["content"].startswith("Removed"))
    assert done["content"] == "Removed article 2: “Bridge”." and done["components"] == []
    assert [a.id for a in env.library().articles()] == [1]
    log = env.library().store.audit_log()
    assert any(e["action"] == "remove" and e["actor"] == f"discord:{env.a.mod.id} (mod)"
               for e in log), log


async def test_remove_can_be_cancelled_or_time_out(env: BotEnv,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ix = await env.article("remove", article="1")
    [prompt] = await ix.wait_followups(1)
    click = await env.fake.click_button(prompt, custom_ids(prompt)[1], env.a.mod)
    await click.wait_response()
    assert "Nothing was removed" in env.fake.messages[int(prompt["id"])]["content"]
    monkeypatch.setattr(ArticlesCog, "confirm_timeout", 0.2)
    late = await env.article("remove", article="1", user=env.a.curator)
    [prompt] = await late.wait_followups(1)
    expired = await late.wait_original(lambda m: "was kept" in m["content"], timeout=5)
    assert expired["components"] == [] and "No answer within 0.2 seconds" in expired["content"]
    assert [a.id for a in env.library().articles()] == [1]


@pytest.mark.parametrize(("sub", "options"), [
    ("add", {"text": STORY}), ("list", {}), ("show", {"article": "1"}),
    ("replace", {"article": "1", "text": STORY}), ("remove", {"article": "1"}),
])
async def test_every_article_command_is_refused_to_plain_members(
    env: BotEnv, sub: str, options: dict[str, str],
) -> None:
    before = snapshot(env)
    response = await (await env.article(sub, env.a.alice, **options)).wait_response()
    assert response["type"] == 4 and is_ephemeral(response)
    assert response["data"]["content"] == MODERATOR_SENTENCE
    await asyncio.sleep(0.05)
    assert snapshot(env) == before


async def test_the_group_is_hidden_from_members_by_default(env: BotEnv) -> None:
    [group] = [c for c in env.fake.registered_commands[None] if c["name"] == "article"]
    assert int(group["default_member_permissions"]) == 1 << 5  # Manage Server
    assert group["contexts"] == [0]  # servers only
    [ask] = [c for c in env.fake.registered_commands[None] if c["name"] == "ask"]
    assert ask["default_member_permissions"] is None


async def test_the_moderator_role_may_curate(env: BotEnv) -> None:
    ix = await env.article("add", env.a.curator, text=STORY)
    assert (await final_text(ix)).startswith("Added article 2")
    assert env.library().article(2).added_by == f"discord:{env.a.curator.id} (curator)"


@pytest.mark.usefixtures("slow_adds")
async def test_add_several_files_at_once(env: BotEnv) -> None:
    """/article add with several attachments: each added, a bad one reported, none lost;
    "Adding 2 of 4…" lines while it works, replaced in place by the report."""
    before = snapshot(env)
    ix = await env.article("add", attachments=[
        ("bridge.txt", STORY.encode(), "text/plain"),
        ("keepers.html", HTML.encode(), "text/html"),
        ("broken.pdf", b"%PDF-1.4 not really a PDF", "application/pdf"),
        ("again.txt", STORY.encode(), "text/plain"),
    ])
    assert (await ix.wait_response())["type"] == 5  # deferred, public
    text = await final_text(ix)
    lines = text.replace("\\", "").splitlines()  # as Discord shows it: markdown escapes gone
    assert lines[0] == "Added article 2: Harbour bridge reopens (3 passages)."
    assert lines[1] == "Added article 3: Lighthouse keepers return (3 passages)."
    assert lines[2].startswith("Already in the library as article 2")
    assert "4 items: 2 added, 1 duplicate, 1 failed." in lines
    assert any("broken.pdf" in line and "damaged or not a PDF" in line for line in lines)
    edits = [f["content"] for f in ix.followups if f["action"] == "edit_original"]
    assert any(e.startswith("Adding ") and " of 4: " in e for e in edits[:-1]), edits
    assert edits[-1] == text and not [f for f in ix.followups if f["action"] != "edit_original"]
    after = snapshot(env)
    assert after[: len(before)] == before
    assert [a.title for a in env.library().articles()][-2:] == [
        "Harbour bridge reopens", "Lighthouse keepers return"]
    assert {a.added_by for a in env.library().articles()[-2:]} == {f"discord:{env.a.mod.id} (mod)"}


async def test_several_files_take_no_other_source(env: BotEnv) -> None:
    response = await (await env.article("add", text="x", attachments=[
        ("a.txt", STORY.encode(), "text/plain"), ("b.html", HTML.encode(), "text/html"),
    ])).wait_response()
    assert response["type"] == 4 and is_ephemeral(response)
    assert response["data"]["content"] == SEVERAL_FILES
