"""Interaction records and the ``data.options`` builder for application commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import FakeDiscord

# Application command option types (Discord's numbering).
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 6, 7, 8, 9, 10, 11

#: A file the test attaches to a command option: (filename, content, content_type).
AttachmentSpec = tuple[str, bytes, str]


class FakeInteraction:
    """One interaction the fake sent to the bot, and everything the bot answered.

    * ``response``: the initial callback body ``{"type": 4|5|6|7|8|9, "data": {...}}``.
    * ``original``: the current payload of the ``@original`` message (created by a
      type 4/5 callback; for components answered with 6/7 it is the clicked message).
    * ``followups``: in order, each webhook action on this token: a copy of the
      resulting message payload plus ``"action"``: ``"followup"`` (POST),
      ``"edit_original"``, ``"edit_followup"``, ``"delete_original"``, ``"delete_followup"``.
      Each also carries ``"allowed_mentions"`` when the bot sent one.
    """

    def __init__(self, fake: FakeDiscord, payload: dict[str, Any]) -> None:
        self.fake = fake
        self.payload = payload
        self.id: int = int(payload["id"])
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.guild_id: int = int(payload["guild_id"])
        self.channel_id: int = int(payload["channel_id"])
        self.response: dict[str, Any] | None = None
        self.original: dict[str, Any] | None = None
        self.followups: list[dict[str, Any]] = []
        self.seq: int | None = None  # gateway sequence of the INTERACTION_CREATE

    def __repr__(self) -> str:
        name = self.payload.get("data", {}).get("name") or self.payload["data"].get("custom_id")
        return f"<FakeInteraction id={self.id} type={self.type} {name!r}>"

    @property
    def response_type(self) -> int | None:
        return None if self.response is None else self.response["type"]

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """Autocomplete choices (type 8 response), if any."""
        if self.response_type != 8:
            return None
        return self.response["data"]["choices"]  # type: ignore[index]

    async def wait_response(self, timeout: float = 10) -> dict[str, Any]:
        """Wait for the initial callback and return its body."""
        await self.fake.wait_for(lambda: self.response is not None, timeout,
                                 f"a response to {self!r}")
        assert self.response is not None
        return self.response

    async def wait_followups(self, n: int = 1, timeout: float = 10) -> list[dict[str, Any]]:
        """Wait until at least ``n`` webhook actions (followups/edits) happened; return them."""
        await self.fake.wait_for(lambda: len(self.followups) >= n, timeout,
                                 f"{n} followup(s) on {self!r} (have {len(self.followups)})")
        return self.followups[:n]

    async def wait_original(self, predicate: Callable[[dict[str, Any]], bool],
                            timeout: float = 10) -> dict[str, Any]:
        """Wait until the ``@original`` message satisfies ``predicate``."""
        await self.fake.wait_for(lambda: self.original is not None and predicate(self.original),
                                 timeout, f"the original response of {self!r} to match")
        assert self.original is not None
        return self.original


def find_command(registered: dict[int | None, list[dict[str, Any]]], guild_id: int,
                 name: str) -> dict[str, Any]:
    """The registered command called ``name``: guild commands first, then global ones."""
    for scope in (guild_id, None):
        for cmd in registered.get(scope, []):
            if cmd["name"] == name and cmd.get("type", 1) == 1:
                return cmd
    known = {scope: [c["name"] for c in cmds] for scope, cmds in registered.items()}
    raise LookupError(f"command {name!r} is not registered (did the bot sync?); known: {known}")


def build_options(
    fake: FakeDiscord,
    command: dict[str, Any],
    guild_id: int,
    subcommand: str | None,
    values: dict[str, Any],
    attachments: list[AttachmentSpec],
    focused: str | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Build ``data.options`` and ``data.resolved`` from plain values using the command schema.

    ``subcommand`` is ``"sub"`` or ``"group sub"``. Option types come from what the bot
    registered, so tests pass natural values: members/ids for users, channel objects
    for channels, and ``(filename, bytes, content_type)`` for attachments (attachment
    options without a value take the next item of ``attachments``).
    """
    resolved: dict[str, dict[str, Any]] = {}
    schema = command.get("options") or []
    path = subcommand.split() if subcommand else []
    wrappers: list[dict[str, Any]] = []
    for part in path:
        opt = next((o for o in schema if o["name"] == part and o["type"] in (1, 2)), None)
        if opt is None:
            raise LookupError(f"{command['name']!r} has no subcommand {part!r}")
        wrappers.append({"name": part, "type": opt["type"], "options": []})
        schema = opt.get("options") or []
    pending = list(attachments)
    leaf: list[dict[str, Any]] = []
    for opt in schema:
        name, otype = opt["name"], opt["type"]
        if name in values:
            value = values[name]
        elif otype == ATTACHMENT and pending:
            value = pending.pop(0)
        else:
            continue
        entry: dict[str, Any] = {"name": name, "type": otype,
                                 "value": fake._option_value(guild_id, otype, value, resolved)}
        if name == focused:
            entry["focused"] = True
        leaf.append(entry)
    unknown = set(values) - {o["name"] for o in schema}
    if unknown:
        raise LookupError(f"unknown option(s) {sorted(unknown)} for {command['name']!r} {path}")
    options = leaf
    for wrapper in reversed(wrappers):
        wrapper["options"] = options
        options = [wrapper]
    return options, resolved

