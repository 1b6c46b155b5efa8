"""Run ``footnote ARGS…`` (the real CLI: ``run`` is the real bot) in a child process, with
the fast fake encoder and no per-article analyses, so several processes start in seconds
on two cores. Everything else (settings from the environment, storage, Discord client,
sharding, logging) is what ``footnote`` itself does.

    python tests/postgres/child.py run
    python tests/postgres/child.py add article.txt --library guild-1
"""

from __future__ import annotations

import sys

import bot.service
from tests.fakes import HashingEncoder

bot.service.make_encoder = lambda *args, **kwargs: HashingEncoder()  # type: ignore[assignment]
bot.service.default_analysers = lambda: ()  # type: ignore[assignment]

if __name__ == "__main__":
    import signal

    # Ctrl-C as at a terminal: a test run started in the background (``pytest &`` from a
    # script) hands its children SIGINT ignored, and the bot would never stop on it
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from bot.cli import main

    sys.exit(main(sys.argv[1:]))
