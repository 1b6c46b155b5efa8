"""Sharding: one process runs the shards Discord recommends, or several processes split them
with FOOTNOTE_SHARD_COUNT and FOOTNOTE_SHARD_IDS; each answers only its own servers."""

from __future__ import annotations

from typing import Any

import pytest

from bot.discord_app.client import FootnoteBot
from bot.errors import ConfigError
from bot.service import Footnote
from bot.settings import Settings, load_settings
from tests.discord_app.helpers import connected, deferred_then_followup
from tests.fakediscord import FakeDiscord, FakeInteraction


@pytest.mark.parametrize(("text", "ids"), [("0-3", [0, 1, 2, 3]), ("0,1", [0, 1]),
                                           (" 4 , 0-1 ", [0, 1, 4]), ("7", [7])])
def test_shard_ids_are_a_range_or_a_list(text: str, ids: list[int]) -> None:
    from bot.settings import parse_shard_ids

    assert parse_shard_ids(text) == ids


@pytest.mark.parametrize(("env", "says"), [
    ({"FOOTNOTE_SHARD_IDS": "0-1"}, "FOOTNOTE_SHARD_IDS needs FOOTNOTE_SHARD_COUNT"),
    ({"FOOTNOTE_SHARD_COUNT": "2", "FOOTNOTE_SHARD_IDS": "1-2"},
     "shard 2 does not exist: with FOOTNOTE_SHARD_COUNT=2 the shards are 0 to 1"),
    ({"FOOTNOTE_SHARD_COUNT": "4", "FOOTNOTE_SHARD_IDS": "3-1"}, "the range 3-1 runs backwards"),
    ({"FOOTNOTE_SHARD_COUNT": "4", "FOOTNOTE_SHARD_IDS": "first"}, "is not a list of shard"),
    ({"FOOTNOTE_SHARD_COUNT": "0"}, "FOOTNOTE_SHARD_COUNT"),
])
def test_bad_shard_settings_get_a_sentence(env: dict[str, str], says: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as refused:
        load_settings()
    assert says in str(refused.value) and "FOOTNOTE_SHARD" in str(refused.value)


class Quick(FootnoteBot):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No 5-second pause between shards (Discord's pacing, not what is tested)."""


def bot_for(app: Footnote, settings: Settings, **shards: Any) -> Any:
    """A bot (a process) running the shards ``shards`` names (all recommended by default)."""
    return connected(Quick(app, settings.model_copy(update=shards), guild_ready_timeout=0.05))


async def test_two_processes_split_the_shards_and_answer_their_own_servers(
    app: Footnote, settings: Settings,
) -> None:
    async with FakeDiscord(heartbeat_interval=0.2, recommended_shards=2) as fake:
        base = fake.new_id() >> 22  # the shard of a server follows its id's timestamp bits
        guilds = [fake.add_guild(f"G{i}", guild_id=(base + i) << 22) for i in range(2)]
        channels = [fake.add_text_channel(g.id, "general") for g in guilds]
        people = [fake.add_member(g.id, "alice") for g in guilds]
        shard_of = {g.id: (g.id >> 22) % 2 for g in guilds}
        async with bot_for(app, settings) as alone:  # no settings: every recommended shard
            assert alone.shard_count == 2 and {g.id for g in alone.guilds} == set(shard_of)
        async with (bot_for(app, settings, shard_count=2, shard_ids=[0]) as zero,
                    bot_for(app, settings, shard_count=2, shard_ids=[1]) as one):
            bots = {0: zero, 1: one}
            for shard, bot in bots.items():
                assert {g.id for g in bot.guilds} == {g for g, s in shard_of.items() if s == shard}
            for guild, channel, alice in zip(guilds, channels, people, strict=True):
                ix: FakeInteraction = await fake.slash_command(
                    guild.id, channel.id, alice, "ask",
                    options={"question": "What should the public start boycotting?"})
                await deferred_then_followup(ix)
                owner = bots[shard_of[guild.id]]
                assert owner.deps.libraries.is_open(guild.id)  # answered by its own shard
                assert not bots[1 - shard_of[guild.id]].deps.libraries.is_open(guild.id)
        assert fake.refusals == [] and fake.missed_deadlines == []
