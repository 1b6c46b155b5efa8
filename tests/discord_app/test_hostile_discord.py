"""Hostile input through every Discord entry point, concurrency, and the soak bench's core.

Each hostile case must end in a specific sentence for the person (ephemeral where
it can be decided before the "thinking…" defer), never an apology for a bug or a
traceback, never a ping, and with the server's library exactly as before
(articles, content hashes and store generation). The engine's own hostile tests
live in tests/hostile/; these drive the same inputs through the real discord.py
client and the loopback fake, so the adapter's checks, defers and error paths
are what is proven here.
"""

from __future__ import annotations

import asyncio
import io
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from bot.discord_app.client import EXPIRED_FORM, FootnoteBot
from bot.discord_app.cogs.articles import ONE_SOURCE
from bot.discord_app.cogs.ask import EMPTY_MENTION
from bot.discord_app.text import ZWSP
from bot.models import Answer
from tests.discord_app.conftest import BotEnv, StartBot
from tests.discord_app.helpers import custom_ids, loopback_site, message_text
from tests.discord_app.test_isolation import (
    assert_human,
    fingerprint,
    no_logged_bugs,
    outcome,
    tampered,
)
from tests.fakediscord.state import FakeMember

STORY = ("Harbour bridge reopens\n\n"
         "The harbour bridge reopened on Monday after two years of repairs costing £40m.\n\n"
         "Engineers replaced every cable and repainted the towers in their original green.")
LIGHTHOUSE = ("Lighthouse keepers return\n\n" + "\n\n".join(
    f"Keeper number {n} of the Skerry lighthouse painted the shutters saffron yellow and "
    f"logged {n} passing ships in the keepers' diary on the rock." for n in range(1, 25)))
LIGHTHOUSE_Q = "What colour did the keepers paint the lighthouse shutters?"


def pdf(*, blank: bool = True, password: str | None = None) -> bytes:
    """A one-page PDF without a text layer (optionally encrypted)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if password is not None:
        writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def latin1_story() -> bytes:
    return ("Café in Zürich\n\nThe café beside the Grossmünster sold crème brûlée to 300 "
            "visitors on Sunday, its owner Renée Müller said.").encode("latin-1")


ATTACHMENTS: dict[str, tuple[tuple[str, bytes, str], str, bool]] = {
    # name: (attachment, expected words in the sentence, decided before downloading)
    "empty": (("empty.txt", b"", "text/plain"), "is empty", True),
    "whitespace": (("blank.txt", b"  \n\t\r\n   \n", "text/plain"), "only whitespace", False),
    "elf binary": (("tool.txt", b"\x7fELF\x02\x01\x01" + bytes(400), "text/plain"),
                   "binary", False),
    "png named .txt": (("notes.txt", b"\x89PNG\r\n\x1a\n" + bytes(300), "text/plain"),
                       "binary", False),
    "pdf without text": (("scan.pdf", pdf(), "application/pdf"), "no text layer", False),
    "encrypted pdf": (("secret.pdf", pdf(password="hunter2"), "application/pdf"),
                      "password", False),
    "truncated pdf": (("cut.pdf", pdf()[:300], "application/pdf"), "damaged", False),
    "script html": (("app.html", b"<html><head><title>App</title><script>"
                     + b"var x = 1; " * 6000 + b"</script></head><body><p>Loading</p>"
                     b"</body></html>", "text/html"), "mostly script", False),
    "deeply nested html": (("deep.html", b"<html><body>" + b"<div>" * 5000 + b"deep"
                            + b"</div>" * 5000 + b"</body></html>", "text/html"),
                           "no readable article text", False),
    "100,000 paragraphs": (("many.txt", b"\n\n".join([b"word"] * 100_000), "text/plain"),
                           "paragraphs", False),
    "over the size limit": (("big.txt", b"lorem ipsum " * 100_000, "text/plain"),
                            "the limit is", True),
}


def downloads(env: BotEnv) -> int:
    return sum(path.startswith("/attachments/") for _, path in env.fake.requests)


# -- /article add: files ------------------------------------------------------------------------
async def test_hostile_attachments_are_refused_with_a_sentence(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture,
) -> None:
    """Every bad file: its own sentence; the oversized and empty ones before downloading."""
    env = await start_bot(seed_new_servers=False, max_article_bytes=1_000_000)
    env.add_text(STORY, title="Bridge")
    before = fingerprint(env)
    with no_logged_bugs(caplog):
        for name, (attachment, expected, early) in ATTACHMENTS.items():
            fetched = downloads(env)
            ix = await env.article("add", attachments=[attachment])
            text, ephemeral, msg = await outcome(ix, timeout=30)
            assert expected in text.lower(), (name, text)
            assert_human(text, msg)
            if early:
                assert ephemeral, (name, text)
                assert downloads(env) == fetched, f"{name}: downloaded before refusing"
            assert fingerprint(env) == before, name


async def test_a_failed_attachment_download_is_a_sentence(
    env: BotEnv, caplog: pytest.LogCaptureFixture,
) -> None:
    """Discord's CDN answers 404 (an expired link): the moderator is told, nothing changes."""
    before = fingerprint(env)
    with no_logged_bugs(caplog):
        ix = await env.article("add", attachments=[("story.txt", STORY.encode(), "text/plain")])
        env.fake.files.clear()  # before the bot downloads it (it only has the defer queued)
        text, _, msg = await outcome(ix)
    assert text.startswith("I could not download “story.txt” from Discord"), text
    assert_human(text, msg)
    assert fingerprint(env) == before


async def test_latin1_file_is_read_not_refused(env: BotEnv) -> None:
    """Latin-1 bytes are legitimate: decoded (as Windows-1252), stored once, cited right."""
    before = fingerprint(env)
    ix = await env.article("add", attachments=[("zurich.txt", latin1_story(), "text/plain")])
    text, _, _ = await outcome(ix)
    assert text.startswith("Added article 2: “Café in Zürich”"), text
    assert text.endswith("\nNote: decoded as Windows-1252."), text  # as the terminal says
    generation, articles = fingerprint(env)
    assert articles[:-1] == before[1] and generation > before[0]
    assert "crème brûlée" in env.library().article(2).text


# -- /article add: links ------------------------------------------------------------------------
FORBIDDEN_URLS = {
    "http://127.0.0.1/": "not allowed", "http://[::1]/": "not allowed",
    "http://10.0.0.1/": "not allowed", "http://169.254.169.254/latest/meta-data/": "metadata",
    "http://0.0.0.0/": "not allowed", "http://2130706433/": "not allowed",
    "http://localhost:8080/": "not allowed", "http://127.1/": "not allowed",
    "file:///etc/passwd": "only http(s)", "ftp://example.com/a.txt": "only http(s)",
    "gopher://example.com/": "only http(s)", "javascript:alert(1)": "only http(s)",
    "http://user:pw@example.com/": "user name or password",
}


async def test_private_and_non_http_links_are_refused(
    env: BotEnv, caplog: pytest.LogCaptureFixture,
) -> None:
    before = fingerprint(env)
    with no_logged_bugs(caplog):
        for url, expected in FORBIDDEN_URLS.items():
            text, _, msg = await outcome(await env.article("add", url=url))
            assert expected in text, (url, text)
            assert_human(text, msg)
            replaced = await env.article("replace", article="1", url=url)
            assert expected in (await outcome(replaced))[0], url
    assert fingerprint(env) == before


@pytest.fixture
async def bad_site() -> AsyncIterator[str]:
    """A loopback site with a 404 and a zip file; yields its base URL."""
    async def zip_file(_: web.Request) -> web.Response:
        return web.Response(body=b"PK\x03\x04" + bytes(100), content_type="application/zip")

    async with loopback_site({"/archive": zip_file}) as base:
        yield base


async def test_a_404_and_a_zip_from_an_allowed_site(start_bot: StartBot, bad_site: str,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    env = await start_bot(allow_private_urls=True)
    before = fingerprint(env)
    with no_logged_bugs(caplog):
        for path, expected in (("/missing", "not found (HTTP 404)"),
                               ("/archive", "application/zip")):
            text, _, msg = await outcome(await env.article("add", url=bad_site + path))
            assert expected in text, text
            assert_human(text, msg)
    assert fingerprint(env) == before


# -- /article add: text and the number of sources ---------------------------------------------
async def test_empty_text_and_several_sources_are_refused_before_anything(
    env: BotEnv, caplog: pytest.LogCaptureFixture,
) -> None:
    before = fingerprint(env)
    story = ("story.txt", STORY.encode(), "text/plain")
    cases: list[tuple[dict[str, Any], list[Any], str]] = [
        ({"text": "   \n\t  "}, [], "The pasted text is empty"),
        ({"text": ZWSP * 3}, [], "The pasted text is empty"),
        ({"url": "    "}, [], "No link was given"),
        ({"text": STORY}, [story], ONE_SOURCE),
        ({"url": "https://example.com/a"}, [story], ONE_SOURCE),
        ({"url": "https://example.com/a", "text": STORY}, [story], ONE_SOURCE),
        # (a title alone opens the paste form: tests/discord_app/test_discord_paste.py)
    ]
    with no_logged_bugs(caplog):
        for options, files, expected in cases:
            ix = await env.article("add", attachments=files, **options)
            text, ephemeral, msg = await outcome(ix)
            assert expected in text and ephemeral, (options, text)
            assert_human(text, msg)
            replaced = await env.article("replace", article="1", attachments=files, **options)
            text, ephemeral, _ = await outcome(replaced)
            assert expected in text and ephemeral, (options, text)
    assert downloads(env) == 0
    assert fingerprint(env) == before


async def test_hostile_titles(start_bot: StartBot, caplog: pytest.LogCaptureFixture) -> None:
    """Blank or invisible titles fall back to the article's own; an overlong one is refused
    before anything; pings and markdown in a title are shown inert."""
    env = await start_bot(seed_new_servers=False)
    with no_logged_bugs(caplog):
        for n, title in enumerate(("   ", ZWSP * 2, "line\nbreak")):
            text, _, _ = await outcome(await env.article("add", text=f"{STORY} {n}", title=title))
            expected = "line break" if "line" in title else "Harbour bridge reopens"
            assert text.startswith(f"Added article {n + 1}: “{expected}”"), text
            assert env.library().article(n + 1).title == expected
        before = fingerprint(env)
        text, ephemeral, _ = await outcome(await env.article("add", text=STORY + " x",
                                                             title="T" * 300))
        assert ephemeral and "Titles can be at most 256 characters" in text, text
        assert fingerprint(env) == before
        text, _, msg = await outcome(await env.article("add", text=STORY + " y",
                                                       title="@everyone <@&1> **loud**"))
        assert_human(text, msg)
        assert "\\*\\*loud\\*\\*" in text and msg["mention_roles"] == []


# -- /ask and mentions ------------------------------------------------------------------------
MARKDOWN_Q = ("**Bold** question with `code` ```py print('x') ``` [click](https://evil.example) "
              "||spoiler|| __under__ ~~strike~~ # heading - what should the public boycott?")
QUESTIONS: dict[str, tuple[str, str | None]] = {
    # name: (question, words of the refusal; None = answered or declined normally)
    "whitespace": ("   \t  ", "Ask a question"),
    "1,500 characters": ("why " * 375, "at most 1,000 characters"),
    "only emoji": ("🤔🙃🔥❓👀", "no words in it"),
    "zero-width only": ("\u200b\u200c\u200d\u2060\ufeff", "Ask a question"),
    "zero-width inside": ("What\u200b should the public start boy\u200dcotting?", None),
    "markdown and code": (MARKDOWN_Q, None),
    "mentions": ("@everyone @here <@&123> <@456> <#789> what should the public boycott?", None),
    "another language": ("¿Qué dijo el jefe de policía sobre las redes sociales?", None),
    "cjk": ("警察署長はソーシャルメディアについて何と言いましたか？", None),
    "right-to-left override": ("\u202ewhat should the public boycott?", None),
    "lone surrogate": ("what should the public \ud800 boycott?", None),
    "hangul filler": ("\u3164\u3164\u3164", "Ask a question"),  # invisible, like zero-width
}


def assert_safe_rendering(msg: dict[str, Any]) -> None:
    """No pings, and no markdown from the question rendered in content or description."""
    assert msg["allowed_mentions"]["parse"] == [] and not msg["mention_everyone"]
    assert msg["mentions"] == [] and msg["mention_roles"] == []
    rendered = "\n".join([msg.get("content") or ""] + [e.get("description") or ""
                                                       for e in msg.get("embeds") or []])
    for raw in ("**Bold**", "```", "[click](", "||spoiler||", "__under__", "~~strike~~",
                "@everyone", "@here", "<@&123>", "<@456>", "<#789>"):
        assert raw not in rendered, f"{raw!r} rendered as is: {rendered!r}"


async def test_hostile_questions_through_slash_and_mention(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture,
) -> None:
    env = await start_bot(ask_rate=1000)
    before = fingerprint(env)
    fake, a = env.fake, env.a
    with no_logged_bugs(caplog):
        for name, (question, refusal) in QUESTIONS.items():
            text, ephemeral, msg = await outcome(await env.ask(question))
            assert_human(text, msg)
            if refusal is not None:
                assert refusal in text and ephemeral, (name, text)
            else:
                assert not ephemeral and ("[1]" in text or "I couldn't find" in text or
                                          "I can only read questions in English" in text), \
                    (name, text)
                assert_safe_rendering(msg)
            await fake.send_message(a.channel.id, a.alice, f"<@{fake.bot_id}> {question}")
            reply = await fake.next_channel_message(a.channel.id)
            reply_text = message_text(reply)
            assert_human(reply_text)
            assert_safe_rendering(reply)
            if name == "whitespace":
                assert reply_text == EMPTY_MENTION
            elif refusal is not None:
                assert refusal in reply_text, (name, reply_text)
    assert fingerprint(env) == before


HOSTILE_ARTICLE_VALUES = ("²", "9" * 5000, "-1", "0", "1e3", "<@&123>", "@everyone",
                          "1 OR 1=1", "../../etc/passwd", ZWSP, "🤔")


async def test_hostile_article_option_values(start_bot: StartBot,
                                             caplog: pytest.LogCaptureFixture) -> None:
    """Typed (not picked) article values: "not in this library", never a crash."""
    env = await start_bot(ask_rate=1000)
    before = fingerprint(env)
    with no_logged_bugs(caplog):
        for value in HOSTILE_ARTICLE_VALUES:
            for ix in (await env.ask("What should the public boycott?", article=value),
                       await env.article("show", article=value),
                       await env.article("remove", article=value)):
                text, ephemeral, msg = await outcome(ix)
                assert_human(text, msg)
                assert ephemeral and ("There is no" in text or "Pick an article" in text), \
                    (value[:20], text)
            choices = await env.fake.autocomplete(env.a.guild.id, env.a.channel.id,
                                                  env.a.alice, "ask", focused="article",
                                                  options={"article": value})
            assert choices == [], (value[:20], choices)
    assert fingerprint(env) == before


# -- quiz answers -----------------------------------------------------------------------------
async def test_hostile_quiz_answers(start_bot: StartBot, monkeypatch: pytest.MonkeyPatch,
                                    caplog: pytest.LogCaptureFixture) -> None:
    """Forged answer boxes (empty, blank, over the length limit, someone else's, one already
    submitted), and clicks on an old question or from another server: a sentence each, the
    question stays open until really answered, scores count once, no library changes."""
    monkeypatch.setattr(FootnoteBot, "unhandled_grace", 0.3)
    env = await start_bot(servers=2)
    a, b, fake = env.a, env.b, env.fake
    before = fingerprint(env, a), fingerprint(env, b)
    with no_logged_bugs(caplog):
        ix = await env.slash("quiz", a.alice, subcommand="start",
                             options={"kind": "fill_blank", "questions": 2})
        text, _, first = await outcome(ix, timeout=60)
        assert "Fill in the blank" in text, text
        [answer_button] = [c for c in custom_ids(first) if c.endswith(":type")]
        opener = await fake.click_button(first, answer_button, a.alice)
        modal = (await opener.wait_response())["data"]
        quizzes, library = env.bot.deps.quizzes, a.library_name
        question = quizzes.session(library, a.alice.id).current()
        assert question is not None

        async def submit(user: Any, given: str) -> tuple[str, bool, dict[str, Any]]:
            forged = await fake.submit_modal(a.guild.id, a.channel.id, user,
                                             modal["custom_id"], {"answer": given},
                                             message=first)
            return await outcome(forged, timeout=10)

        for given, expected in (("", "No answer was given"), ("   ", "No answer was given"),
                                ("x" * 5000, "too long to grade")):
            text, ephemeral, msg = await submit(a.alice, given)
            assert expected in text and ephemeral, (given[:10], text)
            assert_human(text, msg)
        # Someone else submits alice's answer box (no box was opened for him).
        text, ephemeral, _ = await submit(a.mod, question.answer)
        assert ephemeral and ("expired" in text or "someone else" in text), text
        current = quizzes.session(library, a.alice.id).current()
        assert current is not None and current.id == question.id  # still open
        assert quizzes.score(library, a.alice.id).answered == 0
        # alice, as a member of B too, clicks her A question from B's channel.
        fake.guilds[b.guild.id].members[a.alice.id] = FakeMember(fake.users[a.alice.id],
                                                                 b.guild.id)

        def from_b(data: dict[str, Any]) -> None:
            data.update(guild_id=str(b.guild.id), channel_id=str(b.channel.id),
                        guild={"id": str(b.guild.id), "locale": "en-US", "features": []},
                        channel=fake.channels[b.channel.id].payload())

        with tampered(fake, from_b):
            crossed = await fake.click_button(first, answer_button, a.alice)
        text, ephemeral, _ = await outcome(crossed)
        assert ephemeral and text in ("This question is closed.",
                                      "You have no quiz running here."), text
        # A real answer, then the old question's button again: closed, not re-graded.
        text, _, _ = await submit(a.alice, "no idea at all")
        assert quizzes.score(library, a.alice.id).answered == 1
        text, ephemeral, _ = await submit(a.alice, question.answer)  # the same box again
        assert ephemeral and text in (EXPIRED_FORM, "You already answered this question."), text
        never_opened = await fake.submit_modal(a.guild.id, a.channel.id, a.alice,
                                               f"fn:qz-answer:{a.alice.id}:deadbeef",
                                               {"answer": "x"}, message=first)
        text, ephemeral, _ = await outcome(never_opened)  # discord.py drops it: the watchdog
        assert ephemeral and text == EXPIRED_FORM, text
        late = await fake.click_button(first, answer_button, a.alice)
        text, ephemeral, _ = await outcome(late)
        assert ephemeral and text in ("You already answered this question.",
                                      "This question is closed."), text
        assert quizzes.score(library, a.alice.id).answered == 1
    assert (fingerprint(env, a), fingerprint(env, b)) == before


async def test_an_invisible_quiz_answer_is_refused_as_empty(start_bot: StartBot) -> None:
    env = await start_bot()
    a, fake = env.a, env.fake
    ix = await env.slash("quiz", a.alice, subcommand="start",
                         options={"kind": "fill_blank", "questions": 1})
    _, _, first = await outcome(ix, timeout=60)
    [answer_button] = [c for c in custom_ids(first) if c.endswith(":type")]
    modal = (await (await fake.click_button(first, answer_button, a.alice)).wait_response())
    submit = await fake.submit_modal(a.guild.id, a.channel.id, a.alice,
                                     modal["data"]["custom_id"], {"answer": ZWSP * 4},
                                     message=first)
    text, ephemeral, _ = await outcome(submit)
    assert "No answer was given" in text and ephemeral, text


# -- concurrency ------------------------------------------------------------------------------
async def test_questions_keep_flowing_while_an_article_is_added(
    start_bot: StartBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    """A moderator adds a (slowly embedded) file while members ask: every question is
    answered meanwhile, and every snapshot an answer is built from holds all of the new
    article or none of it — answers cite it only once it is fully there."""
    env = await start_bot(ask_rate=1000, seed_new_servers=False)
    env.add_text(STORY, title="Bridge")
    lib = env.library()
    encode = env.app.encoder.encode
    embedding = threading.Event()

    def slow_encode(texts):  # type: ignore[no-untyped-def]
        if len(texts) > 10:  # the article, not a question
            embedding.set()
            time.sleep(1.0)
        return encode(texts)

    monkeypatch.setattr(env.app.encoder, "encode", slow_encode)
    seen: list[tuple[float, int]] = []  # (when, passages of article 2 in the snapshot)
    real_snapshot = lib.snapshot

    def snapshot():  # type: ignore[no-untyped-def]
        snap = real_snapshot()
        seen.append((time.monotonic(), sum(p.article_id == 2 for p in snap.passages)))
        return snap

    monkeypatch.setattr(lib, "snapshot", snapshot)
    answers: list[tuple[float, float, Answer]] = []  # (asked, answered, answer)
    real_ask = env.app.ask

    def ask(*args: Any, **kwargs: Any) -> Answer:
        began = time.monotonic()
        answer = real_ask(*args, **kwargs)
        answers.append((began, time.monotonic(), answer))
        return answer

    monkeypatch.setattr(env.app, "ask", ask)
    users = [env.a.alice, env.a.curator, env.a.mod]
    with no_logged_bugs(caplog):
        add = await env.article("add", attachments=[("light.txt", LIGHTHOUSE.encode(),
                                                     "text/plain")])
        await asyncio.to_thread(embedding.wait, 5)
        asked = []
        for n in range(30):
            asked.append(await env.ask(LIGHTHOUSE_Q, users[n % 3]))
            await asyncio.sleep(0.05)
        text, _, _ = await outcome(add, timeout=30)
        added_at = time.monotonic()
        assert text.startswith("Added article 2: “Lighthouse keepers return”"), text
        late = await env.ask(LIGHTHOUSE_Q)
        finals = [await outcome(ix, timeout=30) for ix in (*asked, late)]
    for text, _, msg in finals:
        assert_human(text, msg)
        assert "[1]" in text or text.startswith("I couldn't find"), text
    full = len(env.library().passages_of(2))
    assert full > 0 and {n for _, n in seen} <= {0, full}, "a half-added article was visible"
    during = [a for _, done, a in answers if done < added_at - 0.05]
    assert len(during) >= 5, "questions did not flow while the article was being embedded"
    stored = env.library().article(2).text
    for _, _, answer in answers:
        for citation in answer.citations:
            if citation.article_id == 2:
                assert citation.quote in stored
    after = [a for began, _, a in answers if began > added_at]
    assert after and all(any(c.article_id == 2 for c in a.citations) for a in after), \
        "the new article is not cited once it is there"
    assert "Lighthouse" in finals[-1][0]


# -- the soak bench, short form -----------------------------------------------------------------
async def test_soak_bench_core_short_form() -> None:
    """bench/bench_discord_soak.py's core, a few seconds with the fake encoder: it still runs,
    every interaction is acknowledged, rate limits hold and nobody is starved."""
    from bench.bench_discord_soak import run_soak

    result = await run_soak(duration=3.0, questions=120, users=20, ask_rate=4, ask_period=60.0,
                            articles=2, fake_encoder=True, seed=7,
                            freeze_heap=False)
    assert result.unacknowledged == 0 and result.unfinished == 0, result.failures[:5]
    assert result.acked_within(3.0)
    per_user = result.per_user
    assert len(per_user) == 20 and min(answered for answered, _ in per_user.values()) >= 1
    assert max(answered for answered, _ in per_user.values()) <= 4  # the limit held
    assert sum(limited for _, limited in per_user.values()) == 120 - result.answered_count
    assert result.articles_added == 2
