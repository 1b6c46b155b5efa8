"""A loopback fake of Discord (REST + gateway) for end-to-end tests of discord.py bots.

See README.md beside this file and ``tests/test_fakediscord_smoke.py``.
"""

from .interactions import FakeInteraction
from .server import FakeDiscord
from .state import (
    ALL_PERMISSIONS,
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    EPHEMERAL,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
)

__all__ = [
    "ALL_PERMISSIONS",
    "DEFAULT_BOT_PERMISSIONS",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "EPHEMERAL",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeInteraction",
    "FakeMember",
    "FakeRole",
]
