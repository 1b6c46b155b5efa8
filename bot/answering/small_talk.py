"""What people say to a bot that is not a question of the articles: "hi", "thanks", "help",
"what can you do?", "ok", "bye", "quiz me", "really?" with no answer before it, a
question in another language, or a request no article answers ("tell me a joke").

Asked as questions, these went to the search and came back hedged with a passage of some
story ("hi": "The articles may not say this directly. The closest passage: ..."), or
refused as if the articles did not say ("¿Quién es Simon Bailey?"). The whole message must
be such a phrase (a name for the bot and a closing mark allowed: "thanks footnote!", "hi
bot"): "hi, who is Simon Bailey?" is a question. The replies (``prompts/answers.toml``,
``[small_talk]``) quote nothing, so they are declined like a refusal (a conversation goes
on from the answer before); a greeting and "help" list the articles the library holds.
"""

from __future__ import annotations

import itertools
import re

from bot import prompts
from bot.answering.more import DOUBT
from bot.library import Snapshot
from bot.models import Answer
from bot.tuning import MAX_SUGGESTIONS

_BOT = r"(?:\s+(?:footnote|bot|mate|there|all|everyone|guys|folks))?"
"""Whom it is said to ("hi bot", "thanks footnote", "hello there")."""
_KINDS: dict[str, re.Pattern[str]] = {
    kind: re.compile(rf"^\W*(?:{words}){_BOT}\W*$", re.I)
    for kind, words in {
        "greeting": r"hi+|hey+|hello+|hiya|howdy|yo|good (?:morning|afternoon|evening)|"
                    r"greetings|sup|what'?s up|wassup|hi again|hello again",
        "thanks": r"thanks?(?: (?:a lot|so much|very much|again|mate))?|thank (?:you|u)"
                  r"(?: (?:so much|very much|again))?|thx|ty|tysm|cheers|much appreciated|"
                  r"(?:that'?s |that was )?(?:very |really |super )?helpful(?:,? thanks?)?|"
                  r"great,? thanks?|perfect,? thanks?|brilliant,? thanks?|"
                  r"(?:ok|okay|cool|nice|great),? (?:thanks?|thank you|ty|cheers)",
        "help": r"help(?: me)?|help please|please help|\?+ ?help|commands|"
                r"what (?:can|do) (?:you|u) do|what are (?:you|u)(?: for)?|who are (?:you|u)|"
                r"what is this bot|how (?:does|do) (?:this|it|you|i use (?:this|it|you)) "
                r"work|how do i use (?:this|it|you)(?: bot)?|how (?:does|do) (?:this|it) work|"
                r"what (?:commands|questions) can i (?:use|ask)|what should i ask",
        "bye": r"bye+|goodbye|good ?night|see (?:you|ya|u)(?: later)?|cya|ttyl",
        "quiz": r"(?:(?:can|could|will) (?:you|u) )?(?:please )?(?:quiz|test) me"
                r"(?: on [^?]{1,80})?|"
                r"(?:give me|start|begin|let'?s (?:do|have)|i want|can i (?:do|have|take)) "
                r"(?:a|the|another) (?:quiz|test)(?: on [^?]{1,80})?|quiz(?: time)?",
        "ack": r"ok+|okay|k|kk|cool|nice|great|awesome|wow|lol|haha+|interesting|got it|"
               r"i see|sure|alright|ah|oh|hmm+|makes sense|fair enough|noted",
    }.items()
}


_TASK = re.compile(
    r"^\W*(?:(?:can|could|will|would) (?:you|u) (?:please )?|please )?(?:"
    r"(?:tell|give|send) (?:me |us )?(?:a |another )?(?:joke|riddle|pun)s?(?: about [^?]{1,60})?|"
    r"(?:help me )?write (?:me |us )?(?:a|an|my|some) (?!summary|short summary|recap|overview)"
    r"[^?]{1,80}|translate [^?]{1,100}|"
    r"(?:what(?:'s|’s|s| is) |calculate |work out )?\d[\d.,]*\s*(?:%\s*of|[+*/×]|"
    r"(?<=\s)[x-](?=\s)|plus|minus|times|divided by|multiplied by)\s*\d[\d.,]*)\W*$", re.I)
"""A request no article answers ("tell me a joke", "help me write a cover letter",
"translate good morning into spanish", "whats 15% of 240", "what is 7 - 3"): asked of the
articles, it was answered with a passage of some story. A score alone ("3-2") is no sum."""


_OTHER_LANGUAGE = re.compile(
    r"^\W*(?:qui[eé]n(?:es)?|qu[eé]|c[oó]mo|d[oó]nde|cu[aá]ndo|cu[aá]nt[oa]s?|por qu[eé]|"
    r"qui|que|quoi|o[uù]|quand|comment|pourquoi|combien|quel(?:le)?s?|wer|wie|wann|warum|"
    r"wieso|wo|welche[rsn]?|chi|cosa|dove|quando|perch[eé]|quanto|quem|onde|por que)\s+"
    r"(?:es|est|ist|está|esta|son|sont|sind|war|fue|era|était|hat|ha|han|é|è|e|sono|fa|"
    r"el|la|le|les|der|die|das|den|dem|un|une|ein|eine|de|du|des|il|lo|los|las|se|si|"
    r"s['’]|c['’]est|heißt|hei[sß]t|kostet|cuesta|co[uû]te|dijo|dit|sagte|disse)\b|"
    r"^\W*was\s+(?:ist|sind|hat|macht|heißt|kostet)\b", re.I)
"""A question in Spanish, French, German, Italian or Portuguese ("¿Quién es Simon Bailey?",
"qui est Simon Bailey", "wer ist Simon Bailey"): its question word and the word after it.
The words of the articles were never found in it, and it was refused as if they did not
say; "was it" and "who is" are English and never read so."""


def small_talk(question: str) -> str | None:
    """The kind of thing said ("greeting", "thanks", "help", "bye", "ack", "doubt":
    "really?" with no answer before it to source, "language": a question in another
    language, or "task": a request no article answers, a joke, a sum, a translation),
    when the whole of ``question`` is one (or opens as a question in another language);
    None for anything else (every question of the articles)."""
    text = " ".join(question.split())
    if DOUBT.match(text):
        return "doubt"
    if _OTHER_LANGUAGE.match(text):
        return "language"
    if _TASK.match(text):
        return "task"
    for kind, pattern in _KINDS.items():
        if pattern.match(text):
            return kind
    return None


def suggested_titles(snapshot: Snapshot) -> tuple[str, ...]:
    """The titles a reply that quotes nothing lists (the first :data:`MAX_SUGGESTIONS`)."""
    return tuple(itertools.islice((a.title for a in snapshot.articles.values()),
                                  MAX_SUGGESTIONS))


def small_talk_answer(question: str, snapshot: Snapshot) -> Answer | None:
    """The reply to what :func:`small_talk` reads in ``question``, or None for a question
    of the articles: quoting nothing, so declined like a refusal (a conversation goes on
    from the answer before); a greeting or a call for help lists the library's titles."""
    said = small_talk(question)
    if said is None:
        return None
    count = len(snapshot.articles)
    text = prompts.load("answers")["small_talk"][said].format(
        count=count, articles="article" if count == 1 else "articles")
    titles = suggested_titles(snapshot) if said in ("greeting", "help", "task") else ()
    return Answer(question=question, text=text, declined=True, suggestions=titles)
