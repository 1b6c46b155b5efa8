"""Helpers shared by the quiz tests: hand-made questions for the grader."""

from __future__ import annotations

from bot.quiz.question import QuizQuestion


def make_question(answer: str, answer_type: str = "PERSON", kind: str = "fill_blank", *,
                  options: tuple[str, ...] = (), accepted: tuple[str, ...] = (),
                  rejected: tuple[str, ...] = (), quote: str | None = None) -> QuizQuestion:
    """A hand-made question: only the fields the grader reads matter. ``quote`` is the
    cited sentence (the answer itself by default); the fact is located inside it."""
    fact = answer if kind != "true_false" else ""
    quote = quote or (answer if fact else "A sentence.")
    start = quote.find(fact) if fact else 0
    return QuizQuestion(
        id="q1", kind=kind, question="?", options=options, answer=answer, accepted=accepted,
        answer_type=answer_type, article_id=1, title="T", paragraph=1, quote=quote,
        quote_start=0, quote_end=len(quote), fact=fact, fact_start=start,
        fact_end=start + len(fact), rejected=rejected,
    )
