"""PDF extraction speed: the layout reading (pdfminer.six, paragraphs rebuilt) against
pypdf's plain text, on PDFs drawn with reportlab (one and two columns, with running
headers and footers). Needs the test extra (reportlab).

    python bench/bench_pdf.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.ingest.extract import extract_bytes  # noqa: E402
from bot.ingest.pdf import _open, _plain_pages  # noqa: E402
from tests.ingest.test_pdf_layout import INDENTED, SPACED, _furniture, make_pdf  # noqa: E402


def _best_of(runs: int, func) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100,
                        help="how many times the five test paragraphs are set (100: ~20 pages)")
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
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
