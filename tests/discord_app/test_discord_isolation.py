"""Two servers share one bot and one engine, but never each other's library."""

from __future__ import annotations

from tests.discord_app.conftest import BotEnv, StartBot
from tests.discord_app.helpers import deferred_then_followup, message_text, reply_text

ALPHA_STORY = ("Zeppelin museum opens\n\n"
               "The Friedrichshafen zeppelin museum opened a hall of gondolas on Saturday.\n\n"
               "Curator Ilse Brandt said the Hindenburg gondola replica drew the biggest crowd.")
BETA_STORY = ("Otter census\n\n"
              "Volunteers counted 212 otters along the river Tamar this spring.\n\n"
              "The count was organised by the wildlife trust in Launceston.")


async def two_servers(start_bot: StartBot) -> tuple[BotEnv, int, int]:
    env = await start_bot(servers=2, seed_new_servers=False)
    alpha_id = env.add_text(ALPHA_STORY, title="Zeppelin museum opens", server=env.a)
    alpha_second = env.add_text("Gondola hall\n\nThe gondola hall has a cafe.", title="Gondolas",
                                server=env.a)
    beta_id = env.add_text(BETA_STORY, title="Otter census", server=env.b)
    assert (alpha_id, alpha_second, beta_id) == (1, 2, 1)  # ids are per library
    return env, alpha_id, alpha_second


async def test_autocomplete_lists_only_the_servers_own_titles(start_bot: StartBot) -> None:
    env, _, _ = await two_servers(start_bot)
    fake = env.fake
    for server, expected in ((env.a, {"Zeppelin museum opens", "Gondolas"}),
                             (env.b, {"Otter census"})):
        for command, sub in (("ask", None), ("article", "show")):
            choices = await fake.autocomplete(server.guild.id, server.channel.id, server.mod,
                                              command, subcommand=sub, focused="article")
            assert {c["name"].rsplit(" · #", 1)[0] for c in choices} == expected


async def test_asking_server_b_about_server_a_declines(start_bot: StartBot) -> None:
    env, _, _ = await two_servers(start_bot)
    question = "Which gondola replica drew the biggest crowd at the zeppelin museum?"
    in_a = message_text(await deferred_then_followup(await env.ask(question, server=env.a)))
    assert "Hindenburg" in in_a
    in_b = message_text(await deferred_then_followup(await env.ask(question, server=env.b)))
    assert in_b.startswith("I couldn't find that in the articles I have.")
    assert "Otter census" in in_b  # B's own titles are suggested
    assert "Zeppelin" not in in_b and "Hindenburg" not in in_b and "Gondolas" not in in_b


async def test_server_a_ids_are_not_found_from_server_b(start_bot: StartBot) -> None:
    env, _, alpha_second = await two_servers(start_bot)
    b = env.b
    for sub in ("show", "remove"):
        ix = await env.article(sub, server=b, article=str(alpha_second))
        text = await reply_text(ix)
        assert f"There is no article {alpha_second} in this library" in text, text
    asked = await env.ask("What does the gondola hall have?", server=b,
                          article=str(alpha_second))
    assert f"There is no article {alpha_second} in this library" in await reply_text(asked)
    # A typed title from the other server is not found either.
    by_title = await env.article("show", server=b, article="Gondolas")
    assert "no single article called “Gondolas”" in await reply_text(by_title)
    assert [a.title for a in env.library(env.a).articles()] == ["Zeppelin museum opens",
                                                                "Gondolas"]


async def test_feedback_ids_are_per_server(start_bot: StartBot) -> None:
    env, _, _ = await two_servers(start_bot)
    answer = await deferred_then_followup(await env.ask("How many otters were counted?",
                                                        server=env.b))
    click = await env.fake.click_button(answer, "fn:fb:1:1", env.b.alice)
    await click.wait_followups(1)
    assert [row.helpful for row in env.library(env.b).store.feedback()] == [True]
    assert env.library(env.a).store.feedback() == []
