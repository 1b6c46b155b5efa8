"""Footnote: answers questions about news articles and cites the passages it rests on.

The engine (ingestion, retrieval, answers, quiz, storage) lives in this package
and never imports discord; ``bot.discord_app`` is the only Discord adapter and
``bot.cli`` the terminal one. Both call :class:`bot.service.Footnote`.
"""

__version__ = "0.1.0"
