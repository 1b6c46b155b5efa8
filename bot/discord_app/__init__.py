"""The Discord adapter: slash commands, mentions and buttons over :class:`bot.service.Footnote`.

The only package allowed to import discord (ruff TID251). Start it with
``footnote run`` (:func:`bot.discord_app.runner.run_bot`); build it in code with
``FootnoteBot(app, settings)`` (:mod:`bot.discord_app.client`).
"""
