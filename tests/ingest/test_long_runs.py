"""Text shaped to make a pattern try every position is read in one pass, not for minutes:
a long run of spaces no newline ends, thousands of hard-wrapped lines in one paragraph,
lines of full stops, a Markdown file of "[" that never close, a page of 30,000 headings.

Each case took a minute or more before its fix (a pattern for "spaces before a newline"
retried every space of the run; the line-end hyphen rule searched the whole paragraph
joined so far at every line; a sentence end was looked for from every stop of a run; a
link's text from every "["). The bound is far above what the fixed code takes (well under
a second) and far below what the old took: it tells a hang from a slow machine.
"""

from __future__ import annotations

import multiprocessing
import random
import re
from typing import Any

from bot.ingest.clean import clean_article
from bot.ingest.extract import extract_bytes
from bot.ingest.sentences import _CANDIDATE

BOUND = 30.0
"""Seconds a case may take before it counts as hung (a fresh process starts within it)."""
SPACES = ((" " * 10_000 + "-\n") * 60).encode()
TAGS = [f"  - item {'x' * 40}{i:05d}" for i in range(3000)]
DOTS = (("." * 5_000 + "\n") * 120 + "Words are here for the text.\n").encode()
BRACKETS = ("[" * 100_000 + " and then some words of the story itself.\n").encode()
WRAPPED = ("Tags of the post\n\n" + "\n".join(TAGS) + "\n\nThe story itself is short.\n").encode()
HEADINGS = ("<html><body><main>" + "<h4>More</h4>" * 30_000 + "".join(
    f"<h3><a href='/news/{i}'>Story number {i} headline</a></h3>" for i in range(3_000))
    + "</main></body></html>").encode()


def _read(data: bytes, filename: str, out: Any) -> None:
    """Extract and clean ``data`` in a child process; put the text or the error on ``out``."""
    try:
        out.put(("text", clean_article(extract_bytes(data, filename=filename)).text))
    except Exception as exc:
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def _within(data: bytes, filename: str) -> tuple[str, str]:
    """What reading ``data`` gives, failing when it runs past :data:`BOUND`. A process, not
    a thread: a regular expression holds the interpreter's lock, so a thread could not be
    timed out while it runs."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    child = context.Process(target=_read, args=(data, filename, out), daemon=True)
    child.start()
    try:
        result: tuple[str, str] = out.get(timeout=BOUND)
    except Exception:  # queue.Empty: still reading
        result = ("hung", "")
    finally:
        child.kill()
        child.join()
    assert result[0] != "hung", f"still reading after {BOUND:.0f} s"
    return result


def test_long_runs_of_spaces_no_newline_ends_are_read_in_one_pass() -> None:
    kind, said = _within(SPACES, "spaces.txt")
    assert kind == "error" and "only 1 word" in said


def test_trailing_spaces_still_go_from_every_line() -> None:
    data = "Harbour wall approved  \t\n\nThe council approved it.\u00a0 \nIt costs £4m.   ".encode()
    text = extract_bytes(data, filename="wall.txt").text
    assert text == "Harbour wall approved\n\nThe council approved it.\nIt costs £4m."


def test_thousands_of_wrapped_lines_in_one_paragraph_are_joined_in_one_pass() -> None:
    kind, text = _within(WRAPPED, "tags.md")
    assert kind == "text"
    assert text.count("item") == len(TAGS) and "02999" in text


def test_lines_of_full_stops_are_split_in_one_pass() -> None:
    kind, _ = _within(DOTS, "dots.txt")
    assert kind in {"text", "error"}


def test_sentence_ends_are_found_where_the_plain_pattern_found_them() -> None:
    """The candidate pattern starts only at a run's first stop; the plain one it replaced
    (tried from every stop) found the same ends in any text."""
    plain = re.compile(r"(?:[.!?…]+)[”\"’')\]]*(?=\s)")
    rng = random.Random(7)
    alphabet = ".!?…”\"’')]aA \n"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        found = [m.span() for m in _CANDIDATE.finditer(text)]
        assert found == [m.span() for m in plain.finditer(text)], repr(text)


def test_brackets_that_never_close_are_read_in_one_pass() -> None:
    kind, text = _within(BRACKETS, "brackets.md")
    assert kind == "text" and text.endswith("words of the story itself.")


def test_markdown_links_still_read_as_their_text() -> None:
    data = (b"Harbour wall approved\n\nThe [town council](https://example.org/c) approved a "
            b"new [harbour wall][1] on Tuesday ![a photo](p.jpg) after a long debate.\n\n"
            b"[1]: https://example.org/wall\n")
    text = clean_article(extract_bytes(data, filename="wall.md")).text
    assert "The town council approved a new harbour wall on Tuesday after a long debate." in \
        " ".join(text.split())


def test_a_page_of_many_headings_is_judged_in_one_pass() -> None:
    # each headline's block was found by scanning its parent's headings for another
    # headline: 30,000 short ones first made that a minute; each element is counted once now
    kind, said = _within(HEADINGS, "headings.html")
    assert kind == "error" and "lists 3000 stories" in said
