"""Every hand-set number of retrieval and answering, in one place, each with its reason.

What is *learned* is not here: the passage and sentence rankers, the on-topic and answer
models and the cuts between answering, hedging and refusing are fitted on
``../shared/train/`` plus ``bench/data/natural_train/`` by ``bench/train_answerer.py``
and shipped in ``bot/data/answerer.json`` (which records the data's hash). The numbers
below were set by hand and checked with leave-one-article-out figures on that training
data, never on ``../shared/eval/`` or ``tests/data/natural/``.

The index's own sizes (exact search up to ``bot.library.EXACT_LIMIT`` passages, HNSW's
``M``/``efSearch`` in :mod:`bot.vectors`, the lexical index's BM25 ``k1``/``b`` in
:mod:`bot.lexical`) stay beside the code they shape: they change what is stored, not how
a question is answered.
"""

from __future__ import annotations

# -- retrieval (bot/retrieve.py) -----------------------------------------------------------
CANDIDATES = 50
"""Passages taken from each of dense and BM25 search before fusion."""
RRF_K = 60
"""Reciprocal-rank fusion constant (the usual 60: ranks beyond the first few matter little)."""
RANKED = 20
"""Fused candidates the passage ranker scores (the answer is in the fused top 20 for
over 99% of SQuAD train questions whose article holds it)."""

# -- answering (bot/answer.py, bot/answering/) ---------------------------------------------
TOP_PASSAGES = 4
"""Passages whose sentences are scored (the answer sentence is in the ranker's top 4
for about 97% of SQuAD train questions)."""
SPECULATED_PASSAGES = 8
"""While the question's vector is computed (on another core), the word-level evidence of
the sentences of BM25's best this many passages is worked out in case the ranking picks
them (``LexicalEvidence.prefetch``; the passage-level evidence of BM25's :data:`RANKED`
best first). It stops as soon as the vector is ready, so it never delays an answer."""
MAX_SENTENCES = 2
"""An answer quotes at most two sentences (issue 8: short answers, every quote verbatim)."""
UNKNOWN_WORDS_HEDGE = 4
UNKNOWN_SHARE_HEDGE = 0.6
"""Hedge when at least this many of the question's words, and this share of them, are in
no article (a question in another language). Held out on train, that touches no natural
or answerable SQuAD question and 266 other articles' questions (most refused anyway)."""
SENTENCE_BM25_K1 = 1.2
SENTENCE_BM25_B = 0.75
"""BM25 of one sentence against the question (the textbook values; a sentence is short,
so the saturation matters more than the length normalisation)."""
SENTENCE_STEMS_AVG = 12.0
"""Typical content words in a news sentence: the length sentence BM25 normalises against."""
TITLE_MIN_MATCH = 0.5
"""Share of a naming phrase's words (weighted by rarity) an article's title must hold for
a question to be read as naming that article ("the bus fares article")."""
TITLE_MIN_MARGIN = 0.25
"""...and by how much it must beat the next title, or no article is named."""
FOLLOW_UP_MAX_WORDS = 12
"""A question longer than this stands on its own (it names what it asks about) even when
it has a pronoun; a shorter one with "he", "that", "what about" reads the previous turn."""
STAY_MARGIN = 1.0
"""In a conversation, a question the library answers from another article is answered from
the one the previous answer quoted instead when that article holds the question's rarest
word and its best sentence ranks within this many log-odds of the library's best ("was
anybody injured", after a question about a plane's landing). On the training stories (one
library per set, each question asked after one about its own story, and after one about
the next story): right sentence 690 -> 705 of 923 staying, 693 -> 689 of 964 switching;
2.0 gave 708 / 685, no word check 724 / 651."""

# -- what a refusal or a list shows ---------------------------------------------------------
MAX_SUGGESTIONS = 10
"""Article titles a refusal lists ("The articles are about: ...")."""
MAX_LISTED = 10
"""Articles a metadata answer lists when the question names none ("when was it published")."""
PERSON_ARTICLES = 64
"""Articles a "who is X?" question reads the stored analyses of (those holding every word
of X) before it leaves the question to the answerer: a name in more articles than this is
searched like any question, so a big library never reads hundreds of analyses for one."""

# -- memory ---------------------------------------------------------------------------------
ARTICLE_WORDS_KEPT = 256
"""Articles whose word sets a snapshot keeps (least recently used dropped). A question reads
those of its candidates' articles (at most ``RANKED``); tokenising an article again costs
well under a millisecond, while keeping every article's set cost hundreds of MB in a
library of 20,000 articles."""
ANALYSES_KEPT = 32
"""Articles whose stored analyses (as read back: JSON) a snapshot keeps, least recently
used dropped (the quiz's). The answer path keeps only its own parsed form (``FACTS_KEPT``),
not this raw one too (32 of them cost about 2.6 MB in every open library); keeping every
article's grew without bound in a big library, and their hundreds of thousands of
small lists made each full garbage-collector pass slower."""
PASSAGES_MADE = 128
"""Passages a library's snapshot keeps once made from its arrays (``bot.snapshot``): a
question reads each of its twenty or so candidates several times (about 28 reads, 0.4 ms
on a SQuAD article, before). At most this many per open library: about 100 KB.
"""
PASSAGES_KEPT = 1_024
"""Passages whose sentences and words (``bot.answering.passage_words``) are kept, least
recently used dropped, shared by every library of the process: a question ranks about 20
candidate passages, and working their words out again cost about half of the passage
ranker's evidence (0.5 of 1.0 ms a question over a SQuAD article). About 15 KB a SQuAD
passage as the passage ranker leaves it (26 KB when it was kept as sentence objects), 48 KB
once the sentence ranker has read it too; each entry also holds its article's facts
(``FACTS_KEPT``), so at most this many articles' facts stay alive (5,000 servers of 50
articles: peak 429 MB against the bound of 575)."""
FACTS_KEPT = 512
"""Articles whose parsed sentence facts (``bot.answering.sentences.facts_of``) are kept,
least recently used dropped, shared by every library of the process: a question reads
those of about 15-25 candidate articles, and reading one back from the store costs about
0.2 ms (packed: ``bot.answering.packed_facts``). About 58 KB an article as kept (its
strings, integers, and the sentences made so far), 130 KB when they were parsed from JSON
(2,048 kept then cost 260 MB of a 940 MB peak in bench_scale_servers), so 512."""
SQLITE_CACHE_KIB = 512
"""Page cache of each SQLite connection, in KiB (SQLite's default is 2,000). Every open
library keeps one idle connection, and its cache filled up as the library was loaded and
asked (about 2 MB each: 139 MB of 64 open 50-article libraries); searches read the
in-memory index, and the rows a question reads (about 15 articles' analyses) are rarely
the previous question's, so the operating system's file cache serves them as well."""
SETTLE_ARTICLES = 2_000
"""A library of at least this many articles, once loaded, freezes the objects alive out of
the garbage collector's full passes (``bot.allocator.settle_long_lived``): at 20,000
articles each pass walked about 430,000 objects (170 ms, every dozen questions). Small
libraries do not (a bot opening thousands of them would pay a full pass at each open)."""
WIDENED_BUDGET_BYTES = 48 << 20
"""Float32 copies of float16 sentence vectors kept at once, process-wide
(``bot.widened``): a segment of at most a quarter of this (about 8,000 sentences) keeps one
once asked, so a question gathers rows instead of casting them (0.3 ms of a 5 ms ask on a
SQuAD article). 48 MB holds the whole of about 20 open 50-article libraries; the rest
cast as before."""

MAX_PEOPLE = 5
"""How many people "who is mentioned in the article?" names at most (the most
written-about first), each cited."""

MAX_LATEST = 3
"""How many articles "what's the latest?" gives (the last added, newest first)."""
