"""A strict loopback fake of Discord (REST + gateway) for end-to-end tests of discord.py bots.

See README.md beside this file, ``tests/test_fakediscord_smoke.py`` and the rule tests
``tests/test_fakediscord_*.py``.
"""

from .errors import ApiError
from .gateway import MESSAGE_CONTENT_INTENT, PRIVILEGED_INTENTS
from .interactions import RESPONSE_DEADLINE, TOKEN_LIFETIME, FakeInteraction
from .server import FakeDiscord
from .state import (
    ALL_PERMISSIONS,
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    EPHEMERAL,
    LOADING,
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
    "LOADING",
    "MESSAGE_CONTENT_INTENT",
    "PRIVILEGED_INTENTS",
    "RESPONSE_DEADLINE",
    "TOKEN_LIFETIME",
    "ApiError",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeInteraction",
    "FakeMember",
    "FakeRole",
]
