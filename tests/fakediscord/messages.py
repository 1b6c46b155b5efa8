"""Messages in the fake: storing, editing, deleting, and what the bot's gateway sees.

Mixed into :class:`~.server.FakeDiscord`. The dispatch rules are Discord's: no event
for ephemeral messages or for channels the bot cannot view; without the Message
Content intent, other people's messages arrive with empty content, embeds,
attachments and components, unless they mention the bot.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .errors import NotFound
from .gateway import MESSAGE_CONTENT_INTENT
from .permissions import VIEW_CHANNEL
from .state import (
    EPHEMERAL,
    LOADING,
    ROLE_MENTION_RE,
    AttachmentSpec,
    allowed_user_mentions,
    as_id,
    mentioned_ids,
    now_iso,
    snowflake,
)

if TYPE_CHECKING:
    from .interactions import FakeInteraction

MESSAGE_FIELDS = ("content", "embeds", "components", "flags", "tts", "poll")


class MessagesMixin:
    """Message storage and the gateway events it causes."""

    # provided by FakeDiscord / WorldMixin
    bot_id: int
    application_id: int
    messages: dict[int, dict[str, Any]]
    bot_posts: dict[int, list[dict[str, Any]]]
    users: dict[int, dict[str, Any]]
    echo_bot_messages: bool
    gateway: Any
    channels: Any
    guilds: Any
    _read_cursor: dict[int, int]
    get_user: Any
    get_message: Any
    _store_file: Any
    _live: Any
    notify: Any
    wait_for: Any
    bot_permissions: Any

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
        """Apply an edit. Ephemeral-ness never changes; filling in a deferred ("thinking")
        message clears its loading flag and is not an edit."""
        msg = self.get_message(message_id)
        if msg["flags"] & LOADING:
            msg["flags"] &= ~LOADING
            edited = False
        ephemeral = msg["flags"] & EPHEMERAL
        for key in MESSAGE_FIELDS:
            if key in body and body[key] is not None:
                msg[key] = body[key]
        msg["flags"] = (msg["flags"] & ~EPHEMERAL & ~LOADING) | ephemeral
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
        """Dispatch a message event as Discord would: never for ephemeral messages or
        channels the bot cannot see, and without content when the bot lacks the message
        content intent and isn't mentioned."""
        if ephemeral is None:
            ephemeral = bool(msg.get("flags", 0) & EPHEMERAL)
        from_bot = msg.get("author", {}).get("id") == str(self.bot_id)
        if ephemeral or not self._live() or (from_bot and not self.echo_bot_messages):
            return
        channel_id = int(msg["channel_id"])
        if channel_id in self.channels and not self.bot_permissions(channel_id) & VIEW_CHANNEL:
            return
        data = copy.deepcopy(msg)
        data.pop("allowed_mentions", None)
        mentioned = any(m["id"] == str(self.bot_id) for m in msg.get("mentions", []))
        intents = self.gateway.intents_of(int(msg["guild_id"]) if msg.get("guild_id") else None)
        if (event != "MESSAGE_DELETE" and not from_bot and not mentioned
                and not intents & MESSAGE_CONTENT_INTENT):
            data.update(content="", embeds=[], attachments=[], components=[])
        self.gateway.dispatch(event, data)

    async def send_message(self, channel_id: int, user: Any, content: str, *,
                           mentions: list[Any] | None = None, reference: Any = None,
                           attachments: Sequence[AttachmentSpec] = ()) -> dict[str, Any]:
        """A member posts in a channel or thread (MESSAGE_CREATE). Mentions default to the
        ``<@id>`` in ``content``; ``reference`` (a message or id) makes it a reply, which
        pings the replied-to author unless ``mentions`` says otherwise."""
        body: dict[str, Any] = {"content": content}
        if reference is not None:
            body["message_reference"] = {"message_id": str(as_id(reference))}
        ids = None if mentions is None else [as_id(m) for m in mentions]
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
