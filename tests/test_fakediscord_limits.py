"""The fake refuses, with Discord's 400 50035 and ``errors`` tree, what Discord refuses.

Each payload goes out through the real discord.py client (its HTTP layer where the
library would refuse the payload itself first), so a rule shows up as the
``discord.HTTPException`` a bot gets from real Discord.
"""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord.http import Route

from tests.fakediscord.probe import ProbeEnv, probe_env


def form_error(exc: BaseException) -> dict[str, Any]:
    """The ``errors`` tree of a 400 50035 raised by discord.py."""
    assert isinstance(exc, discord.HTTPException), exc
    assert (exc.status, exc.code) == (400, 50035), (exc.status, exc.code, exc.text)
    return exc._errors or {}  # type: ignore[attr-defined,return-value]


def codes(tree: dict[str, Any], *path: str) -> list[str]:
    """The error codes at ``path`` in an ``errors`` tree."""
    for part in path:
        tree = tree[part]
    return [e["code"] for e in tree["_errors"]]


async def raw_send(env: ProbeEnv, payload: dict[str, Any]) -> BaseException | None:
    """POST a raw message payload through discord.py's HTTP client; the exception, if any."""
    route = Route("POST", "/channels/{channel_id}/messages", channel_id=env.channel.id)
    try:
        await env.bot.http.request(route, json=payload)
    except discord.HTTPException as exc:
        return exc
    return None


def button(custom_id: str, label: str = "ok") -> dict[str, Any]:
    return {"type": 2, "style": 2, "label": label, "custom_id": custom_id}


def embed(**fields: Any) -> discord.Embed:
    return discord.Embed(**fields)


@pytest.fixture
async def env() -> Any:
    async with probe_env() as probe:
        yield probe


async def test_content_over_2000_characters(env: ProbeEnv) -> None:
    with pytest.raises(discord.HTTPException) as refused:
        await env.bot_channel.send("x" * 2001)
    assert codes(form_error(refused.value), "content") == ["BASE_TYPE_MAX_LENGTH"]
    await env.bot_channel.send("x" * 2000)  # the limit itself is fine
    assert env.fake.refused(50035)[0]["errors"]["content"]["_errors"][0]["message"] == \
        "Must be 2000 or fewer in length."


@pytest.mark.parametrize(("kwargs", "path"), [
    ({"title": "t" * 257}, ("embeds", "0", "title")),
    ({"description": "d" * 4097}, ("embeds", "0", "description")),
])
async def test_embed_title_and_description_limits(env: ProbeEnv, kwargs: dict[str, str],
                                                  path: tuple[str, ...]) -> None:
    with pytest.raises(discord.HTTPException) as refused:
        await env.bot_channel.send(embed=embed(**kwargs))
    assert codes(form_error(refused.value), *path) == ["BASE_TYPE_MAX_LENGTH"]


async def test_embed_fields_limits(env: ProbeEnv) -> None:
    long_name = embed().add_field(name="n" * 257, value="v")
    long_value = embed().add_field(name="n", value="v" * 1025)
    many = embed()
    for i in range(26):
        many.add_field(name=str(i), value="v")
    for bad, path in ((long_name, ("embeds", "0", "fields", "0", "name")),
                      (long_value, ("embeds", "0", "fields", "0", "value")),
                      (many, ("embeds", "0", "fields"))):
        with pytest.raises(discord.HTTPException) as refused:
            await env.bot_channel.send(embed=bad)
        assert codes(form_error(refused.value), *path)
    empty_value = {"embeds": [{"fields": [{"name": "n", "value": ""}]}]}
    tree = form_error(await raw_send(env, empty_value))  # type: ignore[arg-type]
    assert codes(tree, "embeds", "0", "fields", "0", "value") == ["BASE_TYPE_REQUIRED"]


async def test_embeds_over_6000_in_total_or_more_than_10(env: ProbeEnv) -> None:
    big = [embed(description="d" * 4000), embed(description="d" * 2001)]
    with pytest.raises(discord.HTTPException) as refused:
        await env.bot_channel.send(embeds=big)
    assert codes(form_error(refused.value), "embeds") == ["MAX_EMBED_SIZE_EXCEEDED"]
    eleven = {"embeds": [{"title": str(i)} for i in range(11)]}  # discord.py refuses it itself
    tree = form_error(await raw_send(env, eleven))  # type: ignore[arg-type]
    assert codes(tree, "embeds") == ["BASE_TYPE_MAX_LENGTH"]


async def test_an_empty_message_is_refused(env: ProbeEnv) -> None:
    exc = await raw_send(env, {"content": ""})
    assert isinstance(exc, discord.HTTPException) and (exc.status, exc.code) == (400, 50006)


async def test_component_limits(env: ProbeEnv) -> None:
    six_rows = [{"type": 1, "components": [button(f"r{i}")]} for i in range(6)]
    six_in_a_row = [{"type": 1, "components": [button(f"b{i}") for i in range(6)]}]
    long_label = [{"type": 1, "components": [button("a", "L" * 81)]}]
    long_id = [{"type": 1, "components": [button("i" * 101)]}]
    twice = [{"type": 1, "components": [button("same"), button("same")]}]
    cases = [(six_rows, ("components",)), (six_in_a_row, ("components", "0", "components")),
             (long_label, ("components", "0", "components", "0", "label")),
             (long_id, ("components", "0", "components", "0", "custom_id")),
             (twice, ("components", "0", "components", "1", "custom_id"))]
    for rows, path in cases:
        tree = form_error(await raw_send(env, {"content": "x", "components": rows}))  # type: ignore[arg-type]
        assert codes(tree, *path), (path, tree)
    ok = [{"type": 1, "components": [button(f"b{i}", "L" * 80) for i in range(5)]}] * 1
    assert await raw_send(env, {"content": "x", "components": ok}) is None


async def test_select_menu_limits(env: ProbeEnv) -> None:
    def select(options: list[dict[str, str]]) -> list[dict[str, Any]]:
        return [{"type": 1, "components": [{"type": 3, "custom_id": "s", "options": options}]}]

    too_many = select([{"label": str(i), "value": str(i)} for i in range(26)])
    long_label = select([{"label": "l" * 101, "value": "v"}])
    long_value = select([{"label": "l", "value": "v" * 101}])
    for rows, leaf in ((too_many, ()), (long_label, ("0", "label")), (long_value, ("0", "value"))):
        tree = form_error(await raw_send(env, {"content": "x", "components": rows}))  # type: ignore[arg-type]
        assert codes(tree, "components", "0", "components", "0", "options", *leaf)


async def test_autocomplete_choice_limits(env: ProbeEnv) -> None:
    fake = env.fake
    for choices, path in (
        ([discord.app_commands.Choice(name=str(i), value=str(i)) for i in range(26)],
         ("choices",)),
        ([discord.app_commands.Choice(name="n" * 101, value="v")], ("choices", "0", "name")),
        ([discord.app_commands.Choice(name="n", value="v" * 101)], ("choices", "0", "value")),
    ):
        env.bot.choices = choices
        before = len(fake.refused(50035))
        ix = await fake.autocomplete_interaction(env.guild.id, env.channel.id, env.alice,
                                                 "probe", focused="text")
        await fake.wait_for(lambda b=before: len(fake.refused(50035)) > b, 5, "a refusal")
        assert codes(fake.refused(50035)[-1]["errors"], *path)
        assert ix.response is None  # refused: the person sees no choices
    env.bot.choices = [discord.app_commands.Choice(name="n" * 100, value="v" * 100)] * 25
    assert len(await fake.autocomplete(env.guild.id, env.channel.id, env.alice, "probe",
                                       focused="text")) == 25


class Form(discord.ui.Modal):
    def __init__(self, title: str, label: str, value: str | None = None) -> None:
        super().__init__(title=title, custom_id="probe-form")
        self.add_item(discord.ui.TextInput(label=label, custom_id="box", default=value,
                                           required=False))


@pytest.mark.parametrize(("title", "label", "value", "path"), [
    ("T" * 46, "label", None, ("title",)),
    ("Title", "L" * 46, None, ("components", "0", "components", "0", "label")),
    ("Title", "label", "v" * 4001, ("components", "0", "components", "0", "value")),
])
async def test_modal_limits(env: ProbeEnv, title: str, label: str, value: str | None,
                            path: tuple[str, ...]) -> None:
    result = await env.run(lambda ix: ix.response.send_modal(Form(title, label, value)))
    assert codes(form_error(result), *path)
    ok = await env.run(lambda ix: ix.response.send_modal(Form("T" * 45, "L" * 45, "v" * 4000)))
    assert not isinstance(ok, Exception), ok


async def test_thread_names_over_100_characters(env: ProbeEnv) -> None:
    message = await env.bot_channel.send("topic")
    with pytest.raises(discord.HTTPException) as refused:
        await message.create_thread(name="n" * 101)
    assert codes(form_error(refused.value), "name") == ["BASE_TYPE_BAD_LENGTH"]
    thread = await message.create_thread(name="n" * 100)
    assert thread.id == message.id


@pytest.mark.parametrize(("command", "path"), [
    ({"name": "Ask", "description": "upper case"}, ("0", "name")),
    ({"name": "a" * 33, "description": "too long"}, ("0", "name")),
    ({"name": "two words", "description": "space"}, ("0", "name")),
    ({"name": "ok", "description": "d" * 101}, ("0", "description")),
    ({"name": "ok", "description": ""}, ("0", "description")),
    ({"name": "ok", "description": "d", "options": [
        {"type": 3, "name": "Bad", "description": "d"}]}, ("0", "options", "0", "name")),
    ({"name": "ok", "description": "d", "options": [
        {"type": 3, "name": "o", "description": "d" * 101}]},
     ("0", "options", "0", "description")),
])
async def test_command_names_and_descriptions(env: ProbeEnv, command: dict[str, Any],
                                              path: tuple[str, ...]) -> None:
    app_id = env.fake.application_id
    with pytest.raises(discord.HTTPException) as refused:
        await env.bot.http.bulk_upsert_global_commands(app_id, [command])
    assert codes(form_error(refused.value), *path)
    names = [c["name"] for c in env.fake.registered_commands[None]]
    assert names == ["probe"]  # a refused sync changes nothing
