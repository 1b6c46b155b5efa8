"""The fake gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, RESUME, shards.

One gateway *session* per shard (created by IDENTIFY with ``shard: [id, count]``)
outlives its websocket connections. Every dispatch is appended to its session's log
with a sequence number and sent on the *live* connection, if any; when there is none
(dropped socket, reconnect in progress) it waits in the log and a RESUME replays it.
Guild events go to the shard that owns the guild (``(guild_id >> 22) % shard_count``,
Discord's formula); others to shard 0. Each connection has one sender task fed by a
queue, so frames go out in exactly the order they were produced.

Discord's refusals at IDENTIFY: privileged intents (Guild Members, Presences, Message
Content) not granted to the application close the socket with code 4014 "Disallowed
intent(s)"; a token Discord does not know closes it with 4004 "Authentication failed".
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .server import FakeDiscord

log = logging.getLogger("fakediscord.gateway")

DISPATCH, HEARTBEAT, IDENTIFY, RESUME = 0, 1, 2, 6
REQUEST_GUILD_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11
AUTHENTICATION_FAILED, DISALLOWED_INTENTS = 4004, 4014
GUILD_MEMBERS_INTENT, GUILD_PRESENCES_INTENT, MESSAGE_CONTENT_INTENT = 1 << 1, 1 << 8, 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS_INTENT | GUILD_PRESENCES_INTENT | MESSAGE_CONTENT_INTENT
_GUILD_EVENTS = ("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE")


@dataclass(eq=False)
class _Connection:
    ws: web.WebSocketResponse
    request: web.Request
    queue: asyncio.Queue[dict[str, Any] | None] = field(default_factory=asyncio.Queue)

    def send(self, frame: dict[str, Any]) -> None:
        self.queue.put_nowait(frame)

    async def pump(self) -> None:
        while (frame := await self.queue.get()) is not None:
            try:
                await self.ws.send_str(json.dumps(frame))
            except (ConnectionError, RuntimeError):
                return


@dataclass(eq=False)
class Session:
    """One shard's gateway session: its log of dispatches and its live connection."""

    shard_id: int
    shard_count: int
    session_id: str
    intents: int
    seq: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)
    live: _Connection | None = None


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard that receives a guild's events (Discord's formula)."""
    return (int(guild_id) >> 22) % max(1, shard_count)


class Gateway:
    """Gateway state and websocket handler. Counters are public for assertions."""

    def __init__(self, fake: FakeDiscord, heartbeat_interval: float) -> None:
        self.fake = fake
        self.heartbeat_interval = heartbeat_interval  # seconds
        self.sessions: dict[int, Session] = {}  # by shard id
        self.heartbeats: list[float] = []  # time.monotonic() of every op 1 received
        self.ack_heartbeats = True  # set False to simulate a zombie connection
        self.identify_payloads: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []  # RESUME payloads that succeeded
        self.replayed: list[int] = []  # sequence numbers sent again by RESUMEs
        self.close_codes: list[int] = []  # codes the fake closed sockets with (4014...)
        self.connections = 0
        self.invalid_sessions = 0
        self._all: set[_Connection] = set()

    # -- the first (or only) shard, for single-shard tests ------------------------------
    @property
    def _first(self) -> Session | None:
        return self.sessions.get(0) or next(iter(self.sessions.values()), None)

    @property
    def session_id(self) -> str | None:
        return self._first.session_id if self._first else None

    @property
    def seq(self) -> int:
        return self._first.seq if self._first else 0

    @property
    def log(self) -> list[dict[str, Any]]:
        return self._first.log if self._first else []

    @property
    def connected(self) -> bool:
        return bool(self.sessions) and all(s.live is not None for s in self.sessions.values())

    @property
    def intents(self) -> int:
        return self.identify_payloads[-1].get("intents", 0) if self.identify_payloads else 0

    # -- dispatching ---------------------------------------------------------------------
    def _session_for(self, event: str, data: dict[str, Any]) -> Session | None:
        guild_id = data.get("guild_id") or (data.get("id") if event in _GUILD_EVENTS else None)
        if guild_id is None or not self.sessions:
            return self._first
        count = next(iter(self.sessions.values())).shard_count
        return self.sessions.get(shard_of(int(guild_id), count))

    def dispatch(self, event: str, data: dict[str, Any]) -> int:
        """Log a dispatch under its shard's next sequence number and send it if that shard
        is connected. Returns the sequence number (0 when no shard receives the guild)."""
        session = self._session_for(event, data)
        if session is None:
            return 0
        return self._send(session, event, data)

    @staticmethod
    def _send(session: Session, event: str, data: dict[str, Any]) -> int:
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.log.append(frame)
        if session.live is not None:
            session.live.send(frame)
        return session.seq

    async def drop(self, code: int = 4000, *, abort: bool = False, shard: int = 0) -> None:
        """Close a shard's live connection (``abort``: reset the TCP connection instead)."""
        session = self.sessions.get(shard)
        conn = session.live if session else None
        if session is None or conn is None:
            raise RuntimeError("no live gateway connection to drop")
        session.live = None
        if abort and conn.request.transport is not None:
            conn.request.transport.abort()
        else:
            await conn.ws.close(code=code)

    async def close_all(self) -> None:
        for session in self.sessions.values():
            session.live = None
        for conn in list(self._all):
            conn.queue.put_nowait(None)
            with contextlib.suppress(Exception):
                await conn.ws.close(code=1001)

    # -- the websocket ---------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = _Connection(ws, request)
        self._all.add(conn)
        self.connections += 1
        pump = asyncio.create_task(conn.pump())
        conn.send({"op": HELLO, "d": {"heartbeat_interval": int(self.heartbeat_interval * 1000)}})
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                refusal = self._on_frame(conn, json.loads(msg.data))
                if refusal is not None:
                    self.close_codes.append(refusal[0])
                    conn.queue.put_nowait(None)
                    await pump
                    await ws.close(code=refusal[0], message=refusal[1].encode())
                    break
        finally:
            for session in self.sessions.values():
                if session.live is conn:
                    session.live = None
            self._all.discard(conn)
            conn.queue.put_nowait(None)
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump
            self.fake.notify()
        return ws

    def _on_frame(self, conn: _Connection, frame: dict[str, Any]) -> tuple[int, str] | None:
        op, data = frame.get("op"), frame.get("d")
        refusal = None
        if op == HEARTBEAT:
            self.heartbeats.append(time.monotonic())
            if self.ack_heartbeats:
                conn.send({"op": HEARTBEAT_ACK, "d": None})
        elif op == IDENTIFY:
            refusal = self._identify(conn, data)
        elif op == RESUME:
            self._resume(conn, data)
        elif op == REQUEST_GUILD_MEMBERS:
            guild = self.fake.guilds[int(data["guild_id"])]
            conn.send({"op": DISPATCH, "t": "GUILD_MEMBERS_CHUNK", "s": None, "d": {
                "guild_id": str(guild.id), "members": [m.payload() for m in guild.members.values()],
                "chunk_index": 0, "chunk_count": 1, "nonce": data.get("nonce"),
            }})
        else:
            log.debug("ignoring gateway op %s", op)
        self.fake.notify()
        return refusal

    def _identify(self, conn: _Connection, data: dict[str, Any]) -> tuple[int, str] | None:
        self.identify_payloads.append(data)
        fake = self.fake
        if not fake.token_ok(str(data.get("token", ""))):
            return AUTHENTICATION_FAILED, "Authentication failed."
        intents = int(data.get("intents", 0))
        if intents & PRIVILEGED_INTENTS & ~fake.granted_intents:
            return DISALLOWED_INTENTS, "Disallowed intent(s)."
        shard_id, shard_count = data.get("shard") or [0, 1]
        session = Session(shard_id, shard_count, secrets.token_hex(16), intents, live=conn)
        self.sessions[shard_id] = session
        mine = [g for g in fake.guilds if shard_of(g, shard_count) == shard_id]
        self._send(session, "READY", {
            "v": 10, "user": fake.bot_user, "session_id": session.session_id,
            "resume_gateway_url": fake.gateway_url, "session_type": "normal",
            "guilds": [{"id": str(g), "unavailable": True} for g in mine],
            "application": {"id": str(fake.application_id), "flags": 0},
            "private_channels": [], "relationships": [], "presences": [],
            "guild_join_requests": [], "geo_ordered_rtc_regions": [],
            "user_settings": {}, "shard": [shard_id, shard_count],
        })
        for guild_id in mine:
            self._send(session, "GUILD_CREATE", fake.guild_create_payload(guild_id))
        return None

    def _resume(self, conn: _Connection, data: dict[str, Any]) -> None:
        session = next((s for s in self.sessions.values()
                        if s.session_id == data.get("session_id")), None)
        if session is None:
            self.invalid_sessions += 1
            conn.send({"op": INVALID_SESSION, "d": False})
            return
        self.resumes.append(data)
        since = data.get("seq") or 0
        for frame in session.log:
            if frame["s"] > since:
                self.replayed.append(frame["s"])
                conn.send(frame)
        session.seq += 1  # RESUMED gets a number but is not logged (never replayed)
        conn.send({"op": DISPATCH, "t": "RESUMED", "s": session.seq, "d": {}})
        session.live = conn

    def intents_of(self, guild_id: int | None) -> int:
        """The intents of the session that receives ``guild_id``'s events."""
        session = (self._session_for("X", {"guild_id": guild_id}) if guild_id is not None
                   else self._first)
        return session.intents if session else 0
