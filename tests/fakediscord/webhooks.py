"""Interaction responses and followups: ``/interactions/{id}/{token}/callback`` and
``/webhooks/{app}/{token}[/messages/...]``, with Discord's rules.

* The first response must come within 3 seconds of the interaction (on the fake's
  clock), else 404 10062 "Unknown interaction"; a second one is 400 40060
  "Interaction has already been acknowledged". Each response is timed.
* Response bodies are checked against Discord's limits (messages, modals,
  autocomplete choices); a refused response leaves the interaction unanswered.
* Webhook calls need an acknowledged interaction (else 404 10015 "Unknown Webhook")
  and a token younger than 15 minutes (else 401 50027 "Invalid Webhook Token").
* Visibility is fixed at the defer: the first followup (or edit) after a "thinking"
  defer fills in the deferred message and keeps the defer's visibility, whatever
  flags it sends. Later followups are new messages with their own flags.
* A followup after the deferred message was deleted while still "thinking" is 404
  10008 "Unknown Message" (as reported on Discord's tracker).
* Ephemeral responses may be edited and deleted through the token.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .errors import (
    ALREADY_ACKNOWLEDGED,
    INVALID_FORM_BODY,
    INVALID_WEBHOOK_TOKEN,
    UNKNOWN_INTERACTION,
    ApiError,
    NotFound,
    json_response,
    leaf,
    read_body,
)
from .interactions import AUTOCOMPLETE, RESPONSE_DEADLINE, TOKEN_LIFETIME, FakeInteraction
from .limits import check_choices, check_message, check_modal
from .state import EPHEMERAL, LOADING

if TYPE_CHECKING:
    from .server import FakeDiscord

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
MESSAGE, DEFERRED, DEFERRED_UPDATE, UPDATE, CHOICES, MODAL = 4, 5, 6, 7, 8, 9
ALLOWED_RESPONSES = {  # interaction type -> response types Discord accepts for it
    2: {MESSAGE, DEFERRED, MODAL}, 3: {MESSAGE, DEFERRED, DEFERRED_UPDATE, UPDATE, MODAL},
    AUTOCOMPLETE: {CHOICES}, 5: {MESSAGE, DEFERRED, DEFERRED_UPDATE, UPDATE},
}


class WebhookRoutes:
    """The interaction callback and the interaction webhook."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    def routes(self, api: str) -> list[tuple[str, str, Handler]]:
        wh = api + "/webhooks/{app_id}/{token}"
        return [
            ("POST", api + "/interactions/{interaction_id}/{token}/callback", self.callback),
            ("POST", wh, self.webhook_send),
            ("GET", wh + "/messages/{message_id}", self.webhook_get),
            ("PATCH", wh + "/messages/{message_id}", self.webhook_edit),
            ("DELETE", wh + "/messages/{message_id}", self.webhook_delete),
        ]

    # -- the initial response ------------------------------------------------------------
    async def callback(self, request: web.Request) -> web.Response:
        """``POST /interactions/{id}/{token}/callback?with_response=1``."""
        fake = self.fake
        ix = fake.interaction_by_token(request.match_info["token"], what="interaction")
        if ix.id != int(request.match_info["interaction_id"]):
            raise NotFound("interaction")
        body, files = await read_body(request)
        if ix.response is not None:
            raise ApiError(400, ALREADY_ACKNOWLEDGED,
                           "Interaction has already been acknowledged.")
        age = ix.age
        if age > RESPONSE_DEADLINE:
            ix.missed_deadline = True
            fake.missed_deadlines.append(ix)
            raise ApiError(404, UNKNOWN_INTERACTION, "Unknown interaction")
        rtype, data = body.get("type"), body.get("data") or {}
        if rtype not in ALLOWED_RESPONSES.get(ix.type, set()) or (
                rtype in (DEFERRED_UPDATE, UPDATE) and "message" not in ix.payload):
            raise ApiError(400, INVALID_FORM_BODY, "Invalid Form Body", errors={
                "type": leaf("INTERACTION_RESPONSE_TYPE_INVALID",
                             f"Response type {rtype} is not valid for this interaction")})
        if rtype in (MESSAGE, UPDATE):
            check_message(data, creating=rtype == MESSAGE, has_files=bool(files))
        elif rtype == CHOICES:
            check_choices(data)
        elif rtype == MODAL:
            check_modal(data)
        info: dict[str, Any] = {"id": str(ix.id), "type": ix.type}
        result: dict[str, Any] = {"interaction": info}
        if rtype in (MESSAGE, DEFERRED):
            flags = (data.get("flags") or 0) | (LOADING if rtype == DEFERRED else 0)
            msg = fake.create_message(ix.channel_id, fake.bot_user, {**data, "flags": flags},
                                      files=files, interaction=ix)
            ix.original = msg
            info.update(response_message_id=msg["id"], response_message_loading=rtype == DEFERRED,
                        response_message_ephemeral=bool(flags & EPHEMERAL))
            result["resource"] = {"type": rtype, "message": msg}
        elif rtype in (DEFERRED_UPDATE, UPDATE):
            target = fake.messages.get(int(ix.payload["message"]["id"]), ix.payload["message"])
            if rtype == UPDATE:
                target = fake.edit_message(int(target["id"]), data, files=files)
            ix.original = target
            info["response_message_id"] = target["id"]
            result["resource"] = {"type": rtype, "message": target}
        ix.response = body
        ix.response_seconds = age
        fake.response_times.append((ix.name, ix.type, age))
        fake.notify()
        return json_response(result)

    # -- followups and edits -------------------------------------------------------------
    def _interaction(self, request: web.Request) -> FakeInteraction:
        fake = self.fake
        if int(request.match_info["app_id"]) != fake.application_id:
            raise NotFound("webhook")
        ix = fake.interaction_by_token(request.match_info["token"])
        if ix.age > TOKEN_LIFETIME:
            raise ApiError(401, INVALID_WEBHOOK_TOKEN, "Invalid Webhook Token")
        if ix.response is None:
            raise NotFound("webhook")
        return ix

    def _record(self, ix: FakeInteraction, action: str, msg: dict[str, Any],
                body: dict[str, Any]) -> None:
        entry = {**msg, "action": action}
        if "allowed_mentions" in body:
            entry["allowed_mentions"] = body["allowed_mentions"]
        ix.followups.append(entry)
        self.fake.notify()

    @staticmethod
    def _loading(ix: FakeInteraction) -> bool:
        return ix.original is not None and bool(ix.original["flags"] & LOADING)

    async def webhook_send(self, request: web.Request) -> web.Response:
        """Followup. The first one after a thinking defer fills in the deferred message,
        with the visibility chosen at the defer."""
        ix = self._interaction(request)
        body, files = await read_body(request)
        check_message(body, creating=True, has_files=bool(files))
        fake = self.fake
        if self._loading(ix):
            if ix.original_deleted:
                raise NotFound("message")
            fill = {**body, "flags": ix.original["flags"]}  # type: ignore[index]
            msg = ix.original = fake.edit_message(int(ix.original["id"]), fill,  # type: ignore[index]
                                                  files=files)
        else:
            msg = fake.create_message(ix.channel_id, fake.bot_user, body, files=files,
                                      interaction=ix)
            ix.followup_ids.add(int(msg["id"]))
        self._record(ix, "followup", msg, body)
        if request.query.get("wait", "false").lower() in ("true", "1"):
            return json_response(msg)
        return web.Response(status=204)

    def _target(self, request: web.Request) -> tuple[FakeInteraction, int, bool]:
        ix = self._interaction(request)
        mid = request.match_info["message_id"]
        if mid == "@original":
            if ix.original is None or ix.original_deleted:
                raise NotFound("message")
            return ix, int(ix.original["id"]), True
        if int(mid) not in ix.followup_ids and (ix.original is None
                                                or int(ix.original["id"]) != int(mid)):
            raise NotFound("message")
        return ix, int(mid), False

    async def webhook_get(self, request: web.Request) -> web.Response:
        _, mid, _ = self._target(request)
        return json_response(self.fake.get_message(mid))

    async def webhook_edit(self, request: web.Request) -> web.Response:
        ix, mid, is_original = self._target(request)
        body, files = await read_body(request)
        check_message(body, creating=False, has_files=bool(files))
        body = {k: v for k, v in body.items() if k != "flags"}  # visibility cannot change
        msg = self.fake.edit_message(mid, body, files=files)
        if is_original:
            ix.original = msg
        self._record(ix, "edit_original" if is_original else "edit_followup", msg, body)
        return json_response(msg)

    async def webhook_delete(self, request: web.Request) -> web.Response:
        ix, mid, is_original = self._target(request)
        msg = self.fake.delete_message(mid)
        if is_original:
            ix.original_deleted = True
        self._record(ix, "delete_original" if is_original else "delete_followup", msg, {})
        return web.Response(status=204)
