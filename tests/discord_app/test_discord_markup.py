"""Hostile titles, passages, questions, names and URLs through every reply path: nothing renders
as markup, nothing pings.

Masked links, spoilers, code fences, headings, quotes, bold, timestamps, ``@everyone``,
``@here``, role and user mentions and a 4,000-character word go in as an article's
title and text, as questions (``/ask``, mentions, follow-up threads), as typed article
names, file names and URLs; every message the bot then sends (answers, declines, the
metadata sentence, changes to the library, prompts, listings, errors, quiz questions,
verdicts and summaries) is read by an independent checker (``markup.py``) and must
show that text exactly as written.
"""

from __future__ import annotations

import random
import re
from typing import Any

from bot.quiz.service import Quizzes
from tests.discord_app.conftest import BotEnv, StartBot
from tests.discord_app.helpers import custom_ids, deferred_then_followup, message_text, outcome
from tests.discord_app.markup import message_problems, problems

MASKED = "[Free Nitro](https://evil.example/claim)"
LONG_WORD = "W" * 4000


def hostile(env: BotEnv) -> list[str]:
    """The raw markup that must never reach a message unchanged."""
    role = env.fake.add_role(env.a.guild.id, "Everyone-ish")
    return [MASKED, "||spoiler||", "```", "**bold**", "__under__", "~~gone~~", "`code`",
            "@everyone", "@here", f"<@&{role.id}>", f"<@{env.a.alice.id}>", "<t:0:R>",
            "<:party:123>", "# Heading", "> quoted"]


def title_of(tokens: list[str]) -> str:
    return f"{MASKED} ||spoiler|| **bold** {tokens[9]} {tokens[10]} @everyone `code` <t:0:R>"


def article_of(tokens: list[str]) -> str:
    sentences = [
        f"The harbour council in Bristol said {MASKED} costs 40 million pounds today.",
        f"Mayor Alice Brown told @everyone and {tokens[9]} that the harbour ||spoiler|| opens "
        "on Monday.",
        f"Engineers wrote ```rm -rf``` and **bold** claims and {tokens[10]} about 12 cranes "
        "in the harbour.",
    ]
    return ("# Heading of the harbour story\n\n" + "\n\n".join(sentences)
            + "\n\n> quoted harbour line with __under__ and ~~gone~~ and <t:0:R>\n\n"
            + f"The harbour word is {LONG_WORD} indeed.")


def sent_by_bot(env: BotEnv) -> list[dict[str, Any]]:
    """Every message the bot created or edited (their latest state), ephemeral ones too."""
    bot = str(env.fake.bot_id)
    seen = {int(m["id"]): m for m in env.fake.messages.values() if m["author"]["id"] == bot}
    for ix in env.fake.interactions:
        for m in ix.followups:
            seen.setdefault(int(m["id"]), m)
        if ix.response and ix.response.get("type") == 4:
            seen[ix.id] = {"content": "", **ix.response["data"]}
    return list(seen.values())


def markdown_text(msg: dict[str, Any]) -> str:
    """The parts of a message Discord renders markdown in (not footers or author lines)."""
    parts = [msg.get("content") or ""]
    for embed in msg.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields") or []]
    return "\n".join(parts)


def assert_inert(env: BotEnv, tokens: list[str]) -> None:
    """No message renders markup or mentions, and no hostile token appears as written."""
    messages = sent_by_bot(env)
    assert messages
    for msg in messages:
        allow = bool(msg.get("embeds")) and "leaderboard" in message_text(msg).lower()
        found = message_problems(msg, allow_mentions=allow)
        assert not found, (found, message_text(msg)[:300])
        text = markdown_text(msg)
        for token in tokens:
            if allow and re.fullmatch(r"<@\d+>", token):
                continue  # the leaderboard names people by mention (and pings nobody)
            at_line_start = token[0] in "#>"
            pattern = (r"(?m)^\s*" if at_line_start else r"(?<!\\)") + re.escape(token)
            assert not re.search(pattern, text), (token, text[:300])
    for channel in env.fake.channels.values():
        assert not problems(channel.name, markdown=False), channel.name  # thread names


async def test_hostile_text_renders_as_written_on_every_public_path(
    start_bot: StartBot,
) -> None:
    env = await start_bot(seed_new_servers=False, ask_rate=1000)
    fake, a = env.fake, env.a
    tokens = hostile(env)
    title = title_of(tokens)
    # -- curating: the change is announced in the channel ---------------------------------
    added = await env.article("add", text=article_of(tokens), title=title)
    text, private, _ = await outcome(added, timeout=30)
    assert text.startswith("Added article 1") and not private, text
    again = await env.article("add", text=article_of(tokens), title=title)
    assert "already in the library as article 1" in (await outcome(again))[0]
    env.add_text("Otters sleep holding hands in kelp beds off the coast of Monterey.",
                 title=f"Otters {MASKED} @here <@&{a.guild.id}>")
    for sub, options in (("list", {}), ("show", {"article": "1"})):
        await outcome(await env.article(sub, **options))
    # -- asking: answers, declines, the metadata sentence, mentions, threads --------------
    question = f"What did the harbour council say about {MASKED} ||x|| @here {tokens[9]}?"
    answer = await deferred_then_followup(await env.ask(question))
    assert "Sources" in message_text(answer), message_text(answer)
    await deferred_then_followup(await env.ask(f"Exchange rate of the yen? {MASKED} @everyone"))
    metadata = await deferred_then_followup(await env.ask("Who wrote the article?", article="1"))
    assert "does not say who wrote it" in message_text(metadata)
    await fake.send_message(a.channel.id, a.alice, f"<@{fake.bot_id}> {question}")
    await fake.next_channel_message(a.channel.id)
    click = await fake.click_button(answer, "fn:thread", a.alice)
    await outcome(click)
    await fake.wait_for(lambda: env.bot.get_channel(int(answer["id"])), 5, "the thread")
    # -- errors that quote what people typed -----------------------------------------------
    for value in (f"{MASKED} ||s|| @everyone", f"<@{a.alice.id}> # Heading {LONG_WORD}"):
        await outcome(await env.ask("harbour?", article=value))
    await outcome(await env.article("add", url=f"https://evil.example/{MASKED}||s||@everyone"))
    empty = (f"{MASKED} ||s|| @everyone.txt", b"", "text/plain")
    await outcome(await env.article("add", attachments=[empty]))
    # -- removing ----------------------------------------------------------------------------
    prompt_ix = await env.article("remove", article="2")
    await outcome(prompt_ix)
    [prompt] = prompt_ix.followups[:1]
    confirm = await fake.click_button(prompt, custom_ids(prompt)[0], a.mod)
    await confirm.wait_original(lambda m: m["content"].startswith("Removed"))
    await fake.wait_for(lambda: len(confirm.followups) >= 2, 5, "the public announcement")
    assert_inert(env, tokens)


async def test_hostile_quiz_messages_render_as_written(start_bot: StartBot) -> None:
    env = await start_bot(seed_new_servers=False, ask_rate=1000)
    env.bot.deps.quizzes = Quizzes(env.app, rng=random.Random(7))  # the same draw every run
    tokens = hostile(env)
    article = env.add_text(article_of(tokens), title=title_of(tokens))
    ix = await env.slash("quiz", env.a.alice, subcommand="start",
                         options={"questions": 2, "article": str(article)})
    first = await deferred_then_followup(ix, 120)  # the first quiz builds the question bank
    buttons = custom_ids(first)
    typed = [c for c in buttons if c.endswith(":type")]
    if typed:  # a typed answer, hostile too
        opener = await env.fake.click_button(first, typed[0], env.a.alice)
        modal = (await opener.wait_response())["data"]
        answer = await env.fake.submit_modal(env.a.guild.id, env.a.channel.id, env.a.alice,
                                             modal["custom_id"],
                                             {"answer": f"{MASKED} @everyone"}, message=first)
    else:
        answer = await env.fake.click_button(first, buttons[0], env.a.alice)
    await answer.wait_followups(2)
    await outcome(await env.slash("quiz", env.a.alice, subcommand="stop"))
    await outcome(await env.slash("quiz", env.a.alice, subcommand="leaderboard"))
    assert_inert(env, tokens)
