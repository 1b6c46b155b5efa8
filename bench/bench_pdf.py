"""PDF extraction: the title found on PDFs that open with a masthead or a site's name, and
the speed of the layout reading (pdfminer.six, paragraphs rebuilt) against pypdf's plain
text. The PDFs are drawn with reportlab (one and two columns, running headers and
footers, mastheads of several kinds). Needs the test extra (reportlab).

    python bench/bench_pdf.py [--repeat N] [--before REF]

``--before REF`` also reads the titles with the ``bot/`` of an older commit (exported
from git), beside this tree's.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = Path(os.environ.get("FOOTNOTE_BENCH_CODE", ROOT))
"""The tree whose ``bot`` is measured (an exported older commit for ``--before``)."""
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(CODE))

from reportlab.lib.styles import ParagraphStyle  # noqa: E402

from bot.ingest.extract import extract_bytes  # noqa: E402
from bot.ingest.pdf import _open, _plain_pages  # noqa: E402
from tests.ingest.test_pdf_layout import (  # noqa: E402
    HEADLINE,
    INDENTED,
    SPACED,
    TITLE,
    _furniture,
    headed_pdf,
    make_pdf,
)

MASTHEAD = "The Example Gazette"
BIG = ParagraphStyle("masthead", fontName="Times-Bold", fontSize=32, leading=36, spaceAfter=10)
SMALL = ParagraphStyle("site", fontName="Helvetica", fontSize=9, leading=11, spaceAfter=6)
TITLE_CASES: dict[str, tuple[list[tuple[str, ParagraphStyle]], str]] = {
    "headline only": ([(HEADLINE, TITLE)], ""),
    "masthead set larger than the headline": ([(MASTHEAD, BIG), (HEADLINE, TITLE)], ""),
    "capitals masthead set larger": ([("THE EXAMPLE GAZETTE", BIG), (HEADLINE, TITLE)], ""),
    "'BBC News' set larger": ([("BBC News", BIG), (HEADLINE, TITLE)], ""),
    "site address set larger": ([("www.example-gazette.co.uk", BIG), (HEADLINE, TITLE)], ""),
    "masthead in the headline's size": ([(MASTHEAD, TITLE), (HEADLINE, TITLE)], ""),
    "small site line above": ([("example-gazette.co.uk", SMALL), (HEADLINE, TITLE)], ""),
    "no large type, metadata = site name": ([(MASTHEAD, SPACED), (HEADLINE, SPACED)],
                                            MASTHEAD),
    "no large type, metadata 'headline | site'": (
        [(MASTHEAD, SPACED), (HEADLINE, SPACED)], f"{HEADLINE} | {MASTHEAD}"),
    "no large type, metadata 'headline - BBC News'": (
        [(HEADLINE, SPACED)], f"{HEADLINE} - BBC News"),
}


def titles() -> dict[str, str | None]:
    """The title the stored article gets in each case (extracted, then cleaned: what a
    user sees), with this tree's code."""
    from bot.ingest.clean import clean_article

    return {name: clean_article(extract_bytes(headed_pdf(top, title=title),
                                                  filename="harbour.pdf")).title
            for name, (top, title) in TITLE_CASES.items()}


def _best_of(runs: int, func) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def _titles_of(ref: str) -> dict[str, str | None]:
    """:func:`titles` run with the ``bot/`` of a git ref, in a child process."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "bot", "prompts",
                                  "seeds", "pyproject.toml"],
                                 check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(Path(tmp) / "code", filter="data")
        env = {**os.environ, "FOOTNOTE_BENCH_CODE": str(Path(tmp) / "code")}
        out = subprocess.run([sys.executable, __file__, "--titles-json"], check=True,
                             capture_output=True, text=True, env=env).stdout
    import json

    return json.loads(out)


def main() -> None:
    """Print the titles found (and an older commit's) and the extraction speed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100,
                        help="how many times the five test paragraphs are set (100: ~20 pages)")
    parser.add_argument("--before", metavar="REF", help="also read the titles with this ref")
    parser.add_argument("--titles-json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.titles_json:
        import json

        print(json.dumps(titles()))
        return
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    runs = {"now": titles()}
    if args.before:
        runs = {f"before ({args.before})": _titles_of(args.before), **runs}
    for label, found in runs.items():
        right = sum(t == HEADLINE for t in found.values())
        print(f"\n{label}: the headline is the title in {right} of {len(found)} PDFs")
        for name, title in found.items():
            print(f"  {'ok ' if title == HEADLINE else 'BAD'} {name:<46} {title!r}")
    print()
    for name, style, columns in (("one column", INDENTED, 1), ("two columns", SPACED, 2)):
        data = make_pdf(style, columns=columns, repeat=args.repeat, furniture=_furniture)
        reader = _open(data, "bench")
        pages = len(reader.pages)
        layout = _best_of(3, lambda d=data: extract_bytes(d, filename="bench.pdf"))
        plain = _best_of(3, lambda r=reader: _plain_pages(r, "bench", "bench"))
        print(f"{name:<12} {pages:>3} pages  layout {layout * 1000 / pages:6.1f} ms/page  "
              f"plain pypdf {plain * 1000 / pages:6.1f} ms/page")


if __name__ == "__main__":
    main()
