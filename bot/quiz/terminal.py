"""``footnote quiz``: the same quiz in a terminal (or ``--export`` to review it as JSON)."""

from __future__ import annotations

import argparse
import json
import string
import sys

from bot.quiz.errors import UnusableAnswerError
from bot.quiz.game import QuizState
from bot.quiz.question import MULTIPLE_CHOICE, TRUE_FALSE
from bot.quiz.service import Quizzes, question_json
from bot.service import Footnote

TERMINAL_USER = 0
"""Scores from the terminal are kept under this user id."""


def run_quiz_command(app: Footnote, args: argparse.Namespace) -> int:
    """Run ``footnote quiz`` with parsed arguments; returns the exit code."""
    kinds = None if args.kind == "any" else {args.kind}
    quizzes = Quizzes(app, time_limit=3600.0)
    if args.export:
        questions = quizzes.questions(
            args.library, article_id=args.article, kinds=kinds, n=args.n, seed=args.seed
        )
        print(json.dumps([question_json(q) for q in questions], ensure_ascii=False, indent=2))
        return 0
    session = quizzes.start(
        args.library, TERMINAL_USER, article_id=args.article, kinds=kinds, n=args.n
    )
    print(f"Quiz: {len(session.questions)} questions. Type your answer; empty line skips, "
          "'stop' ends.\n")
    while session.state is QuizState.ASKING:
        question = session.current()
        if question is None:
            break
        print(question.question)
        if question.kind == MULTIPLE_CHOICE:
            for letter, option in zip(string.ascii_uppercase, question.options, strict=False):
                print(f"  {letter}) {option}")
        elif question.kind == TRUE_FALSE:
            print("  (True / False)")
        try:
            given = input("> ").strip()
        except EOFError:
            given = "stop"
        if given.lower() == "stop":
            summary = quizzes.stop(args.library, TERMINAL_USER)
            print(summary.message)
            return 0
        if not given:
            quizzes.skip(args.library, TERMINAL_USER)
            print(f"Skipped — the answer was {question.answer}.\n")
            continue
        try:
            result = quizzes.answer(args.library, TERMINAL_USER, question.id, given)
        except UnusableAnswerError as exc:  # too long: say so and ask again
            print(f"{exc}\n")
            continue
        print(result.feedback)
        print(result.source)
        print()
    summary = session.summary()
    print(summary.message)
    score = quizzes.score(args.library, TERMINAL_USER)
    print(f"All time here: {score.correct} of {score.answered} right in {score.quizzes} quizzes.")
    sys.stdout.flush()
    return 0
