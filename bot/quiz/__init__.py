"""The quiz engine: questions made from article sentences, fair grading, a per-user
game state machine and SQLite persistence. No Discord and no CLI here.

Typical use::

    questions = generate_questions(article, passages, rng=random.Random(seed))
    manager = QuizManager(clock=time.monotonic, rng=random.Random(),
                          on_start=lambda lib, s: stores[lib].begin_quiz(s.user_id,
                                                                         s.session_id, now()),
                          on_outcome=lambda lib, s, o: stores[lib].record_outcome(
                              s.user_id, s.session_id, o))
    session = manager.start(library, user_id, questions,
                            reviews=stores[library].due_reviews(user_id))
    result = session.answer(user_id, session.current().id, "Bailey",
                            functools.partial(grade, encoder=encoder))
"""

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
from bot.quiz.game import (
    AnswerResult,
    Outcome,
    OutcomeStatus,
    QuizSession,
    QuizState,
    QuizSummary,
    citation_line,
)
from bot.quiz.generate import build_pool, generate_questions, get_nlp
from bot.quiz.grade import SEMANTIC_THRESHOLD, Grade, grade
from bot.quiz.manager import QuizManager
from bot.quiz.question import KINDS, QuizQuestion
from bot.quiz.store import QuizStore, UserScore
from bot.quiz.wording import QuizWording, default_wording, load_wording

__all__ = [
    "KINDS",
    "SEMANTIC_THRESHOLD",
    "AlreadyAnsweredError",
    "AnswerResult",
    "Grade",
    "NoQuestionsError",
    "NoQuizError",
    "NotYourQuizError",
    "Outcome",
    "OutcomeStatus",
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
    "build_pool",
    "citation_line",
    "default_wording",
    "generate_questions",
    "get_nlp",
    "grade",
    "load_wording",
]
