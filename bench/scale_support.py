"""Shared by the index and scale benchmarks: a corpus from ../shared/train, stand-in
encoders, the previous release's code, and process measurements.

The stand-in encoders exist so that building big libraries does not take hours of
real embedding. :class:`HashStandIn` is a quick bag-of-words hash (for timing code
paths); :class:`MixtureStandIn` mixes real all-MiniLM-L6-v2 vectors of training text
(three per text, picked by a hash of the text), so the vectors it gives lie where
real ones do, which is what approximate-search recall depends on.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "train" / "squad2-train-first10.json.gz"
CACHE = ROOT / "bench" / ".cache"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“])")


def train_corpus() -> tuple[list[str], list[str]]:
    """(paragraphs, questions) of the training file; a sentence when it is missing."""
    if not TRAIN.exists():
        raise SystemExit(f"{TRAIN} is missing: the benchmarks build articles from it.")
    data = json.loads(gzip.decompress(TRAIN.read_bytes()))["data"]
    paragraphs = [p["context"].strip() for a in data for p in a["paragraphs"]]
    questions = [qa["question"] for a in data for p in a["paragraphs"] for qa in p["qas"]]
    return paragraphs, questions


def article_text(k: int, paragraphs: list[str], per_article: int) -> str:
    """Article ``k``: a unique headline and ``per_article`` training paragraphs."""
    start = (k * per_article) % len(paragraphs)
    body = [paragraphs[(start + j) % len(paragraphs)] for j in range(per_article)]
    body[0] = f"Report {k} says: {body[0]}"
    return f"Report number {k}\n\n" + "\n\n".join(body)


def sentences(text: str) -> list[str]:
    """A paragraph cut into sentences (roughly, for building stand-in vectors)."""
    return [s for s in _SENTENCE.split(text) if s.strip()]


class HashStandIn:
    """A fast deterministic encoder: hashed words, 384 wide like the real model."""

    def __init__(self, dim: int = 384, model_id: str = "bench-hash-384") -> None:
        self.dim = dim
        self.model_id = model_id

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of hashed word counts."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, zlib.crc32(word.encode()) % self.dim] += 1.0
            norm = float(np.linalg.norm(out[row]))
            if norm:
                out[row] /= norm
            else:
                out[row, 0] = 1.0
        return out


class MixtureStandIn:
    """Vectors that look like all-MiniLM-L6-v2's: a hash of the text picks three real
    vectors of training text and weights; their normalised mix is the text's vector.
    Its ``model_id`` is the real model's, so a library built with it is searched with
    the real encoder's query vectors."""

    def __init__(self, pool: np.ndarray, model_id: str) -> None:
        self.pool = pool.astype(np.float32)
        self.dim = int(pool.shape[1])
        self.model_id = model_id

    def encode(self, texts: list[str]) -> np.ndarray:
        """Deterministic mixtures of pool vectors, one per text."""
        n = len(self.pool)
        digests = [hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest()
                   for t in texts]
        raw = np.frombuffer(b"".join(digests), dtype=np.uint32).reshape(-1, 4).astype(np.int64)
        picks = raw[:, :3] % n
        weights = 0.4 + (raw[:, 3:4] % 1000) / 1000.0 * np.array([[1.0, 0.6, 0.3]])
        out = np.einsum("tk,tkd->td", weights.astype(np.float32), self.pool[picks])
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out.astype(np.float32)


def real_encoder():  # type: ignore[no-untyped-def]
    """The real model, as Footnote loads it."""
    from bot.embed import make_encoder
    from bot.settings import load_settings

    settings = load_settings()
    threads = getattr(settings, "encoder_threads", getattr(settings, "torch_threads", 2))
    backend = getattr(settings, "embed_backend", None)  # the default backend of each release
    if backend is None:
        return make_encoder(settings.model, settings.cache_dir, threads)
    return make_encoder(settings.model, settings.cache_dir, threads, backend)


def mixture_stand_in(encoder) -> MixtureStandIn:  # type: ignore[no-untyped-def]
    """A :class:`MixtureStandIn` over real vectors of training sentences (cached)."""
    paragraphs, _ = train_corpus()
    texts = sorted({s for p in paragraphs for s in sentences(p)})[:3000]
    CACHE.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256((encoder.model_id + "\n".join(texts)).encode()).hexdigest()[:16]
    path = CACHE / f"pool-{key}.npy"
    if not path.exists():
        print(f"(embedding {len(texts)} training sentences once for the stand-in encoder)",
              flush=True)
        vectors = encoder.encode(texts)
        fd, tmp = tempfile.mkstemp(dir=CACHE, suffix=".npy")
        os.close(fd)
        np.save(tmp, vectors)
        os.replace(tmp, path)
    return MixtureStandIn(np.load(path), encoder.model_id)


PREVIOUS = "merge-base"
"""The default previous release: where this branch left main (``git merge-base HEAD main``),
so the comparison shows this change alone."""


def previous_release(ref: str) -> Path:
    """The tree of git ``ref`` (its ``bot/``, ``prompts/``...), unpacked into a cache folder
    to put first on PYTHONPATH."""
    command = ["git", "merge-base", "HEAD", "main"] if ref == PREVIOUS else [
        "git", "rev-parse", ref]
    sha = subprocess.run(command, cwd=ROOT, check=True, text=True,
                         capture_output=True).stdout.strip()
    target = CACHE / f"release-{sha[:12]}"
    if not (target / "bot" / "library.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        for ours in ("bench", "tests"):  # these come from this checkout
            shutil.rmtree(target / ours, ignore_errors=True)
    return target


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def rss_parts_mb() -> tuple[float, float]:
    """This process's resident memory now, in MB: (anonymous, file-backed). File-backed
    pages are mapped files (index files, libraries): the kernel can drop and re-read
    them, while anonymous memory is the process's own."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text()
                  .splitlines() if ":" in line)
    kb = lambda name: int(fields.get(name, "0 kB").split()[0])  # noqa: E731
    return kb("RssAnon") / 1e3, (kb("RssFile") + kb("RssShmem")) / 1e3


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def open_fds() -> int:
    """File descriptors this process holds."""
    return len(os.listdir("/proc/self/fd"))


def load_average() -> str:
    """The machine's load (benchmarks share 2 cores with other work)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``values``."""
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")
