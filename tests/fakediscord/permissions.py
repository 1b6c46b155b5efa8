"""Channel permissions as Discord computes them, and what each REST call requires.

:func:`channel_permissions` follows Discord's documented algorithm ("Permission
Overwrites" in the API reference): the guild's base permissions (``@everyone`` and
the member's roles; owner and Administrator get everything), then the channel's
``@everyone`` overwrite, the role overwrites together, and the member's own
overwrite. Threads use their parent channel's overwrites. Without View Channel a
member has nothing in the channel; without Send Messages they cannot embed links,
attach files or mention everyone either.

Requirements enforced by the fake (403, code 50001 Missing Access without View
Channel, else 50013 Missing Permissions):

* send a message: Send Messages (Send Messages in Threads in a thread); a reply also
  needs Read Message History; files need Attach Files; embeds need Embed Links (an
  embed-only message is refused, one with text has its embeds dropped);
* typing: the same send permission;
* read history or a message: Read Message History;
* start a thread: Create Public Threads (Create Private Threads for private ones);
* add a reaction: Add Reactions and Read Message History.

Interaction responses and followups need no channel permission (as on Discord).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from .errors import Forbidden

if TYPE_CHECKING:
    from .state import FakeChannel, FakeGuild

P = discord.Permissions
VIEW_CHANNEL = P(view_channel=True).value
SEND_MESSAGES = P(send_messages=True).value
SEND_MESSAGES_IN_THREADS = P(send_messages_in_threads=True).value
CREATE_PUBLIC_THREADS = P(create_public_threads=True).value
CREATE_PRIVATE_THREADS = P(create_private_threads=True).value
EMBED_LINKS = P(embed_links=True).value
ATTACH_FILES = P(attach_files=True).value
READ_MESSAGE_HISTORY = P(read_message_history=True).value
ADD_REACTIONS = P(add_reactions=True).value
MANAGE_MESSAGES = P(manage_messages=True).value
ADMINISTRATOR = P(administrator=True).value
ALL = P.all().value
#: What Send Messages implicitly gates in a text channel.
SEND_GATED = P(embed_links=True, attach_files=True, mention_everyone=True,
               send_tts_messages=True).value

ROLE_OVERWRITE, MEMBER_OVERWRITE = 0, 1


def base_permissions(guild: FakeGuild, member_id: int) -> int:
    """Guild-level permissions: owner and Administrator get every bit."""
    if member_id == guild.owner_id:
        return ALL
    member = guild.members[member_id]
    perms = guild.everyone.permissions
    for role_id in member.roles:
        perms |= guild.roles[role_id].permissions
    return ALL if perms & ADMINISTRATOR else perms


def channel_permissions(guild: FakeGuild, channel: FakeChannel, member_id: int,
                        parent: FakeChannel | None = None) -> int:
    """The member's permissions in ``channel`` (``parent``: a thread's channel)."""
    perms = base_permissions(guild, member_id)
    if perms & ADMINISTRATOR or member_id == guild.owner_id:
        return ALL
    overwrites = (parent or channel).overwrites
    by_id = {int(o["id"]): o for o in overwrites}
    everyone = by_id.get(guild.id)
    if everyone is not None:
        perms = (perms & ~int(everyone["deny"])) | int(everyone["allow"])
    roles = guild.members[member_id].roles
    deny = allow = 0
    for o in overwrites:
        if o["type"] == ROLE_OVERWRITE and int(o["id"]) in roles:
            deny |= int(o["deny"])
            allow |= int(o["allow"])
    perms = (perms & ~deny) | allow
    own = by_id.get(member_id)
    if own is not None and own["type"] == MEMBER_OVERWRITE:
        perms = (perms & ~int(own["deny"])) | int(own["allow"])
    if not perms & VIEW_CHANNEL:
        return 0
    if not channel.is_thread and not perms & SEND_MESSAGES:
        perms &= ~SEND_GATED
    return perms


def send_bit(channel: FakeChannel) -> int:
    """The permission that lets one post in ``channel``."""
    return SEND_MESSAGES_IN_THREADS if channel.is_thread else SEND_MESSAGES


def require(perms: int, needed: int, what: str) -> None:
    """Raise Discord's 403 unless ``perms`` holds every bit of ``needed``."""
    if not perms & VIEW_CHANNEL:
        raise Forbidden(f"View Channel ({what})", access=True)
    missing = needed & ~perms
    if missing:
        names = [name for name, on in P(missing) if on]
        raise Forbidden(f"{', '.join(names)} ({what})")


def check_send(perms: int, channel: FakeChannel, body: dict[str, Any], has_files: bool,
               *, editing: bool = False) -> dict[str, Any]:
    """Check a message create/edit; returns the body, embeds dropped when only they are
    not allowed (Discord drops them from a message that has other content)."""
    needed = 0 if editing else send_bit(channel)
    if body.get("message_reference") and not editing:
        needed |= READ_MESSAGE_HISTORY
    if has_files:
        needed |= ATTACH_FILES
    require(perms, needed, "edit message" if editing else "send message")
    if body.get("embeds") and not perms & EMBED_LINKS:
        if not (body.get("content") or body.get("components") or has_files):
            raise Forbidden("embed_links (an embed-only message)")
        body = {**body, "embeds": []}
    return body
