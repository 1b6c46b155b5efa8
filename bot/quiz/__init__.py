"""The quiz engine: questions made from article sentences, fair grading, a per-user
game state machine. No Discord, no CLI and no storage here (the service persists).

Typical use::

    facts = analyse(article, passages)            # once per article, at ingest
    questions = generate_questions(article, facts, rng=random.Random(seed))
    manager = QuizManager(clock=time.monotonic, rng=random.Random())
    session = manager.start(library, user_id, questions, n=5)
    result = session.answer(user_id, session.current().id, "Bailey",
                            functools.partial(grade, encoder=encoder))
    store.record(session.take_outcomes())         # the caller persists what happened
"""

from bot.quiz.analyse import QUIZ_ANALYSER, analyse
from bot.quiz.errors import (
    AlreadyAnsweredError,
    NoQuestionsError,
    NoQuizError,
    NotYourQuizError,
    QuestionClosedError,
    QuizError,
    QuizFinishedError,
    QuizRunningError,
    UnusableAnswerError,
)
from bot.quiz.facts import ArticleFacts
from bot.quiz.game import (
    AnswerResult,
    Outcome,
    OutcomeStatus,
    QuizSession,
    QuizState,
    QuizSummary,
    citation_line,
)
from bot.quiz.generate import Pool, build_pool, generate_questions
from bot.quiz.grade import SEMANTIC_THRESHOLD, Grade, grade
from bot.quiz.item import KINDS, QuizQuestion
from bot.quiz.manager import QuizManager
from bot.quiz.store import QuizStore, UserScore
from bot.quiz.wording import QuizWording, default_wording

__all__ = [
    "KINDS",
    "QUIZ_ANALYSER",
    "SEMANTIC_THRESHOLD",
    "AlreadyAnsweredError",
    "AnswerResult",
    "ArticleFacts",
    "Grade",
    "NoQuestionsError",
    "NoQuizError",
    "NotYourQuizError",
    "Outcome",
    "OutcomeStatus",
    "Pool",
    "QuestionClosedError",
    "QuizError",
    "QuizFinishedError",
    "QuizManager",
    "QuizQuestion",
    "QuizRunningError",
    "QuizSession",
    "QuizState",
    "QuizStore",
    "QuizSummary",
    "QuizWording",
    "UnusableAnswerError",
    "UserScore",
    "analyse",
    "build_pool",
    "citation_line",
    "default_wording",
    "generate_questions",
    "grade",
]
