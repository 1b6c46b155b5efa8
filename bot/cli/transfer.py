"""``footnote export`` and ``footnote import``: a library as JSON lines, and back."""

from __future__ import annotations

COMMANDS: tuple = ()
