"""``python -m bot.cli``: the same as the ``footnote`` command."""

import sys

from bot.cli.app import main

sys.exit(main())
