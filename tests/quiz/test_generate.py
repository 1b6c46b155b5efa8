"""Question generation: every known failure mode is checked over every question made
from the seed article and (when the evaluation folder exists) three SQuAD articles."""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.models import Article, Passage
from bot.quiz.distractors import FALLBACK, SINGLE_NAMES, choose, perturb_number
from bot.quiz.facts import analyse
from bot.quiz.generate import build_pool, generate_questions
from bot.quiz.nlp import get_nlp
from bot.quiz.question import KINDS, NUMERIC_TYPES, PHRASE, QuizQuestion
from bot.quiz.text import are_variants, fits_type, gives_away, number_values

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "telegraph-police-chief-social-media-boycott.txt"
SQUAD = Path("/work/shared/eval/squad2-dev-3articles.json")
SEED_TITLE = "Police chief: only boycotting social media will force action on abuse"

try:  # the ingestion module's splitter, when it is there
    from bot.ingest.sentences import split_sentences as _split
except Exception:  # a sibling module still being written: use the regex below
    _split = None

_SENT = re.compile(r".+?(?:[.!?][\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])|$)", re.S)


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (the ingest splitter, or a simple regex)."""
    if _split is not None:
        return list(_split(text, start, end))
    out = []
    for m in _SENT.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def make_article(article_id: int, title: str, text: str, skip_head: int = 0,
                 skip_tail: int = 0) -> tuple[Article, list[Passage]]:
    """An Article and its Passages: paragraphs split on blank lines, head/tail dropped."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text)
             if m.group().strip()]
    spans = spans[skip_head:len(spans) - skip_tail]
    passages = [Passage(i + 1, article_id, i + 1, s, e, text[s:e],
                        tuple(split_sentences(text, s, e))) for i, (s, e) in enumerate(spans)]
    digest = hashlib.sha1(text.encode()).hexdigest()
    return Article(article_id, title, text, digest, passage_count=len(passages)), passages


def seed_article() -> tuple[Article, list[Passage]]:
    """The seed: masthead, headline and byline (3 lines) and 2 boilerplate lines dropped."""
    return make_article(1, SEED_TITLE, SEED.read_text(encoding="utf-8"), 3, 2)


def squad_articles() -> list[tuple[Article, list[Passage]]]:
    """The three SQuAD articles, paragraphs joined by blank lines."""
    data = json.loads(SQUAD.read_text(encoding="utf-8"))
    return [make_article(10 + i, a["title"], "\n\n".join(p["context"] for p in a["paragraphs"]))
            for i, a in enumerate(data["data"])]


@pytest.fixture(scope="session")
def nlp():
    return get_nlp()


@pytest.fixture(scope="session")
def corpus(nlp) -> list[tuple[Article, list[Passage]]]:
    articles = [seed_article()]
    if SQUAD.exists():
        articles += squad_articles()
    return articles


@pytest.fixture(scope="session")
def generated(corpus, nlp) -> list[tuple[Article, list[Passage], list[QuizQuestion], float]]:
    out = []
    for article, passages in corpus:
        started = time.perf_counter()
        questions = generate_questions(article, passages, rng=random.Random(2024), nlp=nlp)
        out.append((article, passages, questions, time.perf_counter() - started))
    return out


def all_questions(generated) -> list[tuple[Article, list[Passage], QuizQuestion]]:
    return [(a, p, q) for a, p, qs, _ in generated for q in qs]


def words(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,]\d+)*|[^\W\d_]+", text.casefold())


# -- yield and timing -----------------------------------------------------------------------

def test_every_article_yields_questions_and_report(generated, capsys):
    lines = []
    for article, _, questions, seconds in generated:
        kinds = Counter(q.kind for q in questions)
        lines.append(f"{article.title[:40]:40} {len(questions):4} questions "
                     f"{dict(sorted(kinds.items()))} in {seconds:.2f}s")
        assert questions, article.title
        assert seconds < 20, f"generation too slow for {article.title}: {seconds:.1f}s"
    with capsys.disabled():
        print("\n" + "\n".join(lines))


def test_seed_yields_all_four_kinds(generated):
    _, _, questions, _ = generated[0]
    assert {q.kind for q in questions} == set(KINDS)
    assert len(questions) >= 8


def test_squad_yields_plenty(generated):
    if len(generated) < 4:
        pytest.skip("SQuAD evaluation articles not present")
    for article, _, questions, _ in generated[1:]:
        kinds = Counter(q.kind for q in questions)
        assert len(questions) >= 60, article.title
        assert min(kinds[k] for k in KINDS) >= 15, (article.title, kinds)


# -- (a) the key is right and cited verbatim ------------------------------------------------

def test_answer_in_quote_and_quote_in_article(generated):
    for article, passages, q in all_questions(generated):
        assert article.text[q.quote_start:q.quote_end] == q.quote
        assert article.text[q.fact_start:q.fact_end] == q.fact
        assert q.quote_start <= q.fact_start < q.fact_end <= q.quote_end
        assert q.fact in q.quote
        if q.kind == "true_false":
            assert q.answer in ("True", "False")
        else:
            assert q.answer == q.fact
            assert q.answer in q.quote
        owner = [p for p in passages if p.start <= q.quote_start and q.quote_end <= p.end]
        assert len(owner) == 1 and owner[0].paragraph == q.paragraph
        assert q.article_id == article.id and q.title == article.title


def test_fields_are_well_formed(generated):
    for _, _, q in all_questions(generated):
        assert q.kind in KINDS
        assert q.question.strip() and q.answer.strip()
        assert q.answer not in q.accepted
        if q.kind == "multiple_choice":
            assert len(q.options) == 4 and q.options.count(q.answer) == 1
        elif q.kind == "true_false":
            assert q.options == ("True", "False")
        else:
            assert q.options == ()
        if q.answer_type == PHRASE:
            assert q.kind == "fill_blank"
        assert "\n" not in q.question
        assert QuizQuestion.from_json(q.to_json()) == q


# -- (b) the answer is not given away -------------------------------------------------------

def test_answer_not_given_away(generated):
    for _, _, q in all_questions(generated):
        if q.kind == "true_false":
            continue
        assert not gives_away(q.answer, q.question), q
        shown = set(words(q.question))
        answer_words = words(re.sub(r"^(?:Mr|Mrs|Ms|Dr|Sir)\s+", "", q.answer))
        for w in answer_words:
            if len(w) >= 4 or w.isdigit():
                assert w not in shown, (w, q.question)
        if answer_words and len(answer_words[-1]) >= 3:
            assert answer_words[-1] not in shown, q.question


# -- (c) distractors are wrong, distinct, and of the answer's type --------------------------

_WEAK = {"of", "and", "the", "new", "north", "south", "east", "west", "united", "great", "de"}


def test_distractors_are_not_variants_of_the_answer(generated):
    for _, _, q in all_questions(generated):
        if q.kind != "multiple_choice":
            continue
        wrong = [o for o in q.options if o != q.answer]
        assert len({o.casefold() for o in q.options}) == 4
        for d in wrong:
            a, b = d.casefold(), q.answer.casefold()
            assert a != b, (d, q.answer)
            if q.answer_type in NUMERIC_TYPES:  # "16th century" for "11th century" is fine
                assert not set(number_values(d)) & set(number_values(q.answer)), (d, q.answer)
            else:
                assert a not in b and b not in a, (d, q.answer)
                shared = (set(words(d)) & set(words(q.answer))) - _WEAK
                assert not {w for w in shared if len(w) >= 3 or w.isdigit()}, (d, q.answer)
            assert not are_variants(d, q.answer)
            assert not re.search(rf"(?<!\w){re.escape(a)}(?!\w)", q.quote.casefold()), (d, q)
            assert not re.search(rf"(?<!\w){re.escape(a)}(?!\w)", q.question.casefold())
        for i, d in enumerate(wrong):
            for e in wrong[i + 1:]:
                assert not are_variants(d, e), (d, e)


def test_distractors_have_the_answers_type(generated, nlp):
    known: dict[int, dict[str, set[str]]] = {}
    for article, passages, q in all_questions(generated):
        if q.kind != "multiple_choice":
            continue
        if article.id not in known:
            ents = analyse(article, passages, nlp).entities
            known[article.id] = {label: set(names) for label, names in ents.items()}
        label = q.answer_type
        assert fits_type(label, q.answer), q
        pool = known[article.id].get(label, set()) | set(FALLBACK.get(label, ()))
        if label == "PERSON":
            pool |= set(SINGLE_NAMES)
        pool |= {re.sub(r"^the ", "", n) for n in pool}
        for d in q.options:
            if d == q.answer:
                continue
            assert fits_type(label, d), (label, d, q.answer)
            if label in NUMERIC_TYPES:
                assert bool(re.search(r"\d", d)) == bool(re.search(r"\d", q.answer)), (d, q)
            else:
                assert d in pool, (label, d, q.answer)


def test_true_false_statements(generated):
    for _, _, q in all_questions(generated):
        if q.kind != "true_false":
            continue
        statement = re.sub(r"\s+", " ", q.quote)
        if q.answer == "True":
            assert statement in q.question
        else:
            assert statement not in q.question
            swapped = [r for r in q.rejected
                       if re.sub(r"^the ", "", r.casefold()) in q.question.casefold()]
            assert swapped and not any(are_variants(s, q.fact) for s in swapped), q


def test_true_false_is_balanced(generated):
    for _, _, questions, _ in generated:
        answers = Counter(q.answer for q in questions if q.kind == "true_false")
        assert abs(answers["True"] - answers["False"]) <= 1, answers


# -- (d) the key's position and length do not give it away ----------------------------------

def _mc_sample(generated, nlp) -> list[QuizQuestion]:
    sample = [q for _, _, q in all_questions(generated) if q.kind == "multiple_choice"]
    seed = 0
    article, passages = seed_article()
    while len(sample) < 40:  # without SQuAD: more runs over the seed article
        seed += 1
        sample += generate_questions(article, passages, rng=random.Random(seed), nlp=nlp,
                                     kinds={"multiple_choice"})
    return sample


def test_correct_position_is_spread_evenly(generated, nlp):
    sample = _mc_sample(generated, nlp)
    positions = Counter(q.options.index(q.answer) for q in sample)
    for slot in range(4):
        share = positions[slot] / len(sample)
        assert 0.15 <= share <= 0.35, (slot, positions)


def test_correct_option_is_not_usually_the_longest(generated, nlp, capsys):
    sample = _mc_sample(generated, nlp)
    ranks = Counter()
    longest = 0
    for q in sample:
        ordered = sorted(q.options, key=len, reverse=True)
        ranks[ordered.index(q.answer)] += 1
        if len(q.answer) > max(len(o) for o in q.options if o != q.answer):
            longest += 1
    with capsys.disabled():
        print(f"\nMC length rank of the key (0 = longest) over {len(sample)}: "
              f"{dict(sorted(ranks.items()))}; strictly longest {longest / len(sample):.0%}")
    assert longest / len(sample) <= 0.40


# -- (e) no questions from boilerplate, headers, fragments ----------------------------------

def test_seed_header_and_boilerplate_never_used(generated):
    article, passages, questions, _ = generated[0]
    text = article.text
    body_start = passages[0].start
    tail = text.index("Newspapers in English")
    assert text[body_start:].startswith("THE public")
    for q in questions:
        assert body_start <= q.quote_start and q.quote_end <= tail
        assert "Martin Evans" not in q.quote and "Newspapers" not in q.quote
        assert len(words(q.quote)) >= 6


def test_only_given_passages_are_read(nlp):
    article, passages = seed_article()
    text = article.text
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    every = [Passage(i + 1, 1, i + 1, s, e, text[s:e], tuple(split_sentences(text, s, e)))
             for i, (s, e) in enumerate(spans)]
    byline = next(s for s in spans if text[s[0]:s[1]].startswith("- By"))
    with_byline = Article(**{**article.__dict__, "byline": byline})
    questions = generate_questions(with_byline, every, rng=random.Random(3), nlp=nlp)
    for q in questions:
        assert not (q.quote_start < byline[1] and byline[0] < q.quote_end), q.quote
        assert "Newspapers" not in q.quote and q.quote != "The Daily Telegraph"
    assert generate_questions(article, passages[:1], rng=random.Random(3), nlp=nlp)
    assert generate_questions(article, [], rng=random.Random(3), nlp=nlp) == []


def test_glued_numbers_and_fragments_are_not_facts(generated):
    _, _, questions, _ = generated[0]
    for q in questions:
        assert q.fact not in {"4", "5", "Daily", "Telegraph"}, q
        assert not q.quote.startswith("Telegraph,")  # continues a split paragraph
        assert not q.quote.startswith("Following a campaign")  # no final full stop


def _tiny(nlp, text: str, **kw) -> list[QuizQuestion]:
    article, passages = make_article(99, "Tiny", text)
    return generate_questions(article, passages, rng=random.Random(1), nlp=nlp, **kw)


def test_mostly_quoted_and_short_sentences_are_skipped(nlp):
    text = ("“We will keep fighting for the people of Manchester and London,” she said.\n\n"
            "Google won.")
    assert _tiny(nlp, text) == []


def test_pronoun_subject_needs_an_anchor(nlp):
    bare = _tiny(nlp, "He said it was founded in 1990.")
    assert bare == []
    anchored = _tiny(nlp, "He said Google was founded in 1998 by two students.")
    assert anchored


# -- (f) no duplicates ----------------------------------------------------------------------

def test_no_duplicates_in_a_quiz(generated):
    for _, _, questions, _ in generated:
        ids = [q.id for q in questions]
        assert len(ids) == len(set(ids))
        spans = Counter((q.quote_start, q.quote_end) for q in questions)
        assert max(spans.values()) == 1  # one question per sentence
        pairs = Counter((q.answer.casefold(), q.quote) for q in questions)
        assert max(pairs.values()) == 1
        texts = Counter(" ".join(words(q.question)) for q in questions)
        assert max(texts.values()) == 1


def test_repeated_paragraph_is_asked_once(nlp):
    para = "Simon Bailey, the chief constable of Norfolk, met officials in London in 2019."
    questions = _tiny(nlp, para + "\n\n" + para)
    assert len(questions) == 1


# -- determinism, options -------------------------------------------------------------------

def test_deterministic_for_a_seed(nlp):
    article, passages = seed_article()
    one = generate_questions(article, passages, rng=random.Random(11), nlp=nlp)
    two = generate_questions(article, passages, rng=random.Random(11), nlp=nlp)
    three = generate_questions(article, passages, rng=random.Random(12), nlp=nlp)
    assert one == two
    assert [q.id for q in one] != [q.id for q in three] or one != three


def test_ids_are_stable_across_runs(nlp):
    article, passages = seed_article()
    a = generate_questions(article, passages, rng=random.Random(5), nlp=nlp)
    b = generate_questions(article, passages, rng=random.Random(6), nlp=nlp)
    same = {(q.quote_start, q.kind, q.answer, q.fact): q.id for q in a}
    for q in b:
        key = (q.quote_start, q.kind, q.answer, q.fact)
        if key in same:
            assert same[key] == q.id


def test_kinds_and_n(nlp):
    article, passages = seed_article()
    only_mc = generate_questions(article, passages, rng=random.Random(1), nlp=nlp,
                                 kinds={"multiple_choice"})
    assert only_mc and all(q.kind == "multiple_choice" for q in only_mc)
    assert len(generate_questions(article, passages, rng=random.Random(1), nlp=nlp, n=3)) == 3
    assert generate_questions(article, passages, rng=random.Random(1), nlp=nlp, n=0) == []
    with pytest.raises(ValueError):
        generate_questions(article, passages, rng=random.Random(1), nlp=nlp, kinds={"essay"})


def test_pool_supplies_distractors_from_other_articles(nlp):
    article, passages = seed_article()
    other = make_article(
        2, "Other", "Sarah Jones, the head of Ofcom, met Mark Thompson and Tony Hall in "
        "Leeds on Monday.\n\nSarah Jones said Channel 4 and ITV would be asked to help.")
    pool = build_pool([other], nlp)
    assert "Sarah Jones" in pool["PERSON"]
    questions = generate_questions(article, passages, rng=random.Random(1), nlp=nlp,
                                   kinds={"multiple_choice"}, pool=pool)
    offered = {o for q in questions for o in q.options}
    assert offered & set(pool["PERSON"]) or offered & set(pool.get("ORG", ()))


# -- building blocks ------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("Bailey", "Simon Bailey"), ("Mr Bailey", "Simon Bailey"), ("Bailey’s", "Bailey"),
    ("BAILEY", "bailey"), ("UK", "United Kingdom"), ("Sky", "BSkyB"), ("1990", "November 1990"),
    ("four", "4"), ("EU", "European Union"), ("Normandy", "Normandie"), ("the BBC", "BBC"),
])
def test_variants(a, b):
    assert are_variants(a, b) and are_variants(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Google", "Facebook"), ("New York", "New Zealand"), ("1990", "1991"), ("Norfolk", "Suffolk"),
    ("Simon Bailey", "Theresa May"),
])
def test_not_variants(a, b):
    assert not are_variants(a, b)


def test_choose_rejects_variants_and_other_types():
    rng = random.Random(0)
    picked = choose("Bailey", "PERSON",
                    [["Simon Bailey", "Mr Bailey", "1990", "Google", "BAILEY", "Khan"],
                     [], list(SINGLE_NAMES)], rng, forbidden_text="Mr Bailey met Khan.")
    assert len(picked) == 3
    for d in picked:
        assert not are_variants(d, "Bailey") and fits_type("PERSON", d)
        assert d not in {"1990", "Khan"}


def test_choose_prefers_the_article_then_similar_length():
    rng = random.Random(0)
    picked = choose("1990", "DATE", [["2014", "1066", "last month"], [], ["1993", "1995"]], rng)
    assert "2014" in picked and "1066" in picked and "last month" not in picked


@pytest.mark.parametrize(("text", "label", "pattern"), [
    ("1990", "DATE", r"^\d{4}$"), ("November 1990", "DATE", r"^November \d{4}$"),
    ("90.04%", "PERCENT", r"^\d+\.\d\d%$"), ("four", "CARDINAL", r"^[a-z]+$"),
    ("the 10th and 11th centuries", "DATE", r"^the \d+(st|nd|rd|th) and \d+(st|nd|rd|th) "),
    ("£1.3bn", "MONEY", r"^£\d+\.\dbn$"), ("1990s", "DATE", r"^\d{3}0s$"),
])
def test_perturbed_numbers_keep_their_shape(text, label, pattern):
    out = perturb_number(text, label, random.Random(1))
    assert len(out) >= 3 and text not in out
    for candidate in out:
        assert re.search(pattern, candidate), candidate
        assert not are_variants(candidate, text)


def test_gives_away():
    assert gives_away("Simon Bailey", "_____ met Mr Bailey.")
    assert gives_away("Normans", "The Norman _____ ...")
    assert gives_away("the dark web", "the dark _____")
    assert not gives_away("Simon Bailey", "_____ said fining tech giants was a drop.")
    assert gives_away("1990", "In _____ sales were double those of 1990.")


def test_fact_that_fills_the_sentence_is_not_asked(nlp):
    assert _tiny(nlp, "Theresa May visited Simon Bailey today.") == []
    longer = _tiny(nlp, "Theresa May visited Simon Bailey in Norwich today to discuss the "
                        "new plans for the police.")
    assert longer


def test_passages_without_sentence_spans_use_spacy_sentences(nlp):
    article, passages = seed_article()
    bare = [Passage(p.id, p.article_id, p.paragraph, p.start, p.end, p.text) for p in passages]
    questions = generate_questions(article, bare, rng=random.Random(4), nlp=nlp)
    assert questions
    for q in questions:
        assert article.text[q.quote_start:q.quote_end] == q.quote


def test_deterministic_across_processes(nlp):
    """No set-iteration order leaks in: another hash seed gives the same questions."""
    import os
    import subprocess
    import sys

    code = (
        "import random, sys; sys.path.insert(0, sys.argv[1]);"
        "import test_generate as T; a, p = T.seed_article();"
        "print('\\n'.join(q.to_json() for q in "
        "T.generate_questions(a, p, rng=random.Random(8))))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)],
                         capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout
    article, passages = seed_article()
    here = generate_questions(article, passages, rng=random.Random(8), nlp=nlp)
    assert out.strip().splitlines() == [q.to_json() for q in here]
