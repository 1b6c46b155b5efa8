"""FakeDiscord: a loopback fake of Discord (REST + gateway) for the real discord.py client.

Typical use (see ``tests/test_fakediscord_smoke.py``)::

    async with FakeDiscord() as fake:         # starts on 127.0.0.1:<free port>, patches discord.py
        guild = fake.add_guild("Alpha")
        channel = fake.add_text_channel(guild.id, "general")
        alice = fake.add_member(guild.id, "alice")
        await bot.login("fake-token"); task = asyncio.create_task(bot.connect())
        await bot.wait_until_ready()
        ix = await fake.slash_command(guild.id, channel.id, alice, "ping")
        assert (await ix.wait_response())["type"] == 5
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import secrets
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import discord
import yarl
from aiohttp import web

from .gateway import Gateway
from .interactions import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    MENTIONABLE,
    NUMBER,
    ROLE,
    STRING,
    USER,
    AttachmentSpec,
    FakeInteraction,
    build_options,
    find_command,
)
from .rest import NotFound, RestApi
from .state import (
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    EPHEMERAL,
    LOADING,
    ROLE_MENTION_RE,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    allowed_user_mentions,
    as_id,
    mentioned_ids,
    now_iso,
    snowflake,
    user_payload,
)

MESSAGE_CONTENT_INTENT = 1 << 15
MESSAGE_FIELDS = ("content", "embeds", "components", "flags", "tts", "poll")


class FakeDiscord:
    """State + aiohttp server. Ids on returned objects are ints; payload ids are strings."""

    def __init__(self, *, bot_name: str = "Footnote", heartbeat_interval: float = 0.5,
                 echo_bot_messages: bool = True) -> None:
        self.application_id = snowflake()
        self.bot_id = self.application_id  # a bot's user id is its application id
        self.bot_user = {**user_payload(self.bot_id, bot_name, bot=True),
                         "verified": True, "mfa_enabled": False, "email": None}
        self.app_owner_id = snowflake()
        self.users: dict[int, dict[str, Any]] = {
            self.bot_id: self.bot_user,
            self.app_owner_id: user_payload(self.app_owner_id, "app-owner"),
        }
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.messages: dict[int, dict[str, Any]] = {}  # every message, by id, in creation order
        self.bot_posts: dict[int, list[dict[str, Any]]] = {}  # POST /channels/{id}/messages
        self.files: dict[int, AttachmentSpec] = {}  # attachment id -> (filename, bytes, type)
        self.registered_commands: dict[int | None, list[dict[str, Any]]] = {}  # None = global
        self.interactions: list[FakeInteraction] = []
        self.reactions: list[tuple[int, str]] = []  # (message id, emoji) the bot added
        self.requests: list[tuple[str, str]] = []  # every REST request (method, path)
        self.unhandled_routes: list[str] = []  # requests no route matched: the fake lacks them
        self.server_errors: list[str] = []  # requests a handler failed on (answered 400)
        self.echo_bot_messages = echo_bot_messages  # dispatch MESSAGE_CREATE for bot messages
        self.gateway = Gateway(self, heartbeat_interval)
        self.base_url = ""
        self._rest = RestApi(self)
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Event()
        self._read_cursor: dict[int, int] = {}
        self._undo: Callable[[], None] = lambda: None

    # -- lifecycle ---------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1") -> None:
        """Bind ``host:0`` and serve REST under ``/api/v10`` and the gateway at ``/``."""
        app = web.Application(middlewares=[self._rest.middleware])
        for method, path, handler in self._rest.routes():
            app.router.add_route(method, path, handler)
        app.router.add_get("/", self.gateway.handle)
        app.router.add_route("*", "/{tail:.*}", self._rest.unknown_route)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, 0).start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{port}"

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_base(self) -> str:
        return self.base_url + "/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.base_url.replace("http://", "ws://", 1) + "/"

    def patch_discord(self) -> Callable[[], None]:
        """Point discord.py at this fake; returns a callable that undoes it."""
        route, ws = discord.http.Route, discord.gateway.DiscordWebSocket
        old = (route.BASE, ws.DEFAULT_GATEWAY)
        route.BASE, ws.DEFAULT_GATEWAY = self.api_base, yarl.URL(self.gateway_url)

        def undo() -> None:
            route.BASE, ws.DEFAULT_GATEWAY = old

        return undo

    @contextlib.contextmanager
    def patched(self) -> Iterator[FakeDiscord]:
        undo = self.patch_discord()
        try:
            yield self
        finally:
            undo()

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        self._undo = self.patch_discord()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._undo()
        await self.stop()

    # -- waiting -----------------------------------------------------------------------
    def notify(self) -> None:
        """Wake every :meth:`wait_for` (called after each recorded change)."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float, what: str) -> Any:
        """Wait until ``predicate()`` is truthy; return its value or raise TimeoutError."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := predicate()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"fakediscord: timed out after {timeout}s waiting for {what}; "
                                   f"unhandled routes: {self.unhandled_routes}; "
                                   f"server errors: {self.server_errors}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return result

    # -- world building ----------------------------------------------------------------
    def new_id(self) -> int:
        return snowflake()

    def _live(self) -> bool:
        """Has the bot an (open or resumable) gateway session to dispatch into?"""
        return self.gateway.session_id is not None

    def add_guild(self, name: str = "Guild", owner_id: int | None = None, *,
                  everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
                  bot_permissions: int = DEFAULT_BOT_PERMISSIONS) -> FakeGuild:
        """A guild with an @everyone role, the bot (with a managed role) and an owner member.

        Without ``owner_id`` a member named ``owner`` is created: the owner passes every
        permission check, so test users should be other members.
        """
        gid = snowflake()
        guild = FakeGuild(gid, name, owner_id or 0)
        guild.roles[gid] = FakeRole(gid, gid, "@everyone", everyone_permissions)
        self.guilds[gid] = guild
        bot_role = self._new_role(guild, name, bot_permissions, managed=True)
        guild.members[self.bot_id] = FakeMember(self.bot_user, gid, [bot_role.id])
        if owner_id is None:
            guild.owner_id = self._new_member(guild, "owner", [], False).id
        elif owner_id not in self.users:
            self.users[owner_id] = user_payload(owner_id, f"user{owner_id}")
        if owner_id is not None and owner_id not in guild.members:
            guild.members[owner_id] = FakeMember(self.users[owner_id], gid)
        if self._live():
            self.gateway.dispatch("GUILD_CREATE", self.guild_create_payload(gid))
        return guild

    def _new_role(self, guild: FakeGuild, name: str, permissions: int,
                  managed: bool = False) -> FakeRole:
        role = FakeRole(snowflake(), guild.id, name, permissions, len(guild.roles), managed)
        guild.roles[role.id] = role
        return role

    def _new_member(self, guild: FakeGuild, username: str, roles: list[int],
                    bot: bool) -> FakeMember:
        uid = snowflake()
        self.users[uid] = user_payload(uid, username, bot=bot)
        member = guild.members[uid] = FakeMember(self.users[uid], guild.id, roles)
        return member

    def add_role(self, guild_id: int, name: str, permissions: int = 0) -> FakeRole:
        role = self._new_role(self.guilds[guild_id], name, permissions)
        if self._live():
            self.gateway.dispatch("GUILD_ROLE_CREATE",
                                  {"guild_id": str(guild_id), "role": role.payload()})
        return role

    def add_member(self, guild_id: int, username: str, *, permissions: int | None = None,
                   roles: Sequence[Any] = (), bot: bool = False) -> FakeMember:
        """A member. ``permissions`` is granted through a role of its own, so
        ``member.guild_permissions`` and ``interaction.permissions`` agree."""
        role_ids = [as_id(r) for r in roles]
        if permissions is not None:
            role_ids.append(self.add_role(guild_id, f"{username}-permissions", permissions).id)
        member = self._new_member(self.guilds[guild_id], username, role_ids, bot)
        if self._live():
            self.gateway.dispatch("GUILD_MEMBER_ADD",
                                  {**member.payload(), "guild_id": str(guild_id)})
        return member

    def add_text_channel(self, guild_id: int, name: str, *,
                         topic: str | None = None) -> FakeChannel:
        guild = self.guilds[guild_id]
        channel = FakeChannel(snowflake(), guild_id, name, 0, len(guild.channel_ids), topic)
        self._add_channel(channel, "CHANNEL_CREATE")
        return channel

    def create_thread(self, parent_id: int, name: str, *, owner: Any = None, type: int = 11,
                      thread_id: int | None = None) -> FakeChannel:
        """A thread (11 public, 12 private) in a text channel; dispatches THREAD_CREATE.
        ``thread_id`` = a message id makes it a thread started from that message."""
        parent = self.channels[parent_id]
        thread = FakeChannel(thread_id or snowflake(), parent.guild_id, name, type,
                             parent_id=parent_id, owner_id=as_id(owner) if owner else self.bot_id)
        self._add_channel(thread, "THREAD_CREATE", newly_created=True)
        return thread

    def _add_channel(self, channel: FakeChannel, event: str, **extra: Any) -> None:
        self.channels[channel.id] = channel
        self.guilds[channel.guild_id].channel_ids.append(channel.id)
        if self._live():
            self.gateway.dispatch(event, {**channel.payload(), **extra})
        self.notify()

    def guild_create_payload(self, guild_id: int) -> dict[str, Any]:
        guild = self.guilds[guild_id]
        return guild.payload([self.channels[c] for c in guild.channel_ids])

    # -- lookups used by the REST layer --------------------------------------------------
    def get_user(self, user_id: int) -> dict[str, Any]:
        if user_id not in self.users:
            raise NotFound("user")
        return self.users[user_id]

    def get_message(self, message_id: int) -> dict[str, Any]:
        if message_id not in self.messages:
            raise NotFound("message")
        return self.messages[message_id]

    def interaction_by_token(self, token: str) -> FakeInteraction:
        for ix in reversed(self.interactions):
            if ix.token == token:
                return ix
        raise NotFound("interaction")

    def attachment_bytes(self, attachment: Any) -> bytes:
        """The bytes of an attachment (payload dict or id) the bot uploaded or a user sent."""
        return self.files[as_id(attachment)][1]

    # -- messages ----------------------------------------------------------------------
    def _store_file(self, spec: AttachmentSpec, *, ephemeral: bool = False) -> dict[str, Any]:
        filename, data, ctype = spec
        aid = snowflake()
        self.files[aid] = (filename, data, ctype)
        url = f"{self.base_url}/attachments/{aid}/{filename}"
        return {"id": str(aid), "filename": filename, "size": len(data), "url": url,
                "proxy_url": url, "content_type": ctype, "ephemeral": ephemeral}

    def _member_mention(self, guild_id: int, user_id: int) -> dict[str, Any]:
        data = dict(self.get_user(user_id))
        member = self.guilds[guild_id].members.get(user_id)
        if member is not None:
            data["member"] = member.payload(with_user=False)
        return data

    def create_message(self, channel_id: int, author: dict[str, Any], body: dict[str, Any], *,
                       files: Sequence[AttachmentSpec] = (),
                       interaction: FakeInteraction | None = None,
                       mentions: list[int] | None = None) -> dict[str, Any]:
        """Store (and dispatch, unless ephemeral) a message built from a request-like body."""
        channel = self.channels[channel_id]
        guild = self.guilds[channel.guild_id]
        mid = snowflake()
        content = body.get("content") or ""
        ref = body.get("message_reference")
        referenced = self.messages.get(int(ref["message_id"])) if ref else None
        replied_to = int(referenced["author"]["id"]) if referenced else None
        allowed = body.get("allowed_mentions")
        if mentions is None:
            mentions = allowed_user_mentions(mentioned_ids(content), allowed, replied_to)
            if allowed is None and replied_to is not None and replied_to not in mentions:
                mentions.append(replied_to)
        role_ids = [r for r in ROLE_MENTION_RE.findall(content)
                    if allowed is None or "roles" in allowed.get("parse", [])
                    or r in map(str, allowed.get("roles", []))]
        msg: dict[str, Any] = {
            "id": str(mid), "channel_id": str(channel_id), "guild_id": str(guild.id),
            "author": dict(author), "content": content, "timestamp": now_iso(),
            "edited_timestamp": None, "tts": bool(body.get("tts")), "mention_everyone": False,
            "mentions": [self._member_mention(guild.id, u) for u in mentions if u in self.users],
            "mention_roles": role_ids, "embeds": body.get("embeds") or [],
            "components": body.get("components") or [], "pinned": False,
            "attachments": [self._store_file(f) for f in files], "flags": body.get("flags") or 0,
            "type": 19 if ref else 0,
        }
        if int(author["id"]) in guild.members:
            msg["member"] = guild.members[int(author["id"])].payload(with_user=False)
        if allowed is not None:
            msg["allowed_mentions"] = allowed  # recorded for assertions; discord.py ignores it
        if ref:
            msg["message_reference"] = {"type": 0, "message_id": str(ref["message_id"]),
                                        "channel_id": str(channel_id), "guild_id": str(guild.id)}
            if referenced is not None:
                msg["referenced_message"] = {k: v for k, v in referenced.items()
                                             if k != "referenced_message"}
        if interaction is not None:
            msg.update(webhook_id=str(self.application_id), application_id=str(self.application_id),
                       type=20 if interaction.type == 2 else 0,
                       interaction_metadata={
                           "id": str(interaction.id), "type": interaction.type,
                           "user": interaction.payload["member"]["user"],
                           "authorizing_integration_owners": {"0": str(guild.id)},
                           "name": interaction.payload["data"].get("name")})
        self.messages[mid] = msg
        channel.last_message_id = mid
        channel.message_count += 1
        self._broadcast("MESSAGE_CREATE", msg)
        self.notify()
        return msg

    def edit_message(self, message_id: int, body: dict[str, Any], *,
                     files: Sequence[AttachmentSpec] = (),
                     edited: bool = True) -> dict[str, Any]:
        msg = self.get_message(message_id)
        if msg["flags"] & LOADING:  # filling in a deferred ("thinking") message is no edit
            msg["flags"] &= ~LOADING
            edited = False
        ephemeral = msg["flags"] & EPHEMERAL  # cannot be changed by an edit
        for key in MESSAGE_FIELDS:
            if key in body and body[key] is not None:
                msg[key] = body[key]
        msg["flags"] |= ephemeral
        if "attachments" in body:
            keep = {str(a.get("id")) for a in body["attachments"] or []}
            msg["attachments"] = [a for a in msg["attachments"] if a["id"] in keep]
        msg["attachments"] += [self._store_file(f) for f in files]
        if "allowed_mentions" in body:
            msg["allowed_mentions"] = body["allowed_mentions"]
        if edited:
            msg["edited_timestamp"] = now_iso()
        self._broadcast("MESSAGE_UPDATE", msg)
        self.notify()
        return msg

    def delete_message(self, message_id: int) -> dict[str, Any]:
        msg = self.messages.pop(message_id, None)
        if msg is None:
            raise NotFound("message")
        msg["deleted"] = True
        self._broadcast("MESSAGE_DELETE", {k: msg[k] for k in ("id", "channel_id", "guild_id")},
                        ephemeral=bool(msg["flags"] & EPHEMERAL))
        self.notify()
        return msg

    def _broadcast(self, event: str, msg: dict[str, Any], ephemeral: bool | None = None) -> None:
        """Dispatch a message event as Discord would: never for ephemeral messages, and
        without content when the bot lacks the message content intent and isn't mentioned."""
        if ephemeral is None:
            ephemeral = bool(msg.get("flags", 0) & EPHEMERAL)
        from_bot = msg.get("author", {}).get("id") == str(self.bot_id)
        if ephemeral or not self._live() or (from_bot and not self.echo_bot_messages):
            return
        data = copy.deepcopy(msg)
        data.pop("allowed_mentions", None)
        mentioned = any(m["id"] == str(self.bot_id) for m in msg.get("mentions", []))
        if (event != "MESSAGE_DELETE" and not from_bot and not mentioned
                and not self.gateway.intents & MESSAGE_CONTENT_INTENT):
            data.update(content="", embeds=[], attachments=[], components=[])
        self.gateway.dispatch(event, data)

    async def send_message(self, channel_id: int, user: Any, content: str, *,
                           mentions: list[Any] | None = None, reference: Any = None,
                           attachments: Sequence[AttachmentSpec] = ()) -> dict[str, Any]:
        """A member posts in a channel or thread (MESSAGE_CREATE). Mentions default to the
        ``<@id>`` in ``content``; ``reference`` (a message or id) makes it a reply."""
        body: dict[str, Any] = {"content": content}
        if reference is not None:
            body["message_reference"] = {"message_id": str(as_id(reference))}
        ids = None if mentions is None else [as_id(m) for m in mentions]
        if ids is not None and reference is not None:
            ids.append(int(self.get_message(as_id(reference))["author"]["id"]))
        return self.create_message(channel_id, self.get_user(as_id(user)), body,
                                   files=list(attachments), mentions=ids)

    def channel_messages(self, channel_id: int) -> list[dict[str, Any]]:
        """Messages the bot posted with ``POST /channels/{id}/messages``, oldest first."""
        return list(self.bot_posts.get(channel_id, []))

    async def next_channel_message(self, channel_id: int, timeout: float = 10) -> dict[str, Any]:
        """The next bot post in the channel not yet returned by this method (a read cursor)."""
        cursor = self._read_cursor.get(channel_id, 0)
        await self.wait_for(lambda: len(self.bot_posts.get(channel_id, [])) > cursor, timeout,
                            f"bot message #{cursor + 1} in channel {channel_id}")
        self._read_cursor[channel_id] = cursor + 1
        return self.bot_posts[channel_id][cursor]

    # -- interactions ------------------------------------------------------------------
    def _interaction(self, itype: int, guild_id: int, channel_id: int, user: Any,
                     data: dict[str, Any], message: dict[str, Any] | None = None,
                     locale: str = "en-US") -> FakeInteraction:
        if self.gateway.session_id is None:
            raise RuntimeError("the bot has no gateway session: connect it first")
        guild, channel = self.guilds[guild_id], self.channels[channel_id]
        member = guild.members[as_id(user)]
        perms = guild.permissions_of(member.id)
        payload: dict[str, Any] = {
            "id": str(snowflake()), "application_id": str(self.application_id),
            "type": itype, "token": secrets.token_urlsafe(24), "version": 1, "data": data,
            "guild_id": str(guild_id), "guild": {"id": str(guild_id), "locale": "en-US",
                                                 "features": []},
            "channel_id": str(channel_id), "channel": channel.payload(permissions=perms),
            "member": member.payload(permissions=perms),
            "app_permissions": str(guild.permissions_of(self.bot_id)),
            "locale": locale, "guild_locale": "en-US", "entitlements": [],
            "entitlement_sku_ids": [], "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0, "attachment_size_limit": 10 * 1024 * 1024,
        }
        if message is not None:
            payload["message"] = message
        ix = FakeInteraction(self, payload)
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
        opts, resolved = build_options(self, cmd, guild_id, subcommand, options or {},
                                       list(attachments), focused)
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
        return self._interaction(2, guild_id, channel_id, user, data, locale=locale)

    async def autocomplete(self, guild_id: int, channel_id: int, user: Any, name: str, *,
                           focused: str, subcommand: str | None = None,
                           options: dict[str, Any] | None = None,
                           timeout: float = 10) -> list[dict[str, Any]]:
        """Ask for autocomplete on option ``focused``; returns the bot's choices."""
        options = {focused: "", **(options or {})}
        data = self._command_data(guild_id, name, subcommand, options, [], focused)
        ix = self._interaction(4, guild_id, channel_id, user, data)
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
            if (found := FakeDiscord._find_component(children, custom_id)) is not None:
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
        return self._interaction(3, int(msg["guild_id"]), int(msg["channel_id"]), user, data,
                                 message=copy.deepcopy(msg))

    async def submit_modal(self, guild_id: int, channel_id: int, user: Any, custom_id: str,
                           values: dict[str, str], *, message: Any = None) -> FakeInteraction:
        """Submit a modal: ``values`` maps each text input's custom_id to its text."""
        data = {"custom_id": custom_id, "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            for k, v in values.items()]}
        msg = copy.deepcopy(self.get_message(as_id(message))) if message is not None else None
        return self._interaction(5, guild_id, channel_id, user, data, message=msg)

    # -- gateway control -----------------------------------------------------------------
    @property
    def heartbeats(self) -> list[float]:
        """``time.monotonic()`` of every heartbeat (op 1) the bot sent."""
        return self.gateway.heartbeats

    async def drop_connection(self, code: int = 4000, *, abort: bool = False) -> None:
        """Close the bot's websocket; dispatches until it RESUMEs are replayed then."""
        await self.gateway.drop(code, abort=abort)

    async def wait_resumed(self, count: int = 1, timeout: float = 10) -> None:
        await self.wait_for(lambda: len(self.gateway.resumes) >= count and self.gateway.connected,
                            timeout, f"{count} RESUME(s)")
