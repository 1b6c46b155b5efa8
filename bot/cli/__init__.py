"""The terminal adapter: ``footnote add|replace|list|show|remove|ask|chat|quiz|export|import|
info|reindex|feedback|log|run|sync|migrate|copy``.

A thin layer over :class:`bot.service.Footnote`: it parses arguments, calls the
service and prints. One module per group of commands (:mod:`bot.cli.articles`,
:mod:`bot.cli.asking`, :mod:`bot.cli.transfer`, :mod:`bot.cli.admin`,
:mod:`bot.cli.storage`), each listing
its commands with their handlers; :mod:`bot.cli.app` builds the parser from them
and is the error boundary.
"""

from bot.cli.app import build_parser, dispatch, main

__all__ = ["build_parser", "dispatch", "main"]
