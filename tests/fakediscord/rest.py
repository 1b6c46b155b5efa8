"""REST routes of the fake, under ``/api/v10``, plus attachment downloads.

JSON answers use exactly ``Content-Type: application/json``: discord.py parses a body
only then (aiohttp's ``json_response`` appends ``; charset=utf-8``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .state import EPHEMERAL, LOADING, as_id

if TYPE_CHECKING:
    from .server import FakeDiscord

log = logging.getLogger("fakediscord.rest")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

UNKNOWN = {  # Discord's JSON error codes for missing objects
    "channel": 10003, "guild": 10004, "member": 10007, "message": 10008,
    "user": 10013, "webhook": 10015, "interaction": 10062,
}


class NotFound(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.Response(body=json.dumps(data).encode(), status=status,
                        content_type="application/json")


def error(status: int, code: int, message: str) -> web.Response:
    return json_response({"message": message, "code": code}, status)


async def read_body(request: web.Request) -> tuple[dict[str, Any], list[tuple[str, bytes, str]]]:
    """A JSON body, or a multipart one (``payload_json`` + ``files[n]``) with its files."""
    if not request.body_exists:
        return {}, []
    if request.content_type != "multipart/form-data":
        return await request.json(), []
    payload: dict[str, Any] = {}
    files: list[tuple[str, bytes, str]] = []
    reader = await request.multipart()
    async for part in reader:
        if part.name == "payload_json":
            payload = json.loads(await part.text())  # type: ignore[union-attr]
        else:
            data = await part.read()  # type: ignore[union-attr]
            ctype = part.headers.get("Content-Type", "application/octet-stream")
            files.append((part.filename or "file", bytes(data), ctype))  # type: ignore[union-attr]
    return payload, files


class RestApi:
    """Route handlers; all state lives on the :class:`FakeDiscord`."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    def routes(self) -> list[tuple[str, str, Handler]]:
        a = "/api/v10"
        wh = a + "/webhooks/{app_id}/{token}"
        msg = a + "/channels/{channel_id}/messages/{message_id}"
        return [
            ("GET", a + "/users/@me", self.get_me),
            ("GET", a + "/users/{user_id}", self.get_user),
            ("GET", a + "/oauth2/applications/@me", self.get_application),
            ("GET", a + "/applications/@me", self.get_application),
            ("GET", a + "/gateway", self.get_gateway),
            ("GET", a + "/gateway/bot", self.get_gateway),
            ("PUT", a + "/applications/{app_id}/commands", self.put_commands),
            ("GET", a + "/applications/{app_id}/commands", self.get_commands),
            ("PUT", a + "/applications/{app_id}/guilds/{guild_id}/commands", self.put_commands),
            ("GET", a + "/applications/{app_id}/guilds/{guild_id}/commands", self.get_commands),
            ("POST", a + "/interactions/{interaction_id}/{token}/callback", self.callback),
            ("POST", wh, self.webhook_send),
            ("GET", wh + "/messages/{message_id}", self.webhook_get),
            ("PATCH", wh + "/messages/{message_id}", self.webhook_edit),
            ("DELETE", wh + "/messages/{message_id}", self.webhook_delete),
            ("GET", a + "/channels/{channel_id}", self.get_channel),
            ("GET", a + "/channels/{channel_id}/messages", self.get_history),
            ("POST", a + "/channels/{channel_id}/messages", self.post_message),
            ("GET", msg, self.get_message),
            ("PATCH", msg, self.edit_message),
            ("DELETE", msg, self.delete_message),
            ("POST", msg + "/threads", self.thread_from_message),
            ("PUT", msg + "/reactions/{emoji}/@me", self.add_reaction),
            ("DELETE", msg + "/reactions/{emoji}/@me", self.no_content),
            ("POST", a + "/channels/{channel_id}/threads", self.thread_without_message),
            ("POST", a + "/channels/{channel_id}/typing", self.no_content),
            ("GET", a + "/guilds/{guild_id}", self.get_guild),
            ("GET", a + "/guilds/{guild_id}/channels", self.get_guild_channels),
            ("GET", a + "/guilds/{guild_id}/members/{user_id}", self.get_member),
            ("GET", "/attachments/{attachment_id}/{filename}", self.get_attachment),
        ]

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Record each request; turn :class:`NotFound` into Discord's 404 JSON."""
        self.fake.requests.append((request.method, request.path))
        try:
            return await handler(request)
        except NotFound as exc:
            what = exc.what
            return error(404, UNKNOWN.get(what, 10003), f"Unknown {what.capitalize()}")
        except web.HTTPException:
            raise
        except Exception as exc:  # a bug or gap in the fake: fail fast (a 5xx would be retried)
            log.exception("fakediscord: error in %s %s", request.method, request.path)
            self.fake.server_errors.append(f"{request.method} {request.path}: {exc!r}")
            return error(400, 50035, f"fakediscord could not handle this request: {exc!r}")

    async def unknown_route(self, request: web.Request) -> web.Response:
        route = f"{request.method} {request.path}"
        log.warning("fakediscord: unhandled route %s", route)
        self.fake.unhandled_routes.append(route)
        return error(404, 10003, f"Unknown route {route} (not implemented by the fake)")

    # -- identity, gateway, commands -------------------------------------------------
    async def get_me(self, request: web.Request) -> web.Response:
        return json_response(self.fake.bot_user)

    async def get_user(self, request: web.Request) -> web.Response:
        return json_response(self.fake.get_user(int(request.match_info["user_id"])))

    async def get_application(self, request: web.Request) -> web.Response:
        fake = self.fake
        return json_response({
            "id": str(fake.application_id), "name": fake.bot_user["username"], "icon": None,
            "description": "", "bot_public": True, "bot_require_code_grant": False,
            "owner": fake.get_user(fake.app_owner_id), "verify_key": "0" * 64, "flags": 0,
            "summary": "", "team": None, "bot": fake.bot_user,
        })

    async def get_gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.fake.gateway_url, "shards": 1, "session_start_limit": {
            "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}})

    def _scope(self, request: web.Request) -> int | None:
        gid = request.match_info.get("guild_id")
        return int(gid) if gid else None

    async def put_commands(self, request: web.Request) -> web.Response:
        scope, body = self._scope(request), await request.json()
        old = {c["name"]: c["id"] for c in self.fake.registered_commands.get(scope, [])}
        stored = []
        for cmd in body:
            cmd = {**cmd, "id": old.get(cmd["name"]) or str(self.fake.new_id()),
                   "application_id": str(self.fake.application_id), "version": "1",
                   "type": cmd.get("type", 1)}
            if scope is not None:
                cmd["guild_id"] = str(scope)
            stored.append(cmd)
        self.fake.registered_commands[scope] = stored
        self.fake.notify()
        return json_response(stored)

    async def get_commands(self, request: web.Request) -> web.Response:
        return json_response(self.fake.registered_commands.get(self._scope(request), []))

    # -- interactions ------------------------------------------------------------------
    async def callback(self, request: web.Request) -> web.Response:
        """``POST /interactions/{id}/{token}/callback?with_response=1``."""
        fake = self.fake
        ix = fake.interaction_by_token(request.match_info["token"])
        if ix.id != int(request.match_info["interaction_id"]):
            raise NotFound("interaction")
        body, files = await read_body(request)
        if ix.response is not None:
            return error(400, 40060, "Interaction has already been acknowledged.")
        rtype, data = body["type"], body.get("data") or {}
        info: dict[str, Any] = {"id": str(ix.id), "type": ix.type}
        result: dict[str, Any] = {"interaction": info}
        if rtype in (4, 5):
            flags = (data.get("flags") or 0) | (LOADING if rtype == 5 else 0)
            msg = fake.create_message(ix.channel_id, fake.bot_user, {**data, "flags": flags},
                                      files=files, interaction=ix)
            ix.original = msg
            info.update(response_message_id=msg["id"], response_message_loading=rtype == 5,
                        response_message_ephemeral=bool(flags & EPHEMERAL))
            result["resource"] = {"type": rtype, "message": msg}
        elif rtype in (6, 7) and "message" in ix.payload:
            target = fake.messages.get(int(ix.payload["message"]["id"]), ix.payload["message"])
            if rtype == 7:
                target = fake.edit_message(int(target["id"]), data, files=files)
            ix.original = target
            info["response_message_id"] = target["id"]
            result["resource"] = {"type": rtype, "message": target}
        ix.response = body
        fake.notify()
        return json_response(result)

    def _webhook_interaction(self, request: web.Request) -> Any:
        if int(request.match_info["app_id"]) != self.fake.application_id:
            raise NotFound("webhook")
        return self.fake.interaction_by_token(request.match_info["token"])

    def _record(self, ix: Any, action: str, msg: dict[str, Any], body: dict[str, Any]) -> None:
        entry = {**msg, "action": action}
        if "allowed_mentions" in body:
            entry["allowed_mentions"] = body["allowed_mentions"]
        ix.followups.append(entry)
        self.fake.notify()

    async def webhook_send(self, request: web.Request) -> web.Response:
        """Followup. The first one after a thinking defer fills in the deferred message."""
        ix = self._webhook_interaction(request)
        body, files = await read_body(request)
        fake = self.fake
        orig = ix.original
        if orig is not None and orig["flags"] & LOADING:
            flags = (orig["flags"] & ~LOADING) | (body.get("flags") or 0)
            msg = ix.original = fake.edit_message(int(orig["id"]), {**body, "flags": flags},
                                                  files=files)
        else:
            msg = fake.create_message(ix.channel_id, fake.bot_user, body, files=files,
                                      interaction=ix)
        self._record(ix, "followup", msg, body)
        if request.query.get("wait", "false").lower() in ("true", "1"):
            return json_response(msg)
        return web.Response(status=204)

    def _webhook_target(self, request: web.Request) -> tuple[Any, int, bool]:
        ix = self._webhook_interaction(request)
        mid = request.match_info["message_id"]
        if mid == "@original":
            if ix.original is None:
                raise NotFound("message")
            return ix, int(ix.original["id"]), True
        return ix, int(mid), False

    async def webhook_get(self, request: web.Request) -> web.Response:
        _, mid, _ = self._webhook_target(request)
        return json_response(self.fake.get_message(mid))

    async def webhook_edit(self, request: web.Request) -> web.Response:
        ix, mid, is_original = self._webhook_target(request)
        body, files = await read_body(request)
        msg = self.fake.edit_message(mid, body, files=files)
        if is_original:
            ix.original = msg
        self._record(ix, "edit_original" if is_original else "edit_followup", msg, body)
        return json_response(msg)

    async def webhook_delete(self, request: web.Request) -> web.Response:
        ix, mid, is_original = self._webhook_target(request)
        msg = self.fake.delete_message(mid)
        self._record(ix, "delete_original" if is_original else "delete_followup", msg, {})
        return web.Response(status=204)

    # -- channels and messages -----------------------------------------------------------
    def _channel(self, request: web.Request) -> int:
        cid = int(request.match_info["channel_id"])
        if cid not in self.fake.channels:
            raise NotFound("channel")
        return cid

    async def get_channel(self, request: web.Request) -> web.Response:
        return json_response(self.fake.channels[self._channel(request)].payload())

    async def get_history(self, request: web.Request) -> web.Response:
        cid, limit = self._channel(request), int(request.query.get("limit", 50))
        msgs = [m for m in self.fake.messages.values()
                if m["channel_id"] == str(cid) and not m["flags"] & EPHEMERAL]
        return json_response(list(reversed(msgs))[:limit])  # newest first, like Discord

    async def post_message(self, request: web.Request) -> web.Response:
        cid = self._channel(request)
        body, files = await read_body(request)
        msg = self.fake.create_message(cid, self.fake.bot_user, body, files=files)
        self.fake.bot_posts.setdefault(cid, []).append(msg)
        self.fake.notify()
        return json_response(msg)

    async def get_message(self, request: web.Request) -> web.Response:
        self._channel(request)
        return json_response(self.fake.get_message(int(request.match_info["message_id"])))

    async def edit_message(self, request: web.Request) -> web.Response:
        self._channel(request)
        body, files = await read_body(request)
        return json_response(
            self.fake.edit_message(int(request.match_info["message_id"]), body, files=files))

    async def delete_message(self, request: web.Request) -> web.Response:
        self._channel(request)
        self.fake.delete_message(int(request.match_info["message_id"]))
        return web.Response(status=204)

    async def add_reaction(self, request: web.Request) -> web.Response:
        mid = int(request.match_info["message_id"])
        self.fake.get_message(mid)
        self.fake.reactions.append((mid, request.match_info["emoji"]))
        self.fake.notify()
        return web.Response(status=204)

    async def no_content(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def thread_from_message(self, request: web.Request) -> web.Response:
        """A thread started from a message shares the message's id, as on Discord."""
        cid, body = self._channel(request), await request.json()
        mid = int(request.match_info["message_id"])
        self.fake.get_message(mid)
        thread = self.fake.create_thread(cid, body["name"], owner=self.fake.bot_id, thread_id=mid)
        return json_response(thread.payload())

    async def thread_without_message(self, request: web.Request) -> web.Response:
        cid, body = self._channel(request), await request.json()
        thread = self.fake.create_thread(cid, body["name"], owner=self.fake.bot_id,
                                         type=body.get("type", 11))
        return json_response(thread.payload())

    # -- guilds ----------------------------------------------------------------------------
    def _guild(self, request: web.Request) -> Any:
        guild = self.fake.guilds.get(int(request.match_info["guild_id"]))
        if guild is None:
            raise NotFound("guild")
        return guild

    async def get_guild(self, request: web.Request) -> web.Response:
        return json_response(self._guild(request).payload())

    async def get_guild_channels(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        return json_response([self.fake.channels[c].payload() for c in guild.channel_ids
                              if not self.fake.channels[c].is_thread])

    async def get_member(self, request: web.Request) -> web.Response:
        member = self._guild(request).members.get(as_id(request.match_info["user_id"]))
        if member is None:
            raise NotFound("member")
        return json_response(member.payload())

    async def get_attachment(self, request: web.Request) -> web.Response:
        try:
            _, data, ctype = self.fake.files[int(request.match_info["attachment_id"])]
        except KeyError:
            return web.Response(status=404)
        return web.Response(body=data, content_type=ctype.split(";")[0])
