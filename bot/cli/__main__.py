"""``python -m bot.cli``: the same as the ``footnote`` command."""

import sys

from bot.cli.app import main

if __name__ == "__main__":
    sys.exit(main())
