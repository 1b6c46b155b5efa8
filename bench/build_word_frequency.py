"""Write ``bot/data/word_frequency.tsv``: how common each word stem is in English at large.

The on-topic model weighs how common the rarest question word the article holds is in
general English (:mod:`bot.answering.word_frequency`): "grocer" shared with a library says
far more that a question is about it than "want" does, and a library's own word counts
cannot tell the two apart when it holds one article. The figures are wordfreq's Zipf
frequencies (log10 of uses per billion words, across web, news, books and subtitles) of
its 60,000 most common English words, each stem (:func:`bot.lexical.stem`) given its
commonest form's. wordfreq is needed here only (``pip install wordfreq``), never at run
time.

    python bench/build_word_frequency.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answering.word_frequency import FREQUENCY_PATH, WORDS
from bot.lexical import stem


def main() -> int:
    """Build and write the table."""
    from wordfreq import top_n_list, zipf_frequency

    best: dict[str, float] = {}
    for word in top_n_list("en", WORDS):
        if word.isalpha():
            s = stem(word)
            best[s] = max(best.get(s, 0.0), zipf_frequency(word, "en"))
    lines = [f"{s}\t{z:.1f}" for s, z in sorted(best.items())]
    FREQUENCY_PATH.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {len(lines)} stems to {FREQUENCY_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
