"""Currencies' names, as a regular expression's alternatives: what makes a number a sum of
money when written after it ("40 euros") or anywhere in a quote (the answers' sentence
analysis, :mod:`bot.answering.sentences`, and their reasons, :mod:`bot.answering.reasons`)."""

from __future__ import annotations

CURRENCY_NAMES = (
    r"dollars?|pounds?|euros?|pence|cents?|yen|yuan|rupees?|naira|francs?|roubles?|rubles?|"
    r"pesos?|shillings?|dirhams?|riyals?|krona|kronor|kroner"
)
"""Currencies' names, singular and plural (not "lakh" or "crore": counts of people too)."""
