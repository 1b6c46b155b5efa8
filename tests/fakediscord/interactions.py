"""Interactions: what a simulated user does (slash commands, autocomplete, clicks, forms),
the record of each one, and the ``data.options`` builder for application commands.

Each :class:`FakeInteraction` is timed on the fake's clock (:meth:`FakeDiscord.now`):
``response_seconds`` is how long the bot took to send its first response, and a
response later than :data:`RESPONSE_DEADLINE` (Discord's 3 seconds) is refused with
404 10062 "Unknown interaction" and marked ``missed_deadline``. Its token works for
webhook followups for :data:`TOKEN_LIFETIME` (15 minutes), then 401 50027.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .state import AttachmentSpec, as_id, snowflake

if TYPE_CHECKING:
    from .server import FakeDiscord

# Application command option types (Discord's numbering).
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 6, 7, 8, 9, 10, 11
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5

RESPONSE_DEADLINE = 3.0
"""Seconds Discord waits for the first response to an interaction."""
TOKEN_LIFETIME = 15 * 60.0
"""Seconds an interaction token stays valid for followups and edits."""

__all__ = ["AttachmentSpec", "FakeInteraction", "InteractionsMixin", "build_options"]


class FakeInteraction:
    """One interaction the fake sent to the bot, and everything the bot answered.

    * ``response``: the initial callback body ``{"type": 4|5|6|7|8|9, "data": {...}}``.
    * ``original``: the current payload of the ``@original`` message (created by a
      type 4/5 callback; for components answered with 6/7 it is the clicked message).
    * ``followups``: in order, each webhook action on this token: a copy of the
      resulting message payload plus ``"action"``: ``"followup"`` (POST),
      ``"edit_original"``, ``"edit_followup"``, ``"delete_original"``, ``"delete_followup"``.
      Each also carries ``"allowed_mentions"`` when the bot sent one.
    * ``response_seconds``: from dispatch to the first response (None until then);
      ``missed_deadline``: the bot answered after 3 seconds (and Discord refused it).
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
        self.original_deleted = False
        self.followups: list[dict[str, Any]] = []
        self.followup_ids: set[int] = set()  # messages created by followups (not the original)
        self.seq: int | None = None  # gateway sequence of the INTERACTION_CREATE
        self.created_at: float = fake.now()
        self.response_seconds: float | None = None
        self.missed_deadline = False

    def __repr__(self) -> str:
        return f"<FakeInteraction id={self.id} type={self.type} {self.name!r}>"

    @property
    def name(self) -> str:
        """The command name or component custom id."""
        data = self.payload.get("data", {})
        return str(data.get("name") or data.get("custom_id"))

    @property
    def response_type(self) -> int | None:
        return None if self.response is None else self.response["type"]

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """Autocomplete choices (type 8 response), if any."""
        if self.response_type != 8:
            return None
        return self.response["data"]["choices"]  # type: ignore[index]

    @property
    def age(self) -> float:
        """Seconds since the interaction was created (on the fake's clock)."""
        return self.fake.now() - self.created_at

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


class InteractionsMixin:
    """What simulated users do through Discord's UI; mixed into FakeDiscord."""

    # provided by FakeDiscord
    application_id: int
    bot_id: int
    gateway: Any
    guilds: Any
    channels: Any
    registered_commands: dict[int | None, list[dict[str, Any]]]
    interactions: list[FakeInteraction]
    get_user: Any
    get_message: Any
    _store_file: Any
    notify: Any
    bot_permissions: Any

    def _interaction(self, itype: int, guild_id: int, channel_id: int, user: Any,
                     data: dict[str, Any], message: dict[str, Any] | None = None,
                     locale: str = "en-US") -> FakeInteraction:
        if not self.gateway.sessions:
            raise RuntimeError("the bot has no gateway session: connect it first")
        guild, channel = self.guilds[guild_id], self.channels[channel_id]
        member = guild.members[as_id(user)]
        perms = self.permissions_in(channel_id, member.id)  # type: ignore[attr-defined]
        payload: dict[str, Any] = {
            "id": str(snowflake()), "application_id": str(self.application_id),
            "type": itype, "token": secrets.token_urlsafe(24), "version": 1, "data": data,
            "guild_id": str(guild_id), "guild": {"id": str(guild_id), "locale": "en-US",
                                                 "features": []},
            "channel_id": str(channel_id), "channel": channel.payload(permissions=perms),
            "member": member.payload(permissions=perms),
            "app_permissions": str(self.bot_permissions(channel_id)),
            "locale": locale, "guild_locale": "en-US", "entitlements": [],
            "entitlement_sku_ids": [], "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0, "attachment_size_limit": 10 * 1024 * 1024,
        }
        if message is not None:
            payload["message"] = message
        ix = FakeInteraction(self, payload)  # type: ignore[arg-type]
        self.interactions.append(ix)
        ix.seq = self.gateway.dispatch("INTERACTION_CREATE", payload)
        self.notify()
        return ix

    def _option_value(self, guild_id: int, otype: int, value: Any,
                      resolved: dict[str, dict[str, Any]]) -> Any:
        """Turn a test value into the option ``value`` and fill ``resolved`` as Discord does."""
        guild = self.guilds[guild_id]
        if otype in (STRING, INTEGER, NUMBER, BOOLEAN):
            if isinstance(value, str) and otype != STRING:
                return value  # a partial value typed during autocomplete
            return {STRING: str, INTEGER: int, NUMBER: float, BOOLEAN: bool}[otype](value)
        if otype == ATTACHMENT:
            att = self._store_file(value, ephemeral=True)
            resolved.setdefault("attachments", {})[att["id"]] = att
            return att["id"]
        oid = as_id(value)
        if otype == CHANNEL:
            chan = self.channels[oid].payload(permissions=guild.everyone.permissions)
            resolved.setdefault("channels", {})[str(oid)] = chan
        elif otype == ROLE or (otype == MENTIONABLE and oid in guild.roles):
            resolved.setdefault("roles", {})[str(oid)] = guild.roles[oid].payload()
        elif otype in (USER, MENTIONABLE):
            resolved.setdefault("users", {})[str(oid)] = self.get_user(oid)
            if oid in guild.members:
                resolved.setdefault("members", {})[str(oid)] = guild.members[oid].payload(
                    with_user=False, permissions=guild.permissions_of(oid))
        return str(oid)

    def _command_data(self, guild_id: int, name: str, subcommand: str | None,
                      options: dict[str, Any] | None, attachments: Sequence[AttachmentSpec],
                      focused: str | None = None) -> dict[str, Any]:
        cmd = find_command(self.registered_commands, guild_id, name)
        opts, resolved = build_options(self, cmd, guild_id, subcommand,  # type: ignore[arg-type]
                                       options or {}, list(attachments), focused)
        data: dict[str, Any] = {"id": cmd["id"], "name": name, "type": 1, "options": opts}
        if resolved:
            data["resolved"] = resolved
        if "guild_id" in cmd:
            data["guild_id"] = cmd["guild_id"]
        return data

    async def slash_command(self, guild_id: int, channel_id: int, user: Any, name: str, *,
                            subcommand: str | None = None, options: dict[str, Any] | None = None,
                            attachments: Sequence[AttachmentSpec] = (),
                            locale: str = "en-US") -> FakeInteraction:
        """Invoke a registered slash command (``subcommand``: ``"sub"`` or ``"group sub"``)."""
        data = self._command_data(guild_id, name, subcommand, options, attachments)
        return self._interaction(APPLICATION_COMMAND, guild_id, channel_id, user, data,
                                 locale=locale)

    async def autocomplete_interaction(self, guild_id: int, channel_id: int, user: Any,
                                       name: str, *, focused: str,
                                       subcommand: str | None = None,
                                       options: dict[str, Any] | None = None) -> FakeInteraction:
        """Send an autocomplete interaction for option ``focused``; returns its record."""
        options = {focused: "", **(options or {})}
        data = self._command_data(guild_id, name, subcommand, options, [], focused)
        return self._interaction(AUTOCOMPLETE, guild_id, channel_id, user, data)

    async def autocomplete(self, guild_id: int, channel_id: int, user: Any, name: str, *,
                           focused: str, subcommand: str | None = None,
                           options: dict[str, Any] | None = None,
                           timeout: float = 10) -> list[dict[str, Any]]:
        """Ask for autocomplete on option ``focused``; returns the bot's choices."""
        ix = await self.autocomplete_interaction(guild_id, channel_id, user, name,
                                                 focused=focused, subcommand=subcommand,
                                                 options=options)
        response = await ix.wait_response(timeout)
        if response["type"] != 8:
            raise AssertionError(f"autocomplete answered with type {response['type']}")
        return response["data"]["choices"]

    @staticmethod
    def _find_component(components: list[dict[str, Any]], custom_id: str) -> dict[str, Any] | None:
        for comp in components:
            if comp.get("custom_id") == custom_id:
                return comp
            children = list(comp.get("components") or [])
            children += [c for c in (comp.get("accessory"), comp.get("component")) if c]
            found = InteractionsMixin._find_component(children, custom_id)
            if found is not None:
                return found
        return None

    async def click_button(self, message: Any, custom_id: str, user: Any,
                           *, values: list[str] | None = None) -> FakeInteraction:
        """Click a button (or, with ``values``, use a select menu) on a stored message."""
        msg = self.get_message(as_id(message))
        comp = self._find_component(msg["components"], custom_id)
        if comp is None:
            raise LookupError(f"no component {custom_id!r} on message {msg['id']}: "
                              f"{msg['components']}")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": comp["type"]}
        if values is not None:
            data["values"] = values
        return self._interaction(MESSAGE_COMPONENT, int(msg["guild_id"]), int(msg["channel_id"]),
                                 user, data, message=copy.deepcopy(msg))

    async def submit_modal(self, guild_id: int, channel_id: int, user: Any, custom_id: str,
                           values: dict[str, str], *, message: Any = None) -> FakeInteraction:
        """Submit a modal: ``values`` maps each text input's custom_id to its text."""
        data = {"custom_id": custom_id, "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            for k, v in values.items()]}
        msg = copy.deepcopy(self.get_message(as_id(message))) if message is not None else None
        return self._interaction(MODAL_SUBMIT, guild_id, channel_id, user, data, message=msg)
