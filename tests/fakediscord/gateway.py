"""The fake gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, RESUME with replay.

One gateway *session* (created by IDENTIFY) outlives its websocket connections. Every
dispatch is appended to the session log with a sequence number and sent on the *live*
connection, if any; when there is none (dropped socket, reconnect in progress) it waits
in the log and a RESUME replays it. Each connection has one sender task fed by a queue,
so frames go out in exactly the order they were produced.
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


class Gateway:
    """Gateway state and websocket handler. Counters are public for assertions."""

    def __init__(self, fake: FakeDiscord, heartbeat_interval: float) -> None:
        self.fake = fake
        self.heartbeat_interval = heartbeat_interval  # seconds
        self.session_id: str | None = None
        self.seq = 0
        self.log: list[dict[str, Any]] = []  # dispatch frames of the current session
        self.heartbeats: list[float] = []  # time.monotonic() of every op 1 received
        self.ack_heartbeats = True  # set False to simulate a zombie connection
        self.identify_payloads: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []  # RESUME payloads that succeeded
        self.replayed: list[int] = []  # sequence numbers sent again by RESUMEs
        self.connections = 0
        self.invalid_sessions = 0
        self._live: _Connection | None = None
        self._all: set[_Connection] = set()

    @property
    def connected(self) -> bool:
        return self._live is not None

    @property
    def intents(self) -> int:
        return self.identify_payloads[-1].get("intents", 0) if self.identify_payloads else 0

    def dispatch(self, event: str, data: dict[str, Any]) -> int:
        """Log a dispatch under the next sequence number and send it if a connection is live."""
        self.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.log.append(frame)
        if self._live is not None:
            self._live.send(frame)
        return self.seq

    async def drop(self, code: int = 4000, *, abort: bool = False) -> None:
        """Close the live connection (``abort``: reset the TCP connection instead)."""
        conn, self._live = self._live, None
        if conn is None:
            raise RuntimeError("no live gateway connection to drop")
        if abort and conn.request.transport is not None:
            conn.request.transport.abort()
        else:
            await conn.ws.close(code=code)

    async def close_all(self) -> None:
        self._live = None
        for conn in list(self._all):
            conn.queue.put_nowait(None)
            with contextlib.suppress(Exception):
                await conn.ws.close(code=1001)

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
                if msg.type is WSMsgType.TEXT:
                    self._on_frame(conn, json.loads(msg.data))
        finally:
            if self._live is conn:
                self._live = None
            self._all.discard(conn)
            conn.queue.put_nowait(None)
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump
            self.fake.notify()
        return ws

    def _on_frame(self, conn: _Connection, frame: dict[str, Any]) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            self.heartbeats.append(time.monotonic())
            if self.ack_heartbeats:
                conn.send({"op": HEARTBEAT_ACK, "d": None})
        elif op == IDENTIFY:
            self._identify(conn, data)
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

    def _identify(self, conn: _Connection, data: dict[str, Any]) -> None:
        self.identify_payloads.append(data)
        self.session_id, self.seq, self.log = secrets.token_hex(16), 0, []
        self._live = conn
        fake = self.fake
        self.dispatch("READY", {
            "v": 10, "user": fake.bot_user, "session_id": self.session_id,
            "resume_gateway_url": fake.gateway_url, "session_type": "normal",
            "guilds": [{"id": str(g), "unavailable": True} for g in fake.guilds],
            "application": {"id": str(fake.application_id), "flags": 0},
            "private_channels": [], "relationships": [], "presences": [],
            "guild_join_requests": [], "geo_ordered_rtc_regions": [],
            "user_settings": {}, "shard": data.get("shard", [0, 1]),
        })
        for guild_id in fake.guilds:
            self.dispatch("GUILD_CREATE", fake.guild_create_payload(guild_id))

    def _resume(self, conn: _Connection, data: dict[str, Any]) -> None:
        if data.get("session_id") != self.session_id or self.session_id is None:
            self.invalid_sessions += 1
            conn.send({"op": INVALID_SESSION, "d": False})
            return
        self.resumes.append(data)
        since = data.get("seq") or 0
        for frame in self.log:
            if frame["s"] > since:
                self.replayed.append(frame["s"])
                conn.send(frame)
        self.seq += 1  # RESUMED gets a number but is not logged (never replayed)
        conn.send({"op": DISPATCH, "t": "RESUMED", "s": self.seq, "d": {}})
        self._live = conn
