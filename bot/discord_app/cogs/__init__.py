"""The bot's cogs: asking (``/ask``, mentions, follow-ups) and curating (``/article``)."""
