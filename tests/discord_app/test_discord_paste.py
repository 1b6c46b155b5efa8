"""/article add|replace without url/file/text: the "Paste an article" form.

A moderator gets the form (interaction response type 9), submits paragraphs in its
boxes and the article is added (or replaced, same id) with its paragraphs intact.
The form is refused to plain members, and a submission is re-checked at run time, so
a forged submit by a plain member changes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.discord_app.cogs.articles import ONE_SOURCE
from bot.discord_app.views.paste import (
    FORM_TITLE,
    NOT_YOUR_FORM,
    PART_LIMIT,
    PARTS,
    join_parts,
)
from tests.discord_app.conftest import BotEnv, Server
from tests.discord_app.helpers import MODERATOR_SENTENCE, is_ephemeral
from tests.discord_app.test_isolation import (
    assert_human,
    fingerprint,
    no_logged_bugs,
    outcome,
)
from tests.fakediscord import FakeInteraction

P1 = "The harbour bridge reopened on Monday after two years of repairs costing £40m."
P2 = "Engineers replaced every cable and repainted the towers in their original green."
P3 = "The mayor said traffic in the old town should fall by a third once the buses return."
EMPTY = "The pasted text is empty: paste the article's text."


async def open_form(env: BotEnv, sub: str = "add", user: Any = None,
                    **options: Any) -> dict[str, Any]:
    """Run ``/article <sub>`` with no source; assert the form came back; its payload."""
    ix = await env.article(sub, user, **options)
    response = await ix.wait_response()
    assert response["type"] == 9, response
    return response["data"]


def boxes(form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The form's text inputs by custom id (each alone in its action row)."""
    found = {}
    for row in form["components"]:
        assert row["type"] == 1 and len(row["components"]) == 1, row
        [box] = row["components"]
        assert box["type"] == 4, box
        found[box["custom_id"]] = box
    return found


async def submit(env: BotEnv, form: dict[str, Any], user: Any = None, *,
                 title: str = "", parts: tuple[str, ...] = (),
                 server: Server | None = None) -> FakeInteraction:
    """Submit the form as Discord does: every box, the empty ones as ""."""
    server = server or env.a
    values = {"title": title}
    values.update({f"part{n + 1}": parts[n] if n < len(parts) else "" for n in range(PARTS)})
    return await env.fake.submit_modal(server.guild.id, server.channel.id, user or server.mod,
                                       form["custom_id"], values)


def passages(env: BotEnv, article_id: int) -> list[Any]:
    name = env.bot.deps.libraries.open(env.a.guild.id)
    return env.app.show_article(name, article_id).passages


def test_parts_are_joined_with_a_blank_line_between_the_non_empty_ones() -> None:
    assert join_parts([f"{P1}\n\n{P2}\n", "", "  \n ", P3]) == f"{P1}\n\n{P2}\n\n{P3}"
    assert join_parts(["", " "]) == ""


async def test_a_moderator_pastes_three_paragraphs(env: BotEnv,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    with no_logged_bugs(caplog):
        form = await open_form(env)
        assert form["title"] == FORM_TITLE
        found = boxes(form)
        assert list(found) == ["title", *(f"part{n}" for n in range(1, PARTS + 1))]
        title = found["title"]
        assert title["style"] == 1 and not title["required"] and title["max_length"] == 256
        for n in range(1, PARTS + 1):
            box = found[f"part{n}"]
            assert box["label"] == f"Article text (part {n})"
            assert box["style"] == 2 and box["max_length"] == PART_LIMIT
            assert box["required"] is (n == 1)
            assert 0 < len(box["placeholder"]) <= 100
        assert "next" in found["part1"]["placeholder"]

        before = len(env.library().articles())
        ix = await submit(env, form, title="Bridge reopens", parts=(f"{P1}\n\n{P2}", P3))
        assert (await ix.wait_response())["type"] == 5  # deferred first: a public "thinking…"
        text, ephemeral, msg = await outcome(ix)
        assert text == "Added article 2: “Bridge reopens” (3 paragraphs).", text
        assert not ephemeral
        assert_human(text, msg)
        articles = env.library().articles()
        assert len(articles) == before + 1
        added = env.library().article(2)
        assert added.title == "Bridge reopens"
        assert added.added_by == f"discord:{env.a.mod.id} (mod)"
        stored = passages(env, 2)
        assert len(stored) == 3 and [p.paragraph for p in stored] == [1, 2, 3]
        assert [p.text for p in stored] == [P1, P2, P3]

        # The same paragraphs again, in other boxes: a duplicate, nothing changes.
        before_again = fingerprint(env)
        again = await submit(env, await open_form(env), parts=(P1, P2, P3))
        text, _, _ = await outcome(again)
        assert "already in the library as article 2" in text, text
        assert fingerprint(env) == before_again


async def test_a_typed_title_is_filled_in_and_one_source_still_works(env: BotEnv) -> None:
    form = await open_form(env, title="  Harbour   news ")
    assert boxes(form)["title"]["value"] == "Harbour news"
    # A single line of text still adds straight away; two sources are refused, mentioning
    # the form.
    text, _, _ = await outcome(await env.article("add", text=P1, title="One line"))
    assert text == "Added article 2: “One line” (1 paragraph).", text
    response = await (await env.article("add", text=P1, url="https://example.com/a")
                      ).wait_response()
    assert response["type"] == 4 and is_ephemeral(response)
    assert response["data"]["content"] == ONE_SOURCE and "form" in ONE_SOURCE


async def test_a_plain_member_can_neither_open_nor_submit_the_form(
    env: BotEnv, caplog: pytest.LogCaptureFixture,
) -> None:
    before = fingerprint(env)
    with no_logged_bugs(caplog):
        refused = await env.article("add", env.a.alice)
        text, ephemeral, _ = await outcome(refused)
        assert ephemeral and text == MODERATOR_SENTENCE, text
        refused = await env.article("replace", env.a.alice, article="1")
        text, ephemeral, _ = await outcome(refused)
        assert ephemeral and text == MODERATOR_SENTENCE, text

        # She learns the custom id of a moderator's form and submits it herself.
        form = await open_form(env)
        forged = await submit(env, form, env.a.alice, title="Pwned", parts=(P1, P2, P3))
        text, ephemeral, _ = await outcome(forged)
        assert ephemeral and text == MODERATOR_SENTENCE, text
        assert fingerprint(env) == before
        # A moderator who did not open it is refused too, and the form still works for
        # its owner afterwards.
        other = await submit(env, form, env.a.curator, parts=(P1, P2, P3))
        text, ephemeral, _ = await outcome(other)
        assert ephemeral and text == NOT_YOUR_FORM, text
        assert fingerprint(env) == before
        own = await submit(env, form, parts=(P1, P2, P3))
        text, _, _ = await outcome(own)
        assert text.startswith("Added article 2:"), text


async def test_a_moderator_role_member_can_use_the_form(env: BotEnv) -> None:
    form = await open_form(env, user=env.a.curator)
    ix = await submit(env, form, env.a.curator, title="By role", parts=(P1, P2))
    text, _, _ = await outcome(ix)
    assert text == "Added article 2: “By role” (2 paragraphs).", text
    assert env.library().article(2).added_by == f"discord:{env.a.curator.id} (curator)"


async def test_replace_through_the_form_keeps_the_id(env: BotEnv) -> None:
    article_id = env.add_text(f"{P1}\n\n{P2}", title="Bridge")
    count = len(env.library().articles())
    form = await open_form(env, "replace", article=str(article_id))
    newer = P3.replace("a third", "a half")
    ix = await submit(env, form, title="Bridge, updated", parts=(P1, P2, newer))
    text, ephemeral, _ = await outcome(ix)
    assert text == f"Replaced article {article_id}: “Bridge, updated” (3 paragraphs).", text
    assert not ephemeral
    assert len(env.library().articles()) == count
    replaced = env.library().article(article_id)
    assert replaced.title == "Bridge, updated" and "a half" in replaced.text
    assert len(passages(env, article_id)) == 3


async def test_replace_of_a_missing_article_is_refused_before_the_form(env: BotEnv) -> None:
    env.add_text(P1, title="Opens the library")  # so the id is checked before the form
    response = await (await env.article("replace", article="99")).wait_response()
    assert response["type"] == 4 and is_ephemeral(response)
    assert "There is no article 99" in response["data"]["content"]


@pytest.mark.parametrize("parts", [("   \n\t ",), ("\u200b\u200b", " ", "\n\n")],
                         ids=["whitespace", "invisible"])
async def test_an_empty_paste_is_refused_with_the_library_unchanged(
    env: BotEnv, parts: tuple[str, ...], caplog: pytest.LogCaptureFixture,
) -> None:
    before = fingerprint(env)
    with no_logged_bugs(caplog):
        for sub, options in (("add", {}), ("replace", {"article": "1"})):
            form = await open_form(env, sub, **options)
            ix = await submit(env, form, title="Nothing here", parts=parts)
            response = await ix.wait_response()
            assert response["type"] == 4 and is_ephemeral(response), response
            assert response["data"]["content"] == EMPTY
    assert fingerprint(env) == before


async def test_an_overlong_typed_title_is_refused_before_the_form(env: BotEnv) -> None:
    response = await (await env.article("add", title="T" * 300)).wait_response()
    assert response["type"] == 4 and is_ephemeral(response)
    assert "Titles can be at most 256 characters" in response["data"]["content"]


async def test_replace_of_a_missing_article_in_an_unopened_library_is_told_after_submit(
    env: BotEnv,
) -> None:
    # The library is not opened yet: the id is looked up after the form, not before it
    # (opening may take longer than Discord waits for the form).
    assert not env.bot.deps.libraries.is_open(env.a.guild.id)
    form = await open_form(env, "replace", article="99")
    ix = await submit(env, form, parts=(P1, P2))
    text, _, _ = await outcome(ix)
    assert "There is no article 99" in text, text
    assert [a.id for a in env.library().articles()] == [1]
