"""Building the fake's world: guilds, roles, members, channels, threads, permissions.

Mixed into :class:`~.server.FakeDiscord`; every change made while the bot is connected
is dispatched as the gateway event Discord would send (GUILD_CREATE, CHANNEL_UPDATE...).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .errors import NotFound
from .permissions import MEMBER_OVERWRITE, ROLE_OVERWRITE, channel_permissions
from .state import (
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    AttachmentSpec,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    as_id,
    snowflake,
    user_payload,
)

if TYPE_CHECKING:
    from .interactions import FakeInteraction


class WorldMixin:
    """Guilds, members, channels and the lookups the REST layer uses."""

    # provided by FakeDiscord
    bot_id: int
    bot_user: dict[str, Any]
    base_url: str
    users: dict[int, dict[str, Any]]
    guilds: dict[int, FakeGuild]
    channels: dict[int, FakeChannel]
    messages: dict[int, dict[str, Any]]
    files: dict[int, AttachmentSpec]
    interactions: list[FakeInteraction]
    gateway: Any

    def notify(self) -> None:  # pragma: no cover - FakeDiscord's
        raise NotImplementedError

    def new_id(self) -> int:
        return snowflake()

    def _live(self) -> bool:
        """Has the bot a (open or resumable) gateway session to dispatch into?"""
        return bool(self.gateway.sessions)

    # -- guilds, roles, members ----------------------------------------------------------
    def add_guild(self, name: str = "Guild", owner_id: int | None = None, *,
                  everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
                  bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
                  guild_id: int | None = None) -> FakeGuild:
        """A guild with an @everyone role, the bot (with a managed role) and an owner member.

        Without ``owner_id`` a member named ``owner`` is created: the owner passes every
        permission check, so test users should be other members. ``guild_id`` chooses the
        id (its timestamp bits decide the shard).
        """
        gid = guild_id or snowflake()
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

    # -- channels and threads ---------------------------------------------------------------
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

    # -- permissions -----------------------------------------------------------------------
    def set_permissions(self, channel_id: int, target: Any = None, *, allow: int = 0,
                        deny: int = 0) -> None:
        """Set a permission overwrite on a channel (``target``: a member, a role, or the
        bot when None; a guild id means ``@everyone``), as a server admin would in the
        channel's settings. The bot is told with CHANNEL_UPDATE."""
        channel = self.channels[channel_id]
        if channel.is_thread:
            raise ValueError("threads take their parent channel's permissions")
        guild = self.guilds[channel.guild_id]
        target_id = self.bot_id if target is None else as_id(target)
        kind = ROLE_OVERWRITE if target_id in guild.roles else MEMBER_OVERWRITE
        channel.overwrites = [o for o in channel.overwrites if int(o["id"]) != target_id]
        channel.overwrites.append({"id": str(target_id), "type": kind, "allow": str(allow),
                                   "deny": str(deny)})
        if self._live():
            self.gateway.dispatch("CHANNEL_UPDATE", channel.payload())
        self.notify()

    def deny_bot(self, channel_id: int, permissions: int) -> None:
        """Take ``permissions`` (bits) away from the bot in one channel (and its threads)."""
        self.set_permissions(channel_id, None, deny=permissions)

    def permissions_in(self, channel_id: int, member_id: int) -> int:
        """A member's (the bot's, with ``bot_id``) permissions in a channel or thread."""
        channel = self.channels[channel_id]
        parent = self.channels.get(channel.parent_id) if channel.parent_id else None
        return channel_permissions(self.guilds[channel.guild_id], channel, member_id, parent)

    def bot_permissions(self, channel_id: int) -> int:
        """The bot's own permissions in a channel or thread."""
        return self.permissions_in(channel_id, self.bot_id)

    # -- lookups used by the REST layer --------------------------------------------------
    def get_user(self, user_id: int) -> dict[str, Any]:
        if user_id not in self.users:
            raise NotFound("user")
        return self.users[user_id]

    def get_message(self, message_id: int) -> dict[str, Any]:
        if message_id not in self.messages:
            raise NotFound("message")
        return self.messages[message_id]

    def interaction_by_token(self, token: str, what: str = "webhook") -> FakeInteraction:
        """The interaction a token belongs to; 404 ``Unknown <what>`` when there is none."""
        for ix in reversed(self.interactions):
            if ix.token == token:
                return ix
        raise NotFound(what)

    def attachment_bytes(self, attachment: Any) -> bytes:
        """The bytes of an attachment (payload dict or id) the bot uploaded or a user sent."""
        return self.files[as_id(attachment)][1]

    def _store_file(self, spec: AttachmentSpec, *, ephemeral: bool = False) -> dict[str, Any]:
        filename, data, ctype = spec
        aid = snowflake()
        self.files[aid] = (filename, data, ctype)
        url = f"{self.base_url}/attachments/{aid}/{filename}"
        return {"id": str(aid), "filename": filename, "size": len(data), "url": url,
                "proxy_url": url, "content_type": ctype, "ephemeral": ephemeral}
