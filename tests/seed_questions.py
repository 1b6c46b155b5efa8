"""Questions people might ask about the seed article, and the check that every citation
of their answers is verbatim (shared by the fake-encoder and real-model tests)."""

from __future__ import annotations

from bot.models import Answer
from bot.service import Footnote

SEED_QUESTIONS = [
    "Who is Simon Bailey?", "What did he say about 5G?", "What should the public do?",
    "Which firms have the technology to eradicate indecent images?",
    "What did the Government announce last month?", "What are the fines like?",
    "What is the problem with the dark web?", "What is in every playground?",
    "What did he say about paedophile hunters?", "Why are vigilante groups a problem?",
    "Who is desensitised?", "What will damage the brand?", "Who wrote the article?",
    "Which newspaper published it?", "What is the title?", "How many people viewed images?",
    "When did the Government announce plans?", "Who campaigned for Duty of Care laws?",
    "What happened to people who were blackmailed?",
]


def cited_verbatim(app: Footnote, questions: list[str]) -> int:
    """Ask every question of the default library; assert each citation is numbered in the
    answer, is a non-empty verbatim slice of the stored article and lies inside its
    paragraph. Returns how many citations were checked."""
    seed = app.list_articles("default")[0]
    stored_text = app.library("default").store.article(seed.id).text
    passages = app.show_article("default", seed.id).passages
    cited = 0
    for question in questions:
        answer = app.ask("default", question)
        assert isinstance(answer, Answer)
        if answer.declined:
            assert answer.citations == ()
        for n, c in enumerate(answer.citations, start=1):
            cited += 1
            assert c.n == n and f"[{n}]" in answer.text, question
            assert c.quote, question
            assert stored_text[c.start:c.end] == c.quote, question
            if c.paragraph > 0:
                passage = passages[c.paragraph - 1]
                assert passage.start <= c.start < c.end <= passage.end
    return cited
