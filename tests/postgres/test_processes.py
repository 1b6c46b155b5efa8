"""Several processes on one PostgreSQL database: adds from four processes at once, and two
bot processes (the real ``footnote run`` with the real discord.py client against the fake
Discord) splitting the shards, with the CLI adding from beside them.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from bot.storage.postgres import PostgresStorage
from tests.fakediscord import FakeDiscord
from tests.postgres.processes import children, footnote

WORKERS, ADDS = 4, 5
COMMON = "Shared notice\n\nEvery process tries to add this same notice at the same moment."
ADDER = '''
import json, sys
from bot.service import Footnote
from bot.settings import Settings
from tests.fakes import HashingEncoder
from tests.test_library import check_consistent

worker, adds = int(sys.argv[1]), int(sys.argv[2])
app = Footnote(Settings(), encoder=HashingEncoder(), analysers=())
lib = app.library("shared", seed=False)
print("READY", flush=True)
sys.stdin.readline()  # GO: every process starts adding at once
for i in range(adds):
    text = (f"Report {worker}-{i}\\n\\nWorker {worker} filed report {i} about the harbour.\\n\\n"
            f"It had {worker * 10 + i} paragraphs of notes, the clerk said.")
    result = app.add_text("shared", text, title=f"w{worker}-{i}", actor=f"worker-{worker}")
    print("ACK", result.article.id, result.status, flush=True)
    if i == 1:
        common = app.add_text("shared", %(common)r, title="common")
        print("COMMON", common.article.id, common.status, flush=True)
print("DONE", flush=True)
expected = int(sys.stdin.readline())  # the generation after every process is done
import time
deadline = time.monotonic() + 30
def held():
    return -1 if lib._snapshot is None else lib._snapshot.generation
while held() < expected and time.monotonic() < deadline:
    time.sleep(0.01)  # caught up by itself, through the change notification
by_itself = held() == expected
check_consistent(lib)  # FAISS, BM25 and the index file agree with the database
snap = lib.snapshot()
print("STATE", json.dumps({"by_itself": by_itself, "generation": snap.generation,
      "passages": [p.id for p in snap.passages], "dense": [int(i) for i in snap.dense.ids()],
      "articles": sorted(snap.articles)}), flush=True)
app.close()
'''


def test_twenty_adds_from_four_processes_all_land_once(pg_url: str, tmp_path: Path) -> None:
    script = tmp_path / "adder.py"
    script.write_text(ADDER % {"common": COMMON})
    machines = [tmp_path / "machine-a", tmp_path / "machine-b"]  # two processes on each
    with children() as start:
        procs = [start([sys.executable, str(script), str(w), str(ADDS)],
                       {"FOOTNOTE_DATABASE_URL": pg_url, "FOOTNOTE_DATA_DIR": str(machines[w % 2]),
                        "FOOTNOTE_SEEDS_DIR": str(tmp_path / "none")}, tmp_path)
                 for w in range(WORKERS)]
        for proc in procs:
            proc.wait_line(lambda line: line == "READY")
        for proc in procs:
            proc.send("GO")
        for proc in procs:
            proc.wait_line(lambda line: line == "DONE")
        with psycopg.connect(pg_url) as conn:
            generation = conn.execute("SELECT generation FROM libraries WHERE name = 'shared'"
                                      ).fetchone()[0]
            ids = [r[0] for r in conn.execute("SELECT a.id FROM articles a JOIN libraries l ON"
                                              " l.id = a.library_id ORDER BY a.id")]
            passages = [r[0] for r in conn.execute("SELECT id FROM passages ORDER BY id")]
        for proc in procs:
            proc.send(str(generation))
        states = [json.loads(p.wait_line(lambda line: line.startswith("STATE"))[6:])
                  for p in procs]
    acks = [line.split() for p in procs for line in p.said(lambda s: s.startswith("ACK"))]
    commons = [line.split()[2] for p in procs for line in p.said(lambda s: s.startswith("COMMON"))]
    assert len(acks) == WORKERS * ADDS and {a[2] for a in acks} == {"added"}
    assert sorted(commons) == ["added", "duplicate", "duplicate", "duplicate"]
    acked = sorted(int(a[1]) for a in acks)
    assert len(set(acked)) == len(acked) == WORKERS * ADDS  # no id given twice
    assert ids == list(range(1, WORKERS * ADDS + 2))  # all 21 there, numbered without gaps
    assert len(passages) == len(set(passages)) > WORKERS * ADDS
    assert generation == WORKERS * ADDS + 1
    for state in states:
        assert state["by_itself"], "a process did not hear of the others' adds"
        assert state["generation"] == generation
        assert state["articles"] == ids
        assert state["passages"] == state["dense"] == passages


# --- two bot processes, two shard ranges, one database ------------------------------------------

SHARED_ARTICLE = ("Ferry timetable\n\nThe island ferry will sail every forty minutes from "
                  "Monday, the harbour master announced.")
DISCORD_ARTICLE = ("Lighthouse keepers\n\nTwo keepers return to the Skerry lighthouse in "
                   "spring, the trust said.")


def bot_env(fake: FakeDiscord, url: str, data: Path, shard: int, seeds: Path) -> dict[str, str]:
    """The environment of ``footnote run`` for one shard of two."""
    return {"DISCORD_TOKEN": "fake-token", "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url, "FOOTNOTE_SHARD_COUNT": "2",
            "FOOTNOTE_SHARD_IDS": str(shard), "FOOTNOTE_DATABASE_URL": url,
            "FOOTNOTE_DATA_DIR": str(data), "FOOTNOTE_SEEDS_DIR": str(seeds),
            "FOOTNOTE_ASK_RATE": "1000", "FOOTNOTE_LOG_LEVEL": "INFO"}


async def ask(fake: FakeDiscord, guild: int, channel: int, member: object, question: str) -> str:
    """Ask in a server; the text of the public answer."""
    from tests.discord_app.helpers import deferred_then_followup, message_text

    ix = await fake.slash_command(guild, channel, member, "ask", options={"question": question})
    return message_text(await deferred_then_followup(ix, timeout=30))


async def ready(proc: object) -> None:
    """Wait (without blocking the fake's event loop) for a bot process to log in."""
    await asyncio.to_thread(proc.wait_line, lambda s: "logged in as" in s,  # type: ignore[attr-defined]
                            stderr=True)


async def test_two_bot_processes_split_the_shards_and_share_the_libraries(
    pg_url: str, tmp_path: Path,
) -> None:
    from tests.discord_app.conftest import MANAGE_GUILD
    from tests.discord_app.helpers import outcome

    seeds = Path(__file__).parents[2] / "seeds"
    data = [tmp_path / f"machine-{i}" for i in range(3)]
    async with FakeDiscord(heartbeat_interval=0.5, recommended_shards=2) as fake:
        base = fake.new_id() >> 22  # the shard of a server follows its id's timestamp bits
        guilds = [fake.add_guild(f"G{i}", guild_id=(base + i) << 22) for i in range(2)]
        guilds.sort(key=lambda g: (g.id >> 22) % 2)  # guilds[s] is on shard s
        channels = [fake.add_text_channel(g.id, "general") for g in guilds]
        alice = [fake.add_member(g.id, "alice") for g in guilds]
        mods = [fake.add_member(g.id, "mod", permissions=MANAGE_GUILD) for g in guilds]
        names = [f"guild-{g.id}" for g in guilds]
        with children() as start:
            bots = [start(footnote("run"), bot_env(fake, pg_url, data[s], s, seeds), tmp_path)
                    for s in range(2)]
            for proc in bots:
                await ready(proc)
            # each process answers its own server, and opens only that server's library
            for s in range(2):
                text = await ask(fake, guilds[s].id, channels[s].id, alice[s],
                                 "What should the public start boycotting?")
                assert "social media" in text.lower(), text
            for s in range(2):
                cache = PostgresStorage(pg_url, data[s])
                assert cache.index_dir(names[s]).is_dir()
                assert not cache.index_dir(names[1 - s]).exists()
            # the CLI on another machine adds to server 0's library: process 0 answers with it
            article = tmp_path / "ferry.txt"
            article.write_text(SHARED_ARTICLE)
            cli_env = {"FOOTNOTE_DATABASE_URL": pg_url, "FOOTNOTE_DATA_DIR": str(tmp_path / "cli"),
                       "FOOTNOTE_SEEDS_DIR": str(seeds)}
            done = await asyncio.to_thread(
                subprocess.run, [*footnote("add", str(article), "--library", names[0])],
                capture_output=True, text=True, timeout=120, cwd=tmp_path,
                env={**os.environ, "PYTHONPATH": str(seeds.parent), **cli_env})
            assert done.returncode == 0 and "Ferry timetable" in done.stdout, done.stderr
            added_at = time.monotonic()
            while True:
                text = await ask(fake, guilds[0].id, channels[0].id, alice[0],
                                 "How often will the island ferry sail?")
                if "forty minutes" in text:
                    break
                assert time.monotonic() - added_at < 5, f"not answered within 5 s: {text}"
            # a moderator adds through process 1; that machine dies; another takes its shard
            ix = await fake.slash_command(guilds[1].id, channels[1].id, mods[1], "article",
                                          subcommand="add", options={"text": DISCORD_ARTICLE})
            said, _, _ = await outcome(ix, timeout=30)
            assert said.startswith("Added article 2"), said
            bots[1].kill()
            replacement = start(footnote("run"), bot_env(fake, pg_url, data[2], 1, seeds),
                                tmp_path)
            await ready(replacement)
            text = await ask(fake, guilds[1].id, channels[1].id, alice[1],
                             "When do the lighthouse keepers return?")
            assert "spring" in text.lower(), text
            for proc, sig in ((bots[0], signal.SIGINT), (replacement, signal.SIGTERM)):
                # stopped from a thread: a clean stop (Ctrl-C, or a service manager's
                # SIGTERM) closes the gateway connection, and the fake Discord (on this event
                # loop) must be there to answer the close
                code = await asyncio.to_thread(proc.stop, sig)
                assert code == 0, "\n".join(proc.err[-80:])
            await asyncio.to_thread(replacement.wait_line, lambda s: "stopped (SIGTERM)" in s,
                                    stderr=True, guard=10)
        assert fake.refusals == [] and fake.missed_deadlines == []



async def test_a_bot_started_while_the_database_is_down_says_so_and_stops(tmp_path: Path) -> None:
    from tests.postgres.support import free_port

    nowhere = f"postgresql://footnote:secret@127.0.0.1:{free_port()}/footnote"
    async with FakeDiscord(heartbeat_interval=0.5) as fake:
        env = bot_env(fake, nowhere, tmp_path / "data", 0, tmp_path / "seeds")
        with children() as start:
            proc = start(footnote("run"), {**env, "FOOTNOTE_SHARD_COUNT": "1"}, tmp_path)
            code = await asyncio.to_thread(proc.proc.wait, 120)
            await asyncio.to_thread(proc.wait_line, lambda s: s.startswith("footnote: "),
                                    stderr=True)
    said = proc.said(lambda s: s.startswith("footnote: "), stderr=True)
    assert code == 1 and said == [f"footnote: The database at {nowhere.split('@')[1]} is "
                                  "unreachable: Connection refused. Check that PostgreSQL is "
                                  "running and that FOOTNOTE_DATABASE_URL points at it; Footnote "
                                  "reconnects by itself once it answers."], proc.err[-10:]
    assert not any("Traceback" in line for line in proc.err)
