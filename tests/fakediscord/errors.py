"""Discord's wire format on the fake's side: error responses, JSON bodies, request bodies.

Every refusal is an :class:`ApiError`: an HTTP status, Discord's JSON error ``code``
and ``message``, and for form errors (50035) the nested ``errors`` tree Discord sends,
e.g. ``{"content": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": ...}]}}``.
The codes are Discord's documented ones (``JSON error codes`` in the API reference).
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

UNKNOWN_CHANNEL, UNKNOWN_GUILD, UNKNOWN_MEMBER, UNKNOWN_MESSAGE = 10003, 10004, 10007, 10008
UNKNOWN_USER, UNKNOWN_WEBHOOK, UNKNOWN_INTERACTION = 10013, 10015, 10062
MISSING_ACCESS, CANNOT_SEND_EMPTY, INVALID_WEBHOOK_TOKEN = 50001, 50006, 50027
MISSING_PERMISSIONS, INVALID_FORM_BODY = 50013, 50035
ALREADY_ACKNOWLEDGED, THREAD_ALREADY_CREATED = 40060, 160004

UNKNOWN = {  # Discord's JSON error codes for missing objects
    "channel": UNKNOWN_CHANNEL, "guild": UNKNOWN_GUILD, "member": UNKNOWN_MEMBER,
    "message": UNKNOWN_MESSAGE, "user": UNKNOWN_USER, "webhook": UNKNOWN_WEBHOOK,
    "interaction": UNKNOWN_INTERACTION,
}

ErrorTree = dict[str, Any]
"""Discord's nested form-error tree: keys are field names or list indexes (as strings),
leaves are ``{"_errors": [{"code": ..., "message": ...}]}``."""


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


def json_response(data: Any, status: int = 200,
                  headers: dict[str, str] | None = None) -> web.Response:
    """A JSON body with exactly ``Content-Type: application/json`` (discord.py needs that)."""
    return web.Response(body=json.dumps(data).encode(), status=status,
                        content_type="application/json", headers=headers)


class ApiError(Exception):
    """A Discord error response: ``{"message": ..., "code": ...[, "errors": ...]}``."""

    def __init__(self, status: int, code: int, message: str, *,
                 errors: ErrorTree | None = None, headers: dict[str, str] | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.headers = headers
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        """The JSON body Discord sends for this error."""
        data: dict[str, Any] = {"message": self.message, "code": self.code, **self.extra}
        if self.errors:
            data["errors"] = self.errors
        return data

    def response(self) -> web.Response:
        """This error as an aiohttp response."""
        return json_response(self.body(), self.status, self.headers)


class NotFound(ApiError):
    """404 ``Unknown <what>`` with Discord's code for that kind of object."""

    def __init__(self, what: str) -> None:
        super().__init__(404, UNKNOWN.get(what, UNKNOWN_CHANNEL), f"Unknown {what.capitalize()}")
        self.what = what


class Forbidden(ApiError):
    """403: 50013 Missing Permissions (or 50001 Missing Access without View Channel)."""

    def __init__(self, missing: str, *, access: bool = False) -> None:
        if access:
            super().__init__(403, MISSING_ACCESS, "Missing Access")
        else:
            super().__init__(403, MISSING_PERMISSIONS, "Missing Permissions")
        self.missing = missing


class InvalidForm(ApiError):
    """400 50035 Invalid Form Body, with the ``errors`` tree."""

    def __init__(self, errors: ErrorTree) -> None:
        super().__init__(400, INVALID_FORM_BODY, "Invalid Form Body", errors=errors)


def leaf(code: str, message: str) -> ErrorTree:
    """One error leaf: ``{"_errors": [{"code": code, "message": message}]}``."""
    return {"_errors": [{"code": code, "message": message}]}
