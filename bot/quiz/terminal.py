"""``footnote quiz``: the same quiz in a terminal (or ``--export`` to review it as JSON)."""

from __future__ import annotations

import argparse
import json
import string
import sys
import textwrap

from bot.quiz.errors import UnusableAnswerError
from bot.quiz.game import QuizSession, QuizState
from bot.quiz.item import MULTIPLE_CHOICE, TRUE_FALSE, QuizQuestion
from bot.quiz.service import Quizzes, question_json
from bot.quiz.wording import QuizWording, default_wording
from bot.service import Footnote

TERMINAL_USER = 0
"""Scores from the terminal are kept under this user id."""
WIDTH = 88
"""Lines are wrapped at this width, as ``footnote ask`` wraps its answers."""


def wrap(text: str, indent: str = "") -> str:
    """``text`` wrapped for a terminal, each paragraph on its own."""
    return "\n".join(textwrap.fill(line, WIDTH, initial_indent=indent,
                                   subsequent_indent=indent) if line else ""
                     for line in text.split("\n"))


def question_text(question: QuizQuestion, w: QuizWording) -> str:
    """A question as the terminal shows it: its article, the text, then its options."""
    lines = [wrap(w.question["article"].format(title=question.title)), wrap(question.question)]
    if question.kind == MULTIPLE_CHOICE:
        for letter, option in zip(string.ascii_uppercase, question.options, strict=False):
            lines.append(textwrap.fill(f"{letter}) {option}", WIDTH, initial_indent="  ",
                                       subsequent_indent="     "))
    elif question.kind == TRUE_FALSE:
        lines.append("  " + w.terminal["true_false_hint"])
    return "\n".join(lines)


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
    w = default_wording()
    session = quizzes.start(
        args.library, TERMINAL_USER, article_id=args.article, kinds=kinds, n=args.n
    )
    if session.shortfall:
        print(wrap(session.shortfall))
    count = w.count("question", len(session.questions))
    print(wrap(w.terminal["intro"].format(questions=count)))
    print(wrap(w.help["grading"]) + "\n")
    if not _ask_all(quizzes, args.library, session, w):
        return 0  # stopped: the summary is printed
    print(session.summary().message)
    score = quizzes.score(args.library, TERMINAL_USER)
    print(wrap(w.terminal["record"].format(correct=score.correct, answered=score.answered,
                                           quizzes=w.count("quiz", score.quizzes))))
    sys.stdout.flush()
    return 0


def _ask_all(quizzes: Quizzes, library: str, session: QuizSession, w: QuizWording) -> bool:
    """Ask every question in turn; False when the student stopped the quiz."""
    graded_once = False
    while session.state is QuizState.ASKING:
        question = session.current()
        if question is None:
            break
        print(question_text(question, w))
        try:
            given = input("> ").strip()
        except EOFError:
            given = "stop"
        if given.lower() == "stop":
            print(quizzes.stop(library, TERMINAL_USER).message)
            return False
        if not given:
            quizzes.skip(library, TERMINAL_USER)
            print(wrap(w.feedback["skipped"].format(answer=question.answer)) + "\n")
            continue
        if not graded_once:  # the first grading loads the word list (and maybe the model)
            print(w.terminal["checking"], flush=True)
        try:
            result = quizzes.answer(library, TERMINAL_USER, question.id, given)
        except UnusableAnswerError as exc:  # too long: say so and ask again
            print(wrap(str(exc)) + "\n")
            continue
        graded_once = True
        print(wrap(result.feedback))
        print(wrap(result.source) + "\n")
    return True
