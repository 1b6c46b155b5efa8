"""Channel routes: messages, history, threads, typing and reactions, with permissions.

Every call checks the bot's permissions in the channel the way Discord does (see
:mod:`.permissions`) and the message limits (see :mod:`.limits`). Ephemeral messages
are invisible to channel routes (404 10008), as on Discord: only the interaction
token reaches them. A message must belong to the channel named in the path.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .errors import (
    THREAD_ALREADY_CREATED,
    ApiError,
    InvalidForm,
    NotFound,
    json_response,
    leaf,
    read_body,
)
from .limits import check_message, check_thread_name
from .permissions import (
    ADD_REACTIONS,
    CREATE_PRIVATE_THREADS,
    CREATE_PUBLIC_THREADS,
    MANAGE_MESSAGES,
    READ_MESSAGE_HISTORY,
    check_send,
    require,
    send_bit,
)
from .state import EPHEMERAL

if TYPE_CHECKING:
    from .server import FakeDiscord

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CANNOT_EDIT_OTHERS = 50005


class ChannelRoutes:
    """``/channels/{id}/...``."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    def routes(self, api: str) -> list[tuple[str, str, Handler]]:
        ch = api + "/channels/{channel_id}"
        msg = ch + "/messages/{message_id}"
        return [
            ("GET", ch, self.get_channel),
            ("GET", ch + "/messages", self.get_history),
            ("POST", ch + "/messages", self.post_message),
            ("GET", msg, self.get_message),
            ("PATCH", msg, self.edit_message),
            ("DELETE", msg, self.delete_message),
            ("POST", msg + "/threads", self.thread_from_message),
            ("PUT", msg + "/reactions/{emoji}/@me", self.add_reaction),
            ("DELETE", msg + "/reactions/{emoji}/@me", self.remove_reaction),
            ("POST", ch + "/threads", self.thread_without_message),
            ("POST", ch + "/typing", self.typing),
        ]

    def _channel(self, request: web.Request) -> tuple[int, int]:
        """The channel id and the bot's permissions in it."""
        cid = int(request.match_info["channel_id"])
        if cid not in self.fake.channels:
            raise NotFound("channel")
        return cid, self.fake.bot_permissions(cid)

    def _message(self, request: web.Request, cid: int) -> dict[str, Any]:
        msg = self.fake.get_message(int(request.match_info["message_id"]))
        if msg["channel_id"] != str(cid) or msg["flags"] & EPHEMERAL:
            raise NotFound("message")
        return msg

    async def get_channel(self, request: web.Request) -> web.Response:
        cid, perms = self._channel(request)
        require(perms, 0, "view channel")
        return json_response(self.fake.channels[cid].payload())

    async def get_history(self, request: web.Request) -> web.Response:
        cid, perms = self._channel(request)
        require(perms, READ_MESSAGE_HISTORY, "read history")
        limit = int(request.query.get("limit", 50))
        msgs = [m for m in self.fake.messages.values()
                if m["channel_id"] == str(cid) and not m["flags"] & EPHEMERAL]
        return json_response(list(reversed(msgs))[:limit])  # newest first, like Discord

    async def post_message(self, request: web.Request) -> web.Response:
        cid, perms = self._channel(request)
        body, files = await read_body(request)
        fake = self.fake
        body = check_send(perms, fake.channels[cid], body, bool(files))
        check_message(body, creating=True, has_files=bool(files))
        ref = body.get("message_reference")
        if ref:
            target = fake.messages.get(int(ref.get("message_id", 0)))
            if target is None or target["flags"] & EPHEMERAL or target["channel_id"] != str(cid):
                raise InvalidForm({"message_reference": leaf(
                    "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")})
        msg = fake.create_message(cid, fake.bot_user, body, files=files)
        fake.bot_posts.setdefault(cid, []).append(msg)
        fake.notify()
        return json_response(msg)

    async def get_message(self, request: web.Request) -> web.Response:
        cid, perms = self._channel(request)
        require(perms, READ_MESSAGE_HISTORY, "read a message")
        return json_response(self._message(request, cid))

    async def edit_message(self, request: web.Request) -> web.Response:
        cid, perms = self._channel(request)
        msg = self._message(request, cid)
        if msg["author"]["id"] != str(self.fake.bot_id):
            raise ApiError(403, CANNOT_EDIT_OTHERS,
                           "Cannot edit a message authored by another user")
        body, files = await read_body(request)
        body = check_send(perms, self.fake.channels[cid], body, bool(files), editing=True)
        check_message(body, creating=False, has_files=bool(files))
        body = {k: v for k, v in body.items() if k != "flags"}
        return json_response(self.fake.edit_message(int(msg["id"]), body, files=files))

    async def delete_message(self, request: web.Request) -> web.Response:
        cid, perms = self._channel(request)
        msg = self._message(request, cid)
        own = msg["author"]["id"] == str(self.fake.bot_id)
        require(perms, 0 if own else MANAGE_MESSAGES, "delete a message")
        self.fake.delete_message(int(msg["id"]))
        return web.Response(status=204)

    async def add_reaction(self, request: web.Request) -> web.Response:
        cid, perms = self._channel(request)
        require(perms, ADD_REACTIONS | READ_MESSAGE_HISTORY, "add a reaction")
        msg = self._message(request, cid)
        self.fake.reactions.append((int(msg["id"]), request.match_info["emoji"]))
        self.fake.notify()
        return web.Response(status=204)

    async def remove_reaction(self, request: web.Request) -> web.Response:
        cid, perms = self._channel(request)
        require(perms, READ_MESSAGE_HISTORY, "remove a reaction")
        self._message(request, cid)
        return web.Response(status=204)

    async def typing(self, request: web.Request) -> web.Response:
        cid, perms = self._channel(request)
        require(perms, send_bit(self.fake.channels[cid]), "typing")
        self.fake.typing.append(cid)
        return web.Response(status=204)

    async def thread_from_message(self, request: web.Request) -> web.Response:
        """A thread started from a message shares the message's id, as on Discord."""
        cid, perms = self._channel(request)
        body = await request.json()
        require(perms, CREATE_PUBLIC_THREADS, "start a thread")
        check_thread_name(body)
        msg = self._message(request, cid)
        if int(msg["id"]) in self.fake.channels:
            raise ApiError(400, THREAD_ALREADY_CREATED,
                           "A thread has already been created for this message")
        thread = self.fake.create_thread(cid, body["name"], owner=self.fake.bot_id,
                                         thread_id=int(msg["id"]))
        return json_response(thread.payload())

    async def thread_without_message(self, request: web.Request) -> web.Response:
        cid, perms = self._channel(request)
        body = await request.json()
        kind = body.get("type", 11)
        require(perms, CREATE_PRIVATE_THREADS if kind == 12 else CREATE_PUBLIC_THREADS,
                "create a thread")
        check_thread_name(body)
        thread = self.fake.create_thread(cid, body["name"], owner=self.fake.bot_id, type=kind)
        return json_response(thread.payload())
