"""Who may curate a server's library, and how a person is named in the audit log.

Curating is for moderators: members with **Manage Server**, or with the role named
by ``FOOTNOTE_MODERATOR_ROLE``. It is enforced twice, as RoboDanny's
``hybrid_permissions_check`` does: ``app_commands.default_permissions`` hides the
``/article`` group from everyone else in the Discord client (server admins can
change that in Server Settings → Integrations), and :func:`ensure_moderator` checks
again at run time, because that client-side default can be overridden.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.errors import PermissionDeniedError

SERVERS_ONLY = (
    "Footnote works in servers: each server has its own library of articles. "
    "Ask me with /ask in a server I'm in."
)


class NotModerator(app_commands.CheckFailure, PermissionDeniedError):
    """Raised by the run-time moderator check.

    Both an ``app_commands.CheckFailure`` (so discord.py routes it to the tree's
    error handler) and a :class:`PermissionDeniedError` (its message is the sentence
    the person sees).
    """

    def __init__(self, message: str) -> None:
        PermissionDeniedError.__init__(self, message)


def moderator_sentence(role_name: str | None) -> str:
    """"Only moderators (Manage Server or the <role> role) can change the library."."""
    if role_name:
        return f"Only moderators (Manage Server or the {role_name} role) can change the library."
    return "Only moderators (people with Manage Server) can change the library."


def is_moderator(interaction: discord.Interaction, role_name: str | None) -> bool:
    """Manage Server (the owner and administrators have it) or the moderator role."""
    user = interaction.user
    if not isinstance(user, discord.Member):
        return False
    if interaction.permissions.manage_guild or user.guild_permissions.manage_guild:
        return True
    if role_name:
        wanted = role_name.strip().casefold()
        return any(role.name.casefold() == wanted for role in user.roles)
    return False


def ensure_moderator(interaction: discord.Interaction, role_name: str | None) -> None:
    """Raise :class:`NotModerator` unless the person may curate the library."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage(SERVERS_ONLY)
    if not is_moderator(interaction, role_name):
        raise NotModerator(moderator_sentence(role_name))


def guild_id_of(interaction: discord.Interaction) -> int:
    """The invoking server; ``NoPrivateMessage`` outside one (server-only commands and
    buttons, which only live on server messages)."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage(SERVERS_ONLY)
    return interaction.guild_id


def actor(user: discord.abc.User) -> str:
    """How a person is recorded in the library's audit log: ``discord:<id> (<name>)``."""
    return f"discord:{user.id} ({user})"
