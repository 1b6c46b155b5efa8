"""The quiz benchmark: how good the questions are, and how fast the quiz keeps up as a
library grows. Prints one table; with ``--before REF`` the same run of an older commit
(its ``bot/`` and ``prompts/`` exported from git) sits beside it.

Quality, over the seed article, the news-style test articles (``tests/data/*.txt`` and
``tests/quiz/data/*.txt``), the 24 pages of other formats of ``bench/data/formats_dev``
(added as files: web pages, live blogs, interviews, press releases, tables; developed
on in stop 49, not held out), 30 six-paragraph articles cut from ``../shared/train`` (three
from each of its ten) and every article of ``../shared/eval/`` (reported only, never
tuned on), each group its own library, added through the normal path:

* questions per article, kinds, true/false balance;
* options found in the library's own text (names, places, organisations: should be 100%);
* wh-questions whose question word (wherever it stands) fits the answer's type, the type
  read afresh by spaCy from the cited sentence (not by the quiz's own labels);
* wh-questions the grammar check (:func:`bot.quiz.wh.grammatical`) refuses;
* seed, news, formats and SQuAD-train groups only (``bench/quiz_quality.py``, read
  independently of the quiz's labels): multiple-choice questions with a wrong option of
  another kind than the key (or repeated, or shown in the question), trivial questions
  (the key shown by the question, a function word, the article's subject, the only option
  fitting "a"/"an"), and questions showing the page's format (a live post's time, a list
  marker or dateline, an interviewer's question, a table's row, contact details, a
  wh-question asked of "I"), each listed; questions calling someone only "he" or "she"
  outside quotation marks; options naming a day its month does not have;
* position of the key among the options, and how often it is the longest option;
* time to add an article (the quiz analysis included) and to make the bank.

Speed as a library grows (issue 9): ``--growth N`` articles cut from the SQuAD training
file (a fast stand-in encoder embeds them: the quiz is timed, not the model), then one
more is added and the next quiz started; also the first quiz after a restart.

    python bench/bench_quiz.py [--before REF] [--growth 40] [--json OUT]

``--before $(git merge-base main HEAD)`` compares with the commit a branch started from
(an older commit must import with this venv's packages).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CODE = Path(os.environ.get("FOOTNOTE_BENCH_CODE", ROOT))
"""The tree whose ``bot`` is measured (an exported older commit for ``--before``)."""
sys.path.insert(0, str(CODE))

SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval" / "squad2-dev-3articles.json"
TRAIN = SHARED / "train" / "squad2-train-first10.json.gz"
QUALITY_GROUPS = {"seed", "news", "train", "formats"}
"""Groups the wrong-type and trivial checks (bench/quiz_quality.py) run on: never eval."""
TRAIN_ARTICLES = 30
"""Articles cut from the SQuAD training file for the quality figures (3 per source article)."""
NEWS_DIRS = (ROOT / "tests" / "data", ROOT / "tests" / "quiz" / "data")
FORMATS = ROOT / "bench" / "data" / "formats_dev"
"""Pages that are not plain news text (saved web pages, live blogs, interviews, press
releases, tables): added as files, through the HTML and Markdown readers."""
NAME_TYPES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LANGUAGE", "PRODUCT",
              "WORK_OF_ART", "LAW"}
NUMERIC = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
WH_FOR = {
    "PERSON": ("who", "whom"), "ORG": ("which organisation", "who"),
    "GPE": ("which place", "where", "which country", "which city"),
    "LOC": ("which place", "where"), "FAC": ("which place", "where"),
    "NORP": ("which group",), "EVENT": ("which event",), "LANGUAGE": ("which language",),
    "DATE": ("when", "which year", "what year", "what date"), "TIME": ("when", "what time"),
    "CARDINAL": ("how many",), "MONEY": ("how much",), "PERCENT": ("what percentage",),
    "LAW": ("which law", "what"), "PRODUCT": ("which product", "what"),
    "WORK_OF_ART": ("which work", "what"),
}


class StandInEncoder:
    """Hashed bags of words: fast, deterministic, enough to store and index articles."""

    model_id = "bench-stand-in"
    dim = 64

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
            norm = float(np.linalg.norm(out[row]))
            out[row] = out[row] / norm if norm else 1.0 / np.sqrt(self.dim)
        return out


# -- running the quiz (the code under test) ---------------------------------------------

def _app(data_dir: Path) -> Any:
    from bot.service import Footnote
    from bot.settings import Settings

    return Footnote(Settings(data_dir=data_dir), encoder=StandInEncoder())


def _corpus() -> dict[str, list[tuple[str | None, str | Path]]]:
    """``group -> [(title, text or file)]``: the news-style articles, the formats set's
    files and the eval articles."""
    news: list[tuple[str | None, str | Path]] = [
        (None, p.read_text(encoding="utf-8")) for folder in NEWS_DIRS if folder.is_dir()
        for p in sorted(folder.glob("*.txt"))]
    groups = {"news": news}
    if FORMATS.is_dir():
        groups["formats"] = [(None, p) for p in sorted(FORMATS.iterdir())
                             if p.suffix in {".txt", ".md", ".html"}]
    if TRAIN.exists():
        groups["train"] = list(_train_articles(TRAIN_ARTICLES, per_source=3))
    if EVAL.exists():
        data = json.loads(EVAL.read_text(encoding="utf-8"))
        groups["eval"] = [(a["title"].replace("_", " "),
                           "\n\n".join(p["context"] for p in a["paragraphs"]))
                          for a in data["data"]]
    return groups


def dump(out: Path) -> None:
    """Make every group's quiz bank with the code under test; write questions and times."""
    from bot.quiz.service import Quizzes

    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        result: dict[str, Any] = {}
        started = time.perf_counter()
        app.library("default")  # seeded on first use
        seeded = time.perf_counter() - started
        libraries = {"seed": ("default", [seeded])}
        for group, articles in _corpus().items():
            adds = []
            for title, text in articles:
                started = time.perf_counter()
                if isinstance(text, Path):
                    app.add_file(group, text)
                else:
                    app.add_text(group, text, title=title)
                adds.append(time.perf_counter() - started)
            libraries[group] = (group, adds)
        for group, (name, adds) in libraries.items():
            quizzes = Quizzes(app)
            started = time.perf_counter()
            bank = quizzes.bank(name)
            bank_s = time.perf_counter() - started
            articles = {a.id: {"title": a.title, "text": a.text}
                        for a in app.library(name).articles()}
            result[group] = {"articles": articles, "add_s": adds, "bank_s": bank_s,
                             "questions": [json.loads(q.to_json()) for q in bank]}
    out.write_text(json.dumps(result), encoding="utf-8")


def _train_articles(count: int, *, per_source: int | None = None) -> list[tuple[str, str]]:
    """``count`` articles of 6 paragraphs cut from the SQuAD training file (at most
    ``per_source`` from each source article, so that all ten are represented)."""
    data = json.loads(gzip.decompress(TRAIN.read_bytes()))
    out = []
    for article in data["data"]:
        paras = [p["context"] for p in article["paragraphs"]]
        cuts = [(f"{article['title'].replace('_', ' ')} {i // 6 + 1}",
                 "\n\n".join(paras[i:i + 6])) for i in range(0, len(paras) - 5, 6)]
        out.extend(cuts[:per_source])
    return out[:count]


def growth(count: int, out: Path) -> None:
    """A library of ``count`` articles: add one more, then time the next quiz."""
    from bot.quiz.service import Quizzes

    articles = _train_articles(count + 1)
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp))
        started = time.perf_counter()
        for title, text in articles[:count]:
            app.add_text("grow", text, title=title)
        build_s = time.perf_counter() - started
        quizzes = Quizzes(app)
        started = time.perf_counter()
        quizzes.stop("grow", quizzes.start("grow", 1, n=5).user_id)
        first_s = time.perf_counter() - started
        title, text = articles[count]
        started = time.perf_counter()
        app.add_text("grow", text, title=title)
        add_s = time.perf_counter() - started
        started = time.perf_counter()
        quizzes.start("grow", 2, n=5)
        next_s = time.perf_counter() - started
        restarted = Quizzes(_app(Path(tmp)))
        started = time.perf_counter()
        restarted.start("grow", 3, n=5)
        cold_s = time.perf_counter() - started
    out.write_text(json.dumps({
        "articles": count, "build_s": build_s, "first_quiz_s": first_s, "add_one_s": add_s,
        "next_quiz_s": next_s, "first_quiz_after_restart_s": cold_s}), encoding="utf-8")


# -- measuring (always with this tree's checks) ------------------------------------------

def _in_library(option: str, texts: list[str]) -> bool:
    needle = re.sub(r"^the ", "", option.strip(), flags=re.I).casefold()
    return any(needle in t.casefold() for t in texts)


def _is_wh(q: dict[str, Any]) -> bool:
    return q["kind"] == "short_answer" or (
        q["kind"] == "multiple_choice" and not q["question"].startswith("Which answer"))


_WH_PHRASES = sorted({w for group in WH_FOR.values() for w in group} | {"what", "who"},
                     key=len, reverse=True)
_WH = re.compile(r"\b(" + "|".join(map(re.escape, _WH_PHRASES)) + r")\b")


def _wh_phrase(question: str) -> str:
    """The question's wh-phrase, wherever it stands ("who", "which organisation")."""
    m = _WH.search(question.lower())
    return m.group(1) if m else ""


def _fresh_type(nlp: Any, q: dict[str, Any]) -> str:
    """The answer's entity type as spaCy reads the cited sentence (PHRASE when none)."""
    doc = nlp(q["quote"])
    start = q["fact_start"] - q["quote_start"]
    end = q["fact_end"] - q["quote_start"]
    for ent in doc.ents:
        if ent.start_char < end and start < ent.end_char:
            return ent.label_
    return "PHRASE"


def measure(groups: dict[str, Any]) -> dict[str, Any]:
    """The quality figures of one dump."""
    sys.path.insert(0, str(ROOT))  # the checks are this tree's, whatever code made the dump
    sys.path.insert(0, str(ROOT / "bench"))
    from quiz_quality import check

    from bot.nlp import get_nlp
    from bot.quiz.wh import grammatical

    nlp = get_nlp()
    checked = check(groups, nlp, QUALITY_GROUPS)
    out: dict[str, Any] = {}
    for group, data in groups.items():
        questions = data["questions"]
        texts = [a["text"] for a in data["articles"].values()]
        per_article = Counter(q["article_id"] for q in questions)
        options: Counter[str] = Counter()
        found: Counter[str] = Counter()
        positions: Counter[int] = Counter()
        longest = 0
        mc = [q for q in questions if q["kind"] == "multiple_choice"]
        for q in mc:
            kind = ("names" if q["answer_type"] in NAME_TYPES else
                    "numbers" if q["answer_type"] in NUMERIC else "phrases")
            for option in q["options"]:
                if option != q["answer"]:
                    options[kind] += 1
                    found[kind] += _in_library(option, texts)
            positions[q["options"].index(q["answer"])] += 1
            others = [len(o) for o in q["options"] if o != q["answer"]]
            longest += len(q["answer"]) > max(others)
        wh = [q for q in questions if _is_wh(q)]
        wh_ok = 0
        bad_grammar = []
        for q in wh:
            allowed = WH_FOR.get(_fresh_type(nlp, q), ("what", "who"))
            wh_ok += _wh_phrase(q["question"]) in allowed
            if not grammatical(q["question"], nlp):
                bad_grammar.append(q["question"])
        tf = Counter(q["answer"] for q in questions if q["kind"] == "true_false")
        out[group] = {
            "articles": len(data["articles"]),
            "questions": len(questions),
            "per_article": [per_article.get(int(i), 0) for i in data["articles"]],
            "kinds": dict(Counter(q["kind"] for q in questions)),
            "options_in_library": {k: (found[k], options[k]) for k in options},
            "wh": (wh_ok, len(wh)),
            "grammar_refused": bad_grammar,
            "true_false": (tf["True"], tf["False"]),
            "key_position": [positions[i] for i in range(4)],
            "key_longest": (longest, len(mc)),
            "add_s_mean": sum(data["add_s"]) / max(len(data["add_s"]), 1),
            "bank_s": data["bank_s"],
        }
        if group in checked:
            c = checked[group]
            out[group].update({
                "mc_bad_option": (c["mc_flagged"], c["mc"]),
                "bad_options": (c["wrong_options"], c["options"]),
                "trivial": (len(c["trivial"]), c["asked"]),
                "flagged": c["flagged"], "trivial_list": c["trivial"],
                "slips": (len(c["slips"]), len(questions)), "slip_list": c["slips"],
                "bare_pronouns": (len(c["bare_pronouns"]), len(questions)),
            })
    return out


# -- running both ----------------------------------------------------------------------------

def _export(ref: str, into: Path) -> Path:
    """``bot/``, ``prompts/``, ``seeds/`` of a git ref, unpacked into a folder (with
    ``pyproject.toml``, so the code finds its prompts as a checkout does)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "bot", "prompts",
                              "seeds", "pyproject.toml"], check=True, capture_output=True).stdout
    tar_path = into / "code.tar"
    tar_path.write_bytes(archive)
    with tarfile.open(tar_path) as tar:
        tar.extractall(into / "code", filter="data")
    return into / "code"


def _run(code: Path, mode: str, *extra: str) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    env = {**os.environ, "FOOTNOTE_BENCH_CODE": str(code), "PYTHONPATH": str(code)}
    subprocess.run([sys.executable, str(Path(__file__).resolve()), mode, str(out), *extra],
                   check=True, env=env, cwd=code)
    result = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return result


def _share(pair: tuple[int, int]) -> str:
    done, total = pair
    return f"{done / total:.0%} ({done}/{total})" if total else "-"


def _rows(quality: dict[str, Any], grow: dict[str, Any] | None) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for group, m in quality.items():
        per = m["per_article"]
        rows.append((f"[{group}] articles / questions",
                     f"{m['articles']} / {m['questions']} (per article {min(per)}-{max(per)},"
                     f" mean {sum(per) / max(len(per), 1):.1f})"))
        rows.append((f"[{group}] kinds", ", ".join(f"{k} {v}" for k, v in
                                                   sorted(m["kinds"].items()))))
        for kind, pair in sorted(m["options_in_library"].items()):
            rows.append((f"[{group}] wrong options in the library: {kind}", _share(pair)))
        rows.append((f"[{group}] wh-word fits the answer's type", _share(m["wh"])))
        rows.append((f"[{group}] wh-questions the grammar check refuses",
                     str(len(m["grammar_refused"]))))
        if "mc_bad_option" in m:
            rows.append((f"[{group}] multiple choice with a wrong-type option (quiz_quality)",
                         _share(m["mc_bad_option"])))
            rows.append((f"[{group}] wrong options of another kind or repeated",
                         _share(m["bad_options"])))
            rows.append((f"[{group}] trivial questions (of those not true/false)",
                         _share(m["trivial"])))
            rows.append((f"[{group}] questions showing the page's format (quiz_quality)",
                         _share(m["slips"])))
            rows.append((f"[{group}] questions calling someone only \"he\" or \"she\"",
                         _share(m["bare_pronouns"])))
        rows.append((f"[{group}] true / false", "{} / {}".format(*m["true_false"])))
        rows.append((f"[{group}] key position A/B/C/D", "/".join(map(str, m["key_position"]))))
        rows.append((f"[{group}] key is the longest option", _share(m["key_longest"])))
        rows.append((f"[{group}] add per article s (quiz analysis incl.)",
                     f"{m['add_s_mean']:.3f}"))
        rows.append((f"[{group}] make the bank s", f"{m['bank_s']:.3f}"))
    if grow:
        n = grow["articles"]
        rows.append((f"[growth] {n} articles: first quiz s", f"{grow['first_quiz_s']:.2f}"))
        rows.append((f"[growth] add article {n + 1} s", f"{grow['add_one_s']:.2f}"))
        rows.append(("[growth] next quiz after the add s", f"{grow['next_quiz_s']:.2f}"))
        rows.append(("[growth] first quiz after a restart s",
                     f"{grow['first_quiz_after_restart_s']:.2f}"))
    return rows


def main() -> int:
    """Run the benchmark (and the older commit's, with ``--before``) and print the figures."""
    if len(sys.argv) >= 3 and sys.argv[1] in {"--dump", "--grow"}:
        out = Path(sys.argv[2])
        dump(out) if sys.argv[1] == "--dump" else growth(int(sys.argv[3]), out)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REF", help="also run this git ref (e.g. main)")
    parser.add_argument("--growth", type=int, default=40, metavar="N",
                        help="articles in the growth test (0 skips it)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"note: {EVAL} is missing; the eval articles are left out")
    runs: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        codes = {"now": ROOT}
        if args.before:
            codes = {f"before ({args.before})": _export(args.before, Path(tmp)), **codes}
        for label, code in codes.items():
            quality = measure(_run(code, "--dump"))
            grow = (_run(code, "--grow", str(args.growth))
                    if args.growth and TRAIN.exists() else None)
            runs[label] = {"quality": quality, "growth": grow}
    tables = {label: dict(_rows(r["quality"], r["growth"])) for label, r in runs.items()}
    keys = list(dict.fromkeys(k for t in tables.values() for k in t))
    width = max(len(k) for k in keys)
    print(f"load: {os.getloadavg()[0]:.2f} (1-min average, {os.cpu_count()} cores)")
    print(" | ".join([f"{'figure':<{width}}", *tables]))
    for key in keys:
        print(" | ".join([f"{key:<{width}}", *(t.get(key, "-") for t in tables.values())]))
    for label, r in runs.items():
        for group, m in r["quality"].items():
            for f in m.get("flagged", []):
                print(f"\n{label} [{group}] wrong-type option: {f['question'][:100]}\n  key "
                      f"{f['answer']!r}; " + "; ".join(f"{o!r}: {w}" for o, w in f["bad"]))
            for t in m.get("slip_list", []):
                print(f"\n{label} [{group}] format: {t['question'][:100]} ({', '.join(t['why'])})")
            for t in m.get("trivial_list", []):
                print(f"\n{label} [{group}] trivial: {t['question'][:100]} -> "
                      f"{t['answer']!r}: " + ", ".join(t["why"]))
        refused = [q for m in r["quality"].values() for q in m["grammar_refused"]]
        if refused:
            print(f"\n{label}: wh-questions the grammar check refuses")
            for q in refused:
                print(f"  {q}")
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
