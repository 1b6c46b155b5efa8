"""REST routes of the fake, under ``/api/v10``, plus attachment downloads.

This module holds the middleware (request log, rate limits on demand, the bot token,
Discord's error bodies), the route table, and the identity, gateway, command and
guild routes; interaction callbacks and webhooks are in :mod:`.webhooks`, channels,
messages and threads in :mod:`.channels`.

JSON answers use exactly ``Content-Type: application/json``: discord.py parses a body
only then (aiohttp's ``json_response`` appends ``; charset=utf-8``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .channels import ChannelRoutes
from .errors import ApiError, NotFound, json_response, read_body
from .limits import check_commands
from .state import as_id
from .webhooks import WebhookRoutes

if TYPE_CHECKING:
    from .server import FakeDiscord

log = logging.getLogger("fakediscord.rest")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
API = "/api/v10"
#: Paths authorised by the interaction token in the URL, not the bot token.
TOKEN_IN_URL = (API + "/interactions/", API + "/webhooks/")

__all__ = ["NotFound", "RestApi", "json_response", "read_body"]


def error(status: int, code: int, message: str) -> web.Response:
    return json_response({"message": message, "code": code}, status)


class RestApi:
    """Route handlers; all state lives on the :class:`FakeDiscord`."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.webhooks = WebhookRoutes(fake)
        self.channels = ChannelRoutes(fake)

    def routes(self) -> list[tuple[str, str, Handler]]:
        a, wh, ch = API, self.webhooks, self.channels
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
            ("GET", a + "/guilds/{guild_id}", self.get_guild),
            ("GET", a + "/guilds/{guild_id}/channels", self.get_guild_channels),
            ("GET", a + "/guilds/{guild_id}/members/{user_id}", self.get_member),
            ("GET", "/attachments/{attachment_id}/{filename}", self.get_attachment),
            *wh.routes(a), *ch.routes(a),
        ]

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Record each request; rate limits and the token; errors as Discord's JSON."""
        fake, method, path = self.fake, request.method, request.path
        fake.requests.append((method, path))
        try:
            for rule in fake.rate_limits:
                if rule.matches(method, path):
                    raise rule.refusal(method, path)
            if path.startswith(API) and not path.startswith(TOKEN_IN_URL):
                auth = request.headers.get("Authorization", "")
                if not auth.startswith("Bot ") or not fake.token_ok(auth[4:]):
                    raise ApiError(401, 0, "401: Unauthorized")
            return await handler(request)
        except ApiError as exc:
            fake.refusals.append({"method": method, "path": path, "status": exc.status,
                                  **exc.body()})
            fake.notify()
            return exc.response()
        except web.HTTPException:
            raise
        except Exception as exc:  # a bug or gap in the fake: fail fast (a 5xx would be retried)
            log.exception("fakediscord: error in %s %s", method, path)
            fake.server_errors.append(f"{method} {path}: {exc!r}")
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
        return json_response({"url": self.fake.gateway_url, "shards": self.fake.recommended_shards,
                              "session_start_limit": {"total": 1000, "remaining": 1000,
                                                      "reset_after": 0, "max_concurrency": 1}})

    def _scope(self, request: web.Request) -> int | None:
        if int(request.match_info["app_id"]) != self.fake.application_id:
            raise ApiError(403, 50001, "Missing Access")
        gid = request.match_info.get("guild_id")
        return int(gid) if gid else None

    async def put_commands(self, request: web.Request) -> web.Response:
        """Bulk overwrite, after checking Discord's naming and length rules."""
        scope, body = self._scope(request), await request.json()
        check_commands(body)
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
