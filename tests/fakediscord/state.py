"""In-memory model of the fake Discord: guilds, roles, members, channels, messages.

Objects expose ``id`` as an ``int`` (like discord.py); every payload they build uses
string snowflakes (like Discord). Payload shapes follow discord.py 2.7's parsers
(``discord/state.py``, ``guild.py``, ``message.py``, ``threads.py``).
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord

from .permissions import base_permissions

DISCORD_EPOCH_MS = 1_420_070_400_000
_counter = itertools.count(1)

ALL_PERMISSIONS = discord.Permissions.all().value
ADMINISTRATOR = discord.Permissions(administrator=True).value
#: What ``@everyone`` may do in a fresh guild (no manage_* bits).
DEFAULT_EVERYONE_PERMISSIONS = discord.Permissions(
    create_instant_invite=True, add_reactions=True, view_channel=True, send_messages=True,
    embed_links=True, attach_files=True, read_message_history=True, use_external_emojis=True,
    change_nickname=True, use_application_commands=True, create_public_threads=True,
    send_messages_in_threads=True,
).value
#: Extra bits the bot's managed role gets by default.
DEFAULT_BOT_PERMISSIONS = DEFAULT_EVERYONE_PERMISSIONS | discord.Permissions(
    manage_messages=True, manage_threads=True, create_private_threads=True,
).value

#: A file attached by a test or uploaded by the bot: (filename, content, content_type).
AttachmentSpec = tuple[str, bytes, str]

EPHEMERAL = 1 << 6
LOADING = 1 << 7
MENTION_RE = re.compile(r"<@!?(\d+)>")
ROLE_MENTION_RE = re.compile(r"<@&(\d+)>")


def snowflake() -> int:
    """A fresh, increasing, Discord-shaped id (its timestamp part is now)."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_counter) & 0x3FFFFF)


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def as_id(obj: Any) -> int:
    """Accept an int, a numeric str, a payload dict with ``id``, or an object with ``.id``."""
    if isinstance(obj, int):
        return obj
    if isinstance(obj, str):
        return int(obj)
    if isinstance(obj, dict):
        return int(obj["id"])
    return int(obj.id)


def user_payload(user_id: int, username: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id), "username": username, "discriminator": "0",
        "global_name": None if bot else username, "avatar": None, "bot": bot,
        "public_flags": 0, "flags": 0,
    }


@dataclass
class FakeRole:
    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    managed: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "name": self.name, "color": 0, "hoist": False,
            "position": self.position, "permissions": str(self.permissions),
            "managed": self.managed, "mentionable": False, "flags": 0,
            "icon": None, "unicode_emoji": None,
        }


@dataclass
class FakeMember:
    """A guild member; ``user`` is the Discord user payload."""

    user: dict[str, Any]
    guild_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=now_iso)

    @property
    def id(self) -> int:
        return int(self.user["id"])

    @property
    def name(self) -> str:
        return self.user["username"]

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(r) for r in self.roles], "nick": self.nick, "avatar": None,
            "joined_at": self.joined_at, "premium_since": None, "deaf": False,
            "mute": False, "pending": False, "flags": 0, "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = dict(self.user)
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class FakeChannel:
    """A guild text channel (type 0) or thread (type 11 public, 12 private)."""

    id: int
    guild_id: int
    name: str
    type: int = 0
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    owner_id: int | None = None
    last_message_id: int | None = None
    message_count: int = 0
    overwrites: list[dict[str, Any]] = field(default_factory=list)
    """Permission overwrites ``{"id", "type": 0 role | 1 member, "allow", "deny"}``
    (strings, as Discord sends them); threads use their parent's."""

    @property
    def is_thread(self) -> bool:
        return self.type in (10, 11, 12)

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def payload(self, *, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id), "type": self.type, "guild_id": str(self.guild_id),
            "name": self.name, "nsfw": False, "rate_limit_per_user": 0, "flags": 0,
            "last_message_id": str(self.last_message_id) if self.last_message_id else None,
            "parent_id": str(self.parent_id) if self.parent_id else None,
        }
        if self.is_thread:
            data.update(
                owner_id=str(self.owner_id), message_count=self.message_count,
                total_message_sent=self.message_count, member_count=1,
                thread_metadata={
                    "archived": False, "auto_archive_duration": 1440,
                    "archive_timestamp": now_iso(), "locked": False, "invitable": True,
                    "create_timestamp": now_iso(),
                },
            )
        else:
            data.update(position=self.position, topic=self.topic,
                        permission_overwrites=[dict(o) for o in self.overwrites],
                        default_auto_archive_duration=1440)
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)

    @property
    def everyone(self) -> FakeRole:
        return self.roles[self.id]

    def permissions_of(self, member_id: int) -> int:
        """Guild-level permissions as Discord computes them (before channel overwrites)."""
        return base_permissions(self, member_id)

    def payload(self, channels: list[FakeChannel] | None = None) -> dict[str, Any]:
        """GUILD_CREATE shape when ``channels`` is given, else the REST ``GET /guilds`` shape."""
        data: dict[str, Any] = {
            "id": str(self.id), "name": self.name, "owner_id": str(self.owner_id),
            "icon": None, "splash": None, "discovery_splash": None, "banner": None,
            "description": None, "features": [], "emojis": [], "stickers": [],
            "roles": [r.payload() for r in self.roles.values()],
            "afk_timeout": 300, "afk_channel_id": None, "verification_level": 0,
            "default_message_notifications": 0, "explicit_content_filter": 0,
            "mfa_level": 0, "nsfw_level": 0, "premium_tier": 0, "system_channel_id": None,
            "system_channel_flags": 0, "preferred_locale": "en-US", "vanity_url_code": None,
            "premium_progress_bar_enabled": False, "application_id": None,
        }
        if channels is not None:
            data.update(
                unavailable=False, large=False, joined_at=now_iso(),
                member_count=len(self.members),  # == len(members): no chunking
                members=[m.payload() for m in self.members.values()],
                channels=[c.payload() for c in channels if not c.is_thread],
                threads=[c.payload() for c in channels if c.is_thread],
                voice_states=[], presences=[], stage_instances=[],
                guild_scheduled_events=[], soundboard_sounds=[],
            )
        return data


def mentioned_ids(content: str) -> list[int]:
    return [int(m) for m in dict.fromkeys(MENTION_RE.findall(content or ""))]


def allowed_user_mentions(ids: list[int], allowed: dict[str, Any] | None,
                          replied_to: int | None = None) -> list[int]:
    """Filter user mentions by an ``allowed_mentions`` object, roughly as Discord does."""
    if allowed is None:
        return ids
    parse = allowed.get("parse", [])
    listed = {int(u) for u in allowed.get("users", [])}
    keep = [i for i in ids if "users" in parse or i in listed]
    if replied_to is not None and allowed.get("replied_user") and replied_to not in keep:
        keep.append(replied_to)
    return keep
