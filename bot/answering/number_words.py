"""Numbers written as words, shared by the readers that need them: the synonyms that
read "3rd" as "third" and "three" as "3", and the near-miss evidence that notices a
question's number missing from a sentence."""

from __future__ import annotations

CARDINALS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve")
"""The numbers news style writes in words (index + 1 is the number)."""
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth")
"""The ordinals written in words (index + 1 is the number)."""


def ordinal_numeral(n: int) -> str:
    """``n`` as a numeral ordinal: "1st", "2nd", "3rd", "4th", "11th", "21st"."""
    end = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{end}"
