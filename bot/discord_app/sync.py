"""Slash-command sync: only when the commands changed, and never fatal.

Syncing is a write to Discord (rate-limited, and global changes take a while to show),
so the bot does not sync on every start. It hashes the payload it would upload for each
scope (global, or the development server of ``FOOTNOTE_DEV_GUILD_ID``) and keeps the
hashes in ``<data dir>/discord-commands.json``; a start syncs only a scope whose hash
changed (new code, another application, another dev server). ``footnote sync`` syncs
every scope whatever the hashes say (after commands were deleted by hand, say).

In development mode the commands go to the dev server and the global scope is synced
empty, so no stale global copy shows twice in that server; a dev server used before is
cleared when it is no longer the one. A failed sync (Discord down, missing
``applications.commands`` scope, a command Discord refuses) is one error line in the
log and the bot runs on with the commands Discord already has.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import discord
from discord import app_commands

log = logging.getLogger("footnote.discord")

STATE_FILE = "discord-commands.json"
GLOBAL = "global"


@dataclass
class SyncResult:
    """What a sync did: the scopes uploaded, skipped as unchanged, and what failed."""

    synced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def scope_name(guild_id: int | None) -> str:
    """``global`` or ``guild:<id>``."""
    return GLOBAL if guild_id is None else f"guild:{guild_id}"


def payload_hash(application_id: int, scope: str, payload: list[dict[str, Any]]) -> str:
    """A stable hash of what would be uploaded to ``scope``."""
    blob = json.dumps({"application": application_id, "scope": scope, "commands": payload},
                      sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class CommandSync:
    """Decides which scopes to sync, syncs them, and remembers what Discord has."""

    def __init__(self, tree: app_commands.CommandTree, data_dir: Path,
                 dev_guild_id: int | None) -> None:
        self.tree = tree
        self.path = data_dir / STATE_FILE
        self.dev_guild_id = dev_guild_id

    def _payload(self, guild: discord.Object | None) -> list[dict[str, Any]]:
        return [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]

    def wanted(self) -> dict[str, tuple[discord.Object | None, list[dict[str, Any]]]]:
        """Each scope and the commands it should hold."""
        if self.dev_guild_id is None:
            return {GLOBAL: (None, self._payload(None))}
        guild = discord.Object(id=self.dev_guild_id)
        self.tree.copy_global_to(guild=guild)
        return {scope_name(guild.id): (guild, self._payload(guild)), GLOBAL: (None, [])}

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self, data: dict[str, dict[str, str]]) -> None:
        """Write the hashes atomically (a crash never leaves half a file)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=STATE_FILE, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    async def sync(self, *, force: bool = False) -> SyncResult:
        """Sync what changed (everything when ``force``); failures are logged, not raised."""
        result = SyncResult()
        app_id = self.tree.client.application_id
        if app_id is None:
            log.error("cannot sync slash commands: the application id is unknown")
            result.failed.append("all")
            return result
        state = self._load()
        known = state.setdefault(str(app_id), {})
        wanted = self.wanted()
        for old in [s for s in known if s not in wanted and s.startswith("guild:")]:
            wanted[old] = (discord.Object(id=int(old.split(":", 1)[1])), [])  # a former dev server
        for scope, (guild, payload) in wanted.items():
            digest = payload_hash(app_id, scope, payload)
            if not force and known.get(scope) == digest:
                result.unchanged.append(scope)
                continue
            if await self._upload(app_id, scope, guild, payload):
                result.synced.append(scope)
                known[scope] = digest
                if guild is not None and not payload:
                    known.pop(scope)  # a former dev server, now cleared
            else:
                result.failed.append(scope)
        try:
            self._save(state)
        except OSError as exc:
            log.warning("could not record the synced commands in %s: %s", self.path, exc)
        return result

    async def _upload(self, app_id: int, scope: str, guild: discord.Object | None,
                      payload: list[dict[str, Any]]) -> bool:
        http = self.tree.client.http
        try:
            if guild is None:
                await http.bulk_upsert_global_commands(app_id, payload=payload)
            else:
                await http.bulk_upsert_guild_commands(app_id, guild.id, payload=payload)
        except discord.HTTPException as exc:
            log.error("slash command sync to %s failed: HTTP %s (code %s): %s. The bot runs on "
                      "with the commands Discord already has; `footnote sync` retries.",
                      scope, exc.status, exc.code, exc.text or "no details")
            return False
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            log.error("slash command sync to %s failed: could not reach Discord (%s). The bot "
                      "runs on; `footnote sync` retries.", scope, exc)
            return False
        if not payload:
            log.info("cleared the slash commands of %s", scope)
        elif scope == GLOBAL:
            log.info("synced %d global slash commands (Discord may take a while to show them)",
                     len(payload))
        else:
            log.info("synced %d slash commands to %s", len(payload), scope)
        return True
