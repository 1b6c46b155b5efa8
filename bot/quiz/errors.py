"""Quiz rule breaks. Each message is a plain sentence shown to the student as it is."""

from __future__ import annotations

from bot.errors import FootnoteError


class QuizError(FootnoteError):
    """Base class of every quiz rule break."""

    default_message = "That cannot be done in this quiz."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class QuestionClosedError(QuizError):
    """The question answered is not the open one: already past, timed out, or quiz stopped."""

    default_message = "This question is closed."


class UnusableAnswerError(QuizError):
    """The answer given is empty or too long to grade; the question stays open."""

    default_message = "That answer cannot be graded; the question is still open."


class AlreadyAnsweredError(QuizError):
    """The student answered this question already (a double click)."""

    default_message = "You already answered this question."


class NotYourQuizError(QuizError):
    """Somebody tried to answer (or skip, or stop) another person's quiz."""

    default_message = "This quiz belongs to someone else."


class NoQuizError(QuizError):
    """The student has no quiz running in this library."""

    default_message = "You have no quiz running here."


class QuizFinishedError(QuizError):
    """The quiz is over (all questions closed, or stopped)."""

    default_message = "This quiz is over."


class QuizRunningError(QuizError):
    """The student already has a quiz running in this library."""

    default_message = "You already have a quiz running here; finish it or stop it first."


class NoQuestionsError(QuizError):
    """There is nothing to ask: no usable sentence in the chosen articles."""

    default_message = "There are no quiz questions for these articles yet."
