"""Ingestion: turn files, web pages and pasted text into clean, citable articles.

``extract`` pulls raw text and metadata out of bytes (txt, md, html, pdf) or a
paste; ``clean`` turns messy newspaper text into a :class:`bot.models.CleanDocument`
(header, byline, body paragraphs, no page boilerplate); ``passages`` and
``sentences`` cut the body into passages and sentences with absolute offsets, so
every quote is a verbatim slice of the stored text.
"""
