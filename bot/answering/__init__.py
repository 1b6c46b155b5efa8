"""Answering questions: what is known about each sentence (worked out once at ingest),
what a question asks for, the learned ranking and the answer / hedge / refuse decision.

:mod:`bot.answer` puts these together; :mod:`bot.service` calls it.
"""
