"""Quiz rule breaks. Each message is a plain sentence shown to the student as it is.

The sentences live in ``prompts/quiz.toml`` ([errors]); each class names its key, and
raising one without a message uses that sentence.
"""

from __future__ import annotations

from bot.errors import FootnoteError
from bot.quiz.wording import default_wording


class QuizError(FootnoteError):
    """Base class of every quiz rule break."""

    wording_key = "not_allowed"
    """The key of the default message in the [errors] section of ``prompts/quiz.toml``."""

    def __init__(self, message: str | None = None) -> None:
        if message is None:
            message = default_wording().errors[self.wording_key]
        super().__init__(message)


class QuestionClosedError(QuizError):
    """The question answered is not the open one: already past, timed out, or quiz stopped."""

    wording_key = "question_closed"


class UnusableAnswerError(QuizError):
    """The answer given is empty or too long to grade; the question stays open."""

    wording_key = "unusable_answer"


class AlreadyAnsweredError(QuizError):
    """The student answered this question already (a double click)."""

    wording_key = "already_answered"


class NotYourQuizError(QuizError):
    """Somebody tried to answer (or skip, or stop) another person's quiz."""

    wording_key = "not_your_quiz"


class NoQuizError(QuizError):
    """The student has no quiz running in this library."""

    wording_key = "no_quiz"


class QuizFinishedError(QuizError):
    """The quiz is over (all questions closed, or stopped)."""

    wording_key = "quiz_finished"


class QuizRunningError(QuizError):
    """The student already has a quiz running in this library."""

    wording_key = "quiz_running"


class NoQuestionsError(QuizError):
    """There is nothing to ask: no usable sentence in the chosen articles."""

    wording_key = "no_questions"
