"""The quiz's buttons and its answer box.

Buttons are :class:`discord.ui.DynamicItem`\\ s: everything they need is in the
``custom_id`` — ``fn:qz:<owner id>:<question id>:<action>``, where the action is an
option letter ``a``–``d``, ``true``/``false``, or ``type`` (open the answer box for a
typed answer). The quiz cog registers the class at start-up, so a click on any quiz
message, however old, reaches the cog: a stranger is told it isn't their quiz, an
old question is closed, and after a restart the quiz is simply gone.

The work is done by the quiz cog (:class:`QuizHandler`); the buttons only parse the
click and hand it over, and report errors the usual way.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

from bot.discord_app.errors import report_error
from bot.discord_app.quiz_render import LETTERS, Closed, correct_index, option_label
from bot.discord_app.text import neutralise_mentions
from bot.errors import FootnoteError
from bot.quiz.game import OutcomeStatus
from bot.quiz.grade import MAX_ANSWER_CHARS
from bot.quiz.item import MULTIPLE_CHOICE, TRUE_FALSE, QuizQuestion

QUIZ_COG = "Quiz"
TYPE_ACTION = "type"
TF_ACTIONS = ("true", "false")
UNAVAILABLE = "The quiz is not available right now; try again in a moment."
MODAL_TIMEOUT = 900.0
"""An answer box left open longer than this is forgotten (its submit then does nothing)."""
BUTTON_PREFIX = r"fn:qz:(?P<owner>\d{1,20}):(?P<qid>[0-9a-f]{1,40}):"
"""The start of every quiz button's custom id: owner id and question id."""
_BUTTON_ID = re.compile(BUTTON_PREFIX)


class QuizHandler(Protocol):
    """What the buttons and the answer box call (implemented by the quiz cog)."""

    async def on_quiz_button(self, interaction: discord.Interaction, owner_id: int,
                             question_id: str, action: str) -> None:
        """A quiz button was clicked."""

    async def on_quiz_answer(self, interaction: discord.Interaction, owner_id: int,
                             question_id: str, given: str) -> None:
        """A typed answer was submitted."""


def handler_of(client: discord.Client) -> QuizHandler:
    """The running quiz cog."""
    get_cog = getattr(client, "get_cog", None)
    cog = get_cog(QUIZ_COG) if get_cog is not None else None
    if cog is None:
        raise FootnoteError(UNAVAILABLE)
    return cog  # type: ignore[no-any-return]


def action_answer(action: str) -> str:
    """The answer a button stands for: "A".."D", "True" or "False"."""
    return action.capitalize() if action in TF_ACTIONS else action.upper()


class QuizButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=BUTTON_PREFIX + r"(?P<action>[a-d]|true|false|type)",
):
    """One button under a quiz question."""

    def __init__(self, owner_id: int, question_id: str, action: str, *, label: str = "Answer",
                 style: discord.ButtonStyle = discord.ButtonStyle.secondary,
                 disabled: bool = False, emoji: str | None = None) -> None:
        super().__init__(discord.ui.Button(
            label=label, style=style, disabled=disabled, emoji=emoji,
            custom_id=f"fn:qz:{owner_id}:{question_id}:{action}",
        ))
        self.owner_id = owner_id
        self.question_id = question_id
        self.action = action

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> QuizButton:
        """Rebuild the button from its custom id (also after a restart)."""
        return cls(int(match["owner"]), match["qid"], match["action"])

    async def callback(self, interaction: discord.Interaction) -> None:
        """Hand the click to the quiz cog; errors become ephemeral sentences."""
        try:
            await handler_of(interaction.client).on_quiz_button(
                interaction, self.owner_id, self.question_id, self.action)
        except Exception as exc:
            await report_error(interaction, exc)


class AnswerModal(discord.ui.Modal):
    """The box for a typed answer (fill in the blank, short answer)."""

    def __init__(self, handler: QuizHandler, owner_id: int, question: QuizQuestion) -> None:
        super().__init__(title="Your answer", timeout=MODAL_TIMEOUT,
                         custom_id=modal_id(owner_id, question.id))
        self.handler = handler
        self.owner_id = owner_id
        self.question_id = question.id
        self.answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            label="Your answer", custom_id="answer", max_length=MAX_ANSWER_CHARS,
            placeholder=fit_placeholder(question.question), required=True,
        )
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        """Grade the typed answer."""
        await self.handler.on_quiz_answer(interaction, self.owner_id, self.question_id,
                                          self.answer.value)

    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:
        """The usual error handling (an ephemeral sentence)."""
        await report_error(interaction, error)


def button_target(message: discord.Message) -> tuple[int, str] | None:
    """``(owner id, question id)`` read from the first quiz button on ``message``, else None
    (how a reply to a question message is recognised when its id was not remembered)."""
    for row in message.components:
        for child in getattr(row, "children", ()):
            match = _BUTTON_ID.match(getattr(child, "custom_id", None) or "")
            if match:
                return int(match["owner"]), match["qid"]
    return None


def modal_id(owner_id: int, question_id: str) -> str:
    """The answer box's custom id: one per person and question."""
    return f"fn:qz-answer:{owner_id}:{question_id}"


def fit_placeholder(text: str, limit: int = 100) -> str:
    """The question as the answer box's grey hint (plain text, 100 characters at most)."""
    flat = neutralise_mentions(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# -- views -------------------------------------------------------------------------------
def question_view(owner_id: int, question: QuizQuestion) -> discord.ui.View:
    """The buttons of an open question: A–D, True/False, or Answer (opens the answer box)."""
    view = discord.ui.View(timeout=None)
    for action, label, style in _buttons(question):
        view.add_item(QuizButton(owner_id, question.id, action, label=label, style=style))
    return view


def closed_view(owner_id: int, question: QuizQuestion,
                closed: Closed | None = None) -> discord.ui.View:
    """The same buttons, disabled; the right option green and a wrong pick red."""
    view = discord.ui.View(timeout=None)
    right = correct_index(question)
    picked = _picked_action(question, closed)
    for i, (action, label, _) in enumerate(_buttons(question)):
        style = discord.ButtonStyle.secondary
        if closed is not None and right is not None and i == right:
            style = discord.ButtonStyle.success
        elif closed is not None and action == picked and closed.status is OutcomeStatus.WRONG:
            style = discord.ButtonStyle.danger
        view.add_item(QuizButton(owner_id, question.id, action, label=label, style=style,
                                 disabled=True))
    return view


def _buttons(question: QuizQuestion) -> list[tuple[str, str, discord.ButtonStyle]]:
    primary = discord.ButtonStyle.primary
    if question.kind == MULTIPLE_CHOICE and question.options:
        count = min(len(question.options), len(LETTERS))
        return [(LETTERS[i].lower(), option_label(question, i), primary) for i in range(count)]
    if question.kind == TRUE_FALSE:
        return [("true", "True", primary), ("false", "False", primary)]
    return [(TYPE_ACTION, "Answer", primary)]


def _picked_action(question: QuizQuestion, closed: Closed | None) -> str | None:
    if closed is None or not closed.given:
        return None
    given = closed.given.strip().lower()
    if question.kind == TRUE_FALSE and given in TF_ACTIONS:
        return given
    if question.kind == MULTIPLE_CHOICE and len(given) == 1 and given.upper() in LETTERS:
        return given
    return None
